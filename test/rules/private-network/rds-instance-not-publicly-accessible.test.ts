import rule from '../../../rules/private-network/rds-instance-not-publicly-accessible.js';
import { item } from '../../support/items.js';
import { testRule } from '../../support/rule-tester.js';

const db = (id: string, configuration: Record<string, unknown>) =>
  item('AWS::RDS::DBInstance', id, { dBInstanceIdentifier: id, engine: 'postgres', ...configuration });

testRule(
  rule,
  [
    {
      name: 'an instance that is not publicly accessible passes',
      items: [db('orders-db', { publiclyAccessible: false })],
      expect: [{ resourceId: 'orders-db', status: 'PASS', messageId: 'private', data: { name: 'orders-db' } }],
    },
    {
      name: 'a publicly accessible instance fails',
      items: [db('reporting-db', { publiclyAccessible: true })],
      expect: [{ resourceId: 'reporting-db', status: 'FAIL', messageId: 'public', data: { name: 'reporting-db' } }],
    },
    {
      name: 'a publicly accessible member of an Aurora cluster fails too: the setting is per instance',
      items: [db('catalog-aurora-1', { publiclyAccessible: true, engine: 'aurora-postgresql', dBClusterIdentifier: 'catalog-aurora' })],
      expect: [{ resourceId: 'catalog-aurora-1', status: 'FAIL', messageId: 'public' }],
    },
    {
      name: 'an instance with a null publiclyAccessible is unknown, never passed',
      items: [db('odd-db', { publiclyAccessible: null })],
      expect: [{ resourceId: 'odd-db', status: 'UNKNOWN', messageId: 'missing', data: { name: 'odd-db' } }],
    },
    {
      name: 'an instance with no publiclyAccessible field is unknown',
      items: [db('sparse-db', {})],
      expect: [{ resourceId: 'sparse-db', status: 'UNKNOWN', messageId: 'missing' }],
    },
    {
      name: 'DB instances that could not be listed are unknown for the scope',
      items: [],
      failed: ['AWS::RDS::DBInstance'],
      expect: [{ resourceId: '*', status: 'UNKNOWN', messageId: 'listFailed' }],
    },
    {
      name: 'several instances are each judged on their own, in ARN order',
      items: [db('c-unknown', {}), db('a-public', { publiclyAccessible: true }), db('b-private', { publiclyAccessible: false })],
      expect: [
        { resourceId: 'a-public', status: 'FAIL', messageId: 'public' },
        { resourceId: 'b-private', status: 'PASS', messageId: 'private' },
        { resourceId: 'c-unknown', status: 'UNKNOWN', messageId: 'missing' },
      ],
    },
  ],
  { noNotApplicable: 'every DB instance, cluster member or not, has its own public-access setting; none is outside the rule' },
);
