/**
 * rds-cluster-multi-az: a DB cluster (Aurora, Neptune, DocumentDB, RDS Multi-AZ DB cluster) can
 * lose an Availability Zone and keep serving: RDS reports it Multi-AZ, or its member DB
 * instances run in at least two zones.
 *
 * The placement of the members is the truth. The cluster's own `availabilityZones` list is never
 * read as evidence: for Aurora (and Neptune and DocumentDB, which share its storage design) it
 * names the zones the cluster volume is replicated across — always three — not the zones any
 * instance runs in, so a cluster whose only instance sits in one zone would pass on it.
 */
import type { ConfigurationItem } from '../../model/configuration-item.js';
import { scopeOf } from '../../inventory/inventory.js';
import { defineRule } from '../lib/define-rule.js';
import { hoursLine, priced, rdsEngine, rdsInstanceHour, text } from '../lib/fix-costs.js';

type DBInstance = ConfigurationItem<'AWS::RDS::DBInstance'>;

/** The zone a DB instance runs in: its configuration's, else the item's when that names a zone of its Region. */
function zoneOf(instance: DBInstance): string | undefined {
  const configured = instance.configuration.availabilityZone;
  if (configured) return configured;
  const envelope = instance.availabilityZone;
  // The envelope also carries "Multiple Availability Zones" or "Not Applicable": not a zone.
  return envelope !== undefined && envelope.startsWith(instance.awsRegion) && envelope.length > instance.awsRegion.length ? envelope : undefined;
}

function identifierOf(instance: DBInstance): string | undefined {
  return instance.configuration.dBInstanceIdentifier ?? instance.resourceName;
}

export default defineRule({
  meta: {
    id: 'rds-cluster-multi-az',
    gate: 'multi-az',
    title: 'RDS DB clusters run instances in two or more Availability Zones',
    // Security Hub rates RDS.15 and Neptune.9 MEDIUM; the same severity keeps this finding and
    // Security Hub's own for the same cluster in step.
    severity: 'MEDIUM',
    priority: 'P1',
    resourceTypes: ['AWS::RDS::DBCluster'],
    needs: ['AWS::RDS::DBInstance'],
    controls: ['RDS.15', 'Neptune.9'],
    remediation: {
      text:
        'Add a reader DB instance in a different Availability Zone from the writer, so the cluster can promote it when ' +
        "the writer's zone fails (Aurora, Neptune and DocumentDB alike).",
      url: 'https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-replicas-adding.html',
    },
    messages: {
      multiAz: 'DB cluster {{name}} is a Multi-AZ deployment.',
      membersSpread: 'DB cluster {{name}} has DB instances in {{count}} Availability Zones ({{zones}}).',
      singleZone:
        'DB cluster {{name}} runs all its DB instances ({{members}}) in one Availability Zone, {{zone}}: losing that zone leaves no instance to fail over to.',
      noInstances: 'DB cluster {{name}} has no DB instances, so no instance runs in any Availability Zone.',
      membersMissing: 'DB cluster {{name}} has no recorded list of member DB instances and is not recorded as Multi-AZ.',
      memberMissing: 'DB cluster {{name}}: member DB instance {{member}} is not in the inventory, so where it runs is unknown.',
      memberZoneMissing: 'DB cluster {{name}}: member DB instance {{member}} has no recorded Availability Zone.',
    },
    // A reader in another zone: one more instance of the writer's class (Aurora Standard storage; others not estimated).
    fixCost(item, _data, context) {
      const engine = item.configuration.engine;
      const priceEngine = engine?.startsWith('aurora-') === true ? rdsEngine(engine) : undefined;
      if (priceEngine === undefined || text(item.configuration['storageType']) === 'aurora-iopt1') return undefined;
      const writer = (item.configuration.dbclusterMembers ?? []).find((member) => member.isClusterWriter === true)?.dbinstanceIdentifier;
      const instance = context.inventory.inScope('AWS::RDS::DBInstance', scopeOf(item)).find((candidate) => writer !== undefined && writer !== null && identifierOf(candidate) === writer);
      const instanceClass = instance === undefined ? undefined : text(instance.configuration['dBInstanceClass']);
      if (instanceClass === undefined) return undefined;
      return priced([hoursLine(rdsInstanceHour(item.awsRegion, instanceClass, priceEngine, 'Single-AZ'), 1, `a ${instanceClass} ${priceEngine} reader in another zone`)]);
    },
  },
  check(item, context) {
    const name = item.configuration.dbclusterIdentifier ?? item.resourceName ?? item.resourceId;
    if (item.configuration.multiAZ === true) return context.pass('multiAz', { name });

    const members = item.configuration.dbclusterMembers;
    if (members === undefined || members === null) return context.unknown('membersMissing', { name });
    if (members.length === 0) return context.fail('noInstances', { name });

    const instances = context.inventory.inScope('AWS::RDS::DBInstance', scopeOf(item));
    const zones = new Set<string>();
    const names: string[] = [];
    let missing: string | undefined;
    let zoneless: string | undefined;
    members.forEach((member, index) => {
      const identifier = member.dbinstanceIdentifier;
      const label = identifier ?? `#${index}`;
      names.push(label);
      const instance = identifier ? instances.find((candidate) => identifierOf(candidate) === identifier) : undefined;
      if (instance === undefined) {
        missing ??= label;
        return;
      }
      const zone = zoneOf(instance);
      if (zone === undefined) zoneless ??= label;
      else zones.add(zone);
    });

    // Two zones already seen decide it: members still unknown cannot take a zone away.
    const sorted = [...zones].sort();
    if (sorted.length >= 2) return context.pass('membersSpread', { name, count: sorted.length, zones: sorted.join(', ') });
    if (missing !== undefined) return context.unknown('memberMissing', { name, member: missing });
    if (zoneless !== undefined) return context.unknown('memberZoneMissing', { name, member: zoneless });
    return context.fail('singleZone', { name, zone: sorted[0] ?? 'unknown', members: names.join(', ') });
  },
});
