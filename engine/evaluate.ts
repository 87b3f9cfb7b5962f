/**
 * Evaluation: every selected rule over every item of its resource types, scope by scope.
 *
 * The invariants live here: a rule whose data could not be collected in a scope is UNKNOWN
 * there (never PASS) and its scope is marked incomplete; non-production resources are
 * NOT_APPLICABLE to production-scoped rules; a rule that throws is UNKNOWN for that resource,
 * and the scan goes on. Output order is deterministic.
 */
import {
  displayName,
  isGlobalType,
  recordingRegion,
  tagValue,
  type AnyConfigurationItem,
  type ResourceType,
} from '../model/configuration-item.js';
import type { Inventory } from '../inventory/inventory.js';
import type { CollectionError, Scope } from '../inventory/source.js';
import { type AnyRule, type MessageData, type RuleContext, type Verdict } from '../rules/lib/types.js';
import { declaredView } from './declared-reads.js';
import { findExemption } from './exemptions.js';
import type { NeedOrError } from './fix-costs.js';
import { ENGINE_MESSAGES, renderMessage } from './messages.js';
import type { Completeness, EvaluatedResource, Evaluation } from './result.js';
import type { ResolvedRuleSettings, Settings } from './settings.js';
import { GATES, type Status } from '../model/gates.js';

/** A rule with its settings applied. */
export interface SelectedRule {
  readonly rule: AnyRule;
  readonly settings: ResolvedRuleSettings;
}

export interface EvaluateInput {
  readonly inventory: Inventory;
  readonly rules: readonly SelectedRule[];
  readonly settings: Settings;
  readonly errors: readonly CollectionError[];
  readonly now: Date;
}

export interface EvaluateOutput {
  readonly evaluations: Evaluation[];
  readonly completeness: Completeness[];
  /** What the FAILs' fixes buy, as their rules' `fixCost` declared it (read while the items are at hand; priced later). */
  readonly needs: Map<Evaluation, NeedOrError>;
}

const GATE_ORDER = new Map(GATES.map((gate, index) => [gate.id, index]));
/** Types the Inventory synthesises where no source gave an item (the account × Region item, the root user, the cost-control facts). */
const SYNTHESISED_TYPES: ReadonlySet<ResourceType> = new Set<ResourceType>(['AWS::::Account', 'AWS::IAM::RootUser', 'AWS::Budgets::Account', 'AWS::CE::Account']);

export function describeError(error: CollectionError): string {
  return `${error.service}:${error.operation} in ${error.region} failed (${error.code}: ${error.message})`;
}

function verdict(status: Status) {
  return (messageId: string, data: MessageData = {}): Verdict => ({ status, messageId, data });
}

const CONTEXT_VERDICTS = {
  pass: verdict('PASS'),
  fail: verdict('FAIL'),
  notApplicable: verdict('NOT_APPLICABLE'),
  unknown: verdict('UNKNOWN'),
};

function resourceOf(item: AnyConfigurationItem): EvaluatedResource {
  return {
    type: item.resourceType,
    id: item.resourceId,
    arn: item.ARN,
    name: displayName(item),
    accountId: item.awsAccountId,
    region: item.awsRegion,
    tags: item.tags,
  };
}

/** Whether two message data hold the same values under the same keys in the same order (so they serialise alike). */
function sameData(a: MessageData, b: MessageData): boolean {
  const keys = Object.keys(a);
  const other = Object.keys(b);
  return keys.length === other.length && keys.every((key, index) => other[index] === key && a[key] === b[key]);
}

/** Why a resource is outside the production scope, or undefined when it is inside. */
function outsideProduction(item: AnyConfigurationItem, settings: Settings): string | undefined {
  const { tag, values } = settings.production;
  const value = tagValue(item, tag);
  if (value === undefined || value === '') return `no ${tag} tag`;
  return values.includes(value) ? undefined : `${tag}=${value}`;
}

/**
 * The errors that touch `types` in `scope`; an error about one aspect (tags, a supplementary
 * fact) only where the rule reads that aspect. `perResource` selects the errors of per-resource
 * calls (which name their resources) instead of the scope-wide ones.
 */
function errorsIn(errors: readonly CollectionError[], types: readonly ResourceType[], scope: Scope, aspects: ReadonlySet<string>, perResource = false): CollectionError[] {
  return errors.filter(
    (error) =>
      error.accountId === scope.accountId &&
      (error.resourceIds !== undefined) === perResource &&
      (error.aspect === undefined || aspects.has(error.aspect)) &&
      error.resourceTypes.some((type) => types.includes(type) && error.region === recordingRegion(type, scope.region)),
  );
}

/**
 * The scope-wide errors of `types` in any Region of the scope's account (and `global`) other than
 * the scope's own: those of a rule's `needsAccountWide`.
 */
function errorsElsewhere(errors: readonly CollectionError[], types: readonly ResourceType[], scope: Scope, aspects: ReadonlySet<string>): CollectionError[] {
  return errors.filter(
    (error) =>
      error.accountId === scope.accountId &&
      error.resourceIds === undefined &&
      (error.aspect === undefined || aspects.has(error.aspect)) &&
      error.resourceTypes.some((type) => types.includes(type) && error.region !== recordingRegion(type, scope.region)),
  );
}

function gateScope(rule: AnyRule): 'production' | 'all' {
  return rule.meta.scope ?? GATES.find((gate) => gate.id === rule.meta.gate)?.scope ?? 'all';
}

function ruleOrder(a: SelectedRule, b: SelectedRule): number {
  const gate = (GATE_ORDER.get(a.rule.meta.gate) ?? 0) - (GATE_ORDER.get(b.rule.meta.gate) ?? 0);
  return gate !== 0 ? gate : a.rule.meta.id.localeCompare(b.rule.meta.id);
}

/** Shared by every complete scope: a large scan has a completeness entry per rule × scope. */
const NO_CAUSES: readonly string[] = Object.freeze([]);

interface EngineVerdict {
  readonly message: string;
  readonly data: MessageData;
}

/**
 * Memory: a resource judged by several rules shares one EvaluatedResource (per inventory: the map
 * holds its items), and the engine's own messages (the same few texts over and over) share one
 * string and one data object each.
 */
interface Shared {
  readonly resources: Map<AnyConfigurationItem, EvaluatedResource>;
  readonly engineVerdicts: Map<string, EngineVerdict>;
  readonly strings: StringPool;
  /** The FAILs' fix needs. */
  readonly needs: Map<Evaluation, NeedOrError>;
}

/**
 * One copy of equal message and data strings: rules write the same texts for many resources
 * (the same required tags, the same subnets, the same cause), over half the bytes a large scan's
 * evaluations hold. Bounded: when full it starts afresh, keeping the strings of recent
 * evaluations, where repeats are found. (A string is a value: which copy is held changes nothing.)
 */
class StringPool {
  private table = new Map<string, string>();
  constructor(private readonly max = 100_000) {}

  get(value: string): string {
    const known = this.table.get(value);
    if (known !== undefined) return known;
    if (this.table.size >= this.max) this.table = new Map();
    this.table.set(value, value);
    return value;
  }

  /** `data` with its strings shared: the same object when none changes, else a copy in the same key order. */
  data(data: MessageData): MessageData {
    let copy: Record<string, string | number> | undefined;
    for (const key of Object.keys(data)) {
      const value = data[key];
      if (typeof value !== 'string') continue;
      const shared = this.get(value);
      if (shared === value) continue;
      copy ??= { ...data };
      copy[key] = shared;
    }
    return copy ?? data;
  }
}

/** What one rule gave in one scope: `global` for the account's `global` scope of global types. */
type ScopeSink = (scope: Scope, global: boolean, evaluations: Evaluation[], completeness: Completeness) => void;

/** Evaluates the selected rules over the inventory. */
export function evaluate(input: EvaluateInput): EvaluateOutput {
  const evaluations: Evaluation[] = [];
  const completeness: Completeness[] = [];
  const shared: Shared = { resources: new Map(), engineVerdicts: new Map(), strings: new StringPool(), needs: new Map() };
  for (const selected of [...input.rules].sort(ruleOrder)) {
    evaluateRule(input, selected, shared, (_scope, _global, scoped, entry) => {
      for (const evaluation of scoped) evaluations.push(evaluation);
      completeness.push(entry);
    });
  }
  return { evaluations, completeness, needs: shared.needs };
}

const scopeSlot = (scope: Scope, global: boolean): string => `${global ? 'g' : 'r'}/${scope.region}`;

/**
 * One account's evaluations of one rule, in the order they were made (scope by scope), and per
 * scope slot where that scope's run starts and ends and its completeness entry. (Kept lean: a
 * large scan has a rule × scope pair for every Region of every account.)
 */
interface RuleRuns {
  readonly evaluations: Evaluation[];
  readonly starts: number[];
  readonly ends: number[];
  readonly completeness: Completeness[];
}

interface AccountRuns {
  /** The account's scopes seen so far (`r/REGION`, `g/global`), numbered. */
  readonly slots: Map<string, number>;
  /** Per rule (in rule order). */
  readonly rules: (RuleRuns | undefined)[];
}

/**
 * Gives the same evaluations, in the same order, as {@link evaluate} over one Inventory of every
 * account — but account by account, so only one account's items need be held at a time: give it
 * one Inventory per account (`add`), then ask for the result in the order of every scope. Rules
 * read only their own account's items (lookups are scoped by account; ofType's one reader keeps
 * to the account), so an account's Inventory judges it as the whole one would.
 */
export class AccountEvaluator {
  private readonly rules: readonly SelectedRule[];
  private readonly accounts = new Map<string, AccountRuns>();
  private readonly engineVerdicts = new Map<string, EngineVerdict>();
  private readonly strings = new StringPool();
  private readonly needs = new Map<Evaluation, NeedOrError>();

  constructor(private readonly input: Omit<EvaluateInput, 'inventory' | 'errors'>) {
    this.rules = [...input.rules].sort(ruleOrder);
  }

  /** Evaluates one account's Inventory (its items, its scopes) with the collection errors about it. */
  add(inventory: Inventory, errors: readonly CollectionError[]): void {
    const shared: Shared = { resources: new Map(), engineVerdicts: this.engineVerdicts, strings: this.strings, needs: this.needs };
    this.rules.forEach((selected, index) => {
      evaluateRule({ ...this.input, inventory, errors }, selected, shared, (scope, global, evaluations, completeness) => {
        let account = this.accounts.get(scope.accountId);
        if (account === undefined) {
          account = { slots: new Map(), rules: [] };
          this.accounts.set(scope.accountId, account);
        }
        const key = scopeSlot(scope, global);
        let slot = account.slots.get(key);
        if (slot === undefined) {
          slot = account.slots.size;
          account.slots.set(key, slot);
        }
        let runs = account.rules[index];
        if (runs === undefined) {
          runs = { evaluations: [], starts: [], ends: [], completeness: [] };
          account.rules[index] = runs;
        }
        runs.starts[slot] = runs.evaluations.length;
        for (const evaluation of evaluations) runs.evaluations.push(evaluation);
        runs.ends[slot] = runs.evaluations.length;
        runs.completeness[slot] = completeness;
      });
    });
  }

  /** Forgets every account added. */
  clear(): void {
    this.accounts.clear();
    this.needs.clear();
  }

  /**
   * The evaluations and completeness, ordered as one Inventory of all accounts orders them:
   * `scopes` and `globalScopes` are every scope in that Inventory's order.
   */
  result(scopes: readonly Scope[], globalScopes: readonly Scope[]): EvaluateOutput {
    const evaluations: Evaluation[] = [];
    const completeness: Completeness[] = [];
    this.rules.forEach((_rule, index) => {
      for (const [ordered, global] of [[scopes, false], [globalScopes, true]] as const) {
        for (const scope of ordered) {
          const account = this.accounts.get(scope.accountId);
          const slot = account?.slots.get(scopeSlot(scope, global));
          const runs = account?.rules[index];
          if (slot === undefined || runs === undefined) continue;
          const entry = runs.completeness[slot];
          if (entry === undefined) continue;
          const end = runs.ends[slot] ?? 0;
          for (let position = runs.starts[slot] ?? end; position < end; position++) {
            const evaluation = runs.evaluations[position];
            if (evaluation !== undefined) evaluations.push(evaluation);
          }
          completeness.push(entry);
        }
      }
    });
    this.accounts.clear();
    const needs = new Map(this.needs);
    this.needs.clear();
    return { evaluations, completeness, needs };
  }
}

function evaluateRule(input: EvaluateInput, selected: SelectedRule, shared: Shared, emit: ScopeSink): void {
  const { inventory, settings, errors, now } = input;
  const resourceOfItem = (item: AnyConfigurationItem): EvaluatedResource => {
    let resource = shared.resources.get(item);
    if (resource === undefined) {
      resource = resourceOf(item);
      shared.resources.set(item, resource);
    }
    return resource;
  };
  const engineVerdict = (template: string, data: MessageData): EngineVerdict => {
    const message = renderMessage(template, data);
    let verdict = shared.engineVerdicts.get(message);
    if (verdict === undefined || !sameData(verdict.data, data)) {
      verdict = { message, data };
      shared.engineVerdicts.set(message, verdict);
    }
    return verdict;
  };

  const { rule, settings: ruleSettings } = selected;
  const { meta } = rule;
  const make = (resource: EvaluatedResource, status: Status, messageId: string, data: MessageData, template: string): Evaluation => {
    const engine = messageId in ENGINE_MESSAGES && template === ENGINE_MESSAGES[messageId as keyof typeof ENGINE_MESSAGES];
    if (engine) {
      const verdict = engineVerdict(template, data);
      return { ruleId: meta.id, gate: meta.gate, severity: ruleSettings.severity, status, messageId, message: verdict.message, data: verdict.data, resource };
    }
    const message = shared.strings.get(renderMessage(template, data));
    return { ruleId: meta.id, gate: meta.gate, severity: ruleSettings.severity, status, messageId, message, data: shared.strings.data(data), resource };
  };
  const context: RuleContext<string, unknown> = { ...CONTEXT_VERDICTS, options: ruleSettings.options, settings, inventory: declaredView(inventory, meta) };
  const production = gateScope(rule) === 'production';
  // Production scope is decided by a tag, so production-scoped rules read tags too.
  const aspects = new Set([
    ...(meta.reads ?? []),
    ...(meta.readsWithOptions?.(ruleSettings.options) ?? []),
    ...(meta.readsTags === true || production ? ['tags'] : []),
  ]);
  // Global types (IAM) are evaluated once per account, in its `global` scope; regional
  // types once per account × Region. A rule may have both kinds (the tagging rule).
  const globalTypes = meta.resourceTypes.filter(isGlobalType);
  const regionalTypes = meta.resourceTypes.filter((type) => !isGlobalType(type));
  const scopes = [
    ...(regionalTypes.length > 0 ? inventory.scopes.map((scope) => ({ scope, types: regionalTypes, global: false })) : []),
    ...(globalTypes.length > 0 ? inventory.globalScopes.map((scope) => ({ scope, types: globalTypes, global: true })) : []),
  ];

  for (const { scope, types, global } of scopes) {
    const evaluations: Evaluation[] = [];
    const ownErrors = errorsIn(errors, types, scope, aspects);
    // Items whose aspect could not be read cannot be judged by a rule reading it; a listing
    // failure leaves the items that did arrive judgeable.
    const listErrors = ownErrors.filter((error) => error.aspect === undefined);
    const needs = [...(meta.needs ?? []), ...(meta.needsAccountWide ?? [])];
    const needErrors = [...new Set([...errorsIn(errors, needs, scope, aspects), ...ownErrors.filter((error) => error.aspect !== undefined)])];
    const resourceErrors = errorsIn(errors, types, scope, aspects, true);
    // Another Region's error can hide a resource that would qualify: it cannot undo a PASS.
    const wideErrors = errorsElsewhere(errors, meta.needsAccountWide ?? [], scope, aspects);
    const causes = [...new Set([...listErrors, ...needErrors, ...resourceErrors, ...wideErrors].map(describeError))];

    for (const type of types) {
      for (const item of inventory.inScope(type, scope)) {
        const resource = resourceOfItem(item);
        const itemErrors = [
          ...needErrors,
          ...resourceErrors.filter((error) => error.resourceTypes.includes(type) && error.resourceIds?.includes(item.resourceId) === true),
        ];
        // With its tags unknown, whether a resource is in production is unknown too.
        const tagsUnknown = itemErrors.some((error) => error.aspect === 'tags');
        const reason = production && !tagsUnknown ? outsideProduction(item, settings) : undefined;
        if (reason !== undefined) {
          evaluations.push(make(resource, 'NOT_APPLICABLE', 'notProduction', { reason }, ENGINE_MESSAGES.notProduction));
          continue;
        }
        if (itemErrors.length > 0) {
          const data = { cause: itemErrors.map(describeError).join('; ') };
          evaluations.push(make(resource, 'UNKNOWN', 'collectionFailed', data, ENGINE_MESSAGES.collectionFailed));
          continue;
        }
        let result: Verdict;
        try {
          result = rule.check(item, context);
        } catch (error) {
          const data = { error: error instanceof Error ? error.message : String(error) };
          evaluations.push(make(resource, 'UNKNOWN', 'ruleError', data, ENGINE_MESSAGES.ruleError));
          continue;
        }
        // A rule that cannot decide where part of its data could not be read: the failed call is the cause.
        if (result.status === 'UNKNOWN' && listErrors.length > 0) {
          const data = { cause: listErrors.map(describeError).join('; ') };
          evaluations.push(make(resource, 'UNKNOWN', 'collectionFailed', data, ENGINE_MESSAGES.collectionFailed));
          continue;
        }
        if (result.status !== 'PASS' && wideErrors.length > 0) {
          const data = { cause: wideErrors.map(describeError).join('; ') };
          evaluations.push(make(resource, 'UNKNOWN', 'collectionFailed', data, ENGINE_MESSAGES.collectionFailed));
          continue;
        }
        const template = meta.messages[result.messageId] ?? result.messageId;
        const evaluation = make(resource, result.status, result.messageId, result.data, template);
        const exemption = result.status === 'FAIL' ? findExemption(meta.id, item, settings, now) : undefined;
        const judged = exemption === undefined ? evaluation : { ...evaluation, exemption };
        evaluations.push(judged);
        if (result.status === 'FAIL' && meta.fixCost !== undefined) {
          // What the fix buys is read now, while the item is at hand; a throw costs the estimate, never the verdict.
          try {
            const need = meta.fixCost(item, result.data, { options: context.options, settings, inventory: context.inventory });
            if (need !== undefined) shared.needs.set(judged, need);
          } catch (error) {
            shared.needs.set(judged, { kind: 'error', message: error instanceof Error ? error.message : String(error) });
          }
        }
      }
    }

    // A resource named by an error but absent from the inventory (an item that failed
    // validation, a resource the collector could not finish reading) is UNKNOWN, not invisible.
    for (const error of resourceErrors) {
      for (const type of types.filter((candidate) => error.resourceTypes.includes(candidate))) {
        const present = new Set(inventory.inScope(type, scope).map((candidate) => candidate.resourceId));
        for (const id of error.resourceIds ?? []) {
          if (present.has(id)) continue;
          present.add(id);
          const resource: EvaluatedResource = { type, id, arn: undefined, name: id, accountId: scope.accountId, region: recordingRegion(type, scope.region), tags: {} };
          evaluations.push(make(resource, 'UNKNOWN', 'collectionFailed', { cause: describeError(error) }, ENGINE_MESSAGES.collectionFailed));
        }
      }
    }

    // The account × Region item and the root user always exist (the Inventory synthesises them), so
    // they are judged themselves — a rule missing one of their facts is UNKNOWN — and need no
    // scope-level UNKNOWN.
    for (const error of listErrors) {
      for (const type of types.filter((candidate) => error.resourceTypes.includes(candidate) && !SYNTHESISED_TYPES.has(candidate))) {
        const resource: EvaluatedResource = {
          type,
          id: '*',
          arn: undefined,
          name: `all ${type} in ${scope.region}`,
          accountId: scope.accountId,
          region: recordingRegion(type, scope.region),
          tags: {},
        };
        const data = { resourceType: type, region: resource.region, cause: describeError(error) };
        evaluations.push(make(resource, 'UNKNOWN', 'listFailed', data, ENGINE_MESSAGES.listFailed));
      }
    }

    emit(scope, global, evaluations, { ruleId: meta.id, accountId: scope.accountId, region: scope.region, complete: causes.length === 0, causes: causes.length === 0 ? NO_CAUSES : causes });
  }
}
