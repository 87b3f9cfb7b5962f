/**
 * A point in time by which work must stop: no new request starts after it, requests in flight are
 * aborted through an AbortSignal (`client.send(command, { abortSignal })`), and whoever waits on
 * one is answered at once with a DeadlineReached error. A Lambda sets one before its own timeout
 * so that it still reports and publishes what it read.
 */
import { setMaxListeners } from 'node:events';

/** An absolute time, or a function giving the milliseconds left (Lambda's `getRemainingTimeInMillis`). */
export type DeadlineSpec = Date | (() => number);

/** The code of everything the deadline cut. */
export const DEADLINE_REACHED = 'DeadlineReached';

export class DeadlineReachedError extends Error {
  override readonly name = DEADLINE_REACHED;
}

/** setTimeout's longest delay (about 24.8 days); a later deadline is checked again when it fires. */
const LONGEST_DELAY = 2 ** 31 - 1;

export class Deadline {
  private readonly controller = new AbortController();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly bound = new WeakMap<object, unknown>();

  /**
   * @param at the deadline, in epoch milliseconds
   * @param clock the time now (default `Date.now`)
   */
  constructor(
    readonly at: number,
    private readonly clock: () => number = Date.now,
  ) {
    // Every request and every wait in flight listens to the one signal: no leak warning at 11.
    setMaxListeners(0, this.controller.signal);
    this.arm();
  }

  /** A deadline from an absolute time, or from the milliseconds left now. */
  static of(spec: DeadlineSpec, clock: () => number = Date.now): Deadline {
    return new Deadline(spec instanceof Date ? spec.getTime() : clock() + spec(), clock);
  }

  /** Aborts when the deadline is reached. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  private arm(): void {
    if (this.controller.signal.aborted) return;
    const delay = this.at - this.clock();
    if (delay <= 0) {
      this.controller.abort(new DeadlineReachedError('the deadline was reached'));
      return;
    }
    this.timer = setTimeout(() => this.arm(), Math.min(delay, LONGEST_DELAY));
    // A pending deadline never keeps the process alive.
    this.timer.unref?.();
  }

  /** Whether the deadline has been reached (checked against the clock, not only the timer). */
  reached(): boolean {
    if (!this.controller.signal.aborted && this.clock() >= this.at) {
      clearTimeout(this.timer);
      this.controller.abort(new DeadlineReachedError('the deadline was reached'));
    }
    return this.controller.signal.aborted;
  }

  /** Milliseconds left (0 once reached). */
  remainingMs(): number {
    return Math.max(0, this.at - this.clock());
  }

  /**
   * Settles as `promise` does, or rejects with a DeadlineReachedError saying `message` as soon as
   * the deadline is reached, whatever `promise` does then.
   */
  race<T>(promise: Promise<T>, message: string): Promise<T> {
    if (this.reached()) {
      promise.catch(() => undefined);
      return Promise.reject(new DeadlineReachedError(message));
    }
    return new Promise<T>((resolve, reject) => {
      const signal = this.controller.signal;
      const onAbort = () => {
        promise.catch(() => undefined);
        reject(new DeadlineReachedError(message));
      };
      signal.addEventListener('abort', onAbort, { once: true });
      promise.then(
        (value) => {
          signal.removeEventListener('abort', onAbort);
          resolve(value);
        },
        (error: unknown) => {
          signal.removeEventListener('abort', onAbort);
          reject(error instanceof Error && error.name === 'AbortError' && signal.aborted ? new DeadlineReachedError(message, { cause: error }) : (error as Error));
        },
      );
    });
  }

  /** Waits for `promise` until `graceMs` after the deadline at most; true when it settled by then. */
  async within(promise: Promise<unknown>, graceMs: number): Promise<boolean> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const settled = promise.then(
      () => true,
      () => true,
    );
    const late = new Promise<false>((resolve) => {
      const wait = () => {
        timer = setTimeout(() => resolve(false), graceMs);
        timer.unref?.();
      };
      if (this.reached()) wait();
      else this.controller.signal.addEventListener('abort', wait, { once: true });
    });
    try {
      return await Promise.race([settled, late]);
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * The client with this deadline's signal on every `send` (`send(command, { abortSignal })`), so
   * the SDK aborts a request in flight when the deadline is reached. One wrapper per client.
   */
  bind<C>(client: C): C {
    if (typeof client !== 'object' || client === null || typeof (client as { send?: unknown }).send !== 'function') return client;
    const known = this.bound.get(client);
    if (known !== undefined) return known as C;
    const signal = this.controller.signal;
    const wrapped = new Proxy(client, {
      get(target, property, receiver) {
        if (property !== 'send') return Reflect.get(target, property, receiver) as unknown;
        // Looked up at each call: a test's mock may replace `send` after the client was bound.
        const send = Reflect.get(target, 'send', target) as (...args: unknown[]) => unknown;
        return (command: unknown, options?: unknown, callback?: unknown) => {
          // The callback form is passed through untouched.
          if (typeof options === 'function' || callback !== undefined) return send.call(target, command, options, callback);
          const given = (options ?? {}) as { abortSignal?: AbortSignal };
          const abortSignal = given.abortSignal === undefined ? signal : AbortSignal.any([given.abortSignal, signal]);
          return send.call(target, command, { ...given, abortSignal });
        };
      },
    });
    this.bound.set(client, wrapped);
    return wrapped;
  }

  /** Stops the timer (the deadline still answers `reached()` from the clock). */
  dispose(): void {
    clearTimeout(this.timer);
  }
}
