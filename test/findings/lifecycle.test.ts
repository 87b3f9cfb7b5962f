/**
 * The finding lifecycle over successive scans — new, same, fixed, deleted, exempted, exemption
 * expired, incomplete scope, UNKNOWN — asserting exactly what is sent to Security Hub and SNS
 * each time.
 */
import { afterAll, beforeEach, describe, expect, it } from '@jest/globals';
import { mockClient } from 'aws-sdk-client-mock';
import { BatchImportFindingsCommand, BatchUpdateFindingsCommand, SecurityHubClient, type AwsSecurityFinding } from '@aws-sdk/client-securityhub';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { scan } from '../../engine/scan.js';
import { parseSettings } from '../../engine/settings.js';
import type { ScanResult } from '../../engine/result.js';
import { MemoryStateStore } from '../../findings/memory-state-store.js';
import { EXEMPTION_ENDED_NOTE } from '../../findings/lifecycle.js';
import { publishFindings, type PublishReport } from '../../findings/publish.js';
import type { AnyConfigurationItem } from '../../model/configuration-item.js';
import type { Collection, CollectionError, Source } from '../../inventory/source.js';
import { defineRule } from '../../rules/lib/define-rule.js';
import type { AnyRule } from '../../rules/lib/types.js';
import { ACCOUNT, REGION, item } from '../support/items.js';
import { acceptEverything, instantPublishing } from '../support/security-hub.js';

const volumeRule = defineRule({
  meta: {
    id: 'test-volume-encrypted',
    gate: 'encryption',
    title: 'Test volumes are encrypted',
    severity: 'HIGH',
    priority: 'P1',
    resourceTypes: ['AWS::EC2::Volume'],
    controls: ['EC2.3'],
    remediation: { text: 'Encrypt the volume by copying a snapshot.', url: 'https://docs.aws.amazon.com/ebs/latest/userguide/ebs-encryption.html' },
    messages: { ok: '{{id}} is encrypted', bad: '{{id}} is not encrypted', odd: '{{id}} cannot be judged' },
  },
  check(volume, context) {
    if (volume.resourceId === 'vol-odd') return context.unknown('odd', { id: volume.resourceId });
    return volume.configuration.encrypted === true ? context.pass('ok', { id: volume.resourceId }) : context.fail('bad', { id: volume.resourceId });
  },
});
const catalog: readonly AnyRule[] = [volumeRule];

const volume = (id: string, encrypted: boolean) => item('AWS::EC2::Volume', id, { volumeId: id, encrypted });
const arn = (id: string) => `arn:aws:test:${REGION}:${ACCOUNT}:volume/${id}`;
const idOf = (volumeId: string) => `gatewatch/test-volume-encrypted/${ACCOUNT}/${REGION}/${arn(volumeId)}`;
const PRODUCT = `arn:aws:securityhub:${REGION}:${ACCOUNT}:product/${ACCOUNT}/default`;

class FixedSource implements Source {
  readonly description = 'test';
  constructor(
    private readonly items: readonly AnyConfigurationItem[],
    private readonly errors: readonly CollectionError[] = [],
  ) {}
  async collect(): Promise<Collection> {
    return { items: this.items, scopes: [{ accountId: ACCOUNT, region: REGION }], errors: this.errors };
  }
}

const hub = mockClient(SecurityHubClient);
const sns = mockClient(SNSClient);
afterAll(() => {
  hub.restore();
  sns.restore();
});

const store = new MemoryStateStore();
const EXEMPTION = { rule: 'test-volume-encrypted', resource: arn('vol-c'), reason: 'Migration ticket SEC-9', expires: '2026-12-31' };

async function run(day: string, items: readonly AnyConfigurationItem[], options: { exemptions?: unknown[]; errors?: CollectionError[] } = {}): Promise<{ result: ScanResult; report: PublishReport }> {
  hub.reset();
  sns.reset();
  acceptEverything(hub);
  sns.on(PublishCommand).resolves({ MessageId: 'm-1' });
  const now = () => new Date(`${day}T03:00:00.000Z`);
  const settings = parseSettings({ exemptions: options.exemptions ?? [] }, catalog);
  const result = await scan({ regions: [REGION] }, new FixedSource(items, options.errors), settings, catalog, { now });
  const report = await publishFindings(result, instantPublishing(store, catalog, now));
  return { result, report };
}

/** Every finding imported in this step, in order. */
function imported(): AwsSecurityFinding[] {
  return hub.commandCalls(BatchImportFindingsCommand).flatMap((call) => call.args[0].input.Findings ?? []);
}
const brief = (finding: AwsSecurityFinding) => ({ Id: finding.Id, Status: finding.Compliance?.Status, RecordState: finding.RecordState, CreatedAt: finding.CreatedAt, FirstObservedAt: finding.FirstObservedAt, UpdatedAt: finding.UpdatedAt });
const alerts = () => sns.commandCalls(PublishCommand).map((call) => JSON.parse(call.args[0].input.Message ?? '{}') as { content: { title: string; description: string } });

describe('the finding lifecycle over successive scans', () => {
  beforeEach(() => undefined);

  it('1. new failures are created and alerted once, a pass sends nothing', async () => {
    const { report } = await run('2026-11-01', [volume('vol-a', false), volume('vol-b', true), volume('vol-c', false)]);
    expect(imported().map(brief)).toEqual([
      { Id: idOf('vol-a'), Status: 'FAILED', RecordState: 'ACTIVE', CreatedAt: '2026-11-01T03:00:00.000Z', FirstObservedAt: '2026-11-01T03:00:00.000Z', UpdatedAt: '2026-11-01T03:00:00.000Z' },
      { Id: idOf('vol-c'), Status: 'FAILED', RecordState: 'ACTIVE', CreatedAt: '2026-11-01T03:00:00.000Z', FirstObservedAt: '2026-11-01T03:00:00.000Z', UpdatedAt: '2026-11-01T03:00:00.000Z' },
    ]);
    expect(hub).toHaveReceivedCommandTimes(BatchUpdateFindingsCommand, 0);
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 1);
    expect(alerts()[0]?.content.title).toBe(`gatewatch: 2 new failures in ${ACCOUNT} ${REGION}`);
    expect(alerts()[0]?.content.description).toContain('vol-a is not encrypted');
    expect(alerts()[0]?.content.description).toContain('vol-c is not encrypted');
    expect(report.transitions).toEqual({ newFailures: 2, stillFailing: 0, resolved: 0, archived: 0, held: 0 });
    expect(report.errors).toEqual([]);
  });

  it('2. the same failures are refreshed: UpdatedAt moves, CreatedAt and FirstObservedAt stay; no alert', async () => {
    const { report } = await run('2026-11-02', [volume('vol-a', false), volume('vol-b', true), volume('vol-c', false)]);
    expect(imported().map(brief)).toEqual([
      { Id: idOf('vol-a'), Status: 'FAILED', RecordState: 'ACTIVE', CreatedAt: '2026-11-01T03:00:00.000Z', FirstObservedAt: '2026-11-01T03:00:00.000Z', UpdatedAt: '2026-11-02T03:00:00.000Z' },
      { Id: idOf('vol-c'), Status: 'FAILED', RecordState: 'ACTIVE', CreatedAt: '2026-11-01T03:00:00.000Z', FirstObservedAt: '2026-11-01T03:00:00.000Z', UpdatedAt: '2026-11-02T03:00:00.000Z' },
    ]);
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 0);
    expect(report.transitions).toEqual({ newFailures: 0, stillFailing: 2, resolved: 0, archived: 0, held: 0 });
  });

  it('3. a fixed resource sends PASSED once', async () => {
    await run('2026-11-03', [volume('vol-a', true), volume('vol-b', true), volume('vol-c', false)]);
    expect(imported().map(brief)).toEqual([
      { Id: idOf('vol-a'), Status: 'PASSED', RecordState: 'ACTIVE', CreatedAt: '2026-11-01T03:00:00.000Z', FirstObservedAt: '2026-11-01T03:00:00.000Z', UpdatedAt: '2026-11-03T03:00:00.000Z' },
      { Id: idOf('vol-c'), Status: 'FAILED', RecordState: 'ACTIVE', CreatedAt: '2026-11-01T03:00:00.000Z', FirstObservedAt: '2026-11-01T03:00:00.000Z', UpdatedAt: '2026-11-03T03:00:00.000Z' },
    ]);
    // Passing again is not news: only the failure is refreshed.
    await run('2026-11-04', [volume('vol-a', true), volume('vol-b', true), volume('vol-c', false)]);
    expect(imported().map((finding) => finding.Id)).toEqual([idOf('vol-c')]);
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 0);
  });

  it('4. a deleted resource is archived; an exempted failure is suppressed with its reason and expiry', async () => {
    const { report } = await run('2026-11-05', [volume('vol-b', true), volume('vol-c', false)], { exemptions: [EXEMPTION] });
    expect(imported().map(brief)).toEqual([
      { Id: idOf('vol-c'), Status: 'FAILED', RecordState: 'ACTIVE', CreatedAt: '2026-11-01T03:00:00.000Z', FirstObservedAt: '2026-11-01T03:00:00.000Z', UpdatedAt: '2026-11-05T03:00:00.000Z' },
      { Id: idOf('vol-a'), Status: 'PASSED', RecordState: 'ARCHIVED', CreatedAt: '2026-11-01T03:00:00.000Z', FirstObservedAt: '2026-11-01T03:00:00.000Z', UpdatedAt: '2026-11-05T03:00:00.000Z' },
    ]);
    expect(imported().every((finding) => finding.Workflow === undefined && finding.Note === undefined)).toBe(true);
    expect(hub).toHaveReceivedCommandTimes(BatchUpdateFindingsCommand, 1);
    expect(hub).toHaveReceivedCommandWith(BatchUpdateFindingsCommand, {
      FindingIdentifiers: [{ Id: idOf('vol-c'), ProductArn: PRODUCT }],
      Workflow: { Status: 'SUPPRESSED' },
      Note: { Text: 'Exempted in gatewatch settings: Migration ticket SEC-9, until 2026-12-31', UpdatedBy: 'gatewatch' },
    });
    expect(report.transitions.archived).toBe(1);
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 0);
  });

  it('5. an unchanged exemption is not sent again', async () => {
    await run('2026-11-06', [volume('vol-b', true), volume('vol-c', false)], { exemptions: [EXEMPTION] });
    expect(imported().map((finding) => finding.Id)).toEqual([idOf('vol-c')]);
    expect(hub).toHaveReceivedCommandTimes(BatchUpdateFindingsCommand, 0);
  });

  it('6. when the exemption expires the finding returns to NEW (and is not alerted twice)', async () => {
    await run('2027-01-02', [volume('vol-b', true), volume('vol-c', false)], { exemptions: [EXEMPTION] });
    expect(imported().map((finding) => finding.Id)).toEqual([idOf('vol-c')]);
    expect(hub).toHaveReceivedCommandTimes(BatchUpdateFindingsCommand, 1);
    expect(hub).toHaveReceivedCommandWith(BatchUpdateFindingsCommand, {
      FindingIdentifiers: [{ Id: idOf('vol-c'), ProductArn: PRODUCT }],
      Workflow: { Status: 'NEW' },
      Note: { Text: EXEMPTION_ENDED_NOTE, UpdatedBy: 'gatewatch' },
    });
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 0);
  });

  it('7. a scope that was not fully evaluated resolves and archives nothing', async () => {
    const listFailed: CollectionError = { accountId: ACCOUNT, region: REGION, service: 'ec2', operation: 'DescribeVolumes', code: 'AccessDenied', message: 'denied', resourceTypes: ['AWS::EC2::Volume'] };
    const { result, report } = await run('2027-01-03', [], { errors: [listFailed] });
    expect(result.completeness.every((entry) => !entry.complete)).toBe(true);
    expect(hub).toHaveReceivedCommandTimes(BatchImportFindingsCommand, 0);
    expect(hub).toHaveReceivedCommandTimes(BatchUpdateFindingsCommand, 0);
    expect(report.transitions).toEqual({ newFailures: 0, stillFailing: 0, resolved: 0, archived: 0, held: 1 });
  });

  it('8. UNKNOWN never changes a finding; a later FAIL of a fixed resource is a new, alerted episode', async () => {
    await run('2027-01-04', [volume('vol-c', false), item('AWS::EC2::Volume', 'vol-odd', { volumeId: 'vol-odd', encrypted: false })]);
    expect(imported().map((finding) => finding.Id)).toEqual([idOf('vol-c')]);
    // vol-a comes back unencrypted: its archived finding becomes active again, as a new failure.
    await run('2027-01-05', [volume('vol-a', false), volume('vol-c', false)]);
    expect(imported().map(brief)).toEqual([
      { Id: idOf('vol-a'), Status: 'FAILED', RecordState: 'ACTIVE', CreatedAt: '2026-11-01T03:00:00.000Z', FirstObservedAt: '2027-01-05T03:00:00.000Z', UpdatedAt: '2027-01-05T03:00:00.000Z' },
      { Id: idOf('vol-c'), Status: 'FAILED', RecordState: 'ACTIVE', CreatedAt: '2026-11-01T03:00:00.000Z', FirstObservedAt: '2026-11-01T03:00:00.000Z', UpdatedAt: '2027-01-05T03:00:00.000Z' },
    ]);
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 1);
    expect(alerts()[0]?.content.title).toBe(`gatewatch: 1 new failure in ${ACCOUNT} ${REGION}`);
  });
});
