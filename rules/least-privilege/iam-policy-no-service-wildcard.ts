import { matchesEveryAction } from '../lib/iam-actions.js';
import { IDENTITY_POLICY_TYPES, identityDocumentsOf, nothingToJudge, listSome, type NamedDocument } from '../lib/iam-documents.js';
import { defineRule } from '../lib/define-rule.js';
import { statementsOf, type NormalizedStatement } from '../lib/policy-statements.js';

/** One statement that grants every action of one or more services. */
interface WildcardGrant {
  readonly policy: string;
  readonly statement: string;
  readonly grant: string;
}

const onlyWildcards = (text: string): boolean => /^[*?]*\*[*?]*$/.test(text);

/**
 * Whether an Action entry grants every action of a service: `s3:*` (any case), a wildcard service
 * part (`s3*:*`), or `*` / `*:*`, which grant every action of every service. IAM refuses actions
 * without a service prefix other than `*`, so `*Object` is no service wildcard (the
 * resources-scoped rule expands it).
 */
function isServiceWildcard(action: string): boolean {
  if (matchesEveryAction(action)) return true;
  const colon = action.indexOf(':');
  return colon > 0 && onlyWildcards(action.slice(colon + 1));
}

/**
 * What a statement grants when it allows every action of a service, else undefined. Resources
 * and conditions do not matter: IAM.21 judges the action alone. `*` is reported here too, because
 * `*` on named resources passes iam-policy-no-full-admin yet still grants every service's `*`.
 */
function wildcardGrant(statement: NormalizedStatement): string | undefined {
  if (statement.effect !== 'Allow') return undefined;
  if (statement.actions !== undefined) {
    const wildcards = statement.actions.filter(isServiceWildcard);
    if (wildcards.length === 0) return undefined;
    return wildcards.some(matchesEveryAction) ? `every action of every service (Action ${listSome(wildcards)})` : `Action ${listSome(wildcards)}`;
  }
  if (statement.notActions !== undefined) {
    // Everything but the listed actions: every service the list does not exclude entirely.
    if (statement.notActions.some(matchesEveryAction)) return undefined;
    return `every action except ${listSome(statement.notActions)} (NotAction), which is "service:*" for every other service`;
  }
  return undefined;
}

function wildcardGrants({ policy, document }: NamedDocument): WildcardGrant[] {
  return statementsOf(document).flatMap((statement) => {
    const grant = wildcardGrant(statement);
    return grant === undefined ? [] : [{ policy, statement: statement.label, grant }];
  });
}

export default defineRule({
  meta: {
    id: 'iam-policy-no-service-wildcard',
    gate: 'least-privilege',
    title: 'IAM policies grant no service-wide wildcard actions ("s3:*")',
    // FSBP rates IAM.21 LOW; gatewatch keeps the same severity so both findings rank alike.
    severity: 'LOW',
    priority: 'P1',
    resourceTypes: IDENTITY_POLICY_TYPES,
    controls: ['IAM.21'],
    remediation: {
      text:
        'Replace each "service:*" with the actions the principal needs (a prefix wildcard such as "ec2:Describe*" is fine). ' +
        'For a customer managed policy, create a new default version and delete the old ones; for an inline policy, edit the policy of the role, user or group.',
      url: 'https://docs.aws.amazon.com/securityhub/latest/userguide/iam-controls.html#iam-21',
    },
    messages: {
      noWildcard: 'Policy {{policy}} grants no service-wide wildcard action.',
      inlineNoWildcard: 'The inline policies of {{principal}} ({{policies}}) grant no service-wide wildcard action.',
      serviceWildcard: 'Policy {{policy}}: statement {{statement}} allows {{grant}}.',
      serviceWildcardSeveral: 'Policy {{policy}}: statement {{statement}} allows {{grant}}; {{count}} statements in all grant service-wide wildcards ({{statements}}).',
      noInlinePolicies: 'The {{principal}} has no inline policies; its attached managed policies are judged on their own.',
      awsManaged: 'Policy {{policy}} is an AWS managed policy; its attachments are judged by iam-principal-no-admin-managed-policy.',
      noDefaultVersion: 'Policy {{policy}} has no recorded default version (default version id: {{version}}).',
      noDocument: 'Policy {{policy}}: the document of its default version {{version}} was not recorded.',
      inlineNoDocument: 'The document of inline policy {{policies}} was not recorded, so a service-wide wildcard cannot be ruled out.',
    },
  },
  check(item, context) {
    const subject = identityDocumentsOf(item);
    if (subject.kind !== 'managed' && subject.kind !== 'inline') return nothingToJudge(subject);
    const grants = subject.documents.flatMap(wildcardGrants);
    const [first] = grants;
    if (first !== undefined) {
      return grants.length === 1
        ? context.fail('serviceWildcard', { ...first })
        : context.fail('serviceWildcardSeveral', {
            ...first,
            count: grants.length,
            statements: listSome(grants.map((grant) => `${grant.statement} of ${grant.policy}`)),
          });
    }
    if (subject.kind === 'managed') return context.pass('noWildcard', { policy: subject.policy });
    // A missing document could hide a wildcard: never pass what could not be read.
    if (subject.missing.length > 0) return context.unknown('inlineNoDocument', { policies: subject.missing.join(', ') });
    return context.pass('inlineNoWildcard', { principal: subject.principal, policies: subject.policies });
  },
});
