/**
 * Paces request starts under a rate, the way AWS meters them: a token bucket of `burst` tokens
 * refilled at `ratePerSecond` (EC2's Describe* calls: 100 tokens, 20 per second; RDS: 300, 12 per
 * second; Security Hub's BatchImportFindings: 30, 10 per second — see aws/rate-limits.ts). A
 * request takes one token when it starts; with none left it waits for the next.
 *
 * The bucket is kept as the generic cell rate algorithm (GCRA): one number, the theoretical time
 * at which the bucket would be full again, instead of a fractional token count. It admits exactly
 * what a token bucket admits, and the arithmetic stays in milliseconds (no rounding drift).
 */
import { operationOf, RATE_LIMITS } from './rate-limits.js';
import { sleep } from './retry.js';

export interface PacerOptions {
  /** Request starts allowed per second, sustained (default 10): the bucket's refill rate. */
  readonly ratePerSecond?: number;
  /**
   * Request starts allowed at once after a quiet spell: the bucket's capacity (default 1: starts
   * are spaced 1000 / rate ms apart, never bunched).
   */
  readonly burst?: number;
  /** The clock, in milliseconds (default `performance.now()`, which never goes backwards). */
  readonly now?: () => number;
  /** Waits `milliseconds`; tests pass one that advances their fake clock. */
  readonly sleep?: (milliseconds: number) => Promise<void>;
}

/** The default request rate: Security Hub's sustained limit for its batch operations, from the rate table. */
export const DEFAULT_RATE_PER_SECOND = RATE_LIMITS.find((entry) => entry.service === 'securityhub')?.bucket?.perSecond ?? 10;

/**
 * At most `burst` request starts at once and `ratePerSecond` per second sustained: each `wait()`
 * resolves when the bucket holds a token, and takes it. With `burst` 1 (the default) a start
 * comes no earlier than 1000 / rate ms after the previous one. Concurrent waiters are served in
 * the order they called `wait()`.
 */
export class Pacer {
  /** Milliseconds between two request starts at the sustained rate (one token's refill). */
  readonly interval: number;
  readonly burst: number;
  private readonly now: () => number;
  private readonly sleep: (milliseconds: number) => Promise<void>;
  /**
   * When the bucket would be full again if nothing else started (GCRA's "theoretical arrival
   * time"); undefined before the first start. A start is allowed once `full - (burst - 1) · interval`
   * has passed.
   */
  private full: number | undefined;
  /** The end of the queue: each waiter takes its turn after the one before it. */
  private tail: Promise<void> = Promise.resolve();

  constructor(options: PacerOptions = {}) {
    const rate = options.ratePerSecond ?? DEFAULT_RATE_PER_SECOND;
    if (!Number.isFinite(rate) || rate <= 0) throw new Error(`ratePerSecond must be a positive number, got ${rate}`);
    const burst = options.burst ?? 1;
    if (!Number.isInteger(burst) || burst < 1) throw new Error(`burst must be a positive integer, got ${burst}`);
    this.interval = 1000 / rate;
    this.burst = burst;
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

  /** How long a start now would have to wait, in milliseconds (0: a token is there). */
  delay(now: number = this.now()): number {
    if (this.full === undefined) return 0;
    return Math.max(0, this.full - (this.burst - 1) * this.interval - now);
  }

  private async take(): Promise<void> {
    let remaining = this.delay();
    while (remaining > 0) {
      await this.sleep(remaining);
      const left = this.delay();
      // Timers may fire a little early: sleep the rest. A clock that did not move (a test's
      // frozen clock with a no-op sleep) is trusted to have waited.
      if (left >= remaining) break;
      remaining = left;
    }
    const now = this.now();
    this.full = Math.max(this.full ?? now, now) + this.interval;
  }
}

/** The pacers a request must pass before it is sent, by its service namespace and operation. */
export type PacersOf = (namespace: string, operation: string) => readonly Pacer[];

/**
 * The client with every request paced: before `send` passes a command on, it waits its turn at
 * each pacer `pacersOf` names for the command's service and operation (read from the command's
 * schema, see {@link operationOf}). A command that names neither, and the callback form of `send`,
 * go through unpaced.
 */
export function pacedClient<C>(client: C, pacersOf: PacersOf): C {
  if (typeof client !== 'object' || client === null || typeof (client as { send?: unknown }).send !== 'function') return client;
  return new Proxy(client, {
    get(target, property, receiver) {
      if (property !== 'send') return Reflect.get(target, property, receiver) as unknown;
      // Looked up at each call: a test's mock may replace `send` after the client was wrapped.
      const send = Reflect.get(target, 'send', target) as (...args: unknown[]) => unknown;
      return (command: unknown, options?: unknown, callback?: unknown): unknown => {
        const called = operationOf(command);
        if (called === undefined || typeof options === 'function' || callback !== undefined) return send.call(target, command, options, callback);
        const pacers = pacersOf(called.namespace, called.operation);
        if (pacers.length === 0) return send.call(target, command, options);
        return (async () => {
          for (const pacer of pacers) await pacer.wait();
          return send.call(target, command, options);
        })();
      };
    },
  });
}
