import rule from '../../../rules/multi-az/rds-cluster-multi-az.js';
import { item } from '../../support/items.js';
import { testRule } from '../../support/rule-tester.js';

const prod = { Environment: 'prod' };
/** The three zones Aurora replicates a cluster volume across, as AWS Config records them. */
const storageZones = [{ value: 'eu-west-1a' }, { value: 'eu-west-1b' }, { value: 'eu-west-1c' }];

const cluster = (id: string, configuration: Record<string, unknown>, tags: Record<string, string> = prod) =>
  item('AWS::RDS::DBCluster', `cluster-${id}`, { dbclusterIdentifier: id, engine: 'aurora-postgresql', ...configuration }, { tags, resourceName: id });
const members = (...identifiers: string[]) =>
  identifiers.map((dbinstanceIdentifier, index) => ({ dbinstanceIdentifier, isClusterWriter: index === 0 }));

/** A DB instance as Config records it: resource id `db-…`, identifier in the configuration and the resource name. */
const instance = (identifier: string, zone: string | undefined, { envelopeZone = zone, region = 'eu-west-1' } = {}) =>
  item(
    'AWS::RDS::DBInstance',
    `db-${identifier.toUpperCase()}`,
    { dBInstanceIdentifier: identifier, engine: 'aurora-postgresql', multiAZ: false, ...(zone === undefined ? {} : { availabilityZone: zone }) },
    { resourceName: identifier, awsRegion: region, tags: prod, ...(envelopeZone === undefined ? {} : { availabilityZone: envelopeZone }) },
  );

testRule(rule, [
  {
    name: 'a cluster RDS reports Multi-AZ passes',
    items: [cluster('orders', { engine: 'postgres', multiAZ: true })],
    expect: [{ resourceId: 'cluster-orders', status: 'PASS', messageId: 'multiAz' }],
  },
  {
    name: 'members in two zones pass even where multiAZ reads false',
    items: [
      cluster('catalog', { multiAZ: false, availabilityZones: storageZones, dbclusterMembers: members('catalog-1', 'catalog-2') }),
      instance('catalog-1', 'eu-west-1a'),
      instance('catalog-2', 'eu-west-1b'),
    ],
    expect: [{ resourceId: 'cluster-catalog', status: 'PASS', messageId: 'membersSpread', data: { count: 2, zones: 'eu-west-1a, eu-west-1b' } }],
  },
  {
    name: 'an Aurora cluster whose storage spans three zones but whose only instance runs in one fails',
    items: [cluster('catalog', { multiAZ: false, availabilityZones: storageZones, dbclusterMembers: members('catalog-1') }), instance('catalog-1', 'eu-west-1a')],
    expect: [{ resourceId: 'cluster-catalog', status: 'FAIL', messageId: 'singleZone', data: { zone: 'eu-west-1a', members: 'catalog-1' } }],
  },
  {
    name: 'a writer and a reader in the same zone fail',
    items: [
      cluster('catalog', { multiAZ: false, dbclusterMembers: members('catalog-1', 'catalog-2') }),
      instance('catalog-1', 'eu-west-1b'),
      instance('catalog-2', 'eu-west-1b'),
    ],
    expect: [{ resourceId: 'cluster-catalog', status: 'FAIL', messageId: 'singleZone', data: { zone: 'eu-west-1b', members: 'catalog-1, catalog-2' } }],
  },
  {
    name: 'placement decides where multiAZ is not recorded',
    items: [cluster('catalog', { dbclusterMembers: members('catalog-1') }), instance('catalog-1', 'eu-west-1a')],
    expect: [{ resourceId: 'cluster-catalog', status: 'FAIL', messageId: 'singleZone' }],
  },
  {
    name: "a member's zone is read from the item when its configuration has none",
    items: [
      cluster('catalog', { multiAZ: false, dbclusterMembers: members('catalog-1', 'catalog-2') }),
      instance('catalog-1', 'eu-west-1a'),
      instance('catalog-2', undefined, { envelopeZone: 'eu-west-1c' }),
    ],
    expect: [{ resourceId: 'cluster-catalog', status: 'PASS', messageId: 'membersSpread', data: { zones: 'eu-west-1a, eu-west-1c' } }],
  },
  {
    name: 'an item-level "Multiple Availability Zones" is not a zone, so that member is unknown',
    items: [
      cluster('catalog', { multiAZ: false, dbclusterMembers: members('catalog-1', 'catalog-2') }),
      instance('catalog-1', 'eu-west-1a'),
      instance('catalog-2', undefined, { envelopeZone: 'Multiple Availability Zones' }),
    ],
    expect: [{ resourceId: 'cluster-catalog', status: 'UNKNOWN', messageId: 'memberZoneMissing', data: { member: 'catalog-2' } }],
  },
  {
    name: 'a member not in the inventory makes the cluster unknown, never a pass nor a fail',
    items: [cluster('catalog', { multiAZ: false, dbclusterMembers: members('catalog-1', 'catalog-2') }), instance('catalog-1', 'eu-west-1a')],
    expect: [{ resourceId: 'cluster-catalog', status: 'UNKNOWN', messageId: 'memberMissing', data: { member: 'catalog-2' } }],
  },
  {
    name: 'two zones already seen pass whatever the missing member',
    items: [
      cluster('catalog', { multiAZ: false, dbclusterMembers: members('catalog-1', 'catalog-2', 'catalog-3') }),
      instance('catalog-1', 'eu-west-1a'),
      instance('catalog-2', 'eu-west-1b'),
    ],
    expect: [{ resourceId: 'cluster-catalog', status: 'PASS', messageId: 'membersSpread' }],
  },
  {
    name: 'members are matched by DB instance identifier within the Region, not by resource id nor elsewhere',
    items: [
      cluster('catalog', { multiAZ: false, dbclusterMembers: members('catalog-1', 'catalog-2') }),
      instance('catalog-1', 'eu-west-1a'),
      instance('catalog-2', 'us-east-1b', { region: 'us-east-1' }),
    ],
    expect: [{ resourceId: 'cluster-catalog', status: 'UNKNOWN', messageId: 'memberMissing', data: { member: 'catalog-2' } }],
  },
  {
    name: 'a cluster with no recorded member list is unknown',
    items: [cluster('catalog', { multiAZ: false, availabilityZones: storageZones })],
    expect: [{ resourceId: 'cluster-catalog', status: 'UNKNOWN', messageId: 'membersMissing' }],
  },
  {
    name: 'a cluster with no DB instances fails',
    items: [cluster('catalog', { multiAZ: false, availabilityZones: storageZones, dbclusterMembers: [] })],
    expect: [{ resourceId: 'cluster-catalog', status: 'FAIL', messageId: 'noInstances' }],
  },
  {
    name: 'Neptune and DocumentDB clusters are judged by their members alike',
    items: [
      cluster('graph', { engine: 'neptune', multiAZ: false, dbclusterMembers: members('graph-1', 'graph-2') }),
      instance('graph-1', 'eu-west-1a'),
      instance('graph-2', 'eu-west-1c'),
      cluster('docs', { engine: 'docdb', multiAZ: false, dbclusterMembers: members('docs-1') }),
      instance('docs-1', 'eu-west-1b'),
    ],
    expect: [
      { resourceId: 'cluster-docs', status: 'FAIL', messageId: 'singleZone', data: { zone: 'eu-west-1b' } },
      { resourceId: 'cluster-graph', status: 'PASS', messageId: 'membersSpread' },
    ],
  },
  {
    name: 'a staging cluster is outside the production scope',
    items: [cluster('scratch', { multiAZ: false, dbclusterMembers: [] }, { Environment: 'staging' })],
    expect: [{ resourceId: 'cluster-scratch', status: 'NOT_APPLICABLE', messageId: 'notProduction', data: { reason: 'Environment=staging' } }],
  },
  {
    name: 'DB instances that could not be listed make every cluster unknown',
    items: [cluster('catalog', { multiAZ: false, dbclusterMembers: members('catalog-1') })],
    failed: ['AWS::RDS::DBInstance'],
    expect: [{ resourceId: 'cluster-catalog', status: 'UNKNOWN', messageId: 'collectionFailed' }],
  },
  {
    name: 'clusters that could not be listed are unknown for the scope',
    items: [],
    failed: ['AWS::RDS::DBCluster'],
    expect: [{ resourceId: '*', status: 'UNKNOWN', messageId: 'listFailed' }],
  },
]);
