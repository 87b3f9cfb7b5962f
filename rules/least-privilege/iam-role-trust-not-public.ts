import { displayName } from '../../model/configuration-item.js';
import { hasWildcard, matchesWildcard } from '../lib/iam-actions.js';
import { listSome } from '../lib/iam-documents.js';
import { type PolicyDocument } from '../../model/policy-document.js';
import { defineRule } from '../lib/define-rule.js';
import { statementsOf, type NormalizedStatement } from '../lib/policy-statements.js';

/** The actions that hand out the role's credentials. */
const ASSUME_ACTIONS = ['sts:AssumeRole', 'sts:AssumeRoleWithWebIdentity', 'sts:AssumeRoleWithSAML'];

/** Condition keys that pin the caller to an organization, an account, a source resource or a shared secret; lower case. */
const PLAIN_KEYS = new Set(['aws:principalorgid', 'aws:principalaccount', 'aws:sourceaccount', 'aws:sourceorgid', 'sts:externalid']);
const ARN_KEYS = new Set(['aws:principalarn', 'aws:sourcearn']);
const ORG_PATH_KEYS = new Set(['aws:principalorgpaths', 'aws:sourceorgpaths']);

/**
 * Operators under which such a key admits only the listed values. `…IfExists` admits callers
 * without the key, `ForAllValues:` admits an empty set, negated operators admit everyone else.
 */
const PINNING_OPERATORS = new Set(['stringequals', 'stringequalsignorecase', 'stringlike', 'arnequals', 'arnlike']);

/** Whether one condition value names something specific: no wildcard where the caller's identity is decided. */
function pins(key: string, value: unknown): boolean {
  if (typeof value !== 'string' || value === '') return false;
  if (!hasWildcard(value)) return true;
  if (ARN_KEYS.has(key)) {
    // arn:partition:service:region:account:resource: a literal account still pins the caller.
    const account = value.split(':')[4];
    return account !== undefined && account !== '' && !hasWildcard(account);
  }
  if (ORG_PATH_KEYS.has(key)) {
    // o-xxxxxxxxxx/r-xxxx/ou-…/*: a literal organization id still pins the caller.
    const organization = value.split('/')[0];
    return organization !== undefined && organization !== '' && !hasWildcard(organization);
  }
  return false;
}

/** Whether a statement's conditions admit only pinned callers (conditions are ANDed: one pinning condition suffices). */
function pinned(statement: NormalizedStatement): boolean {
  return Object.entries(statement.condition ?? {}).some(([operator, block]) => {
    const base = operator.toLowerCase().replace(/^foranyvalue:/, '');
    if (!PINNING_OPERATORS.has(base)) return false;
    return Object.entries(block).some(([rawKey, raw]) => {
      const key = rawKey.toLowerCase();
      if (!PLAIN_KEYS.has(key) && !ARN_KEYS.has(key) && !ORG_PATH_KEYS.has(key)) return false;
      const values: readonly unknown[] = Array.isArray(raw) ? raw : [raw];
      // Values are ORed: a single wildcard value lets everyone through.
      return values.length > 0 && values.every((value) => pins(key, value));
    });
  });
}

/** The conditions of a statement, for messages: `StringLike aws:PrincipalOrgID = *`. */
function conditionText(statement: NormalizedStatement): string {
  return listSome(
    Object.entries(statement.condition ?? {}).flatMap(([operator, block]) =>
      Object.entries(block).map(([key, raw]) => `${operator} ${key} = ${(Array.isArray(raw) ? raw : [raw]).map(String).join(' | ')}`),
    ),
  );
}

/** The public principal a statement allows, for messages, or undefined when it names its principals. */
function publicPrincipal(statement: NormalizedStatement, notPrincipal: unknown): string | undefined {
  const { principal } = statement;
  if (principal === '*') return 'Principal "*"';
  if (principal !== undefined) {
    const aws = Object.entries(principal).find(([type]) => type.toUpperCase() === 'AWS')?.[1];
    const list = aws === undefined ? [] : typeof aws === 'string' ? [aws] : aws;
    if (list.includes('*')) return `Principal {"AWS": ${JSON.stringify(aws)}}`;
  }
  // Allow with NotPrincipal: everyone but the principals listed.
  if (notPrincipal !== undefined) return `every principal but ${JSON.stringify(notPrincipal)} (NotPrincipal)`;
  return undefined;
}

function grantsAssume(statement: NormalizedStatement): boolean {
  if (statement.actions !== undefined) return statement.actions.some((pattern) => ASSUME_ACTIONS.some((action) => matchesWildcard(pattern, action)));
  const { notActions } = statement;
  return notActions !== undefined && ASSUME_ACTIONS.some((action) => !notActions.some((pattern) => matchesWildcard(pattern, action)));
}

interface PublicStatement {
  readonly statement: string;
  readonly principal: string;
  readonly conditions: string;
}

function publicStatements(document: PolicyDocument): PublicStatement[] {
  const raw = Array.isArray(document.Statement) ? document.Statement : [document.Statement];
  return statementsOf(document).flatMap((statement, index) => {
    if (statement.effect !== 'Allow' || !grantsAssume(statement) || pinned(statement)) return [];
    const principal = publicPrincipal(statement, raw[index]?.NotPrincipal);
    return principal === undefined ? [] : [{ statement: statement.label, principal, conditions: conditionText(statement) }];
  });
}

export default defineRule({
  meta: {
    id: 'iam-role-trust-not-public',
    gate: 'least-privilege',
    title: 'IAM roles trust "*" only under a condition that pins the caller',
    // No FSBP control; FSBP rates public resource policies CRITICAL (Lambda.1, S3.2, S3.3), and a
    // role anyone can assume hands its permissions to every AWS account: CRITICAL too.
    severity: 'CRITICAL',
    priority: 'P1',
    resourceTypes: ['AWS::IAM::Role'],
    controls: [],
    remediation: {
      text:
        'Name the trusted principals (account, role ARN, service or identity provider) in the trust policy, or keep "*" only with a condition ' +
        'that pins the caller: aws:PrincipalOrgID, aws:PrincipalAccount, aws:SourceAccount, aws:SourceArn or sts:ExternalId with StringEquals/ArnEquals and no wildcard values.',
      url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_update-role-trust-policy.html',
    },
    messages: {
      notPublic: 'The trust policy of role {{role}} admits no "*" principal without a condition that pins the caller.',
      publicTrust:
        'Role {{role}} can be assumed from any AWS account: trust statement {{statement}} allows {{principal}} with no condition that pins the caller.',
      publicTrustLooseCondition:
        'Role {{role}} can be assumed from any AWS account: trust statement {{statement}} allows {{principal}}, and its conditions ({{conditions}}) pin no caller.',
      serviceLinked: 'Role {{role}} is a service-linked role: AWS owns its trust policy.',
      noTrustPolicy: 'The trust policy of role {{role}} was not recorded.',
    },
  },
  check(item, context) {
    const role = item.configuration.roleName ?? displayName(item);
    const path = item.configuration.path ?? /:role(\/.*\/)[^/]+$/.exec(item.configuration.arn ?? item.ARN ?? '')?.[1];
    if (path?.startsWith('/aws-service-role/')) return context.notApplicable('serviceLinked', { role });
    const document = item.configuration.assumeRolePolicyDocument;
    if (document === null || document === undefined) return context.unknown('noTrustPolicy', { role });
    const [first] = publicStatements(document);
    if (first === undefined) return context.pass('notPublic', { role });
    return first.conditions === ''
      ? context.fail('publicTrust', { role, ...first })
      : context.fail('publicTrustLooseCondition', { role, ...first });
  },
});
