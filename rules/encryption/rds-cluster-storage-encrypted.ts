/**
 * rds-cluster-storage-encrypted: a DB cluster's storage is encrypted at rest — Aurora, RDS
 * Multi-AZ DB clusters, Neptune and DocumentDB clusters alike, which the RDS API (and AWS Config)
 * all record as `AWS::RDS::DBCluster` (FSBP RDS.27, DocumentDB.1, Neptune.1).
 *
 * The cluster volume is the storage of every member DB instance, so this rule is where member
 * instances are judged; rds-instance-storage-encrypted leaves them to it.
 */
import { defineRule } from '../lib/define-rule.js';

export default defineRule({
  meta: {
    id: 'rds-cluster-storage-encrypted',
    gate: 'encryption',
    title: 'RDS, Neptune and DocumentDB clusters encrypt their storage at rest',
    // Security Hub rates RDS.27, DocumentDB.1 and Neptune.1 MEDIUM; matching them keeps this
    // finding and Security Hub's own for the same cluster at one severity.
    severity: 'MEDIUM',
    priority: 'P1',
    resourceTypes: ['AWS::RDS::DBCluster'],
    controls: ['RDS.27', 'DocumentDB.1', 'Neptune.1'],
    remediation: {
      text:
        'Storage encryption cannot be turned on for an existing cluster: take a cluster snapshot, restore it to a new ' +
        'cluster with encryption on (a KMS key of your choice), move clients to the new cluster and delete the old one.',
      url: 'https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/Overview.Encryption.html',
    },
    messages: {
      encrypted: 'DB cluster {{name}} ({{engine}}) encrypts its storage at rest.',
      unencrypted: 'DB cluster {{name}} ({{engine}}) does not encrypt its storage at rest.',
      missing: 'DB cluster {{name}} ({{engine}}) has no recorded storage encryption setting.',
    },
  },
  check(item, context) {
    const name = item.configuration.dbclusterIdentifier ?? item.resourceName ?? item.resourceId;
    const engine = item.configuration.engine ?? 'engine not recorded';
    const encrypted = item.configuration.storageEncrypted;
    if (encrypted === undefined || encrypted === null) return context.unknown('missing', { name, engine });
    return encrypted ? context.pass('encrypted', { name, engine }) : context.fail('unencrypted', { name, engine });
  },
});
