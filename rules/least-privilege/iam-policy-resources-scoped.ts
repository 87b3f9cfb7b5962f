import { grantedActions, matchesEveryAction, RESOURCE_LEVEL } from '../lib/iam-actions.js';
import { IDENTITY_POLICY_TYPES, identityDocumentsOf, nothingToJudge, listCounted, listSome, type NamedDocument } from '../lib/iam-documents.js';
import { defineRule } from '../lib/define-rule.js';
import { statementsOf, type NormalizedStatement } from '../lib/policy-statements.js';

/** A statement that puts every resource on actions that could name theirs. */
interface Unscoped {
  readonly policy: string;
  readonly statement: string;
  readonly grant: string;
  readonly resources: string;
  /** The offending actions, at most five, then "and K more". */
  readonly actions: string;
}

/** A statement on every resource whose action entries the IAM action data does not know. */
interface Unknown {
  readonly policy: string;
  readonly statement: string;
  readonly resources: string;
  readonly actions: string;
}

type StatementJudgement = { readonly kind: 'unscoped'; readonly finding: Unscoped } | { readonly kind: 'unknown'; readonly finding: Unknown };

/** "Resource *", "every resource except … (NotResource)", or undefined when the statement names its resources. */
function everyResource(statement: NormalizedStatement): string | undefined {
  if (statement.resources?.includes('*')) return 'Resource *';
  if (statement.notResources !== undefined) return `every resource except ${listSome(statement.notResources)} (NotResource)`;
  return undefined;
}

/**
 * Judges one Allow statement on every resource. Its Action entries are matched against the IAM
 * action data: an entry matching an action that supports resource-level permissions fails, one
 * matching only wildcard-only actions is fine, one matching nothing known cannot be judged. An
 * entry granting whole services (`s3:*`, `*`) is counted from each service's summary, never
 * expanded action by action. NotAction on every resource grants resource-level actions everywhere
 * (unless it excludes `*`). Conditions are not weighed, as IAM.1 and IAM.21 do not weigh them.
 */
function judgeStatement(policy: string, statement: NormalizedStatement): StatementJudgement | undefined {
  if (statement.effect !== 'Allow') return undefined;
  const resources = everyResource(statement);
  if (resources === undefined) return undefined;
  const base = { policy, statement: statement.label, resources };
  if (statement.notActions !== undefined) {
    if (statement.notActions.some(matchesEveryAction)) return undefined;
    const actions = `every action except ${listSome(statement.notActions)} (NotAction)`;
    return { kind: 'unscoped', finding: { ...base, actions, grant: `${actions}, which includes actions that support resource-level permissions,` } };
  }
  // The resource-level actions granted, sorted by id: their number and the first five named.
  const offending = grantedActions(statement.actions ?? [], RESOURCE_LEVEL);
  if (offending.count > 0) {
    const actions = listCounted(offending.first, offending.count);
    const count = offending.count === 1 ? '1 action that supports' : `${offending.count} actions that support`;
    return { kind: 'unscoped', finding: { ...base, actions, grant: `${count} resource-level permissions (${actions})` } };
  }
  return offending.unknown.length > 0 ? { kind: 'unknown', finding: { ...base, actions: listSome(offending.unknown) } } : undefined;
}

function judgeDocument({ policy, document }: NamedDocument): StatementJudgement[] {
  return statementsOf(document).flatMap((statement) => judgeStatement(policy, statement) ?? []);
}

export default defineRule({
  meta: {
    id: 'iam-policy-resources-scoped',
    gate: 'least-privilege',
    title: 'IAM policies name resources for actions that support resource ARNs',
    // Wider than IAM.21 (LOW): "*" on data-plane actions (s3:GetObject, kms:Decrypt) reaches every
    // resource of the account, the exposure FSBP rates MEDIUM in KMS.1/KMS.2, so MEDIUM here.
    severity: 'MEDIUM',
    priority: 'P1',
    resourceTypes: IDENTITY_POLICY_TYPES,
    // RULES.md: "IAM.21 (wider)". The id alone, so it stays a valid FSBP control id; the rule judges
    // resources where IAM.21 judges only "service:*" actions.
    controls: ['IAM.21'],
    remediation: {
      text:
        'Replace "Resource": "*" (or NotResource) with the ARNs of the resources the principal needs, for every action that supports ' +
        'resource-level permissions; keep "*" only for wildcard-only actions (List*/Describe* calls such as ec2:DescribeInstances). ' +
        'The Service Authorization Reference lists the resource types of every action.',
      url: 'https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html',
    },
    messages: {
      scoped: 'Policy {{policy}} names the resources of every action that supports resource-level permissions.',
      inlineScoped: 'The inline policies of {{principal}} ({{policies}}) name the resources of every action that supports resource-level permissions.',
      unscoped: 'Policy {{policy}}: statement {{statement}} allows {{grant}} on {{resources}}.',
      unscopedSeveral: 'Policy {{policy}}: statement {{statement}} allows {{grant}} on {{resources}}; {{statementCount}} statements in all do so ({{statements}}).',
      unknownActions:
        'Policy {{policy}}: statement {{statement}} allows {{actions}} on {{resources}}, which the IAM action data does not know, so whether they support resource-level permissions cannot be told.',
      noInlinePolicies: 'The {{principal}} has no inline policies; its attached managed policies are judged on their own.',
      awsManaged: 'Policy {{policy}} is an AWS managed policy; its attachments are judged by iam-principal-no-admin-managed-policy.',
      noDefaultVersion: 'Policy {{policy}} has no recorded default version (default version id: {{version}}).',
      noDocument: 'Policy {{policy}}: the document of its default version {{version}} was not recorded.',
      inlineNoDocument: 'The document of inline policy {{policies}} was not recorded, so "*" on resource-level actions cannot be ruled out.',
    },
  },
  check(item, context) {
    const subject = identityDocumentsOf(item);
    if (subject.kind !== 'managed' && subject.kind !== 'inline') return nothingToJudge(subject);
    const judgements = subject.documents.flatMap(judgeDocument);
    const unscoped = judgements.flatMap((judgement) => (judgement.kind === 'unscoped' ? [judgement.finding] : []));
    const [first] = unscoped;
    if (first !== undefined) {
      return unscoped.length === 1
        ? context.fail('unscoped', { ...first })
        : context.fail('unscopedSeveral', {
            ...first,
            statementCount: unscoped.length,
            statements: listSome(unscoped.map((finding) => `${finding.statement} of ${finding.policy}`)),
          });
    }
    // An action the data does not know may be resource-level: reported, never passed.
    const unknown = judgements.find((judgement) => judgement.kind === 'unknown');
    if (unknown !== undefined) return context.unknown('unknownActions', { ...unknown.finding });
    if (subject.kind === 'managed') return context.pass('scoped', { policy: subject.policy });
    if (subject.missing.length > 0) return context.unknown('inlineNoDocument', { policies: subject.missing.join(', ') });
    return context.pass('inlineScoped', { principal: subject.principal, policies: subject.policies });
  },
});
