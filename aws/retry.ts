/**
 * The one way every AWS caller here waits and retries past the SDK's own adaptive retry:
 * full-jitter backoff, for throttling that outlasts the SDK's attempts and for the items a batch
 * API leaves unprocessed. Anything else is the caller's to report, never retried here.
 */
import { isThrottling } from './errors.js';

export interface BackoffLimits {
  /** The wait bound of the first retry, in milliseconds. */
  readonly baseMs: number;
  /** The largest bound, in milliseconds. */
  readonly capMs: number;
}

/** Full jitter: a random wait up to base · 2^retry, capped (retry 0 is the first retry). */
export function fullJitter(retry: number, limits: BackoffLimits, random: () => number = Math.random): number {
  return random() * Math.min(limits.capMs, limits.baseMs * 2 ** retry);
}

/** A real wait; tests inject their own. */
export function sleep(milliseconds: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, milliseconds));
}

export interface RetryPolicy extends BackoffLimits {
  /** Retries after the first try (0: try once). */
  readonly retries: number;
  /** Waits before a retry; default a real timer. */
  readonly sleep?: ((milliseconds: number) => Promise<void>) | undefined;
  /** A number in [0, 1) for the jitter; default `Math.random`. */
  readonly random?: (() => number) | undefined;
  /**
   * Which retry's wait bound the first retry uses (default 0: `baseMs`). Callers whose first
   * retry follows the SDK's own attempts start higher.
   */
  readonly firstRetry?: number | undefined;
}

/** The wait before retry `retry` (0-based) under `policy`. */
export function retryDelay(policy: RetryPolicy, retry: number): number {
  return fullJitter(retry + (policy.firstRetry ?? 0), policy, policy.random ?? Math.random);
}

/** One try of {@link retryThrottled}: `retry` is 0 for the first try. */
export interface Try {
  readonly retry: number;
}

/**
 * Runs `task` and runs it again while it fails with throttling, up to `policy.retries` more times.
 * `onError` hears every failure with whether it will be retried. Throws the last error.
 */
export async function retryThrottled<T>(task: (attempt: Try) => Promise<T>, policy: RetryPolicy, onError?: (error: unknown, retrying: boolean, attempt: Try) => void): Promise<T> {
  assertRetries(policy.retries);
  const wait = policy.sleep ?? sleep;
  for (let retry = 0; ; retry += 1) {
    try {
      return await task({ retry });
    } catch (error) {
      const retrying = isThrottling(error) && retry < policy.retries;
      onError?.(error, retrying, { retry });
      if (!retrying) throw error;
      await wait(retryDelay(policy, retry));
    }
  }
}

/**
 * Sends `items` in rounds: each round gets what is still pending and returns what it left (a
 * batch API's unprocessed or rejected items); between rounds the backoff of `policy`. Returns
 * what is still pending after `policy.retries` more rounds — never drops it.
 */
export async function retryRemaining<T>(items: readonly T[], round: (pending: readonly T[], attempt: Try) => Promise<readonly T[]>, policy: RetryPolicy): Promise<readonly T[]> {
  assertRetries(policy.retries);
  const wait = policy.sleep ?? sleep;
  let pending = items;
  for (let retry = 0; pending.length > 0; retry += 1) {
    if (retry > 0) await wait(retryDelay(policy, retry - 1));
    pending = await round(pending, { retry });
    if (retry >= policy.retries) return pending;
  }
  return pending;
}

function assertRetries(retries: number): void {
  if (!Number.isInteger(retries) || retries < 0) throw new Error(`retries must be a non-negative integer, got ${retries}`);
}
