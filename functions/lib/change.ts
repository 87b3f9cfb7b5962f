/**
 * What a change event asks for, done: evaluate the item Config sent, re-read the resources a call
 * touched, re-scan the gates a network, trail or IAM change can move, or archive the findings of a
 * resource that is gone — each narrowed to the rules and types concerned, so one event costs a
 * handful of calls, and only the findings of what was looked at may be resolved or archived.
 */
import type { ScanResult } from '../../engine/result.js';
import { countEvaluations } from '../../engine/scan.js';
import { resourceKey } from '../../findings/asff.js';
import type { PublishReport, TouchedResource } from '../../findings/publish.js';
import { notifierOf, securityHubOf } from '../../pipeline/outlets.js';
import { runPipeline, type Narrowed, type PipelineInput } from '../../pipeline/pipeline.js';
import { GLOBAL_REGION, isGlobalType, itemKey, type ResourceType } from '../../model/configuration-item.js';
import { ALL_REGIONS, type ChangeRequest, type ResourceRef } from '../../inventory/events/change-request.js';
import type { Source } from '../../inventory/source.js';
import { EventItemSource, NamedResourcesSource } from '../../inventory/event-sources.js';
import type { KnownIdentity } from '../../inventory/live/live-source.js';
import { partitionOf } from '../../model/resource-types/arn.js';
import { catalog } from '../../rules/index.js';
import type { AnyRule } from '../../rules/lib/types.js';
import type { AccountClients, Dependencies } from './dependencies.js';
import { accountCheck, liveSourceFor } from './scan-one.js';
import { logger } from './runtime.js';
import { globalRegion, scanRegions } from './targets.js';
import type { Gate } from '../../model/gates.js';
import type { DeadlineSpec } from '../../aws/deadline.js';

export type ChangeOutcome =
  | { readonly status: 'rejected'; readonly reason: string }
  | { readonly status: 'ignored'; readonly reason: string; readonly origin: string }
  | {
      readonly status: 'done';
      readonly kind: 'evaluate' | 'reread' | 'rescan' | 'deleted';
      readonly origin: string;
      readonly evaluations: number;
      readonly failing: number;
      readonly transitions: PublishReport['transitions'];
      /** Finding states read and written. */
      readonly states: PublishReport['states'];
      readonly errors: readonly string[];
    };

/**
 * The rules of `gates` (all gates when absent) restricted to the resource types `keep` accepts:
 * a rule judging many types (tagging) then collects only the ones concerned.
 */
export function narrowRules(rules: readonly AnyRule[], keep: (type: ResourceType) => boolean, gates?: readonly Gate[]): AnyRule[] {
  return rules.flatMap((rule) => {
    if (gates !== undefined && !gates.includes(rule.meta.gate)) return [];
    const types = rule.meta.resourceTypes.filter(keep);
    if (types.length === 0) return [];
    return [types.length === rule.meta.resourceTypes.length ? rule : { ...rule, meta: { ...rule.meta, resourceTypes: types } }];
  });
}

/** The keys a resource reference's findings may be filed under: its ARN, and its item key. */
function touchedBy(ref: ResourceRef, accountId: string, region: string): TouchedResource[] {
  const recorded = isGlobalType(ref.resourceType) ? GLOBAL_REGION : region;
  const keys = [...(ref.arn === undefined ? [] : [ref.arn]), itemKey({ ARN: undefined, awsAccountId: accountId, awsRegion: recorded, resourceType: ref.resourceType, resourceId: ref.resourceId })];
  return keys.map((key) => ({ accountId, region: recorded, resourceType: ref.resourceType, key }));
}

/** The types the rules read besides those they judge: the context an event's source reads, related to what it judges. */
function needsOf(rules: readonly AnyRule[]): Set<ResourceType> {
  return new Set(rules.flatMap((rule) => [...(rule.meta.needs ?? []), ...(rule.meta.needsAccountWide ?? [])]));
}

/**
 * Keeps the evaluations of the given resources — by ARN or item key, or by type and id when the
 * event named the resource without its ARN — and lets only their earlier findings be archived.
 * Only their finding states are read: by key, whatever the size of the account.
 */
function onlyResources(result: ScanResult, touched: readonly TouchedResource[], ids: ReadonlySet<string> = new Set()): Narrowed {
  const keys = new Set(touched.map((resource) => resource.key));
  const evaluations = result.evaluations.filter(
    (evaluation) => evaluation.resource.id !== '*' && (keys.has(resourceKey(evaluation.resource)) || ids.has(`${evaluation.resource.type} ${evaluation.resource.id}`)),
  );
  // A resource found under another key than the event's still has its findings judged, not archived.
  const found = new Set(evaluations.map((evaluation) => resourceKey(evaluation.resource)));
  return {
    result: { ...result, evaluations, counts: countEvaluations(evaluations) },
    archivable: (prior, complete) => complete && (keys.has(prior.resource) || found.has(prior.resource)),
    priors: { kind: 'resources', resources: touched },
  };
}

export interface ChangeSources {
  /**
   * The live source of an account (tests substitute mocks). `identity`: the account the clients
   * read, known without asking STS (see handleChange).
   */
  readonly live?: (clients: AccountClients, deadline?: DeadlineSpec, identity?: KnownIdentity) => Source;
  /** When the live collection must stop (the Lambda's timeout less a margin): see LiveSourceOptions. */
  readonly deadline?: DeadlineSpec | undefined;
}

/** Carries out one change request. Throws on AWS errors, so the event is retried and then dead-lettered. */
export async function handleChange(request: ChangeRequest, deps: Dependencies, sources: ChangeSources = {}): Promise<ChangeOutcome> {
  if (request.kind === 'rejected') return { status: 'rejected', reason: request.reason };
  if (request.kind === 'ignored') return { status: 'ignored', reason: request.reason, origin: request.origin };

  const settings = await deps.settings();
  const clients = await deps.clientsFor(request.accountId);
  const home = deps.environment.AWS_REGION;
  // The clients read the event's account by construction — the functions' own role when it is
  // theirs (the account deps.ownAccount established with STS once per container), else the scan
  // role assumed by its ARN in that account, which STS answers only with that account's
  // credentials — so no sts:GetCallerIdentity per event. The account check before publishing
  // (accountCheck) then compares the event's account with itself: for an event, the role's ARN is
  // the guard. The nightly scan keeps asking STS, so a scan role set up wrong still shows there.
  const identity: KnownIdentity = { accountId: request.accountId, partition: partitionOf(home) };
  const live = () => (sources.live ?? ((account, deadline, known) => liveSourceFor(account, home, deadline, known)))(clients, sources.deadline, identity);
  const now = () => deps.now();
  /** Global resources are read from the functions' Region. */
  const scanRegion = (region: string) => (region === GLOBAL_REGION ? globalRegion(settings, settings.regions ?? [home], home) : region);

  const base = { settings, catalog, now, account: accountCheck(request.accountId, request.origin, deps) };
  const outlets = {
    store: deps.stateStore(),
    hub: securityHubOf(clients),
    notifier: notifierOf(deps.sns(), deps.environment.ALERT_TOPIC_ARN),
    // The nightly run's choice, so a change lands in the same hub as the nightly findings.
    homeRegion: globalRegion(settings, settings.regions ?? [home], home),
  };

  let run: Pick<PipelineInput, 'scan' | 'narrow'>;
  switch (request.kind) {
    case 'evaluate': {
      const { item } = request;
      const rules = narrowRules(catalog, (type) => type === item.resourceType);
      run = {
        scan: {
          // The item as Config sent it, and only the context related to it.
          source: new EventItemSource(item, live(), needsOf(rules)),
          target: { regions: [scanRegion(request.region)], includeGlobal: isGlobalType(item.resourceType) },
          rules,
        },
        narrow: (result) =>
          onlyResources(result, [{ accountId: item.awsAccountId, region: item.awsRegion, resourceType: item.resourceType, key: itemKey(item) }]),
      };
      break;
    }
    case 'reread': {
      const types = new Set(request.resources.map((ref) => ref.resourceType));
      const rules = narrowRules(catalog, (type) => types.has(type));
      run = {
        scan: {
          // The named resources only, by id, name or ARN, and the context related to them.
          source: new NamedResourcesSource(request.resources, live(), needsOf(rules)),
          target: { regions: [scanRegion(request.region)], includeGlobal: [...types].some(isGlobalType) },
          rules,
        },
        narrow: (result) =>
          onlyResources(
            result,
            request.resources.flatMap((ref) => touchedBy(ref, request.accountId, request.region)),
            new Set(request.resources.map((ref) => `${ref.resourceType} ${ref.resourceId}`)),
          ),
      };
      break;
    }
    case 'rescan': {
      const global = request.regions.includes(GLOBAL_REGION);
      const regional = request.regions.filter((region) => region !== GLOBAL_REGION);
      const regions = regional.includes(ALL_REGIONS) ? await scanRegions(settings, clients, home) : regional;
      // A global-only rescan (IAM) collects IAM alone; regional rescans leave IAM to the nightly run.
      // Whole gates in whole scopes: resolving and archiving follow completeness, as at night; only
      // the finding states of the gates' rules are read (one key range per rule and scope).
      const rules = narrowRules(catalog, (type) => (regions.length === 0 ? isGlobalType(type) : global || !isGlobalType(type)), request.gates);
      run = {
        scan: {
          source: live(),
          target: {
            regions: regions.length === 0 ? [scanRegion(GLOBAL_REGION)] : regions,
            includeGlobal: global,
            // A credential change: a credential report generated before it is not judged.
            ...(request.credentialsChangedAt === undefined ? {} : { credentialsChangedAt: new Date(request.credentialsChangedAt) }),
          },
          rules,
        },
        narrow: (result) => ({ result, priors: { kind: 'rules', ruleIds: rules.map((rule) => rule.meta.id) } }),
      };
      break;
    }
    case 'deleted': {
      const touched = request.resources.flatMap((ref) => touchedBy(ref, request.accountId, request.region));
      const keys = new Set(touched.map((resource) => resource.key));
      const regions = new Set(request.resources.map((ref) => (isGlobalType(ref.resourceType) ? GLOBAL_REGION : request.region)));
      const at = deps.now().toISOString();
      const result: ScanResult = {
        source: request.origin,
        startedAt: at,
        finishedAt: at,
        rules: [],
        scopes: [...regions].map((region) => ({ accountId: request.accountId, region })),
        evaluations: [],
        completeness: [],
        errors: [],
        warnings: [],
        counts: countEvaluations([]),
        calls: [],
      };
      // Config says the resource is gone: its findings are archived, whatever else the scope holds.
      run = { scan: { result }, narrow: () => ({ result, archivable: (prior) => keys.has(prior.resource), priors: { kind: 'resources', resources: touched } }) };
      break;
    }
  }

  // A change's fixes are priced as the nightly run's are (the state table's price cache answers
  // most of them), so a finding's content does not flip between the two runs.
  const prices = deps.prices?.((message) => logger.warn('price cache', { message }), sources.deadline);
  const outcome = await runPipeline({ ...base, ...run, outlets, prices });
  return {
    status: 'done',
    kind: request.kind,
    origin: request.origin,
    evaluations: outcome.result.evaluations.length,
    failing: outcome.failing,
    transitions: outcome.report.transitions,
    states: outcome.report.states,
    errors: outcome.report.errors,
  };
}
