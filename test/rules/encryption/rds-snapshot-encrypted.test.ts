import rule from '../../../rules/encryption/rds-snapshot-encrypted.js';
import { item } from '../../support/items.js';
import { testRule } from '../../support/rule-tester.js';

const snapshot = (id: string, configuration: Record<string, unknown>) =>
  item('AWS::RDS::DBSnapshot', id, { dBSnapshotIdentifier: id, dBInstanceIdentifier: 'orders-db', ...configuration });
const clusterSnapshot = (id: string, configuration: Record<string, unknown>) =>
  item('AWS::RDS::DBClusterSnapshot', id, { dbclusterSnapshotIdentifier: id, dbclusterIdentifier: 'catalog-aurora', ...configuration });

testRule(
  rule,
  [
    {
      name: 'an encrypted DB snapshot passes',
      items: [snapshot('orders-nightly', { encrypted: true })],
      expect: [
        { resourceId: 'orders-nightly', status: 'PASS', messageId: 'encrypted', data: { kind: 'DB snapshot', snapshot: 'orders-nightly', source: 'DB instance orders-db' } },
      ],
    },
    {
      name: 'an unencrypted DB snapshot fails',
      items: [snapshot('reporting-manual', { encrypted: false, dBInstanceIdentifier: 'reporting-db' })],
      expect: [{ resourceId: 'reporting-manual', status: 'FAIL', messageId: 'unencrypted', data: { source: 'DB instance reporting-db' } }],
    },
    {
      name: 'an encrypted DB cluster snapshot passes on storageEncrypted',
      items: [clusterSnapshot('catalog-weekly', { storageEncrypted: true })],
      expect: [{ resourceId: 'catalog-weekly', status: 'PASS', messageId: 'encrypted', data: { kind: 'DB cluster snapshot', source: 'DB cluster catalog-aurora' } }],
    },
    {
      name: 'an unencrypted DB cluster snapshot fails',
      items: [clusterSnapshot('catalog-weekly', { storageEncrypted: false })],
      expect: [{ resourceId: 'catalog-weekly', status: 'FAIL', messageId: 'unencrypted', data: { kind: 'DB cluster snapshot' } }],
    },
    {
      name: "a DB cluster snapshot's `encrypted` field is not its encryption flag",
      // AWS Config names the flag storageEncrypted on cluster snapshots; a stray `encrypted` must not pass it.
      items: [clusterSnapshot('catalog-weekly', { encrypted: true })],
      expect: [{ resourceId: 'catalog-weekly', status: 'UNKNOWN', messageId: 'missing' }],
    },
    {
      name: 'snapshots with no recorded encryption are unknown, never passed',
      items: [snapshot('a-snap', { encrypted: null, dBInstanceIdentifier: null }), clusterSnapshot('b-snap', { dbclusterIdentifier: null })],
      expect: [
        { resourceId: 'a-snap', status: 'UNKNOWN', messageId: 'missing', data: { source: 'an unrecorded DB instance' } },
        { resourceId: 'b-snap', status: 'UNKNOWN', messageId: 'missing', data: { source: 'an unrecorded DB cluster' } },
      ],
    },
    {
      name: 'a failed DB snapshot list leaves cluster snapshots judged',
      items: [clusterSnapshot('catalog-weekly', { storageEncrypted: true })],
      failed: ['AWS::RDS::DBSnapshot'],
      expect: [
        { resourceId: 'catalog-weekly', status: 'PASS', messageId: 'encrypted' },
        { resourceId: '*', status: 'UNKNOWN', messageId: 'listFailed', data: { resourceType: 'AWS::RDS::DBSnapshot' } },
      ],
    },
    {
      name: 'several snapshots of both types are each judged, DB snapshots first',
      items: [clusterSnapshot('c-cluster', { storageEncrypted: false }), snapshot('b-plain', { encrypted: false }), snapshot('a-secure', { encrypted: true })],
      expect: [
        { resourceId: 'a-secure', status: 'PASS', messageId: 'encrypted' },
        { resourceId: 'b-plain', status: 'FAIL', messageId: 'unencrypted' },
        { resourceId: 'c-cluster', status: 'FAIL', messageId: 'unencrypted', data: { kind: 'DB cluster snapshot' } },
      ],
    },
  ],
  { noNotApplicable: 'every DB snapshot and DB cluster snapshot the account holds carries a copy of its data, so each is judged' },
);
