import { describe, expect, it } from '@jest/globals';
import type { Completeness, EvaluatedResource, Evaluation, ScanResult } from '../../engine/result.js';
import { countEvaluations } from '../../engine/scan.js';
import type { Scope } from '../../inventory/source.js';
import { MAX_DIGEST_ERRORS, buildDigest, emptyDigest, mergeDigests, summarizeScan, type RunDigest, type TopResource } from '../../findings/digest.js';
import { DESCRIPTION_MAX, SNS_MAX_PAYLOAD_BYTES, TITLE_MAX, payloadBytes, type CustomNotification, type SnsMessage } from '../../findings/notification.js';
import { GATE_IDS, SEVERITIES, type Gate, type Severity } from '../../model/gates.js';

const ACCOUNT = '111122223333';
const OTHER = '444455556666';

function resource(overrides: Partial<EvaluatedResource> = {}): EvaluatedResource {
  return { type: 'AWS::RDS::DBInstance', id: 'db-1', arn: `arn:aws:rds:eu-west-1:${ACCOUNT}:db:orders`, name: 'orders', accountId: ACCOUNT, region: 'eu-west-1', tags: {}, ...overrides };
}

function evaluation(overrides: Partial<Evaluation> = {}): Evaluation {
  return {
    ruleId: 'rds-encrypted',
    gate: 'encryption',
    severity: 'HIGH',
    status: 'FAIL',
    messageId: 'bad',
    message: 'not encrypted',
    data: {},
    resource: resource(),
    ...overrides,
  };
}

function scanResult(evaluations: readonly Evaluation[], scopes: readonly Scope[], completeness: readonly Completeness[] = []): ScanResult {
  return {
    source: 'test',
    startedAt: '2026-11-23T12:00:00.000Z',
    finishedAt: '2026-11-23T12:01:00.000Z',
    rules: [],
    scopes,
    evaluations,
    completeness,
    errors: [],
    warnings: [],
    counts: countEvaluations(evaluations),
    calls: [],
  };
}

function matrix(cells: readonly [Gate, Severity, number][]): Record<Gate, Record<Severity, number>> {
  const result = Object.fromEntries(GATE_IDS.map((gate) => [gate, Object.fromEntries(SEVERITIES.map((severity) => [severity, 0]))])) as Record<Gate, Record<Severity, number>>;
  for (const [gate, severity, count] of cells) result[gate][severity] = count;
  return result;
}

const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/admin`;
const BUCKET_KEY = `${ACCOUNT}/eu-west-1/AWS::S3::Bucket/logs`;

/** Two regional targets and the account's global scope, every kind of evaluation. */
const RESULT = scanResult(
  [
    evaluation(),
    evaluation({ ruleId: 'rds-multi-az', gate: 'multi-az', severity: 'CRITICAL', message: 'single AZ' }),
    evaluation({ ruleId: 's3-tags', gate: 'tagging', severity: 'LOW', resource: resource({ type: 'AWS::S3::Bucket', id: 'logs', arn: undefined, name: 'logs' }) }),
    evaluation({ ruleId: 's3-tags', gate: 'tagging', severity: 'LOW', resource: resource({ id: 'db-2', arn: 'arn:exempt', name: 'exempt' }), exemption: { source: 'tag', reason: 'legacy' } }),
    evaluation({ ruleId: 'vpc-endpoint-s3', gate: 'vpc-endpoints', severity: 'MEDIUM', resource: resource({ type: 'AWS::EC2::VPC', id: '*', arn: undefined, name: '*', region: 'us-east-1' }) }),
    evaluation({ ruleId: 'iam-wildcards', gate: 'least-privilege', severity: 'MEDIUM', resource: resource({ type: 'AWS::IAM::Role', id: 'admin', arn: ROLE_ARN, name: 'admin', region: 'global' }) }),
    evaluation({ ruleId: 'trail-on', gate: 'audit-detection', severity: 'HIGH', status: 'UNKNOWN' }),
    evaluation({ ruleId: 'rds-backup', gate: 'encryption', status: 'PASS' }),
  ],
  [
    { accountId: ACCOUNT, region: 'eu-west-1' },
    { accountId: ACCOUNT, region: 'us-east-1' },
    { accountId: ACCOUNT, region: 'global' },
  ],
  [
    { ruleId: 'rds-encrypted', accountId: ACCOUNT, region: 'eu-west-1', complete: true, causes: [] },
    { ruleId: 'trail-on', accountId: ACCOUNT, region: 'us-east-1', complete: false, causes: ['cloudtrail DescribeTrails: AccessDeniedException'] },
    { ruleId: 'vpc-endpoint-s3', accountId: ACCOUNT, region: 'us-east-1', complete: false, causes: ['ec2 DescribeVpcs: AccessDeniedException'] },
  ],
);
const TRANSITIONS = { newFailures: 2, resolved: 1, stillFailing: 3 };

const top = (name: string, failures: number, highest: Severity, accountId = ACCOUNT, region = 'eu-west-1'): TopResource => ({ resource: `arn:${accountId}:${name}`, name, accountId, region, failures, highest });

function digest(overrides: Partial<RunDigest>): RunDigest {
  return { ...emptyDigest(), ...overrides };
}

function parse(message: SnsMessage): CustomNotification {
  return JSON.parse(message.message) as CustomNotification;
}

describe('summarizeScan', () => {
  it('counts failing evaluations per gate and severity, exempted and unknown, and ranks the resources with most failures', () => {
    expect(summarizeScan(RESULT, TRANSITIONS, { topResources: 2, errors: ['Security Hub import failed: AccessDeniedException'] })).toEqual({
      targets: 2,
      accounts: [ACCOUNT],
      regions: ['eu-west-1', 'us-east-1'],
      // The scan carries no fix costs (no rule of the fixture declares one).
      fixCosts: {},
      failing: matrix([
        ['encryption', 'HIGH', 1],
        ['multi-az', 'CRITICAL', 1],
        ['tagging', 'LOW', 1],
        ['vpc-endpoints', 'MEDIUM', 1],
        ['least-privilege', 'MEDIUM', 1],
      ]),
      newFailures: 2,
      resolved: 1,
      stillFailing: 3,
      exempted: 1,
      unknown: 1,
      topResources: [
        { resource: `arn:aws:rds:eu-west-1:${ACCOUNT}:db:orders`, name: 'orders', accountId: ACCOUNT, region: 'eu-west-1', failures: 2, highest: 'CRITICAL' },
        { resource: ROLE_ARN, name: 'admin', accountId: ACCOUNT, region: 'global', failures: 1, highest: 'MEDIUM' },
      ],
      errors: [
        'Security Hub import failed: AccessDeniedException',
        `${ACCOUNT} us-east-1: 2 rules not fully evaluated (cloudtrail DescribeTrails: AccessDeniedException; ec2 DescribeVpcs: AccessDeniedException)`,
      ],
    });
  });

  it('keys a resource without an ARN by account, Region, type and id, and leaves scope-level evaluations out of the ranking', () => {
    const { topResources } = summarizeScan(RESULT, TRANSITIONS, { topResources: 10 });
    expect(topResources.map((entry) => entry.resource)).toEqual([`arn:aws:rds:eu-west-1:${ACCOUNT}:db:orders`, ROLE_ARN, BUCKET_KEY]);
  });

  it('caps the errors it keeps', () => {
    const errors = Array.from({ length: MAX_DIGEST_ERRORS + 5 }, (_, index) => `error ${index}`);
    const summary = summarizeScan(RESULT, TRANSITIONS, { topResources: 0, errors });
    expect(summary.errors).toEqual(errors.slice(0, MAX_DIGEST_ERRORS));
    expect(summary.topResources).toEqual([]);
  });

  it('refuses negative or fractional counts', () => {
    expect(() => summarizeScan(RESULT, TRANSITIONS, { topResources: -1 })).toThrow('topResources');
    expect(() => summarizeScan(RESULT, { ...TRANSITIONS, resolved: 1.5 }, { topResources: 1 })).toThrow('resolved');
  });
});

describe('mergeDigests', () => {
  const a = digest({
    targets: 2,
    accounts: [ACCOUNT],
    regions: ['eu-west-1', 'us-east-1'],
    failing: matrix([['encryption', 'HIGH', 3]]),
    newFailures: 1,
    exempted: 2,
    topResources: [top('a1', 5, 'HIGH'), top('a2', 1, 'LOW')],
    errors: ['a error'],
  });
  const b = digest({
    targets: 1,
    accounts: [OTHER],
    regions: ['eu-west-1'],
    failing: matrix([['encryption', 'HIGH', 1], ['tagging', 'LOW', 4]]),
    resolved: 2,
    unknown: 3,
    topResources: [top('b1', 4, 'CRITICAL', OTHER), top('b2', 4, 'LOW', OTHER)],
    errors: ['b error'],
  });
  const c = digest({
    targets: 1,
    accounts: ['777788889999'],
    regions: ['ap-south-1'],
    failing: matrix([['multi-az', 'CRITICAL', 2]]),
    stillFailing: 7,
    topResources: [top('c1', 5, 'CRITICAL', '777788889999', 'ap-south-1')],
  });

  it('gives the empty digest for no digests', () => {
    expect(mergeDigests([], 5)).toEqual(emptyDigest());
    expect(emptyDigest().failing).toEqual(matrix([]));
  });

  it('sums counts, unites accounts and Regions, re-ranks top resources and keeps errors in order', () => {
    expect(mergeDigests([a, b, c], 3)).toEqual({
      targets: 4,
      accounts: [ACCOUNT, OTHER, '777788889999'],
      fixCosts: {},
      regions: ['ap-south-1', 'eu-west-1', 'us-east-1'],
      failing: matrix([['encryption', 'HIGH', 4], ['tagging', 'LOW', 4], ['multi-az', 'CRITICAL', 2]]),
      newFailures: 1,
      resolved: 2,
      stillFailing: 7,
      exempted: 2,
      unknown: 3,
      topResources: [top('c1', 5, 'CRITICAL', '777788889999', 'ap-south-1'), top('a1', 5, 'HIGH'), top('b1', 4, 'CRITICAL', OTHER)],
      errors: ['a error', 'b error'],
    });
  });

  it('is associative, also when the top list is cut and a resource repeats', () => {
    const repeat = digest({ targets: 1, topResources: [top('a2', 6, 'LOW'), top('a1', 1, 'LOW')], errors: ['repeat error'] });
    for (const [x, y, z] of [[a, b, c], [a, repeat, b], [repeat, c, a]] as const) {
      for (const limit of [1, 2, 3, 10]) {
        const flat = mergeDigests([x, y, z], limit);
        expect(mergeDigests([mergeDigests([x, y], limit), z], limit)).toEqual(flat);
        expect(mergeDigests([x, mergeDigests([y, z], limit)], limit)).toEqual(flat);
      }
    }
    expect(mergeDigests([a, repeat, b], 2).topResources).toEqual([top('a2', 6, 'LOW'), top('a1', 5, 'HIGH')]);
  });

  it('counts a resource found in two digests once, with its larger failure count and higher severity', () => {
    const again = digest({ topResources: [{ ...top('a1', 2, 'CRITICAL') }] });
    expect(mergeDigests([a, again], 5).topResources).toEqual([{ ...top('a1', 5, 'CRITICAL') }, top('a2', 1, 'LOW')]);
  });

  it('caps the merged errors', () => {
    const many = digest({ errors: Array.from({ length: 60 }, (_, index) => `x${index}`) });
    const merged = mergeDigests([many, a, many], 1);
    expect(merged.errors).toHaveLength(MAX_DIGEST_ERRORS);
    expect(merged.errors.slice(58, 62)).toEqual(['x58', 'x59', 'a error', 'x0']);
  });
});

describe('buildDigest', () => {
  const summary = summarizeScan(RESULT, TRANSITIONS, { topResources: 5, errors: ['Security Hub import failed: AccessDeniedException'] });

  it('builds the run digest as a custom notification, field by field', () => {
    const message = buildDigest(summary);
    expect(parse(message)).toEqual({
      version: '1.0',
      source: 'custom',
      content: {
        textType: 'client-markdown',
        title: 'gatewatch run: 5 failing (2 new, 1 resolved)',
        description: [
          '```',
          'gate             CRITICAL  HIGH  MEDIUM  LOW',
          'multi-az                1     -       -    -',
          'encryption              -     1       -    -',
          'least-privilege         -     -       1    -',
          'vpc-endpoints           -     -       1    -',
          'tagging                 -     -       -    1',
          '```',
          'New 2 · Resolved 1 · Still failing 3 · Exempted 1 · Unknown 1',
          'Scanned 2 targets in 1 account and 2 Regions',
          '*Top resources*',
          `• orders (${ACCOUNT} eu-west-1): 2 failures, highest CRITICAL`,
          `• admin (${ACCOUNT} global): 1 failure, highest MEDIUM`,
          `• logs (${ACCOUNT} eu-west-1): 1 failure, highest LOW`,
          '*Errors*',
          '• Security Hub import failed: AccessDeniedException',
          `• ${ACCOUNT} us-east-1: 2 rules not fully evaluated (cloudtrail DescribeTrails: AccessDeniedException; ec2 DescribeVpcs: AccessDeniedException)`,
        ].join('\n'),
      },
      metadata: {
        threadId: 'gatewatch-digest',
        summary: '5 failing (2 new, 1 resolved), 3 still failing, across 2 targets',
        eventType: 'RunDigest',
        relatedResources: [`arn:aws:rds:eu-west-1:${ACCOUNT}:db:orders`, ROLE_ARN, BUCKET_KEY],
      },
    });
    expect(message.attributes).toEqual({
      severity: { DataType: 'String', StringValue: 'CRITICAL' },
      gates: { DataType: 'String.Array', StringValue: '["multi-az","encryption","least-privilege","vpc-endpoints","tagging"]' },
      account: { DataType: 'String', StringValue: ACCOUNT },
      region: { DataType: 'String', StringValue: 'multiple' },
      eventType: { DataType: 'String', StringValue: 'RunDigest' },
    });
  });

  it('puts the caller’s label in the title', () => {
    expect(parse(buildDigest(summary, { title: 'gatewatch nightly' })).content.title).toBe('gatewatch nightly: 5 failing (2 new, 1 resolved)');
  });

  it('says there are no failures, with severity INFORMATIONAL and no gates attribute, in a single Region of one account', () => {
    const message = buildDigest(digest({ targets: 1, accounts: [ACCOUNT], regions: ['eu-west-1'], resolved: 4 }));
    const notification = parse(message);
    expect(notification.content.title).toBe('gatewatch run: 0 failing (0 new, 4 resolved)');
    expect(notification.content.description).toBe(['No failures.', 'New 0 · Resolved 4 · Still failing 0 · Exempted 0 · Unknown 0', 'Scanned 1 target in 1 account and 1 Region'].join('\n'));
    expect(notification.metadata?.relatedResources).toEqual([]);
    expect(message.attributes).toEqual({
      severity: { DataType: 'String', StringValue: 'INFORMATIONAL' },
      account: { DataType: 'String', StringValue: ACCOUNT },
      region: { DataType: 'String', StringValue: 'eu-west-1' },
      eventType: { DataType: 'String', StringValue: 'RunDigest' },
    });
  });

  it('says multiple accounts when there are several', () => {
    expect(buildDigest(digest({ accounts: [ACCOUNT, OTHER], regions: ['eu-west-1'] })).attributes['account']).toEqual({ DataType: 'String', StringValue: 'multiple' });
  });

  it('stays inside Slack and SNS limits with 5,000 top resources and 1,000 long errors, and shows some of both', () => {
    const huge = digest({
      targets: 900,
      accounts: Array.from({ length: 300 }, (_, index) => String(100_000_000_000 + index)),
      regions: ['eu-west-1', 'us-east-1', 'us-west-2'],
      failing: matrix(GATE_IDS.flatMap((gate) => SEVERITIES.map((severity): [Gate, Severity, number] => [gate, severity, 1_000_000]))),
      newFailures: 123_456,
      topResources: Array.from({ length: 5_000 }, (_, index) => ({
        resource: `arn:aws:s3:::${'r'.repeat(1_000)}${index}`,
        name: `bucket\n${'n'.repeat(500)}${index}`,
        accountId: ACCOUNT,
        region: 'eu-west-1',
        failures: 5_000 - index,
        highest: 'HIGH' as const,
      })),
      errors: Array.from({ length: 1_000 }, (_, index) => `error ${index}\n${'e'.repeat(2_000)}`),
    });
    const message = buildDigest(huge);
    const notification = parse(message);
    expect(payloadBytes(message)).toBeLessThan(SNS_MAX_PAYLOAD_BYTES);
    expect(notification.content.title.length).toBeLessThanOrEqual(TITLE_MAX);
    const { description } = notification.content;
    expect(description.length).toBeLessThanOrEqual(DESCRIPTION_MAX);
    const lines = description.split('\n');
    const topStart = lines.indexOf('*Top resources*');
    const errorStart = lines.indexOf('*Errors*');
    expect(topStart).toBeGreaterThan(0);
    expect(errorStart).toBeGreaterThan(topStart);
    const topLines = lines.slice(topStart + 1, errorStart);
    const errorLines = lines.slice(errorStart + 1);
    expect(topLines.length).toBeGreaterThan(2);
    expect(errorLines.length).toBeGreaterThan(2);
    expect(topLines.at(-1)).toBe(`…and ${5_000 - (topLines.length - 1)} more`);
    expect(errorLines.at(-1)).toBe(`…and ${1_000 - (errorLines.length - 1)} more`);
    for (const line of [...topLines, ...errorLines]) expect(line.length).toBeLessThanOrEqual(200);
    expect(topLines[0]?.startsWith('• bucket nnn')).toBe(true);
    expect(errorLines[0]?.startsWith('• error 0 eee')).toBe(true);
    expect(notification.metadata?.relatedResources).toEqual(huge.topResources.slice(0, topLines.length - 1).map((entry) => entry.resource));
    expect(message.attributes['account']).toEqual({ DataType: 'String', StringValue: 'multiple' });
    expect(message.attributes['severity']).toEqual({ DataType: 'String', StringValue: 'CRITICAL' });
  });
});

describe('fix costs in the digest', () => {
  const total = (monthly: number | undefined, currency: string | undefined, effectiveDate: string, counts: Partial<Record<'priced' | 'perUnit' | 'free' | 'usageBased' | 'unavailable', number>> = {}) => ({
    monthly,
    currency,
    priced: 0,
    perUnit: 0,
    free: 0,
    usageBased: 0,
    unavailable: 0,
    effectiveDate,
    ...counts,
  });
  const withCosts = (byGate: NonNullable<ScanResult['fixCosts']>['byGate']): ScanResult => ({
    ...RESULT,
    fixCosts: { byGate, overall: total(undefined, undefined, '2026-01-01'), priceSource: 'price file p.json' },
  });

  it('keeps the totals per gate in cents, sums them exactly across targets, and says them in the message', () => {
    const a = summarizeScan(withCosts({ 'vpc-endpoints': total(112.42, 'USD', '2026-05-01', { priced: 1, free: 1 }), 'multi-az': total(undefined, undefined, '2026-05-01', { unavailable: 2 }) }), TRANSITIONS, { topResources: 1 });
    const b = summarizeScan(withCosts({ 'vpc-endpoints': total(51.1, 'USD', '2026-09-17', { priced: 1 }), 'private-network': total(0.1, 'USD', '2026-09-01', { priced: 1 }) }), TRANSITIONS, { topResources: 1 });
    expect(a.fixCosts?.['vpc-endpoints']).toEqual({ monthlyCents: { USD: 11242 }, priced: 1, perUnit: 0, free: 1, usageBased: 0, unavailable: 0, effectiveDate: '2026-05-01' });
    const merged = mergeDigests([a, b], 1);
    expect(merged.fixCosts?.['vpc-endpoints']).toEqual({ monthlyCents: { USD: 16352 }, priced: 2, perUnit: 0, free: 1, usageBased: 0, unavailable: 0, effectiveDate: '2026-05-01' });
    expect(mergeDigests([b, a], 1).fixCosts).toEqual(merged.fixCosts);
    const description = parse(buildDigest(merged)).content.description;
    expect(description).toContain('Fixing the failures ≈ $163.62/month (private-network $0.10, vpc-endpoints $163.52); prices of 2026-05-01; 2 not priced');
  });

  it('says nothing about fix costs when nothing was priced, and reads digests stored before fix costs', () => {
    const digest = summarizeScan(RESULT, TRANSITIONS, { topResources: 1 });
    expect(parse(buildDigest(digest)).content.description).not.toContain('Fixing');
    const { fixCosts: _fixCosts, ...stored } = digest;
    expect(mergeDigests([stored, digest], 1).fixCosts).toEqual({});
  });
});
