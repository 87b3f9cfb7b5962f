/**
 * The re-scan rows of the call table: calls that change a fact many resources' verdicts rest on,
 * so the gates reading it are re-scanned rather than resources re-read. They belong to gates, not
 * to resource types.
 */
import type { Gate } from '../../model/gates.js';
import type { CallRow } from './call-table.js';
import { eventSourceOf } from './cloudtrail-call.js';

function rescan(service: string, eventNames: readonly string[], gates: readonly Gate[], scope: 'region' | 'global' | 'all'): CallRow[] {
  return eventNames.map((eventName) => ({ eventSource: eventSourceOf(service), eventName, effect: { kind: 'rescan', gates, scope } }));
}

export const RESCAN_CALLS: readonly CallRow[] = [
  // Subnets, routes and internet gateways decide which subnets are public, for every instance,
  // interface, database, cache, domain and function in them. DetachInternetGateway can fix a verdict as
  // AttachInternetGateway can break one.
  ...rescan(
    'ec2',
    [
      'CreateSubnet',
      'ModifySubnetAttribute',
      'CreateRoute',
      'ReplaceRoute',
      'DeleteRoute',
      'AssociateRouteTable',
      'ReplaceRouteTableAssociation',
      'DisassociateRouteTable',
      'AttachInternetGateway',
      'DetachInternetGateway',
    ],
    ['private-network'],
    'region',
  ),
  ...rescan('ec2', ['CreateVpcEndpoint', 'DeleteVpcEndpoints', 'ModifyVpcEndpoint'], ['vpc-endpoints'], 'region'),
  ...rescan('ec2', ['EnableEbsEncryptionByDefault', 'DisableEbsEncryptionByDefault'], ['encryption'], 'region'),

  // A parameter group serves many instances and only the TLS rule reads it.
  ...rescan('rds', ['ModifyDBParameterGroup', 'ModifyDBClusterParameterGroup'], ['encryption'], 'region'),

  // IAM is collected in one bulk call: any policy change re-scans least privilege in `global`.
  // Detach*/Delete* can fix a verdict as Attach*/Put* can break one; a new role or policy is also judged for its tags.
  ...rescan(
    'iam',
    [
      'CreatePolicyVersion',
      'DeletePolicyVersion',
      'SetDefaultPolicyVersion',
      'DeletePolicy',
      'PutRolePolicy',
      'DeleteRolePolicy',
      'AttachRolePolicy',
      'DetachRolePolicy',
      'UpdateAssumeRolePolicy',
      'DeleteRole',
      'PutUserPolicy',
      'DeleteUserPolicy',
      'AttachUserPolicy',
      'DetachUserPolicy',
      'PutGroupPolicy',
      'DeleteGroupPolicy',
      'AttachGroupPolicy',
      'DetachGroupPolicy',
    ],
    ['least-privilege'],
    'global',
  ),
  ...rescan('iam', ['CreatePolicy', 'CreateRole', 'TagRole', 'UntagRole', 'TagUser', 'UntagUser', 'TagPolicy', 'UntagPolicy'], ['least-privilege', 'tagging'], 'global'),

  // Credentials (a console password, an MFA device, an access key; of a user or of the root user, whose
  // calls have the same names): the credential rules read IAM's credential report, one for the whole
  // account, so least privilege is re-scanned in `global` — with the call's time, because IAM
  // regenerates the report only when it is more than 4 hours old: a report older than the change is
  // not judged (CollectRequest.credentialsChangedAt).
  ...rescan(
    'iam',
    [
      'CreateLoginProfile',
      'UpdateLoginProfile',
      'DeleteLoginProfile',
      'EnableMFADevice',
      'DeactivateMFADevice',
      'DeleteVirtualMFADevice',
      'CreateAccessKey',
      'UpdateAccessKey',
      'DeleteAccessKey',
    ],
    ['least-privilege'],
    'global',
  ).map((row) => ({ ...row, effect: { ...row.effect, credentials: true as const } })),

  // GuardDuty is judged per Region (the account item of the Region).
  ...rescan('guardduty', ['CreateDetector', 'DeleteDetector', 'UpdateDetector'], ['audit-detection'], 'region'),
  // A trail can be multi-Region: a change to one moves the audit verdict of every Region.
  ...rescan('cloudtrail', ['CreateTrail', 'UpdateTrail', 'DeleteTrail', 'StopLogging', 'StartLogging', 'PutEventSelectors'], ['audit-detection'], 'all'),

  // Security Hub CSPM and IAM Access Analyzer are judged per Region (the account item of the Region),
  // like GuardDuty. A new analyzer is also judged for its tags.
  ...rescan('securityhub', ['EnableSecurityHub', 'DisableSecurityHub', 'BatchEnableStandards', 'BatchDisableStandards'], ['audit-detection'], 'region'),
  ...rescan('access-analyzer', ['DeleteAnalyzer'], ['audit-detection'], 'region'),
  ...rescan('access-analyzer', ['CreateAnalyzer'], ['audit-detection', 'tagging'], 'region'),

  // Auto Scaling tags name the group, whose collector id is its ARN (with a UUID no event carries): re-scan the
  // gates that judge groups.
  ...rescan('autoscaling', ['CreateOrUpdateTags', 'DeleteTags'], ['multi-az', 'tagging'], 'region'),

  // Budgets and Cost Explorer are judged on account-wide items (AWS::Budgets::Account, AWS::CE::Account),
  // read whole: a change to a budget, its alerts, an anomaly monitor or subscription, or a cost
  // allocation tag's status re-scans the gate in `global`. (Both services have one endpoint, us-east-1,
  // where CloudTrail records these calls.)
  ...rescan(
    'budgets',
    ['CreateBudget', 'UpdateBudget', 'DeleteBudget', 'CreateNotification', 'UpdateNotification', 'DeleteNotification', 'CreateSubscriber', 'UpdateSubscriber', 'DeleteSubscriber'],
    ['cost-controls'],
    'global',
  ),
  ...rescan(
    'ce',
    [
      'CreateAnomalyMonitor',
      'UpdateAnomalyMonitor',
      'DeleteAnomalyMonitor',
      'CreateAnomalySubscription',
      'UpdateAnomalySubscription',
      'DeleteAnomalySubscription',
      'UpdateCostAllocationTagsStatus',
    ],
    ['cost-controls'],
    'global',
  ),
];
