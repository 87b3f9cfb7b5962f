/**
 * redshift-cluster-multi-az: a provisioned Redshift cluster is a Multi-AZ deployment, with compute
 * in a second Availability Zone that takes over when the first fails.
 *
 * Redshift's DescribeClusters reports Multi-AZ as a status word (`MultiAZ`: `Enabled` /
 * `Disabled`), recorded as `multiAZ`; it is compared case-insensitively. Any other value, or none,
 * is UNKNOWN.
 */
import { defineRule } from '../lib/define-rule.js';
import { usageBased } from '../lib/fix-costs.js';

export default defineRule({
  meta: {
    id: 'redshift-cluster-multi-az',
    gate: 'multi-az',
    title: 'Redshift clusters run as Multi-AZ deployments',
    // Security Hub rates Redshift.18 MEDIUM.
    severity: 'MEDIUM',
    priority: 'P2',
    resourceTypes: ['AWS::Redshift::Cluster'],
    controls: ['Redshift.18'],
    remediation: {
      text:
        'Convert the cluster to a Multi-AZ deployment (modify-cluster --multi-az; RA3 node types only, with a cluster ' +
        'subnet group that has subnets in several Availability Zones), or restore a snapshot into a new Multi-AZ cluster.',
      url: 'https://docs.aws.amazon.com/redshift/latest/mgmt/overview-multi-az.html',
    },
    messages: {
      multiAz: 'Redshift cluster {{name}} is a Multi-AZ deployment.',
      singleAz: 'Redshift cluster {{name}} runs in a single Availability Zone (Multi-AZ {{value}}); losing that zone takes it down.',
      missing: 'Redshift cluster {{name}} has no recorded Multi-AZ setting.',
      unrecognised: 'Redshift cluster {{name}} records Multi-AZ as "{{value}}", which is neither enabled nor disabled.',
    },
    // Multi-AZ runs a second set of RA3 nodes in another zone: its price depends on the RA3 type chosen, so it is not priced.
    fixCost() {
      return usageBased('Multi-AZ needs RA3 nodes and runs as many again in a second zone: about twice the compute of the RA3 cluster chosen; not estimated');
    },
  },
  check(item, context) {
    const name = item.configuration.clusterIdentifier ?? item.resourceName ?? item.resourceId;
    const value = item.configuration.multiAZ;
    if (value === undefined || value === null || value.trim() === '') return context.unknown('missing', { name });
    switch (value.trim().toLowerCase()) {
      case 'enabled':
        return context.pass('multiAz', { name });
      case 'disabled':
        return context.fail('singleAz', { name, value });
      default:
        return context.unknown('unrecognised', { name, value });
    }
  },
});
