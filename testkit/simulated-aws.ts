/**
 * AWS's timing, simulated around mocked SDK clients: every request takes a latency, and each
 * endpoint meters requests with the token buckets AWS publishes (aws/rate-limits.ts), refusing a
 * request that finds its bucket empty with the service's throttling error — as AWS does, after the
 * round trip. It wraps a client factory (the mocks of testkit/mock-account/ still answer), so a
 * LiveSource scans a mocked account as it would scan AWS, only faster when `timeScale` > 1.
 *
 * Time may be scaled: with `timeScale` 10, a simulated 100 ms latency lasts 10 ms and every rate
 * is 10 times higher, so a scan lasts a tenth of its simulated time. Reported times are simulated
 * (real × timeScale).
 *
 * It also records what the endpoints saw: calls, throttled calls and the peak of requests in
 * flight, per service × Region endpoint and per operation — what tests of the source's limits
 * assert, and what the benchmark's lower bound is computed from.
 */
import type { ClientFactory } from '../aws/clients.js';
import { operationOf, RATE_LIMITS, RateLimits, type TokenBucket } from '../aws/rate-limits.js';
import { sleep } from '../aws/retry.js';

export interface SimulationOptions {
  /** Simulated milliseconds each request takes, from send to answer (default 100). */
  readonly latencyMs?: number;
  /** How many times faster than simulated time the simulation runs (default 1). */
  readonly timeScale?: number;
  /**
   * The endpoints' limits, unscaled (default: the published table). Only buckets are enforced;
   * AWS enforces no concurrency.
   */
  readonly limits?: RateLimits;
  /**
   * Simulated milliseconds by which a request may arrive early for its token (default 20): the
   * scheduling jitter between a client's own bucket and the endpoint's, which AWS's buckets —
   * refilled in whole tokens — absorb too.
   */
  readonly toleranceMs?: number;
}

/** What one endpoint (service × Region, or one of its operations) saw. */
export interface EndpointRecord {
  readonly service: string;
  readonly region: string;
  readonly operation: string;
  calls: number;
  throttled: number;
}

/** A token bucket as an endpoint keeps it: it refuses rather than waits (GCRA, like aws/pacer.ts). */
class EndpointBucket {
  private readonly interval: number;
  private readonly tolerance: number;
  private full = Number.NEGATIVE_INFINITY;

  constructor(
    bucket: TokenBucket,
    toleranceMs: number,
  ) {
    this.interval = 1000 / bucket.perSecond;
    this.tolerance = (bucket.burst - 1) * this.interval + toleranceMs;
  }

  admits(now: number): boolean {
    return now >= this.full - this.tolerance;
  }

  take(now: number): void {
    this.full = Math.max(this.full, now) + this.interval;
  }
}

/** The service's throttling answer, as the SDK throws it (EC2's own code; the common one elsewhere). */
function throttlingError(service: string, operation: string): Error {
  const name = service === 'ec2' ? 'RequestLimitExceeded' : 'ThrottlingException';
  return Object.assign(new Error(`Rate exceeded (simulated ${service}:${operation})`), {
    name,
    $fault: 'client',
    $retryable: { throttling: true },
    $metadata: { httpStatusCode: 400, attempts: 1 },
  });
}

export class SimulatedAws {
  readonly latencyMs: number;
  readonly timeScale: number;
  /** The endpoints' limits (unscaled). */
  readonly limits: RateLimits;
  private readonly scaledLimits: RateLimits;
  private readonly toleranceMs: number;
  private readonly buckets = new Map<string, EndpointBucket>();
  private readonly records = new Map<string, EndpointRecord>();
  private readonly inFlight = new Map<string, number>();
  private readonly peaks = new Map<string, number>();

  constructor(options: SimulationOptions = {}) {
    this.latencyMs = options.latencyMs ?? 100;
    this.timeScale = options.timeScale ?? 1;
    if (!(this.timeScale > 0)) throw new Error(`timeScale must be positive, got ${this.timeScale}`);
    this.limits = options.limits ?? new RateLimits(RATE_LIMITS);
    this.scaledLimits = this.limits.scaled(this.timeScale);
    this.toleranceMs = (options.toleranceMs ?? 20) / this.timeScale;
  }

  /** The factory's clients, each request delayed and metered as AWS would. */
  wrap(factory: ClientFactory): ClientFactory {
    return <C>(type: new (config: Record<string, unknown>) => C, region: string): C => {
      const client = factory(type, region);
      if (typeof client !== 'object' || client === null) return client;
      return new Proxy(client, {
        get: (target, property, receiver) => {
          if (property !== 'send') return Reflect.get(target, property, receiver) as unknown;
          const send = Reflect.get(target, 'send', target) as (...args: unknown[]) => Promise<unknown>;
          return (command: unknown, ...rest: unknown[]) => this.request(region, command, () => send.call(target, command, ...rest));
        },
      }) as C;
    };
  }

  private async request(region: string, command: unknown, answer: () => Promise<unknown>): Promise<unknown> {
    const called = operationOf(command);
    const limit = called === undefined ? undefined : this.scaledLimits.ofNamespace(called.namespace);
    const service = limit?.service ?? called?.namespace ?? 'unknown';
    const operation = called?.operation ?? 'unknown';
    const endpoint = this.scaledLimits.endpointKey(service, region);
    const record = this.recordOf(service, limit?.endpoint === 'global' ? 'global' : region, operation);
    record.calls += 1;

    const now = performance.now();
    const buckets: EndpointBucket[] = [];
    if (limit?.bucket !== undefined) buckets.push(this.bucket(endpoint, limit.bucket));
    const perOperation = limit?.operations?.[operation];
    if (perOperation !== undefined) buckets.push(this.bucket(`${endpoint}#${operation}`, perOperation));
    const admitted = buckets.every((bucket) => bucket.admits(now));
    if (admitted) for (const bucket of buckets) bucket.take(now);

    // In flight at this endpoint, and at every endpoint of the service together (`service*`).
    const counters = [endpoint, `${service}*`];
    for (const key of counters) {
      const current = (this.inFlight.get(key) ?? 0) + 1;
      this.inFlight.set(key, current);
      this.peaks.set(key, Math.max(this.peaks.get(key) ?? 0, current));
    }
    try {
      await sleep(this.latencyMs / this.timeScale);
      if (!admitted) {
        record.throttled += 1;
        throw throttlingError(service, operation);
      }
      return await answer();
    } finally {
      for (const key of counters) this.inFlight.set(key, (this.inFlight.get(key) ?? 1) - 1);
    }
  }

  private bucket(key: string, spec: TokenBucket): EndpointBucket {
    let bucket = this.buckets.get(key);
    if (bucket === undefined) {
      bucket = new EndpointBucket(spec, this.toleranceMs);
      this.buckets.set(key, bucket);
    }
    return bucket;
  }

  private recordOf(service: string, region: string, operation: string): EndpointRecord {
    const key = `${service}/${region}/${operation}`;
    let record = this.records.get(key);
    if (record === undefined) {
      record = { service, region, operation, calls: 0, throttled: 0 };
      this.records.set(key, record);
    }
    return record;
  }

  /** Every endpoint × operation called, with its calls and throttled calls. */
  calls(): EndpointRecord[] {
    return [...this.records.values()].map((record) => ({ ...record }));
  }

  /**
   * The most requests that were in flight at once at a service's endpoint (`service/region`, or
   * `service` for a global one), or at all of a service's endpoints together (`service*`).
   */
  peak(endpoint: string): number {
    return this.peaks.get(endpoint) ?? 0;
  }

  /** Requests the endpoints refused for want of a token. */
  throttled(): number {
    return [...this.records.values()].reduce((sum, record) => sum + record.throttled, 0);
  }
}
