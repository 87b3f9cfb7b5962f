import rule from '../../../rules/encryption/elasticache-encrypted-at-rest.js';
import { item } from '../../support/items.js';
import { testRule } from '../../support/rule-tester.js';

const group = (id: string, configuration: Record<string, unknown>) =>
  item('AWS::ElastiCache::ReplicationGroup', id, { replicationGroupId: id, engine: 'valkey', ...configuration });

testRule(
  rule,
  [
    {
      name: 'a replication group encrypted at rest passes',
      items: [group('sessions', { atRestEncryptionEnabled: true, kmsKeyId: 'arn:aws:kms:eu-west-1:111122223333:key/k' })],
      expect: [{ resourceId: 'sessions', status: 'PASS', messageId: 'encrypted', data: { group: 'sessions' } }],
    },
    {
      name: 'a replication group not encrypted at rest fails',
      items: [group('sessions', { atRestEncryptionEnabled: false })],
      expect: [{ resourceId: 'sessions', status: 'FAIL', messageId: 'unencrypted', data: { group: 'sessions' } }],
    },
    {
      name: 'encryption in transit does not stand in for encryption at rest',
      items: [group('sessions', { atRestEncryptionEnabled: false, transitEncryptionEnabled: true, transitEncryptionMode: 'required' })],
      expect: [{ resourceId: 'sessions', status: 'FAIL', messageId: 'unencrypted' }],
    },
    {
      name: 'a replication group with atRestEncryptionEnabled null is unknown, never passed',
      items: [group('sessions', { atRestEncryptionEnabled: null })],
      expect: [{ resourceId: 'sessions', status: 'UNKNOWN', messageId: 'missing', data: { group: 'sessions' } }],
    },
    {
      name: 'a replication group with no at-rest field but a KMS key is unknown',
      items: [group('sessions', { kmsKeyId: 'arn:aws:kms:eu-west-1:111122223333:key/k' })],
      expect: [{ resourceId: 'sessions', status: 'UNKNOWN', messageId: 'missing' }],
    },
    {
      name: 'replication groups that could not be listed are unknown for the scope',
      items: [],
      failed: ['AWS::ElastiCache::ReplicationGroup'],
      expect: [{ resourceId: '*', status: 'UNKNOWN', messageId: 'listFailed' }],
    },
    {
      name: 'several replication groups are each judged on their own, in ARN order',
      items: [group('c-cache', {}), group('b-cache', { atRestEncryptionEnabled: false }), group('a-cache', { atRestEncryptionEnabled: true })],
      expect: [
        { resourceId: 'a-cache', status: 'PASS', messageId: 'encrypted' },
        { resourceId: 'b-cache', status: 'FAIL', messageId: 'unencrypted' },
        { resourceId: 'c-cache', status: 'UNKNOWN', messageId: 'missing' },
      ],
    },
  ],
  { noNotApplicable: 'every replication group (Valkey, Redis OSS) stores data and can be encrypted at rest; none is outside this rule' },
);
