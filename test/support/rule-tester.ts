/**
 * The rule tester: a table of cases per rule, run through the real engine (`evaluate`) so the
 * engine's own behaviour (production scope, collection errors, exemptions) is part of every test.
 *
 * Like ESLint's RuleTester it rejects a table with duplicate cases or with message ids the rule
 * does not define, and it demands the five kinds of case every rule needs: a PASS, a FAIL, a
 * NOT_APPLICABLE, an UNKNOWN, and one case with several resources.
 */
import { describe, expect, it } from '@jest/globals';
import type { AnyConfigurationItem, ResourceType } from '../../model/configuration-item.js';
import { Inventory } from '../../inventory/inventory.js';
import type { CollectionError, Scope } from '../../inventory/source.js';
import { evaluate } from '../../engine/evaluate.js';
import { ENGINE_MESSAGES, placeholders } from '../../engine/messages.js';
import type { Evaluation } from '../../engine/result.js';
import { parseSettings } from '../../engine/settings.js';
import type { AnyRule, MessageData } from '../../rules/lib/types.js';
import { ACCOUNT, REGION } from './items.js';
import type { Status } from '../../model/gates.js';

export interface ExpectedEvaluation {
  readonly resourceId: string;
  /** Checked when given; account × Region items share one resource id, so tell them apart here. */
  readonly region?: string;
  readonly accountId?: string;
  readonly status: Status;
  readonly messageId: string;
  /** Checked with toMatchObject: the listed keys only. */
  readonly data?: MessageData;
  /** True: the evaluation must carry an exemption; false or absent: it must not. */
  readonly exempted?: boolean;
}

export interface RuleCase {
  readonly name: string;
  /** The whole inventory of the case. */
  readonly items: readonly AnyConfigurationItem[];
  /** Every evaluation of the rule, in the engine's order. */
  readonly expect: readonly ExpectedEvaluation[];
  /** The rule's options, as they would stand in the settings file. */
  readonly options?: Readonly<Record<string, unknown>>;
  /** Other settings (production tag, required tags, exemptions, …). */
  readonly settings?: Readonly<Record<string, unknown>>;
  /** Types whose collection failed in the default scope (or give full errors). */
  readonly failed?: readonly (ResourceType | CollectionError)[];
  /** Regional scopes; default: those of the items, else the default account × Region. */
  readonly scopes?: readonly Scope[];
  /** The clock, for exemption expiry; default 2026-06-01. */
  readonly now?: string;
}

const ENGINE_IDS = new Set(Object.keys(ENGINE_MESSAGES));

export interface TableOptions {
  /**
   * Why this rule has no honest NOT_APPLICABLE case (an account-level rule that applies to every
   * account × Region). Required to leave that case out; an empty reason is refused.
   */
  readonly noNotApplicable?: string;
}

const resourceKey = (expected: ExpectedEvaluation): string => `${expected.accountId ?? ''}/${expected.region ?? ''}/${expected.resourceId}`;

function toError(failed: ResourceType | CollectionError): CollectionError {
  if (typeof failed !== 'string') return failed;
  return {
    accountId: ACCOUNT,
    region: failed.startsWith('AWS::IAM::') ? 'global' : REGION,
    resourceTypes: [failed],
    service: 'test',
    operation: 'List',
    code: 'AccessDeniedException',
    message: 'denied by the test',
  };
}

function defaultScopes(items: readonly AnyConfigurationItem[]): Scope[] {
  const regional = items.filter((candidate) => candidate.awsRegion !== 'global');
  if (regional.length === 0) return [{ accountId: ACCOUNT, region: REGION }];
  return regional.map((candidate) => ({ accountId: candidate.awsAccountId, region: candidate.awsRegion }));
}

/** Runs a case and returns the rule's evaluations. */
export function runCase(rule: AnyRule, testCase: RuleCase): Evaluation[] {
  const raw = {
    ...testCase.settings,
    rules: { [rule.meta.id]: testCase.options === undefined ? {} : { options: testCase.options } },
  };
  const settings = parseSettings(raw, [rule], `case "${testCase.name}"`);
  const inventory = new Inventory(testCase.items, testCase.scopes ?? defaultScopes(testCase.items));
  const ruleSettings = settings.rules.get(rule.meta.id);
  if (ruleSettings === undefined) throw new Error(`no settings for ${rule.meta.id}`);
  return evaluate({
    inventory,
    rules: [{ rule, settings: ruleSettings }],
    settings,
    errors: (testCase.failed ?? []).map(toError),
    now: new Date(testCase.now ?? '2026-06-01T00:00:00Z'),
  }).evaluations;
}

/** Rejects what ESLint's RuleTester rejects, plus a table that misses one of the five kinds of case. */
export function validateTable(rule: AnyRule, cases: readonly RuleCase[], options: TableOptions = {}): void {
  const names = new Set<string>();
  const bodies = new Set<string>();
  const seen = new Set<string>();
  for (const testCase of cases) {
    if (names.has(testCase.name)) throw new Error(`${rule.meta.id}: duplicate case name "${testCase.name}"`);
    names.add(testCase.name);
    const body = JSON.stringify([testCase.items, testCase.options, testCase.settings, testCase.failed, testCase.scopes, testCase.now]);
    if (bodies.has(body)) throw new Error(`${rule.meta.id}: case "${testCase.name}" duplicates an earlier case`);
    bodies.add(body);
    for (const expected of testCase.expect) {
      if (!Object.hasOwn(rule.meta.messages, expected.messageId) && !ENGINE_IDS.has(expected.messageId)) {
        throw new Error(`${rule.meta.id}: case "${testCase.name}" expects unknown message id "${expected.messageId}"`);
      }
      seen.add(expected.status);
    }
    if (new Set(testCase.expect.map(resourceKey)).size >= 2) seen.add('several');
  }
  if (options.noNotApplicable !== undefined) {
    if (options.noNotApplicable.trim().length < 10) throw new Error(`${rule.meta.id}: noNotApplicable needs a real reason`);
    if (seen.has('NOT_APPLICABLE')) throw new Error(`${rule.meta.id}: noNotApplicable is set but a case expects NOT_APPLICABLE`);
    seen.add('NOT_APPLICABLE');
  }
  const missing = ['PASS', 'FAIL', 'NOT_APPLICABLE', 'UNKNOWN', 'several'].filter((kind) => !seen.has(kind));
  if (missing.length > 0) throw new Error(`${rule.meta.id}: the table has no case for ${missing.join(', ')}`);
}

/** Defines the jest tests of a rule from its table. */
export function testRule(rule: AnyRule, cases: readonly RuleCase[], options: TableOptions = {}): void {
  validateTable(rule, cases, options);
  describe(rule.meta.id, () => {
    it.each(cases.map((testCase) => [testCase.name, testCase] as const))('%s', (_name, testCase) => {
      const actual = runCase(rule, testCase);
      expect(
        actual.map((evaluation, index) => ({
          resourceId: evaluation.resource.id,
          ...(testCase.expect[index]?.region === undefined ? {} : { region: evaluation.resource.region }),
          ...(testCase.expect[index]?.accountId === undefined ? {} : { accountId: evaluation.resource.accountId }),
          status: evaluation.status,
          messageId: evaluation.messageId,
          exempted: evaluation.exemption !== undefined,
        })),
      ).toEqual(
        testCase.expect.map((expected) => ({
          resourceId: expected.resourceId,
          ...(expected.region === undefined ? {} : { region: expected.region }),
          ...(expected.accountId === undefined ? {} : { accountId: expected.accountId }),
          status: expected.status,
          messageId: expected.messageId,
          exempted: expected.exempted ?? false,
        })),
      );
      testCase.expect.forEach((expected, index) => {
        if (expected.data !== undefined) expect(actual[index]?.data).toMatchObject(expected.data);
      });
      for (const evaluation of actual) {
        const template = rule.meta.messages[evaluation.messageId] ?? ENGINE_MESSAGES[evaluation.messageId as keyof typeof ENGINE_MESSAGES];
        const missing = placeholders(template).filter((name) => evaluation.data[name] === undefined);
        expect({ messageId: evaluation.messageId, missingPlaceholders: missing }).toEqual({ messageId: evaluation.messageId, missingPlaceholders: [] });
      }
    });
  });
}
