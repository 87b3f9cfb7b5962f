import { IDENTITY_POLICY_TYPES, identityDocumentsOf, type NamedDocument } from '../lib/iam-documents.js';
import { defineRule } from '../lib/define-rule.js';
import { statementsOf, type NormalizedStatement } from '../lib/policy-statements.js';

/** One statement that grants full administrative access. */
interface AdminGrant {
  readonly policy: string;
  readonly statement: string;
  readonly grant: string;
}

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
  return statementsOf(document).flatMap((statement) => {
    const grant = adminGrant(statement);
    return grant === undefined ? [] : [{ policy, statement: statement.label, grant }];
  });
}

export default defineRule({
  meta: {
    id: 'iam-policy-no-full-admin',
    gate: 'least-privilege',
    title: 'IAM policies grant no full administrative access ("*" on "*")',
    // FSBP rates IAM.1 HIGH; the same severity keeps gatewatch's finding and Security Hub's in step.
    severity: 'HIGH',
    priority: 'P1',
    resourceTypes: IDENTITY_POLICY_TYPES,
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

    const judged = identityDocumentsOf(item);
    switch (judged.kind) {
      case 'awsManaged':
        return context.notApplicable('awsManaged', { policy: judged.policy });
      case 'noDefaultVersion':
        return context.unknown('noDefaultVersion', { policy: judged.policy, version: judged.version });
      case 'noDocument':
        return context.unknown('noDocument', { policy: judged.policy, version: judged.version });
      case 'noInlinePolicies':
        return context.notApplicable('noInlinePolicies', { principal: judged.principal });
      case 'managed': {
        const grants = judged.documents.flatMap(adminGrants);
        const [first] = grants;
        return first === undefined ? context.pass('noAdmin', { policy: judged.policy }) : failure(first, grants);
      }
      case 'inline': {
        const grants = judged.documents.flatMap(adminGrants);
        const [first] = grants;
        if (first !== undefined) return failure(first, grants);
        // A missing document could hide a grant: never pass what could not be read.
        if (judged.missing.length > 0) return context.unknown('inlineNoDocument', { policies: judged.missing.join(', ') });
        return context.pass('inlineNoAdmin', { principal: judged.principal, policies: judged.policies });
      }
    }
  },
});
