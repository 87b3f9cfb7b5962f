import rule from '../../../rules/encryption/rds-instance-storage-encrypted.js';
import { item } from '../../support/items.js';
import { testRule } from '../../support/rule-tester.js';

const db = (id: string, configuration: Record<string, unknown>) =>
  item('AWS::RDS::DBInstance', `db-${id}`, { dBInstanceIdentifier: id, engine: 'postgres', ...configuration }, { resourceName: id });
const cluster = (id: string, resourceId: string, storageEncrypted: boolean) =>
  item('AWS::RDS::DBCluster', resourceId, { dbclusterIdentifier: id, engine: 'aurora-postgresql', storageEncrypted }, { resourceName: id });

testRule(rule, [
  {
    name: 'an encrypted DB instance passes',
    items: [db('orders', { storageEncrypted: true })],
    expect: [{ resourceId: 'db-orders', status: 'PASS', messageId: 'encrypted', data: { name: 'orders' } }],
  },
  {
    name: 'an unencrypted DB instance fails',
    items: [db('reporting', { storageEncrypted: false, engine: 'mysql' })],
    expect: [{ resourceId: 'db-reporting', status: 'FAIL', messageId: 'unencrypted', data: { name: 'reporting' } }],
  },
  {
    name: 'a DB instance with no recorded storage encryption is unknown, never passed',
    items: [db('orders', { storageEncrypted: null })],
    expect: [{ resourceId: 'db-orders', status: 'UNKNOWN', messageId: 'missing' }],
  },
  {
    name: 'a member of a DB cluster in the inventory is left to the cluster rule',
    items: [cluster('catalog', 'cluster-CATALOG', false), db('catalog-1', { storageEncrypted: false, dBClusterIdentifier: 'catalog' })],
    expect: [{ resourceId: 'db-catalog-1', status: 'NOT_APPLICABLE', messageId: 'clusterMember', data: { cluster: 'catalog' } }],
  },
  {
    name: 'a member whose cluster is found by its recorded relationship is left to the cluster rule',
    items: [
      cluster('renamed', 'cluster-CATALOG', true),
      item(
        'AWS::RDS::DBInstance',
        'db-catalog-1',
        { dBInstanceIdentifier: 'catalog-1', engine: 'aurora-postgresql', storageEncrypted: true, dBClusterIdentifier: 'catalog' },
        { resourceName: 'catalog-1' },
      ),
    ].map((entry) =>
      entry.resourceType === 'AWS::RDS::DBInstance'
        ? { ...entry, relationships: [{ resourceType: 'AWS::RDS::DBCluster', resourceId: 'cluster-CATALOG', resourceName: 'catalog', name: 'Is part of DBCluster' }] }
        : entry,
    ),
    expect: [{ resourceId: 'db-catalog-1', status: 'NOT_APPLICABLE', messageId: 'clusterMember' }],
  },
  {
    name: 'a member whose cluster is not in the inventory is judged on its own record (unencrypted)',
    items: [db('catalog-1', { storageEncrypted: false, dBClusterIdentifier: 'catalog' })],
    expect: [{ resourceId: 'db-catalog-1', status: 'FAIL', messageId: 'memberUnencrypted', data: { name: 'catalog-1', cluster: 'catalog' } }],
  },
  {
    name: 'a member whose cluster is not in the inventory is judged on its own record (encrypted)',
    items: [db('catalog-1', { storageEncrypted: true, dBClusterIdentifier: 'catalog' })],
    expect: [{ resourceId: 'db-catalog-1', status: 'PASS', messageId: 'memberEncrypted', data: { cluster: 'catalog' } }],
  },
  {
    name: 'a member of a missing cluster with no recorded setting is unknown',
    items: [db('catalog-1', { dBClusterIdentifier: 'catalog' })],
    expect: [{ resourceId: 'db-catalog-1', status: 'UNKNOWN', messageId: 'missing' }],
  },
  {
    name: "a cluster of the same name in another Region does not make a member not applicable",
    items: [
      item('AWS::RDS::DBCluster', 'cluster-US', { dbclusterIdentifier: 'catalog', storageEncrypted: true }, { awsRegion: 'us-east-1' }),
      db('catalog-1', { storageEncrypted: false, dBClusterIdentifier: 'catalog' }),
    ],
    scopes: [{ accountId: '111122223333', region: 'eu-west-1' }],
    expect: [{ resourceId: 'db-catalog-1', status: 'FAIL', messageId: 'memberUnencrypted' }],
  },
  {
    name: 'DB instances that could not be listed are unknown for the scope',
    items: [],
    failed: ['AWS::RDS::DBInstance'],
    expect: [{ resourceId: '*', status: 'UNKNOWN', messageId: 'listFailed' }],
  },
  {
    name: 'a cluster list that failed does not stop stand-alone instances from being judged',
    items: [db('orders', { storageEncrypted: true })],
    failed: ['AWS::RDS::DBCluster'],
    expect: [{ resourceId: 'db-orders', status: 'PASS', messageId: 'encrypted' }],
  },
  {
    name: 'several instances are each judged on their own, in ARN order',
    items: [
      db('d-member', { storageEncrypted: false, dBClusterIdentifier: 'catalog' }),
      cluster('catalog', 'cluster-CATALOG', true),
      db('c-unknown', {}),
      db('b-plain', { storageEncrypted: false }),
      db('a-secure', { storageEncrypted: true }),
    ],
    expect: [
      { resourceId: 'db-a-secure', status: 'PASS', messageId: 'encrypted' },
      { resourceId: 'db-b-plain', status: 'FAIL', messageId: 'unencrypted' },
      { resourceId: 'db-c-unknown', status: 'UNKNOWN', messageId: 'missing' },
      { resourceId: 'db-d-member', status: 'NOT_APPLICABLE', messageId: 'clusterMember' },
    ],
  },
]);
