/**
 * The run digest: what one scan (or a whole nightly run of many) found, summarised for one SNS
 * message at its end. Digests of separate targets merge (associatively), so a fan-out of scans
 * can be summed in any grouping.
 */
import type { EvaluatedResource, ScanResult } from '../engine/result.js';
import { GATE_IDS, SEVERITIES, type Gate, type Severity } from '../model/gates.js';
import {
  DESCRIPTION_MAX,
  LINE_MAX,
  TITLE_MAX,
  bySeverity,
  compareText,
  fitLines,
  highestSeverity,
  oneLine,
  plural,
  stringArrayAttribute,
  stringAttribute,
  toSnsMessage,
  truncate,
  type CustomNotification,
  type SnsMessage,
} from './notification.js';

/** A resource with failures, for the digest's "top resources". */
export interface TopResource {
  /** The resource's ARN, or `ACCOUNT/REGION/TYPE/ID` when it has none. */
  readonly resource: string;
  readonly name: string;
  readonly accountId: string;
  readonly region: string;
  /** FAIL evaluations without exemption. */
  readonly failures: number;
  readonly highest: Severity;
}

/** What fixing one gate's open failures costs, summed over the scans of a run. */
export interface DigestFixCost {
  /** Σ of the priced estimates per currency, in cents (integers, so sums merge exactly). */
  readonly monthlyCents: Readonly<Record<string, number>>;
  readonly priced: number;
  /** Estimates per unit (per GB stored): counted, not added up. */
  readonly perUnit: number;
  readonly free: number;
  readonly usageBased: number;
  readonly unavailable: number;
  /** The oldest effective date of the prices added up. */
  readonly effectiveDate?: string | undefined;
}

export interface RunDigest {
  /** Account × Region targets scanned (global scopes not counted). */
  readonly targets: number;
  /** Sorted, distinct. */
  readonly accounts: readonly string[];
  /** The Regions of the targets: sorted, distinct, without `global`. */
  readonly regions: readonly string[];
  /** FAIL evaluations without exemption, per gate and severity. */
  readonly failing: Readonly<Record<Gate, Readonly<Record<Severity, number>>>>;
  readonly newFailures: number;
  readonly resolved: number;
  readonly stillFailing: number;
  /** FAIL evaluations with an exemption. */
  readonly exempted: number;
  /** UNKNOWN evaluations. */
  readonly unknown: number;
  /** Most failures first, then highest severity, then resource. */
  readonly topResources: readonly TopResource[];
  /** Problems to surface (delivery failures, incomplete scopes): at most {@link MAX_DIGEST_ERRORS}. */
  readonly errors: readonly string[];
  /** What fixing the open failures costs, per gate with estimates (absent in digests stored before estimates were made). */
  readonly fixCosts?: Readonly<Partial<Record<Gate, DigestFixCost>>> | undefined;
}

/** How findings changed against the stored state, as counted by the caller. */
export interface Transitions {
  readonly newFailures: number;
  readonly resolved: number;
  readonly stillFailing: number;
}

/** A digest keeps at most this many error lines (the first ones). */
export const MAX_DIGEST_ERRORS = 100;
/** The Slack thread every digest is posted in. */
export const DIGEST_THREAD_ID = 'gatewatch-digest';

type Matrix = Record<Gate, Record<Severity, number>>;

function zeroMatrix(): Matrix {
  return Object.fromEntries(GATE_IDS.map((gate) => [gate, Object.fromEntries(SEVERITIES.map((severity) => [severity, 0]))])) as Matrix;
}

/** The digest of nothing: the identity of {@link mergeDigests}. */
export function emptyDigest(): RunDigest {
  return { targets: 0, accounts: [], regions: [], failing: zeroMatrix(), newFailures: 0, resolved: 0, stillFailing: 0, exempted: 0, unknown: 0, topResources: [], errors: [], fixCosts: {} };
}

const olderDate = (a: string | undefined, b: string | undefined): string | undefined => (a === undefined ? b : b === undefined || a <= b ? a : b);

function addFixCosts(a: DigestFixCost | undefined, b: DigestFixCost | undefined): DigestFixCost | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  const monthlyCents: Record<string, number> = { ...a.monthlyCents };
  for (const [currency, cents] of Object.entries(b.monthlyCents)) monthlyCents[currency] = (monthlyCents[currency] ?? 0) + cents;
  const effectiveDate = olderDate(a.effectiveDate, b.effectiveDate);
  return {
    monthlyCents,
    priced: a.priced + b.priced,
    perUnit: a.perUnit + b.perUnit,
    free: a.free + b.free,
    usageBased: a.usageBased + b.usageBased,
    unavailable: a.unavailable + b.unavailable,
    ...(effectiveDate === undefined ? {} : { effectiveDate }),
  };
}

function mergeFixCosts(a: RunDigest['fixCosts'], b: RunDigest['fixCosts']): Partial<Record<Gate, DigestFixCost>> {
  const merged: Partial<Record<Gate, DigestFixCost>> = {};
  for (const gate of GATE_IDS) {
    const sum = addFixCosts(a?.[gate], b?.[gate]);
    if (sum !== undefined) merged[gate] = sum;
  }
  return merged;
}

/** One scan's fix-cost totals as the digest keeps them (per gate, cents per currency). */
function scanFixCosts(result: ScanResult): Partial<Record<Gate, DigestFixCost>> {
  const fixCosts: Partial<Record<Gate, DigestFixCost>> = {};
  for (const gate of GATE_IDS) {
    const total = result.fixCosts?.byGate[gate];
    if (total === undefined) continue;
    const cents = total.monthly === undefined || total.currency === undefined ? undefined : Math.round(total.monthly * 100);
    fixCosts[gate] = {
      monthlyCents: cents === undefined || total.currency === undefined ? {} : { [total.currency]: cents },
      priced: total.priced,
      perUnit: total.perUnit,
      free: total.free,
      usageBased: total.usageBased,
      // Priced fixes whose currencies could not be added up count as not available.
      unavailable: total.unavailable + (cents === undefined ? total.priced : 0),
      ...(total.effectiveDate === undefined ? {} : { effectiveDate: total.effectiveDate }),
    };
  }
  return fixCosts;
}

/** "Fixing the failures ≈ $163.52/month (vpc-endpoints $163.52, private-network $32.85); prices of 2026-05-01", or nothing when nothing is priced. */
export function fixCostLine(digest: RunDigest): string | undefined {
  const gates = GATE_IDS.filter((gate) => Object.keys(digest.fixCosts?.[gate]?.monthlyCents ?? {}).length > 0);
  if (gates.length === 0) return undefined;
  const money = (cents: number, currency: string): string => `${currency === 'USD' ? '$' : `${currency} `}${(cents / 100).toFixed(2)}`;
  const totals = new Map<string, number>();
  for (const gate of gates) for (const [currency, cents] of Object.entries(digest.fixCosts?.[gate]?.monthlyCents ?? {})) totals.set(currency, (totals.get(currency) ?? 0) + cents);
  const perGate = gates.map((gate) => `${gate} ${Object.entries(digest.fixCosts?.[gate]?.monthlyCents ?? {}).map(([currency, cents]) => money(cents, currency)).join(' + ')}`);
  const date = gates.map((gate) => digest.fixCosts?.[gate]?.effectiveDate).reduce(olderDate, undefined);
  const unavailable = GATE_IDS.reduce((sum, gate) => sum + (digest.fixCosts?.[gate]?.unavailable ?? 0), 0);
  const total = [...totals].map(([currency, cents]) => money(cents, currency)).join(' + ');
  return `Fixing the failures ≈ ${total}/month (${perGate.join(', ')})${date === undefined ? '' : `; prices of ${date.slice(0, 10)}`}${unavailable > 0 ? `; ${unavailable} not priced` : ''}`;
}

function checkCount(value: number, what: string): void {
  if (!Number.isInteger(value) || value < 0) throw new Error(`${what} must be a non-negative integer, got ${value}`);
}

/** The key an evaluated resource is grouped by. */
function resourceKey(resource: EvaluatedResource): string {
  return resource.arn ?? `${resource.accountId}/${resource.region}/${resource.type}/${resource.id}`;
}

function compareTop(a: TopResource, b: TopResource): number {
  return (
    b.failures - a.failures ||
    bySeverity(a.highest, b.highest) ||
    compareText(a.resource, b.resource) ||
    compareText(a.accountId, b.accountId) ||
    compareText(a.region, b.region) ||
    compareText(a.name, b.name)
  );
}

/** One entry per resource (the same resource twice: the larger count, the higher severity), ranked, the first `limit`. */
function rankTop(resources: Iterable<TopResource>, limit: number): TopResource[] {
  const byKey = new Map<string, TopResource>();
  for (const resource of resources) {
    const seen = byKey.get(resource.resource);
    byKey.set(
      resource.resource,
      seen === undefined
        ? resource
        : {
            resource: resource.resource,
            name: compareText(seen.name, resource.name) <= 0 ? seen.name : resource.name,
            accountId: compareText(seen.accountId, resource.accountId) <= 0 ? seen.accountId : resource.accountId,
            region: compareText(seen.region, resource.region) <= 0 ? seen.region : resource.region,
            failures: Math.max(seen.failures, resource.failures),
            highest: highestSeverity([seen.highest, resource.highest]),
          },
    );
  }
  return [...byKey.values()].sort(compareTop).slice(0, limit);
}

const sortedDistinct = (values: Iterable<string>): string[] => [...new Set(values)].sort(compareText);

/** One line per account × Region where some rule was not fully evaluated. */
function incompleteScopes(result: ScanResult): string[] {
  const scopes = new Map<string, { rules: Set<string>; causes: Set<string> }>();
  for (const completeness of result.completeness) {
    if (completeness.complete) continue;
    const key = `${completeness.accountId} ${completeness.region}`;
    const scope = scopes.get(key) ?? { rules: new Set<string>(), causes: new Set<string>() };
    scope.rules.add(completeness.ruleId);
    for (const cause of completeness.causes) scope.causes.add(cause);
    scopes.set(key, scope);
  }
  return [...scopes.entries()]
    .sort(([a], [b]) => compareText(a, b))
    .map(([key, { rules, causes }]) => {
      const shown = [...causes].slice(0, 3).join('; ');
      const more = causes.size > 3 ? `; and ${causes.size - 3} more` : '';
      return `${key}: ${plural(rules.size, 'rule')} not fully evaluated${shown === '' ? '' : ` (${shown}${more})`}`;
    });
}

/**
 * The digest of one scan: FAIL evaluations without exemption per gate × severity, exempted and
 * UNKNOWN counts, the `topResources` resources with most failures (scope-level evaluations left
 * out), the caller's `errors` followed by one line per incomplete account × Region.
 * @throws {Error} when a count or `topResources` is not a non-negative integer.
 */
export function summarizeScan(result: ScanResult, transitions: Transitions, options: { topResources: number; errors?: readonly string[] }): RunDigest {
  checkCount(options.topResources, 'topResources');
  checkCount(transitions.newFailures, 'newFailures');
  checkCount(transitions.resolved, 'resolved');
  checkCount(transitions.stillFailing, 'stillFailing');

  const failing = zeroMatrix();
  let exempted = 0;
  let unknown = 0;
  const resources = new Map<string, TopResource>();
  for (const evaluation of result.evaluations) {
    if (evaluation.status === 'UNKNOWN') unknown += 1;
    if (evaluation.status !== 'FAIL') continue;
    if (evaluation.exemption !== undefined) {
      exempted += 1;
      continue;
    }
    failing[evaluation.gate][evaluation.severity] += 1;
    const { resource } = evaluation;
    if (resource.id === '*') continue;
    const key = resourceKey(resource);
    const seen = resources.get(key);
    resources.set(key, {
      resource: key,
      name: resource.name,
      accountId: resource.accountId,
      region: resource.region,
      failures: (seen?.failures ?? 0) + 1,
      highest: highestSeverity([evaluation.severity, ...(seen === undefined ? [] : [seen.highest])]),
    });
  }

  const regional = result.scopes.filter((scope) => scope.region !== 'global');
  return {
    targets: new Set(regional.map((scope) => `${scope.accountId}/${scope.region}`)).size,
    accounts: sortedDistinct(result.scopes.map((scope) => scope.accountId)),
    regions: sortedDistinct(regional.map((scope) => scope.region)),
    failing,
    newFailures: transitions.newFailures,
    resolved: transitions.resolved,
    stillFailing: transitions.stillFailing,
    exempted,
    unknown,
    topResources: rankTop(resources.values(), options.topResources),
    errors: [...(options.errors ?? []), ...incompleteScopes(result)].slice(0, MAX_DIGEST_ERRORS),
    fixCosts: scanFixCosts(result),
  };
}

function mergeTwo(a: RunDigest, b: RunDigest, topResources: number): RunDigest {
  const failing = zeroMatrix();
  for (const gate of GATE_IDS) for (const severity of SEVERITIES) failing[gate][severity] = a.failing[gate][severity] + b.failing[gate][severity];
  return {
    targets: a.targets + b.targets,
    accounts: sortedDistinct([...a.accounts, ...b.accounts]),
    regions: sortedDistinct([...a.regions, ...b.regions]),
    failing,
    newFailures: a.newFailures + b.newFailures,
    resolved: a.resolved + b.resolved,
    stillFailing: a.stillFailing + b.stillFailing,
    exempted: a.exempted + b.exempted,
    unknown: a.unknown + b.unknown,
    topResources: rankTop([...a.topResources, ...b.topResources], topResources),
    errors: [...a.errors, ...b.errors].slice(0, MAX_DIGEST_ERRORS),
    fixCosts: mergeFixCosts(a.fixCosts, b.fixCosts),
  };
}

/**
 * Sums digests (of distinct targets): counts add up, accounts and Regions unite, top resources
 * are re-ranked and cut to `topResources`, errors are kept in order up to {@link MAX_DIGEST_ERRORS}.
 * Associative, with `[]` giving the empty digest. A resource in two digests counts once, with
 * the larger failure count, so merging a digest with itself changes nothing but the sums.
 * @throws {Error} when `topResources` is not a non-negative integer.
 */
export function mergeDigests(digests: readonly RunDigest[], topResources: number): RunDigest {
  checkCount(topResources, 'topResources');
  return digests.reduce((merged, digest) => mergeTwo(merged, digest, topResources), emptyDigest());
}

/** Total FAIL evaluations without exemption. */
export function failingCount(digest: RunDigest): number {
  return GATE_IDS.reduce((sum, gate) => sum + SEVERITIES.reduce((row, severity) => row + digest.failing[gate][severity], 0), 0);
}

/** The gate × severity table, only rows and columns with failures, as a code block. */
function failingTable(digest: RunDigest): string[] {
  const gates = GATE_IDS.filter((gate) => SEVERITIES.some((severity) => digest.failing[gate][severity] > 0));
  if (gates.length === 0) return ['No failures.'];
  const severities = SEVERITIES.filter((severity) => gates.some((gate) => digest.failing[gate][severity] > 0));
  const gateWidth = Math.max('gate'.length, ...gates.map((gate) => gate.length));
  const widths = severities.map((severity) => Math.max(severity.length, ...gates.map((gate) => String(digest.failing[gate][severity]).length)));
  const row = (label: string, cells: readonly string[]) =>
    [label.padEnd(gateWidth), ...cells.map((cell, index) => cell.padStart(widths[index] ?? 0))].join('  ').trimEnd();
  return [
    '```',
    row('gate', severities),
    ...gates.map((gate) => row(gate, severities.map((severity) => (digest.failing[gate][severity] === 0 ? '-' : String(digest.failing[gate][severity]))))),
    '```',
  ];
}

function topLine(top: TopResource): string {
  const name = oneLine(top.name === '' ? top.resource : top.name, 80);
  return oneLine(`• ${name} (${top.accountId} ${top.region}): ${plural(top.failures, 'failure')}, highest ${top.highest}`, LINE_MAX);
}

/** A heading and the lines of a list that fit in `budget` characters; nothing when the list is empty. */
function section(heading: string, lines: readonly string[], budget: number): { readonly lines: string[]; readonly listed: number } {
  if (lines.length === 0 || budget < heading.length + 1) return { lines: [], listed: 0 };
  const fitted = fitLines(lines, budget - heading.length - 1);
  return fitted.lines.length === 0 ? { lines: [], listed: 0 } : { lines: [heading, ...fitted.lines], listed: fitted.listed };
}

const joinedLength = (lines: readonly string[]): number => (lines.length === 0 ? 0 : lines.join('\n').length);

/**
 * The digest's SNS message, in the Slack thread `gatewatch-digest`: title
 * `gatewatch run: N failing (X new, Y resolved)` (`options.title` replaces `gatewatch run`),
 * the gate × severity table, the transition counts, the top resources and the errors, as many
 * of each as fit in the description (errors get at least half of the room left by the rest).
 */
export function buildDigest(digest: RunDigest, options: { title?: string } = {}): SnsMessage {
  const failing = failingCount(digest);
  const label = oneLine(options.title ?? 'gatewatch run', 100);
  const counts = `${failing} failing (${digest.newFailures} new, ${digest.resolved} resolved)`;
  const costs = fixCostLine(digest);
  const fixed = [
    ...failingTable(digest),
    ...(costs === undefined ? [] : [oneLine(costs, LINE_MAX)]),
    `New ${digest.newFailures} · Resolved ${digest.resolved} · Still failing ${digest.stillFailing} · Exempted ${digest.exempted} · Unknown ${digest.unknown}`,
    `Scanned ${plural(digest.targets, 'target')} in ${plural(digest.accounts.length, 'account')} and ${plural(digest.regions.length, 'Region')}`,
  ];
  let room = DESCRIPTION_MAX - joinedLength(fixed);
  const errorLines = digest.errors.map((error) => oneLine(`• ${error}`, LINE_MAX));
  const topLines = digest.topResources.map(topLine);
  const errors = section('*Errors*', errorLines, (topLines.length > 0 ? Math.floor(room / 2) : room) - 1);
  room -= errors.lines.length > 0 ? joinedLength(errors.lines) + 1 : 0;
  const top = section('*Top resources*', topLines, room - 1);
  const listedTop = digest.topResources.slice(0, top.listed);

  const highest = highestSeverity(GATE_IDS.flatMap((gate) => SEVERITIES.filter((severity) => digest.failing[gate][severity] > 0)));
  const gates = GATE_IDS.filter((gate) => SEVERITIES.some((severity) => digest.failing[gate][severity] > 0));
  const [onlyAccount, ...otherAccounts] = digest.accounts;
  const [onlyRegion, ...otherRegions] = digest.regions;

  const notification: CustomNotification = {
    version: '1.0',
    source: 'custom',
    content: {
      textType: 'client-markdown',
      title: truncate(`${label}: ${counts}`, TITLE_MAX),
      description: [...fixed, ...top.lines, ...errors.lines].join('\n'),
    },
    metadata: {
      threadId: DIGEST_THREAD_ID,
      summary: oneLine(`${counts}, ${digest.stillFailing} still failing, across ${plural(digest.targets, 'target')}`, TITLE_MAX),
      eventType: 'RunDigest',
      relatedResources: listedTop.map((resource) => resource.resource),
    },
  };
  return toSnsMessage(notification, {
    severity: stringAttribute(highest),
    // No gate failed: the attribute is left out rather than sent as `[]`, which no filter policy matches anyway.
    ...(gates.length > 0 ? { gates: stringArrayAttribute(gates) } : {}),
    account: stringAttribute(onlyAccount !== undefined && otherAccounts.length === 0 ? onlyAccount : digest.accounts.length === 0 ? 'none' : 'multiple'),
    region: stringAttribute(onlyRegion !== undefined && otherRegions.length === 0 ? onlyRegion : digest.regions.length === 0 ? 'global' : 'multiple'),
    eventType: stringAttribute('RunDigest'),
  });
}
