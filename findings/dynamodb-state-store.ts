/**
 * A FindingStateStore in a DynamoDB table (partition key `scope`, sort key `id`), for the Lambda
 * functions. Each FindingState field is its own attribute: strings as S, `workflow` and `failure`
 * as M of S; an absent optional field has no attribute. Items read back are validated, so a
 * hand-edited or foreign item fails loudly instead of turning into a wrong state.
 */
import {
  BatchGetItemCommand,
  QueryCommand,
  type AttributeValue,
  type DynamoDBClient,
  type QueryCommandOutput,
  type WriteRequest,
} from '@aws-sdk/client-dynamodb';
import { asAwsError, errorCode, isThrottling } from '../aws/errors.js';
import { findingIdPrefix } from './asff.js';
import { stateScope, type FindingFailure, type FindingState, type FindingStateStore, type StateKey, type WorkflowState } from './finding-state.js';
import { retryRemaining, retryThrottled, type RetryPolicy } from '../aws/retry.js';
import { BatchWriteError, writeBatch } from './dynamodb-batches.js';

/** The table's key, as CreateTable takes it (spread it: `KeySchema: [...FINDING_STATE_KEY_SCHEMA]`). */
export const FINDING_STATE_KEY_SCHEMA = Object.freeze([
  Object.freeze({ AttributeName: 'scope', KeyType: 'HASH' } as const),
  Object.freeze({ AttributeName: 'id', KeyType: 'RANGE' } as const),
]);

/** The key attributes' types, as CreateTable takes them (spread it, like the key schema). */
export const FINDING_STATE_ATTRIBUTE_DEFINITIONS = Object.freeze([
  Object.freeze({ AttributeName: 'scope', AttributeType: 'S' } as const),
  Object.freeze({ AttributeName: 'id', AttributeType: 'S' } as const),
]);

/** BatchWriteItem takes at most 25 requests. */
const BATCH_SIZE = 25;
/** BatchGetItem takes at most 100 keys. */
const GET_BATCH_SIZE = 100;
const BACKOFF_BASE_MS = 50;
const BACKOFF_CAP_MS = 5_000;
const DEFAULT_RETRIES = 5;

export interface DynamoDbStateStoreOptions {
  readonly client: DynamoDBClient;
  readonly tableName: string;
  /** Waits before a retry; tests pass a no-op. */
  readonly sleep?: ((milliseconds: number) => Promise<void>) | undefined;
  /** Query `Limit`: unset reads pages as large as DynamoDB allows (1 MB). */
  readonly pageSize?: number | undefined;
  /** Retries after throttling or unprocessed items (5 unless given), on top of the SDK's own attempts. */
  readonly retries?: number | undefined;
}

const OPTIONAL_STRINGS = ['alertedAt', 'finding'] as const;

/** The item of a record: absent optional fields get no attribute. */
export function stateToItem(state: FindingState): Record<string, AttributeValue> {
  const item: Record<string, AttributeValue> = {
    scope: { S: state.scope },
    id: { S: state.id },
    ruleId: { S: state.ruleId },
    accountId: { S: state.accountId },
    region: { S: state.region },
    resource: { S: state.resource },
    hubRegion: { S: state.hubRegion },
    recordState: { S: state.recordState },
    createdAt: { S: state.createdAt },
    firstObservedAt: { S: state.firstObservedAt },
    updatedAt: { S: state.updatedAt },
  };
  if (state.compliance !== undefined) item['compliance'] = { S: state.compliance };
  for (const name of OPTIONAL_STRINGS) {
    const value = state[name];
    if (value !== undefined) item[name] = { S: value };
  }
  if (state.workflow !== undefined) item['workflow'] = { M: { status: { S: state.workflow.status }, note: { S: state.workflow.note } } };
  if (state.failure !== undefined) {
    const { at, code, message } = state.failure;
    item['failure'] = { M: { at: { S: at }, code: { S: code }, message: { S: message } } };
  }
  return item;
}

/** Reads the attributes of one item, naming the table, the item and the attribute when one is wrong. */
class ItemReader {
  constructor(
    private readonly tableName: string,
    private readonly item: Record<string, AttributeValue>,
  ) {}

  private fail(attribute: string, problem: string): Error {
    const scope = this.item['scope']?.S ?? '(none)';
    const id = this.item['id']?.S ?? '(none)';
    return new Error(`dynamodb table ${this.tableName}: item scope "${scope}", id "${id}": attribute "${attribute}" ${problem} — fix or delete the item`);
  }

  /** A string attribute (S); `within` is the M it sits in, if any. */
  optionalString(name: string, within?: { readonly map: Record<string, AttributeValue>; readonly path: string }): string | undefined {
    const value = (within?.map ?? this.item)[name];
    const attribute = within === undefined ? name : `${within.path}.${name}`;
    if (value === undefined) return undefined;
    if (value.S === undefined) throw this.fail(attribute, `is not a string (S): ${JSON.stringify(value)}`);
    return value.S;
  }

  string(name: string, within?: { readonly map: Record<string, AttributeValue>; readonly path: string }): string {
    const value = this.optionalString(name, within);
    if (value === undefined) throw this.fail(within === undefined ? name : `${within.path}.${name}`, 'is missing (expected a string, S)');
    return value;
  }

  /** `text` (read from attribute `name`) if it is one of `values`. */
  oneOf<T extends string>(name: string, values: readonly T[], text: string): T {
    const found = values.find((value) => value === text);
    if (found === undefined) throw this.fail(name, `is "${text}", expected ${values.join(' or ')}`);
    return found;
  }

  optionalMap(name: string): Record<string, AttributeValue> | undefined {
    const value = this.item[name];
    if (value === undefined) return undefined;
    if (value.M === undefined) throw this.fail(name, `is not a map (M): ${JSON.stringify(value)}`);
    return value.M;
  }
}

/**
 * The record of an item, its attributes checked in FindingState's order; attributes it does not
 * know (a TTL an operator added, say) are ignored.
 * @throws {Error} naming the table, the item and the first attribute that is missing or ill-typed.
 */
export function stateFromItem(tableName: string, item: Record<string, AttributeValue>): FindingState {
  const reader = new ItemReader(tableName, item);
  const id = reader.string('id');
  const scope = reader.string('scope');
  const ruleId = reader.string('ruleId');
  const accountId = reader.string('accountId');
  const region = reader.string('region');
  const resource = reader.string('resource');
  const hubRegion = reader.string('hubRegion');
  const complianceText = reader.optionalString('compliance');
  const compliance = complianceText === undefined ? undefined : reader.oneOf('compliance', ['FAILED', 'PASSED'] as const, complianceText);
  const recordState = reader.oneOf('recordState', ['ACTIVE', 'ARCHIVED'] as const, reader.string('recordState'));
  const createdAt = reader.string('createdAt');
  const firstObservedAt = reader.string('firstObservedAt');
  const updatedAt = reader.string('updatedAt');
  const alertedAt = reader.optionalString('alertedAt');

  let workflow: WorkflowState | undefined;
  const workflowMap = reader.optionalMap('workflow');
  if (workflowMap !== undefined) {
    const within = { map: workflowMap, path: 'workflow' };
    const status = reader.oneOf('workflow.status', ['SUPPRESSED'] as const, reader.string('status', within));
    workflow = { status, note: reader.string('note', within) };
  }
  let failure: FindingFailure | undefined;
  const failureMap = reader.optionalMap('failure');
  if (failureMap !== undefined) {
    const within = { map: failureMap, path: 'failure' };
    failure = { at: reader.string('at', within), code: reader.string('code', within), message: reader.string('message', within) };
  }
  const finding = reader.optionalString('finding');

  return {
    id,
    scope,
    ruleId,
    accountId,
    region,
    resource,
    hubRegion,
    ...(compliance === undefined ? {} : { compliance }),
    recordState,
    createdAt,
    firstObservedAt,
    updatedAt,
    ...(alertedAt === undefined ? {} : { alertedAt }),
    ...(workflow === undefined ? {} : { workflow }),
    ...(failure === undefined ? {} : { failure }),
    ...(finding === undefined ? {} : { finding }),
  };
}

/** What one batch of puts could not write after its retries. */
interface BatchShortfall {
  readonly count: number;
  readonly reason: string;
}

/**
 * Finding states in DynamoDB: Query by scope (or by a rule's key range in a scope) to load,
 * BatchGetItem for the records of known keys, BatchWriteItem to save.
 */
export class DynamoDbStateStore implements FindingStateStore {
  readonly description: string;
  private readonly client: DynamoDBClient;
  private readonly tableName: string;
  private readonly pageSize: number | undefined;
  /** Throttling and unprocessed items alike: full jitter from 50 ms, at most 5 s. */
  private readonly policy: RetryPolicy;

  constructor(options: DynamoDbStateStoreOptions) {
    if (options.pageSize !== undefined && !(Number.isInteger(options.pageSize) && options.pageSize > 0)) {
      throw new Error(`pageSize must be a positive integer, got ${options.pageSize}`);
    }
    const retries = options.retries ?? DEFAULT_RETRIES;
    if (!Number.isInteger(retries) || retries < 0) throw new Error(`retries must be a non-negative integer, got ${retries}`);
    this.client = options.client;
    this.tableName = options.tableName;
    this.pageSize = options.pageSize;
    this.policy = { retries, baseMs: BACKOFF_BASE_MS, capMs: BACKOFF_CAP_MS, sleep: options.sleep };
    this.description = `dynamodb table ${options.tableName}`;
  }

  /**
   * Every record of the scope: a consistent Query followed to its last page.
   * @throws {Error} naming the table, `Query` and the code when DynamoDB refuses; naming the item and attribute for a malformed item.
   */
  async load(accountId: string, region: string): Promise<FindingState[]> {
    const scope = stateScope(accountId, region);
    const states: FindingState[] = [];
    let startKey: Record<string, AttributeValue> | undefined;
    do {
      const output = await this.query(scope, startKey);
      for (const item of output.Items ?? []) states.push(stateFromItem(this.tableName, item));
      startKey = output.LastEvaluatedKey;
    } while (startKey !== undefined);
    return states;
  }

  /**
   * The records of these rules in the scope: one consistent Query per rule on its key range
   * (`begins_with(id, "gatewatch/RULE/ACCOUNT/REGION/")`), so a gate re-scan reads only its gate's records.
   * @throws {Error} as {@link load}.
   */
  async loadRules(accountId: string, region: string, ruleIds: readonly string[]): Promise<FindingState[]> {
    const scope = stateScope(accountId, region);
    const states: FindingState[] = [];
    for (const ruleId of [...new Set(ruleIds)]) {
      let startKey: Record<string, AttributeValue> | undefined;
      do {
        const output = await this.query(scope, startKey, findingIdPrefix(ruleId, accountId, region));
        for (const item of output.Items ?? []) states.push(stateFromItem(this.tableName, item));
        startKey = output.LastEvaluatedKey;
      } while (startKey !== undefined);
    }
    return states;
  }

  /**
   * The records with these keys: consistent BatchGetItem, 100 keys per request, unprocessed keys
   * retried with backoff. A key with no record is absent from the answer.
   * @throws {Error} naming the table, `BatchGetItem` and how many keys were left unread, or the code of the error.
   */
  async get(keys: readonly StateKey[]): Promise<FindingState[]> {
    const unique = [...new Map(keys.map((key) => [`${key.scope}\u0000${key.id}`, key])).values()];
    const states: FindingState[] = [];
    for (let start = 0; start < unique.length; start += GET_BATCH_SIZE) {
      const batch: readonly Record<string, AttributeValue>[] = unique.slice(start, start + GET_BATCH_SIZE).map((key) => ({ scope: { S: key.scope }, id: { S: key.id } }));
      let reason = '';
      const left = await retryRemaining(
        batch,
        async (pending, { retry }) => {
          try {
            const output = await this.client.send(new BatchGetItemCommand({ RequestItems: { [this.tableName]: { Keys: [...pending], ConsistentRead: true } } }));
            for (const item of output.Responses?.[this.tableName] ?? []) states.push(stateFromItem(this.tableName, item));
            reason = `BatchGetItem left them unprocessed after ${retry + 1} attempts`;
            return output.UnprocessedKeys?.[this.tableName]?.Keys ?? [];
          } catch (error) {
            if (!isThrottling(error)) throw this.wrap('BatchGetItem', error);
            reason = `BatchGetItem: ${errorCode(error)} after ${retry + 1} attempts (${asAwsError(error).message ?? 'no message'})`;
            return pending;
          }
        },
        this.policy,
      );
      // A record not read is not a record absent: the caller must not treat its finding as new.
      if (left.length > 0) throw new Error(`dynamodb table ${this.tableName}: ${left.length} of ${unique.length} finding states could not be read (${reason})`);
    }
    return states;
  }

  /**
   * Puts the records (a later record replaces an earlier one with the same scope and id), 25 per
   * BatchWriteItem, retrying unprocessed items and throttling with backoff.
   * @throws {Error} saying how many records could not be written and why; or naming the table, `BatchWriteItem` and the code of any other error.
   */
  async save(states: readonly FindingState[]): Promise<void> {
    // One batch must not hold two puts of one key (DynamoDB rejects the whole batch): the last one wins.
    const unique = new Map(states.map((state) => [`${state.scope}\u0000${state.id}`, state]));
    const requests: WriteRequest[] = [...unique.values()].map((state) => ({ PutRequest: { Item: stateToItem(state) } }));
    const shortfalls: BatchShortfall[] = [];
    for (let start = 0; start < requests.length; start += BATCH_SIZE) {
      const shortfall = await this.writeBatch(requests.slice(start, start + BATCH_SIZE));
      if (shortfall !== undefined) shortfalls.push(shortfall);
    }
    if (shortfalls.length > 0) {
      const failed = shortfalls.reduce((sum, shortfall) => sum + shortfall.count, 0);
      const reasons = [...new Set(shortfalls.map((shortfall) => shortfall.reason))].join('; ');
      throw new Error(`dynamodb table ${this.tableName}: ${failed} of ${requests.length} finding states could not be written (${reasons})`);
    }
  }

  private async query(scope: string, startKey: Record<string, AttributeValue> | undefined, idPrefix?: string): Promise<QueryCommandOutput> {
    const request = new QueryCommand({
      TableName: this.tableName,
      ...(idPrefix === undefined
        ? {
            KeyConditionExpression: '#scope = :scope',
            ExpressionAttributeNames: { '#scope': 'scope' },
            ExpressionAttributeValues: { ':scope': { S: scope } },
          }
        : {
            KeyConditionExpression: '#scope = :scope AND begins_with(#id, :prefix)',
            ExpressionAttributeNames: { '#scope': 'scope', '#id': 'id' },
            ExpressionAttributeValues: { ':scope': { S: scope }, ':prefix': { S: idPrefix } },
          }),
      ConsistentRead: true,
      ...(this.pageSize === undefined ? {} : { Limit: this.pageSize }),
      ...(startKey === undefined ? {} : { ExclusiveStartKey: startKey }),
    });
    try {
      return await retryThrottled(() => this.client.send(request), this.policy);
    } catch (error) {
      throw this.wrap('Query', error);
    }
  }

  /** Writes one batch; returns what is still unwritten after the retries. */
  private async writeBatch(batch: readonly WriteRequest[]): Promise<BatchShortfall | undefined> {
    let written;
    try {
      written = await writeBatch(this.client, this.tableName, batch, this.policy);
    } catch (error) {
      throw this.wrap('BatchWriteItem', error instanceof BatchWriteError ? error.cause : error);
    }
    return written.left.length === 0 ? undefined : { count: written.left.length, reason: written.reason };
  }

  private wrap(operation: string, error: unknown): Error {
    const message = asAwsError(error).message ?? '';
    return new Error(`dynamodb table ${this.tableName}: ${operation} failed: ${errorCode(error)}${message === '' ? '' : ` (${message})`}`, { cause: error });
  }
}
