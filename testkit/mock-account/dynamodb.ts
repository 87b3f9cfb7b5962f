/**
 * DynamoDB tables in the mocked account (ListTables hands back a token with every full page, as DynamoDB does).
 */

import {
  DescribeTableCommand,
  DynamoDBClient,
  ListTablesCommand,
  type DescribeTableCommandInput,
  type DescribeTableCommandOutput,
  type ListTablesCommandInput,
  type ListTablesCommandOutput,
  type TableDescription,
} from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { type At, awsError, type Build, CREATED, hex, lookup, type Out, type Restorable, tagsOf } from './kit.js';

export interface DynamoDbData {
  readonly tables: TableDescription[];
}

export function dynamodbData(build: Build): DynamoDbData {
  const { n, arn, register } = build;
  const tables: TableDescription[] = Array.from({ length: n }, (_, index) => {
    const name = `orders-${hex(index, 5)}`;
    return {
      TableName: name,
      TableArn: arn('dynamodb', `table/${name}`),
      TableId: `0b1c2d3e-0000-4000-8000-${hex(index, 12)}`,
      TableStatus: 'ACTIVE',
      CreationDateTime: CREATED,
      TableSizeBytes: 1024,
      ItemCount: 10,
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      ProvisionedThroughput: { NumberOfDecreasesToday: 0, ReadCapacityUnits: 0, WriteCapacityUnits: 0 },
      BillingModeSummary: { BillingMode: 'PAY_PER_REQUEST', LastUpdateToPayPerRequestDateTime: CREATED },
      ...(index % 3 === 0 ? { SSEDescription: { Status: 'ENABLED', SSEType: 'KMS', KMSMasterKeyArn: arn('kms', 'key/0b1c2d3e-0000-4000-8000-000000000006') } } : {}),
      DeletionProtectionEnabled: true,
    };
  });
  tables.forEach((table, index) => register(table.TableArn ?? '', 'dynamodb', 'table', tagsOf('orders', index)));
  return { tables };
}

export function mockDynamoDb(at: At<DynamoDbData>): Restorable[] {
  const dynamodb = mockClient(DynamoDBClient);
  dynamodb.on(ListTablesCommand).callsFake(async (input: ListTablesCommandInput, getClient): Promise<Out<ListTablesCommandOutput>> => {
    const names = (await at(getClient)).tables.map((table) => table.TableName ?? '');
    const limit = Math.min(input.Limit ?? 100, 100);
    const start = input.ExclusiveStartTableName === undefined ? 0 : names.indexOf(input.ExclusiveStartTableName) + 1;
    if (start === 0 && input.ExclusiveStartTableName !== undefined) throw awsError('ValidationException', `no table ${input.ExclusiveStartTableName}`);
    const page = names.slice(start, start + limit);
    // DynamoDB hands back LastEvaluatedTableName with every full page, even the last one.
    return { TableNames: page, ...(page.length === limit ? { LastEvaluatedTableName: page[page.length - 1] } : {}) };
  });
  dynamodb.on(DescribeTableCommand).callsFake(async (input: DescribeTableCommandInput, getClient): Promise<Out<DescribeTableCommandOutput>> => {
    const table = lookup((await at(getClient)).tables, (candidate) => [candidate.TableName, candidate.TableArn], input.TableName);
    if (table === undefined) throw awsError('ResourceNotFoundException', `no table ${String(input.TableName)}`);
    return { Table: table };
  });
  return [dynamodb];
}
