import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mockClient, type AwsClientStub } from 'aws-sdk-client-mock';
import {
  DescribeTableCommand,
  DynamoDBClient,
  DynamoDBServiceException,
  ListTablesCommand,
  ResourceNotFoundException,
  ThrottlingException,
  type TableDescription,
} from '@aws-sdk/client-dynamodb';
import { GetResourcesCommand, ResourceGroupsTaggingAPIClient, ResourceGroupsTaggingAPIServiceException } from '@aws-sdk/client-resource-groups-tagging-api';
import { DescribeVolumesCommand } from '@aws-sdk/client-ec2';
import { beanName, dynamodbCollector } from '../../../../inventory/live/collectors/dynamodb.js';
import { ec2VolumesCollector } from '../../../../inventory/live/collectors/ec2-volumes.js';
import type { Collection } from '../../../../inventory/source.js';
import { scan } from '../../../../engine/scan.js';
import { defaultSettings } from '../../../../engine/settings.js';
import { defineRule } from '../../../../rules/lib/define-rule.js';
import type { AnyRule } from '../../../../rules/lib/types.js';
import { checkItemAgainstSchema } from '../../../support/config-schema.js';
import { ACCOUNT, REGION } from '../../../support/items.js';
import { callsOf, collect, mockedLiveSource, mockIdentity } from '../../../../testkit/live.js';

const TABLE = 'AWS::DynamoDB::Table';
const arn = (name: string) => `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/${name}`;
const KEY = `arn:aws:kms:${REGION}:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const created = new Date('2026-01-02T03:04:05Z');

/** A minimal DescribeTable answer; a customer managed key on the `cmk-` tables. */
const table = (name: string): TableDescription => ({
  TableName: name,
  TableArn: arn(name),
  TableId: `id-${name}`,
  TableStatus: 'ACTIVE',
  CreationDateTime: created,
  KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
  AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
  ...(name.startsWith('cmk-') ? { SSEDescription: { Status: 'ENABLED', SSEType: 'KMS', KMSMasterKeyArn: KEY } } : {}),
});

/** A table with every nested structure the schema lists, and SDK fields it does not. */
const fullTable = (name: string): TableDescription => ({
  ...table(name),
  TableSizeBytes: 1024,
  ItemCount: 7,
  ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 5, NumberOfDecreasesToday: 0, LastIncreaseDateTime: created },
  BillingModeSummary: { BillingMode: 'PROVISIONED', LastUpdateToPayPerRequestDateTime: created },
  GlobalSecondaryIndexes: [
    {
      IndexName: 'by-owner',
      IndexArn: `${arn(name)}/index/by-owner`,
      IndexStatus: 'ACTIVE',
      Backfilling: false,
      IndexSizeBytes: 10,
      ItemCount: 2,
      KeySchema: [{ AttributeName: 'owner', KeyType: 'HASH' }],
      Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['status'] },
      ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 },
      // Not in the schema.
      OnDemandThroughput: { MaxReadRequestUnits: 10 },
      WarmThroughput: { ReadUnitsPerSecond: 12000, Status: 'ACTIVE' },
    },
  ],
  LocalSecondaryIndexes: [
    {
      IndexName: 'by-date',
      IndexArn: `${arn(name)}/index/by-date`,
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'date', KeyType: 'RANGE' }],
      Projection: { ProjectionType: 'KEYS_ONLY' },
      // Not in the schema for local indexes.
      IndexSizeBytes: 10,
      ItemCount: 2,
    },
  ],
  Replicas: [
    {
      RegionName: 'us-east-1',
      ReplicaStatus: 'ACTIVE',
      ReplicaStatusDescription: 'ok',
      KMSMasterKeyId: KEY,
      ProvisionedThroughputOverride: { ReadCapacityUnits: 3 },
      GlobalSecondaryIndexes: [{ IndexName: 'by-owner', ProvisionedThroughputOverride: { ReadCapacityUnits: 2 }, OnDemandThroughputOverride: { MaxReadRequestUnits: 4 } }],
      ReplicaTableClassSummary: { TableClass: 'STANDARD', LastUpdateDateTime: created },
      // Not in the schema.
      ReplicaStatusPercentProgress: '100',
      ReplicaArn: `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/${name}`,
    },
  ],
  GlobalTableVersion: '2019.11.21',
  StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_IMAGE' },
  LatestStreamArn: `${arn(name)}/stream/2026-01-02T03:04:05.000`,
  LatestStreamLabel: '2026-01-02T03:04:05.000',
  RestoreSummary: { SourceTableArn: arn('source'), RestoreDateTime: created, RestoreInProgress: false },
  TableClassSummary: { TableClass: 'STANDARD' },
  // Not in the schema.
  DeletionProtectionEnabled: true,
  ArchivalSummary: { ArchivalReason: 'none' },
  WarmThroughput: { ReadUnitsPerSecond: 12000, WriteUnitsPerSecond: 4000, Status: 'ACTIVE' },
});

/** A tiny rule like dynamodb-table-encrypted-with-kms with `requireCmk`. */
const tableCmk = defineRule({
  meta: {
    id: 'test-dynamodb-table-cmk',
    gate: 'encryption',
    title: 'Test DynamoDB tables are encrypted with a KMS key',
    severity: 'LOW',
    priority: 'P2',
    resourceTypes: [TABLE],
    controls: [],
    remediation: { text: 'Switch the table to a customer managed key.', url: 'https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/EncryptionAtRest.html' },
    messages: { kms: 'KMS', ownedKey: 'AWS owned key' },
  },
  check(item, context) {
    return item.configuration.ssedescription?.ssetype === 'KMS' ? context.pass('kms') : context.fail('ownedKey');
  },
});

let mocks: ReturnType<typeof mockIdentity>;
let dynamodb: AwsClientStub<DynamoDBClient>;
let tagging: AwsClientStub<ResourceGroupsTaggingAPIClient>;
beforeEach(() => {
  mocks = mockIdentity();
  dynamodb = mockClient(DynamoDBClient);
  tagging = mockClient(ResourceGroupsTaggingAPIClient);
  tagging.on(GetResourcesCommand).resolves({ ResourceTagMappingList: [] });
});
afterEach(() => {
  mocks.ec2.restore();
  mocks.sts.restore();
  dynamodb.restore();
  tagging.restore();
});

/** Tables `names` listed on one page, each described. */
function tables(...names: string[]): void {
  dynamodb.on(ListTablesCommand).resolves({ TableNames: names });
  for (const name of names) dynamodb.on(DescribeTableCommand, { TableName: name }).resolves({ Table: table(name) });
}

const tableItems = (collection: Collection) => collection.items.filter((item) => item.resourceType === TABLE);
const scanTables = async (rules: readonly AnyRule[] = [tableCmk]) => scan({ regions: [REGION] }, mockedLiveSource([dynamodbCollector]), defaultSettings(rules), rules);
const denied = (message: string) => new DynamoDBServiceException({ name: 'AccessDeniedException', $fault: 'client', $metadata: { httpStatusCode: 400 }, message });

describe('DynamoDB tables collector', () => {
  it('names fields as AWS Config does: the leading run of capitals lowered', () => {
    expect(['SSEDescription', 'SSEType', 'KMSMasterKeyArn', 'KMSMasterKeyId', 'TableName', 'ReadCapacityUnits'].map(beanName)).toEqual([
      'ssedescription',
      'ssetype',
      'kmsmasterKeyArn',
      'kmsmasterKeyId',
      'tableName',
      'readCapacityUnits',
    ]);
  });

  it('builds configuration items in the shape AWS Config records, tags from the Tagging API', async () => {
    dynamodb.on(ListTablesCommand).resolves({ TableNames: ['cmk-orders'] });
    dynamodb.on(DescribeTableCommand).resolves({ Table: fullTable('cmk-orders') });
    tagging.on(GetResourcesCommand).resolves({ ResourceTagMappingList: [{ ResourceARN: arn('cmk-orders'), Tags: [{ Key: 'Team', Value: 'core' }] }] });
    const collection = await collect([dynamodbCollector], [TABLE]);
    expect(collection.errors).toEqual([]);
    const raws = (collection.rawItems ?? []).filter((item) => item['resourceType'] === TABLE);
    expect(raws).toHaveLength(1);
    const [raw] = raws;
    expect(raw).toMatchObject({
      resourceType: TABLE,
      resourceId: 'cmk-orders',
      resourceName: 'cmk-orders',
      ARN: arn('cmk-orders'),
      awsAccountId: ACCOUNT,
      awsRegion: REGION,
      availabilityZone: 'Regional',
      resourceCreationTime: '2026-01-02T03:04:05.000Z',
      tags: { Team: 'core' },
      configuration: {
        tableName: 'cmk-orders',
        tableArn: arn('cmk-orders'),
        tableStatus: 'ACTIVE',
        creationDateTime: '2026-01-02T03:04:05.000Z',
        ssedescription: { status: 'ENABLED', ssetype: 'KMS', kmsmasterKeyArn: KEY },
        replicas: [{ regionName: 'us-east-1', kmsmasterKeyId: KEY, globalSecondaryIndexes: [{ indexName: 'by-owner', provisionedThroughputOverride: { readCapacityUnits: 2 } }] }],
        localSecondaryIndexes: [{ indexName: 'by-date', projection: { projectionType: 'KEYS_ONLY' } }],
      },
    });
    const configuration = raw?.['configuration'];
    expect(configuration).not.toHaveProperty('deletionProtectionEnabled');
    expect(configuration).not.toHaveProperty('warmThroughput');
    expect(configuration).not.toHaveProperty('sSEDescription');
    for (const item of raws) expect(checkItemAgainstSchema(item)).toEqual([]);
    expect(tagging).toHaveReceivedCommandWith(GetResourcesCommand, { ResourceTypeFilters: ['dynamodb:table'], ResourcesPerPage: 100 });
  });

  it('follows LastEvaluatedTableName across three pages of 100', async () => {
    dynamodb
      .on(ListTablesCommand)
      .resolvesOnce({ TableNames: ['a'], LastEvaluatedTableName: 'a' })
      .resolvesOnce({ TableNames: ['b'], LastEvaluatedTableName: 'b' })
      .resolvesOnce({ TableNames: ['c'] });
    dynamodb.on(DescribeTableCommand).callsFake((input: { TableName: string }) => ({ Table: table(input.TableName) }));
    const collection = await collect([dynamodbCollector], [TABLE]);
    expect(collection.errors).toEqual([]);
    expect(tableItems(collection).map((item) => item.resourceId)).toEqual(['a', 'b', 'c']);
    expect(dynamodb).toHaveReceivedCommandTimes(ListTablesCommand, 3);
    expect(dynamodb).toHaveReceivedNthCommandWith(1, ListTablesCommand, { Limit: 100, ExclusiveStartTableName: undefined });
    expect(dynamodb).toHaveReceivedNthCommandWith(2, ListTablesCommand, { Limit: 100, ExclusiveStartTableName: 'a' });
    expect(dynamodb).toHaveReceivedNthCommandWith(3, ListTablesCommand, { Limit: 100, ExclusiveStartTableName: 'b' });
    expect(callsOf(collection, 'dynamodb', 'ListTables')).toBe(3);
  });

  it('retries throttling and counts the retry', async () => {
    tables('a');
    dynamodb.on(ListTablesCommand).rejectsOnce(new ThrottlingException({ message: 'Rate exceeded', $metadata: {} })).resolves({ TableNames: ['a'] });
    const collection = await collect([dynamodbCollector], [TABLE]);
    expect(collection.errors).toEqual([]);
    expect(tableItems(collection).map((item) => item.resourceId)).toEqual(['a']);
    expect(collection.calls).toContainEqual({ service: 'dynamodb', operation: 'ListTables', calls: 2, retries: 1, errors: 0 });
  });

  it('records a denied ListTables for tables only; other types are still collected', async () => {
    dynamodb.on(ListTablesCommand).rejects(denied('not authorized to perform dynamodb:ListTables'));
    mocks.ec2.on(DescribeVolumesCommand).resolves({ Volumes: [{ VolumeId: 'vol-1', AvailabilityZone: 'eu-west-1a', Encrypted: true }] });
    const collection = await collect([dynamodbCollector, ec2VolumesCollector], [TABLE, 'AWS::EC2::Volume']);
    expect(collection.errors).toEqual([
      {
        accountId: ACCOUNT,
        region: REGION,
        resourceTypes: [TABLE],
        service: 'dynamodb',
        operation: 'ListTables',
        code: 'AccessDeniedException',
        message: 'not authorized to perform dynamodb:ListTables',
      },
    ]);
    expect(collection.items.map((item) => item.resourceId)).toContain('vol-1');
    expect(dynamodb).toHaveReceivedCommandTimes(DescribeTableCommand, 0);
  });

  it('makes the table rule UNKNOWN, never PASS, when ListTables is denied', async () => {
    dynamodb.on(ListTablesCommand).rejects(denied('denied'));
    const result = await scanTables();
    expect(result.evaluations.map((evaluation) => [evaluation.resource.id, evaluation.status, evaluation.messageId])).toEqual([['*', 'UNKNOWN', 'listFailed']]);
    expect(result.completeness).toEqual([expect.objectContaining({ ruleId: 'test-dynamodb-table-cmk', region: REGION, complete: false })]);
  });

  it('makes only the table whose DescribeTable was denied UNKNOWN; its siblings are judged', async () => {
    tables('cmk-a', 'cmk-b', 'c');
    dynamodb.on(DescribeTableCommand, { TableName: 'cmk-b' }).rejects(denied('denied on cmk-b'));
    const collection = await collect([dynamodbCollector], [TABLE]);
    expect(collection.errors).toEqual([
      {
        accountId: ACCOUNT,
        region: REGION,
        resourceTypes: [TABLE],
        service: 'dynamodb',
        operation: 'DescribeTable',
        code: 'AccessDeniedException',
        message: 'denied on cmk-b',
        resourceIds: ['cmk-b'],
      },
    ]);
    expect(collection.rawItems?.find((item) => item['resourceId'] === 'cmk-b')).toMatchObject({ ARN: arn('cmk-b'), configuration: { tableName: 'cmk-b' } });
    for (const raw of collection.rawItems ?? []) expect(checkItemAgainstSchema(raw)).toEqual([]);

    const result = await scanTables();
    expect(result.evaluations.map((evaluation) => [evaluation.resource.id, evaluation.status, evaluation.messageId]).sort()).toEqual([
      ['c', 'FAIL', 'ownedKey'],
      ['cmk-a', 'PASS', 'kms'],
      ['cmk-b', 'UNKNOWN', 'collectionFailed'],
    ]);
  });

  it('records an answer without a table description for that table, never judging it on nothing', async () => {
    tables('a', 'b');
    dynamodb.on(DescribeTableCommand, { TableName: 'b' }).resolves({});
    const collection = await collect([dynamodbCollector], [TABLE]);
    expect(collection.errors).toEqual([expect.objectContaining({ operation: 'collect', code: 'InternalError', resourceIds: ['b'] })]);
    expect(tableItems(collection).map((item) => item.resourceId)).toEqual(['a', 'b']);
  });

  it('records a table deleted between ListTables and DescribeTable as a ResourceNotFoundException error for it, and reads the others', async () => {
    tables('a', 'gone', 'b');
    dynamodb.on(DescribeTableCommand, { TableName: 'gone' }).rejects(new ResourceNotFoundException({ message: 'Requested resource not found', $metadata: {} }));
    const collection = await collect([dynamodbCollector], [TABLE]);
    expect(collection.errors).toEqual([
      {
        accountId: ACCOUNT,
        region: REGION,
        resourceTypes: [TABLE],
        service: 'dynamodb',
        operation: 'DescribeTable',
        code: 'ResourceNotFoundException',
        message: 'table gone was listed by ListTables, then dynamodb:DescribeTable answered ResourceNotFoundException: deleted in between, or not readable; judged on the next scan',
        resourceIds: ['gone'],
      },
    ]);
    // Emitted with what the listing gave, like any table whose read failed: its rules are UNKNOWN for it.
    expect(tableItems(collection).map((item) => item.resourceId)).toEqual(['a', 'gone', 'b']);
    expect(collection.rawItems?.find((item) => item['resourceId'] === 'gone')?.['configuration']).toEqual({ tableName: 'gone' });
    expect(dynamodb).toHaveReceivedCommandTimes(DescribeTableCommand, 3);
    expect(callsOf(collection, 'dynamodb', 'DescribeTable')).toBe(3);
  });

  it('still emits the tables when the Tagging API is denied, with a tags-only error', async () => {
    tables('a');
    tagging.on(GetResourcesCommand).rejects(new ResourceGroupsTaggingAPIServiceException({ name: 'AccessDeniedException', $fault: 'client', $metadata: {}, message: 'no tag:GetResources' }));
    const collection = await collect([dynamodbCollector], [TABLE]);
    expect(tableItems(collection).map((item) => [item.resourceId, item.tags])).toEqual([['a', {}]]);
    expect(collection.errors).toEqual([
      { accountId: ACCOUNT, region: REGION, resourceTypes: [TABLE], service: 'tagging', operation: 'GetResources', code: 'AccessDeniedException', message: 'no tag:GetResources', aspect: 'tags' },
    ]);
  });

  it('makes one list call per page, one DescribeTable per table, one tag walk, and nothing else', async () => {
    const names = Array.from({ length: 5 }, (_, index) => `t-${index}`);
    tables(...names);
    const collection = await collect([dynamodbCollector], [TABLE]);
    expect(collection.errors).toEqual([]);
    expect(dynamodb.calls().map((call) => call.args[0].constructor.name)).toEqual(['ListTablesCommand', ...names.map(() => 'DescribeTableCommand')]);
    expect(tagging.calls().map((call) => call.args[0].constructor.name)).toEqual(['GetResourcesCommand']);
  });

  it('makes no further call when no table exists, and none when tables are not requested', async () => {
    dynamodb.on(ListTablesCommand).resolves({ TableNames: [] });
    await collect([dynamodbCollector], [TABLE]);
    expect(dynamodb.calls().map((call) => call.args[0].constructor.name)).toEqual(['ListTablesCommand']);
    expect(tagging).toHaveReceivedCommandTimes(GetResourcesCommand, 0);
    dynamodb.resetHistory();
    await collect([dynamodbCollector], ['AWS::EC2::Volume']);
    expect(dynamodb.calls()).toHaveLength(0);
  });
});
