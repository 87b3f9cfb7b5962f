/**
 * publishFindings beyond the happy path: deliveries that fail are recorded and sent again,
 * a Region without Security Hub is one clear error, alerts that fail are retried, exempted and
 * low-severity failures are not alerted, global findings go to the home Region.
 */
import { afterAll, describe, expect, it } from '@jest/globals';
import { mockClient } from 'aws-sdk-client-mock';
import { BatchImportFindingsCommand, BatchUpdateFindingsCommand, SecurityHubClient } from '@aws-sdk/client-securityhub';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { scan } from '../../engine/scan.js';
import { parseSettings } from '../../engine/settings.js';
import type { FindingState, FindingStateStore } from '../../findings/finding-state.js';
import { MemoryStateStore } from '../../findings/memory-state-store.js';
import { Pacer } from '../../aws/pacer.js';
import { publishFindings, type PublishOptions } from '../../findings/publish.js';
import { SecurityHubPublisher } from '../../findings/security-hub.js';
import type { AnyConfigurationItem } from '../../model/configuration-item.js';
import type { Collection, Source } from '../../inventory/source.js';
import { defineRule } from '../../rules/lib/define-rule.js';
import type { AnyRule } from '../../rules/lib/types.js';
import { ACCOUNT, REGION, item } from '../support/items.js';
import { awsError } from '../../testkit/live.js';
import { acceptEverything, instantPublishing } from '../support/security-hub.js';
import type { Severity } from '../../model/gates.js';

function volumeRule(id: string, severity: Severity) {
  return defineRule({
    meta: {
      id,
      gate: 'encryption',
      title: 'Test volumes are encrypted',
      severity,
      priority: 'P1',
      resourceTypes: ['AWS::EC2::Volume'],
      controls: [],
      remediation: { text: 'Encrypt it.', url: 'https://docs.aws.amazon.com/ebs/latest/userguide/ebs-encryption.html' },
      messages: { ok: 'encrypted', bad: 'not encrypted', na: 'not applicable' },
    },
    check(volume, context) {
      if (volume.tags['Skip'] === 'yes') return context.notApplicable('na');
      return volume.configuration.encrypted === true ? context.pass('ok') : context.fail('bad');
    },
  });
}
const roleRule = defineRule({
  meta: {
    id: 'test-role',
    gate: 'least-privilege',
    title: 'Test roles are fine',
    severity: 'CRITICAL',
    priority: 'P1',
    resourceTypes: ['AWS::IAM::Role'],
    controls: [],
    remediation: { text: 'Fix the role.', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles.html' },
    messages: { bad: 'role is bad' },
  },
  check(_role, context) {
    return context.fail('bad');
  },
});
const HIGH = volumeRule('test-high', 'HIGH');
const LOW = volumeRule('test-low', 'LOW');
const catalog: readonly AnyRule[] = [HIGH, LOW, roleRule];

const volume = (id: string, encrypted: boolean, tags: Record<string, string> = {}) => item('AWS::EC2::Volume', id, { volumeId: id, encrypted }, { tags });
const role = item('AWS::IAM::Role', 'AROA1', { roleName: 'app', roleId: 'AROA1', path: '/', arn: `arn:aws:iam::${ACCOUNT}:role/app`, assumeRolePolicyDocument: { Version: '2012-10-17', Statement: [] }, rolePolicyList: [], attachedManagedPolicies: [] }, { ARN: `arn:aws:iam::${ACCOUNT}:role/app` });

class FixedSource implements Source {
  readonly description = 'test';
  constructor(private readonly items: readonly AnyConfigurationItem[]) {}
  async collect(): Promise<Collection> {
    return { items: this.items, scopes: [{ accountId: ACCOUNT, region: REGION }], errors: [] };
  }
}

const hub = mockClient(SecurityHubClient);
const sns = mockClient(SNSClient);
afterAll(() => {
  hub.restore();
  sns.restore();
});
const acceptAll = () => acceptEverything(hub);

async function publishScan(day: string, items: readonly AnyConfigurationItem[], store: FindingStateStore, extra: Partial<PublishOptions> & { settings?: unknown } = {}) {
  const now = () => new Date(`${day}T03:00:00.000Z`);
  const settings = parseSettings(extra.settings ?? {}, catalog);
  const result = await scan({ regions: [REGION] }, new FixedSource(items), settings, catalog, { now });
  return publishFindings(result, {
    ...instantPublishing(store, catalog, now),
    ...extra,
  });
}
const idOf = (rule: string, volumeId: string) => `gatewatch/${rule}/${ACCOUNT}/${REGION}/arn:aws:test:${REGION}:${ACCOUNT}:volume/${volumeId}`;

describe('publishFindings', () => {
  it('records a finding Security Hub rejected and sends it again on the next scan, as new', async () => {
    hub.reset();
    sns.reset();
    hub.on(BatchImportFindingsCommand).resolves({ FailedCount: 1, SuccessCount: 0, FailedFindings: [{ Id: idOf('test-high', 'vol-a'), ErrorCode: 'InvalidInput', ErrorMessage: 'bad field' }] });
    sns.on(PublishCommand).resolves({ MessageId: 'm' });
    const store = new MemoryStateStore();
    const first = await publishScan('2026-11-01', [volume('vol-a', false)], store, { catalog: [HIGH] });
    expect(first.failed).toEqual([expect.objectContaining({ id: idOf('test-high', 'vol-a'), code: 'InvalidInput' })]);
    expect(first.errors.join('\n')).toMatch(/not accepted by Security Hub.*InvalidInput/);
    const kept = store.all().find((state) => state.id === idOf('test-high', 'vol-a'));
    expect(kept).toMatchObject({ compliance: undefined, failure: { code: 'InvalidInput', message: 'bad field' }, createdAt: '2026-11-01T03:00:00.000Z' });
    // The alert went out anyway: Security Hub's refusal does not silence the failure.
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 1);
    expect(kept?.alertedAt).toBe('2026-11-01T03:00:00.000Z');

    hub.reset();
    sns.reset();
    acceptAll();
    const second = await publishScan('2026-11-02', [volume('vol-a', false)], store, { catalog: [HIGH] });
    const sent = hub.commandCalls(BatchImportFindingsCommand).flatMap((call) => call.args[0].input.Findings ?? []);
    expect(sent.map((finding) => [finding.Id, finding.CreatedAt, finding.FirstObservedAt])).toEqual([[idOf('test-high', 'vol-a'), '2026-11-01T03:00:00.000Z', '2026-11-01T03:00:00.000Z']]);
    expect(second.transitions.newFailures).toBe(1);
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 0);
    expect(store.all()[0]).toMatchObject({ compliance: 'FAILED', failure: undefined });
  });

  it('reports one clear error for a Region without Security Hub, keeps nothing as delivered, and still alerts', async () => {
    hub.reset();
    sns.reset();
    hub.on(BatchImportFindingsCommand).rejects(awsError('InvalidAccessException', `Account ${ACCOUNT} is not subscribed to AWS Security Hub`));
    sns.on(PublishCommand).resolves({ MessageId: 'm' });
    const store = new MemoryStateStore();
    const report = await publishScan('2026-11-01', [volume('vol-a', false), volume('vol-b', false)], store, { catalog: [HIGH] });
    expect(hub).toHaveReceivedCommandTimes(BatchImportFindingsCommand, 1);
    expect(report.regionErrors).toHaveLength(1);
    expect(report.errors.filter((error) => error.includes(REGION))).toHaveLength(1);
    expect(report.errors[0]).toMatch(/Security Hub is not enabled in eu-west-1/);
    expect(report.imported).toBe(0);
    expect(store.all().every((state) => state.compliance === undefined && state.failure?.code === 'InvalidAccessException')).toBe(true);
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 1);
  });

  it('alerts again on the next scan when the alert could not be published', async () => {
    hub.reset();
    sns.reset();
    acceptAll();
    sns.on(PublishCommand).rejects(awsError('AuthorizationErrorException'));
    const store = new MemoryStateStore();
    const first = await publishScan('2026-11-01', [volume('vol-a', false)], store, { catalog: [HIGH] });
    expect(first.alertsSent).toBe(0);
    expect(first.errors.join('\n')).toMatch(/alert for 111122223333\/eu-west-1 not published.*AuthorizationErrorException/);
    expect(store.all()[0]?.alertedAt).toBeUndefined();

    sns.reset();
    sns.on(PublishCommand).resolves({ MessageId: 'm' });
    const second = await publishScan('2026-11-02', [volume('vol-a', false)], store, { catalog: [HIGH] });
    expect(second.alertsSent).toBe(1);
    expect(second.transitions).toMatchObject({ newFailures: 0, stillFailing: 1 });
    expect(store.all()[0]?.alertedAt).toBe('2026-11-02T03:00:00.000Z');
  });

  it('does not alert exempted failures nor those under the alert severity, and suppresses a new exempted failure at once', async () => {
    hub.reset();
    sns.reset();
    acceptAll();
    const store = new MemoryStateStore();
    const exemption = { rule: 'test-high', resource: 'arn:aws:test:*:volume/vol-x', reason: 'accepted', expires: '2027-06-30' };
    const report = await publishScan('2026-11-01', [volume('vol-x', false), volume('vol-y', false)], store, { catalog: [HIGH, LOW], settings: { exemptions: [exemption] } });
    // HIGH vol-x (exempted) and vol-y, LOW vol-x and vol-y: four findings, one alert entry (HIGH vol-y).
    expect(hub.commandCalls(BatchImportFindingsCommand).flatMap((call) => call.args[0].input.Findings ?? [])).toHaveLength(4);
    expect(hub).toHaveReceivedCommandWith(BatchUpdateFindingsCommand, { FindingIdentifiers: [{ Id: idOf('test-high', 'vol-x'), ProductArn: `arn:aws:securityhub:${REGION}:${ACCOUNT}:product/${ACCOUNT}/default` }], Workflow: { Status: 'SUPPRESSED' } });
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 1);
    const alert = JSON.parse(sns.commandCalls(PublishCommand)[0]?.args[0].input.Message ?? '{}') as { content: { title: string; description: string } };
    expect(alert.content.title).toBe(`gatewatch: 1 new failure in ${ACCOUNT} ${REGION}`);
    expect(alert.content.description).toContain('test-high');
    expect(alert.content.description).not.toContain('test-low');
    expect(report.workflowUpdates).toBe(1);
    expect(store.all().find((state) => state.id === idOf('test-high', 'vol-x'))?.workflow).toEqual({ status: 'SUPPRESSED', note: 'Exempted in gatewatch settings: accepted, until 2027-06-30' });
  });

  it('archives a failed finding whose resource became NOT_APPLICABLE', async () => {
    hub.reset();
    sns.reset();
    acceptAll();
    sns.on(PublishCommand).resolves({ MessageId: 'm' });
    const store = new MemoryStateStore();
    await publishScan('2026-11-01', [volume('vol-a', false)], store, { catalog: [HIGH] });
    hub.reset();
    acceptAll();
    const report = await publishScan('2026-11-02', [volume('vol-a', false, { Skip: 'yes' })], store, { catalog: [HIGH] });
    const sent = hub.commandCalls(BatchImportFindingsCommand).flatMap((call) => call.args[0].input.Findings ?? []);
    expect(sent.map((finding) => [finding.Id, finding.RecordState, finding.UpdatedAt])).toEqual([[idOf('test-high', 'vol-a'), 'ARCHIVED', '2026-11-02T03:00:00.000Z']]);
    expect(report.transitions).toMatchObject({ resolved: 1, archived: 1 });
  });

  it('sends findings of global resources to the home Region hub, one alert thread for them', async () => {
    hub.reset();
    sns.reset();
    acceptAll();
    sns.on(PublishCommand).resolves({ MessageId: 'm' });
    const regionsAsked: string[] = [];
    const store = new MemoryStateStore();
    await publishScan('2026-11-01', [role], store, {
      catalog: [roleRule],
      hub: new SecurityHubPublisher({
        client: (region) => {
          regionsAsked.push(region);
          return new SecurityHubClient({ region });
        },
        pacer: new Pacer({ now: () => 0, sleep: async () => undefined }),
        sleep: async () => undefined,
      }),
    });
    expect([...new Set(regionsAsked)]).toEqual(['us-east-1']);
    const finding = hub.commandCalls(BatchImportFindingsCommand)[0]?.args[0].input.Findings?.[0];
    expect(finding?.ProductArn).toBe(`arn:aws:securityhub:us-east-1:${ACCOUNT}:product/${ACCOUNT}/default`);
    expect(sns).toHaveReceivedCommandWith(PublishCommand, { MessageAttributes: expect.objectContaining({ region: { DataType: 'String', StringValue: 'global' } }) as never });
  });

  it('without a hub keeps the lifecycle for alerts and sends nothing to Security Hub', async () => {
    hub.reset();
    sns.reset();
    sns.on(PublishCommand).resolves({ MessageId: 'm' });
    const store = new MemoryStateStore();
    const report = await publishScan('2026-11-01', [volume('vol-a', false)], store, { catalog: [HIGH], hub: undefined });
    expect(hub).toHaveReceivedCommandTimes(BatchImportFindingsCommand, 0);
    expect(report.imported).toBe(0);
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 1);
    await publishScan('2026-11-02', [volume('vol-a', false)], store, { catalog: [HIGH], hub: undefined });
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 1);
  });

  it('sends nothing when the states cannot be read, and says so', async () => {
    hub.reset();
    sns.reset();
    const broken: FindingStateStore = {
      description: 'dynamodb table t',
      load: async () => Promise.reject(new Error('ResourceNotFoundException')),
      loadRules: async () => Promise.reject(new Error('ResourceNotFoundException')),
      get: async () => Promise.reject(new Error('ResourceNotFoundException')),
      save: async () => undefined,
    };
    await expect(publishScan('2026-11-01', [volume('vol-a', false)], broken, { catalog: [HIGH] })).rejects.toThrow(/cannot read the finding states from dynamodb table t.*nothing was published/);
    expect(hub).toHaveReceivedCommandTimes(BatchImportFindingsCommand, 0);
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 0);
  });

  it('reports states it could not save', async () => {
    hub.reset();
    sns.reset();
    acceptAll();
    sns.on(PublishCommand).resolves({ MessageId: 'm' });
    const saved: FindingState[][] = [];
    const failing: FindingStateStore = {
      description: 'dynamodb table t',
      load: async () => [],
      loadRules: async () => [],
      get: async () => [],
      save: async (states) => {
        saved.push([...states]);
        throw new Error('2 of 2 records not written');
      },
    };
    const report = await publishScan('2026-11-01', [volume('vol-a', false)], failing, { catalog: [HIGH] });
    expect(saved).toHaveLength(1);
    expect(report.errors.join('\n')).toMatch(/finding states not saved to dynamodb table t: 2 of 2 records not written/);
  });
});
