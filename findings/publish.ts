/**
 * Publishing a scan: load the finding states of the scopes it covered, plan the lifecycle,
 * deliver to Security Hub, alert on SNS, keep the new states.
 *
 * Nothing is lost in silence: a finding Security Hub did not take keeps its earlier state with
 * the failure recorded, so the next scan sends it again; an alert that could not be published
 * leaves the failure unalerted, so the next scan alerts it again.
 */
import type { SNSClient } from '@aws-sdk/client-sns';
import type { Evaluation, ScanResult } from '../engine/result.js';
import { Limiter } from '../aws/limiter.js';
import type { AnyRule } from '../rules/lib/types.js';
import type { Transitions } from './digest.js';
import { findingId, findingIdOfKey } from './asff.js';
import { stateScope, type FindingFailure, type FindingState, type FindingStateStore, type StateKey } from './finding-state.js';
import { planDeliveries, type PlanInput, type PlannedImport, type PlannedUpdate } from './lifecycle.js';
import { buildAlert, type AlertEntry } from './notification.js';
import { publish as publishSns } from './sns-publisher.js';
import type { DeliveryFailure, DeliveryResult, RegionError, SecurityHubPublisher } from './security-hub.js';
import type { Severity } from '../model/gates.js';

export interface Notifier {
  readonly client: SNSClient;
  readonly topicArn: string;
  readonly sleep?: ((ms: number) => Promise<void>) | undefined;
}

export interface PublishOptions {
  readonly catalog: readonly AnyRule[];
  readonly store: FindingStateStore;
  /** Absent: findings are not sent to Security Hub (the lifecycle is still kept, for alerts). */
  readonly hub?: SecurityHubPublisher | undefined;
  /** Absent: no alerts. */
  readonly notifier?: Notifier | undefined;
  /** The Security Hub Region for global resources' findings. */
  readonly homeRegion: string;
  readonly alerts: { readonly minSeverity: Severity; readonly maxListed: number };
  readonly now: () => Date;
  readonly archivable?: PlanInput['archivable'];
  /** Which earlier states to read; default: every scope of the scan, whole (the nightly run). */
  readonly priors?: PriorSelection | undefined;
  /** Days after which a still-failing, unchanged finding is imported again (settings `securityHub.refreshDays`). */
  readonly refreshDays: number;
}

/** A resource a change touched, by the key its findings are filed under (its ARN, or the item key). */
export interface TouchedResource {
  readonly accountId: string;
  /** The Region it is recorded in (`global` for IAM, CloudFront). */
  readonly region: string;
  readonly resourceType: string;
  readonly key: string;
}

/**
 * Which earlier finding states a run reads, so that what it reads follows what it looked at:
 * - `scopes`: every record of every scope the scan covered (the nightly run);
 * - `rules`: the records of these rules in every scope the scan covered (a gate re-scan);
 * - `resources`: the records of these resources and of every resource the scan evaluated, by key
 *   (a change event): one finding Id per rule that judges the resource's type.
 */
export type PriorSelection =
  | { readonly kind: 'scopes' }
  | { readonly kind: 'rules'; readonly ruleIds: readonly string[] }
  | { readonly kind: 'resources'; readonly resources: readonly TouchedResource[] };

export interface PublishReport {
  readonly transitions: Transitions & { readonly archived: number; readonly held: number };
  /** Findings Security Hub accepted (0 without a hub). */
  readonly imported: number;
  /** Workflow updates Security Hub processed (suppressions and returns to NEW). */
  readonly workflowUpdates: number;
  /** Findings or workflow updates that could not be delivered: recorded in the state store. */
  readonly failed: readonly DeliveryFailure[];
  readonly regionErrors: readonly RegionError[];
  readonly alertsSent: number;
  /** Everything that went wrong, one line each, for the operator. */
  readonly errors: readonly string[];
  readonly requests: { readonly BatchImportFindings: number; readonly BatchUpdateFindings: number; readonly Publish: number };
  /** Finding states read and written: they follow what the run looked at and what changed, not the account's size. */
  readonly states: { readonly read: number; readonly written: number };
}

const EMPTY_DELIVERY: DeliveryResult = { imported: [], failed: [], updated: [], updateFailed: [], requests: { BatchImportFindings: 0, BatchUpdateFindings: 0 } };

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const name = key(item);
    const group = groups.get(name);
    if (group === undefined) groups.set(name, [item]);
    else group.push(item);
  }
  return groups;
}

/** The keys of the findings a change can have touched: every rule judging the resource's type, for each resource; and each evaluation's own. */
export function touchedKeys(resources: readonly TouchedResource[], evaluations: readonly Evaluation[], catalog: readonly AnyRule[]): StateKey[] {
  const keys = new Map<string, StateKey>();
  const add = (scope: string, id: string) => keys.set(`${scope}\u0000${id}`, { scope, id });
  for (const resource of resources) {
    for (const rule of catalog) {
      if (!(rule.meta.resourceTypes as readonly string[]).includes(resource.resourceType)) continue;
      add(stateScope(resource.accountId, resource.region), findingIdOfKey(rule.meta.id, resource.accountId, resource.region, resource.key));
    }
  }
  for (const evaluation of evaluations) {
    if (evaluation.resource.id === '*') continue;
    add(stateScope(evaluation.resource.accountId, evaluation.resource.region), findingId(evaluation.ruleId, evaluation.resource));
  }
  return [...keys.values()];
}

/** Loads the earlier states the selection names, four requests at a time. */
async function loadPriors(result: ScanResult, store: FindingStateStore, selection: PriorSelection, catalog: readonly AnyRule[]): Promise<Map<string, FindingState>> {
  const limiter = new Limiter(4);
  let loaded: FindingState[][];
  switch (selection.kind) {
    case 'scopes':
      loaded = await Promise.all(result.scopes.map((scope) => limiter.run(() => store.load(scope.accountId, scope.region))));
      break;
    case 'rules':
      loaded = await Promise.all(result.scopes.map((scope) => limiter.run(() => store.loadRules(scope.accountId, scope.region, selection.ruleIds))));
      break;
    case 'resources':
      loaded = [await store.get(touchedKeys(selection.resources, result.evaluations, catalog))];
      break;
  }
  return new Map(loaded.flat().map((state) => [state.id, state]));
}

async function deliverAll(hub: SecurityHubPublisher | undefined, imports: readonly PlannedImport[], updates: readonly PlannedUpdate[]): Promise<DeliveryResult[]> {
  const regions = [...new Set([...imports.map((entry) => entry.hubRegion), ...updates.map((entry) => entry.hubRegion)])].sort();
  const results: DeliveryResult[] = [];
  for (const region of regions) {
    const findings = imports.filter((entry) => entry.hubRegion === region).map((entry) => entry.finding);
    const regionUpdates = updates.filter((entry) => entry.hubRegion === region).map((entry) => entry.update);
    if (hub === undefined) {
      // No Security Hub: the lifecycle advances as if delivered, so alerts still fire once.
      results.push({ ...EMPTY_DELIVERY, imported: findings.flatMap((finding) => (finding.Id === undefined ? [] : [finding.Id])), updated: regionUpdates.map((update) => update.id) });
    } else {
      results.push(await hub.deliver(region, findings, regionUpdates));
    }
  }
  return results;
}

function failureOf(failure: DeliveryFailure, at: string): FindingFailure {
  return { at, code: failure.code, message: failure.message };
}

/** The state kept for an import: its next state when delivered, else the prior one with the failure. */
function settle(entry: PlannedImport, failure: DeliveryFailure | undefined, at: string): FindingState {
  if (failure === undefined) return { ...entry.next, failure: undefined };
  if (entry.prior !== undefined) return { ...entry.prior, failure: failureOf(failure, at) };
  // A first delivery that failed: remembered, so the failure is reported and sent again.
  return { ...entry.next, compliance: undefined, finding: undefined, failure: failureOf(failure, at) };
}

/** Publishes a scan's findings; throws only when the finding states cannot be read (nothing is sent then). */
export async function publishFindings(result: ScanResult, options: PublishOptions): Promise<PublishReport> {
  const now = options.now();
  const at = now.toISOString();
  let priors: Map<string, FindingState>;
  try {
    priors = await loadPriors(result, options.store, options.priors ?? { kind: 'scopes' }, options.catalog);
  } catch (error) {
    throw new Error(`cannot read the finding states from ${options.store.description}: ${(error as Error).message}; nothing was published`, { cause: error });
  }
  const plan = planDeliveries({
    evaluations: result.evaluations,
    completeness: result.completeness,
    catalog: options.catalog,
    priors,
    now,
    homeRegion: options.homeRegion,
    alertSeverity: options.alerts.minSeverity,
    archivable: options.archivable,
    refreshDays: options.refreshDays,
    alerting: options.notifier !== undefined,
  });

  const deliveries = await deliverAll(options.hub, plan.imports, plan.updates);
  const failures = new Map(deliveries.flatMap((delivery) => delivery.failed.map((failure) => [failure.id, failure] as const)));
  const updateFailures = new Map(deliveries.flatMap((delivery) => delivery.updateFailed.map((failure) => [failure.id, failure] as const)));
  const regionErrors = deliveries.flatMap((delivery) => (delivery.regionError === undefined ? [] : [delivery.regionError]));

  const states = new Map<string, FindingState>();
  for (const entry of plan.imports) states.set(entry.next.id, settle(entry, failures.get(entry.next.id), at));
  for (const { update } of plan.updates) {
    const current = states.get(update.id) ?? priors.get(update.id);
    if (current === undefined) continue;
    const failure = updateFailures.get(update.id);
    states.set(
      update.id,
      failure === undefined
        ? { ...current, workflow: update.status === 'SUPPRESSED' ? { status: 'SUPPRESSED', note: update.note } : undefined }
        : { ...current, failure: failureOf(failure, at) },
    );
  }
  for (const state of plan.quiet) states.set(state.id, state);

  // One alert per account × Region with failures that newly need one.
  const errors: string[] = regionErrors.map((error) => error.message);
  let alertsSent = 0;
  let publishRequests = 0;
  const alertable = plan.imports.filter((entry): entry is PlannedImport & { alert: AlertEntry } => entry.alert !== undefined);
  if (options.notifier !== undefined) {
    for (const [scope, entries] of groupBy(alertable, (entry) => `${entry.next.accountId}/${entry.next.region}`)) {
      const first = entries[0];
      if (first === undefined) continue;
      const message = buildAlert({ accountId: first.next.accountId, region: first.next.region, entries: entries.map((entry) => entry.alert), maxListed: options.alerts.maxListed });
      publishRequests += 1;
      try {
        await publishSns(options.notifier.client, options.notifier.topicArn, message, options.notifier.sleep === undefined ? {} : { sleep: options.notifier.sleep });
        alertsSent += 1;
        for (const entry of entries) {
          const state = states.get(entry.next.id);
          if (state !== undefined) states.set(state.id, { ...state, alertedAt: at });
        }
      } catch (error) {
        errors.push(`alert for ${scope} not published (it will be retried on the next scan): ${(error as Error).message}`);
      }
    }
  }

  const failed = [...failures.values(), ...updateFailures.values()];
  // A Region that refused everything is already one error; the rest are counted in one line.
  const rejected = deliveries.filter((delivery) => delivery.regionError === undefined).flatMap((delivery) => [...delivery.failed, ...delivery.updateFailed]);
  const first = rejected[0];
  if (first !== undefined) {
    errors.push(
      `${rejected.length} findings or workflow updates were not accepted by Security Hub (first: ${first.id}: ${first.code} ${first.message}); recorded in ${options.store.description} and sent again on the next scan`,
    );
  }

  const written = [...states.values()];
  try {
    if (written.length > 0) await options.store.save(written);
  } catch (error) {
    errors.push(`finding states not saved to ${options.store.description}: ${(error as Error).message} — the next scan will treat these findings as new`);
  }

  const count = (kind: PlannedImport['kind']) => plan.imports.filter((entry) => entry.kind === kind).length;
  return {
    transitions: {
      newFailures: count('new'),
      stillFailing: count('refresh') + plan.unchanged,
      resolved: count('resolve') + plan.imports.filter((entry) => entry.kind === 'archive' && entry.prior?.compliance === 'FAILED').length,
      archived: count('archive'),
      held: plan.held,
    },
    imported: deliveries.reduce((sum, delivery) => sum + (options.hub === undefined ? 0 : delivery.imported.length), 0),
    workflowUpdates: deliveries.reduce((sum, delivery) => sum + (options.hub === undefined ? 0 : delivery.updated.length), 0),
    failed,
    regionErrors,
    alertsSent,
    errors,
    requests: {
      BatchImportFindings: deliveries.reduce((sum, delivery) => sum + delivery.requests.BatchImportFindings, 0),
      BatchUpdateFindings: deliveries.reduce((sum, delivery) => sum + delivery.requests.BatchUpdateFindings, 0),
      Publish: publishRequests,
    },
    states: { read: priors.size, written: written.length },
  };
}
