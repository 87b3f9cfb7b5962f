/**
 * The acceptance criterion as a test: for a mocked account with 1,000 resources of each
 * type, the API calls of one scan are within 10 % of the minimum number of pages — in total and
 * per operation (minimum + 1 where a final empty page cannot be avoided). A call-count check, not
 * a timing test: the generous timeout only keeps a slow machine from failing it.
 */
import { beforeAll, describe, expect, it } from '@jest/globals';
import { FORMULAS, runApiCallBenchmark, tenPercentOver, violations, type BenchmarkResult } from '../../testkit/api-calls.js';

const key = (entry: { service: string; operation: string }) => `${entry.service}:${entry.operation}`;

describe('API calls of a scan of 1,000 resources per type', () => {
  let result: BenchmarkResult;

  beforeAll(async () => {
    result = await runApiCallBenchmark({ perType: 1000 });
  }, 30_000);

  it('collects every item without a collection error (an error means the mock or a collector is wrong)', () => {
    expect(result.errors).toEqual([]);
    // 37 resource types × 1,000, the account item of the Region, the root user of the account and its two cost-control items.
    expect(result.items).toBe(37 * 1000 + 1 + 1 + 2);
  });

  it('lists every operation called in the formula table, and calls every operation the table lists', () => {
    expect(result.unlisted).toEqual([]);
    expect(result.rows.filter((row) => row.calls === 0).map(key)).toEqual([]);
    expect(new Set(FORMULAS.map(key)).size).toBe(FORMULAS.length);
  });

  it('keeps every operation within 10 % of its minimum (minimum + 1 only where a final empty page is unavoidable)', () => {
    const over = result.rows.filter((row) => row.calls > row.allowed).map((row) => `${key(row)}: ${row.calls} > ${row.allowed} (minimum ${row.minimum})`);
    expect(over).toEqual([]);
    for (const row of result.rows) {
      expect(row.calls).toBeGreaterThanOrEqual(row.minimum);
      expect(row.retries).toBe(0);
    }
  });

  it('keeps the total within 10 % of the minimum total', () => {
    expect(result.totals.minimum).toBe(result.rows.reduce((sum, row) => sum + row.minimum, 0));
    expect(result.totals.calls).toBeLessThanOrEqual(tenPercentOver(result.totals.minimum));
    expect(violations(result)).toEqual([]);
  });

  it('counts the per-resource calls at one per resource', () => {
    const calls = new Map(result.rows.map((row) => [key(row), row.calls]));
    for (const operation of ['s3:GetBucketPolicy', 'sqs:GetQueueAttributes', 'dynamodb:DescribeTable', 'cloudtrail:GetTrailStatus', 'iam:ListPolicyTags']) {
      expect(calls.get(operation)).toBe(1000);
    }
  });
});

describe('the allowance', () => {
  it('is 110 % of the minimum, rounded down', () => {
    expect(tenPercentOver(10)).toBe(11);
    expect(tenPercentOver(12_824)).toBe(14_106);
    expect(tenPercentOver(1)).toBe(1);
  });

  it('grants minimum + 1 only to operations whose final empty page is unavoidable', async () => {
    // 100 tables: one full page, then DynamoDB's token, then an empty page.
    const small = await runApiCallBenchmark({ perType: 100 });
    const listTables = small.rows.find((row) => key(row) === 'dynamodb:ListTables');
    expect(listTables).toMatchObject({ calls: 2, minimum: 1, allowed: 2 });
    expect(small.rows.filter((row) => row.allowed > tenPercentOver(row.minimum)).map(key)).toEqual(['dynamodb:ListTables']);
    expect(violations(small)).toEqual([]);
  }, 30_000);

  it("reads each Region's shadow of another Region's multi-Region trail once, for that Region's trail fact", async () => {
    // 10 trails per Region, the first multi-Region: each Region sees the other's as a shadow trail.
    const two = await runApiCallBenchmark({ perType: 10, regions: ['eu-west-1', 'us-east-1'] });
    expect(two.errors).toEqual([]);
    expect(violations(two)).toEqual([]);
    for (const operation of ['GetTrailStatus', 'GetEventSelectors']) {
      expect(two.rows.find((row) => key(row) === `cloudtrail:${operation}`)).toMatchObject({ calls: 22, minimum: 22 });
    }
    expect(two.rows.find((row) => key(row) === 'cloudtrail:DescribeTrails')).toMatchObject({ calls: 2, minimum: 2 });
  }, 30_000);
});
