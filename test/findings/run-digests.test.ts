// Run digests in the finding-state table, against a real DynamoDB (dynalite on 127.0.0.1).
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CreateTableCommand, DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import dynalite from 'dynalite';
import { emptyDigest } from '../../findings/digest.js';
import { FINDING_STATE_ATTRIBUTE_DEFINITIONS, FINDING_STATE_KEY_SCHEMA, DynamoDbStateStore } from '../../findings/dynamodb-state-store.js';
import { RunDigestStore, RUN_DIGEST_TTL_DAYS } from '../../findings/run-digests.js';

const TABLE = 'gatewatch-state';
const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
let client: DynamoDBClient;

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  client = new DynamoDBClient({ region: 'us-east-1', endpoint: `http://127.0.0.1:${port}`, credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
  await client.send(new CreateTableCommand({ TableName: TABLE, KeySchema: [...FINDING_STATE_KEY_SCHEMA], AttributeDefinitions: [...FINDING_STATE_ATTRIBUTE_DEFINITIONS], BillingMode: 'PAY_PER_REQUEST' }));
});
afterAll(async () => {
  client.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('RunDigestStore', () => {
  it('keeps one digest per target of a run, replaces a retried target, and expires them', async () => {
    const store = new RunDigestStore({ client, tableName: TABLE });
    const now = new Date('2026-11-23T02:00:00Z');
    const digest = { ...emptyDigest(), targets: 1, accounts: ['111122223333'], regions: ['eu-west-1'], newFailures: 2 };
    await store.put('run-1', '111122223333/eu-west-1', digest, now);
    await store.put('run-1', '111122223333/eu-west-1', { ...digest, newFailures: 3 }, now);
    await store.put('run-1', '111122223333/us-east-1', { ...digest, regions: ['us-east-1'] }, now);
    await store.put('run-2', '111122223333/eu-west-1', digest, now);
    const all = await store.all('run-1');
    expect([...all.keys()].sort()).toEqual(['111122223333/eu-west-1', '111122223333/us-east-1']);
    expect(all.get('111122223333/eu-west-1')?.newFailures).toBe(3);
    const item = await client.send(new GetItemCommand({ TableName: TABLE, Key: { scope: { S: 'run#run-1' }, id: { S: '111122223333/eu-west-1' } } }));
    expect(Number(item.Item?.['expiresAt']?.N)).toBe(now.getTime() / 1000 + RUN_DIGEST_TTL_DAYS * 86_400);
    // Finding states of the same table are another partition: a run never shows in a scope's states.
    expect(await new DynamoDbStateStore({ client, tableName: TABLE }).load('111122223333', 'eu-west-1')).toEqual([]);
  });

  it('reads a digest stored before a gate existed (a deploy in the middle of a run) as nothing failing in that gate', async () => {
    const { 'cost-controls': _added, ...failing } = emptyDigest().failing;
    const stored = { ...emptyDigest(), targets: 1, failing: { ...failing, encryption: { ...failing.encryption, HIGH: 2 } } };
    delete (stored as { fixCosts?: unknown }).fixCosts;
    await client.send(new PutItemCommand({ TableName: TABLE, Item: { scope: { S: 'run#old' }, id: { S: '111122223333/eu-west-1' }, digest: { S: JSON.stringify(stored) } } }));
    const read = (await new RunDigestStore({ client, tableName: TABLE }).all('old')).get('111122223333/eu-west-1');
    expect(read?.failing['cost-controls']).toEqual({ CRITICAL: 0, HIGH: 0, MEDIUM: 0, LOW: 0, INFORMATIONAL: 0 });
    expect(read?.failing.encryption.HIGH).toBe(2);
  });

  it('names the item of a malformed digest', async () => {
    await client.send(new PutItemCommand({ TableName: TABLE, Item: { scope: { S: 'run#bad' }, id: { S: '111122223333/eu-west-1' }, digest: { S: '{"targets":"two"}' } } }));
    await expect(new RunDigestStore({ client, tableName: TABLE }).all('bad')).rejects.toThrow(/gatewatch-state: the digest of run#bad\/111122223333\/eu-west-1 is malformed/);
  });
});
