// DynamoDbStateStore against aws-sdk-client-mock: the calls it makes, its retries and its failures.
// (In a file of its own: mockClient replaces DynamoDBClient's send for the whole module registry.)
import { afterAll, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { mockClient } from 'aws-sdk-client-mock';
import { BatchGetItemCommand, BatchWriteItemCommand, DynamoDBClient, QueryCommand, type WriteRequest } from '@aws-sdk/client-dynamodb';
import { DynamoDbStateStore, stateToItem } from '../../findings/dynamodb-state-store.js';
import { stateScope, type FindingState } from '../../findings/finding-state.js';
import { awsError } from '../../testkit/live.js';
import { findingState as state } from '../support/finding-states.js';

const ACCOUNT = '111122223333';
const REGION = 'eu-west-1';
const TABLE = 'gatewatch-findings';
const SCOPE = stateScope(ACCOUNT, REGION);


const records = (count: number): FindingState[] => Array.from({ length: count }, (_, index) => state(`r${index}`));
const puts = (states: readonly FindingState[]): WriteRequest[] => states.map((record) => ({ PutRequest: { Item: stateToItem(record) } }));

const dynamodb = mockClient(DynamoDBClient);
const client = new DynamoDBClient({ region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
const sleep = jest.fn(async (_milliseconds: number): Promise<void> => undefined);

function store(options: { retries?: number; pageSize?: number } = {}): DynamoDbStateStore {
  return new DynamoDbStateStore({ client, tableName: TABLE, sleep, ...options });
}

/** The waits asked for, each checked against full jitter's bound for its retry (base 50 ms, cap 5 s). */
function expectFullJitterWaits(count: number): void {
  const waits = sleep.mock.calls.map(([milliseconds]) => milliseconds);
  expect(waits).toHaveLength(count);
  waits.forEach((milliseconds, retry) => {
    expect(milliseconds).toBeGreaterThanOrEqual(0);
    expect(milliseconds).toBeLessThanOrEqual(Math.min(5_000, 50 * 2 ** retry));
  });
}

beforeEach(() => {
  dynamodb.reset();
  sleep.mockClear();
});

afterAll(() => {
  dynamodb.restore();
});

describe('DynamoDbStateStore save', () => {
  it('writes 60 records as 3 BatchWriteItem calls of 25, 25 and 10 puts, without waiting', async () => {
    dynamodb.on(BatchWriteItemCommand).resolves({});
    const sixty = records(60);
    await store().save(sixty);

    expect(dynamodb).toHaveReceivedCommandTimes(BatchWriteItemCommand, 3);
    expect(dynamodb).toHaveReceivedNthCommandWith(1, BatchWriteItemCommand, { RequestItems: { [TABLE]: puts(sixty.slice(0, 25)) } });
    expect(dynamodb).toHaveReceivedNthCommandWith(2, BatchWriteItemCommand, { RequestItems: { [TABLE]: puts(sixty.slice(25, 50)) } });
    expect(dynamodb).toHaveReceivedNthCommandWith(3, BatchWriteItemCommand, { RequestItems: { [TABLE]: puts(sixty.slice(50)) } });
    expect(sleep).not.toHaveBeenCalled();
  });

  it('retries unprocessed items (only them) after a backoff, and succeeds', async () => {
    const three = records(3);
    const unprocessed = puts(three.slice(1));
    dynamodb.on(BatchWriteItemCommand).resolvesOnce({ UnprocessedItems: { [TABLE]: unprocessed } }).resolves({ UnprocessedItems: {} });
    await store().save(three);

    expect(dynamodb).toHaveReceivedCommandTimes(BatchWriteItemCommand, 2);
    expect(dynamodb).toHaveReceivedNthCommandWith(1, BatchWriteItemCommand, { RequestItems: { [TABLE]: puts(three) } });
    expect(dynamodb).toHaveReceivedNthCommandWith(2, BatchWriteItemCommand, { RequestItems: { [TABLE]: unprocessed } });
    expectFullJitterWaits(1);
  });

  it('rejects naming how many of how many records stayed unprocessed, after the retries', async () => {
    const thirty = records(30);
    // The first batch of 25 goes through; 2 of the last 5 are never processed.
    dynamodb
      .on(BatchWriteItemCommand)
      .resolvesOnce({})
      .resolves({ UnprocessedItems: { [TABLE]: puts(thirty.slice(28)) } });

    await expect(store({ retries: 2 }).save(thirty)).rejects.toThrow(
      new Error(`dynamodb table ${TABLE}: 2 of 30 finding states could not be written (BatchWriteItem left them unprocessed after 3 attempts)`),
    );
    expect(dynamodb).toHaveReceivedCommandTimes(BatchWriteItemCommand, 4);
    expectFullJitterWaits(2);
  });

  it('uses 5 retries unless told otherwise', async () => {
    dynamodb.on(BatchWriteItemCommand).resolves({ UnprocessedItems: { [TABLE]: puts(records(1)) } });
    await expect(store().save(records(1))).rejects.toThrow('1 of 1 finding states could not be written (BatchWriteItem left them unprocessed after 6 attempts)');
    expect(dynamodb).toHaveReceivedCommandTimes(BatchWriteItemCommand, 6);
    expectFullJitterWaits(5);
  });

  it('retries a throttling error and succeeds', async () => {
    dynamodb.on(BatchWriteItemCommand).rejectsOnce(awsError('ProvisionedThroughputExceededException')).resolves({});
    await store().save(records(2));

    expect(dynamodb).toHaveReceivedCommandTimes(BatchWriteItemCommand, 2);
    expect(dynamodb).toHaveReceivedNthCommandWith(2, BatchWriteItemCommand, { RequestItems: { [TABLE]: puts(records(2)) } });
    expectFullJitterWaits(1);
  });

  it('rejects with the count and the throttling code when throttling outlasts the retries', async () => {
    dynamodb.on(BatchWriteItemCommand).rejects(awsError('ThrottlingException', 'Rate exceeded'));
    await expect(store({ retries: 1 }).save(records(4))).rejects.toThrow(
      `dynamodb table ${TABLE}: 4 of 4 finding states could not be written (BatchWriteItem: ThrottlingException after 2 attempts (Rate exceeded))`,
    );
    expect(dynamodb).toHaveReceivedCommandTimes(BatchWriteItemCommand, 2);
  });

  it('rejects an AccessDeniedException at once, naming the table, the operation and the code, the SDK error as cause', async () => {
    const denied = awsError('AccessDeniedException', 'no dynamodb:BatchWriteItem');
    dynamodb.on(BatchWriteItemCommand).rejects(denied);
    const error = await store().save(records(60)).then(
      () => undefined,
      (thrown: unknown) => thrown,
    );

    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toBe(`dynamodb table ${TABLE}: BatchWriteItem failed: AccessDeniedException (no dynamodb:BatchWriteItem)`);
    expect((error as Error).cause).toBe(denied);
    expect(dynamodb).toHaveReceivedCommandTimes(BatchWriteItemCommand, 1);
    expect(sleep).not.toHaveBeenCalled();
  });

  it('sends one put per key: a later record with the same scope and id replaces an earlier one', async () => {
    dynamodb.on(BatchWriteItemCommand).resolves({});
    const replaced = { ...state('a'), compliance: 'PASSED' as const };
    await store().save([state('a'), state('b'), replaced]);
    expect(dynamodb).toHaveReceivedCommandWith(BatchWriteItemCommand, { RequestItems: { [TABLE]: puts([replaced, state('b')]) } });
  });
});

describe('DynamoDbStateStore load', () => {
  it('queries the scope consistently and follows LastEvaluatedKey to the end', async () => {
    const lastKey = { scope: { S: SCOPE }, id: { S: 'r1' } };
    dynamodb
      .on(QueryCommand)
      .resolvesOnce({ Items: [stateToItem(state('r0')), stateToItem(state('r1'))], LastEvaluatedKey: lastKey })
      .resolves({ Items: [stateToItem(state('r2'))] });

    await expect(store({ pageSize: 2 }).load(ACCOUNT, REGION)).resolves.toStrictEqual(records(3));
    expect(dynamodb).toHaveReceivedCommandTimes(QueryCommand, 2);
    const query = {
      TableName: TABLE,
      KeyConditionExpression: '#scope = :scope',
      ExpressionAttributeNames: { '#scope': 'scope' },
      ExpressionAttributeValues: { ':scope': { S: SCOPE } },
      ConsistentRead: true,
      Limit: 2,
    };
    expect(dynamodb).toHaveReceivedNthCommandWith(1, QueryCommand, query);
    expect(dynamodb.commandCalls(QueryCommand)[0]?.args[0].input.ExclusiveStartKey).toBeUndefined();
    expect(dynamodb).toHaveReceivedNthCommandWith(2, QueryCommand, { ...query, ExclusiveStartKey: lastKey });
  });

  it('sends no Limit without a pageSize', async () => {
    dynamodb.on(QueryCommand).resolves({ Items: [] });
    await expect(store().load(ACCOUNT, REGION)).resolves.toEqual([]);
    expect(dynamodb.commandCalls(QueryCommand)[0]?.args[0].input).not.toHaveProperty('Limit');
  });

  it('retries a throttled query', async () => {
    dynamodb.on(QueryCommand).rejectsOnce(awsError('ThrottlingException')).resolves({ Items: [stateToItem(state('r0'))] });
    await expect(store().load(ACCOUNT, REGION)).resolves.toStrictEqual(records(1));
    expect(dynamodb).toHaveReceivedCommandTimes(QueryCommand, 2);
    expectFullJitterWaits(1);
  });

  it('rejects an AccessDeniedException naming the table, Query and the code', async () => {
    const denied = awsError('AccessDeniedException', 'no dynamodb:Query');
    dynamodb.on(QueryCommand).rejects(denied);
    await expect(store().load(ACCOUNT, REGION)).rejects.toMatchObject({
      message: `dynamodb table ${TABLE}: Query failed: AccessDeniedException (no dynamodb:Query)`,
      cause: denied,
    });
    expect(dynamodb).toHaveReceivedCommandTimes(QueryCommand, 1);
  });

  it.each([
    ['a missing attribute', (item: Record<string, unknown>) => ({ ...item, hubRegion: undefined }), 'attribute "hubRegion" is missing (expected a string, S)'],
    ['an ill-typed attribute', (item: Record<string, unknown>) => ({ ...item, updatedAt: { N: '1' } }), 'attribute "updatedAt" is not a string (S): {"N":"1"}'],
    ['a value outside its set', (item: Record<string, unknown>) => ({ ...item, recordState: { S: 'GONE' } }), 'attribute "recordState" is "GONE", expected ACTIVE or ARCHIVED'],
    ['a map that is not one', (item: Record<string, unknown>) => ({ ...item, workflow: { S: 'SUPPRESSED' } }), 'attribute "workflow" is not a map (M)'],
    ['a member missing from a map', (item: Record<string, unknown>) => ({ ...item, workflow: { M: { status: { S: 'SUPPRESSED' } } } }), 'attribute "workflow.note" is missing'],
  ])('rejects an item read back with %s, naming the table, the item and the attribute', async (_case, corrupt, problem) => {
    const bad = JSON.parse(JSON.stringify(corrupt(stateToItem(state('bad'))))) as Record<string, never>;
    dynamodb.on(QueryCommand).resolves({ Items: [stateToItem(state('good')), bad] });
    await expect(store().load(ACCOUNT, REGION)).rejects.toThrow(`dynamodb table ${TABLE}: item scope "${SCOPE}", id "bad": ${problem}`);
  });
});

describe('DynamoDbStateStore options', () => {
  it('refuses a pageSize or retries that make no sense', () => {
    expect(() => store({ pageSize: 0 })).toThrow('pageSize must be a positive integer, got 0');
    expect(() => store({ retries: -1 })).toThrow('retries must be a non-negative integer, got -1');
  });
});

describe('DynamoDbStateStore reads of a change', () => {
  const keyOf = (record: FindingState) => ({ scope: { S: record.scope }, id: { S: record.id } });

  it("queries each rule's key range in the scope, consistently, following every page", async () => {
    dynamodb
      .on(QueryCommand)
      .resolvesOnce({ Items: [stateToItem(state('a'))], LastEvaluatedKey: keyOf(state('a')) })
      .resolves({ Items: [stateToItem(state('b'))] });
    const loaded = await store().loadRules(ACCOUNT, REGION, ['rule-one', 'rule-two', 'rule-one']);

    expect(loaded.map((record) => record.id)).toEqual(['a', 'b', 'b']);
    expect(dynamodb).toHaveReceivedCommandTimes(QueryCommand, 3);
    const prefix = (ruleId: string) => ({ ':scope': { S: SCOPE }, ':prefix': { S: `gatewatch/${ruleId}/${ACCOUNT}/${REGION}/` } });
    const condition = { TableName: TABLE, KeyConditionExpression: '#scope = :scope AND begins_with(#id, :prefix)', ExpressionAttributeNames: { '#scope': 'scope', '#id': 'id' }, ConsistentRead: true };
    expect(dynamodb).toHaveReceivedNthCommandWith(1, QueryCommand, { ...condition, ExpressionAttributeValues: prefix('rule-one') });
    expect(dynamodb).toHaveReceivedNthCommandWith(2, QueryCommand, { ...condition, ExpressionAttributeValues: prefix('rule-one'), ExclusiveStartKey: keyOf(state('a')) });
    expect(dynamodb).toHaveReceivedNthCommandWith(3, QueryCommand, { ...condition, ExpressionAttributeValues: prefix('rule-two') });
  });

  it('gets 150 keys as consistent BatchGetItem calls of 100 and 50, duplicates sent once', async () => {
    const wanted = records(150);
    dynamodb.on(BatchGetItemCommand).callsFake((input: { RequestItems: Record<string, { Keys: Record<string, { S: string }>[] }> }) => ({
      Responses: { [TABLE]: (input.RequestItems[TABLE]?.Keys ?? []).map((key) => stateToItem(state(key['id']?.S ?? ''))) },
    }));
    const got = await store().get([...wanted, ...wanted.slice(0, 10)]);

    expect(got).toHaveLength(150);
    expect(dynamodb).toHaveReceivedCommandTimes(BatchGetItemCommand, 2);
    expect(dynamodb).toHaveReceivedNthCommandWith(1, BatchGetItemCommand, { RequestItems: { [TABLE]: { Keys: wanted.slice(0, 100).map(keyOf), ConsistentRead: true } } });
    expect(dynamodb).toHaveReceivedNthCommandWith(2, BatchGetItemCommand, { RequestItems: { [TABLE]: { Keys: wanted.slice(100).map(keyOf), ConsistentRead: true } } });
    expect(sleep).not.toHaveBeenCalled();
  });

  it('retries unprocessed keys (only them) after a backoff', async () => {
    const two = records(2);
    dynamodb
      .on(BatchGetItemCommand)
      .resolvesOnce({ Responses: { [TABLE]: [stateToItem(two[0] ?? state('x'))] }, UnprocessedKeys: { [TABLE]: { Keys: [keyOf(two[1] ?? state('x'))] } } })
      .resolves({ Responses: { [TABLE]: [stateToItem(two[1] ?? state('x'))] } });
    const got = await store().get(two);

    expect(got.map((record) => record.id)).toEqual(['r0', 'r1']);
    expect(dynamodb).toHaveReceivedNthCommandWith(2, BatchGetItemCommand, { RequestItems: { [TABLE]: { Keys: [keyOf(two[1] ?? state('x'))], ConsistentRead: true } } });
    expectFullJitterWaits(1);
  });

  it('rejects when keys stay unread after the retries: an unread record is not an absent one', async () => {
    const two = records(2);
    dynamodb.on(BatchGetItemCommand).resolves({ Responses: { [TABLE]: [] }, UnprocessedKeys: { [TABLE]: { Keys: two.map(keyOf) } } });
    await expect(store({ retries: 1 }).get(two)).rejects.toThrow(`dynamodb table ${TABLE}: 2 of 2 finding states could not be read (BatchGetItem left them unprocessed after 2 attempts)`);
  });

  it('names the table, BatchGetItem and the code of an error that is not throttling', async () => {
    dynamodb.on(BatchGetItemCommand).rejects(awsError('ResourceNotFoundException', 'Requested resource not found'));
    await expect(store().get(records(1))).rejects.toThrow(`dynamodb table ${TABLE}: BatchGetItem failed: ResourceNotFoundException (Requested resource not found)`);
  });
});
