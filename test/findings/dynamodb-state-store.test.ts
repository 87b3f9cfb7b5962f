// DynamoDbStateStore against a real DynamoDB: dynalite, in memory, on a local port.
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import {
  BatchGetItemCommand,
  BatchWriteItemCommand,
  CreateTableCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
} from '@aws-sdk/client-dynamodb';
import dynalite from 'dynalite';
import {
  DynamoDbStateStore,
  FINDING_STATE_ATTRIBUTE_DEFINITIONS,
  FINDING_STATE_KEY_SCHEMA,
  stateToItem,
} from '../../findings/dynamodb-state-store.js';
import { findingIdOfKey } from '../../findings/asff.js';
import { stateScope, type FindingState } from '../../findings/finding-state.js';
import { findingState as state } from '../support/finding-states.js';

const ACCOUNT = '111122223333';
const REGION = 'eu-west-1';
const TABLE = 'gatewatch-findings';


function minimal(id: string, overrides: Partial<FindingState> = {}): FindingState {
  const { compliance: _c, alertedAt: _a, workflow: _w, failure: _f, finding: _g, ...rest } = state(id, overrides);
  return rest;
}

/** A scope of its own for each test: the table is shared. */
let regionCounter = 0;
function freshRegion(): string {
  regionCounter += 1;
  return `test-region-${regionCounter}`;
}
const inRegion = (region: string) => ({ scope: stateScope(ACCOUNT, region), region });

const byId = (a: FindingState, b: FindingState): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
let client: DynamoDBClient;
const noSleep = async (): Promise<void> => undefined;

function store(options: { pageSize?: number; tableName?: string } = {}): DynamoDbStateStore {
  return new DynamoDbStateStore({ client, tableName: options.tableName ?? TABLE, sleep: noSleep, pageSize: options.pageSize });
}

/** The commands `client` is sent while `action` runs, by name. */
async function commandsSent(action: () => Promise<unknown>): Promise<string[]> {
  const spy = jest.spyOn(client, 'send');
  try {
    await action();
    return spy.mock.calls.map(([command]) => command.constructor.name);
  } finally {
    spy.mockRestore();
  }
}

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  client = new DynamoDBClient({ region: 'us-east-1', endpoint: `http://127.0.0.1:${port}`, credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
  await client.send(
    new CreateTableCommand({
      TableName: TABLE,
      KeySchema: [...FINDING_STATE_KEY_SCHEMA],
      AttributeDefinitions: [...FINDING_STATE_ATTRIBUTE_DEFINITIONS],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
});

afterAll(async () => {
  client.destroy();
  await new Promise<void>((resolve, reject) => server.close((error) => (error instanceof Error ? reject(error) : resolve())));
});

describe('DynamoDbStateStore on dynalite', () => {
  it('describes itself by its table', () => {
    expect(store().description).toBe(`dynamodb table ${TABLE}`);
  });

  it('round-trips a full record, each field its own attribute', async () => {
    const region = freshRegion();
    const full = state('full', inRegion(region));
    await store().save([full]);

    await expect(store().load(ACCOUNT, region)).resolves.toStrictEqual([full]);
    const { Item } = await client.send(new GetItemCommand({ TableName: TABLE, Key: { scope: { S: full.scope }, id: { S: 'full' } } }));
    expect(Item).toEqual({
      scope: { S: `${ACCOUNT}/${region}` },
      id: { S: 'full' },
      ruleId: { S: 'ebs-volume-encrypted' },
      accountId: { S: ACCOUNT },
      region: { S: region },
      resource: { S: full.resource },
      hubRegion: { S: REGION },
      compliance: { S: 'FAILED' },
      recordState: { S: 'ACTIVE' },
      createdAt: { S: full.createdAt },
      firstObservedAt: { S: full.firstObservedAt },
      updatedAt: { S: full.updatedAt },
      alertedAt: { S: '2026-11-01T10:00:05.000Z' },
      workflow: { M: { status: { S: 'SUPPRESSED' }, note: { S: 'migration ticket OPS-1, until 2026-12-31' } } },
      failure: { M: { at: { S: '2026-11-02T10:00:00.000Z' }, code: { S: 'AccessDeniedException' }, message: { S: 'not allowed' } } },
      finding: { S: full.finding },
    });
  });

  it('round-trips a minimal record: absent optional fields stay absent', async () => {
    const region = freshRegion();
    const record = minimal('min', inRegion(region));
    await store().save([record]);

    const loaded = await store().load(ACCOUNT, region);
    expect(loaded).toStrictEqual([record]);
    for (const field of ['compliance', 'alertedAt', 'workflow', 'failure', 'finding']) expect(loaded[0]).not.toHaveProperty(field);
    const { Item } = await client.send(new GetItemCommand({ TableName: TABLE, Key: { scope: { S: record.scope }, id: { S: 'min' } } }));
    expect(Object.keys(Item ?? {}).sort()).toEqual(
      ['scope', 'id', 'ruleId', 'accountId', 'region', 'resource', 'hubRegion', 'recordState', 'createdAt', 'firstObservedAt', 'updatedAt'].sort(),
    );
  });

  it('keeps scopes apart: the same id in two scopes is two records', async () => {
    const [here, there] = [freshRegion(), freshRegion()];
    const otherAccount = { scope: stateScope('444455556666', here), accountId: '444455556666', region: here };
    await store().save([state('a', inRegion(here)), state('a', inRegion(there)), state('b', inRegion(there)), state('c', otherAccount)]);

    await expect(store().load(ACCOUNT, here)).resolves.toStrictEqual([state('a', inRegion(here))]);
    expect((await store().load(ACCOUNT, there)).sort(byId)).toStrictEqual([state('a', inRegion(there)), state('b', inRegion(there))]);
    await expect(store().load('444455556666', here)).resolves.toStrictEqual([state('c', otherAccount)]);
    await expect(store().load(ACCOUNT, freshRegion())).resolves.toEqual([]);
  });

  it('replaces a record by id, removing attributes the new one no longer has', async () => {
    const region = freshRegion();
    await store().save([state('a', inRegion(region)), state('b', inRegion(region))]);
    await store().save([minimal('a', { ...inRegion(region), compliance: 'PASSED' })]);

    const loaded = (await store().load(ACCOUNT, region)).sort(byId);
    expect(loaded).toStrictEqual([minimal('a', { ...inRegion(region), compliance: 'PASSED' }), state('b', inRegion(region))]);
  });

  it('keeps the last of two records with one key in a save (one batch cannot hold both)', async () => {
    const region = freshRegion();
    await store().save([state('a', inRegion(region)), state('a', { ...inRegion(region), compliance: 'PASSED' })]);
    await expect(store().load(ACCOUNT, region)).resolves.toStrictEqual([state('a', { ...inRegion(region), compliance: 'PASSED' })]);
  });

  it('loads across pages: 7 records with pageSize 2 take 4 queries', async () => {
    const region = freshRegion();
    const records = ['1', '2', '3', '4', '5', '6', '7'].map((id) => state(id, inRegion(region)));
    await store().save(records);

    let loaded: FindingState[] = [];
    const sent = await commandsSent(async () => {
      loaded = await store({ pageSize: 2 }).load(ACCOUNT, region);
    });
    expect(sent).toEqual([QueryCommand.name, QueryCommand.name, QueryCommand.name, QueryCommand.name]);
    expect(loaded.sort(byId)).toStrictEqual(records);
  });

  it('saves 60 records with 3 BatchWriteItem calls and reads them all back', async () => {
    const region = freshRegion();
    const records = Array.from({ length: 60 }, (_, index) => state(`r${String(index).padStart(2, '0')}`, inRegion(region)));
    const sent = await commandsSent(() => store().save(records));
    expect(sent).toEqual([BatchWriteItemCommand.name, BatchWriteItemCommand.name, BatchWriteItemCommand.name]);
    expect((await store().load(ACCOUNT, region)).sort(byId)).toStrictEqual(records);
  });

  it("reads one rule's records of a scope by its key range: other rules and scopes are not read", async () => {
    const region = freshRegion();
    const id = (ruleId: string, resource: string) => findingIdOfKey(ruleId, ACCOUNT, region, resource);
    const wanted = [state(id('ebs-volume-encrypted', 'vol-1'), inRegion(region)), state(id('ebs-volume-encrypted', 'vol-2'), inRegion(region))];
    // A rule whose id begins like the wanted one's must not match: the prefix ends with a slash.
    const others = [state(id('ebs-volume-encrypted-kms', 'vol-1'), { ...inRegion(region), ruleId: 'ebs-volume-encrypted-kms' }), state(id('s3-bucket-encrypted', 'b'), { ...inRegion(region), ruleId: 's3-bucket-encrypted' })];
    const elsewhere = state(findingIdOfKey('ebs-volume-encrypted', ACCOUNT, 'global', 'vol-1'), inRegion(freshRegion()));
    await store().save([...wanted, ...others, elsewhere]);

    let loaded: FindingState[] = [];
    const sent = await commandsSent(async () => {
      loaded = await store().loadRules(ACCOUNT, region, ['ebs-volume-encrypted']);
    });
    expect(sent).toEqual([QueryCommand.name]);
    expect(loaded.sort(byId)).toStrictEqual(wanted);
    await expect(store().loadRules(ACCOUNT, region, ['ebs-volume-encrypted', 's3-bucket-encrypted'])).resolves.toHaveLength(3);
  });

  it('gets records by key in one BatchGetItem: a key with no record is absent', async () => {
    const region = freshRegion();
    const records = ['a', 'b', 'c'].map((id) => state(id, inRegion(region)));
    await store().save(records);
    let got: FindingState[] = [];
    const sent = await commandsSent(async () => {
      got = await store().get([...records.slice(0, 2), { scope: records[0]?.scope ?? '', id: 'missing' }].map(({ scope, id }) => ({ scope, id })));
    });
    expect(sent).toEqual([BatchGetItemCommand.name]);
    expect(got.sort(byId)).toStrictEqual(records.slice(0, 2));
  });

  it('saving nothing sends nothing', async () => {
    expect(await commandsSent(() => store().save([]))).toEqual([]);
  });

  it('rejects a malformed item read back, naming the table, the item and the attribute', async () => {
    const region = freshRegion();
    await store().save([state('good', inRegion(region))]);
    await client.send(new PutItemCommand({ TableName: TABLE, Item: { ...stateToItem(state('bad', inRegion(region))), ruleId: { N: '7' } } }));
    await expect(store().load(ACCOUNT, region)).rejects.toThrow(
      `dynamodb table ${TABLE}: item scope "${ACCOUNT}/${region}", id "bad": attribute "ruleId" is not a string (S): {"N":"7"} — fix or delete the item`,
    );
  });

  it('a missing table: the error names the table, the operation and the code', async () => {
    const missing = store({ tableName: 'no-such-table' });
    await expect(missing.load(ACCOUNT, REGION)).rejects.toThrow(/^dynamodb table no-such-table: Query failed: ResourceNotFoundException/);
    await expect(missing.save([state('a')])).rejects.toThrow(/^dynamodb table no-such-table: BatchWriteItem failed: ResourceNotFoundException/);
  });
});
