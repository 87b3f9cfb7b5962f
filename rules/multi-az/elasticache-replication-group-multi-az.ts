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
