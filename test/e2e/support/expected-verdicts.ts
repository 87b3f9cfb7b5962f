/**
 * The verdicts a live scan of the seeded account must produce — every one of them, no more: rule id
 * → resource (its logical name in the seed, see support/seed*.ts) → status. The tagging rule's
 * verdicts follow from the tags each resource was seeded with (`taggingVerdicts`).
 *
 * Rules with no FAIL (or no PASS) here, and why:
 * - network-interface-in-private-subnet, FAIL: it fails only an interface a compute or database
 *   service created in a public subnet, recognised by the interface type or description that
 *   service gives it. moto creates such interfaces for ECS tasks (description "moto ECS", not
 *   ECS's attachment ARN) and EFS mount targets (left `available`, no description) only; Lambda,
 *   RDS, ElastiCache, Redshift and OpenSearch create none. So the ECS task's interface in a private
 *   subnet PASSes as an unclassified private interface, and one in a public subnet could only be
 *   UNKNOWN (unclassified): the seed has none.
 * - cloudtrail-multi-region-enabled, FAIL: one multi-Region trail covers every Region of the
 *   account alike, so within one account both Regions pass or both fail. The seed's org-audit
 *   (eu-west-1) covers us-east-1 as a shadow trail: both PASS.
 * - iam-user-no-stale-access-keys, FAIL: a stale key is one unused or unrotated for 90 days, and
 *   moto dates every key at its creation (now); the rule's table and the demo cover the FAIL.
 * - iam-root-hardened, PASS: moto keeps no state for the root user; the launcher's patch gives the
 *   credential report a root row without MFA (test/e2e/moto/patches/iam_credential_report.py).
 * - budget-forecast-alerts and cost-anomaly-monitor, FAIL; cost-allocation-tags-active, PASS: each
 *   judges the account once (its global budgets or Cost Explorer item), and the seed is one
 *   account; their tables and the demo cover the other status. The seed's cost controls are in
 *   support/seed-billing.ts (Cost Explorer's with the launcher's patch
 *   service_ce_anomaly_detection_and_cost_allocation_tags.py, Budgets' subscribers with
 *   budgets_subscribers_for_notification.py).
 * Every other rule has at least one PASS and one FAIL. dynamodb-table-encrypted-with-kms is also
 * UNKNOWN for `carts`, whose key (the AWS managed aws/dynamodb key) is in its own account: nothing
 * in DescribeTable tells it from a customer managed key, in AWS as in moto.
 *
 * Every resource type the live collectors read is seeded and served by moto (with the launcher's
 * patches, test/e2e/moto/patches/); none is absent.
 *
 * Emulator differences left unpatched, which change no status here:
 * - DescribeDBParameters of a default DB parameter group (default.postgres16, default.mysql8.0)
 *   returns no parameters in moto, so rds-instance-requires-tls judges `orders` and `legacy` by
 *   the engine's default (messages `defaultOn` / `defaultOff`); AWS returns the default group's
 *   rds.force_ssl = 1 / require_secure_transport = 0 (`on` / `off`). Same PASS and FAIL.
 * - moto names every cluster's default cluster parameter group default.aurora8.0 and serves no
 *   parameters for it: the Aurora clusters get explicit cluster parameter groups instead.
 * - The interfaces EC2 creates with instances do not take RunInstances' network-interface tags in
 *   moto: the seed leaves them untagged (a FAIL of the tagging rule, in AWS as in moto).
 *
 * The settings of these scans (`SCAN_SETTINGS`): required tags Environment and Team, interface
 * endpoints for sts only, requireKms for S3 and requireCmk for DynamoDB.
 */
import type { Status } from '../../../model/gates.js';
import type { Registry } from './registry.js';

export const SCAN_SETTINGS = {
  requiredTags: [{ key: 'Environment' }, { key: 'Team' }],
  vpcEndpoints: { interface: ['sts'] },
  rules: {
    's3-bucket-encrypted-at-rest': { options: { requireKms: true } },
    'dynamodb-table-encrypted-with-kms': { options: { requireCmk: true } },
  },
} as const;

const NA = 'NOT_APPLICABLE';
const { PASS, FAIL, UNKNOWN } = { PASS: 'PASS', FAIL: 'FAIL', UNKNOWN: 'UNKNOWN' } as const;

export const EXPECTED: Readonly<Record<string, Readonly<Record<string, Status>>>> = {
  // multi-az: production resources only (Environment=prod); the rest are NOT_APPLICABLE.
  'autoscaling-group-multi-az': { 'eu:asg-web': PASS, 'eu:asg-worker': FAIL },
  'efs-file-system-regional': { 'eu:efs-scratch': FAIL, 'eu:efs-shared': PASS },
  'elasticache-cluster-not-single-node': { 'eu:cache-memcached-spread': PASS, 'eu:cache-redis-single': FAIL },
  'elasticache-replication-group-multi-az': { 'eu:rg-queue': FAIL, 'eu:rg-sessions': PASS },
  'elbv2-load-balancer-multi-az': { 'eu:lb-cache': FAIL, 'eu:lb-web': PASS },
  'lambda-vpc-function-multi-az': { 'eu:fn-api': PASS, 'eu:fn-cron': NA, 'eu:fn-ingest': FAIL },
  'opensearch-domain-zone-aware': { 'eu:search-catalog': PASS, 'eu:search-logs': FAIL },
  'rds-cluster-multi-az': { 'eu:cluster-aurora-main': PASS, 'eu:cluster-aurora-solo': FAIL },
  'rds-instance-multi-az': {
    'eu:db-aurora-main-1': NA,
    'eu:db-aurora-main-2': NA,
    'eu:db-aurora-solo-1': NA,
    'eu:db-inventory': NA,
    'eu:db-legacy': FAIL,
    'eu:db-orders': PASS,
    'eu:db-reports': NA,
  },
  'redshift-cluster-multi-az': { 'eu:redshift-adhoc': FAIL, 'eu:redshift-warehouse': PASS },

  // private-network
  'ec2-instance-in-private-subnet': { 'eu:i-app': PASS, 'eu:i-batch': PASS, 'eu:i-web': FAIL, 'us:i-sandbox-box': FAIL },
  'ec2-instance-no-public-ip': { 'eu:i-app': PASS, 'eu:i-batch': PASS, 'eu:i-web': FAIL, 'us:i-sandbox-box': FAIL },
  'ec2-launch-template-no-public-ip': { 'eu:lt-private': PASS, 'eu:lt-public': FAIL },
  'ec2-subnet-no-auto-public-ip': {
    'eu:subnet-private-a': PASS,
    'eu:subnet-private-b': PASS,
    'eu:subnet-public-a': FAIL,
    'eu:subnet-public-b': PASS,
    'eu:subnet-staging-a': PASS,
    'us:subnet-sandbox-public': FAIL,
  },
  'ecs-service-no-public-ip': { 'eu:svc-api': PASS, 'eu:svc-legacy': NA, 'eu:svc-public': FAIL },
  'elasticache-in-private-subnets': { 'eu:cache-memcached-spread': PASS, 'eu:cache-redis-single': FAIL },
  'lambda-function-in-private-subnets': { 'eu:fn-api': PASS, 'eu:fn-cron': NA, 'eu:fn-ingest': FAIL },
  'network-interface-in-private-subnet': {
    'eu:eni-app': NA,
    'eu:eni-batch': NA,
    'eu:eni-task': PASS,
    'eu:eni-vpce-prod-sts': NA,
    'eu:eni-web': NA,
    'us:eni-sandbox-box': NA,
  },
  'opensearch-domain-in-private-vpc': { 'eu:search-catalog': PASS, 'eu:search-logs': FAIL },
  'rds-instance-in-private-subnets': {
    'eu:db-aurora-main-1': PASS,
    'eu:db-aurora-main-2': PASS,
    'eu:db-aurora-solo-1': PASS,
    'eu:db-inventory': PASS,
    'eu:db-legacy': FAIL,
    'eu:db-orders': PASS,
    'eu:db-reports': PASS,
  },
  'rds-instance-not-publicly-accessible': {
    'eu:db-aurora-main-1': PASS,
    'eu:db-aurora-main-2': PASS,
    'eu:db-aurora-solo-1': PASS,
    'eu:db-inventory': PASS,
    'eu:db-legacy': FAIL,
    'eu:db-orders': PASS,
    'eu:db-reports': PASS,
  },
  'redshift-cluster-not-public': { 'eu:redshift-adhoc': FAIL, 'eu:redshift-warehouse': PASS },

  // encryption
  'cloudfront-distribution-https-only': { 'cf:site-https': PASS, 'cf:site-mixed': FAIL },
  'dynamodb-table-encrypted-with-kms': { 'eu:table-carts': UNKNOWN, 'eu:table-orders': PASS, 'eu:table-sessions': FAIL },
  'ebs-encryption-by-default': { 'eu:account': PASS, 'us:account': FAIL },
  'ebs-volume-encrypted': {
    'eu:vol-app-root': FAIL,
    'eu:vol-batch-root': FAIL,
    'eu:vol-data-encrypted': PASS,
    'eu:vol-data-plain': FAIL,
    'eu:vol-scratch': NA,
    'eu:vol-web-root': FAIL,
    'us:vol-sandbox-box-root': FAIL,
  },
  'efs-file-system-encrypted': { 'eu:efs-scratch': FAIL, 'eu:efs-shared': PASS },
  'elasticache-encrypted-at-rest': { 'eu:rg-queue': FAIL, 'eu:rg-sessions': PASS },
  'elasticache-encrypted-in-transit': { 'eu:rg-queue': FAIL, 'eu:rg-sessions': PASS },
  'elbv2-listener-encrypted': { 'eu:listener-cache-tcp': FAIL, 'eu:listener-web-https': PASS, 'eu:listener-web-plain': FAIL, 'eu:listener-web-redirect': PASS },
  'kinesis-stream-encrypted': { 'eu:stream-clicks': PASS, 'eu:stream-raw-events': FAIL },
  'opensearch-domain-encrypted': { 'eu:search-catalog': PASS, 'eu:search-logs': FAIL },
  'rds-cluster-storage-encrypted': { 'eu:cluster-aurora-main': PASS, 'eu:cluster-aurora-solo': FAIL },
  'rds-instance-requires-tls': {
    'eu:db-aurora-main-1': PASS,
    'eu:db-aurora-main-2': PASS,
    'eu:db-aurora-solo-1': FAIL,
    'eu:db-inventory': PASS,
    'eu:db-legacy': FAIL,
    'eu:db-orders': PASS,
    'eu:db-reports': FAIL,
  },
  'rds-instance-storage-encrypted': {
    'eu:db-aurora-main-1': NA,
    'eu:db-aurora-main-2': NA,
    'eu:db-aurora-solo-1': NA,
    'eu:db-inventory': PASS,
    'eu:db-legacy': FAIL,
    'eu:db-orders': PASS,
    'eu:db-reports': PASS,
  },
  'rds-snapshot-encrypted': {
    'eu:csnap-aurora-main-manual': PASS,
    'eu:csnap-aurora-solo-manual': FAIL,
    'eu:csnap-auto-aurora-main': PASS,
    'eu:csnap-auto-aurora-solo': FAIL,
    'eu:snap-auto-inventory': PASS,
    'eu:snap-auto-legacy': FAIL,
    'eu:snap-auto-orders': PASS,
    'eu:snap-auto-reports': PASS,
    'eu:snap-legacy-manual': FAIL,
    'eu:snap-orders-manual': PASS,
  },
  'redshift-cluster-encrypted': { 'eu:redshift-adhoc': FAIL, 'eu:redshift-warehouse': PASS },
  's3-bucket-encrypted-at-rest': {
    'eu:bucket-gw-e2e-plain': FAIL,
    'eu:bucket-gw-e2e-secure': PASS,
    'eu:bucket-gw-e2e-trail-logs': FAIL,
    'us:bucket-gw-e2e-sandbox': PASS,
  },
  's3-bucket-requires-tls': {
    'eu:bucket-gw-e2e-plain': FAIL,
    'eu:bucket-gw-e2e-secure': PASS,
    'eu:bucket-gw-e2e-trail-logs': FAIL,
    'us:bucket-gw-e2e-sandbox': FAIL,
  },
  'sns-topic-encrypted': { 'eu:topic-alerts': PASS, 'eu:topic-alerts-plain': FAIL, 'us:topic-sandbox-events': FAIL },
  'sqs-queue-encrypted': { 'eu:queue-jobs-kms': PASS, 'eu:queue-jobs-plain': FAIL, 'eu:queue-jobs-sse': PASS, 'us:queue-sandbox-queue': PASS },

  // least-privilege: every policy, and the inline policies of every principal
  'iam-policy-no-full-admin': {
    'iam:group-admins': NA,
    'iam:policy-app-read': PASS,
    'iam:policy-kms-reader': PASS,
    'iam:policy-ops-admin': FAIL,
    'iam:role-app': NA,
    'iam:role-lambda-exec': PASS,
    'iam:role-partner': NA,
    'iam:user-auditor': NA,
    'iam:user-deployer': PASS,
    'iam:user-operator': NA,
  },
  'iam-policy-no-kms-decrypt-all': {
    'iam:group-admins': NA,
    'iam:policy-app-read': PASS,
    'iam:policy-kms-reader': FAIL,
    'iam:policy-ops-admin': FAIL,
    'iam:role-app': NA,
    'iam:role-lambda-exec': PASS,
    'iam:role-partner': NA,
    'iam:user-auditor': NA,
    'iam:user-deployer': PASS,
    'iam:user-operator': NA,
  },
  'iam-policy-no-service-wildcard': {
    'iam:group-admins': NA,
    'iam:policy-app-read': PASS,
    'iam:policy-kms-reader': PASS,
    'iam:policy-ops-admin': FAIL,
    'iam:role-app': NA,
    'iam:role-lambda-exec': PASS,
    'iam:role-partner': NA,
    'iam:user-auditor': NA,
    'iam:user-deployer': FAIL,
    'iam:user-operator': NA,
  },
  'iam-policy-resources-scoped': {
    'iam:group-admins': NA,
    'iam:policy-app-read': PASS,
    'iam:policy-kms-reader': FAIL,
    'iam:policy-ops-admin': FAIL,
    'iam:role-app': NA,
    'iam:role-lambda-exec': PASS,
    'iam:role-partner': NA,
    'iam:user-auditor': NA,
    'iam:user-deployer': PASS,
    'iam:user-operator': NA,
  },
  'iam-principal-no-admin-managed-policy': {
    'iam:group-admins': FAIL,
    'iam:role-app': PASS,
    'iam:role-lambda-exec': PASS,
    'iam:role-partner': FAIL,
    'iam:user-auditor': PASS,
    'iam:user-deployer': PASS,
    'iam:user-operator': PASS,
  },
  'iam-role-trust-not-public': { 'iam:role-app': PASS, 'iam:role-lambda-exec': PASS, 'iam:role-partner': FAIL },
  // Credentials, from the credential report.
  'iam-user-mfa-enabled': { 'iam:user-auditor': PASS, 'iam:user-deployer': NA, 'iam:user-operator': FAIL },
  'iam-user-no-stale-access-keys': { 'iam:user-auditor': NA, 'iam:user-deployer': NA, 'iam:user-operator': PASS },
  'iam-root-hardened': { 'iam:root': FAIL },

  // audit-detection: the account × Region facts, and the trails
  'cloudtrail-log-file-validation': { 'eu:trail-org-audit': PASS, 'us:trail-sandbox-trail': FAIL },
  'cloudtrail-multi-region-enabled': { 'eu:account': PASS, 'us:account': PASS },
  'cloudtrail-trail-encrypted': { 'eu:trail-org-audit': PASS, 'us:trail-sandbox-trail': FAIL },
  'config-recorder-enabled': { 'eu:account': PASS, 'us:account': FAIL },
  'guardduty-enabled': { 'eu:account': PASS, 'us:account': FAIL },
  'securityhub-enabled': { 'eu:account': PASS, 'us:account': FAIL },
  // us-east-1 has only an unused-access analyzer.
  'access-analyzer-enabled': { 'eu:account': PASS, 'us:account': FAIL },

  // vpc-endpoints: gateway s3 + dynamodb and interface sts in prod; none in staging or sandbox;
  // idle has no network interface, so no workload to serve.
  'vpc-gateway-endpoints': { 'eu:vpc-idle': NA, 'eu:vpc-prod': PASS, 'eu:vpc-staging': FAIL, 'us:vpc-sandbox': FAIL },
  'vpc-interface-endpoints': { 'eu:vpc-idle': NA, 'eu:vpc-prod': PASS, 'eu:vpc-staging': FAIL, 'us:vpc-sandbox': FAIL },

  // cost-controls: a standalone account with a complete forecast budget, Team an inactive cost
  // allocation tag, and a services monitor with a subscription.
  'budget-forecast-alerts': { 'billing:budgets': PASS },
  'cost-allocation-tags-active': { 'billing:ce': FAIL },
  'cost-anomaly-monitor': { 'billing:ce': PASS },
};

/** Types the tagging rule does not judge: IAM groups and the root user cannot be tagged; the account items are no resources. */
const UNTAGGABLE = new Set(['AWS::IAM::Group', 'AWS::IAM::RootUser', 'AWS::::Account', 'AWS::Budgets::Account', 'AWS::CE::Account']);
/** Interfaces AWS manages for a service (requester-managed): the tagging rule leaves them out. */
const MANAGED_BY_AWS = new Set(['eu:eni-vpce-prod-sts']);

/**
 * resource-required-tags over every seeded resource: PASS with both Environment and Team, FAIL
 * without one of them; NOT_APPLICABLE for interfaces AWS manages.
 */
export function taggingVerdicts(registry: Registry): Record<string, Status> {
  const verdicts: Record<string, Status> = {};
  for (const resource of registry.all()) {
    if (UNTAGGABLE.has(resource.type)) continue;
    verdicts[resource.key] = MANAGED_BY_AWS.has(resource.key)
      ? NA
      : resource.tags['Environment'] !== undefined && resource.tags['Team'] !== undefined
        ? PASS
        : FAIL;
  }
  return verdicts;
}

/** Every expected verdict: `rule|key` → status. */
export function expectedVerdicts(registry: Registry): Map<string, Status> {
  const all = new Map<string, Status>();
  for (const [rule, verdicts] of Object.entries(EXPECTED)) for (const [key, status] of Object.entries(verdicts)) all.set(`${rule}|${key}`, status);
  for (const [key, status] of Object.entries(taggingVerdicts(registry))) all.set(`resource-required-tags|${key}`, status);
  return all;
}
