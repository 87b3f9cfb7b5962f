// The price cache against a real DynamoDB (dynalite, in memory): hits, misses, the TTL attribute,
// expired and malformed items, batch sizes, and a table it cannot use.
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { CreateTableCommand, DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import dynalite from 'dynalite';
import { queryKey, type PriceAnswer } from '../../model/fix-cost.js';
import { FINDING_STATE_ATTRIBUTE_DEFINITIONS, FINDING_STATE_KEY_SCHEMA } from '../../findings/dynamodb-state-store.js';
import { CachedPriceSource, DynamoDbPriceCache, PRICE_SCOPE } from '../../findings/price-cache.js';
import { countingSource, hourly, rdsQuery } from '../support/price-sources.js';

const TABLE = 'gatewatch-state';
const T0 = new Date('2026-12-08T00:00:00Z');
const DAY = 86_400_000;
const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
let client: DynamoDBClient;
const noSleep = async (): Promise<void> => undefined;

/** Instance types of their own for each test: the table is shared. */
let counter = 0;
const fresh = (count: number): string[] =>
  Array.from({ length: count }, () => {
    counter += 1;
    return `db.t${counter}.large`;
  });

function cache(now: Date, tableName = TABLE): DynamoDbPriceCache {
  return new DynamoDbPriceCache({ client, tableName, now: () => now, sleep: noSleep });
}

const priced = (answer: PriceAnswer | undefined) => (answer?.kind === 'price' ? answer.price : undefined);

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  client = new DynamoDBClient({ region: 'us-east-1', endpoint: `http://127.0.0.1:${port}`, credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
  await client.send(new CreateTableCommand({ TableName: TABLE, KeySchema: [...FINDING_STATE_KEY_SCHEMA], AttributeDefinitions: [...FINDING_STATE_ATTRIBUTE_DEFINITIONS], BillingMode: 'PAY_PER_REQUEST' }));
});

afterAll(async () => {
  client.destroy();
  await new Promise<void>((resolve, reject) => server.close((error) => (error instanceof Error ? reject(error) : resolve())));
});

describe('CachedPriceSource over DynamoDbPriceCache', () => {
  it('asks the source for misses, keeps its prices with a 7-day expiresAt, and answers them from the table next run', async () => {
    const [a, b, c] = fresh(3) as [string, string, string];
    const warn = jest.fn();
    const inner = countingSource((query) => ({ kind: 'price', price: hourly(query.filters['instanceType'] ?? '') }));
    const first = await new CachedPriceSource(inner, cache(T0), { warn }).prices([rdsQuery(a), rdsQuery(b)]);
    expect(inner.asked).toEqual([[rdsQuery(a), rdsQuery(b)]]);
    expect(priced(first.get(queryKey(rdsQuery(a))))).toEqual(hourly(a));

    const item = (await client.send(new GetItemCommand({ TableName: TABLE, Key: { scope: { S: PRICE_SCOPE }, id: { S: queryKey(rdsQuery(a)) } } }))).Item;
    expect(item?.['expiresAt']).toEqual({ N: String(T0.getTime() / 1000 + 7 * 86_400) });
    expect(JSON.parse(item?.['price']?.S ?? 'null')).toEqual(hourly(a));
    expect(item?.['cachedAt']).toEqual({ S: T0.toISOString() });

    // The next run (another Lambda): a and b from the table, c from the source.
    const nextInner = countingSource((query) => ({ kind: 'price', price: hourly(query.filters['instanceType'] ?? '') }));
    const second = await new CachedPriceSource(nextInner, cache(new Date(T0.getTime() + DAY)), { warn }).prices([rdsQuery(a), rdsQuery(b), rdsQuery(c)]);
    expect(nextInner.asked).toEqual([[rdsQuery(c)]]);
    expect([...second.keys()].sort()).toEqual([queryKey(rdsQuery(a)), queryKey(rdsQuery(b)), queryKey(rdsQuery(c))].sort());
    expect(priced(second.get(queryKey(rdsQuery(b))))).toEqual(hourly(b));
    expect(warn).not.toHaveBeenCalled();
  });

  it('never keeps an unavailable answer: the next run asks again', async () => {
    const [a] = fresh(1) as [string];
    const denied: PriceAnswer = { kind: 'unavailable', reason: 'pricing:GetProducts failed (AccessDeniedException: no)' };
    const warn = jest.fn();
    const first = await new CachedPriceSource(countingSource(() => denied), cache(T0), { warn }).prices([rdsQuery(a)]);
    expect(first.get(queryKey(rdsQuery(a)))).toEqual(denied);
    const item = await client.send(new GetItemCommand({ TableName: TABLE, Key: { scope: { S: PRICE_SCOPE }, id: { S: queryKey(rdsQuery(a)) } } }));
    expect(item.Item).toBeUndefined();
    const inner = countingSource((query) => ({ kind: 'price', price: hourly(query.filters['instanceType'] ?? '') }));
    await new CachedPriceSource(inner, cache(T0), { warn }).prices([rdsQuery(a)]);
    expect(inner.asked).toEqual([[rdsQuery(a)]]);
  });

  it('reads an item past its expiresAt (TTL deletion lags) as a miss', async () => {
    const [a] = fresh(1) as [string];
    const warn = jest.fn();
    await new CachedPriceSource(countingSource(() => ({ kind: 'price', price: hourly(a) })), cache(T0), { warn }).prices([rdsQuery(a)]);
    const later = countingSource(() => ({ kind: 'price', price: { ...hourly(a), amount: 9 } }));
    const answers = await new CachedPriceSource(later, cache(new Date(T0.getTime() + 7 * DAY)), { warn }).prices([rdsQuery(a)]);
    expect(later.asked).toHaveLength(1);
    expect(priced(answers.get(queryKey(rdsQuery(a))))?.amount).toBe(9);
  });

  it('reads a malformed item as a miss, says so, and replaces it', async () => {
    const [a] = fresh(1) as [string];
    const id = queryKey(rdsQuery(a));
    await client.send(new PutItemCommand({ TableName: TABLE, Item: { scope: { S: PRICE_SCOPE }, id: { S: id }, price: { S: '{"amount":"cheap"}' }, expiresAt: { N: String(T0.getTime() / 1000 + 3600) } } }));
    const warn = jest.fn();
    const inner = countingSource(() => ({ kind: 'price', price: hourly(a) }));
    const answers = await new CachedPriceSource(inner, cache(T0), { warn }).prices([rdsQuery(a)]);
    expect(priced(answers.get(id))).toEqual(hourly(a));
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/^dynamodb table gatewatch-state \(scope "prices"\): item ".*": attribute "price" is malformed \(amount: .*\) — read again from the source$/));
    const item = await client.send(new GetItemCommand({ TableName: TABLE, Key: { scope: { S: PRICE_SCOPE }, id: { S: id } } }));
    expect(JSON.parse(item.Item?.['price']?.S ?? 'null')).toEqual(hourly(a));
  });

  it('reads 150 keys in BatchGetItem requests of 100 and 50, and writes 150 prices in 6 BatchWriteItem requests of 25', async () => {
    const types = fresh(150);
    const spy = jest.spyOn(client, 'send');
    try {
      const warn = jest.fn();
      const inner = countingSource((query) => ({ kind: 'price', price: hourly(query.filters['instanceType'] ?? '') }));
      const answers = await new CachedPriceSource(inner, cache(T0), { warn }).prices(types.map(rdsQuery));
      expect(answers.size).toBe(150);
      const sent = spy.mock.calls.map(([command]) => command as { constructor: { name: string }; input: { RequestItems: Record<string, { Keys?: unknown[] } | unknown[]> } });
      const gets = sent.filter((command) => command.constructor.name === 'BatchGetItemCommand').map((command) => (command.input.RequestItems[TABLE] as { Keys: unknown[] }).Keys.length);
      const writes = sent.filter((command) => command.constructor.name === 'BatchWriteItemCommand').map((command) => (command.input.RequestItems[TABLE] as unknown[]).length);
      expect(gets).toEqual([100, 50]);
      expect(writes).toEqual([25, 25, 25, 25, 25, 25]);
      expect(warn).not.toHaveBeenCalled();
    } finally {
      spy.mockRestore();
    }
  });

  it('answers from the source when the table cannot be read, and says the cache failed (read and write)', async () => {
    const [a] = fresh(1) as [string];
    const warn = jest.fn();
    const inner = countingSource(() => ({ kind: 'price', price: hourly(a) }));
    const answers = await new CachedPriceSource(inner, cache(T0, 'no-such-table'), { warn }).prices([rdsQuery(a)]);
    expect(priced(answers.get(queryKey(rdsQuery(a))))).toEqual(hourly(a));
    expect(inner.asked).toEqual([[rdsQuery(a)]]);
    expect(warn.mock.calls.map(([message]) => message)).toEqual([
      expect.stringMatching(/^dynamodb table no-such-table \(scope "prices"\): 1 of 1 cached prices not read: BatchGetItem failed \(ResourceNotFoundException: /),
      expect.stringMatching(/^dynamodb table no-such-table \(scope "prices"\): 1 of 1 prices not written: BatchWriteItem failed \(ResourceNotFoundException: /),
    ]);
  });
});
