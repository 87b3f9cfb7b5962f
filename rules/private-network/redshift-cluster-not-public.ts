/**
 * redshift-cluster-not-public: a Redshift provisioned cluster is not publicly accessible
 * (`publiclyAccessible` false), as Security Hub's Redshift.1 demands. A publicly
 * accessible cluster gets a public IP address and resolves to it from outside the VPC; whether
 * its subnets reach the internet, its own network interfaces are judged by
 * network-interface-in-private-subnet. No setting recorded is UNKNOWN, never a PASS.
 */
import { defineRule } from '../lib/define-rule.js';

export default defineRule({
  meta: {
    id: 'redshift-cluster-not-public',
    gate: 'private-network',
    title: 'Redshift clusters are not publicly accessible',
    // Security Hub rates Redshift.1 CRITICAL.
    severity: 'CRITICAL',
    priority: 'P2',
    resourceTypes: ['AWS::Redshift::Cluster'],
    controls: ['Redshift.1'],
    remediation: {
      text:
        'Modify the cluster and turn off "Publicly accessible" (the cluster releases its public IP address; clients ' +
        'then reach it from inside the VPC, over VPN or Direct Connect, or through a Redshift-managed VPC endpoint).',
      url: 'https://docs.aws.amazon.com/redshift/latest/mgmt/managing-clusters-vpc.html',
    },
    messages: {
      notPublic: 'Redshift cluster {{cluster}} is not publicly accessible.',
      public: 'Redshift cluster {{cluster}} is publicly accessible: it has a public IP address and answers from outside its VPC.',
      missing: 'Redshift cluster {{cluster}} has no recorded publiclyAccessible setting.',
    },
  },
  check(item, context) {
    const cluster = item.configuration.clusterIdentifier ?? item.resourceId;
    const publiclyAccessible = item.configuration.publiclyAccessible;
    if (publiclyAccessible === undefined || publiclyAccessible === null) return context.unknown('missing', { cluster });
    return publiclyAccessible ? context.fail('public', { cluster }) : context.pass('notPublic', { cluster });
  },
});
