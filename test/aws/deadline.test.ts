import { describe, expect, it } from '@jest/globals';
import { Deadline, DeadlineReachedError, DEADLINE_REACHED } from '../../aws/deadline.js';

describe('Deadline', () => {
  it('is reached at its time, by the clock or by its timer, and aborts its signal', async () => {
    let now = 1_000;
    const clock = new Deadline(1_500, () => now);
    expect(clock.reached()).toBe(false);
    expect(clock.remainingMs()).toBe(500);
    now = 1_500;
    expect(clock.reached()).toBe(true);
    expect(clock.signal.aborted).toBe(true);
    expect(clock.signal.reason).toBeInstanceOf(DeadlineReachedError);
    clock.dispose();

    const timer = Deadline.of(() => 30);
    expect(timer.reached()).toBe(false);
    await new Promise((resolve) => timer.signal.addEventListener('abort', resolve, { once: true }));
    expect(timer.reached()).toBe(true);
  });

  it('takes an absolute time or the milliseconds left', () => {
    expect(Deadline.of(new Date(5_000)).at).toBe(5_000);
    expect(Deadline.of(() => 250, () => 1_000).at).toBe(1_250);
  });

  it('races a promise: its value before the deadline, DeadlineReached after', async () => {
    const deadline = Deadline.of(() => 50);
    await expect(deadline.race(Promise.resolve('read'), 'cut')).resolves.toBe('read');
    const hanging = deadline.race(new Promise<never>(() => undefined), 'ec2:DescribeVpcs was cut');
    await expect(hanging).rejects.toMatchObject({ name: DEADLINE_REACHED, message: 'ec2:DescribeVpcs was cut' });
    await expect(deadline.race(Promise.resolve('late'), 'refused')).rejects.toMatchObject({ name: DEADLINE_REACHED, message: 'refused' });
  });

  it('waits for a task until a grace after the deadline at most', async () => {
    const deadline = Deadline.of(() => 20);
    expect(await deadline.within(new Promise((resolve) => setTimeout(resolve, 5)), 20)).toBe(true);
    const started = Date.now();
    expect(await deadline.within(new Promise(() => undefined), 30)).toBe(false);
    expect(Date.now() - started).toBeLessThan(500);
  });

  it("binds a client: every send carries the deadline's abort signal, the rest of the client is untouched", async () => {
    const deadline = Deadline.of(() => 10_000);
    const calls: unknown[][] = [];
    const client = {
      config: { region: 'eu-west-1' },
      send(...args: unknown[]) {
        calls.push(args);
        return Promise.resolve('sent');
      },
    };
    const bound = deadline.bind(client);
    expect(deadline.bind(client)).toBe(bound);
    expect(bound.config).toBe(client.config);
    await bound.send('command');
    expect(calls[0]).toEqual(['command', { abortSignal: deadline.signal }]);
    const own = new AbortController();
    await bound.send('command', { abortSignal: own.signal });
    const combined = (calls[1]?.[1] as { abortSignal: AbortSignal }).abortSignal;
    own.abort();
    expect(combined.aborted).toBe(true);
    const callback = () => undefined;
    await bound.send('command', callback);
    expect(calls[2]).toEqual(['command', callback, undefined]);
    deadline.dispose();
  });
});
