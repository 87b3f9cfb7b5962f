/**
 * `scan(target, source, settings)`: select rules → collect only what they need → build the
 * Inventory → evaluate → result.
 */
import { GLOBAL_REGION, isGlobalType, type AnyConfigurationItem, type ResourceType } from '../model/configuration-item.js';
import { Inventory } from '../inventory/inventory.js';
import type { Collection, CollectionError, Scope, Source } from '../inventory/source.js';
import { collectsByAccount } from '../inventory/snapshot/snapshot-source.js';
import { type AnyRule } from '../rules/lib/types.js';
import { AccountEvaluator, type SelectedRule } from './evaluate.js';
import { expiredExemptionWarnings } from './exemptions.js';
import { priceFixes } from './fix-costs.js';
import type { PriceSource } from '../model/fix-cost.js';
import type { Counts, Evaluation, ScanResult, StatusCounts } from './result.js';
import type { Settings } from './settings.js';
import { GATES, SEVERITIES, STATUSES, type Gate, type Severity, type Status } from '../model/gates.js';

const scopeKey = (scope: Scope): string => `${scope.accountId}/${scope.region}`;

/**
 * The scopes errors imply: a Region the source failed in entirely is still a scope, so its rules
 * show as UNKNOWN. Errors about single resources or one aspect say nothing of a Region's coverage.
 */
function errorScopes(errors: readonly CollectionError[]): Scope[] {
  return errors.filter((error) => error.region !== GLOBAL_REGION && error.resourceIds === undefined && error.aspect === undefined).map(({ accountId, region }) => ({ accountId, region }));
}

/** What to scan: an account's Regions. Absent fields mean "whatever the source covers". */
export interface ScanTarget {
  readonly regions?: readonly string[] | undefined;
  /**
   * False to leave global resources (IAM, CloudFront) out: a deployment scanning an account
   * Region by Region judges them once, in one target, not once per Region. Default true.
   */
  readonly includeGlobal?: boolean | undefined;
  /** Passed to the source: see CollectRequest.credentialsChangedAt. */
  readonly credentialsChangedAt?: Date | undefined;
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
  /**
   * Where the unit prices of the FAILs' fixes come from (a price file, the Price List API); absent:
   * every priced fix says "price not available". A price that cannot be read never changes a verdict.
   */
  readonly prices?: PriceSource | undefined;
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
  const request = {
    resourceTypes: new Set([...neededTypes(rules)].filter((type) => includeGlobal || !isGlobalType(type))),
    regions: target.regions ?? settings.regions,
    ...(target.credentialsChangedAt === undefined ? {} : { credentialsChangedAt: target.credentialsChangedAt }),
  };

  // Accounts are evaluated one by one, each on an Inventory of its own items, which can then go.
  let evaluator: AccountEvaluator | undefined;
  /** Per account evaluated: the scopes and the errors it was judged with. */
  const evaluated = new Map<string, { readonly scopes: ReadonlySet<string>; readonly errors: string }>();
  const withItems = new Set<string>();
  let outsideCount = 0;
  const outsideScopes = new Set<string>();
  const addAccount = (now: Date, accountId: string, items: readonly AnyConfigurationItem[], accountScopes: readonly Scope[], errors: readonly CollectionError[]): void => {
    evaluator ??= new AccountEvaluator({ rules, settings, now });
    const scopes = [...accountScopes, ...errorScopes(errors)];
    const covered = new Set(scopes.map(scopeKey));
    // Items of an account × Region the scan does not cover are judged nowhere: say so.
    for (const item of items) {
      const key = `${item.awsAccountId}/${item.awsRegion}`;
      if (item.awsRegion !== GLOBAL_REGION && !covered.has(key)) {
        outsideCount += 1;
        outsideScopes.add(key);
      }
    }
    if (items.length > 0) withItems.add(accountId);
    evaluated.set(accountId, { scopes: covered, errors: JSON.stringify(errors) });
    evaluator.add(new Inventory(items, scopes, { includeGlobal }), errors);
  };

  let collection: Collection | undefined;
  let now: Date;
  if (collectsByAccount(source)) {
    // Evaluated while the snapshot is read: the evaluation time is when reading starts.
    const evaluationTime = clock();
    now = evaluationTime;
    collection = await source.collectByAccount(request, {
      account: (part) => addAccount(evaluationTime, part.accountId, part.items, part.scopes, part.errors),
      restart: () => {
        evaluator?.clear();
        evaluated.clear();
        withItems.clear();
        outsideCount = 0;
        outsideScopes.clear();
      },
    });
  } else {
    collection = await source.collect(request);
    now = clock();
  }
  const { errors, skippedTypes, calls, warnings: sourceWarnings } = collection;

  // A Region the source failed in entirely is still a scope: its rules must show as UNKNOWN.
  // The scopes in the order one Inventory of every account holds them (see Inventory).
  const regionalScopes = [...new Map([...collection.scopes, ...errorScopes(errors)].map((scope) => [scopeKey(scope), scope])).values()].sort((a, b) =>
    scopeKey(a).localeCompare(scopeKey(b)),
  );
  const scopesOf = new Map<string, Scope[]>();
  for (const scope of regionalScopes) {
    const list = scopesOf.get(scope.accountId);
    if (list === undefined) scopesOf.set(scope.accountId, [scope]);
    else list.push(scope);
  }
  const errorsOf = new Map<string, CollectionError[]>();
  for (const error of errors) {
    const list = errorsOf.get(error.accountId);
    if (list === undefined) errorsOf.set(error.accountId, [error]);
    else list.push(error);
  }

  // Items the source did not hand over account by account.
  const byAccount = new Map<string, AnyConfigurationItem[]>();
  for (const item of collection.items) {
    const list = byAccount.get(item.awsAccountId);
    if (list === undefined) byAccount.set(item.awsAccountId, [item]);
    else list.push(item);
  }
  collection = undefined;
  const accounts = [...new Set([...scopesOf.keys(), ...byAccount.keys(), ...withItems])].sort();
  for (const accountId of accounts) {
    const done = evaluated.get(accountId);
    if (done !== undefined) {
      // Handed over before the collection was complete: it must have been judged in the same scopes.
      const expected = new Set((scopesOf.get(accountId) ?? []).map(scopeKey));
      const sameScopes = done.scopes.size === expected.size && [...expected].every((key) => done.scopes.has(key));
      if (!sameScopes || done.errors !== JSON.stringify(errorsOf.get(accountId) ?? []) || byAccount.has(accountId)) {
        throw new Error(`scan: account ${accountId} was evaluated before its collection was complete, with other scopes or errors than the collection's (${[...done.scopes].join(', ')} / ${[...expected].join(', ')})`);
      }
      continue;
    }
    const items = byAccount.get(accountId) ?? [];
    byAccount.delete(accountId);
    addAccount(now, accountId, items, scopesOf.get(accountId) ?? [], errorsOf.get(accountId) ?? []);
  }
  const globalScopes = includeGlobal ? accounts.map((accountId) => ({ accountId, region: GLOBAL_REGION })) : [];
  const judged = evaluator?.result(regionalScopes, globalScopes) ?? { evaluations: [], completeness: [], needs: new Map() };
  const { completeness } = judged;
  const { evaluations, summary: fixCosts } = await priceFixes(judged.evaluations, judged.needs, options.prices);
  judged.needs.clear();

  const skipped = Object.entries(skippedTypes ?? {});
  const warnings = [
    ...(sourceWarnings ?? []),
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
    ...(fixCosts === undefined ? {} : { fixCosts }),
  };
}
