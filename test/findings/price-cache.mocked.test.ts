// The price cache against aws-sdk-client-mock: unprocessed keys and items retried, throttling
// retried, and what happens to the keys and prices the table would not take.
// (In a file of its own: mockClient replaces DynamoDBClient's send for the whole module registry.)
import { afterAll, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { mockClient } from 'aws-sdk-client-mock';
import { BatchGetItemCommand, BatchWriteItemCommand, DynamoDBClient, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { queryKey, type PriceQuery, type UnitPrice } from '../../model/fix-cost.js';
import { CachedPriceSource, DynamoDbPriceCache, PRICE_SCOPE } from '../../findings/price-cache.js';
import { awsError } from '../../testkit/live.js';
import { countingSource, hourly, rdsQuery } from '../support/price-sources.js';

const TABLE = 'gatewatch-state';
const NOW = new Date('2026-12-08T00:00:00Z');
const EXPIRES = String(NOW.getTime() / 1000 + 7 * 86_400);
const dynamodb = mockClient(DynamoDBClient);
const client = new DynamoDBClient({ region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
const sleep = jest.fn(async (_milliseconds: number): Promise<void> => undefined);

const cache = (retries?: number) => new DynamoDbPriceCache({ client, tableName: TABLE, now: () => NOW, sleep, ...(retries === undefined ? {} : { retries }) });
const keyOf = (query: PriceQuery): Record<string, AttributeValue> => ({ scope: { S: PRICE_SCOPE }, id: { S: queryKey(query) } });
const itemOf = (query: PriceQuery, price: UnitPrice): Record<string, AttributeValue> => ({ ...keyOf(query), price: { S: JSON.stringify(price) }, cachedAt: { S: NOW.toISOString() }, expiresAt: { N: EXPIRES } });
const fromSource = () => countingSource((query) => ({ kind: 'price', price: hourly(query.filters['instanceType'] ?? '') }));

const A = rdsQuery('db.r6g.large');
const B = rdsQuery('db.r6g.xlarge');

beforeEach(() => {
  dynamodb.reset();
  sleep.mockClear();
});

afterAll(() => {
  dynamodb.restore();
});

describe('DynamoDbPriceCache with unprocessed keys and items', () => {
  it('retries the keys BatchGetItem left unprocessed, and answers them from the table', async () => {
    dynamodb
      .on(BatchGetItemCommand)
      .resolvesOnce({ Responses: { [TABLE]: [itemOf(A, hourly('db.r6g.large'))] }, UnprocessedKeys: { [TABLE]: { Keys: [keyOf(B)] } } })
      .resolvesOnce({ Responses: { [TABLE]: [itemOf(B, hourly('db.r6g.xlarge'))] } });
    const inner = fromSource();
    const warn = jest.fn();
    const answers = await new CachedPriceSource(inner, cache(), { warn }).prices([A, B]);
    expect(inner.asked).toEqual([]);
    expect(answers.get(queryKey(B))).toEqual({ kind: 'price', price: hourly('db.r6g.xlarge') });
    expect(dynamodb).toHaveReceivedCommandTimes(BatchGetItemCommand, 2);
    expect(dynamodb).toHaveReceivedNthCommandWith(2, BatchGetItemCommand, { RequestItems: { [TABLE]: { Keys: [keyOf(B)] } } });
    expect(dynamodb).toHaveReceivedCommandTimes(BatchWriteItemCommand, 0);
    expect(sleep).toHaveBeenCalledTimes(1);
    expect(warn).not.toHaveBeenCalled();
  });

  it('asks the source for keys still unprocessed after the retries, and says so', async () => {
    dynamodb.on(BatchGetItemCommand).resolves({ Responses: { [TABLE]: [itemOf(A, hourly('db.r6g.large'))] }, UnprocessedKeys: { [TABLE]: { Keys: [keyOf(B)] } } });
    dynamodb.on(BatchWriteItemCommand).resolves({});
    const inner = fromSource();
    const warn = jest.fn();
    const answers = await new CachedPriceSource(inner, cache(2), { warn }).prices([A, B]);
    expect(inner.asked).toEqual([[B]]);
    expect(answers.get(queryKey(B))).toEqual({ kind: 'price', price: hourly('db.r6g.xlarge') });
    expect(dynamodb).toHaveReceivedCommandTimes(BatchGetItemCommand, 3);
    expect(warn).toHaveBeenCalledWith('dynamodb table gatewatch-state (scope "prices"): 1 of 2 cached prices could not be read (BatchGetItem left them unprocessed after 3 attempts)');
    // What the source answered is written back, with its TTL.
    expect(dynamodb).toHaveReceivedCommandWith(BatchWriteItemCommand, { RequestItems: { [TABLE]: [{ PutRequest: { Item: itemOf(B, hourly('db.r6g.xlarge')) } }] } });
  });

  it('retries a throttled BatchGetItem, then falls back to the source for everything on any other error', async () => {
    dynamodb.on(BatchGetItemCommand).rejectsOnce(awsError('ProvisionedThroughputExceededException')).resolves({ Responses: { [TABLE]: [itemOf(A, hourly('db.r6g.large'))] } });
    const inner = fromSource();
    await new CachedPriceSource(inner, cache(), { warn: jest.fn() }).prices([A]);
    expect(inner.asked).toEqual([]);
    expect(dynamodb).toHaveReceivedCommandTimes(BatchGetItemCommand, 2);

    dynamodb.reset();
    dynamodb.on(BatchGetItemCommand).rejects(awsError('AccessDeniedException', 'not allowed: dynamodb:BatchGetItem'));
    dynamodb.on(BatchWriteItemCommand).resolves({});
    const warn = jest.fn();
    const fallback = fromSource();
    const answers = await new CachedPriceSource(fallback, cache(), { warn }).prices([A, B]);
    expect(fallback.asked).toEqual([[A, B]]);
    expect(answers.size).toBe(2);
    expect(dynamodb).toHaveReceivedCommandTimes(BatchGetItemCommand, 1);
    expect(warn).toHaveBeenCalledWith('dynamodb table gatewatch-state (scope "prices"): 2 of 2 cached prices not read: BatchGetItem failed (AccessDeniedException: not allowed: dynamodb:BatchGetItem)');
  });

  it('retries the items BatchWriteItem left unprocessed; what is never written is said, and the answers stand', async () => {
    dynamodb.on(BatchGetItemCommand).resolves({ Responses: { [TABLE]: [] } });
    const unprocessed = { UnprocessedItems: { [TABLE]: [{ PutRequest: { Item: itemOf(B, hourly('db.r6g.xlarge')) } }] } };
    dynamodb.on(BatchWriteItemCommand).resolvesOnce(unprocessed).resolves({});
    const warn = jest.fn();
    await new CachedPriceSource(fromSource(), cache(), { warn }).prices([A, B]);
    expect(dynamodb).toHaveReceivedCommandTimes(BatchWriteItemCommand, 2);
    expect(dynamodb).toHaveReceivedNthCommandWith(3, BatchWriteItemCommand, { RequestItems: unprocessed.UnprocessedItems });
    expect(warn).not.toHaveBeenCalled();

    dynamodb.reset();
    dynamodb.on(BatchGetItemCommand).resolves({ Responses: { [TABLE]: [] } });
    dynamodb.on(BatchWriteItemCommand).resolves(unprocessed);
    const answers = await new CachedPriceSource(fromSource(), cache(1), { warn }).prices([A, B]);
    expect(answers.get(queryKey(A))).toEqual({ kind: 'price', price: hourly('db.r6g.large') });
    expect(warn).toHaveBeenCalledWith('dynamodb table gatewatch-state (scope "prices"): 1 of 2 prices not written (BatchWriteItem left them unprocessed after 2 attempts)');

    dynamodb.reset();
    dynamodb.on(BatchGetItemCommand).resolves({ Responses: { [TABLE]: [] } });
    dynamodb.on(BatchWriteItemCommand).rejects(awsError('AccessDeniedException', 'not allowed: dynamodb:BatchWriteItem'));
    const denied = jest.fn();
    const stillAnswered = await new CachedPriceSource(fromSource(), cache(), { warn: denied }).prices([A]);
    expect(stillAnswered.get(queryKey(A))).toEqual({ kind: 'price', price: hourly('db.r6g.large') });
    expect(denied).toHaveBeenCalledWith('dynamodb table gatewatch-state (scope "prices"): 1 of 1 prices not written: BatchWriteItem failed (AccessDeniedException: not allowed: dynamodb:BatchWriteItem)');
  });

  it('asks the table nothing, and writes nothing, for an empty list of queries', async () => {
    const inner = fromSource();
    expect((await new CachedPriceSource(inner, cache(), { warn: jest.fn() }).prices([])).size).toBe(0);
    expect(dynamodb).toHaveReceivedCommandTimes(BatchGetItemCommand, 0);
    expect(inner.asked).toEqual([]);
  });
});
