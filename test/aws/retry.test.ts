import { describe, expect, it } from '@jest/globals';
import { ThrottlingException } from '@aws-sdk/client-cloudtrail';
import { AccessDeniedException } from '@aws-sdk/client-securityhub';
import { isThrottling } from '../../aws/errors.js';
import { fullJitter, retryDelay, retryRemaining, retryThrottled } from '../../aws/retry.js';

const throttled = () => new ThrottlingException({ message: 'Rate exceeded', $metadata: {} });
const denied = () => new AccessDeniedException({ message: 'no', $metadata: {} });
const noWait = async () => undefined;

describe('isThrottling (the SDK classification)', () => {
  it.each([
    ['a throttling exception', throttled(), true],
    ['HTTP 429', Object.assign(new Error('x'), { name: 'Whatever', $metadata: { httpStatusCode: 429 } }), true],
    ['the $retryable throttling trait', Object.assign(new Error('x'), { name: 'Odd', $retryable: { throttling: true } }), true],
    ['EC2 RequestLimitExceeded', Object.assign(new Error('x'), { name: 'RequestLimitExceeded' }), true],
    ['access denied', denied(), false],
    ['a plain error', new Error('boom'), false],
    ['a string', 'boom', false],
    ['null', null, false],
  ])('%s → %s', (_label, error, expected) => {
    expect(isThrottling(error)).toBe(expected);
  });
});

describe('retryThrottled', () => {
  it('retries throttling up to the limit, then throws the last error, and waits by full jitter', async () => {
    const waits: number[] = [];
    let tries = 0;
    const policy = { retries: 3, baseMs: 100, capMs: 250, random: () => 0.5, sleep: async (ms: number) => void waits.push(ms) };
    await expect(
      retryThrottled(async () => {
        tries += 1;
        throw throttled();
      }, policy),
    ).rejects.toBeInstanceOf(ThrottlingException);
    expect(tries).toBe(4);
    expect(waits).toEqual([50, 100, 125]);
  });

  it('never retries anything but throttling, and tells onError whether it retries', async () => {
    const heard: boolean[] = [];
    let tries = 0;
    await expect(
      retryThrottled(
        async () => {
          tries += 1;
          throw tries === 1 ? throttled() : denied();
        },
        { retries: 5, baseMs: 1, capMs: 1, sleep: noWait },
        (_error, retrying) => heard.push(retrying),
      ),
    ).rejects.toBeInstanceOf(AccessDeniedException);
    expect(tries).toBe(2);
    expect(heard).toEqual([true, false]);
  });

  it('returns the first success', async () => {
    let tries = 0;
    const value = await retryThrottled(async ({ retry }) => {
      tries += 1;
      if (retry < 2) throw throttled();
      return 'ok';
    }, { retries: 2, baseMs: 1, capMs: 1, sleep: noWait });
    expect([value, tries]).toEqual(['ok', 3]);
  });

  it('starts the backoff later with firstRetry, and refuses a bad retry count', async () => {
    expect(retryDelay({ retries: 1, baseMs: 100, capMs: 10_000, firstRetry: 1, random: () => 1 }, 0)).toBe(200);
    expect(fullJitter(5, { baseMs: 100, capMs: 1_000 }, () => 1)).toBe(1_000);
    await expect(retryThrottled(async () => 1, { retries: -1, baseMs: 1, capMs: 1 })).rejects.toThrow('non-negative integer');
  });
});

describe('retryRemaining', () => {
  it('re-sends what each round leaves, and returns what is left after the last retry', async () => {
    const rounds: number[][] = [];
    const left = await retryRemaining([1, 2, 3, 4], async (pending) => {
      rounds.push([...pending]);
      return pending.slice(1);
    }, { retries: 2, baseMs: 1, capMs: 1, sleep: noWait });
    expect(rounds).toEqual([[1, 2, 3, 4], [2, 3, 4], [3, 4]]);
    expect(left).toEqual([4]);
  });

  it('stops as soon as nothing is pending, waiting only between rounds', async () => {
    const waits: number[] = [];
    const left = await retryRemaining(['a', 'b'], async (pending, { retry }) => (retry === 0 ? pending.slice(1) : []), {
      retries: 5,
      baseMs: 10,
      capMs: 10,
      random: () => 1,
      sleep: async (ms) => void waits.push(ms),
    });
    expect(left).toEqual([]);
    expect(waits).toEqual([10]);
  });
});
