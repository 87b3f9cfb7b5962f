/**
 * elasticache-encrypted-at-rest: ElastiCache (Valkey, Redis OSS) replication groups encrypt their
 * data at rest — on disk during sync, swap and backup, and the backups in S3. It is chosen at
 * creation and cannot be turned on later.
 */
import { defineRule } from '../lib/define-rule.js';

export default defineRule({
  meta: {
    id: 'elasticache-encrypted-at-rest',
    gate: 'encryption',
    title: 'ElastiCache replication groups are encrypted at rest',
    // FSBP rates ElastiCache.4 MEDIUM; matching it keeps this finding and Security Hub's own
    // finding for the same replication group at one severity.
    severity: 'MEDIUM',
    priority: 'P1',
    resourceTypes: ['AWS::ElastiCache::ReplicationGroup'],
    controls: ['ElastiCache.4'],
    remediation: {
      text:
        'At-rest encryption cannot be turned on for an existing replication group: take a backup, create a new ' +
        'replication group from it with at-rest encryption on (optionally with a customer managed KMS key), point the ' +
        'clients at its endpoint and delete the old group.',
      url: 'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/at-rest-encryption.html',
    },
    messages: {
      encrypted: 'ElastiCache replication group {{group}} is encrypted at rest.',
      unencrypted: 'ElastiCache replication group {{group}} is not encrypted at rest.',
      missing: 'ElastiCache replication group {{group}} has no recorded at-rest encryption setting.',
    },
  },
  check(item, context) {
    const group = item.configuration.replicationGroupId ?? item.resourceId;
    const encrypted = item.configuration.atRestEncryptionEnabled;
    if (encrypted === undefined || encrypted === null) return context.unknown('missing', { group });
    return encrypted ? context.pass('encrypted', { group }) : context.fail('unencrypted', { group });
  },
});
