/**
 * redshift-cluster-encrypted: Amazon Redshift provisioned clusters are encrypted at rest
 * (`encrypted` true), which covers the cluster's data blocks, metadata and snapshots.
 */
import { defineRule } from '../lib/define-rule.js';

export default defineRule({
  meta: {
    id: 'redshift-cluster-encrypted',
    gate: 'encryption',
    title: 'Redshift clusters are encrypted at rest',
    // FSBP rates Redshift.10 MEDIUM; matching it keeps this finding and Security Hub's own at one severity.
    severity: 'MEDIUM',
    priority: 'P2',
    resourceTypes: ['AWS::Redshift::Cluster'],
    controls: ['Redshift.10'],
    remediation: {
      text:
        'Turn on encryption for the cluster (console: cluster → Properties → Edit encryption; CLI: ' +
        '`aws redshift modify-cluster --cluster-identifier <id> --encrypted --kms-key-id <key>`). Redshift migrates the ' +
        'data to an encrypted cluster in the background; plan for the cluster being read-only during the migration.',
      url: 'https://docs.aws.amazon.com/redshift/latest/mgmt/changing-cluster-encryption.html',
    },
    messages: {
      encrypted: 'Redshift cluster {{cluster}} is encrypted at rest.',
      unencrypted: 'Redshift cluster {{cluster}} is not encrypted at rest.',
      missing: 'Redshift cluster {{cluster}} has no recorded encryption setting.',
    },
  },
  check(item, context) {
    const cluster = item.configuration.clusterIdentifier ?? item.resourceId;
    const encrypted = item.configuration.encrypted;
    if (encrypted === undefined || encrypted === null) return context.unknown('missing', { cluster });
    return encrypted ? context.pass('encrypted', { cluster }) : context.fail('unencrypted', { cluster });
  },
});
