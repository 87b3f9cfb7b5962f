import { displayName, type ConfigurationItem } from '../../model/configuration-item.js';
import { AWS_MANAGED_POLICY_ARN, listSome } from '../lib/iam-documents.js';
import { defineRule } from '../lib/define-rule.js';

type PrincipalType = 'AWS::IAM::Role' | 'AWS::IAM::User' | 'AWS::IAM::Group';

/**
 * AWS managed policies whose default version allows `*` on `*`: AdministratorAccess, the one the
 * AWS Managed Policy Reference documents so. PowerUserAccess (NotAction iam/organizations/account)
 * and the job-function policies are broad but not `*` on `*`, so they stay out; add a name here if
 * AWS publishes another. Matched by name after the AWS managed prefix, in every partition, at the
 * root path (a customer policy named AdministratorAccess is judged by iam-policy-no-full-admin).
 */
const ADMIN_POLICY_NAMES = new Set(['AdministratorAccess']);

/** Paths of roles that AWS creates and maintains: their attachments are not the account's to change. */
const SERVICE_LINKED_PATH = '/aws-service-role/';
const IDENTITY_CENTER_PATH = '/aws-reserved/sso.amazonaws.com/';

function isAdminPolicy(arn: string): boolean {
  if (!AWS_MANAGED_POLICY_ARN.test(arn)) return false;
  const rest = arn.slice(arn.indexOf(':policy/') + ':policy/'.length);
  return ADMIN_POLICY_NAMES.has(rest);
}

function principalOf(item: ConfigurationItem<PrincipalType>) {
  switch (item.resourceType) {
    case 'AWS::IAM::Role':
      return { principal: `role ${item.configuration.roleName ?? displayName(item)}`, attached: item.configuration.attachedManagedPolicies };
    case 'AWS::IAM::User':
      return { principal: `user ${item.configuration.userName ?? displayName(item)}`, attached: item.configuration.attachedManagedPolicies };
    case 'AWS::IAM::Group':
      return { principal: `group ${item.configuration.groupName ?? displayName(item)}`, attached: item.configuration.attachedManagedPolicies };
  }
}

/** The path of a role: its `path` field, else the part of its ARN between `role` and the name. */
function rolePath(item: ConfigurationItem<'AWS::IAM::Role'>): string | undefined {
  return item.configuration.path ?? /:role(\/.*\/)[^/]+$/.exec(item.configuration.arn ?? item.ARN ?? '')?.[1];
}

export default defineRule({
  meta: {
    id: 'iam-principal-no-admin-managed-policy',
    gate: 'least-privilege',
    title: 'IAM roles, users and groups have no AdministratorAccess policy attached',
    // No FSBP control; IAM.1 rates a policy with "*" on "*" HIGH, and attaching AWS's own is the same grant.
    severity: 'HIGH',
    priority: 'P1',
    resourceTypes: ['AWS::IAM::Role', 'AWS::IAM::User', 'AWS::IAM::Group'],
    controls: [],
    remediation: {
      text:
        'Detach AdministratorAccess and attach policies that grant only what the role, user or group needs ' +
        '(IAM Access Analyzer can generate one from its CloudTrail activity). Keep administrator access to IAM Identity Center permission sets or a break-glass role.',
      url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_manage-attach-detach.html',
    },
    messages: {
      noAdminPolicy: 'No AWS managed administrator policy is attached to {{principal}} (attached managed policies: {{count}}).',
      adminPolicyAttached: 'The {{principal}} has {{policies}} attached, an AWS managed policy that allows "*" on "*".',
      serviceLinked: 'The {{principal}} is a service-linked role: AWS maintains its policies.',
      identityCenter: 'The {{principal}} is provisioned by IAM Identity Center: its policies come from a permission set, judged there.',
      attachmentsUnknown: 'The managed policies attached to {{principal}} were not recorded.',
      attachmentUnnamed: 'The {{principal}} has a managed policy attached whose ARN was not recorded ({{policies}}).',
    },
  },
  check(item, context) {
    const { principal, attached } = principalOf(item);
    if (item.resourceType === 'AWS::IAM::Role') {
      const path = rolePath(item);
      if (path?.startsWith(SERVICE_LINKED_PATH)) return context.notApplicable('serviceLinked', { principal });
      if (path?.startsWith(IDENTITY_CENTER_PATH)) return context.notApplicable('identityCenter', { principal });
    }
    if (attached === null || attached === undefined) return context.unknown('attachmentsUnknown', { principal });
    const admin = attached.flatMap((policy) => (policy.policyArn && isAdminPolicy(policy.policyArn) ? [policy.policyArn] : []));
    if (admin.length > 0) return context.fail('adminPolicyAttached', { principal, policies: listSome(admin) });
    // Without an ARN the name cannot tell AWS's AdministratorAccess from a customer policy of that name.
    const unnamed = attached.filter((policy) => !policy.policyArn && (policy.policyName === null || policy.policyName === undefined || ADMIN_POLICY_NAMES.has(policy.policyName)));
    if (unnamed.length > 0) return context.unknown('attachmentUnnamed', { principal, policies: listSome(unnamed.map((policy) => policy.policyName ?? 'unnamed')) });
    return context.pass('noAdminPolicy', { principal, count: attached.length });
  },
});
