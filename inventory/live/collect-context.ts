/**
 * The CollectContext of one collector in one account × Region: the place where calls are
 * counted, limited and retried, items validated, and failures turned into CollectionErrors.
 */
import { GetResourcesCommand, ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import { GLOBAL_REGION, recordingRegion, type AnyConfigurationItem, type ResourceType } from '../../model/configuration-item.js';
import { ItemError, normalizeItem } from '../normalize.js';
import type { CollectionError, Restriction } from '../source.js';
import { attemptsOf, asAwsError, errorCode } from '../../aws/errors.js';
import { CallFailure } from '../../aws/call-failure.js';
import type { CallStats } from '../../aws/call-stats.js';
import type { ClientClass } from '../../aws/clients.js';
import { chunks } from '../../aws/batches.js';
import { isNamed, tagMap, type AttemptScope, type CallOptions, type CollectContext, type Collector, type RawItem, type TagsByArn } from './collector.js';
import type { Limiter } from '../../aws/limiter.js';
import { retryThrottled } from '../../aws/retry.js';
import { DEADLINE_REACHED, DeadlineReachedError, type Deadline } from '../../aws/deadline.js';

/** Shared by every context of one scan. */
export interface ScanRuntime {
  readonly stats: CallStats;
  /** The SDK client of a class for a Region (cached by the source). */
  client<C>(type: ClientClass<C>, region: string): C;
  /**
   * The concurrency limit of a service's requests to one Region's endpoint (`region` is the
   * Region the request is sent to: an S3 bucket's own, not the collector's).
   */
  limiter(service: string, region: string): Limiter;
  /** Waits before a retry; tests pass a no-op. */
  sleep(milliseconds: number): Promise<void>;
  /** Retries after the SDK's own attempts, for throttling that outlasts them. */
  readonly throttleRetries: number;
  readonly now: () => Date;
  /** Results, shared across contexts. */
  readonly items: AnyConfigurationItem[];
  readonly rawItems: Record<string, unknown>[];
  readonly errors: CollectionError[];
  /** Facts for the account × Region item, by Region, merged from every collector. */
  readonly accountFacts: Map<string, Record<string, unknown>>;
  /**
   * When collecting must stop: after it no request starts, requests in flight are cut, and the
   * source records the tasks that had not finished (see {@link LiveCollectContext.deadlineReached}).
   */
  readonly deadline?: Deadline | undefined;
  /** The request's restrictions by type (CollectRequest.only): absent, every resource. */
  readonly only?: ReadonlyMap<ResourceType, Restriction> | undefined;
  /** CollectRequest.credentialsChangedAt. */
  readonly credentialsChangedAt?: Date | undefined;
}

/** The label of the Resource Groups Tagging API's calls, in the statistics and for its concurrency limit. */
const TAGGING_SERVICE = 'tagging';

/** GetResources takes at most 100 ARNs in its ResourceARNList. */
const TAGGING_ARNS_PER_CALL = 100;

/** Throttling past the SDK's adaptive retry: full jitter from 2 s (the first retry's bound), at most 20 s. */
const BACKOFF = { baseMs: 1_000, capMs: 20_000 } as const;

export class LiveCollectContext implements CollectContext {
  /** The calls the deadline cut or kept from starting, `service:operation`, in order. */
  private readonly cut: string[] = [];
  private readonly tagWalks = new Map<string, Promise<ReadonlyMap<string, Readonly<Record<string, string>>>>>();

  constructor(
    private readonly runtime: ScanRuntime,
    private readonly collector: Collector,
    readonly accountId: string,
    readonly region: string,
    readonly partition: string,
    /** Every Region of the scan: a global collector's failure for a regional type touches them all. */
    private readonly scanRegions: readonly string[] = [region],
  ) {}

  client<C>(type: ClientClass<C>, region?: string): C {
    return this.runtime.client(type, region ?? this.region);
  }

  async call<O>(operation: string, request: () => Promise<O>, options: CallOptions = {}): Promise<O> {
    return this.callAs(options.service ?? this.collector.service, operation, request, options.region ?? this.region);
  }

  /**
   * A call counted and limited under `service` (the Tagging API's calls are `tagging`'s, whoever
   * asks). Past the deadline it does not start; in flight, the deadline cuts it (and its client's
   * abort signal stops the request); either way it fails with DeadlineReached.
   */
  private async callAs<O>(service: string, operation: string, request: () => Promise<O>, region: string): Promise<O> {
    const { deadline } = this.runtime;
    const label = `${service}:${operation}`;
    const limiter = this.runtime.limiter(service, region);
    const record = (value: unknown, failed: boolean, retry: number) => this.runtime.stats.record(service, operation, attemptsOf(value), failed, retry > 0);
    /** Refused before a request was sent: not a call. */
    let refused: DeadlineReachedError | undefined;
    const send = (): Promise<O> => {
      if (deadline === undefined) return request();
      if (deadline.reached()) throw (refused = new DeadlineReachedError(`the deadline was reached before ${label} could start`));
      return deadline.race(request(), `the deadline was reached while ${label} was in flight`);
    };
    const sleep = (milliseconds: number): Promise<void> =>
      deadline === undefined ? this.runtime.sleep(milliseconds) : deadline.race(this.runtime.sleep(milliseconds), `the deadline was reached while ${label} waited to retry`);
    try {
      return await retryThrottled(
        async ({ retry }) => {
          const output = await limiter.run(send);
          record(output, false, retry);
          return output;
        },
        { retries: this.runtime.throttleRetries, ...BACKOFF, firstRetry: 1, sleep },
        (error, retrying, { retry }) => {
          if (error !== refused) record(error, !retrying, retry);
        },
      );
    } catch (error) {
      const code = errorCode(error);
      if (code === DEADLINE_REACHED) this.cut.push(label);
      throw new CallFailure(service, operation, code, error);
    }
  }

  pages<O>(operation: string, request: (token: string | undefined) => Promise<O>, next: (output: O) => string | undefined, options: CallOptions = {}): AsyncGenerator<O> {
    return this.pagesAs(options.service ?? this.collector.service, operation, request, next, options.region ?? this.region);
  }

  private async *pagesAs<O>(
    service: string,
    operation: string,
    request: (token: string | undefined) => Promise<O>,
    next: (output: O) => string | undefined,
    region: string,
  ): AsyncGenerator<O> {
    let token: string | undefined;
    const seen = new Set<string>();
    do {
      const output = await this.callAs(service, operation, () => request(token), region);
      yield output;
      token = next(output);
      if (token === '') token = undefined;
      if (token !== undefined) {
        // A service that hands back a token it already gave would loop forever: stop and say so.
        if (seen.has(token)) throw new CallFailure(service, operation, 'RepeatedPaginationToken', new Error('the service returned the same pagination token twice'));
        seen.add(token);
      }
    } while (token !== undefined);
  }

  emit(item: RawItem): void {
    // A type restricted by name keeps only the named resources, whatever the collector listed:
    // one with no targeted read lists the type whole (see CollectRequest.only).
    const restriction = this.restriction(item.resourceType);
    if (restriction?.kind === 'named' && !restriction.resources.some((resource) => isNamed(item, resource))) return;
    const raw: Record<string, unknown> = {
      configurationItemVersion: '1.3',
      configurationItemCaptureTime: this.runtime.now().toISOString(),
      configurationItemStatus: 'OK',
      awsAccountId: this.accountId,
      ...item,
      awsRegion: item.awsRegion ?? (this.collector.global === true ? GLOBAL_REGION : this.region),
      tags: item.tags ?? {},
      relationships: item.relationships ?? [],
      supplementaryConfiguration: item.supplementaryConfiguration ?? {},
    };
    try {
      const result = normalizeItem(raw);
      if (result.kind === 'item') {
        this.runtime.items.push(result.item);
        this.runtime.rawItems.push(raw);
      }
    } catch (error) {
      if (!(error instanceof ItemError)) throw error;
      this.record([item.resourceType], 'build', 'InvalidConfigurationItem', `${item.resourceType} ${item.resourceId}: ${error.message}`, {
        resourceIds: [item.resourceId],
        ...(item.awsRegion === undefined ? {} : { region: item.awsRegion }),
      });
    }
  }

  accountFact(facts: Readonly<Record<string, unknown>>): void {
    this.runtime.accountFacts.set(this.region, { ...this.runtime.accountFacts.get(this.region), ...facts });
  }

  async attempt(types: readonly ResourceType[], task: () => Promise<void>, scope: AttemptScope = {}): Promise<void> {
    try {
      await task();
    } catch (error) {
      // A call the deadline cut: the source records it once for every type of the task (deadlineReached).
      if (error instanceof CallFailure && error.code === DEADLINE_REACHED && this.runtime.deadline?.reached() === true) return;
      if (error instanceof CallFailure) {
        const message = asAwsError(error.cause).message ?? error.message;
        // The call's own service: a Tagging API walk fails as tagging:GetResources, whoever asked.
        this.record(types, error.operation, error.code, message, scope, error.service);
      } else {
        // A bug in a collector: the types it feeds are unknown, and the scan goes on.
        this.record(types, 'collect', 'InternalError', error instanceof Error ? error.message : String(error), scope);
      }
    }
  }

  get regions(): readonly string[] {
    return this.scanRegions;
  }

  /**
   * Records that the deadline came before this collector finished: every type it was asked for is
   * UNKNOWN in its scopes, with the call the deadline cut named (or `collect` when it cut none:
   * the task never started, or was between calls).
   */
  deadlineReached(types: readonly ResourceType[], started: boolean): void {
    const [first] = this.cut;
    const operation = first === undefined ? 'collect' : first.slice(first.indexOf(':') + 1);
    const where = `${this.collector.service} in ${this.collector.global === true ? 'the account' : this.region}`;
    const message = !started
      ? `the deadline was reached before the ${where} collection started`
      : first === undefined
        ? `the deadline was reached before the ${where} collection finished`
        : `the deadline was reached before the ${where} collection finished; cut: ${[...new Set(this.cut)].join(', ')}`;
    this.record(types, operation, DEADLINE_REACHED, message, {});
  }

  restriction(type: ResourceType): Restriction | undefined {
    return this.runtime.only?.get(type);
  }

  now(): Date {
    return this.runtime.now();
  }

  get credentialsChangedAt(): Date | undefined {
    return this.runtime.credentialsChangedAt;
  }

  async sleep(milliseconds: number): Promise<void> {
    const { deadline } = this.runtime;
    if (deadline === undefined) return this.runtime.sleep(milliseconds);
    const label = `${this.collector.service} in ${this.region}`;
    try {
      await deadline.race(this.runtime.sleep(milliseconds), `the deadline was reached while ${label} waited`);
    } catch (error) {
      throw new CallFailure(this.collector.service, 'wait', DEADLINE_REACHED, error);
    }
  }

  async tagsOf(arns: readonly string[], region: string = this.region): Promise<TagsByArn> {
    const client = this.client(ResourceGroupsTaggingAPIClient, region);
    const tags = new Map<string, Readonly<Record<string, string>>>();
    // With an ARN list GetResources takes no pagination parameters and answers in one page.
    const answers = await Promise.all(
      chunks([...new Set(arns)], TAGGING_ARNS_PER_CALL).map((ResourceARNList) =>
        this.callAs(TAGGING_SERVICE, 'GetResources', () => client.send(new GetResourcesCommand({ ResourceARNList })), region),
      ),
    );
    for (const answer of answers) {
      // A page token here would mean the answer is cut: never read a part as the whole.
      if (answer.PaginationToken !== undefined && answer.PaginationToken !== '') {
        throw new CallFailure(TAGGING_SERVICE, 'GetResources', 'UnexpectedPaginationToken', new Error('GetResources returned a pagination token for a ResourceARNList request'));
      }
      for (const mapping of answer.ResourceTagMappingList ?? []) {
        if (mapping.ResourceARN !== undefined) tags.set(mapping.ResourceARN, tagMap(mapping.Tags));
      }
    }
    return tags;
  }

  taggingApi(resourceTypeFilters: readonly string[], region: string = this.region): Promise<ReadonlyMap<string, Readonly<Record<string, string>>>> {
    const key = `${region}|${[...resourceTypeFilters].sort().join(',')}`;
    let walk = this.tagWalks.get(key);
    if (walk === undefined) {
      walk = this.walkTags(resourceTypeFilters, region);
      this.tagWalks.set(key, walk);
    }
    return walk;
  }

  private async walkTags(resourceTypeFilters: readonly string[], region: string): Promise<ReadonlyMap<string, Readonly<Record<string, string>>>> {
    const client = this.client(ResourceGroupsTaggingAPIClient, region);
    const tags = new Map<string, Readonly<Record<string, string>>>();
    const pages = this.pagesAs(
      TAGGING_SERVICE,
      'GetResources',
      (PaginationToken) => client.send(new GetResourcesCommand({ ResourceTypeFilters: [...resourceTypeFilters], ResourcesPerPage: 100, PaginationToken })),
      (output) => output.PaginationToken,
      region,
    );
    for await (const page of pages) {
      for (const mapping of page.ResourceTagMappingList ?? []) {
        if (mapping.ResourceARN !== undefined) tags.set(mapping.ResourceARN, tagMap(mapping.Tags));
      }
    }
    return tags;
  }

  private record(types: readonly ResourceType[], operation: string, code: string, message: string, scope: AttemptScope, service: string = this.collector.service): void {
    const { aspect, resourceIds } = scope;
    const byRegion = new Map<string, ResourceType[]>();
    for (const type of types) {
      const regions =
        scope.region !== undefined ? [scope.region] : this.collector.global === true ? this.scanRegions : [this.region];
      for (const region of new Set(regions.map((candidate) => recordingRegion(type, candidate)))) {
        byRegion.set(region, [...(byRegion.get(region) ?? []), type]);
      }
    }
    for (const [region, resourceTypes] of byRegion) {
      this.runtime.errors.push({
        accountId: this.accountId,
        region,
        resourceTypes,
        service,
        operation,
        code,
        message,
        ...(aspect === undefined ? {} : { aspect }),
        ...(resourceIds === undefined ? {} : { resourceIds: [...resourceIds] }),
      });
    }
  }
}
