import rule from '../../../rules/encryption/elasticache-encrypted-in-transit.js';
import { item } from '../../support/items.js';
import { testRule } from '../../support/rule-tester.js';

const group = (id: string, configuration: Record<string, unknown>) =>
  item('AWS::ElastiCache::ReplicationGroup', id, { replicationGroupId: id, engine: 'redis', ...configuration });

testRule(
  rule,
  [
    {
      name: 'a replication group with transit encryption required passes',
      items: [group('sessions', { transitEncryptionEnabled: true, transitEncryptionMode: 'required' })],
      expect: [{ resourceId: 'sessions', status: 'PASS', messageId: 'required', data: { group: 'sessions' } }],
    },
    {
      name: 'a replication group with encryption in transit off fails',
      items: [group('sessions', { transitEncryptionEnabled: false })],
      expect: [{ resourceId: 'sessions', status: 'FAIL', messageId: 'unencrypted', data: { group: 'sessions' } }],
    },
    {
      name: 'transit encryption mode preferred fails: plaintext connections are still accepted',
      items: [group('sessions', { transitEncryptionEnabled: true, transitEncryptionMode: 'preferred' })],
      expect: [{ resourceId: 'sessions', status: 'FAIL', messageId: 'preferred', data: { group: 'sessions' } }],
    },
    {
      name: 'the mode is read case-insensitively',
      items: [group('a-upper', { transitEncryptionEnabled: true, transitEncryptionMode: 'Required' }), group('b-upper', { transitEncryptionEnabled: true, transitEncryptionMode: 'PREFERRED' })],
      expect: [
        { resourceId: 'a-upper', status: 'PASS', messageId: 'required' },
        { resourceId: 'b-upper', status: 'FAIL', messageId: 'preferred' },
      ],
    },
    {
      name: 'encryption in transit off fails whatever mode is recorded',
      items: [group('sessions', { transitEncryptionEnabled: false, transitEncryptionMode: 'required' })],
      expect: [{ resourceId: 'sessions', status: 'FAIL', messageId: 'unencrypted' }],
    },
    {
      name: 'encryption in transit on with no recorded mode is unknown, never passed',
      items: [group('sessions', { transitEncryptionEnabled: true })],
      expect: [{ resourceId: 'sessions', status: 'UNKNOWN', messageId: 'modeMissing', data: { group: 'sessions' } }],
    },
    {
      name: 'encryption in transit on with a null mode is unknown',
      items: [group('sessions', { transitEncryptionEnabled: true, transitEncryptionMode: null })],
      expect: [{ resourceId: 'sessions', status: 'UNKNOWN', messageId: 'modeMissing' }],
    },
    {
      name: 'an unrecognised mode is unknown and named',
      items: [group('sessions', { transitEncryptionEnabled: true, transitEncryptionMode: 'strict' })],
      expect: [{ resourceId: 'sessions', status: 'UNKNOWN', messageId: 'modeUnrecognised', data: { mode: 'strict' } }],
    },
    {
      name: 'no recorded transitEncryptionEnabled is unknown, even with mode required',
      items: [group('sessions', { transitEncryptionEnabled: null, transitEncryptionMode: 'required' })],
      expect: [{ resourceId: 'sessions', status: 'UNKNOWN', messageId: 'missing', data: { group: 'sessions' } }],
    },
    {
      name: 'at-rest encryption does not stand in for encryption in transit',
      items: [group('sessions', { atRestEncryptionEnabled: true })],
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
      items: [
        group('d-cache', { transitEncryptionEnabled: true }),
        group('c-cache', { transitEncryptionEnabled: true, transitEncryptionMode: 'preferred' }),
        group('b-cache', { transitEncryptionEnabled: false }),
        group('a-cache', { transitEncryptionEnabled: true, transitEncryptionMode: 'required' }),
      ],
      expect: [
        { resourceId: 'a-cache', status: 'PASS', messageId: 'required' },
        { resourceId: 'b-cache', status: 'FAIL', messageId: 'unencrypted' },
        { resourceId: 'c-cache', status: 'FAIL', messageId: 'preferred' },
        { resourceId: 'd-cache', status: 'UNKNOWN', messageId: 'modeMissing' },
      ],
    },
  ],
  { noNotApplicable: 'every replication group (Valkey, Redis OSS) takes client connections that TLS can protect; none is outside this rule' },
);
