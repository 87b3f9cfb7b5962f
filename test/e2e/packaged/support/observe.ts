/**
 * What the deployed service left behind, read back from the emulator the way an operator would:
 * Security Hub findings (GetFindings, every page), the finding states in the DynamoDB table, and
 * the SNS messages delivered to a subscribed SQS queue (SNS envelopes, raw delivery off).
 */
import { DynamoDBClient, ScanCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { GetFindingsCommand, SecurityHubClient, type AwsSecurityFinding } from '@aws-sdk/client-securityhub';
import { DeleteMessageBatchCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { clientOptions, type Emulator } from './stack.js';

export async function findingsIn(emulator: Emulator, region: string): Promise<AwsSecurityFinding[]> {
  const client = new SecurityHubClient(clientOptions(emulator, region));
  const findings: AwsSecurityFinding[] = [];
  let token: string | undefined;
  do {
    const page = await client.send(new GetFindingsCommand({ MaxResults: 100, ...(token === undefined ? {} : { NextToken: token }) }));
    findings.push(...(page.Findings ?? []));
    token = page.NextToken === '' ? undefined : page.NextToken;
  } while (token !== undefined);
  return findings;
}

/** The finding gatewatch made for a rule and a resource (its ARN), if any. */
export const findingOf = (findings: readonly AwsSecurityFinding[], ruleId: string, resource: string): AwsSecurityFinding | undefined =>
  findings.find((finding) => finding.GeneratorId === `gatewatch/${ruleId}` && finding.Resources?.some((entry) => entry.Id === resource));

function plain(value: AttributeValue): unknown {
  if (value.S !== undefined) return value.S;
  if (value.N !== undefined) return Number(value.N);
  if (value.BOOL !== undefined) return value.BOOL;
  if (value.NULL !== undefined) return null;
  if (value.L !== undefined) return value.L.map(plain);
  if (value.M !== undefined) return Object.fromEntries(Object.entries(value.M).map(([key, entry]) => [key, plain(entry)]));
  if (value.SS !== undefined) return value.SS;
  return undefined;
}

export type Item = Record<string, unknown>;

export async function tableItems(emulator: Emulator, region: string, tableName: string): Promise<Item[]> {
  const client = new DynamoDBClient(clientOptions(emulator, region));
  const items: Item[] = [];
  let start: Record<string, AttributeValue> | undefined;
  do {
    const page = await client.send(new ScanCommand({ TableName: tableName, ...(start === undefined ? {} : { ExclusiveStartKey: start }) }));
    items.push(...(page.Items ?? []).map((item) => Object.fromEntries(Object.entries(item).map(([key, value]) => [key, plain(value)]))));
    start = page.LastEvaluatedKey;
  } while (start !== undefined);
  return items;
}

/** An SNS notification as delivered to SQS (raw message delivery off). */
export interface SnsEnvelope {
  readonly Type: string;
  readonly MessageId: string;
  readonly TopicArn: string;
  readonly Subject?: string;
  readonly Message: string;
  readonly MessageAttributes?: Record<string, { readonly Type: string; readonly Value: string }>;
}

/** Drains the queue: every envelope delivered since the last drain. */
export async function drainQueue(emulator: Emulator, region: string, queueUrl: string): Promise<SnsEnvelope[]> {
  const client = new SQSClient(clientOptions(emulator, region));
  const envelopes: SnsEnvelope[] = [];
  for (let round = 0; round < 50; round++) {
    const { Messages: messages = [] } = await client.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0, MessageAttributeNames: ['All'] }));
    if (messages.length === 0) break;
    envelopes.push(...messages.map((message) => JSON.parse(message.Body ?? '{}') as SnsEnvelope));
    await client.send(new DeleteMessageBatchCommand({ QueueUrl: queueUrl, Entries: messages.map((message, index) => ({ Id: String(index), ReceiptHandle: message.ReceiptHandle })) }));
  }
  return envelopes;
}

/** The state of every finding: Security Hub's view and the table's, by finding Id. */
export interface FindingView {
  readonly compliance: string | undefined;
  readonly record: string | undefined;
  readonly workflow: string | undefined;
  readonly updatedAt: string | undefined;
}

export interface Snapshot {
  readonly hub: ReadonlyMap<string, FindingView>;
  readonly table: ReadonlyMap<string, { readonly compliance: unknown; readonly record: unknown; readonly updatedAt: unknown }>;
}

export async function snapshot(emulator: Emulator, regions: readonly string[], table: { readonly region: string; readonly name: string }): Promise<Snapshot> {
  const hub = new Map<string, FindingView>();
  for (const region of regions) {
    for (const finding of await findingsIn(emulator, region)) {
      hub.set(finding.Id ?? '', { compliance: finding.Compliance?.Status, record: finding.RecordState, workflow: finding.Workflow?.Status, updatedAt: finding.UpdatedAt });
    }
  }
  const states = new Map<string, { compliance: unknown; record: unknown; updatedAt: unknown }>();
  for (const item of await tableItems(emulator, table.region, table.name)) {
    if (String(item['scope']).startsWith('run#')) continue;
    states.set(String(item['id']), { compliance: item['compliance'], record: item['recordState'], updatedAt: item['updatedAt'] });
  }
  return { hub, table: states };
}

/** `COMPLIANCE/RECORD[/WORKFLOW]`, or `none`. */
export const labelOf = (view: { compliance: unknown; record: unknown; workflow?: unknown } | undefined): string =>
  view === undefined ? 'none' : [view.compliance, view.record, view.workflow].filter((part) => part !== undefined).join('/');

/** `finding id → "before → after"` for every finding whose compliance, record state or workflow changed (or that appeared). */
export function moved(before: Snapshot, after: Snapshot): Record<string, string> {
  const label = labelOf;
  const changes: Record<string, string> = {};
  for (const [id, view] of after.hub) if (label(before.hub.get(id)) !== label(view)) changes[id] = `${label(before.hub.get(id))} → ${label(view)}`;
  for (const [id] of before.hub) if (!after.hub.has(id)) changes[id] = `${label(before.hub.get(id))} → none`;
  return changes;
}

/** The same, in the state table. */
export function movedStates(before: Snapshot, after: Snapshot): Record<string, string> {
  const label = (view: { compliance: unknown; record: unknown } | undefined) => (view === undefined ? 'none' : `${String(view.compliance)}/${String(view.record)}`);
  const changes: Record<string, string> = {};
  for (const [id, view] of after.table) if (label(before.table.get(id)) !== label(view)) changes[id] = `${label(before.table.get(id))} → ${label(view)}`;
  for (const [id] of before.table) if (!after.table.has(id)) changes[id] = `${label(before.table.get(id))} → none`;
  return changes;
}

/** Findings re-sent to Security Hub (UpdatedAt moved) without changing state. */
export function refreshed(before: Snapshot, after: Snapshot): string[] {
  return [...after.hub].filter(([id, view]) => before.hub.get(id) !== undefined && before.hub.get(id)?.updatedAt !== view.updatedAt).map(([id]) => id);
}
