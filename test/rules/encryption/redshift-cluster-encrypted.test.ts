import rule from '../../../rules/encryption/redshift-cluster-encrypted.js';
import { item } from '../../support/items.js';
import { testRule } from '../../support/rule-tester.js';

const cluster = (id: string, configuration: Record<string, unknown>, overrides: { awsRegion?: string } = {}) =>
  item('AWS::Redshift::Cluster', id, { clusterIdentifier: id, ...configuration }, overrides);

testRule(
  rule,
  [
    {
      name: 'an encrypted cluster passes',
      items: [cluster('analytics', { encrypted: true, kmsKeyId: 'arn:aws:kms:eu-west-1:111122223333:key/k' })],
      expect: [{ resourceId: 'analytics', status: 'PASS', messageId: 'encrypted', data: { cluster: 'analytics' } }],
    },
    {
      name: 'an unencrypted cluster fails',
      items: [cluster('analytics', { encrypted: false })],
      expect: [{ resourceId: 'analytics', status: 'FAIL', messageId: 'unencrypted', data: { cluster: 'analytics' } }],
    },
    {
      name: 'a cluster whose encryption is being turned on still fails until it is encrypted',
      items: [cluster('analytics', { encrypted: false, pendingModifiedValues: { encryptionType: 'KMS' } })],
      expect: [{ resourceId: 'analytics', status: 'FAIL', messageId: 'unencrypted' }],
    },
    {
      name: 'a null encryption setting is unknown, never passed',
      items: [cluster('analytics', { encrypted: null })],
      expect: [{ resourceId: 'analytics', status: 'UNKNOWN', messageId: 'missing', data: { cluster: 'analytics' } }],
    },
    {
      name: 'a cluster with a KMS key but no encrypted flag is still unknown',
      items: [cluster('analytics', { kmsKeyId: 'arn:aws:kms:eu-west-1:111122223333:key/k' })],
      expect: [{ resourceId: 'analytics', status: 'UNKNOWN', messageId: 'missing' }],
    },
    {
      name: 'without clusterIdentifier the resource id names the cluster',
      items: [item('AWS::Redshift::Cluster', 'reports', { encrypted: false })],
      expect: [{ resourceId: 'reports', status: 'FAIL', messageId: 'unencrypted', data: { cluster: 'reports' } }],
    },
    {
      name: 'clusters that could not be listed are unknown for the scope',
      items: [],
      failed: ['AWS::Redshift::Cluster'],
      expect: [{ resourceId: '*', status: 'UNKNOWN', messageId: 'listFailed' }],
    },
    {
      name: 'several clusters in two Regions are each judged on their own',
      items: [
        cluster('c-unknown', {}),
        cluster('b-plain', { encrypted: false }),
        cluster('a-encrypted', { encrypted: true }),
        cluster('d-us', { encrypted: true }, { awsRegion: 'us-east-1' }),
      ],
      expect: [
        { resourceId: 'a-encrypted', status: 'PASS', messageId: 'encrypted' },
        { resourceId: 'b-plain', status: 'FAIL', messageId: 'unencrypted' },
        { resourceId: 'c-unknown', status: 'UNKNOWN', messageId: 'missing' },
        { resourceId: 'd-us', region: 'us-east-1', status: 'PASS', messageId: 'encrypted' },
      ],
    },
  ],
  {
    noNotApplicable:
      'every provisioned Redshift cluster, running or paused, keeps its data and snapshots at rest, so every cluster is judged',
  },
);
