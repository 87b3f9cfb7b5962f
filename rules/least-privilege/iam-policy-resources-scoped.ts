/**
 * iam-policy-resources-scoped: an identity policy names the resources of the actions it grants
 * where IAM lets it. Each action is judged by its access level in the IAM action data: List
 * actions (`ec2:Describe*`, `iam:List*`, `s3:ListAllMyBuckets`) may take `Resource: "*"` — the
 * read-only pattern AWS's own managed policies use and Security Hub's IAM controls accept — while
 * Read, Write, Permissions management and Tagging actions that support resource-level permissions
 * fail on `"*"`. Option `strictList` judges List actions as the others.
 */
import { z } from 'zod';
import {
  ACCESS_LEVELS,
  bothFacets,
  grantedActionsExcept,
  grantedActionsOf,
  matchesEveryAction,
  primaryAccessLevelFacet,
  RESOURCE_LEVEL,
  type AccessLevel,
  type ActionFacet,
  type GrantedActions,
} from '../lib/iam-actions.js';
import { IDENTITY_POLICY_TYPES, identityDocumentsOf, nothingToJudge, listCounted, listSome, type NamedDocument } from '../lib/iam-documents.js';
import { defineRule } from '../lib/define-rule.js';
import { statementsOf, type NormalizedStatement } from '../lib/policy-statements.js';

/** A statement that puts every resource on actions that could name theirs. */
interface Unscoped {
  readonly policy: string;
  readonly statement: string;
  readonly grant: string;
  readonly resources: string;
  /** The offending actions by access level, a few of each: `Read: s3:GetObject; Write: s3:PutObject`. */
  readonly actions: string;
  /** The access levels of the offending actions: `Read, Write`. */
  readonly levels: string;
  /** How many known actions offend (for NotAction: of those the data knows). */
  readonly count: number;
}

/** A statement on every resource whose action entries the IAM action data does not know. */
interface Unknown {
  readonly policy: string;
  readonly statement: string;
  readonly resources: string;
  readonly actions: string;
}

type StatementJudgement = { readonly kind: 'unscoped'; readonly finding: Unscoped } | { readonly kind: 'unknown'; readonly finding: Unknown };

/** How many actions of each access level a message names. */
const PER_LEVEL = 3;

/** The access levels judged: all but List, or all of them with `strictList`. */
interface Judged {
  readonly levels: readonly AccessLevel[];
  /** Per level, the actions grouped under it that support resource-level permissions. */
  readonly facets: readonly ActionFacet[];
}

const judgedLevels = (strictList: boolean): Judged => {
  const levels = strictList ? ACCESS_LEVELS : ACCESS_LEVELS.filter((level) => level !== 'List');
  return { levels, facets: levels.map((level) => bothFacets(RESOURCE_LEVEL, primaryAccessLevelFacet(level))) };
};
const DEFAULT_LEVELS = judgedLevels(false);
const STRICT_LEVELS = judgedLevels(true);

/** "Read, Write or Tagging". */
function orList(items: readonly string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} or ${items.at(-1) ?? ''}`;
}

/** `Resource "*"`, "every resource except … (NotResource)", or undefined when the statement names its resources. */
function everyResource(statement: NormalizedStatement): string | undefined {
  if (statement.resources?.includes('*')) return 'Resource "*"';
  if (statement.notResources !== undefined) return `every resource except ${listSome(statement.notResources)} (NotResource)`;
  return undefined;
}

/** The offending actions of a statement by level: the count, the levels and a few ids of each. */
function byLevel(judged: Judged, granted: readonly GrantedActions[]): { readonly count: number; readonly levels: string; readonly actions: string } {
  const present = judged.levels.flatMap((level, index) => {
    const { count = 0, first = [] } = granted[index] ?? {};
    return count > 0 ? [{ level, count, text: `${level}: ${listCounted(first, count, PER_LEVEL)}` }] : [];
  });
  return {
    count: present.reduce((sum, entry) => sum + entry.count, 0),
    levels: present.map((entry) => entry.level).join(', '),
    actions: present.map((entry) => entry.text).join('; '),
  };
}

const actionsThatSupport = (count: number): string => (count === 1 ? '1 action that supports' : `${count} actions that support`);

/**
 * Judges one Allow statement on every resource. Its Action entries are matched against the IAM
 * action data and each action judged by its access level: one of a judged level (Read, Write,
 * Permissions management, Tagging; List too with `strictList`) that supports resource-level
 * permissions fails; a List action, or a wildcard-only one, is fine; an entry matching nothing
 * known cannot be judged. An action the data gives two levels is judged by the more specific one
 * (iam:PutRolePolicy is Permissions management, iam:TagRole Tagging). An entry granting whole
 * services (`s3:*`, `*`) is counted from each service's summary, never expanded action by action.
 * NotAction on every resource fails (unless it excludes `*`): it grants every action it does not
 * list, those newer than the data too; the message counts those the data knows. Conditions are
 * not weighed, as IAM.1 and IAM.21 do not weigh them.
 */
function judgeStatement(policy: string, statement: NormalizedStatement, judged: Judged): StatementJudgement | undefined {
  if (statement.effect !== 'Allow') return undefined;
  const resources = everyResource(statement);
  if (resources === undefined) return undefined;
  const base = { policy, statement: statement.label, resources };
  if (statement.notActions !== undefined) {
    if (statement.notActions.some(matchesEveryAction)) return undefined;
    const except = `every action except ${listSome(statement.notActions)} (NotAction)`;
    const left = byLevel(judged, grantedActionsExcept(statement.notActions, judged.facets, PER_LEVEL));
    const grant =
      left.count > 0
        ? `${except}: ${actionsThatSupport(left.count)} resource-level permissions — ${left.actions} — and any action newer than the IAM action data`
        : `${except}: no ${orList(judged.levels)} action the IAM action data knows with resource-level permissions, but any action newer than the data`;
    return { kind: 'unscoped', finding: { ...base, ...left, actions: left.count > 0 ? left.actions : except, grant } };
  }
  const granted = grantedActionsOf(statement.actions ?? [], judged.facets, PER_LEVEL);
  const offending = byLevel(judged, granted);
  if (offending.count > 0) {
    return { kind: 'unscoped', finding: { ...base, ...offending, grant: `${actionsThatSupport(offending.count)} resource-level permissions — ${offending.actions}` } };
  }
  const unknown = granted[0]?.unknown ?? [];
  return unknown.length > 0 ? { kind: 'unknown', finding: { ...base, actions: listSome(unknown) } } : undefined;
}

function judgeDocument({ policy, document }: NamedDocument, judged: Judged): StatementJudgement[] {
  return statementsOf(document).flatMap((statement) => judgeStatement(policy, statement, judged) ?? []);
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
        'Replace "Resource": "*" (or NotResource) with the ARNs of the resources the principal needs, for every Read, Write, Permissions management ' +
        'and Tagging action that supports resource-level permissions (s3:GetObject, ssm:GetParameter, secretsmanager:GetSecretValue, iam:PassRole). ' +
        'The rule judges each action by its access level in the Service Authorization Reference, which also lists its resource types: List actions ' +
        '(ec2:Describe*, iam:List*, s3:ListAllMyBuckets) may keep "*" — the read-only pattern of AWS\'s own managed policies, which Security Hub does ' +
        'not flag — as may actions that support no resource-level permissions. The option strictList judges List actions as the others. ' +
        'An action the data gives two levels counts as the more specific one (iam:PutRolePolicy: Permissions management; iam:TagRole: Tagging).',
      url: 'https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html',
    },
    messages: {
      scoped: 'Policy {{policy}} names the resources of every {{judged}} action that supports resource-level permissions.',
      inlineScoped: 'The inline policies of {{principal}} ({{policies}}) name the resources of every {{judged}} action that supports resource-level permissions.',
      unscoped: 'Policy {{policy}}: statement {{statement}} allows on {{resources}} {{grant}}.',
      unscopedSeveral: 'Policy {{policy}}: statement {{statement}} allows on {{resources}} {{grant}}; {{statementCount}} statements in all do so ({{statements}}).',
      unknownActions:
        'Policy {{policy}}: statement {{statement}} allows {{actions}} on {{resources}}, which the IAM action data does not know, so neither their access level nor whether they support resource-level permissions can be told.',
      noInlinePolicies: 'The {{principal}} has no inline policies; its attached managed policies are judged on their own.',
      awsManaged: 'Policy {{policy}} is an AWS managed policy; its attachments are judged by iam-principal-no-admin-managed-policy.',
      noDefaultVersion: 'Policy {{policy}} has no recorded default version (default version id: {{version}}).',
      noDocument: 'Policy {{policy}}: the document of its default version {{version}} was not recorded.',
      inlineNoDocument: 'The document of inline policy {{policies}} was not recorded, so "*" on resource-level actions cannot be ruled out.',
    },
    options: z.strictObject({
      /**
       * Judge List actions as the others: a List action that supports resource-level permissions
       * (ec2:DescribeCapacityBlockExtensionOfferings, iam:ListRoleTags, logs:DescribeLogStreams)
       * fails on Resource "*" too, as the rule judged before access levels. Off by default: List
       * actions on "*" pass.
       */
      strictList: z.boolean().default(false),
    }),
  },
  check(item, context) {
    const subject = identityDocumentsOf(item);
    if (subject.kind !== 'managed' && subject.kind !== 'inline') return nothingToJudge(subject);
    const judged = context.options.strictList ? STRICT_LEVELS : DEFAULT_LEVELS;
    const judgements = subject.documents.flatMap((document) => judgeDocument(document, judged));
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
    const levels = orList(judged.levels);
    if (subject.kind === 'managed') return context.pass('scoped', { policy: subject.policy, judged: levels });
    if (subject.missing.length > 0) return context.unknown('inlineNoDocument', { policies: subject.missing.join(', ') });
    return context.pass('inlineScoped', { principal: subject.principal, policies: subject.policies, judged: levels });
  },
});
