/** `gatewatch scan --publish / --notify / --format asff` on the demo account, with mocked AWS. */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeEach, describe, expect, it } from '@jest/globals';
import { mockClient } from 'aws-sdk-client-mock';
import { BatchImportFindingsCommand, BatchUpdateFindingsCommand, SecurityHubClient, type AwsSecurityFinding } from '@aws-sdk/client-securityhub';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { main, type CliIo } from '../../cli/main.js';
import { awsError } from '../../testkit/live.js';
import { acceptEverything } from '../support/security-hub.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const DEMO = join(root, 'examples', 'demo-account.json');
const SETTINGS = join(root, 'examples', 'gatewatch.example.yaml');
const TOPIC = 'arn:aws:sns:eu-west-1:111122223333:gatewatch-alerts';
const dir = mkdtempSync(join(tmpdir(), 'gatewatch-publish-'));

const hub = mockClient(SecurityHubClient);
const sns = mockClient(SNSClient);
const sts = mockClient(STSClient);
afterAll(() => {
  hub.restore();
  sns.restore();
  sts.restore();
});
beforeEach(() => {
  hub.reset();
  sns.reset();
  acceptEverything(hub);
  sns.on(PublishCommand).resolves({ MessageId: 'm-1' });
  sts.reset();
  sts.on(GetCallerIdentityCommand).resolves({ Account: '111122223333' });
});

async function run(argv: string[], day = '2026-11-23') {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: { write: (text: string) => (stdout += text), isTTY: false },
    stderr: { write: (text: string) => (stderr += text), isTTY: false },
    env: { AWS_REGION: 'us-east-1', XDG_STATE_HOME: join(dir, 'xdg') },
    now: () => new Date(`${day}T12:00:00Z`),
    clients: (type, region) => new type({ region, credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' }, maxAttempts: 1 }),
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

const sent = (): AwsSecurityFinding[] => hub.commandCalls(BatchImportFindingsCommand).flatMap((call) => call.args[0].input.Findings ?? []);
const messages = () => sns.commandCalls(PublishCommand).map((call) => ({ attributes: call.args[0].input.MessageAttributes, body: JSON.parse(call.args[0].input.Message ?? '{}') as { content: { title: string }; metadata: { eventType: string } } }));

describe('gatewatch scan --publish --notify', () => {
  it('publishes every failure, alerts once per account × Region, sends the digest, and keeps the lifecycle in the state file', async () => {
    const state = join(dir, 'state.json');
    const first = await run(['scan', '--snapshot', DEMO, '--settings', SETTINGS, '--publish', '--notify', TOPIC, '--state', state, '--format', 'json', '--output', join(dir, 'report.json')]);
    expect(first.stderr).toMatch(/gatewatch: published — \d+ new, 0 still failing, 0 resolved, 0 archived; \d+ findings and 1 workflow updates accepted by Security Hub; \d+ alerts published/);
    const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as { evaluations: { status: string; resource: { id: string; accountId: string } }[] };
    // Only the caller's account: Security Hub refuses findings of other accounts.
    const failures = report.evaluations.filter((evaluation) => evaluation.status === 'FAIL' && evaluation.resource.accountId === '111122223333').length;
    expect(report.evaluations.some((evaluation) => evaluation.status === 'FAIL' && evaluation.resource.accountId === '444455556666')).toBe(true);
    expect(first.stderr).toMatch(/findings of account 444455556666 not published: Security Hub takes findings only from their own account/);
    expect(first.code).toBe(3);
    expect(sent()).toHaveLength(failures);
    expect(sent().every((finding) => finding.AwsAccountId === '111122223333')).toBe(true);
    expect(sent().every((finding) => finding.Compliance?.Status === 'FAILED')).toBe(true);
    // The bastion exemption of the example settings is applied as a suppression.
    expect(hub).toHaveReceivedCommandTimes(BatchUpdateFindingsCommand, 1);
    expect(hub).toHaveReceivedCommandWith(BatchUpdateFindingsCommand, { Workflow: { Status: 'SUPPRESSED' } });
    const kinds = messages().map((message) => message.body.metadata.eventType);
    expect(kinds.at(-1)).toBe('RunDigest');
    expect(kinds.filter((kind) => kind === 'NewFailures').length).toBeGreaterThan(0);
    for (const { attributes } of messages()) expect(Object.keys(attributes ?? {}).sort()).toEqual(expect.arrayContaining(['account', 'eventType', 'region', 'severity']));
    expect(existsSync(state)).toBe(true);

    // The next day nothing changed: nothing is imported, nothing alerted, only the digest is sent.
    hub.resetHistory();
    sns.resetHistory();
    const second = await run(['scan', '--snapshot', DEMO, '--settings', SETTINGS, '--publish', '--notify', TOPIC, '--state', state, '--output', join(dir, 'report.txt')], '2026-11-24');
    expect(second.stderr).toMatch(/gatewatch: published — 0 new, \d+ still failing, 0 resolved, 0 archived; 0 findings and 0 workflow updates accepted by Security Hub; 0 alerts published/);
    expect(sent()).toHaveLength(0);
    expect(messages().map((message) => message.body.metadata.eventType)).toEqual(['RunDigest']);

    // A week after their last delivery (securityHub.refreshDays, 7 by default), the same failures are refreshed.
    hub.resetHistory();
    sns.resetHistory();
    await run(['scan', '--snapshot', DEMO, '--settings', SETTINGS, '--publish', '--notify', TOPIC, '--state', state, '--output', join(dir, 'report.txt')], '2026-11-30');
    expect(sent()).toHaveLength(failures);
    expect(sent().every((finding) => finding.CreatedAt === '2026-11-23T12:00:00.000Z' && finding.UpdatedAt === '2026-11-30T12:00:00.000Z')).toBe(true);
    expect(messages().map((message) => message.body.metadata.eventType)).toEqual(['RunDigest']);
    // Its first run imports and compiles the publishing modules (the CLI loads them lazily): slow on a busy machine.
  }, 30_000);

  it('uses the per-user state file by default', async () => {
    await run(['scan', '--snapshot', DEMO, '--notify', TOPIC, '--output', join(dir, 'r2.txt')]);
    expect(existsSync(join(dir, 'xdg', 'gatewatch', 'findings-state.json'))).toBe(true);
    expect(hub).toHaveReceivedCommandTimes(BatchImportFindingsCommand, 0);
  });

  it('exits 3 naming the Region when Security Hub is not enabled, after printing the report', async () => {
    hub.on(BatchImportFindingsCommand).rejects(awsError('InvalidAccessException', 'Account is not subscribed to AWS Security Hub'));
    const { code, stdout, stderr } = await run(['scan', '--snapshot', DEMO, '--publish', '--state', join(dir, 'state3.json')]);
    expect(code).toBe(3);
    expect(stdout).toMatch(/Summary: /);
    expect(stderr).toMatch(/gatewatch: Security Hub is not enabled in eu-west-1/);
    expect(stderr).toMatch(/gatewatch: Security Hub is not enabled in us-east-1/);
  });

  it('rejects a bad topic ARN and --state without publishing, before sending anything', async () => {
    const bad = await run(['scan', '--snapshot', DEMO, '--notify', 'gatewatch-alerts']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--notify: .*gatewatch-alerts/);
    const state = await run(['scan', '--snapshot', DEMO, '--state', join(dir, 's.json')]);
    expect(state.code).toBe(2);
    expect(state.stderr).toMatch(/--state goes with --publish or --notify/);
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 0);
    expect(hub).toHaveReceivedCommandTimes(BatchImportFindingsCommand, 0);
  });
});

describe('gatewatch scan --format asff', () => {
  it('writes the findings as ASFF JSON, global ones in the home Region', async () => {
    const { code, stdout } = await run(['scan', '--snapshot', DEMO, '--format', 'asff', '--exit-zero']);
    expect(code).toBe(0);
    const { Findings } = JSON.parse(stdout) as { Findings: AwsSecurityFinding[] };
    expect(Findings.length).toBeGreaterThan(0);
    expect(new Set(Findings.map((finding) => finding.SchemaVersion))).toEqual(new Set(['2018-10-08']));
    expect(new Set(Findings.map((finding) => finding.Compliance?.Status))).toEqual(new Set(['FAILED', 'PASSED', 'NOT_AVAILABLE']));
    const iam = Findings.find((finding) => finding.Resources?.[0]?.Type === 'AwsIamRole');
    expect(iam?.Region).toBe('us-east-1');
    expect(hub).toHaveReceivedCommandTimes(BatchImportFindingsCommand, 0);
  });
});
