/**
 * rds-instance-storage-encrypted: a DB instance's storage is encrypted at rest (FSBP RDS.3).
 *
 * A member of a DB cluster (Aurora, an RDS Multi-AZ DB cluster, Neptune, DocumentDB) has no
 * storage of its own to judge: its data lives in the cluster's volume, whose encryption is set
 * once for the cluster, and rds-cluster-storage-encrypted judges it there — one finding per
 * volume rather than one per instance. So a member is NOT_APPLICABLE here when its cluster is in
 * the inventory. When it is not (a Config recorder that records instances but not clusters, a
 * cluster list that could not be read), nothing else would judge that volume, so the member is
 * judged on its own `storageEncrypted`, which RDS reports from the cluster volume.
 */
import type { ConfigurationItem } from '../../model/configuration-item.js';
import { scopeOf } from '../../inventory/inventory.js';
import type { RuleContext } from '../lib/types.js';
import { defineRule } from '../lib/define-rule.js';

type DBInstance = ConfigurationItem<'AWS::RDS::DBInstance'>;

/** The instance's DB cluster in the inventory: by the recorded relationship, else by identifier. */
function clusterOf(item: DBInstance, identifier: string, context: Pick<RuleContext<string, unknown>, 'inventory'>) {
  const scope = scopeOf(item);
  const related = item.relationships.find((relationship) => relationship.resourceType === 'AWS::RDS::DBCluster' && relationship.resourceId);
  const byId = related?.resourceId ? context.inventory.get('AWS::RDS::DBCluster', related.resourceId, scope) : undefined;
  return (
    byId ??
    context.inventory
      .inScope('AWS::RDS::DBCluster', scope)
      .find((cluster) => (cluster.configuration.dbclusterIdentifier ?? cluster.resourceName) === identifier)
  );
}

export default defineRule({
  meta: {
    id: 'rds-instance-storage-encrypted',
    gate: 'encryption',
    title: 'RDS DB instances encrypt their storage at rest',
    // Security Hub rates RDS.3 MEDIUM; matching it keeps this finding and Security Hub's own
    // RDS.3 finding for the same instance at one severity.
    severity: 'MEDIUM',
    priority: 'P1',
    resourceTypes: ['AWS::RDS::DBInstance'],
    // A member whose cluster is absent is judged on its own storageEncrypted, which RDS reports from the cluster volume.
    consults: ['AWS::RDS::DBCluster'],
    controls: ['RDS.3'],
    remediation: {
      text:
        'Storage encryption cannot be turned on for an existing DB instance: take a snapshot, copy it with encryption on ' +
        '(a KMS key of your choice), restore the copy to a new instance, move clients to it and delete the old one.',
      url: 'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Overview.Encryption.html',
    },
    messages: {
      encrypted: 'DB instance {{name}} encrypts its storage at rest.',
      unencrypted: 'DB instance {{name}} does not encrypt its storage at rest.',
      clusterMember: 'DB instance {{name}} keeps its data in the volume of DB cluster {{cluster}}; rds-cluster-storage-encrypted judges it there.',
      memberEncrypted: 'DB instance {{name}} encrypts its storage at rest (the volume of DB cluster {{cluster}}, which is not in the inventory).',
      memberUnencrypted:
        'DB instance {{name}} does not encrypt its storage at rest (the volume of DB cluster {{cluster}}, which is not in the inventory).',
      missing: 'DB instance {{name}} has no recorded storage encryption setting.',
    },
  },
  check(item, context) {
    const name = item.configuration.dBInstanceIdentifier ?? item.resourceName ?? item.resourceId;
    const cluster = item.configuration.dBClusterIdentifier;
    if (cluster && clusterOf(item, cluster, context) !== undefined) return context.notApplicable('clusterMember', { name, cluster });

    const encrypted = item.configuration.storageEncrypted;
    if (encrypted === undefined || encrypted === null) return context.unknown('missing', { name });
    if (cluster) return encrypted ? context.pass('memberEncrypted', { name, cluster }) : context.fail('memberUnencrypted', { name, cluster });
    return encrypted ? context.pass('encrypted', { name }) : context.fail('unencrypted', { name });
  },
});
