import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from '@jest/globals';
import { main, type CliIo } from '../../cli/main.js';
import type { ScanResult } from '../../engine/result.js';
import { catalog } from '../../rules/index.js';
import { GATE_IDS } from '../../model/gates.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const DEMO = join(root, 'examples', 'demo-account.json');
const dir = mkdtempSync(join(tmpdir(), 'gatewatch-cli-'));
// An ANSI SGR sequence (ESC [ … m): the marker of colour output.
const ANSI = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`);

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

async function run(argv: string[], options: { tty?: boolean; env?: Record<string, string> } = {}): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: { write: (text: string) => (stdout += text), isTTY: options.tty ?? false },
    stderr: { write: (text: string) => (stderr += text), isTTY: false },
    env: options.env ?? {},
    now: () => new Date('2026-11-23T12:00:00Z'),
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

function file(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

describe('gatewatch scan on the demo account', () => {
  it('reports failures in all eight gates and exits 1', async () => {
    const { code, stdout, stderr } = await run(['scan', '--snapshot', DEMO]);
    expect(code).toBe(1);
    expect(stderr).toBe('');
    for (const gate of GATE_IDS) expect(stdout).toMatch(new RegExp(`^${gate.toUpperCase()} · .*\\n  [1-9]\\d* fail`, 'm'));
    expect(stdout).toMatch(/\nSummary: \d+ failed · \d+ unknown · \d+ passed · \d+ not applicable\n$/);
  });

  it('gives every rule of the catalog at least one PASS and one FAIL with the example settings (as npm start runs it)', async () => {
    const start = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start;
    expect(start).toContain('--settings examples/gatewatch.example.yaml');
    const settings = join(root, 'examples', 'gatewatch.example.yaml');
    const result = JSON.parse((await run(['scan', '--snapshot', DEMO, '--settings', settings, '--format', 'json'])).stdout) as ScanResult;
    for (const rule of catalog) {
      const statuses = new Set(result.evaluations.filter((evaluation) => evaluation.ruleId === rule.meta.id).map((evaluation) => evaluation.status));
      expect({ rule: rule.meta.id, pass: statuses.has('PASS'), fail: statuses.has('FAIL') }).toEqual({ rule: rule.meta.id, pass: true, fail: true });
    }
    expect(result.completeness.every((entry) => entry.complete)).toBe(true);
  });

  it('exits 0 with --exit-zero, and the report still ends with the summary', async () => {
    const { code, stdout } = await run(['scan', '--snapshot', DEMO, '--exit-zero']);
    expect(code).toBe(0);
    expect(stdout.trimEnd().split('\n').at(-1)).toMatch(/^Summary: /);
  });

  it('fits an 80-column terminal and uses colour only on a terminal without NO_COLOR', async () => {
    const plain = await run(['scan', '--snapshot', DEMO]);
    expect(plain.stdout).not.toMatch(ANSI);
    expect(plain.stdout.split('\n').filter((line) => line.length > 80)).toEqual([]);
    const tty = await run(['scan', '--snapshot', DEMO], { tty: true });
    expect(tty.stdout).toMatch(ANSI);
    expect(tty.stdout.replace(new RegExp(ANSI.source, 'g'), '')).toBe(plain.stdout);
    expect((await run(['scan', '--snapshot', DEMO], { tty: true, env: { NO_COLOR: '1' } })).stdout).not.toMatch(ANSI);
  });

  it('lists passes too with --verbose', async () => {
    const { stdout } = await run(['scan', '--snapshot', DEMO, '--verbose']);
    expect(stdout).toMatch(/ PASS {2}MEDIUM +rds-instance-multi-az/);
  });

  it('is deterministic: the same snapshot gives the same JSON', async () => {
    const first = await run(['scan', '--snapshot', DEMO, '--format', 'json']);
    const second = await run(['scan', '--snapshot', DEMO, '--format', 'json']);
    expect(second.stdout).toBe(first.stdout);
  });

  it('scans only the selected gates and severities', async () => {
    const gate = JSON.parse((await run(['scan', '--snapshot', DEMO, '--format', 'json', '--gate', 'encryption,multi-az'])).stdout) as ScanResult;
    expect([...new Set(gate.evaluations.map((evaluation) => evaluation.gate))].sort()).toEqual(['encryption', 'multi-az']);
    const repeated = JSON.parse((await run(['scan', '--snapshot', DEMO, '--format', 'json', '--gate', 'encryption', '--gate', 'multi-az'])).stdout) as ScanResult;
    expect(repeated.rules).toEqual(gate.rules);
    const severe = JSON.parse((await run(['scan', '--snapshot', DEMO, '--format', 'json', '--min-severity', 'high'])).stdout) as ScanResult;
    expect(severe.rules.length).toBeGreaterThan(0);
    expect(severe.rules.every((rule) => rule.severity === 'HIGH' || rule.severity === 'CRITICAL')).toBe(true);
  });

  it('writes JUnit XML with a failure per FAIL, an error per UNKNOWN and a skip per exempt or n/a', async () => {
    const json = JSON.parse((await run(['scan', '--snapshot', DEMO, '--format', 'json'])).stdout) as ScanResult;
    const { stdout } = await run(['scan', '--snapshot', DEMO, '--format', 'junit']);
    expect(stdout.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="gatewatch"')).toBe(true);
    expect(stdout.match(/<testcase /g)).toHaveLength(json.evaluations.length);
    expect(stdout.match(/<failure /g)).toHaveLength(json.counts.total.FAIL - json.counts.exempted);
    expect(stdout.match(/<skipped /g)).toHaveLength(json.counts.total.NOT_APPLICABLE + json.counts.exempted);
    expect(stdout.match(/<testsuite /g)).toHaveLength(GATE_IDS.length);
  });

  it('writes the report to --output and a summary to stderr', async () => {
    const output = join(dir, 'report.xml');
    const { code, stdout, stderr } = await run(['scan', '--snapshot', DEMO, '--format', 'junit', '--output', output]);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^gatewatch: \d+ failed · \d+ unknown · \d+ passed · \d+ not applicable — report written to .*report\.xml\n$/);
    expect(readFileSync(output, 'utf8')).toMatch(/^<\?xml/);
  });

  it('applies settings: exempted failures stay visible and do not fail the run', async () => {
    const settings = file(
      'exempt-all.yaml',
      'exemptions:\n  - rule: "*"\n    resource: "*"\n    reason: accepted for the demo\n    expires: 2027-01-31\n',
    );
    // The demo's RDS instances carry no parameter-group data, so the TLS rule is UNKNOWN there.
    const { code, stdout } = await run(['scan', '--snapshot', DEMO, '--settings', settings, '--allow-unknown']);
    expect(code).toBe(0);
    expect(stdout).toContain('exempt until 2027-01-31: accepted for the demo');
    expect(stdout).toMatch(/Summary: (\d+) failed \(\1 exempt\)/);
  });

  it('fails the run on UNKNOWN (a Region the snapshot does not cover) unless --allow-unknown', async () => {
    const settings = file(
      'regions.yaml',
      'regions: [eu-west-1, us-west-2]\nexemptions:\n  - rule: "*"\n    resource: "*"\n    reason: only unknowns should remain\n    expires: 2027-01-31\n',
    );
    const strict = await run(['scan', '--snapshot', DEMO, '--settings', settings]);
    expect(strict.code).toBe(1);
    expect(strict.stdout).toMatch(/UNKN .*\n.*· us-west-2\n/);
    expect(strict.stdout).toContain('Collection errors (rules that needed this data are UNKNOWN):');
    expect(strict.stdout).toMatch(/snapshot:read 111122223333\/us-west-2: RegionNotInSnapshot/);
    const relaxed = await run(['scan', '--snapshot', DEMO, '--settings', settings, '--allow-unknown']);
    expect(relaxed.code).toBe(0);
  });

  it('parses the example settings file', async () => {
    const { code, stderr } = await run(['scan', '--snapshot', DEMO, '--settings', join(root, 'examples', 'gatewatch.example.yaml')]);
    expect(stderr).toBe('');
    expect(code).toBe(1);
  });
});

describe('gatewatch scan with bad input', () => {
  it('gives a one-line error naming file, item and field for a malformed snapshot, and exits 2', async () => {
    const demo = JSON.parse(readFileSync(DEMO, 'utf8')) as { configurationItems: { configuration: Record<string, unknown>; resourceType: string }[] };
    const index = demo.configurationItems.findIndex((entry) => entry.resourceType === 'AWS::RDS::DBInstance');
    const target = demo.configurationItems[index];
    if (target === undefined) throw new Error('the demo has no DB instance');
    target.configuration['multiAZ'] = 'yes';
    const broken = file('broken-snapshot.json', JSON.stringify(demo));
    const { code, stdout, stderr } = await run(['scan', '--snapshot', broken]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.split('\n')).toHaveLength(2);
    expect(stderr).toMatch(new RegExp(`^gatewatch: .*broken-snapshot\\.json: configurationItems\\[${index}\\] \\(AWS::RDS::DBInstance .+\\): configuration\\.multiAZ: .*expected boolean`));
  });

  it('says on stderr when a snapshot holds only deleted resources, or lists a resource twice, and still scans', async () => {
    const demo = JSON.parse(readFileSync(DEMO, 'utf8')) as { configurationItems: Record<string, unknown>[] };
    const deleted = file('deleted-only.json', JSON.stringify({ ...demo, configurationItems: demo.configurationItems.map((entry) => ({ ...entry, configurationItemStatus: 'ResourceDeleted' })) }));
    const gone = await run(['scan', '--snapshot', deleted]);
    expect(gone.code).toBe(0);
    expect(gone.stderr).toBe(
      `gatewatch: ${deleted}: none of its ${demo.configurationItems.length} configuration items can be evaluated — ${demo.configurationItems.length} describe deleted or unrecorded resources (configurationItemStatus ResourceDeleted, ResourceDeletedNotRecorded or ResourceNotRecorded); nothing was evaluated\n`,
    );
    const first = demo.configurationItems[0];
    const twice = file('listed-twice.json', JSON.stringify({ ...demo, configurationItems: [...demo.configurationItems, first] }));
    const repeated = await run(['scan', '--snapshot', twice]);
    expect(repeated.code).toBe(1);
    expect(repeated.stderr).toBe(`gatewatch: ${twice}: 1 configuration item repeats a resource listed before, ignored (the first listing of each resource is evaluated): ${String(first?.['ARN'])}\n`);
  });

  it('gives a one-line error naming the field for a malformed settings file, and exits 2', async () => {
    const settings = file('bad-settings.yaml', 'requiredTags:\n  - key: Team\n    valeus: [a]\n');
    const { code, stdout, stderr } = await run(['scan', '--snapshot', DEMO, '--settings', settings]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^gatewatch: .*bad-settings\.yaml: requiredTags\.0\.valeus: unknown key — remove it or check its spelling\n$/);
  });

  it.each([
    [['scan', '--snapshot', DEMO, '--bogus'], /Unknown option '--bogus'/],
    [['scan', '--snapshot', DEMO, '--regions', 'eu-west-1'], /--snapshot scans a file; --regions apply to live scans only/],
    [['scan', '--regions', 'eu-west'], /--regions eu-west: expected Region names/],
    [['scan', '--external-id', 'x'], /--external-id goes with --role-arn/],
    [['snapshot'], /snapshot needs --output FILE/],
    [['scan', '--snapshot', DEMO, '--format', 'xml'], /--format xml: expected one of table, json, junit/],
    [['scan', '--snapshot', DEMO, '--gate', 'speed'], /--gate speed: unknown gate/],
    [['scan', '--snapshot', DEMO, '--min-severity', 'urgent'], /--min-severity urgent: expected one of/],
    [['frobnicate'], /unknown command: frobnicate/],
    [[], /no command given/],
    [['rules', '--snapshot', DEMO], /rules does not take --snapshot/],
    [['scan', '--snapshot', join(dir, 'absent.json')], /absent\.json: cannot read the snapshot \(ENOENT\)/],
    [['scan', '--snapshot', '/dev/zero'], /^gatewatch: \/dev\/zero: a character device, not a file — --snapshot reads an AWS Config snapshot file/],
    [['scan', '--snapshot', DEMO, '--settings', file('tiny-limit.yaml', 'snapshot:\n  maxSize: 1 KiB\n')], /demo-account\.json: [\d.]+ KiB, more than the snapshot size limit of 1 KiB — raise snapshot\.maxSize/],
  ])('exits 2 on %j', async (argv, message) => {
    const { code, stderr } = await run(argv);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
  });

  it('shows usage with --help and exits 0', async () => {
    const { code, stdout } = await run(['--help']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Usage:\n {2}gatewatch scan \[options\] +scan the account of your credentials/);
    expect(stdout.split('\n').filter((line) => line.length > 80)).toEqual([]);
  });
});

describe('gatewatch rules', () => {
  it('lists every rule with its gate, severity and controls', async () => {
    const { code, stdout } = await run(['rules']);
    expect(code).toBe(0);
    for (const rule of catalog) {
      expect(stdout).toContain(rule.meta.id);
      expect(stdout).toContain(rule.meta.title);
      for (const control of rule.meta.controls) expect(stdout).toContain(control);
    }
    expect(stdout.trimEnd().split('\n').at(-1)).toBe(`${catalog.length} rules`);
  });

  it('gives the catalog as JSON, filtered by gate', async () => {
    const rows = JSON.parse((await run(['rules', '--format', 'json', '--gate', 'least-privilege'])).stdout) as { id: string; controls: string[] }[];
    expect(rows.map((row) => row.id)).toEqual(catalog.filter((rule) => rule.meta.gate === 'least-privilege').map((rule) => rule.meta.id));
  });
});

describe('bin/gatewatch.js', () => {
  it('runs the CLI as a process with the documented exit codes', async () => {
    const exec = promisify(execFile);
    const failed = await exec(process.execPath, [join(root, 'bin', 'gatewatch.js'), 'scan', '--snapshot', DEMO], { cwd: root }).catch((error: unknown) => error as { code: number; stdout: string });
    expect(failed).toMatchObject({ code: 1 });
    expect((failed as { stdout: string }).stdout).toMatch(/Summary: /);
    const demo = await exec(process.execPath, [join(root, 'bin', 'gatewatch.js'), 'scan', '--snapshot', DEMO, '--exit-zero'], { cwd: root });
    expect(demo.stdout.trimEnd().split('\n').at(-1)).toMatch(/^Summary: /);
  }, 30_000);
});
