import rule from '../../../rules/encryption/rds-cluster-storage-encrypted.js';
import { item } from '../../support/items.js';
import { testRule } from '../../support/rule-tester.js';

const cluster = (id: string, configuration: Record<string, unknown>) =>
  item('AWS::RDS::DBCluster', `cluster-${id}`, { dbclusterIdentifier: id, engine: 'aurora-postgresql', ...configuration }, { resourceName: id });

testRule(
  rule,
  [
    {
      name: 'an encrypted Aurora cluster passes',
      items: [cluster('catalog', { storageEncrypted: true })],
      expect: [{ resourceId: 'cluster-catalog', status: 'PASS', messageId: 'encrypted', data: { name: 'catalog', engine: 'aurora-postgresql' } }],
    },
    {
      name: 'an unencrypted Aurora MySQL cluster fails',
      items: [cluster('reviews', { storageEncrypted: false, engine: 'aurora-mysql' })],
      expect: [{ resourceId: 'cluster-reviews', status: 'FAIL', messageId: 'unencrypted', data: { name: 'reviews', engine: 'aurora-mysql' } }],
    },
    {
      name: 'DocumentDB and Neptune clusters are judged alike',
      items: [cluster('search', { storageEncrypted: false, engine: 'docdb' }), cluster('graph', { storageEncrypted: true, engine: 'neptune' })],
      expect: [
        { resourceId: 'cluster-graph', status: 'PASS', messageId: 'encrypted', data: { engine: 'neptune' } },
        { resourceId: 'cluster-search', status: 'FAIL', messageId: 'unencrypted', data: { engine: 'docdb' } },
      ],
    },
    {
      name: 'a cluster with no recorded storage encryption is unknown, never passed',
      items: [cluster('catalog', { storageEncrypted: null })],
      expect: [{ resourceId: 'cluster-catalog', status: 'UNKNOWN', messageId: 'missing' }],
    },
    {
      name: 'a cluster with neither engine nor encryption recorded is unknown and says so',
      items: [item('AWS::RDS::DBCluster', 'cluster-bare', {})],
      expect: [{ resourceId: 'cluster-bare', status: 'UNKNOWN', messageId: 'missing', data: { name: 'cluster-bare', engine: 'engine not recorded' } }],
    },
    {
      name: 'DB clusters that could not be listed are unknown for the scope',
      items: [],
      failed: ['AWS::RDS::DBCluster'],
      expect: [{ resourceId: '*', status: 'UNKNOWN', messageId: 'listFailed' }],
    },
    {
      name: 'several clusters are each judged on their own, in ARN order',
      items: [cluster('c', {}), cluster('b', { storageEncrypted: false }), cluster('a', { storageEncrypted: true })],
      expect: [
        { resourceId: 'cluster-a', status: 'PASS', messageId: 'encrypted' },
        { resourceId: 'cluster-b', status: 'FAIL', messageId: 'unencrypted' },
        { resourceId: 'cluster-c', status: 'UNKNOWN', messageId: 'missing' },
      ],
    },
  ],
  { noNotApplicable: 'every DB cluster (Aurora, Multi-AZ DB cluster, Neptune, DocumentDB) has a storage volume whose encryption is judged' },
);
