/**
 * `gatewatch scan --publish --state dynamodb:TABLE` against moto: the seeded account published to
 * moto's Security Hub (both Regions; global resources to the home Region, eu-west-1) with the
 * finding lifecycle kept in a DynamoDB table created with the state store's own key schema.
 *
 * 1. Two publishes of the same account: the same finding Ids, CreatedAt kept, UpdatedAt moved; the
 *    exempted failure is SUPPRESSED once through BatchUpdateFindings, with its note.
 * 2. One thing fixed in place (a subnet stops auto-assigning public IPs) and one resource deleted
 *    (an SNS topic): the next publish sends the fixed finding as PASSED and the deleted one as
 *    ARCHIVED — in Security Hub (read back with GetFindings) and in the DynamoDB states.
 *
 * The CLI's Kinesis client speaks HTTP/2, which moto does not (support/clients.ts): these runs
 * leave out the two rules that read Kinesis streams (kinesis-stream-encrypted and the tagging rule).
 * Security Hub's BatchUpdateFindings, which moto lacks, comes from the launcher's patch
 * service_securityhub_batch_update_findings.py.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateTableCommand, DynamoDBClient, ScanCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { EC2Client, ModifySubnetAttributeCommand } from '@aws-sdk/client-ec2';
import { DeleteTopicCommand, SNSClient } from '@aws-sdk/client-sns';
import { EnableSecurityHubCommand, GetFindingsCommand, SecurityHubClient, type AwsSecurityFinding } from '@aws-sdk/client-securityhub';
import { FINDING_STATE_ATTRIBUTE_DEFINITIONS, FINDING_STATE_KEY_SCHEMA } from '../../findings/dynamodb-state-store.js';
import { findingId } from '../../findings/asff.js';
import { isOpenFailure, type Evaluation, type ScanResult } from '../../engine/result.js';
import { startMoto, type MotoServer } from './support/moto-server.js';
import { seedClients, useEnvironment } from './support/clients.js';
import { seedAccount, type Seed } from './support/seed.js';
import { REGIONS } from './support/registry.js';
import { SCAN_SETTINGS } from './support/expected-verdicts.js';
import { runCli, type CliRun } from './support/cli.js';
import { gatewatchCalls } from './support/api-calls.js';

const HOME_REGION = 'eu-west-1';
const TABLE = 'gatewatch-findings';
const LEGACY_DB = 'arn:aws:rds:eu-west-1:123456789012:db:legacy';
const EXEMPTION_REASON = 'public endpoint of the partner integration, closing with ticket OPS-1234';
/** Within the settings' exemption horizon (a year from the scan) whenever the suite runs. */
const EXEMPTION_EXPIRES = new Date(Date.now() + 180 * 86_400_000).toISOString().slice(0, 10);

/** The suite's scan settings, without the two rules that read Kinesis streams, with one exemption. */
const PUBLISH_SETTINGS = {
  ...SCAN_SETTINGS,
  rules: { ...SCAN_SETTINGS.rules, 'kinesis-stream-encrypted': { enabled: false }, 'resource-required-tags': { enabled: false } },
  exemptions: [{ rule: 'rds-instance-not-publicly-accessible', resource: LEGACY_DB, reason: EXEMPTION_REASON, expires: EXEMPTION_EXPIRES }],
};

let moto: MotoServer;
let restoreEnvironment: (() => void) | undefined;
let env: Record<string, string>;
let seed: Seed;
let scratch: string;

interface Publish {
  readonly run: CliRun;
  readonly result: ScanResult;
  /** Security Hub and DynamoDB calls of the run, as moto recorded them. */
  readonly calls: Record<string, number>;
}

let runs = 0;
async function publish(): Promise<Publish> {
  runs += 1;
  const report = join(scratch, `report-${runs}.json`);
  await moto.startRecording();
  const run = await runCli(
    ['scan', '--publish', '--state', `dynamodb:${TABLE}`, '--regions', REGIONS.join(','), '--settings', join(scratch, 'settings.json'), '--format', 'json', '--output', report],
    env,
  );
  const calls = Object.fromEntries(Object.entries(gatewatchCalls(await moto.recording())).filter(([key]) => key.startsWith('securityhub:') || key.startsWith('dynamodb:BatchWrite') || key.startsWith('dynamodb:Query')));
  return { run, result: JSON.parse(readFileSync(report, 'utf8')) as ScanResult, calls };
}

/** Every finding of a Region's hub, by Id (moto's GetFindings ignores Filters: read them all). */
async function findings(region: string): Promise<Map<string, AwsSecurityFinding>> {
  const hub = seedClients(SecurityHubClient, region);
  const all = new Map<string, AwsSecurityFinding>();
  let NextToken: string | undefined;
  do {
    const page = await hub.send(new GetFindingsCommand({ MaxResults: 100, ...(NextToken === undefined ? {} : { NextToken }) }));
    for (const finding of page.Findings ?? []) all.set(finding.Id ?? '', finding);
    NextToken = page.NextToken ?? undefined;
  } while (NextToken !== undefined && NextToken !== '');
  return all;
}

async function allFindings(): Promise<Map<string, AwsSecurityFinding>> {
  const [eu, us] = await Promise.all(REGIONS.map(findings));
  return new Map([...(eu ?? []), ...(us ?? [])]);
}

/** The DynamoDB states by finding Id. */
async function states(): Promise<Map<string, Record<string, AttributeValue>>> {
  const dynamodb = seedClients(DynamoDBClient, HOME_REGION);
  const items = new Map<string, Record<string, AttributeValue>>();
  let ExclusiveStartKey: Record<string, AttributeValue> | undefined;
  do {
    const page = await dynamodb.send(new ScanCommand({ TableName: TABLE, ...(ExclusiveStartKey === undefined ? {} : { ExclusiveStartKey }) }));
    for (const item of page.Items ?? []) items.set(item['id']?.S ?? '', item);
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey !== undefined);
  return items;
}

/** The finding Id of one seeded resource under one rule, from a scan's evaluations. */
function idOf(result: ScanResult, ruleId: string, key: string): string {
  const resource = seed.registry.get(key);
  const evaluation = result.evaluations.find((candidate) => candidate.ruleId === ruleId && candidate.resource.type === resource.type && candidate.resource.id === resource.id);
  if (evaluation === undefined) throw new Error(`no ${ruleId} evaluation of ${key}`);
  return findingId(ruleId, evaluation.resource);
}

const failureIds = (result: ScanResult): string[] =>
  result.evaluations.filter((evaluation: Evaluation) => evaluation.status === 'FAIL').map((evaluation) => findingId(evaluation.ruleId, evaluation.resource)).sort();

beforeAll(async () => {
  moto = await startMoto();
  env = moto.env(HOME_REGION);
  restoreEnvironment = useEnvironment(env);
  scratch = mkdtempSync(join(tmpdir(), 'gatewatch-e2e-publish-'));
  writeFileSync(join(scratch, 'settings.json'), JSON.stringify(PUBLISH_SETTINGS));
  seed = await seedAccount(seedClients);
  await seedClients(DynamoDBClient, HOME_REGION).send(
    new CreateTableCommand({
      TableName: TABLE,
      KeySchema: [...FINDING_STATE_KEY_SCHEMA],
      AttributeDefinitions: [...FINDING_STATE_ATTRIBUTE_DEFINITIONS],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
  for (const region of REGIONS) await seedClients(SecurityHubClient, region).send(new EnableSecurityHubCommand({ EnableDefaultStandards: false }));
});

afterAll(async () => {
  restoreEnvironment?.();
  await moto?.stop();
  if (scratch !== undefined) rmSync(scratch, { recursive: true, force: true });
});

describe('gatewatch scan --publish --state dynamodb:TABLE against moto', () => {
  let first: Publish;
  let second: Publish;
  let before: Map<string, AwsSecurityFinding>;

  it('publishes every failure once, suppresses the exempted one, and sends nothing again on a second run', async () => {
    first = await publish();
    expect(first.run.stderr).not.toMatch(/error|not accepted|not saved/i);
    expect(first.run.code).toBe(1);
    const failing = failureIds(first.result);
    expect(failing.length).toBeGreaterThan(50);
    expect(first.run.stderr).toContain(`gatewatch: published — ${failing.length} new, 0 still failing, 0 resolved, 0 archived; ${failing.length} findings and 1 workflow updates accepted by Security Hub`);

    before = await allFindings();
    expect([...before.keys()].sort()).toEqual(failing);
    for (const finding of before.values()) {
      expect(finding.Compliance?.Status).toBe('FAILED');
      expect(finding.RecordState).toBe('ACTIVE');
      // Global resources (IAM, CloudFront) go to the home Region's hub; the rest to their own.
      const region = finding.Resources?.[0]?.Region ?? HOME_REGION;
      expect(finding.ProductArn).toBe(`arn:aws:securityhub:${region}:123456789012:product/123456789012/default`);
    }
    const exempted = before.get(idOf(first.result, 'rds-instance-not-publicly-accessible', 'eu:db-legacy'));
    expect(exempted?.Workflow?.Status).toBe('SUPPRESSED');
    expect(exempted?.Note?.Text).toContain(EXEMPTION_REASON);
    expect(first.calls['securityhub:BatchUpdateFindings']).toBe(1);
    // One import request per hub Region per 100 findings.
    const perHub = new Map<string, number>();
    for (const finding of before.values()) perHub.set(finding.Region ?? '', (perHub.get(finding.Region ?? '') ?? 0) + 1);
    expect(first.calls['securityhub:BatchImportFindings']).toBe([...perHub.values()].reduce((sum, count) => sum + Math.ceil(count / 100), 0));

    second = await publish();
    expect(second.run.code).toBe(1);
    // Nothing changed and the findings are fresh (securityHub.refreshDays): nothing is imported again.
    expect(second.run.stderr).toContain(`gatewatch: published — 0 new, ${failing.length} still failing, 0 resolved, 0 archived; 0 findings and 0 workflow updates accepted by Security Hub`);
    expect(second.calls['securityhub:BatchUpdateFindings']).toBeUndefined();
    expect(second.calls['securityhub:BatchImportFindings']).toBeUndefined();
    const after = await allFindings();
    expect([...after.keys()].sort()).toEqual(failing);
    for (const [id, finding] of after) {
      const earlier = before.get(id);
      expect(finding.CreatedAt).toBe(earlier?.CreatedAt);
      expect(finding.FirstObservedAt).toBe(earlier?.FirstObservedAt);
      expect(finding.UpdatedAt).toBe(earlier?.UpdatedAt);
      expect(finding.Workflow).toEqual(earlier?.Workflow);
    }
    // Every failure has its state, FAILED and ACTIVE, created when first published.
    const kept = await states();
    for (const id of failing) {
      expect({ id, compliance: kept.get(id)?.['compliance']?.S, recordState: kept.get(id)?.['recordState']?.S, createdAt: kept.get(id)?.['createdAt']?.S }).toEqual({
        id,
        compliance: 'FAILED',
        recordState: 'ACTIVE',
        createdAt: before.get(id)?.CreatedAt,
      });
    }
  });

  it('sends a fixed failure as PASSED and a deleted resource’s finding as ARCHIVED', async () => {
    const subnet = idOf(second.result, 'ec2-subnet-no-auto-public-ip', 'eu:subnet-public-a');
    const topic = idOf(second.result, 'sns-topic-encrypted', 'eu:topic-alerts-plain');
    await seedClients(EC2Client, 'eu-west-1').send(new ModifySubnetAttributeCommand({ SubnetId: seed.registry.get('eu:subnet-public-a').id, MapPublicIpOnLaunch: { Value: false } }));
    await seedClients(SNSClient, 'eu-west-1').send(new DeleteTopicCommand({ TopicArn: seed.registry.get('eu:topic-alerts-plain').id }));

    const third = await publish();
    expect(third.run.code).toBe(1);
    const failing = failureIds(second.result).length;
    // Only the transitions are imported: the fixed subnet's PASSED, the deleted topic's ARCHIVED.
    expect(third.run.stderr).toContain(`gatewatch: published — 0 new, ${failing - 2} still failing, 2 resolved, 1 archived; 2 findings and 0 workflow updates accepted by Security Hub`);
    expect(third.result.evaluations.filter(isOpenFailure).length).toBe(failing - 3);

    const hub = await allFindings();
    expect(hub.size).toBe(failing);
    expect({ compliance: hub.get(subnet)?.Compliance?.Status, recordState: hub.get(subnet)?.RecordState }).toEqual({ compliance: 'PASSED', recordState: 'ACTIVE' });
    expect(hub.get(topic)?.RecordState).toBe('ARCHIVED');
    for (const [id, finding] of hub) {
      expect(finding.CreatedAt).toBe(before.get(id)?.CreatedAt);
      if (id !== subnet && id !== topic) expect({ id, compliance: finding.Compliance?.Status, recordState: finding.RecordState }).toEqual({ id, compliance: 'FAILED', recordState: 'ACTIVE' });
    }

    const kept = await states();
    expect({ compliance: kept.get(subnet)?.['compliance']?.S, recordState: kept.get(subnet)?.['recordState']?.S }).toEqual({ compliance: 'PASSED', recordState: 'ACTIVE' });
    expect(kept.get(topic)?.['recordState']?.S).toBe('ARCHIVED');
  });
});
