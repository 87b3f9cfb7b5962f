/**
 * An in-memory stand-in for the finding-state table, for the benchmark: it answers the requests
 * DynamoDbStateStore sends (Query on `scope` with an optional `begins_with(id, …)`, BatchGetItem,
 * BatchWriteItem) as DynamoDB does — a Query page stops at 1 MB of items, items come in `id`
 * order — and counts the requests, the items read and written, and the read capacity a consistent
 * read would consume (4 KB units per item for BatchGetItem, per page's total size for a Query).
 */
import {
  BatchGetItemCommand,
  BatchWriteItemCommand,
  QueryCommand,
  type AttributeValue,
  type BatchGetItemCommandOutput,
  type BatchWriteItemCommandOutput,
  type DynamoDBClient,
  type QueryCommandOutput,
} from '@aws-sdk/client-dynamodb';

type Item = Record<string, AttributeValue>;

const PAGE_BYTES = 1024 * 1024;
const READ_UNIT_BYTES = 4096;

/** DynamoDB's item size: attribute names and values, UTF-8 (close enough for S and M of S). */
function itemBytes(item: Item): number {
  return Buffer.byteLength(JSON.stringify(item));
}

export interface TableUsage {
  readonly requests: Record<string, number>;
  readonly itemsRead: number;
  readonly itemsWritten: number;
  readonly readUnits: number;
}

export class FakeStateTable {
  private readonly scopes = new Map<string, Map<string, Item>>();
  private usage = { requests: {} as Record<string, number>, itemsRead: 0, itemsWritten: 0, readUnits: 0 };

  /** A client whose `send` this table answers; any other command is refused. */
  client(): DynamoDBClient {
    return { send: async (command: unknown) => this.send(command) } as unknown as DynamoDBClient;
  }

  /** What was used since the last reset. */
  takeUsage(): TableUsage {
    const taken = this.usage;
    this.usage = { requests: {}, itemsRead: 0, itemsWritten: 0, readUnits: 0 };
    return taken;
  }

  get size(): number {
    return [...this.scopes.values()].reduce((sum, items) => sum + items.size, 0);
  }

  private count(operation: string): void {
    this.usage.requests[operation] = (this.usage.requests[operation] ?? 0) + 1;
  }

  private async send(command: unknown): Promise<unknown> {
    if (command instanceof QueryCommand) return this.query(command);
    if (command instanceof BatchGetItemCommand) return this.batchGet(command);
    if (command instanceof BatchWriteItemCommand) return this.batchWrite(command);
    throw new Error(`FakeStateTable does not answer ${(command as { constructor: { name: string } }).constructor.name}`);
  }

  private query(command: QueryCommand): QueryCommandOutput {
    this.count('Query');
    const values = command.input.ExpressionAttributeValues ?? {};
    const scope = values[':scope']?.S ?? '';
    const prefix = values[':prefix']?.S;
    const start = command.input.ExclusiveStartKey?.['id']?.S;
    const ids = [...(this.scopes.get(scope)?.keys() ?? [])].sort();
    const items: Item[] = [];
    let bytes = 0;
    let last: string | undefined;
    for (const id of ids) {
      if (start !== undefined && id <= start) continue;
      if (prefix !== undefined && !id.startsWith(prefix)) continue;
      const item = this.scopes.get(scope)?.get(id);
      if (item === undefined) continue;
      if (bytes >= PAGE_BYTES || (command.input.Limit !== undefined && items.length >= command.input.Limit)) break;
      items.push(item);
      bytes += itemBytes(item);
      last = id;
    }
    const more = last !== undefined && ids.some((id) => id > (last ?? '') && (prefix === undefined || id.startsWith(prefix)));
    this.usage.itemsRead += items.length;
    this.usage.readUnits += Math.max(1, Math.ceil(bytes / READ_UNIT_BYTES));
    return { Items: items, Count: items.length, ...(more ? { LastEvaluatedKey: { scope: { S: scope }, id: { S: last ?? '' } } } : {}), $metadata: {} };
  }

  private batchGet(command: BatchGetItemCommand): BatchGetItemCommandOutput {
    this.count('BatchGetItem');
    const responses: Record<string, Item[]> = {};
    for (const [table, request] of Object.entries(command.input.RequestItems ?? {})) {
      const found: Item[] = [];
      for (const key of request.Keys ?? []) {
        const item = this.scopes.get(key['scope']?.S ?? '')?.get(key['id']?.S ?? '');
        this.usage.readUnits += item === undefined ? 1 : Math.max(1, Math.ceil(itemBytes(item) / READ_UNIT_BYTES));
        if (item !== undefined) found.push(item);
      }
      this.usage.itemsRead += found.length;
      responses[table] = found;
    }
    return { Responses: responses, UnprocessedKeys: {}, $metadata: {} };
  }

  private batchWrite(command: BatchWriteItemCommand): BatchWriteItemCommandOutput {
    this.count('BatchWriteItem');
    for (const requests of Object.values(command.input.RequestItems ?? {})) {
      for (const request of requests) {
        const item = request.PutRequest?.Item;
        if (item === undefined) continue;
        const scope = item['scope']?.S ?? '';
        let items = this.scopes.get(scope);
        if (items === undefined) {
          items = new Map();
          this.scopes.set(scope, items);
        }
        items.set(item['id']?.S ?? '', item);
        this.usage.itemsWritten += 1;
      }
    }
    return { UnprocessedItems: {}, $metadata: {} };
  }
}
