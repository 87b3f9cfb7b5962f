/**
 * The vocabulary every layer shares: the gates, severities and statuses. Rules, the event
 * adapter, findings and the CLI all import it from here (it imports nothing).
 */

export const GATES = [
  { id: 'multi-az', title: 'Multi-AZ for production stateful services', scope: 'production' },
  { id: 'private-network', title: 'No public subnets for compute or databases', scope: 'all' },
  { id: 'encryption', title: 'Encryption at rest and in transit', scope: 'all' },
  { id: 'least-privilege', title: 'Least-privilege IAM: scoped policies, MFA, no stale keys', scope: 'all' },
  { id: 'audit-detection', title: 'CloudTrail, GuardDuty, Security Hub, Access Analyzer enabled', scope: 'all' },
  { id: 'vpc-endpoints', title: 'VPC endpoints for AWS service access', scope: 'all' },
  { id: 'tagging', title: 'Required tags on every resource', scope: 'all' },
  { id: 'cost-controls', title: 'Cost controls: budgets, cost allocation tags, anomaly alerts', scope: 'all' },
] as const satisfies readonly { id: string; title: string; scope: RuleScope }[];

export type Gate = (typeof GATES)[number]['id'];
export const GATE_IDS: readonly Gate[] = GATES.map((gate) => gate.id);

/** ASFF severity labels, most severe first. */
export const SEVERITIES = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'INFORMATIONAL'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const STATUSES = ['FAIL', 'UNKNOWN', 'PASS', 'NOT_APPLICABLE'] as const;
export type Status = (typeof STATUSES)[number];

/** `production`: only resources the production tag marks; the rest are NOT_APPLICABLE. */
export type RuleScope = 'production' | 'all';
