/**
 * Paces request starts under a rate: Security Hub allows 10 BatchImportFindings and
 * BatchUpdateFindings requests per second, so every request of a publisher waits its turn here.
 */
import { sleep } from './retry.js';

export interface PacerOptions {
  /** Request starts allowed per second (default 10): starts are spaced 1000 / rate ms apart. */
  readonly ratePerSecond?: number;
  /** The clock, in milliseconds (default `performance.now()`, which never goes backwards). */
  readonly now?: () => number;
  /** Waits `milliseconds`; tests pass one that advances their fake clock. */
  readonly sleep?: (milliseconds: number) => Promise<void>;
}

/** The default request rate: Security Hub's limit for its batch operations. */
export const DEFAULT_RATE_PER_SECOND = 10;

/**
 * At most `ratePerSecond` request starts per second: each `wait()` resolves no earlier than
 * 1000 / rate ms after the previous `wait()` resolved (the previous request's start). Concurrent
 * waiters are served in the order they called `wait()`.
 */
export class Pacer {
  /** Milliseconds between two request starts. */
  readonly interval: number;
  private readonly now: () => number;
  private readonly sleep: (milliseconds: number) => Promise<void>;
  /** When the previous request started; undefined before the first. */
  private lastStart: number | undefined;
  /** The end of the queue: each waiter takes its turn after the one before it. */
  private tail: Promise<void> = Promise.resolve();

  constructor(options: PacerOptions = {}) {
    const rate = options.ratePerSecond ?? DEFAULT_RATE_PER_SECOND;
    if (!Number.isFinite(rate) || rate <= 0) throw new Error(`ratePerSecond must be a positive number, got ${rate}`);
    this.interval = 1000 / rate;
    this.now = options.now ?? (() => performance.now());
    this.sleep = options.sleep ?? sleep;
  }

  /** Resolves when the caller may start its request (and counts that moment as its start). */
  wait(): Promise<void> {
    const turn = this.tail.then(() => this.take());
    // A failed sleep rejects its own waiter only; the queue goes on.
    this.tail = turn.catch(() => undefined);
    return turn;
  }

  private async take(): Promise<void> {
    if (this.lastStart !== undefined) {
      const due = this.lastStart + this.interval;
      let remaining = due - this.now();
      while (remaining > 0) {
        await this.sleep(remaining);
        const left = due - this.now();
        // Timers may fire a little early: sleep the rest. A clock that did not move (a test's
        // frozen clock with a no-op sleep) is trusted to have waited.
        if (left >= remaining) break;
        remaining = left;
      }
    }
    this.lastStart = this.now();
  }
}
