import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { DescribeVolumesCommand, GetEbsEncryptionByDefaultCommand } from '@aws-sdk/client-ec2';
import { main, type CliIo } from '../../cli/main.js';
import type { ScanResult } from '../../engine/result.js';
// Only the EBS collector: every other client stays unmocked, so no test sends a request anywhere.
import { ec2VolumesCollector } from '../../inventory/live/collectors/ec2-volumes.js';
import { mockedLiveSource, mockIdentity } from '../../testkit/live.js';

const dir = mkdtempSync(join(tmpdir(), 'gatewatch-live-cli-'));
let mocks: ReturnType<typeof mockIdentity>;
let liveOptions: unknown[] = [];

beforeEach(() => {
  mocks = mockIdentity(['eu-west-1', 'us-east-1']);
  mocks.ec2.on(DescribeVolumesCommand).resolves({
    Volumes: [{ VolumeId: 'vol-1', Encrypted: false, AvailabilityZone: 'eu-west-1a', Attachments: [{ InstanceId: 'i-1', State: 'attached' }], Tags: [] }],
  });
  mocks.ec2.on(GetEbsEncryptionByDefaultCommand).resolves({ EbsEncryptionByDefault: true });
  liveOptions = [];
});
afterEach(() => {
  mocks.ec2.restore();
  mocks.sts.restore();
});

async function run(argv: string[], stderrTTY = false) {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: { write: (text: string) => (stdout += text), isTTY: false },
    stderr: { write: (text: string) => (stderr += text), isTTY: stderrTTY },
    env: {},
    now: () => new Date('2026-11-23T12:00:00Z'),
    sourceFor: {
      live: (options) => {
        liveOptions.push(options);
        return mockedLiveSource([ec2VolumesCollector], { onProgress: options.onProgress });
      },
    },
  };
  return { code: await main(argv, io), stdout, stderr: () => stderr };
}

describe('gatewatch scan, live', () => {
  it('scans every enabled Region when none are named, and reports per Region', async () => {
    const { code, stdout } = await run(['scan', '--gate', 'encryption', '--format', 'json']);
    const result = JSON.parse(stdout) as ScanResult;
    expect(code).toBe(1);
    expect(result.source).toBe('live 111122223333');
    expect(result.scopes.map((scope) => scope.region)).toEqual(['eu-west-1', 'us-east-1', 'global']);
    expect(result.evaluations.map((evaluation) => [evaluation.ruleId, evaluation.resource.id, evaluation.status])).toContainEqual(['ebs-volume-encrypted', 'vol-1', 'FAIL']);
  });

  it('passes --regions, --profile and --role-arn to the live source and prints --stats to stderr', async () => {
    const { stdout, stderr } = await run(['scan', '--gate', 'encryption', '--regions', 'eu-west-1', '--profile', 'audit', '--role-arn', 'arn:aws:iam::444455556666:role/scan', '--external-id', 'xyz', '--stats']);
    expect(liveOptions).toEqual([expect.objectContaining({ profile: 'audit', roleArn: 'arn:aws:iam::444455556666:role/scan', externalId: 'xyz' })]);
    expect(stdout).toContain('account 111122223333 · eu-west-1, global');
    expect(stderr()).toMatch(/^API call +calls +retries +failed\n/);
    expect(stderr()).toMatch(/ec2:DescribeVolumes +1 +0 +0\n/);
    expect(mocks.ec2).toHaveReceivedCommandTimes(DescribeVolumesCommand, 1);
  });

  it('shows a progress bar on a terminal stderr and clears it before the report', async () => {
    const { stderr } = await run(['scan', '--gate', 'encryption', '--regions', 'eu-west-1'], true);
    expect(stderr()).toMatch(/collecting █+ 1\/1 ec2 eu-west-1/);
    expect(stderr().endsWith('\r\u001b[2K')).toBe(true);
  });

  it('writes no progress bar when stderr is not a terminal', async () => {
    const { stderr } = await run(['scan', '--gate', 'encryption', '--regions', 'eu-west-1']);
    expect(stderr()).toBe('');
  });
});

describe('gatewatch snapshot', () => {
  it('writes what the live source collected as a snapshot that scans offline to the same evaluations', async () => {
    const file = join(dir, 'account.json');
    const written = await run(['snapshot', '--output', file, '--gate', 'encryption', '--regions', 'eu-west-1,us-east-1']);
    expect(written.code).toBe(0);
    expect(written.stderr()).toMatch(/^gatewatch: \d+ configuration items written to .*account\.json(, \d+ collection errors recorded in it)?\n$/);
    const document = JSON.parse(readFileSync(file, 'utf8')) as { fileVersion: string; configurationItems: unknown[]; gatewatch: { scopes: unknown[]; errors: { code: string }[] } };
    expect(document.fileVersion).toBe('1.0');
    expect(document.gatewatch.scopes).toEqual([{ accountId: '111122223333', region: 'eu-west-1' }, { accountId: '111122223333', region: 'us-east-1' }]);
    // Only the EBS collector runs here: the gate's other types are recorded as not collected.
    expect([...new Set(document.gatewatch.errors.map((error) => error.code))]).toEqual(['NoCollector']);

    const live = JSON.parse((await run(['scan', '--gate', 'encryption', '--regions', 'eu-west-1,us-east-1', '--format', 'json'])).stdout) as ScanResult;
    const offline = JSON.parse((await run(['scan', '--gate', 'encryption', '--snapshot', file, '--format', 'json'])).stdout) as ScanResult;
    expect(offline.evaluations).toEqual(live.evaluations);
    expect(offline.completeness).toEqual(live.completeness);
  });

  it('keeps collection errors in the snapshot, so the offline scan is UNKNOWN where the live one was', async () => {
    mocks.ec2.on(DescribeVolumesCommand).rejects(Object.assign(new Error('denied'), { name: 'UnauthorizedOperation', $metadata: {} }));
    const file = join(dir, 'denied.json');
    await run(['snapshot', '--output', file, '--gate', 'encryption', '--regions', 'eu-west-1']);
    const offline = JSON.parse((await run(['scan', '--gate', 'encryption', '--snapshot', file, '--format', 'json'])).stdout) as ScanResult;
    expect(offline.evaluations.filter((evaluation) => evaluation.ruleId === 'ebs-volume-encrypted').map((evaluation) => evaluation.status)).toEqual(['UNKNOWN']);
  });
});
