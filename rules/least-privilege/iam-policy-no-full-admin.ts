import { displayName, type ConfigurationItem } from '../../inventory/configuration-item.js';
import { statementsOf, type NormalizedStatement, type PolicyDocument } from '../../inventory/policy-document.js';
import { defineRule } from '../define-rule.js';

type JudgedType = 'AWS::IAM::Policy' | 'AWS::IAM::Role' | 'AWS::IAM::User' | 'AWS::IAM::Group';

/** A policy document to judge, with the name messages use for it. */
interface NamedDocument {
  readonly policy: string;
  readonly document: PolicyDocument | null | undefined;
}

/** One statement that grants full administrative access. */
interface AdminGrant {
  readonly policy: string;
  readonly statement: string;
  readonly grant: string;
}

/** AWS managed policies live under the `aws` account in their ARN (`arn:aws:iam::aws:policy/…`). */
const AWS_MANAGED_ARN = /^arn:aws[a-z-]*:iam::aws:policy\//;

const FULL_ACTIONS = new Set(['*', '*:*']);

/**
 * What a statement grants when it is full administrative access (an Allow of every action, or
 * of everything but some actions, on every resource or everything but some), else undefined.
 * Conditions are ignored, as IAM.1 ignores them.
 */
function adminGrant(statement: NormalizedStatement): string | undefined {
  if (statement.effect !== 'Allow') return undefined;
  const fullAction = statement.actions?.find((action) => FULL_ACTIONS.has(action));
  const actions =
    fullAction !== undefined
      ? `Action ${fullAction}`
      : statement.notActions !== undefined
        ? `every action except ${statement.notActions.join(', ') || 'none'} (NotAction)`
        : undefined;
  if (actions === undefined) return undefined;
  const resources = statement.resources?.includes('*')
    ? 'Resource *'
    : statement.notResources !== undefined
      ? `every resource except ${statement.notResources.join(', ') || 'none'} (NotResource)`
      : undefined;
  return resources === undefined ? undefined : `${actions} on ${resources}`;
}

function adminGrants({ policy, document }: NamedDocument): AdminGrant[] {
  if (document === null || document === undefined) return [];
  return statementsOf(document).flatMap((statement) => {
    const grant = adminGrant(statement);
    return grant === undefined ? [] : [{ policy, statement: statement.label, grant }];
  });
}

/** The default version of a customer managed policy: flagged as default, else named by defaultVersionId. */
function defaultVersion(item: ConfigurationItem<'AWS::IAM::Policy'>) {
  const versions = item.configuration.policyVersionList ?? [];
  const { defaultVersionId } = item.configuration;
  return (
    versions.find((version) => version.isDefaultVersion === true) ??
    (defaultVersionId ? versions.find((version) => version.versionId === defaultVersionId) : undefined)
  );
}

/** The principal's kind and name (`role deployer`) and its inline policies. */
function principalOf(item: ConfigurationItem<Exclude<JudgedType, 'AWS::IAM::Policy'>>): {
  readonly principal: string;
  readonly inline: readonly { readonly policyName: string; readonly policyDocument?: PolicyDocument | null | undefined }[];
} {
  switch (item.resourceType) {
    case 'AWS::IAM::Role':
      return { principal: `role ${item.configuration.roleName ?? displayName(item)}`, inline: item.configuration.rolePolicyList ?? [] };
    case 'AWS::IAM::User':
      return { principal: `user ${item.configuration.userName ?? displayName(item)}`, inline: item.configuration.userPolicyList ?? [] };
    case 'AWS::IAM::Group':
      return { principal: `group ${item.configuration.groupName ?? displayName(item)}`, inline: item.configuration.groupPolicyList ?? [] };
  }
}

export default defineRule({
  meta: {
    id: 'iam-policy-no-full-admin',
    gate: 'least-privilege',
    title: 'IAM policies grant no full administrative access ("*" on "*")',
    // FSBP rates IAM.1 HIGH; the same severity keeps gatewatch's finding and Security Hub's in step.
    severity: 'HIGH',
    priority: 'P1',
    resourceTypes: ['AWS::IAM::Policy', 'AWS::IAM::Role', 'AWS::IAM::User', 'AWS::IAM::Group'],
    controls: ['IAM.1'],
    remediation: {
      text:
        'Replace the statement with one that allows only the actions and resources the principal needs. ' +
        'For a customer managed policy, create a new default version without it and delete the old versions; ' +
        'for an inline policy, edit the policy of the role, user or group.',
      url: 'https://docs.aws.amazon.com/securityhub/latest/userguide/iam-controls.html#iam-1',
    },
    messages: {
      noAdmin: 'Policy {{policy}} grants no full administrative access.',
      inlineNoAdmin: 'The inline policies of {{principal}} ({{policies}}) grant no full administrative access.',
      fullAdmin: 'Policy {{policy}} grants full administrative access: statement {{statement}} allows {{grant}}.',
      fullAdminSeveral:
        'Policy {{policy}} grants full administrative access: statement {{statement}} allows {{grant}}; {{count}} statements in all do so ({{statements}}).',
      noInlinePolicies: 'The {{principal}} has no inline policies; its attached managed policies are judged on their own.',
      awsManaged: 'Policy {{policy}} is an AWS managed policy; its attachments are judged by iam-principal-no-admin-managed-policy.',
      noDefaultVersion: 'Policy {{policy}} has no recorded default version (default version id: {{version}}).',
      noDocument: 'Policy {{policy}}: the document of its default version {{version}} was not recorded.',
      inlineNoDocument: 'The document of inline policy {{policies}} was not recorded, so full administrative access cannot be ruled out.',
    },
  },
  check(item, context) {
    const failure = (first: AdminGrant, grants: readonly AdminGrant[]) =>
      grants.length === 1
        ? context.fail('fullAdmin', { ...first })
        : context.fail('fullAdminSeveral', {
            ...first,
            count: grants.length,
            statements: grants.map((grant) => `${grant.statement} of ${grant.policy}`).join(', '),
          });

    if (item.resourceType === 'AWS::IAM::Policy') {
      const policy = item.configuration.policyName ?? displayName(item);
      if (AWS_MANAGED_ARN.test(item.configuration.arn ?? item.ARN ?? '')) return context.notApplicable('awsManaged', { policy });
      const version = defaultVersion(item);
      if (version === undefined) return context.unknown('noDefaultVersion', { policy, version: item.configuration.defaultVersionId ?? 'none' });
      if (version.document === null || version.document === undefined) {
        return context.unknown('noDocument', { policy, version: version.versionId ?? item.configuration.defaultVersionId ?? 'unnamed' });
      }
      const grants = adminGrants({ policy, document: version.document });
      const [first] = grants;
      return first === undefined ? context.pass('noAdmin', { policy }) : failure(first, grants);
    }

    const { principal, inline } = principalOf(item);
    if (inline.length === 0) return context.notApplicable('noInlinePolicies', { principal });
    const documents = inline.map((entry) => ({ policy: `${entry.policyName} of ${principal}`, document: entry.policyDocument }));
    const grants = documents.flatMap(adminGrants);
    const [first] = grants;
    if (first !== undefined) return failure(first, grants);
    // A missing document could hide a grant: never pass what could not be read.
    const missing = documents.filter((entry) => entry.document === null || entry.document === undefined);
    if (missing.length > 0) return context.unknown('inlineNoDocument', { policies: missing.map((entry) => entry.policy).join(', ') });
    return context.pass('inlineNoAdmin', { principal, policies: inline.map((entry) => entry.policyName).join(', ') });
  },
});
