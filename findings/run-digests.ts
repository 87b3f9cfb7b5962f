/**
 * The digest of every target of a nightly run, kept in the finding-state table under the run's
 * own partition (`run#RUN_ID`), so the summarize step merges them without passing them through
 * the Step Functions state (256 KB at most). Items expire after 30 days (the table's TTL).
 */
import { PutItemCommand, QueryCommand, type AttributeValue, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { z } from 'zod';
import type { RunDigest } from './digest.js';
import { GATE_IDS, SEVERITIES } from '../model/gates.js';

export const RUN_DIGEST_TTL_DAYS = 30;
/** The TTL attribute (serverless.yml turns TimeToLiveSpecification on for it). */
export const TTL_ATTRIBUTE = 'expiresAt';

const countsBySeverity = z.strictObject(Object.fromEntries(SEVERITIES.map((severity) => [severity, z.number().int().min(0)])));
const NO_FAILURES = Object.fromEntries(SEVERITIES.map((severity) => [severity, 0]));
const digestSchema = z.strictObject({
  targets: z.number().int().min(0),
  accounts: z.array(z.string()),
  regions: z.array(z.string()),
  // A gate added since the digest was stored (a deploy in the middle of a run) reads as nothing failing there.
  failing: z.strictObject(Object.fromEntries(GATE_IDS.map((gate) => [gate, countsBySeverity.default(NO_FAILURES)]))),
  newFailures: z.number().int().min(0),
  resolved: z.number().int().min(0),
  stillFailing: z.number().int().min(0),
  exempted: z.number().int().min(0),
  unknown: z.number().int().min(0),
  topResources: z.array(
    z.strictObject({ resource: z.string(), name: z.string(), accountId: z.string(), region: z.string(), failures: z.number().int().min(0), highest: z.enum(SEVERITIES) }),
  ),
  errors: z.array(z.string()),
  // Absent in digests stored before fix costs were estimated.
  fixCosts: z
    .partialRecord(
      z.enum(GATE_IDS),
      z.strictObject({
        monthlyCents: z.record(z.string(), z.number().int()),
        priced: z.number().int().min(0),
        perUnit: z.number().int().min(0),
        free: z.number().int().min(0),
        usageBased: z.number().int().min(0),
        unavailable: z.number().int().min(0),
        effectiveDate: z.string().optional(),
      }),
    )
    .optional(),
});

export interface RunDigestStoreOptions {
  readonly client: DynamoDBClient;
  readonly tableName: string;
}

const runScope = (runId: string) => `run#${runId}`;

/** Where the targets of a run leave their digests for the summary. */
export interface RunDigests {
  put(runId: string, target: string, digest: RunDigest, now: Date): Promise<void>;
  all(runId: string): Promise<Map<string, RunDigest>>;
}

export class RunDigestStore implements RunDigests {
  constructor(private readonly options: RunDigestStoreOptions) {}

  /** Records one target's digest (a retried target replaces its earlier one). */
  async put(runId: string, target: string, digest: RunDigest, now: Date): Promise<void> {
    const expiresAt = Math.floor(now.getTime() / 1000) + RUN_DIGEST_TTL_DAYS * 86_400;
    await this.options.client.send(
      new PutItemCommand({
        TableName: this.options.tableName,
        Item: { scope: { S: runScope(runId) }, id: { S: target }, digest: { S: JSON.stringify(digest) }, [TTL_ATTRIBUTE]: { N: String(expiresAt) } },
      }),
    );
  }

  /**
   * Every target digest of the run, by target (`ACCOUNT/REGION`).
   * @throws {Error} naming the table and item when a stored digest is malformed.
   */
  async all(runId: string): Promise<Map<string, RunDigest>> {
    const digests = new Map<string, RunDigest>();
    let startKey: Record<string, AttributeValue> | undefined;
    do {
      const page = await this.options.client.send(
        new QueryCommand({
          TableName: this.options.tableName,
          KeyConditionExpression: '#scope = :scope',
          ExpressionAttributeNames: { '#scope': 'scope' },
          ExpressionAttributeValues: { ':scope': { S: runScope(runId) } },
          ConsistentRead: true,
          ...(startKey === undefined ? {} : { ExclusiveStartKey: startKey }),
        }),
      );
      for (const item of page.Items ?? []) {
        const target = item['id']?.S ?? '?';
        const parsed = digestSchema.safeParse(JSON.parse(item['digest']?.S ?? 'null') as unknown);
        if (!parsed.success) throw new Error(`dynamodb table ${this.options.tableName}: the digest of ${runScope(runId)}/${target} is malformed (${parsed.error.issues[0]?.path.join('.') ?? ''}: ${parsed.error.issues[0]?.message ?? ''})`);
        // The schema spells out every gate and severity; zod types the computed keys as a record.
        digests.set(target, parsed.data as unknown as RunDigest);
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey !== undefined);
    return digests;
  }
}
