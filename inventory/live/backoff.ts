/** Waiting between retries, the one way every AWS caller here does it. */

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
