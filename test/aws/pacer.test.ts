import { describe, expect, it } from '@jest/globals';
import { DEFAULT_RATE_PER_SECOND, Pacer } from '../../aws/pacer.js';

/** A fake clock whose sleep advances it (by `overshoot(ms)` instead of `ms` when given). */
function fakeClock(overshoot: (milliseconds: number, call: number) => number = (milliseconds) => milliseconds) {
  let time = 0;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => time,
    sleep: async (milliseconds: number) => {
      sleeps.push(milliseconds);
      time += overshoot(milliseconds, sleeps.length);
    },
    advance: (milliseconds: number) => {
      time += milliseconds;
    },
  };
}

describe('Pacer', () => {
  it('lets the first request start at once', async () => {
    const clock = fakeClock();
    await new Pacer({ now: clock.now, sleep: clock.sleep }).wait();
    expect(clock.sleeps).toEqual([]);
    expect(clock.now()).toBe(0);
  });

  it('spaces 25 concurrent waiters 100 ms apart (10/s by default), in the order they asked', async () => {
    const clock = fakeClock();
    const pacer = new Pacer({ now: clock.now, sleep: clock.sleep });
    const starts: { waiter: number; at: number }[] = [];
    await Promise.all(
      Array.from({ length: 25 }, (_, waiter) =>
        pacer.wait().then(() => {
          starts.push({ waiter, at: clock.now() });
        }),
      ),
    );
    expect(starts.map((start) => start.waiter)).toEqual(Array.from({ length: 25 }, (_, index) => index));
    expect(starts.map((start) => start.at)).toEqual(Array.from({ length: 25 }, (_, index) => index * 100));
    expect(clock.sleeps).toEqual(Array.from({ length: 24 }, () => 100));
  });

  it("defaults to Security Hub's published 10 requests per second, from the rate table", () => {
    expect(DEFAULT_RATE_PER_SECOND).toBe(10);
    expect(new Pacer().interval).toBe(100);
  });

  it('spaces starts 1000 / ratePerSecond ms apart', async () => {
    const clock = fakeClock();
    const pacer = new Pacer({ ratePerSecond: 4, now: clock.now, sleep: clock.sleep });
    const starts: number[] = [];
    for (let request = 0; request < 3; request += 1) {
      await pacer.wait();
      starts.push(clock.now());
    }
    expect(starts).toEqual([0, 250, 500]);
  });

  it('waits only for what is left of the interval, and not at all after a long enough pause', async () => {
    const clock = fakeClock();
    const pacer = new Pacer({ now: clock.now, sleep: clock.sleep });
    await pacer.wait();
    clock.advance(60);
    await pacer.wait();
    expect(clock.sleeps).toEqual([40]);
    expect(clock.now()).toBe(100);
    clock.advance(150);
    await pacer.wait();
    expect(clock.sleeps).toEqual([40]);
    expect(clock.now()).toBe(250);
  });

  it('sleeps the rest when the timer fires early', async () => {
    const clock = fakeClock((milliseconds, call) => (call === 1 ? milliseconds - 3 : milliseconds));
    const pacer = new Pacer({ now: clock.now, sleep: clock.sleep });
    await pacer.wait();
    await pacer.wait();
    expect(clock.sleeps).toEqual([100, 3]);
    expect(clock.now()).toBe(100);
  });

  it('counts the interval from the previous actual start when a sleep overshoots', async () => {
    const clock = fakeClock((milliseconds) => milliseconds + 30);
    const pacer = new Pacer({ now: clock.now, sleep: clock.sleep });
    const starts: number[] = [];
    for (let request = 0; request < 3; request += 1) {
      await pacer.wait();
      starts.push(clock.now());
    }
    expect(starts).toEqual([0, 130, 260]);
  });

  it('does not spin on a frozen clock whose sleep does nothing', async () => {
    const sleeps: number[] = [];
    const pacer = new Pacer({
      now: () => 0,
      sleep: async (milliseconds) => {
        sleeps.push(milliseconds);
      },
    });
    await pacer.wait();
    await pacer.wait();
    expect(sleeps).toEqual([100]);
  });

  it('rejects only the waiter whose sleep failed; the next one is still paced', async () => {
    const clock = fakeClock();
    let calls = 0;
    const pacer = new Pacer({
      now: clock.now,
      sleep: async (milliseconds) => {
        calls += 1;
        if (calls === 1) throw new Error('timer broke');
        await clock.sleep(milliseconds);
      },
    });
    await pacer.wait();
    const failing = pacer.wait();
    const next = pacer.wait();
    await expect(failing).rejects.toThrow('timer broke');
    await next;
    expect(clock.sleeps).toEqual([100]);
    expect(clock.now()).toBe(100);
  });

  it('lets a burst start at once, then refills at the sustained rate (a token bucket)', async () => {
    const clock = fakeClock();
    const pacer = new Pacer({ ratePerSecond: 20, burst: 100, now: clock.now, sleep: clock.sleep });
    const starts: number[] = [];
    for (let request = 0; request < 103; request += 1) {
      await pacer.wait();
      starts.push(clock.now());
    }
    expect(starts.slice(0, 100)).toEqual(Array.from({ length: 100 }, () => 0));
    expect(starts.slice(100)).toEqual([50, 100, 150]);
  });

  it('refills the burst while idle, never beyond it', async () => {
    const clock = fakeClock();
    const pacer = new Pacer({ ratePerSecond: 10, burst: 3, now: clock.now, sleep: clock.sleep });
    for (let request = 0; request < 3; request += 1) await pacer.wait();
    expect(pacer.delay()).toBe(100);
    clock.advance(200);
    // Two tokens back after 200 ms: two starts at once, the third waits for the next.
    expect(pacer.delay()).toBe(0);
    await pacer.wait();
    await pacer.wait();
    expect(pacer.delay()).toBe(100);
    clock.advance(10_000);
    for (let request = 0; request < 3; request += 1) await pacer.wait();
    expect(clock.sleeps).toEqual([]);
    expect(pacer.delay()).toBe(100);
  });

  it.each([0, 1.5, -2])('refuses a burst of %p', (burst) => {
    expect(() => new Pacer({ burst })).toThrow('burst must be a positive integer');
  });

  it.each([0, -1, Number.NaN, Number.POSITIVE_INFINITY])('refuses a rate of %p', (ratePerSecond) => {
    expect(() => new Pacer({ ratePerSecond })).toThrow('ratePerSecond must be a positive number');
  });
});
