/** The streamed reports: the same bytes as the one-string reports they replace, any size, with backpressure. */
import { EventEmitter } from 'node:events';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { asffReport } from '../../cli/format-asff.js';
import { escapeXml, junitReport } from '../../cli/format-junit.js';
import { jsonDocument, jsonReport, Elements, type FormatProblem } from '../../cli/format-json.js';
import { ReportWriteError, writeChunks, writeChunksToFile } from '../../cli/format-output.js';
import { main, type CliIo } from '../../cli/main.js';
import { isOpenFailure, type Evaluation, type ScanResult } from '../../engine/result.js';
import { scan } from '../../engine/scan.js';
import { loadSettings } from '../../engine/settings.js';
import { findingsForFile } from '../../findings/asff.js';
import { SnapshotSource } from '../../inventory/snapshot/snapshot-source.js';
import { GATES } from '../../model/gates.js';
import { catalog } from '../../rules/index.js';
import type { Source } from '../../inventory/source.js';
import { ACCOUNT, REGION, item } from '../support/items.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const DEMO = join(root, 'examples', 'demo-account.json');
const dir = mkdtempSync(join(tmpdir(), 'gatewatch-report-'));
const NOW = new Date('2026-11-23T12:00:00Z');

let demo: ScanResult;
beforeAll(async () => {
  const settings = await loadSettings(join(root, 'examples', 'gatewatch.example.yaml'), catalog);
  demo = await scan({}, new SnapshotSource(DEMO), settings, catalog, { now: () => NOW });
});

const joined = (chunks: Iterable<string>): string => [...chunks].join('');

/** The JUnit report as it was built in one string before it was streamed: the reference for its bytes. */
function junitInOneString(result: ScanResult): string {
  const testCase = (evaluation: Evaluation): string => {
    const { resource } = evaluation;
    const name = escapeXml(resource.arn ?? `${resource.accountId}/${resource.region}/${resource.type}/${resource.id}`);
    const open = `    <testcase classname="${escapeXml(`${evaluation.gate}.${evaluation.ruleId}`)}" name="${name}">`;
    const message = escapeXml(evaluation.message);
    let body = '';
    if (evaluation.status === 'FAIL' && evaluation.exemption !== undefined) body = `<skipped message="${escapeXml(`exempt: ${evaluation.exemption.reason}`)}"/>`;
    else if (evaluation.status === 'FAIL') body = `<failure type="${evaluation.severity}" message="${message}">${message}</failure>`;
    else if (evaluation.status === 'UNKNOWN') body = `<error type="UNKNOWN" message="${message}">${message}</error>`;
    else if (evaluation.status === 'NOT_APPLICABLE') body = `<skipped message="${message}"/>`;
    return body === '' ? `${open.slice(0, -1)}/>` : `${open}\n      ${body}\n    </testcase>`;
  };
  const scanned = new Set(result.rules.map((rule) => rule.gate));
  const suites = GATES.filter((gate) => scanned.has(gate.id)).map((gate) => {
    const evaluations = result.evaluations.filter((evaluation) => evaluation.gate === gate.id);
    const failures = evaluations.filter(isOpenFailure).length;
    const errors = evaluations.filter((evaluation) => evaluation.status === 'UNKNOWN').length;
    const skipped = evaluations.length - failures - errors - evaluations.filter((evaluation) => evaluation.status === 'PASS').length;
    const attributes = `name="${gate.id}" tests="${evaluations.length}" failures="${failures}" errors="${errors}" skipped="${skipped}"`;
    if (evaluations.length === 0) return `  <testsuite ${attributes}/>`;
    return `  <testsuite ${attributes}>\n${evaluations.map(testCase).join('\n')}\n  </testsuite>`;
  });
  const failures = result.evaluations.filter(isOpenFailure).length;
  return ['<?xml version="1.0" encoding="UTF-8"?>', `<testsuites name="gatewatch" tests="${result.evaluations.length}" failures="${failures}" errors="${result.counts.total.UNKNOWN}">`, ...suites, '</testsuites>', ''].join('\n');
}

describe('streamed reports', () => {
  it('write the JSON report byte for byte as JSON.stringify(result, null, 2) does, in many chunks', () => {
    const problems: FormatProblem[] = [];
    expect(joined(jsonReport(demo, (problem) => problems.push(problem)))).toBe(`${JSON.stringify(demo, null, 2)}\n`);
    expect(problems).toEqual([]);
    // Elements are written in batches: every count around a batch's edge, and a large report in small chunks.
    for (const count of [1, 255, 256, 257, 512, 513]) {
      const result = { ...demo, evaluations: Array.from({ length: count }, (_, index) => demo.evaluations[index % demo.evaluations.length]) } as ScanResult;
      expect(joined(jsonReport(result, () => undefined))).toBe(`${JSON.stringify(result, null, 2)}\n`);
    }
    const large = { ...demo, evaluations: Array.from({ length: 20 }, () => demo.evaluations).flat() };
    const chunks = [...jsonReport(large, () => undefined)];
    expect(chunks.join('')).toBe(`${JSON.stringify(large, null, 2)}\n`);
    expect(Math.max(...chunks.map((chunk) => chunk.length))).toBeLessThan(JSON.stringify(large, null, 2).length / 20);
    // Exemptions, empty arrays and absent members take the same form as in JSON.stringify.
    expect(demo.evaluations.some((evaluation) => evaluation.exemption !== undefined)).toBe(true);
    const odd = { ...demo, evaluations: [], calls: [], extra: undefined, scopes: [undefined, () => 1, { a: undefined, b: [undefined] }] } as unknown as ScanResult;
    expect(joined(jsonReport(odd, () => undefined))).toBe(`${JSON.stringify(odd, null, 2)}\n`);
    expect(joined(jsonDocument('json', [], () => undefined))).toBe(`${JSON.stringify({}, null, 2)}\n`);
  });

  it('write the ASFF findings byte for byte as the one-string report did, one finding at a time', () => {
    const options = { now: demo.finishedAt, homeRegion: 'us-east-1' };
    const findings = findingsForFile(demo.evaluations, catalog, options);
    expect(findings.length).toBeGreaterThan(100);
    expect(joined(asffReport(demo, catalog, options, () => undefined))).toBe(`${JSON.stringify({ Findings: findings }, null, 2)}\n`);
    const none = { ...demo, evaluations: [] };
    expect(joined(asffReport(none, catalog, options, () => undefined))).toBe(`${JSON.stringify({ Findings: [] }, null, 2)}\n`);
  });

  it('write JUnit byte for byte as the one-string report did', () => {
    expect(joined(junitReport(demo, () => undefined))).toBe(junitInOneString(demo));
    const encryptionOnly = { ...demo, evaluations: demo.evaluations.filter((evaluation) => evaluation.gate === 'encryption') };
    expect(joined(junitReport(encryptionOnly, () => undefined))).toBe(junitInOneString(encryptionOnly));
  });
});

describe('an entry that cannot be formatted', () => {
  const bad = (result: ScanResult): ScanResult => {
    const cyclic: Record<string, unknown> = { name: 'loop' };
    cyclic['self'] = cyclic;
    const [first, second, ...rest] = result.evaluations;
    if (first === undefined || second === undefined) throw new Error('the demo has evaluations');
    const big = { ...first, data: { count: 10n } } as unknown as Evaluation;
    const loop = { ...second, data: cyclic } as unknown as Evaluation;
    return { ...result, evaluations: [big, loop, ...rest] };
  };

  it('is written in a safe form in its place and named, and the JSON report stays whole', () => {
    const problems: FormatProblem[] = [];
    const result = bad(demo);
    const report = JSON.parse(joined(jsonReport(result, (problem) => problems.push(problem)))) as ScanResult;
    expect(report.evaluations).toHaveLength(demo.evaluations.length);
    expect(report.evaluations[0]?.data).toEqual({ count: '10' });
    expect(report.evaluations[1]?.data).toEqual({ name: 'loop', self: '[Circular]' });
    expect(report.evaluations.slice(2)).toEqual(JSON.parse(JSON.stringify(demo.evaluations.slice(2))));
    const [first, second] = demo.evaluations;
    expect(problems).toEqual([
      { format: 'json', path: 'evaluations[0]', subject: `rule ${first?.ruleId} on ${first?.resource.arn}`, message: expect.stringMatching(/BigInt.*; written with the values JSON cannot hold as text$/) },
      { format: 'json', path: 'evaluations[1]', subject: `rule ${second?.ruleId} on ${second?.resource.arn}`, message: expect.stringMatching(/circular.*; written with the values JSON cannot hold as text$/i) },
    ]);
  });

  it('whose toJSON throws is replaced by its error, and a member too', () => {
    const problems: FormatProblem[] = [];
    const throwing = { toJSON: () => { throw new Error('no JSON for you'); } };
    const text = joined(jsonDocument('json', [['list', new Elements([1, throwing, 3])], ['member', throwing]], (problem) => problems.push(problem)));
    expect(JSON.parse(text)).toEqual({ list: [1, { unserialisable: 'no JSON for you' }, 3], member: { unserialisable: 'no JSON for you' } });
    expect(problems.map((problem) => problem.path)).toEqual(['list[1]', 'member']);
  });

  it('is left out of ASFF and named, and is an <error> case in JUnit, keeping the counts', () => {
    const [first] = demo.evaluations;
    if (first === undefined) throw new Error('the demo has evaluations');
    const broken = { ...first, message: undefined, resource: { ...first.resource, tags: null } } as unknown as Evaluation;
    const result = { ...demo, evaluations: [broken, ...demo.evaluations.slice(1)] };
    const asffProblems: FormatProblem[] = [];
    const options = { now: demo.finishedAt, homeRegion: 'us-east-1' };
    const { Findings } = JSON.parse(joined(asffReport(result, catalog, options, (problem) => asffProblems.push(problem)))) as { Findings: unknown[] };
    expect(Findings).toHaveLength(findingsForFile(demo.evaluations.slice(1), catalog, options).length);
    expect(asffProblems).toEqual([expect.objectContaining({ format: 'asff', path: 'evaluations[0]', message: expect.stringMatching(/; left out of the findings$/) })]);
    const junitProblems: FormatProblem[] = [];
    const xml = joined(junitReport(result, (problem) => junitProblems.push(problem)));
    expect(xml.match(/<testcase /g)).toHaveLength(demo.evaluations.length);
    expect(xml).toContain(`<testcase classname="${first.gate}.report" name="evaluations[0]">\n      <error type="REPORT" message="could not be written: `);
    expect(junitProblems).toEqual([expect.objectContaining({ format: 'junit', path: 'evaluations[0]' })]);
  });
});

describe('writing chunks', () => {
  /** A stream whose buffer is always full: every write asks to wait for 'drain'. */
  class SlowSink extends EventEmitter {
    readonly writes: string[] = [];
    write(text: string): boolean {
      this.writes.push(text);
      return false;
    }
  }
  const tick = () => new Promise((resolve) => setImmediate(resolve));
  const big = (count: number) => Array.from({ length: count }, (_, index) => String(index).repeat(70_000));

  it('gathers small chunks into writes of about 64 KiB and waits for drain after each full buffer', async () => {
    const sink = new SlowSink();
    const writing = writeChunks(sink, big(3));
    await tick();
    expect(sink.writes).toHaveLength(1);
    sink.emit('drain');
    await tick();
    expect(sink.writes).toHaveLength(2);
    sink.emit('drain');
    await tick();
    sink.emit('drain');
    expect(await writing).toBe(210_000);
    expect(sink.writes.join('')).toBe(big(3).join(''));
    const small = new SlowSink();
    const pieces = Array.from({ length: 1000 }, () => 'x'.repeat(100));
    const done = writeChunks(small, pieces);
    await tick();
    small.emit('drain');
    await tick();
    small.emit('drain');
    await done;
    expect(small.writes.map((text) => text.length)).toEqual([65_600, 34_400]);
  });

  it('ends with the stream error instead of waiting forever for a drain that never comes', async () => {
    const sink = new SlowSink();
    const writing = writeChunks(sink, big(3));
    await tick();
    sink.emit('error', Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
    await expect(writing).rejects.toEqual(new ReportWriteError('EPIPE', 70_000));
    expect(sink.listenerCount('error')).toBe(0);
  });

  it('names why a file cannot be opened or written', async () => {
    await expect(writeChunksToFile(join(dir, 'absent', 'report.json'), ['{}'])).rejects.toMatchObject({ code: 'ENOENT', written: 0 });
    await expect(writeChunksToFile('/dev/full', big(2))).rejects.toMatchObject({ code: 'ENOSPC' });
    const file = join(dir, 'report.txt');
    await writeChunksToFile(file, big(2));
    expect(readFileSync(file, 'utf8')).toBe(big(2).join(''));
  });
});

describe('gatewatch scan when the report cannot be written', () => {
  async function run(argv: string[], source?: Source): Promise<{ code: number; stdout: string; stderr: string }> {
    let stdout = '';
    let stderr = '';
    const io: CliIo = {
      stdout: { write: (text: string) => (stdout += text) },
      stderr: { write: (text: string) => (stderr += text) },
      env: {},
      now: () => NOW,
      ...(source === undefined ? {} : { sourceFor: { snapshot: () => source } }),
    };
    return { code: await main(argv, io), stdout, stderr };
  }

  it('exits 4 when writing fails, naming the file and the error, with the scan summary on stderr', async () => {
    const full = await run(['scan', '--snapshot', DEMO, '--format', 'json', '--output', '/dev/full']);
    expect(full.code).toBe(4);
    expect(full.stderr).toMatch(/^gatewatch: \/dev\/full: the json report was cut short after \d+ characters \(ENOSPC\)\ngatewatch: \d+ failed · \d+ unknown · \d+ passed · \d+ not applicable — the report is incomplete\n$/);
    // A folder that is not there is found before the scan, as a usage error.
    const missing = await run(['scan', '--snapshot', DEMO, '--format', 'asff', '--output', join(dir, 'absent', 'report.json')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^gatewatch: .*absent\/report\.json: cannot write the report \(ENOENT\)\n$/);
  });

  it('exits 4 naming each evaluation that could not be written as it is, and writes the rest of the report', async () => {
    const volume = item('AWS::EC2::Volume', 'vol-1', { volumeId: 'vol-1', encrypted: false }, { tags: { Environment: 'prod' } });
    // A tag value JSON cannot hold, as a faulty source could hand over.
    const odd = { ...volume, tags: { ...volume.tags, Budget: 10n as unknown as string } };
    const source: Source = { description: 'fake', collect: async () => ({ items: [odd], scopes: [{ accountId: ACCOUNT, region: REGION }], errors: [] }) };
    const { code, stdout, stderr } = await run(['scan', '--snapshot', 'fake.json', '--format', 'json', '--gate', 'encryption'], source);
    expect(code).toBe(4);
    const report = JSON.parse(stdout) as ScanResult;
    const onVolume = report.evaluations.filter((evaluation) => evaluation.resource.id === 'vol-1');
    expect(onVolume.length).toBeGreaterThan(0);
    expect(onVolume.every((evaluation) => evaluation.resource.tags['Budget'] === '10')).toBe(true);
    const lines = stderr.trimEnd().split('\n');
    expect(lines.slice(0, -1)).toEqual(onVolume.map((evaluation) => expect.stringContaining(`gatewatch: json report: evaluations[${report.evaluations.indexOf(evaluation)}] (rule ${evaluation.ruleId} on ${volume.ARN}): Do not know how to serialize a BigInt; written with the values JSON cannot hold as text`)));
    expect(lines.at(-1)).toMatch(/^gatewatch: \d+ failed · .* — \d+ report entries could not be written as they are \(named above\)$/);
  });
});
