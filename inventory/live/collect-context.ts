/**
 * The CollectContext of one collector in one account × Region: the place where calls are
 * counted, limited and retried, items validated, and failures turned into CollectionErrors.
 */
import { GetResourcesCommand, ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import { GLOBAL_REGION, recordingRegion, type AnyConfigurationItem, type ResourceType } from '../../model/configuration-item.js';
import { ItemError, normalizeItem } from '../normalize.js';
import type { CollectionError } from '../source.js';
import { attemptsOf, asAwsError, errorCode } from '../../aws/errors.js';
import { CallFailure } from '../../aws/call-failure.js';
import type { CallStats } from '../../aws/call-stats.js';
import type { ClientClass } from '../../aws/clients.js';
import { tagMap, type AttemptScope, type CollectContext, type Collector, type RawItem } from './collector.js';
import type { Limiter } from '../../aws/limiter.js';
import { retryThrottled } from '../../aws/retry.js';

/** Shared by every context of one scan. */
export interface ScanRuntime {
  readonly stats: CallStats;
  /** The SDK client of a class for a Region (cached by the source). */
  client<C>(type: ClientClass<C>, region: string): C;
  limiter(service: string): Limiter;
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
}

/** The label of the Resource Groups Tagging API's calls, in the statistics and for its concurrency limit. */
const TAGGING_SERVICE = 'tagging';

/** Throttling past the SDK's adaptive retry: full jitter from 2 s (the first retry's bound), at most 20 s. */
const BACKOFF = { baseMs: 1_000, capMs: 20_000 } as const;

export class LiveCollectContext implements CollectContext {
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

  async call<O>(operation: string, request: () => Promise<O>): Promise<O> {
    return this.callAs(this.collector.service, operation, request);
  }

  /** A call counted and limited under `service` (the Tagging API's calls are `tagging`'s, whoever asks). */
  private async callAs<O>(service: string, operation: string, request: () => Promise<O>): Promise<O> {
    const limiter = this.runtime.limiter(service);
    const record = (value: unknown, failed: boolean, retry: number) => this.runtime.stats.record(service, operation, attemptsOf(value), failed, retry > 0);
    try {
      return await retryThrottled(
        async ({ retry }) => {
          const output = await limiter.run(request);
          record(output, false, retry);
          return output;
        },
        { retries: this.runtime.throttleRetries, ...BACKOFF, firstRetry: 1, sleep: (milliseconds) => this.runtime.sleep(milliseconds) },
        (error, retrying, { retry }) => record(error, !retrying, retry),
      );
    } catch (error) {
      throw new CallFailure(service, operation, errorCode(error), error);
    }
  }

  pages<O>(operation: string, request: (token: string | undefined) => Promise<O>, next: (output: O) => string | undefined): AsyncGenerator<O> {
    return this.pagesAs(this.collector.service, operation, request, next);
  }

  private async *pagesAs<O>(service: string, operation: string, request: (token: string | undefined) => Promise<O>, next: (output: O) => string | undefined): AsyncGenerator<O> {
    let token: string | undefined;
    const seen = new Set<string>();
    do {
      const output = await this.callAs(service, operation, () => request(token));
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
      if (error instanceof CallFailure) {
        const message = asAwsError(error.cause).message ?? error.message;
        this.record(types, error.operation, error.code, message, scope);
      } else {
        // A bug in a collector: the types it feeds are unknown, and the scan goes on.
        this.record(types, 'collect', 'InternalError', error instanceof Error ? error.message : String(error), scope);
      }
    }
  }

  get regions(): readonly string[] {
    return this.scanRegions;
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
    );
    for await (const page of pages) {
      for (const mapping of page.ResourceTagMappingList ?? []) {
        if (mapping.ResourceARN !== undefined) tags.set(mapping.ResourceARN, tagMap(mapping.Tags));
      }
    }
    return tags;
  }

  private record(types: readonly ResourceType[], operation: string, code: string, message: string, scope: AttemptScope): void {
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
        service: this.collector.service,
        operation,
        code,
        message,
        ...(aspect === undefined ? {} : { aspect }),
        ...(resourceIds === undefined ? {} : { resourceIds: [...resourceIds] }),
      });
    }
  }
}
