/**
 * elasticache-replication-group-multi-az: an ElastiCache (Redis OSS / Valkey) replication group
 * has both automatic failover and Multi-AZ enabled, so a replica in another Availability Zone
 * takes over when the primary's zone fails.
 *
 * Both settings are status words as DescribeReplicationGroups reports them: `automaticFailover`
 * is enabled, disabled, enabling or disabling; `multiAZ` is enabled or disabled. Only `enabled`
 * counts: a group still `enabling` has no failover yet.
 */
import { defineRule } from '../lib/define-rule.js';
import { cacheEngine, cacheNodeHour, free, hoursLine, priced, text } from '../lib/fix-costs.js';

const STATUSES: ReadonlySet<string> = new Set(['enabled', 'disabled', 'enabling', 'disabling']);

/** The status word, or undefined when it is absent or not one ElastiCache reports. */
function statusOf(value: string | null | undefined): string | undefined {
  const status = value?.toLowerCase();
  return status !== undefined && STATUSES.has(status) ? status : undefined;
}

export default defineRule({
  meta: {
    id: 'elasticache-replication-group-multi-az',
    gate: 'multi-az',
    title: 'ElastiCache replication groups have automatic failover and Multi-AZ',
    // Security Hub rates ElastiCache.3 MEDIUM; the same severity keeps both findings in step.
    severity: 'MEDIUM',
    priority: 'P1',
    resourceTypes: ['AWS::ElastiCache::ReplicationGroup'],
    controls: ['ElastiCache.3'],
    remediation: {
      text:
        'Give the replication group at least one replica in another Availability Zone, then modify it with automatic ' +
        'failover and Multi-AZ enabled.',
      url: 'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/AutoFailover.html',
    },
    messages: {
      multiAz: 'Replication group {{name}} has automatic failover and Multi-AZ enabled.',
      notMultiAz: 'Replication group {{name}} has automatic failover {{automaticFailover}} and Multi-AZ {{multiAz}}: a zone failure is not failed over to a replica.',
      missing: 'Replication group {{name}} has no recorded {{field}} status (recorded: {{value}}).',
    },
    // Failover and Multi-AZ cost nothing; a node group without a replica needs one more node of the group's type.
    fixCost(item) {
      const groups = item.configuration['nodeGroups'];
      if (!Array.isArray(groups) || groups.length === 0) return undefined;
      const withoutReplica = groups.filter((group: unknown) => {
        const members = typeof group === 'object' && group !== null ? (group as { nodeGroupMembers?: unknown }).nodeGroupMembers : undefined;
        return !Array.isArray(members) || members.length < 2;
      }).length;
      if (withoutReplica === 0) return free('turning on automatic failover and Multi-AZ adds no node (a replica in the primary\'s zone is moved to another)');
      const nodeType = text(item.configuration['cacheNodeType']);
      const engine = cacheEngine(text(item.configuration['engine']));
      if (nodeType === undefined || engine === undefined) return undefined;
      return priced([hoursLine(cacheNodeHour(item.awsRegion, nodeType, engine), withoutReplica, `${withoutReplica} ${nodeType} ${engine} replica${withoutReplica > 1 ? 's' : ''} in another zone`)]);
    },
  },
  check(item, context) {
    const name = item.configuration.replicationGroupId ?? item.resourceId;
    const rawFailover = item.configuration.automaticFailover;
    const rawMultiAz = item.configuration.multiAZ;
    const automaticFailover = statusOf(rawFailover);
    const multiAz = statusOf(rawMultiAz);
    const data = { name, automaticFailover: automaticFailover ?? 'unknown', multiAz: multiAz ?? 'unknown' };

    // A setting known to be off fails the group whatever the other one says.
    const off = (status: string | undefined): boolean => status !== undefined && status !== 'enabled';
    if (off(automaticFailover) || off(multiAz)) return context.fail('notMultiAz', data);
    if (automaticFailover === undefined) return context.unknown('missing', { name, field: 'automaticFailover', value: rawFailover ?? 'nothing' });
    if (multiAz === undefined) return context.unknown('missing', { name, field: 'multiAZ', value: rawMultiAz ?? 'nothing' });
    return context.pass('multiAz', { name });
  },
});
