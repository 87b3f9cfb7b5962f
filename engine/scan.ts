/**
 * `scan(target, source, settings)`: select rules → collect only what they need → build the
 * Inventory → evaluate → result.
 */
import { GLOBAL_REGION, isGlobalType, type AnyConfigurationItem, type ResourceType } from '../model/configuration-item.js';
import { Inventory } from '../inventory/inventory.js';
import type { Collection, Scope, Source } from '../inventory/source.js';
import { type AnyRule } from '../rules/lib/types.js';
import { evaluateByAccount, type SelectedRule } from './evaluate.js';
import { expiredExemptionWarnings } from './exemptions.js';
import type { Counts, Evaluation, ScanResult, StatusCounts } from './result.js';
import type { Settings } from './settings.js';
import { GATES, SEVERITIES, STATUSES, type Gate, type Severity, type Status } from '../model/gates.js';

const scopeKey = (scope: Scope): string => `${scope.accountId}/${scope.region}`;

/** What to scan: an account's Regions. Absent fields mean "whatever the source covers". */
export interface ScanTarget {
  readonly regions?: readonly string[] | undefined;
  /**
   * False to leave global resources (IAM, CloudFront) out: a deployment scanning an account
   * Region by Region judges them once, in one target, not once per Region. Default true.
   */
  readonly includeGlobal?: boolean | undefined;
}

export interface RuleFilter {
  /** Only these gates; absent: all. */
  readonly gates?: readonly Gate[] | undefined;
  /** Only rules at or above this severity (after settings overrides). */
  readonly minSeverity?: Severity | undefined;
}

export interface ScanOptions extends RuleFilter {
  /** The clock; injected for tests and for exemption expiry. */
  readonly now?: () => Date;
}

/** The rules to run: enabled in the settings and inside the filter. */
export function selectRules(catalog: readonly AnyRule[], settings: Settings, filter: RuleFilter = {}): SelectedRule[] {
  const threshold = filter.minSeverity === undefined ? SEVERITIES.length : SEVERITIES.indexOf(filter.minSeverity);
  return catalog.flatMap((rule) => {
    const ruleSettings = settings.rules.get(rule.meta.id);
    if (ruleSettings === undefined || !ruleSettings.enabled) return [];
    if (filter.gates !== undefined && !filter.gates.includes(rule.meta.gate)) return [];
    if (SEVERITIES.indexOf(ruleSettings.severity) > threshold) return [];
    return [{ rule, settings: ruleSettings }];
  });
}

/** Every resource type the selected rules evaluate or look up: the only types collected. */
export function neededTypes(rules: readonly SelectedRule[]): Set<ResourceType> {
  return new Set(rules.flatMap(({ rule }) => [...rule.meta.resourceTypes, ...(rule.meta.needs ?? []), ...(rule.meta.needsAccountWide ?? [])]));
}

const zeroCounts = (): Record<Status, number> => Object.fromEntries(STATUSES.map((status) => [status, 0])) as Record<Status, number>;

export function countEvaluations(evaluations: readonly Evaluation[]): Counts {
  const total = zeroCounts();
  const byGate = Object.fromEntries(GATES.map((gate) => [gate.id, zeroCounts()])) as Record<Gate, Record<Status, number>>;
  let exempted = 0;
  for (const evaluation of evaluations) {
    total[evaluation.status] += 1;
    byGate[evaluation.gate][evaluation.status] += 1;
    if (evaluation.exemption !== undefined) exempted += 1;
  }
  return { total: total as StatusCounts, exempted, byGate };
}

/**
 * Scans a target. Collection errors never abort the scan: they make the rules that needed the
 * data UNKNOWN in the affected scopes.
 * @throws {InputError} when the source's input itself is unusable (a malformed snapshot).
 */
export async function scan(
  target: ScanTarget,
  source: Source,
  settings: Settings,
  catalog: readonly AnyRule[],
  options: ScanOptions = {},
): Promise<ScanResult> {
  const clock = options.now ?? (() => new Date());
  const startedAt = clock();
  const rules = selectRules(catalog, settings, options);
  const includeGlobal = target.includeGlobal !== false;
  let collection: Collection | undefined = await source.collect({
    resourceTypes: new Set([...neededTypes(rules)].filter((type) => includeGlobal || !isGlobalType(type))),
    regions: target.regions ?? settings.regions,
  });
  const { errors, skippedTypes, calls } = collection;

  // A Region the source failed in entirely is still a scope: its rules must show as UNKNOWN.
  // Errors about single resources or about tags only say nothing of a Region's coverage.
  const scopes: Scope[] = [
    ...collection.scopes,
    ...errors
      .filter((error) => error.region !== 'global' && error.resourceIds === undefined && error.aspect === undefined)
      .map(({ accountId, region }) => ({ accountId, region })),
  ];
  // The scopes in the order one Inventory of every account holds them (see Inventory).
  const regionalScopes = [...new Map(scopes.map((scope) => [scopeKey(scope), scope])).values()].sort((a, b) => scopeKey(a).localeCompare(scopeKey(b)));
  const covered = new Set(regionalScopes.map(scopeKey));

  // Items by account: each account is evaluated on its own Inventory, then its items can go.
  const byAccount = new Map<string, AnyConfigurationItem[]>();
  for (const scope of regionalScopes) if (!byAccount.has(scope.accountId)) byAccount.set(scope.accountId, []);
  // Items of an account × Region the scan does not cover are judged nowhere: say so.
  let outsideCount = 0;
  const outsideScopes = new Set<string>();
  for (const item of collection.items) {
    let list = byAccount.get(item.awsAccountId);
    if (list === undefined) {
      list = [];
      byAccount.set(item.awsAccountId, list);
    }
    list.push(item);
    if (item.awsRegion !== 'global' && !covered.has(`${item.awsAccountId}/${item.awsRegion}`)) {
      outsideCount += 1;
      outsideScopes.add(`${item.awsAccountId}/${item.awsRegion}`);
    }
  }
  collection = undefined;
  const accounts = [...byAccount.keys()].sort();
  const scopesOf = new Map<string, Scope[]>();
  for (const scope of regionalScopes) scopesOf.set(scope.accountId, [...(scopesOf.get(scope.accountId) ?? []), scope]);
  function* inventories(): Generator<Inventory> {
    for (const accountId of accounts) {
      const items = byAccount.get(accountId) ?? [];
      byAccount.delete(accountId);
      yield new Inventory(items, scopesOf.get(accountId) ?? [], { includeGlobal });
    }
  }
  const globalScopes = includeGlobal ? accounts.map((accountId) => ({ accountId, region: GLOBAL_REGION })) : [];

  const now = clock();
  const { evaluations, completeness } = evaluateByAccount({ inventories: inventories(), scopes: regionalScopes, globalScopes, rules, settings, errors, now });

  const skipped = Object.entries(skippedTypes ?? {});
  const warnings = [
    ...(outsideCount > 0 ? [`${outsideCount} items of account × Regions outside the scan's scopes were not evaluated (${[...outsideScopes].sort().join(', ')})`] : []),
    ...expiredExemptionWarnings(settings, now),
    ...(skipped.length > 0 ? [`${skipped.reduce((sum, [, count]) => sum + count, 0)} items of ${skipped.length} resource types no rule reads were skipped`] : []),
  ];

  return {
    source: source.description,
    startedAt: startedAt.toISOString(),
    finishedAt: clock().toISOString(),
    rules: rules.map(({ rule, settings: ruleSettings }) => ({
      id: rule.meta.id,
      gate: rule.meta.gate,
      severity: ruleSettings.severity,
      title: rule.meta.title,
    })),
    scopes: [...regionalScopes, ...globalScopes],
    evaluations,
    completeness,
    errors,
    warnings,
    counts: countEvaluations(evaluations),
    calls: calls ?? [],
  };
}
