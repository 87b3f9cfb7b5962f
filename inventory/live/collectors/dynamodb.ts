/**
 * DynamoDB tables as AWS Config records them (AWS::DynamoDB::Table).
 *
 * ListTables (100 names per page) is the inventory; DynamoDB has no bulk describe, so
 * DescribeTable runs once per table, each in its own `attempt` scoped to that table. Tags come
 * from the Resource Groups Tagging API (neither call carries them).
 *
 * A change event reads only the tables it names (describeNamed): one that answers
 * ResourceNotFoundException is gone, and absent.
 *
 * A listed table never vanishes from the report: one whose DescribeTable answers
 * ResourceNotFoundException (deleted between ListTables and that call) is recorded as that call's
 * error for it, like any failed read, and emitted with what the listing gave, so its rules are
 * UNKNOWN for it.
 *
 * AWS Config names the table's fields as a Java bean serializer does: the leading run of capitals
 * lowered, so `SSEDescription` → `ssedescription`, `SSEType` → `ssetype`, `KMSMasterKeyArn` →
 * `kmsmasterKeyArn`, `TableName` → `tableName` (see the published schema of the type).
 */
import {
  DescribeTableCommand,
  DynamoDBClient,
  ListTablesCommand,
  ResourceNotFoundException,
  type GlobalSecondaryIndexDescription,
  type KeySchemaElement,
  type LocalSecondaryIndexDescription,
  type Projection,
  type ProvisionedThroughputDescription,
  type ReplicaDescription,
  type TableDescription,
} from '@aws-sdk/client-dynamodb';
import type { ResourceType } from '../../../model/configuration-item.js';
import { arnOf, taggingFilter } from '../../../model/resource-types/index.js';
import { namedResources, type CollectContext, type Collector, type RawItem, type TagsByArn } from '../collector.js';
import { describeEach, describeNamed, goneOn, listedThenFailed } from './describe-each.js';

const TABLE = 'AWS::DynamoDB::Table' as const satisfies ResourceType;

/** DescribeTable's answer for a table that does not exist. */
const NOT_FOUND = 'ResourceNotFoundException';

/** `SSEDescription` → `ssedescription`, `KMSMasterKeyArn` → `kmsmasterKeyArn`, `TableName` → `tableName`. */
export function beanName(key: string): string {
  const run = /^[A-Z]+/.exec(key)?.[0].length ?? 0;
  return key.slice(0, run).toLowerCase() + key.slice(run);
}

/** Keys renamed deeply with {@link beanName}; Dates become ISO strings; undefined entries dropped. */
function beanKeys(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(beanKeys);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, entry]) => entry !== undefined)
        .map(([key, entry]) => [beanName(key), beanKeys(entry)]),
    );
  }
  return value;
}

const keySchema = (elements: readonly KeySchemaElement[] | undefined) => elements?.map(({ AttributeName, KeyType }) => ({ AttributeName, KeyType }));
const projection = (value: Projection | undefined) => (value === undefined ? undefined : { ProjectionType: value.ProjectionType, NonKeyAttributes: value.NonKeyAttributes });
const throughput = (value: ProvisionedThroughputDescription | undefined) => {
  if (value === undefined) return undefined;
  const { LastIncreaseDateTime, LastDecreaseDateTime, NumberOfDecreasesToday, ReadCapacityUnits, WriteCapacityUnits } = value;
  return { LastIncreaseDateTime, LastDecreaseDateTime, NumberOfDecreasesToday, ReadCapacityUnits, WriteCapacityUnits };
};

function globalIndex(index: GlobalSecondaryIndexDescription) {
  const { IndexName, IndexArn, IndexStatus, Backfilling, IndexSizeBytes, ItemCount } = index;
  return { IndexName, IndexArn, IndexStatus, Backfilling, IndexSizeBytes, ItemCount, KeySchema: keySchema(index.KeySchema), Projection: projection(index.Projection), ProvisionedThroughput: throughput(index.ProvisionedThroughput) };
}

/** The schema lists no size or item count for local indexes. */
function localIndex(index: LocalSecondaryIndexDescription) {
  return { IndexName: index.IndexName, IndexArn: index.IndexArn, KeySchema: keySchema(index.KeySchema), Projection: projection(index.Projection) };
}

function replica(value: ReplicaDescription) {
  const { RegionName, ReplicaStatus, ReplicaStatusDescription, KMSMasterKeyId, ReplicaTableClassSummary } = value;
  return {
    RegionName,
    ReplicaStatus,
    ReplicaStatusDescription,
    KMSMasterKeyId,
    ProvisionedThroughputOverride:
      value.ProvisionedThroughputOverride === undefined ? undefined : { ReadCapacityUnits: value.ProvisionedThroughputOverride.ReadCapacityUnits },
    GlobalSecondaryIndexes: value.GlobalSecondaryIndexes?.map((index) => ({
      IndexName: index.IndexName,
      ProvisionedThroughputOverride:
        index.ProvisionedThroughputOverride === undefined ? undefined : { ReadCapacityUnits: index.ProvisionedThroughputOverride.ReadCapacityUnits },
    })),
    ReplicaTableClassSummary:
      ReplicaTableClassSummary === undefined ? undefined : { TableClass: ReplicaTableClassSummary.TableClass, LastUpdateDateTime: ReplicaTableClassSummary.LastUpdateDateTime },
  };
}

/** The fields of DescribeTable that AWS Config records, named as it names them. */
export function tableConfiguration(table: TableDescription): Record<string, unknown> {
  const { TableName, TableArn, TableId, TableStatus, CreationDateTime, TableSizeBytes, ItemCount, LatestStreamArn, LatestStreamLabel, GlobalTableVersion } = table;
  const { BillingModeSummary, RestoreSummary, SSEDescription, StreamSpecification, TableClassSummary } = table;
  return beanKeys({
    TableName,
    TableArn,
    TableId,
    TableStatus,
    CreationDateTime,
    TableSizeBytes,
    ItemCount,
    LatestStreamArn,
    LatestStreamLabel,
    GlobalTableVersion,
    AttributeDefinitions: table.AttributeDefinitions?.map(({ AttributeName, AttributeType }) => ({ AttributeName, AttributeType })),
    KeySchema: keySchema(table.KeySchema),
    ProvisionedThroughput: throughput(table.ProvisionedThroughput),
    BillingModeSummary:
      BillingModeSummary === undefined ? undefined : { BillingMode: BillingModeSummary.BillingMode, LastUpdateToPayPerRequestDateTime: BillingModeSummary.LastUpdateToPayPerRequestDateTime },
    GlobalSecondaryIndexes: table.GlobalSecondaryIndexes?.map(globalIndex),
    LocalSecondaryIndexes: table.LocalSecondaryIndexes?.map(localIndex),
    Replicas: table.Replicas?.map(replica),
    RestoreSummary:
      RestoreSummary === undefined
        ? undefined
        : {
            SourceBackupArn: RestoreSummary.SourceBackupArn,
            SourceTableArn: RestoreSummary.SourceTableArn,
            RestoreDateTime: RestoreSummary.RestoreDateTime,
            RestoreInProgress: RestoreSummary.RestoreInProgress,
          },
    SSEDescription:
      SSEDescription === undefined
        ? undefined
        : {
            Status: SSEDescription.Status,
            SSEType: SSEDescription.SSEType,
            KMSMasterKeyArn: SSEDescription.KMSMasterKeyArn,
            InaccessibleEncryptionDateTime: SSEDescription.InaccessibleEncryptionDateTime,
          },
    StreamSpecification:
      StreamSpecification === undefined ? undefined : { StreamEnabled: StreamSpecification.StreamEnabled, StreamViewType: StreamSpecification.StreamViewType },
    TableClassSummary: TableClassSummary === undefined ? undefined : { TableClass: TableClassSummary.TableClass, LastUpdateDateTime: TableClassSummary.LastUpdateDateTime },
  }) as Record<string, unknown>;
}

/** The item of a table; `table` absent when DescribeTable failed (the recorded error makes it UNKNOWN). */
export function tableItem(context: CollectContext, name: string, table: TableDescription | undefined, tags: TagsByArn): RawItem {
  const arn = table?.TableArn ?? arnOf(TABLE, context, name);
  return {
    resourceType: TABLE,
    resourceId: name,
    resourceName: name,
    ARN: arn,
    availabilityZone: 'Regional',
    resourceCreationTime: table?.CreationDateTime?.toISOString(),
    tags: tags.get(arn) ?? {},
    configuration: table === undefined ? { tableName: name } : tableConfiguration({ ...table, TableName: table.TableName ?? name }),
  };
}

async function listTables(context: CollectContext, dynamodb: DynamoDBClient): Promise<string[]> {
  const names: string[] = [];
  await context.attempt([TABLE], async () => {
    const pages = context.pages(
      'ListTables',
      (ExclusiveStartTableName) => dynamodb.send(new ListTablesCommand({ Limit: 100, ExclusiveStartTableName })),
      (page) => page.LastEvaluatedTableName,
    );
    for await (const page of pages) names.push(...(page.TableNames ?? []));
  });
  return names;
}

/**
 * The table's description; a failure — ResourceNotFoundException included — throws, recorded for
 * this table by its `attempt`. `listed`: the table came from ListTables, so not-found means deleted since.
 */
async function readTable(context: CollectContext, dynamodb: DynamoDBClient, name: string, listed = true): Promise<TableDescription> {
  const output = await context
    .call('DescribeTable', () => dynamodb.send(new DescribeTableCommand({ TableName: name })))
    .catch((error: unknown) => {
      if (!listed) throw error;
      throw listedThenFailed(error, { resource: `table ${name}`, listing: 'ListTables', notFound: NOT_FOUND, isNotFound: (cause) => cause instanceof ResourceNotFoundException });
    });
  // An answer without the table is no description: record it, never judge the table on nothing.
  if (output.Table === undefined) throw new Error(`DescribeTable returned no table for ${name}`);
  return output.Table;
}

export const dynamodbCollector: Collector = {
  service: 'dynamodb',
  produces: [TABLE],
  async collect(context, types) {
    if (!types.has(TABLE)) return;
    const dynamodb = context.client(DynamoDBClient);
    const named = namedResources(context, TABLE);
    if (named !== undefined) {
      // A change event names tables by name (their id): DescribeTable on each, no listing.
      await describeNamed(context, {
        type: TABLE,
        named: [...new Set(named.map((resource) => resource.resourceId))],
        resourceId: (name) => name,
        read: (name) => readTable(context, dynamodb, name, false).catch((error: unknown) => goneOn(error, [NOT_FOUND], (cause) => cause instanceof ResourceNotFoundException)),
        arn: (name, detail) => detail?.TableArn ?? arnOf(TABLE, context, name),
        item: (name, detail, tags) => tableItem(context, name, detail, tags),
      });
      return;
    }
    const names = await listTables(context, dynamodb);
    await describeEach(context, {
      type: TABLE,
      tagFilters: [taggingFilter(TABLE)],
      listed: names,
      resourceId: (name) => name,
      read: (name) => readTable(context, dynamodb, name),
      item: (name, detail, tags) => tableItem(context, name, detail, tags),
    });
  },
};
