import rule from '../../../rules/multi-az/redshift-cluster-multi-az.js';
import { item } from '../../support/items.js';
import { testRule } from '../../support/rule-tester.js';

const prod = { Environment: 'prod' };
const cluster = (id: string, multiAZ: string | null | undefined, tags: Record<string, string> = prod) =>
  item('AWS::Redshift::Cluster', id, { clusterIdentifier: id, nodeType: 'ra3.xlplus', ...(multiAZ === undefined ? {} : { multiAZ }) }, { tags });

testRule(rule, [
  {
    name: 'a Multi-AZ cluster passes',
    items: [cluster('analytics', 'Enabled')],
    expect: [{ resourceId: 'analytics', status: 'PASS', messageId: 'multiAz', data: { name: 'analytics' } }],
  },
  {
    name: 'a single-AZ cluster fails',
    items: [cluster('reporting', 'Disabled')],
    expect: [{ resourceId: 'reporting', status: 'FAIL', messageId: 'singleAz', data: { name: 'reporting', value: 'Disabled' } }],
  },
  {
    name: 'the status word is compared case-insensitively and trimmed',
    items: [cluster('a-lower', 'enabled'), cluster('b-upper', 'DISABLED'), cluster('c-padded', ' Enabled ')],
    expect: [
      { resourceId: 'a-lower', status: 'PASS', messageId: 'multiAz' },
      { resourceId: 'b-upper', status: 'FAIL', messageId: 'singleAz' },
      { resourceId: 'c-padded', status: 'PASS', messageId: 'multiAz' },
    ],
  },
  {
    name: 'a cluster with no recorded Multi-AZ setting is unknown, never passed',
    items: [cluster('a-absent', undefined), cluster('b-null', null), cluster('c-blank', '')],
    expect: [
      { resourceId: 'a-absent', status: 'UNKNOWN', messageId: 'missing', data: { name: 'a-absent' } },
      { resourceId: 'b-null', status: 'UNKNOWN', messageId: 'missing' },
      { resourceId: 'c-blank', status: 'UNKNOWN', messageId: 'missing' },
    ],
  },
  {
    name: 'a status word other than enabled or disabled is unknown and quoted',
    items: [cluster('moving', 'Enabling')],
    expect: [{ resourceId: 'moving', status: 'UNKNOWN', messageId: 'unrecognised', data: { value: 'Enabling' } }],
  },
  {
    name: 'a staging cluster is outside the production scope',
    items: [cluster('staging-dw', 'Disabled', { Environment: 'staging' })],
    expect: [{ resourceId: 'staging-dw', status: 'NOT_APPLICABLE', messageId: 'notProduction', data: { reason: 'Environment=staging' } }],
  },
  {
    name: '"production" is a production value too',
    items: [cluster('dw', 'Disabled', { Environment: 'production' })],
    expect: [{ resourceId: 'dw', status: 'FAIL', messageId: 'singleAz' }],
  },
  {
    name: 'clusters that could not be listed are unknown for the scope',
    items: [],
    failed: ['AWS::Redshift::Cluster'],
    expect: [{ resourceId: '*', status: 'UNKNOWN', messageId: 'listFailed' }],
  },
  {
    name: 'an exempted single-AZ cluster stays failed and carries the exemption',
    items: [cluster('legacy-dw', 'Disabled', { ...prod, 'gatewatch:exempt': 'redshift-cluster-multi-az' })],
    expect: [{ resourceId: 'legacy-dw', status: 'FAIL', messageId: 'singleAz', exempted: true }],
  },
]);
