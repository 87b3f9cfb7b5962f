/**
 * elasticache-encrypted-in-transit: ElastiCache (Valkey, Redis OSS) replication groups accept
 * TLS connections only.
 *
 * Transit encryption mode `preferred` — the migration step ElastiCache offers between no TLS and
 * TLS only — fails here: the group then still accepts plaintext connections, so data can cross
 * the network unencrypted. FSBP's ElastiCache.5 looks at `TransitEncryptionEnabled` alone and
 * would pass it; this catalog is the gate. A group with transit encryption on but no recorded mode
 * is UNKNOWN, never passed: nothing then shows that plaintext is refused.
 */
import { defineRule } from '../lib/define-rule.js';

export default defineRule({
  meta: {
    id: 'elasticache-encrypted-in-transit',
    gate: 'encryption',
    title: 'ElastiCache replication groups accept only TLS connections',
    // FSBP rates ElastiCache.5 MEDIUM; matching it keeps this finding and Security Hub's own
    // finding for the same replication group at one severity.
    severity: 'MEDIUM',
    priority: 'P1',
    resourceTypes: ['AWS::ElastiCache::ReplicationGroup'],
    controls: ['ElastiCache.5'],
    remediation: {
      text:
        'Modify the replication group: turn on encryption in transit with transit encryption mode `preferred`, move every ' +
        'client to TLS connections, then set the mode to `required` so plaintext connections are refused.',
      url: 'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/in-transit-encryption-enable.html',
    },
    messages: {
      required: 'ElastiCache replication group {{group}} accepts only TLS connections (transit encryption mode required).',
      unencrypted: 'ElastiCache replication group {{group}} has encryption in transit turned off: clients connect in plaintext.',
      preferred:
        'ElastiCache replication group {{group}} has transit encryption mode preferred: it still accepts plaintext ' +
        'connections besides TLS.',
      missing: 'ElastiCache replication group {{group}} has no recorded in-transit encryption setting.',
      modeMissing:
        'ElastiCache replication group {{group}} has encryption in transit on but no recorded transit encryption mode, so ' +
        'whether it refuses plaintext connections is unknown.',
      modeUnrecognised: 'ElastiCache replication group {{group}} has transit encryption mode "{{mode}}", which gatewatch does not recognise.',
    },
  },
  check(item, context) {
    const group = item.configuration.replicationGroupId ?? item.resourceId;
    const enabled = item.configuration.transitEncryptionEnabled;
    if (enabled === undefined || enabled === null) return context.unknown('missing', { group });
    if (!enabled) return context.fail('unencrypted', { group });
    const mode = item.configuration.transitEncryptionMode;
    if (mode === undefined || mode === null || mode.trim() === '') return context.unknown('modeMissing', { group });
    switch (mode.trim().toLowerCase()) {
      case 'required':
        return context.pass('required', { group });
      case 'preferred':
        return context.fail('preferred', { group });
      default:
        return context.unknown('modeUnrecognised', { group, mode });
    }
  },
});
