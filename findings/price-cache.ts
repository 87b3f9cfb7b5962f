/**
 * Unit prices kept in the finding-state table between runs, so the Lambda functions (a scan per
 * account × Region, many at once) ask the Price List Query API once a week per product rather
 * than once per run per target. Items sit under their own partition, `scope = "prices"`,
 * `id = queryKey(query)`, with the price as JSON and `expiresAt` (the table's TTL attribute,
 * epoch seconds; 7 days unless set).
 *
 * Only `price` answers are kept. An `unavailable` answer is never cached: a failed call (a missing
 * permission, throttling, the deadline) must be retried next run, and a query no product matches
 * is a rule's mistake or a product AWS has yet to price, both of which the next run should see at once.
 *
 * A cache that cannot be read is no answer: the keys it did not read go to the price source
 * itself (never a guess); a cache that cannot be written is reported through `warn` and changes nothing.
 */
import { BatchGetItemCommand, type AttributeValue, type DynamoDBClient, type WriteRequest } from '@aws-sdk/client-dynamodb';
import { plainUnitPrice, queryKey, unitPriceSchema, type PriceAnswer, type PriceQuery, type PriceSource, type UnitPrice } from '../model/fix-cost.js';
import { chunks } from '../aws/batches.js';
import { asAwsError, errorCode, isThrottling } from '../aws/errors.js';
import { retryRemaining, type RetryPolicy } from '../aws/retry.js';
import { BatchWriteError, writeBatch } from './dynamodb-batches.js';
import { TTL_ATTRIBUTE } from './run-digests.js';

/** The partition of the cached prices in the state table. */
export const PRICE_SCOPE = 'prices';
export const PRICE_CACHE_TTL_DAYS = 7;

/** BatchGetItem takes at most 100 keys, BatchWriteItem 25 requests. */
const GET_BATCH_SIZE = 100;
const WRITE_BATCH_SIZE = 25;
const BACKOFF_BASE_MS = 50;
const BACKOFF_CAP_MS = 5_000;
const DEFAULT_RETRIES = 5;

const cachedPriceSchema = unitPriceSchema;

/** Where prices are kept between runs. */
export interface PriceCache {
  readonly description: string;
  /**
   * The cached, unexpired prices of these keys; `unread` the keys the cache could not read (with
   * why) — a miss is a key in neither.
   */
  read(keys: readonly string[]): Promise<{ readonly prices: ReadonlyMap<string, UnitPrice>; readonly unread: readonly string[]; readonly problems: readonly string[] }>;
  /** Keeps the prices; returns the problems (items not written, and why), never throws for AWS's refusal. */
  write(prices: ReadonlyMap<string, UnitPrice>): Promise<readonly string[]>;
}

export interface DynamoDbPriceCacheOptions {
  readonly client: DynamoDBClient;
  readonly tableName: string;
  /** Days a price is kept (default {@link PRICE_CACHE_TTL_DAYS}). */
  readonly ttlDays?: number | undefined;
  /** The time now (default the clock): what is expired, and when a new item expires. */
  readonly now?: (() => Date) | undefined;
  /** Retries of throttling and unprocessed items (default 5), on top of the SDK's own attempts. */
  readonly retries?: number | undefined;
  /** Waits before a retry; tests pass a no-op. */
  readonly sleep?: ((milliseconds: number) => Promise<void>) | undefined;
}

/** The cache in the finding-state table (its `scope`/`id` key, its `expiresAt` TTL). */
export class DynamoDbPriceCache implements PriceCache {
  readonly description: string;
  private readonly client: DynamoDBClient;
  private readonly tableName: string;
  private readonly ttlSeconds: number;
  private readonly now: () => Date;
  private readonly policy: RetryPolicy;

  constructor(options: DynamoDbPriceCacheOptions) {
    const days = options.ttlDays ?? PRICE_CACHE_TTL_DAYS;
    if (!Number.isFinite(days) || days <= 0) throw new Error(`ttlDays must be a positive number, got ${days}`);
    const retries = options.retries ?? DEFAULT_RETRIES;
    if (!Number.isInteger(retries) || retries < 0) throw new Error(`retries must be a non-negative integer, got ${retries}`);
    this.client = options.client;
    this.tableName = options.tableName;
    this.ttlSeconds = Math.round(days * 86_400);
    this.now = options.now ?? (() => new Date());
    this.policy = { retries, baseMs: BACKOFF_BASE_MS, capMs: BACKOFF_CAP_MS, sleep: options.sleep };
    this.description = `dynamodb table ${options.tableName} (scope "${PRICE_SCOPE}")`;
  }

  async read(keys: readonly string[]): Promise<{ prices: Map<string, UnitPrice>; unread: string[]; problems: string[] }> {
    const prices = new Map<string, UnitPrice>();
    const unread: string[] = [];
    const problems: string[] = [];
    const nowSeconds = Math.floor(this.now().getTime() / 1000);
    for (const batch of chunks([...new Set(keys)], GET_BATCH_SIZE)) {
      let reason = '';
      let failure: string | undefined;
      const left = await retryRemaining(
        batch.map((id): Record<string, AttributeValue> => ({ scope: { S: PRICE_SCOPE }, id: { S: id } })),
        async (pending, { retry }) => {
          try {
            const output = await this.client.send(new BatchGetItemCommand({ RequestItems: { [this.tableName]: { Keys: [...pending] } } }));
            for (const item of output.Responses?.[this.tableName] ?? []) {
              const read = this.fromItem(item, nowSeconds);
              if ('price' in read) prices.set(read.id, read.price);
              else if (read.problem !== undefined) problems.push(read.problem);
            }
            reason = `BatchGetItem left them unprocessed after ${retry + 1} attempts`;
            return output.UnprocessedKeys?.[this.tableName]?.Keys ?? [];
          } catch (error) {
            const detail = `${errorCode(error)}: ${asAwsError(error).message ?? 'no message'}`;
            if (isThrottling(error)) {
              reason = `BatchGetItem throttled (${detail}) after ${retry + 1} attempts`;
              return pending;
            }
            // Not retried: the pending keys are unread, and an empty round ends the retries.
            failure = `${pending.length} of ${batch.length} cached prices not read: BatchGetItem failed (${detail})`;
            unread.push(...pending.map((key) => key['id']?.S ?? ''));
            return [];
          }
        },
        this.policy,
      );
      if (failure !== undefined) problems.push(`${this.description}: ${failure}`);
      if (left.length > 0) {
        unread.push(...left.map((key) => key['id']?.S ?? ''));
        problems.push(`${this.description}: ${left.length} of ${batch.length} cached prices could not be read (${reason})`);
      }
    }
    return { prices, unread, problems };
  }

  async write(prices: ReadonlyMap<string, UnitPrice>): Promise<string[]> {
    const expiresAt = Math.floor(this.now().getTime() / 1000) + this.ttlSeconds;
    const cachedAt = this.now().toISOString();
    const requests: WriteRequest[] = [...prices].map(([id, price]) => ({
      PutRequest: {
        Item: {
          scope: { S: PRICE_SCOPE },
          id: { S: id },
          price: { S: JSON.stringify(price) },
          cachedAt: { S: cachedAt },
          [TTL_ATTRIBUTE]: { N: String(expiresAt) },
        },
      },
    }));
    const problems: string[] = [];
    for (const batch of chunks(requests, WRITE_BATCH_SIZE)) {
      try {
        const { left, reason } = await writeBatch(this.client, this.tableName, batch, this.policy);
        if (left.length > 0) problems.push(`${this.description}: ${left.length} of ${batch.length} prices not written (${reason})`);
      } catch (error) {
        // A cache that cannot be written changes no answer: it is reported, and the next run asks the source again.
        if (!(error instanceof BatchWriteError)) throw error;
        problems.push(`${this.description}: ${error.pending} of ${batch.length} prices not written: ${error.message}`);
      }
    }
    return problems;
  }

  /** An item's price; an expired item (TTL deletion lags) is a miss, a malformed one a miss with a problem. */
  private fromItem(item: Record<string, AttributeValue>, nowSeconds: number): { readonly id: string; readonly price: UnitPrice } | { readonly problem?: string } {
    const id = item['id']?.S;
    if (id === undefined) return { problem: `${this.description}: an item without a string id was returned` };
    const expires = Number(item[TTL_ATTRIBUTE]?.N);
    if (!Number.isFinite(expires)) return { problem: `${this.description}: item "${id}": attribute "${TTL_ATTRIBUTE}" is not a number — read again from the source` };
    if (expires <= nowSeconds) return {};
    let json: unknown;
    try {
      json = JSON.parse(item['price']?.S ?? '') as unknown;
    } catch {
      return { problem: `${this.description}: item "${id}": attribute "price" is not JSON — read again from the source` };
    }
    const parsed = cachedPriceSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return { problem: `${this.description}: item "${id}": attribute "price" is malformed (${issue?.path.join('.') ?? ''}: ${issue?.message ?? ''}) — read again from the source` };
    }
    return { id, price: plainUnitPrice(parsed.data) };
  }
}

export interface CachedPriceSourceOptions {
  /** Hears what the cache could not do (read or write); the answers never depend on it. */
  readonly warn: (message: string) => void;
}

/**
 * A price source in front of another: cached prices first, the inner source for the rest (and for
 * every key the cache could not read), its prices written back.
 */
export class CachedPriceSource implements PriceSource {
  readonly description: string;

  constructor(
    private readonly inner: PriceSource,
    private readonly cache: PriceCache,
    private readonly options: CachedPriceSourceOptions,
  ) {
    this.description = `${inner.description}, cached in ${cache.description}`;
  }

  async prices(queries: readonly PriceQuery[]): Promise<ReadonlyMap<string, PriceAnswer>> {
    const byKey = new Map(queries.map((query) => [queryKey(query), query]));
    let cached: ReadonlyMap<string, UnitPrice> = new Map();
    try {
      const read = await this.cache.read([...byKey.keys()]);
      cached = read.prices;
      for (const problem of read.problems) this.options.warn(problem);
    } catch (error) {
      this.options.warn(`${this.cache.description}: cannot read cached prices, asking ${this.inner.description}: ${error instanceof Error ? error.message : String(error)}`);
    }
    const answers = new Map<string, PriceAnswer>();
    for (const [key, price] of cached) if (byKey.has(key)) answers.set(key, { kind: 'price', price });
    const misses = [...byKey].filter(([key]) => !answers.has(key)).map(([, query]) => query);
    if (misses.length === 0) return answers;
    const fresh = await this.inner.prices(misses);
    const toKeep = new Map<string, UnitPrice>();
    for (const query of misses) {
      const key = queryKey(query);
      const answer = fresh.get(key) ?? { kind: 'unavailable', reason: `${this.inner.description} gave no answer for ${key}` };
      answers.set(key, answer);
      if (answer.kind === 'price') toKeep.set(key, answer.price);
    }
    if (toKeep.size > 0) {
      try {
        for (const problem of await this.cache.write(toKeep)) this.options.warn(problem);
      } catch (error) {
        this.options.warn(`${this.cache.description}: cannot keep the prices read: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    return answers;
  }
}
