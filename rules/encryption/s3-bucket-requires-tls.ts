/**
 * s3-bucket-requires-tls: an S3 bucket's policy denies every request made without TLS — a Deny
 * statement with `Bool` (or `BoolIfExists`) `aws:SecureTransport` = false, for every principal,
 * on every S3 action, covering both the bucket and all of its objects (FSBP S3.5).
 *
 * The Deny may be split over several statements (one for the bucket, one for its objects); each
 * must on its own apply to every principal and every action under no further condition, since a
 * Deny that only some requests meet leaves the others free to use plain HTTP. A statement that
 * is close but short of that is named in the FAIL message with what it lacks. The matching is
 * sound rather than complete: an unusual wildcard the rule cannot prove covers everything
 * counts as not covering, so the rule can fail such a policy but never passes one that leaves a
 * gap.
 */
import { defineRule } from '../lib/define-rule.js';
import { free } from '../lib/fix-costs.js';
import { type NormalizedStatement, statementsOf } from '../lib/policy-statements.js';

const TLS_OPERATORS = new Set(['bool', 'boolifexists']);
const SECURE_TRANSPORT = 'aws:securetransport';

/** Condition values as a list of lower-case strings (`false`, `"false"`, `["false"]`). */
function conditionValues(value: unknown): string[] {
  const values: readonly unknown[] = Array.isArray(value) ? value : [value];
  return values.flatMap((entry) => (typeof entry === 'string' || typeof entry === 'boolean' ? [String(entry).toLowerCase()] : []));
}

/** The condition `aws:SecureTransport` = false, and whatever else the statement's condition demands. */
function tlsCondition(statement: NormalizedStatement): { insecure: boolean; others: string[] } {
  let insecure = false;
  const others: string[] = [];
  for (const [operator, keys] of Object.entries(statement.condition ?? {})) {
    for (const [key, value] of Object.entries(keys)) {
      if (TLS_OPERATORS.has(operator.toLowerCase()) && key.toLowerCase() === SECURE_TRANSPORT && conditionValues(value).includes('false')) insecure = true;
      else others.push(`${operator} ${key}`);
    }
  }
  return { insecure, others };
}

function allPrincipals(statement: NormalizedStatement): boolean {
  const { principal } = statement;
  if (principal === '*') return true;
  if (principal === undefined) return false;
  const aws = principal['AWS'];
  return aws === '*' || (Array.isArray(aws) && aws.includes('*'));
}

function allActions(statement: NormalizedStatement): boolean {
  return (statement.actions ?? []).some((action) => action === '*' || action.toLowerCase() === 's3:*');
}

/** A policy resource pattern matches `value` (`*` any run of characters, `?` one character). */
function matches(pattern: string, value: string): boolean {
  const regex = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 's');
  return regex.test(value);
}

/**
 * Whether `pattern` matches every string that starts with `prefix` and continues with any
 * non-empty suffix (every object key of a bucket). Sound, not complete: true only when some
 * reading of the pattern provably absorbs every suffix.
 */
function coversEveryExtension(pattern: string, prefix: string): boolean {
  if (prefix === '') return pattern.length > 0 && /^\*+$/.test(pattern);
  const [head] = pattern;
  if (head === undefined) return false;
  if (head === '*') {
    // A trailing run of stars absorbs the rest of the prefix and every suffix.
    if (/^\**$/.test(pattern.slice(1))) return true;
    for (let consumed = 0; consumed <= prefix.length; consumed += 1) {
      if (coversEveryExtension(pattern.slice(1), prefix.slice(consumed))) return true;
    }
    return false;
  }
  if (head === '?' || head === prefix[0]) return coversEveryExtension(pattern.slice(1), prefix.slice(1));
  return false;
}

/** `actions`, shortened for a message. */
function listed(values: readonly string[] | undefined): string {
  if (values === undefined || values.length === 0) return 'no actions';
  return values.length > 4 ? `${values.slice(0, 4).join(', ')} and ${values.length - 4} more` : values.join(', ');
}

/** What a statement that does not apply to every principal lacks, for a message. */
function principalGap(statement: NormalizedStatement): string {
  // A bucket policy statement names Principal or NotPrincipal: without the first, it has the second.
  if (statement.principal === undefined) return 'uses NotPrincipal, which exempts some principals';
  return `applies to principal ${JSON.stringify(statement.principal)} rather than to every principal`;
}

export default defineRule({
  meta: {
    id: 's3-bucket-requires-tls',
    gate: 'encryption',
    title: 'S3 bucket policies deny requests that do not use TLS',
    // Security Hub rates S3.5 MEDIUM; matching it keeps this finding and Security Hub's own S3.5
    // finding for the same bucket at one severity.
    severity: 'MEDIUM',
    priority: 'P1',
    resourceTypes: ['AWS::S3::Bucket'],
    controls: ['S3.5'],
    remediation: {
      text:
        'Add a statement to the bucket policy: Effect Deny, Principal "*", Action "s3:*", Resource both ' +
        '"arn:aws:s3:::BUCKET" and "arn:aws:s3:::BUCKET/*", Condition {"Bool": {"aws:SecureTransport": "false"}}.',
      url: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/security-best-practices.html',
    },
    messages: {
      requiresTls: 'S3 bucket {{bucket}} denies every request that does not use TLS ({{statements}}).',
      noPolicy: 'S3 bucket {{bucket}} has no bucket policy, so nothing denies requests over plain HTTP.',
      noTlsDeny: 'S3 bucket {{bucket}} has a bucket policy, but no Deny statement on aws:SecureTransport = false.',
      partial: 'S3 bucket {{bucket}} denies requests without TLS only in part: {{detail}}.',
      missing: 'S3 bucket {{bucket}} has no recorded bucket policy setting.',
    },
    fixCost() {
      return free('a bucket policy denying plain HTTP has no charge');
    },
  },
  check(item, context) {
    const bucket = item.configuration.name ?? item.resourceName ?? item.resourceId;
    const recorded = item.supplementaryConfiguration.BucketPolicy;
    if (recorded === undefined || recorded === null || recorded.policyText === undefined) return context.unknown('missing', { bucket });
    const document = recorded.policyText;
    if (document === null) return context.fail('noPolicy', { bucket });

    const denies = statementsOf(document).filter((statement) => statement.effect === 'Deny' && tlsCondition(statement).insecure);
    if (denies.length === 0) return context.fail('noTlsDeny', { bucket });

    // The bucket's ARN in its partition (`arn:aws-cn:s3:::…` in China).
    const partition = item.ARN?.split(':')[1] || 'aws';
    const arn = `arn:${partition}:s3:::${bucket}`;
    const problems: string[] = [];
    const complete: NormalizedStatement[] = [];
    for (const statement of denies) {
      const lacks: string[] = [];
      if (!allPrincipals(statement)) lacks.push(principalGap(statement));
      if (statement.notActions !== undefined) lacks.push(`uses NotAction (${listed(statement.notActions)}) rather than every action`);
      else if (!allActions(statement)) lacks.push(`denies only ${listed(statement.actions)} rather than s3:*`);
      const { others } = tlsCondition(statement);
      if (others.length > 0) lacks.push(`is further limited by the condition ${others.join(', ')}`);
      if (lacks.length > 0) problems.push(`statement ${statement.label} ${lacks.join(' and ')}`);
      else complete.push(statement);
    }

    const resourcesOf = (statement: NormalizedStatement): readonly string[] => statement.resources ?? [];
    const coversBucket = complete.some((statement) => resourcesOf(statement).some((pattern) => matches(pattern, arn)));
    const coversObjects = complete.some((statement) => resourcesOf(statement).some((pattern) => coversEveryExtension(pattern, `${arn}/`)));
    if (coversBucket && coversObjects) {
      const used = complete.filter((statement) =>
        resourcesOf(statement).some((pattern) => matches(pattern, arn) || coversEveryExtension(pattern, `${arn}/`)),
      );
      const labels = used.map((statement) => statement.label).join(', ');
      return context.pass('requiresTls', { bucket, statements: `${used.length === 1 ? 'statement' : 'statements'} ${labels}` });
    }

    const uncovered = [...(coversBucket ? [] : [`the bucket itself (${arn})`]), ...(coversObjects ? [] : [`its objects (${arn}/*)`])];
    const notResource = complete.filter((statement) => statement.notResources !== undefined).map((statement) => statement.label);
    const gap =
      `no complete Deny covers ${uncovered.join(' or ')}` +
      (notResource.length > 0 ? ` (statement ${notResource.join(', ')} uses NotResource, which is not credited)` : '');
    return context.fail('partial', { bucket, detail: [...problems, gap].join('; ') });
  },
});
