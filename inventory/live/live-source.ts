/**
 * The live source: collectors calling AWS for one account, in every Region asked for (or every
 * Region enabled for the account), global services once. Only collectors that produce a
 * requested type run. Failures become CollectionErrors; nothing a collector throws can lose the
 * rest of the scan.
 */
import { EC2Client } from '@aws-sdk/client-ec2';
import { STSClient } from '@aws-sdk/client-sts';
import { callerIdentity } from '../../aws/identity.js';
import { InputError } from '../../model/input-error.js';
import { recordingRegion, type ResourceType } from '../../model/configuration-item.js';
import type { Collection, CollectRequest, Source } from '../source.js';
import { asAwsError, attemptsOf, errorCode } from '../../aws/errors.js';
import { CallStats } from '../../aws/call-stats.js';
import type { ClientClass } from '../../aws/clients.js';
import type { Collector } from './collector.js';
import { enabledRegions } from './accounts.js';
import { retryThrottled } from '../../aws/retry.js';
import { LiveCollectContext, type ScanRuntime } from './collect-context.js';
import { Limiter } from '../../aws/limiter.js';
import { pacedClient, Pacer } from '../../aws/pacer.js';
import { RateLimits, type RateLimitOverrides } from '../../aws/rate-limits.js';
import { sleep } from '../../aws/retry.js';
import { Deadline, DeadlineReachedError, type DeadlineSpec } from '../../aws/deadline.js';

/**
 * How long after the deadline the source still waits for collectors to unwind. Calls in flight
 * are cut at the deadline itself, so a collector ends within microtasks; this only bounds one
 * busy with its own work. A collector still running then is recorded and left behind.
 */
export const DEADLINE_GRACE_MS = 1_000;

/** The label under which the source itself emits the account items. */
const ACCOUNT_COLLECTOR: Collector = { service: 'gatewatch', produces: ['AWS::::Account'], collect: async () => undefined };

export interface Progress {
  readonly service: string;
  readonly region: string;
  readonly done: number;
  readonly total: number;
}

export interface LiveSourceOptions {
  readonly collectors: readonly Collector[];
  /** Makes an SDK client for a Region; the default applies adaptive retry, timeouts and credentials. */
  readonly clientFactory: <C>(type: ClientClass<C>, region: string) => C;
  /** The Region for account-level calls (STS, DescribeRegions) and global services. */
  readonly homeRegion: string;
  /**
   * How hard each service is called: requests in flight and token buckets per service × Region
   * endpoint (aws/rate-limits.ts). Overrides change single services' settings of the published
   * table (`{ s3: { concurrency: 20 } }`); a RateLimits replaces the table.
   */
  readonly rateLimits?: RateLimitOverrides | RateLimits | undefined;
  /**
   * Collector × Region tasks at once (default 64: every collector of a Region starts at once; the
   * requests they make are bounded by the per-service limiters, not by this).
   */
  readonly taskConcurrency?: number;
  readonly throttleRetries?: number;
  readonly sleep?: (milliseconds: number) => Promise<void>;
  readonly now?: () => Date;
  readonly onProgress?: (progress: Progress) => void;
  /**
   * When collecting must stop (an absolute time, or the milliseconds left, read when `collect`
   * starts). After it no request starts and requests in flight are aborted; every collector task
   * not finished by then records a `DeadlineReached` CollectionError for the types it feeds in
   * its scopes (so their rules are UNKNOWN), and `collect` returns what was read.
   */
  readonly deadline?: DeadlineSpec | undefined;
  /**
   * The account and partition of the credentials, when the caller already knows them for certain
   * (clients of a role assumed by its ARN in that account): no sts:GetCallerIdentity is made. Absent,
   * the source asks STS, and a failure there stops the collection with a clear error.
   */
  readonly identity?: KnownIdentity | undefined;
}

/** Who the credentials are, known without asking STS. */
export interface KnownIdentity {
  readonly accountId: string;
  /** `aws`, `aws-cn`, `aws-us-gov`. */
  readonly partition: string;
}

export class LiveSource implements Source {
  private accountId: string | undefined;
  private readonly clients = new Map<string, unknown>();
  /** Requests in flight, per service × Region endpoint (per service for a global one). */
  private readonly limiters = new Map<string, Limiter>();
  /** Token buckets, per service × Region endpoint, and per operation where AWS publishes one. */
  private readonly pacers = new Map<string, Pacer>();
  private readonly rateLimits: RateLimits;

  constructor(private readonly options: LiveSourceOptions) {
    const { rateLimits } = options;
    this.rateLimits = rateLimits instanceof RateLimits ? rateLimits : new RateLimits(undefined, rateLimits);
  }

  get description(): string {
    return `live ${this.accountId ?? 'account'}`;
  }

  private client<C>(type: ClientClass<C>, region: string): C {
    const key = `${type.name}/${region}`;
    let client = this.clients.get(key) as C | undefined;
    if (client === undefined) {
      // Every request waits for its service's (and operation's) token on the endpoint it goes to.
      client = pacedClient(this.options.clientFactory(type, region), (namespace, operation) => this.pacersOf(namespace, operation, region));
      this.clients.set(key, client);
    }
    return client;
  }

  /**
   * The concurrency limit of a service's requests to one Region's endpoint (`region` is where the
   * request goes: an S3 bucket's own Region); a global service has one for every Region.
   */
  private limiter(service: string, region: string): Limiter {
    const key = this.rateLimits.endpointKey(service, region);
    let limiter = this.limiters.get(key);
    if (limiter === undefined) {
      limiter = new Limiter(this.rateLimits.of(service).concurrency);
      this.limiters.set(key, limiter);
    }
    return limiter;
  }

  /** The token buckets a request of `namespace`'s `operation` to `region` passes: the service's, then the operation's. */
  private pacersOf(namespace: string, operation: string, region: string): Pacer[] {
    const limit = this.rateLimits.ofNamespace(namespace);
    if (limit === undefined) return [];
    const endpoint = this.rateLimits.endpointKey(limit.service, region);
    const pacers: Pacer[] = [];
    const add = (key: string, bucket: { readonly burst: number; readonly perSecond: number } | undefined) => {
      if (bucket === undefined) return;
      let pacer = this.pacers.get(key);
      if (pacer === undefined) {
        const { now, sleep: wait } = this.options;
        pacer = new Pacer({
          ratePerSecond: bucket.perSecond,
          burst: bucket.burst,
          // The source's clock and sleep when a clock is given (a test's frozen clock and no-op
          // sleep: the pacer trusts it waited); else real time, whatever sleep retries use.
          ...(now === undefined ? {} : { now: () => now().getTime(), ...(wait === undefined ? {} : { sleep: wait }) }),
        });
        this.pacers.set(key, pacer);
      }
      pacers.push(pacer);
    };
    add(endpoint, limit.bucket);
    add(`${endpoint}#${operation}`, limit.operations?.[operation]);
    return pacers;
  }

  /**
   * One account-level call (STS, DescribeRegions): bounded by the deadline, counted, and retried on
   * throttling past the SDK's retries like every call of a scan. Throws what finally failed.
   */
  private accountCall<T extends { readonly attempts: number }>(stats: CallStats, deadline: Deadline | undefined, service: string, operation: string, send: () => Promise<T>): Promise<T> {
    return retryThrottled(
      async ({ retry }) => {
        const sent = send();
        const answer = await (deadline === undefined ? sent : deadline.race(sent, `the deadline was reached while ${service}:${operation} was in flight`));
        stats.record(service, operation, answer.attempts, false, retry > 0);
        return answer;
      },
      { retries: this.options.throttleRetries ?? 2, baseMs: 1_000, capMs: 20_000, firstRetry: 1, sleep: this.options.sleep },
      (error, retrying, { retry }) => stats.record(service, operation, attemptsOf(error), !retrying, retry > 0),
    );
  }

  /** Who we are: the account and partition, from STS. A failure here stops the scan with a clear error. */
  private async identify(stats: CallStats, deadline: Deadline | undefined): Promise<{ accountId: string; partition: string }> {
    let identity;
    try {
      identity = await this.accountCall(stats, deadline, 'sts', 'GetCallerIdentity', () => callerIdentity(this.bound(this.client(STSClient, this.options.homeRegion), deadline)));
    } catch (error) {
      if (error instanceof DeadlineReachedError) throw new Error(`cannot identify the AWS account: ${error.message}`, { cause: error });
      throw new InputError(
        `cannot identify the AWS account (sts:GetCallerIdentity: ${errorCode(error)}: ${asAwsError(error).message ?? ''}) — check the credentials (the CLI's --profile or --role-arn; in the service, the scan role of that account)`,
      );
    }
    if (identity.partition === undefined) throw new InputError('cannot identify the AWS account: sts:GetCallerIdentity returned no ARN');
    return { accountId: identity.accountId, partition: identity.partition };
  }

  /** Every Region enabled for the account (opted in or not requiring opt-in). */
  private async regionsOfAccount(stats: CallStats, deadline: Deadline | undefined): Promise<string[]> {
    try {
      const answer = await this.accountCall(stats, deadline, 'ec2', 'DescribeRegions', () => enabledRegions(this.bound(this.client(EC2Client, this.options.homeRegion), deadline)));
      return answer.regions;
    } catch (error) {
      if (error instanceof DeadlineReachedError) throw new Error(`cannot list the account's Regions: ${error.message}`, { cause: error });
      throw new InputError(`cannot list the account's Regions (ec2:DescribeRegions: ${errorCode(error)}) — name them with --regions or in the settings`);
    }
  }

  /** The client with the deadline's abort signal on every request. */
  private bound<C>(client: C, deadline: Deadline | undefined): C {
    return deadline === undefined ? client : deadline.bind(client);
  }

  async collect(request: CollectRequest): Promise<Collection> {
    const deadline = this.options.deadline === undefined ? undefined : Deadline.of(this.options.deadline);
    try {
      return await this.collectBy(request, deadline);
    } finally {
      deadline?.dispose();
    }
  }

  private async collectBy(request: CollectRequest, deadline: Deadline | undefined): Promise<Collection> {
    const stats = new CallStats();
    const { accountId, partition } = this.options.identity ?? (await this.identify(stats, deadline));
    this.accountId = accountId;
    const regions = request.regions === undefined ? await this.regionsOfAccount(stats, deadline) : [...request.regions];

    const runtime: ScanRuntime = {
      stats,
      client: (type, region) => this.bound(this.client(type, region), deadline),
      limiter: (service, region) => this.limiter(service, region),
      sleep: this.options.sleep ?? sleep,
      throttleRetries: this.options.throttleRetries ?? 2,
      now: this.options.now ?? (() => new Date()),
      items: [],
      rawItems: [],
      errors: [],
      accountFacts: new Map(),
      deadline,
      only: request.only,
      credentialsChangedAt: request.credentialsChangedAt,
    };

    const tasks: { collector: Collector; region: string; types: Set<ResourceType> }[] = [];
    for (const collector of this.options.collectors) {
      const types = new Set(collector.produces.filter((type) => request.resourceTypes.has(type)));
      if (types.size === 0) continue;
      for (const region of collector.global === true ? [this.options.homeRegion] : regions) tasks.push({ collector, region, types });
    }

    // A requested type no collector produces would otherwise look collected, and complete.
    const produced = new Set(this.options.collectors.flatMap((collector) => collector.produces));
    const uncollectable = [...request.resourceTypes].filter((type) => !produced.has(type) && type !== 'AWS::::Account');
    for (const type of uncollectable) {
      for (const region of new Set(regions.map((candidate) => recordingRegion(type, candidate)))) {
        runtime.errors.push({
          accountId,
          region,
          resourceTypes: [type],
          service: 'gatewatch',
          operation: 'collect',
          code: 'NoCollector',
          message: `no live collector produces ${type}`,
        });
      }
    }

    let done = 0;
    const taskLimiter = new Limiter(this.options.taskConcurrency ?? 64);
    await Promise.all(
      tasks.map(({ collector, region, types }) =>
        taskLimiter.run(async () => {
          const context = new LiveCollectContext(runtime, collector, accountId, region, partition, regions);
          if (deadline?.reached() === true) {
            context.deadlineReached([...types], false);
          } else {
            // attempt() records anything the collector lets escape, so one collector cannot stop the others.
            const task = context.attempt([...types], () => collector.collect(context, types));
            if (deadline === undefined) await task;
            else {
              await deadline.within(task, DEADLINE_GRACE_MS);
              // Not finished when the deadline came: what it fed is incomplete, whatever it read.
              if (deadline.reached()) context.deadlineReached([...types], true);
            }
          }
          done += 1;
          this.options.onProgress?.({ service: collector.service, region, done, total: tasks.length });
        }),
      ),
    );

    // One account × Region item per Region, carrying every fact the collectors found.
    for (const region of regions) {
      const context = new LiveCollectContext(runtime, ACCOUNT_COLLECTOR, accountId, region, partition);
      context.emit({
        resourceType: 'AWS::::Account',
        resourceId: accountId,
        resourceName: accountId,
        configuration: runtime.accountFacts.get(region) ?? {},
      });
    }

    // Copies: a collector left behind at the deadline may still add to the runtime's lists.
    return {
      items: [...runtime.items],
      rawItems: [...runtime.rawItems],
      scopes: regions.map((region) => ({ accountId, region })),
      errors: [...runtime.errors],
      calls: stats.list(),
    };
  }
}
