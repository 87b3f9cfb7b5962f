/**
 * rds-snapshot-encrypted: RDS DB snapshots and DB cluster snapshots (manual and automated; Aurora,
 * Neptune and DocumentDB cluster snapshots too) are encrypted at rest (FSBP RDS.4). AWS Config
 * records the flag as `encrypted` on a DB snapshot and `storageEncrypted` on a DB cluster snapshot.
 */
import { defineRule } from '../lib/define-rule.js';

export default defineRule({
  meta: {
    id: 'rds-snapshot-encrypted',
    gate: 'encryption',
    title: 'RDS DB snapshots and DB cluster snapshots are encrypted at rest',
    // Security Hub rates RDS.4 MEDIUM; matching it keeps this finding and Security Hub's own
    // RDS.4 finding for the same snapshot at one severity.
    severity: 'MEDIUM',
    priority: 'P2',
    resourceTypes: ['AWS::RDS::DBSnapshot', 'AWS::RDS::DBClusterSnapshot'],
    controls: ['RDS.4'],
    remediation: {
      text:
        'Copy the snapshot with encryption on (a KMS key of your choice) and delete the unencrypted one. Snapshots of an ' +
        'unencrypted DB instance or cluster stay unencrypted: encrypt the source too (restore it from the encrypted copy).',
      url: 'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_CopySnapshot.html',
    },
    messages: {
      encrypted: '{{kind}} {{snapshot}} of {{source}} is encrypted at rest.',
      unencrypted: '{{kind}} {{snapshot}} of {{source}} is not encrypted at rest.',
      missing: '{{kind}} {{snapshot}} of {{source}} has no recorded encryption setting.',
    },
  },
  check(item, context) {
    const snapshot = item.resourceName ?? item.resourceId;
    const { kind, source, encrypted } =
      item.resourceType === 'AWS::RDS::DBSnapshot'
        ? {
            kind: 'DB snapshot',
            source: item.configuration.dBInstanceIdentifier ? `DB instance ${item.configuration.dBInstanceIdentifier}` : 'an unrecorded DB instance',
            encrypted: item.configuration.encrypted,
          }
        : {
            kind: 'DB cluster snapshot',
            source: item.configuration.dbclusterIdentifier ? `DB cluster ${item.configuration.dbclusterIdentifier}` : 'an unrecorded DB cluster',
            encrypted: item.configuration.storageEncrypted,
          };
    const data = { kind, snapshot, source };
    if (encrypted === undefined || encrypted === null) return context.unknown('missing', data);
    return encrypted ? context.pass('encrypted', data) : context.fail('unencrypted', data);
  },
});
