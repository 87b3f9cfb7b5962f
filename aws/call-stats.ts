/** API calls made by a scan, per service and operation, with retries and failures. */

export interface CallCount {
  readonly service: string;
  readonly operation: string;
  /** Requests sent to AWS, retries included. */
  readonly calls: number;
  /** Of those, how many were retries (SDK attempts beyond the first, plus gatewatch's own). */
  readonly retries: number;
  /** Calls that finally failed. */
  readonly errors: number;
}

export class CallStats {
  private readonly counts = new Map<string, { service: string; operation: string; calls: number; retries: number; errors: number }>();

  /**
   * Records one `send` that took `attempts` requests (the SDK's own retries included).
   * @param repeat the send repeats an earlier one that was throttled (gatewatch's retry).
   */
  record(service: string, operation: string, attempts: number, failed: boolean, repeat = false): void {
    const key = `${service}:${operation}`;
    let entry = this.counts.get(key);
    if (entry === undefined) {
      entry = { service, operation, calls: 0, retries: 0, errors: 0 };
      this.counts.set(key, entry);
    }
    const requests = Math.max(1, attempts);
    entry.calls += requests;
    entry.retries += requests - 1 + (repeat ? 1 : 0);
    if (failed) entry.errors += 1;
  }

  /** Every count, sorted by service and operation. */
  list(): CallCount[] {
    return [...this.counts.values()].map((entry) => ({ ...entry })).sort((a, b) => `${a.service}:${a.operation}`.localeCompare(`${b.service}:${b.operation}`));
  }

  total(): number {
    let sum = 0;
    for (const entry of this.counts.values()) sum += entry.calls;
    return sum;
  }
}
