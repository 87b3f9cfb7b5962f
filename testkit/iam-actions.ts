/**
 * The IAM action behind an SDK operation as gatewatch's call statistics name it (the collector's
 * service label and the operation): the permissions a scan needs, for the tests that hold the
 * generated permission files to the calls the collectors make.
 */

/** IAM's service prefixes where they differ from gatewatch's service labels. */
const PREFIX: Readonly<Record<string, string>> = { opensearch: 'es', efs: 'elasticfilesystem', tagging: 'tag' };

/** Operations whose IAM action has another name. */
const ACTION: Readonly<Record<string, string>> = {
  's3:ListBuckets': 's3:ListAllMyBuckets',
  's3:GetBucketEncryption': 's3:GetEncryptionConfiguration',
  's3:GetPublicAccessBlock': 's3:GetBucketPublicAccessBlock',
  // Budgets' reads are all authorised by one action.
  'budgets:DescribeBudgets': 'budgets:ViewBudget',
  'budgets:DescribeNotificationsForBudget': 'budgets:ViewBudget',
  'budgets:DescribeSubscribersForNotification': 'budgets:ViewBudget',
};

/** Calls that need no permission. */
const FREE: ReadonlySet<string> = new Set(['sts:GetCallerIdentity']);

/** The IAM action a call needs (`rds:DescribeDBInstances`); `undefined` for a call that needs none. */
export function iamActionOf(service: string, operation: string): string | undefined {
  const call = `${service}:${operation}`;
  if (FREE.has(call)) return undefined;
  return ACTION[call] ?? `${PREFIX[service] ?? service}:${operation}`;
}
