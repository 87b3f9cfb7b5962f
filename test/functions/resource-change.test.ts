/**
 * resource-change over events of the real shapes: each kind narrows the scan to what the event
 * touched, and only those findings move.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, jest } from '@jest/globals';
import { BatchImportFindingsCommand, type AwsSecurityFinding } from '@aws-sdk/client-securityhub';
import { PublishCommand } from '@aws-sdk/client-sns';
import { createHandler } from '../../functions/resource-change.js';
import { logger } from '../../functions/lib/runtime.js';
import { item } from '../support/items.js';
import { context, mockPublishing, priorFinding, RecordingSource, testDependencies } from './support.js';

const fixtures = join(dirname(fileURLToPath(import.meta.url)), '..', 'inventory', 'events', 'fixtures');
const fixture = (name: string): Record<string, unknown> => JSON.parse(readFileSync(join(fixtures, `${name}.json`), 'utf8')) as Record<string, unknown>;
const ACCOUNT = '111122223333';
const REGION = 'eu-west-1';
const VOLUME = 'vol-0123456789abcdef0';
const INSTANCE = 'i-0abc1234def567890';

const { hub, sns } = mockPublishing();
const sent = (): AwsSecurityFinding[] => hub.commandCalls(BatchImportFindingsCommand).flatMap((call) => call.args[0].input.Findings ?? []);

const volume = (id: string, encrypted: boolean) =>
  item('AWS::EC2::Volume', id, { volumeId: id, encrypted, attachments: [{ instanceId: 'i-1', state: 'attached' }] }, { ARN: `arn:aws:ec2:${REGION}:${ACCOUNT}:volume/${id}` });

describe('resource-change', () => {
  it('evaluates the item a Config change carries without reading the resource again', async () => {
    const deps = testDependencies({ settings: { regions: [REGION] } });
    const live = new RecordingSource([volume(VOLUME, true), volume('vol-other', false)]);
    const outcome = await createHandler(deps, { live: () => live })(fixture('config-item-change'), context);
    expect(outcome).toMatchObject({ status: 'done', kind: 'evaluate', origin: 'config:ConfigurationItemChangeNotification' });
    expect(live.types()).not.toContain('AWS::EC2::Volume');
    // Only the changed volume's findings can move: the other (unencrypted) volume was not looked at.
    expect(sent().every((finding) => finding.Resources?.[0]?.Id === `arn:aws:ec2:${REGION}:${ACCOUNT}:volume/${VOLUME}`)).toBe(true);
  });

  it('re-reads the resource of an oversized Config item, and judges nothing else', async () => {
    const deps = testDependencies({ settings: { regions: [REGION] } });
    const live = new RecordingSource([]);
    const outcome = await createHandler(deps, { live: () => live })(fixture('config-oversized'), context);
    expect(outcome).toMatchObject({ status: 'done', kind: 'reread' });
    expect(live.types()).toContain('AWS::EC2::Instance');
    expect(live.types()).not.toContain('AWS::S3::Bucket');
  });

  it('archives the findings of a deleted resource, and only those', async () => {
    const deps = testDependencies({ settings: { regions: [REGION] } });
    const instanceArn = `arn:aws:ec2:${REGION}:${ACCOUNT}:instance/${INSTANCE}`;
    await deps.store.save([priorFinding('ec2-instance-in-private-subnet', instanceArn), priorFinding('ebs-volume-encrypted', `arn:aws:ec2:${REGION}:${ACCOUNT}:volume/${VOLUME}`)]);
    const live = new RecordingSource([]);
    const outcome = await createHandler(deps, { live: () => live })(fixture('config-deleted'), context);
    expect(outcome).toMatchObject({ status: 'done', kind: 'deleted' });
    expect(live.requests).toHaveLength(0);
    expect(sent().map((finding) => [finding.Id, finding.RecordState])).toEqual([[`gatewatch/ec2-instance-in-private-subnet/${ACCOUNT}/${REGION}/${instanceArn}`, 'ARCHIVED']]);
    expect(deps.store.all().find((state) => state.ruleId === 'ebs-volume-encrypted')?.recordState).toBe('ACTIVE');
  });

  it('re-reads what a CloudTrail call created, imports its failures and alerts them', async () => {
    const deps = testDependencies({ settings: { regions: [REGION], alerts: { minSeverity: 'LOW' } } });
    const live = new RecordingSource([volume(VOLUME, false), volume('vol-other', false)]);
    const outcome = await createHandler(deps, { live: () => live })(fixture('cloudtrail-ec2-create-volume'), context);
    expect(outcome).toMatchObject({ status: 'done', kind: 'reread', origin: expect.stringContaining('CreateVolume') });
    const ids = new Set(sent().map((finding) => finding.Resources?.[0]?.Id));
    expect([...ids]).toEqual([`arn:aws:ec2:${REGION}:${ACCOUNT}:volume/${VOLUME}`]);
    expect(sent().some((finding) => finding.GeneratorId === 'gatewatch/ebs-volume-encrypted' && finding.Compliance?.Status === 'FAILED')).toBe(true);
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 1);
  });

  it('finds a re-read resource by type and id when its ARN is not the one the event implied', async () => {
    const deps = testDependencies({ settings: { regions: [REGION] } });
    const odd = item('AWS::EC2::Volume', VOLUME, { volumeId: VOLUME, encrypted: false, attachments: [{ instanceId: 'i-1', state: 'attached' }] }, { ARN: `arn:aws-test:ec2:${REGION}:${ACCOUNT}:volume/${VOLUME}` });
    await createHandler(deps, { live: () => new RecordingSource([odd, volume('vol-other', false)]) })(fixture('cloudtrail-ec2-create-volume'), context);
    expect([...new Set(sent().map((finding) => finding.Resources?.[0]?.Id))]).toEqual([`arn:aws-test:ec2:${REGION}:${ACCOUNT}:volume/${VOLUME}`]);
  });

  it('re-scans the private-network gate of the Region after a route change, archiving what the full scope no longer shows', async () => {
    const deps = testDependencies({ settings: { regions: [REGION] } });
    const gone = `arn:aws:ec2:${REGION}:${ACCOUNT}:instance/i-gone`;
    await deps.store.save([priorFinding('ec2-instance-in-private-subnet', gone)]);
    const live = new RecordingSource([]);
    const outcome = await createHandler(deps, { live: () => live })(fixture('cloudtrail-ec2-create-route'), context);
    expect(outcome).toMatchObject({ status: 'done', kind: 'rescan' });
    expect(live.types()).toEqual(expect.arrayContaining(['AWS::EC2::Instance', 'AWS::EC2::RouteTable', 'AWS::EC2::Subnet']));
    expect(live.types()).not.toContain('AWS::IAM::Role');
    expect(sent().map((finding) => [finding.Id, finding.RecordState])).toEqual([[`gatewatch/ec2-instance-in-private-subnet/${ACCOUNT}/${REGION}/${gone}`, 'ARCHIVED']]);
  });

  it('re-scans IAM alone after a policy change', async () => {
    const deps = testDependencies({ settings: { regions: [REGION] } });
    const live = new RecordingSource([]);
    const outcome = await createHandler(deps, { live: () => live })(fixture('cloudtrail-iam-put-role-policy'), context);
    expect(outcome).toMatchObject({ status: 'done', kind: 'rescan' });
    expect(live.types().every((type) => type.startsWith('AWS::IAM::'))).toBe(true);
    expect(live.types().length).toBeGreaterThan(0);
  });

  it('re-scans least privilege after a credential change, passing the call\'s time so an older credential report is not judged', async () => {
    const deps = testDependencies({ settings: { regions: [REGION] } });
    const live = new RecordingSource([]);
    const outcome = await createHandler(deps, { live: () => live })(fixture('cloudtrail-iam-deactivate-mfa-device'), context);
    expect(outcome).toMatchObject({ status: 'done', kind: 'rescan' });
    expect(live.types()).toEqual(expect.arrayContaining(['AWS::IAM::RootUser', 'AWS::IAM::User']));
    expect(live.requests.map((request) => request.credentialsChangedAt?.toISOString())).toEqual(['2026-03-02T10:16:02.000Z']);
  });

  it('passes no change time for a policy change, whose credential report is as current as the nightly one', async () => {
    const deps = testDependencies({ settings: { regions: [REGION] } });
    const live = new RecordingSource([]);
    await createHandler(deps, { live: () => live })(fixture('cloudtrail-iam-put-role-policy'), context);
    expect(live.requests.map((request) => request.credentialsChangedAt)).toEqual([undefined]);
  });

  it('ignores a failed call and an unmapped one, and rejects a malformed event, without touching AWS', async () => {
    const deps = testDependencies();
    const live = new RecordingSource([]);
    const handler = createHandler(deps, { live: () => live });
    expect(await handler(fixture('cloudtrail-ec2-run-instances-failed'), context)).toMatchObject({ status: 'ignored' });
    expect(await handler(fixture('cloudtrail-ec2-create-key-pair'), context)).toMatchObject({ status: 'ignored' });
    expect(await handler({ ...fixture('config-item-change'), detail: 'oops' }, context)).toMatchObject({ status: 'rejected', reason: expect.stringContaining('detail') });
    expect(await handler('not an event', context)).toMatchObject({ status: 'rejected' });
    expect(live.requests).toHaveLength(0);
    expect(hub).toHaveReceivedCommandTimes(BatchImportFindingsCommand, 0);
  });

  it.each<[string, string, (event: Record<string, unknown>) => void, RegExp]>([
    [
      'a Config item of another account than the event',
      'config-item-change',
      (event) => {
        event['account'] = '444455556666';
      },
      /^detail\.configurationItem\.awsAccountId: 111122223333 is not the event's account 444455556666/,
    ],
    [
      'a Config item whose Region is a path',
      'config-item-change',
      (event) => {
        (event['detail'] as { configurationItem: Record<string, unknown> }).configurationItem['awsRegion'] = '../../x';
      },
      /^detail\.configurationItem\.awsRegion: expected a Region name such as eu-west-1, got "\.\.\/\.\.\/x"$/,
    ],
    [
      'a CloudTrail call received by another account than the event',
      'cloudtrail-ec2-create-volume',
      (event) => {
        (event['detail'] as Record<string, unknown>)['recipientAccountId'] = '444455556666';
      },
      /^detail\.recipientAccountId: 444455556666 is not the event's account 111122223333/,
    ],
  ])('rejects %s — logged, answered, never thrown (so never retried) — and touches no account', async (_, name, edit, reason) => {
    const deps = testDependencies({ settings: { regions: [REGION] } });
    const live = new RecordingSource([volume(VOLUME, false)]);
    const logged = jest.spyOn(logger, 'error').mockImplementation(() => undefined);
    try {
      const event = fixture(name);
      edit(event);
      const outcome = await createHandler(deps, { live: () => live })(event, context);
      expect(outcome).toEqual({ status: 'rejected', reason: expect.stringMatching(reason) });
      expect(logged).toHaveBeenCalledWith('change event rejected', { reason: expect.stringMatching(reason) });
    } finally {
      logged.mockRestore();
    }
    expect(deps.accountsAsked).toEqual([]);
    expect(live.requests).toHaveLength(0);
    expect(hub).toHaveReceivedCommandTimes(BatchImportFindingsCommand, 0);
  });

  it("throws, publishing nothing, when a member account's credentials read another account", async () => {
    const deps = testDependencies({ settings: { regions: [REGION] } });
    const event = fixture('cloudtrail-ec2-create-volume');
    const member = { ...event, account: '444455556666', detail: { ...(event['detail'] as Record<string, unknown>), recipientAccountId: '444455556666' } };
    await expect(createHandler(deps, { live: () => new RecordingSource([volume(VOLUME, false)]) })(member, context)).rejects.toThrow(/the credentials for account 444455556666 read account 111122223333/);
    expect(deps.accountsAsked).toEqual(['444455556666']);
    expect(hub).toHaveReceivedCommandTimes(BatchImportFindingsCommand, 0);
  });

  it('throws when its findings cannot be synced, so Lambda retries the event and then dead-letters it', async () => {
    const deps = testDependencies({ settings: { regions: [REGION] } });
    deps.store.get = async () => Promise.reject(new Error('ProvisionedThroughputExceededException'));
    await expect(createHandler(deps, { live: () => new RecordingSource([]) })(fixture('config-item-change'), context)).rejects.toThrow(/cannot read the finding states/);
  });
});
