import {
  ACCESS_LEVELS,
  grantedActionsExcept,
  grantedActionsOf,
  matchesEveryAction,
  primaryAccessLevelFacet,
  type GrantedActions,
} from '../lib/iam-actions.js';
import { IDENTITY_POLICY_TYPES, identityDocumentsOf, nothingToJudge, listSome, type NamedDocument } from '../lib/iam-documents.js';
import { defineRule } from '../lib/define-rule.js';
import { statementsOf, type NormalizedStatement } from '../lib/policy-statements.js';

/** One statement that grants every action of one or more services. */
interface WildcardGrant {
  readonly policy: string;
  readonly statement: string;
  readonly grant: string;
  /** What it grants by access level: `163 actions: 12 List, 61 Read, …`. */
  readonly granted: string;
  /** The access levels it grants: `List, Read, Write, Permissions management, Tagging`. */
  readonly levels: string;
  /** How many actions the IAM action data knows that it grants. */
  readonly actionCount: number;
}

/** Each action under one access level, so the levels' counts add up to the whole. */
const LEVEL_FACETS = ACCESS_LEVELS.map(primaryAccessLevelFacet);

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
 * What a wildcard grants by access level, as the IAM action data counts it: `163 actions: 12 List,
 * 61 Read, …`, then the entries the data does not know. `newer`: a NotAction grant, which also
 * grants every action newer than the data.
 */
function byLevel(counted: readonly GrantedActions[], newer: boolean): Pick<WildcardGrant, 'granted' | 'levels' | 'actionCount'> {
  const present = ACCESS_LEVELS.flatMap((level, index) => {
    const count = counted[index]?.count ?? 0;
    return count > 0 ? [{ level, count }] : [];
  });
  const actionCount = present.reduce((sum, entry) => sum + entry.count, 0);
  const unknown = counted[0]?.unknown ?? [];
  const known = actionCount === 1 ? '1 action' : `${actionCount} actions`;
  const levels = present.map((entry) => `${entry.count} ${entry.level}`).join(', ');
  const doesNotKnow = unknown.length > 0 ? `the IAM action data does not know ${listSome(unknown)}` : undefined;
  let granted: string;
  if (actionCount > 0) {
    granted = newer ? `${known} the IAM action data knows (${levels}) and any newer one` : `${known}: ${levels}`;
    if (doesNotKnow !== undefined) granted += `; ${doesNotKnow}`;
  } else {
    granted = newer ? 'no action the IAM action data knows, but any newer one' : `actions the IAM action data does not know (${listSome(unknown)})`;
  }
  return { granted, levels: present.map((entry) => entry.level).join(', '), actionCount };
}

/**
 * What a statement grants when it allows every action of a service, else undefined. Resources
 * and conditions do not matter: IAM.21 judges the action alone. `*` is reported here too, because
 * `*` on named resources passes iam-policy-no-full-admin yet still grants every service's `*`.
 * The verdict is IAM.21's; the access levels (from each service's summary, never expanded action
 * by action) only say what the wildcard hands out.
 */
function wildcardGrant(statement: NormalizedStatement): Omit<WildcardGrant, 'policy' | 'statement'> | undefined {
  if (statement.effect !== 'Allow') return undefined;
  if (statement.actions !== undefined) {
    const wildcards = statement.actions.filter(isServiceWildcard);
    if (wildcards.length === 0) return undefined;
    const grant = wildcards.some(matchesEveryAction) ? `every action of every service (Action ${listSome(wildcards)})` : `Action ${listSome(wildcards)}`;
    return { grant, ...byLevel(grantedActionsOf(wildcards, LEVEL_FACETS, 0), false) };
  }
  if (statement.notActions !== undefined) {
    // Everything but the listed actions: every service the list does not exclude entirely.
    if (statement.notActions.some(matchesEveryAction)) return undefined;
    const grant = `every action except ${listSome(statement.notActions)} (NotAction), which is "service:*" for every other service`;
    return { grant, ...byLevel(grantedActionsExcept(statement.notActions, LEVEL_FACETS, 0), true) };
  }
  return undefined;
}

function wildcardGrants({ policy, document }: NamedDocument): WildcardGrant[] {
  return statementsOf(document).flatMap((statement) => {
    const grant = wildcardGrant(statement);
    return grant === undefined ? [] : [{ policy, statement: statement.label, ...grant }];
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
        'The finding counts what the wildcard grants by access level (List, Read, Write, Permissions management, Tagging, as the Service Authorization Reference ' +
        'gives them; an action of two levels under the more specific one): a read-only principal needs List and Read actions only. ' +
        'For a customer managed policy, create a new default version and delete the old ones; for an inline policy, edit the policy of the role, user or group.',
      url: 'https://docs.aws.amazon.com/securityhub/latest/userguide/iam-controls.html#iam-21',
    },
    messages: {
      noWildcard: 'Policy {{policy}} grants no service-wide wildcard action.',
      inlineNoWildcard: 'The inline policies of {{principal}} ({{policies}}) grant no service-wide wildcard action.',
      serviceWildcard: 'Policy {{policy}}: statement {{statement}} allows {{grant}} — {{granted}}.',
      serviceWildcardSeveral:
        'Policy {{policy}}: statement {{statement}} allows {{grant}} — {{granted}}; {{count}} statements in all grant service-wide wildcards ({{statements}}).',
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
