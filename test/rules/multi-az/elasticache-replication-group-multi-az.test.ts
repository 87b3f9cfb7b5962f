import rule from '../../../rules/multi-az/elasticache-replication-group-multi-az.js';
import { item } from '../../support/items.js';
import { testRule } from '../../support/rule-tester.js';

const prod = { Environment: 'prod' };
const group = (id: string, configuration: Record<string, unknown>, tags: Record<string, string> = prod) =>
  item('AWS::ElastiCache::ReplicationGroup', id, { replicationGroupId: id, memberClusters: [`${id}-001`, `${id}-002`], ...configuration }, { tags });

testRule(rule, [
  {
    name: 'automatic failover and Multi-AZ both enabled pass',
    items: [group('sessions', { automaticFailover: 'enabled', multiAZ: 'enabled' })],
    expect: [{ resourceId: 'sessions', status: 'PASS', messageId: 'multiAz', data: { name: 'sessions' } }],
  },
  {
    name: 'automatic failover without Multi-AZ fails',
    items: [group('sessions', { automaticFailover: 'enabled', multiAZ: 'disabled' })],
    expect: [{ resourceId: 'sessions', status: 'FAIL', messageId: 'notMultiAz', data: { automaticFailover: 'enabled', multiAz: 'disabled' } }],
  },
  {
    name: 'both disabled fails',
    items: [group('sessions', { automaticFailover: 'disabled', multiAZ: 'disabled' })],
    expect: [{ resourceId: 'sessions', status: 'FAIL', messageId: 'notMultiAz', data: { automaticFailover: 'disabled', multiAz: 'disabled' } }],
  },
  {
    name: 'failover still enabling is not failover yet',
    items: [group('sessions', { automaticFailover: 'enabling', multiAZ: 'enabled' })],
    expect: [{ resourceId: 'sessions', status: 'FAIL', messageId: 'notMultiAz', data: { automaticFailover: 'enabling' } }],
  },
  {
    name: 'failover being disabled fails',
    items: [group('sessions', { automaticFailover: 'disabling', multiAZ: 'enabled' })],
    expect: [{ resourceId: 'sessions', status: 'FAIL', messageId: 'notMultiAz', data: { automaticFailover: 'disabling' } }],
  },
  {
    name: 'a setting known to be off fails the group even with the other one unrecorded',
    items: [group('sessions', { multiAZ: 'disabled' })],
    expect: [{ resourceId: 'sessions', status: 'FAIL', messageId: 'notMultiAz', data: { automaticFailover: 'unknown', multiAz: 'disabled' } }],
  },
  {
    name: 'an unrecorded Multi-AZ status is unknown, never a pass',
    items: [group('sessions', { automaticFailover: 'enabled', multiAZ: null })],
    expect: [{ resourceId: 'sessions', status: 'UNKNOWN', messageId: 'missing', data: { field: 'multiAZ', value: 'nothing' } }],
  },
  {
    name: 'an unrecorded failover status is unknown',
    items: [group('sessions', { multiAZ: 'enabled' })],
    expect: [{ resourceId: 'sessions', status: 'UNKNOWN', messageId: 'missing', data: { field: 'automaticFailover' } }],
  },
  {
    name: 'a status word ElastiCache never reports is unknown, not read as enabled',
    items: [group('sessions', { automaticFailover: 'enabled', multiAZ: 'true' })],
    expect: [{ resourceId: 'sessions', status: 'UNKNOWN', messageId: 'missing', data: { field: 'multiAZ', value: 'true' } }],
  },
  {
    name: 'a development replication group is outside the production scope',
    items: [group('scratch', { automaticFailover: 'disabled', multiAZ: 'disabled' }, { Environment: 'dev' })],
    expect: [{ resourceId: 'scratch', status: 'NOT_APPLICABLE', messageId: 'notProduction', data: { reason: 'Environment=dev' } }],
  },
  {
    name: 'replication groups that could not be listed are unknown for the scope',
    items: [],
    failed: ['AWS::ElastiCache::ReplicationGroup'],
    expect: [{ resourceId: '*', status: 'UNKNOWN', messageId: 'listFailed' }],
  },
  {
    name: 'several replication groups are each judged on their own',
    items: [
      group('sessions', { automaticFailover: 'enabled', multiAZ: 'enabled' }),
      group('carts', { automaticFailover: 'disabled', multiAZ: 'disabled' }),
    ],
    expect: [
      { resourceId: 'carts', status: 'FAIL', messageId: 'notMultiAz' },
      { resourceId: 'sessions', status: 'PASS', messageId: 'multiAz' },
    ],
  },
]);
