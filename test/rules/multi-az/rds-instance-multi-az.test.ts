import rule from '../../../rules/multi-az/rds-instance-multi-az.js';
import { item } from '../../support/items.js';
import { testRule } from '../../support/rule-tester.js';

const prod = { Environment: 'prod' };
const db = (id: string, configuration: Record<string, unknown>, tags: Record<string, string> = prod) =>
  item('AWS::RDS::DBInstance', id, { dBInstanceIdentifier: id, engine: 'postgres', ...configuration }, { tags });

testRule(rule, [
  {
    name: 'a Multi-AZ production instance passes',
    items: [db('orders', { multiAZ: true })],
    expect: [{ resourceId: 'orders', status: 'PASS', messageId: 'multiAz' }],
  },
  {
    name: 'a single-AZ production instance fails',
    items: [db('orders', { multiAZ: false })],
    expect: [{ resourceId: 'orders', status: 'FAIL', messageId: 'singleAz', data: { name: 'orders' } }],
  },
  {
    name: 'a member of a DB cluster is left to the cluster rule',
    items: [db('aurora-1', { multiAZ: false, dBClusterIdentifier: 'aurora' })],
    expect: [{ resourceId: 'aurora-1', status: 'NOT_APPLICABLE', messageId: 'clusterMember', data: { cluster: 'aurora' } }],
  },
  {
    name: 'a development instance is outside the production scope',
    items: [db('scratch', { multiAZ: false }, { Environment: 'dev' })],
    expect: [{ resourceId: 'scratch', status: 'NOT_APPLICABLE', messageId: 'notProduction', data: { reason: 'Environment=dev' } }],
  },
  {
    name: 'an untagged instance is outside the production scope',
    items: [db('untagged', { multiAZ: false }, {})],
    expect: [{ resourceId: 'untagged', status: 'NOT_APPLICABLE', messageId: 'notProduction', data: { reason: 'no Environment tag' } }],
  },
  {
    name: 'the production tag and values come from the settings',
    items: [db('live', { multiAZ: false }, { Stage: 'live' }), db('orders', { multiAZ: false })],
    settings: { production: { tag: 'Stage', values: ['live'] } },
    expect: [
      { resourceId: 'live', status: 'FAIL', messageId: 'singleAz' },
      { resourceId: 'orders', status: 'NOT_APPLICABLE', messageId: 'notProduction' },
    ],
  },
  {
    name: 'an instance with no recorded multiAZ is unknown, never passed',
    items: [db('orders', {})],
    expect: [{ resourceId: 'orders', status: 'UNKNOWN', messageId: 'missing' }],
  },
  {
    name: 'instances that could not be listed are unknown for the scope',
    items: [],
    failed: ['AWS::RDS::DBInstance'],
    expect: [{ resourceId: '*', status: 'UNKNOWN', messageId: 'listFailed' }],
  },
  {
    name: 'several instances are each judged on their own, in ARN order',
    items: [db('b-single', { multiAZ: false }), db('a-multi', { multiAZ: true }), db('c-member', { dBClusterIdentifier: 'c' })],
    expect: [
      { resourceId: 'a-multi', status: 'PASS', messageId: 'multiAz' },
      { resourceId: 'b-single', status: 'FAIL', messageId: 'singleAz' },
      { resourceId: 'c-member', status: 'NOT_APPLICABLE', messageId: 'clusterMember' },
    ],
  },
  {
    name: 'an exempted failure stays a failure and carries the exemption',
    items: [db('legacy', { multiAZ: false })],
    settings: { exemptions: [{ rule: 'rds-instance-multi-az', resource: 'arn:aws:*:dbinstance/legacy', reason: 'migrating', expires: '2026-12-31' }] },
    expect: [{ resourceId: 'legacy', status: 'FAIL', messageId: 'singleAz', exempted: true }],
  },
  {
    name: 'an expired exemption no longer applies',
    items: [db('legacy', { multiAZ: false })],
    settings: { exemptions: [{ rule: 'rds-instance-multi-az', resource: 'arn:aws:*:dbinstance/legacy', reason: 'migrating', expires: '2026-05-31' }] },
    expect: [{ resourceId: 'legacy', status: 'FAIL', messageId: 'singleAz', exempted: false }],
  },
  {
    name: 'a tag exemption applies to the rule ids it lists',
    items: [db('tagged', { multiAZ: false }, { Environment: 'prod', 'gatewatch:exempt': 'ebs-volume-encrypted, rds-instance-multi-az' })],
    expect: [{ resourceId: 'tagged', status: 'FAIL', messageId: 'singleAz', exempted: true }],
  },
]);
