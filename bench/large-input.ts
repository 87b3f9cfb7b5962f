/**
 * `node --import tsx bench/large-input.ts [--sizes 1000,100000,500000,2000000] [--asff-size N] [--gzip-size N]`:
 * time and peak memory of `gatewatch scan --snapshot` over large AWS Config snapshots.
 *
 * The snapshots are made of the demo account's items (examples/demo-account.json: every resource
 * type, realistic AWS Config items of about 2 KB, references between them intact): copy after copy
 * of its two accounts under new account ids, each copy spread over eight Region pairs (Region names
 * rewritten throughout an item's text, so a copy's subnets, route tables and endpoints still refer
 * to each other), IAM and CloudFront once per account, each account's items together (as gatewatch
 * writes a snapshot, and as AWS Config delivers one account's), compact JSON as AWS Config writes it.
 * Each scan runs the CLI as a child process (`--format json --output FILE`; ASFF at 500,000 and a
 * gzipped snapshot at 100,000 by default) through a small wrapper around cli/main.ts that reports the
 * child's peak RSS from its own `process.resourceUsage()`. Targets: 500,000 items in ≤ 40 s and
 * ≤ 2 GiB; 2,000,000 items (`--sizes 500000,2000000`) complete with a time per item within 1.5 ×
 * that of 500,000.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { closeSync, createReadStream, createWriteStream, existsSync, mkdtempSync, openSync, readFileSync, readSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { createGzip } from 'node:zlib';
import type { BenchFigure, BenchSection } from './section.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const DEMO = join(ROOT, 'examples', 'demo-account.json');
const DEMO_ACCOUNTS = ['111122223333', '444455556666'];
const DEMO_REGIONS = ['eu-west-1', 'us-east-1'] as const;
/** The Region pairs a generated account's copies of the demo are put in. */
const REGION_PAIRS = [
  ['eu-west-1', 'us-east-1'],
  ['eu-west-2', 'us-east-2'],
  ['eu-west-3', 'us-west-1'],
  ['eu-central-1', 'us-west-2'],
  ['eu-north-1', 'ca-central-1'],
  ['eu-south-1', 'sa-east-1'],
  ['ap-southeast-1', 'ap-northeast-1'],
  ['ap-southeast-2', 'ap-south-1'],
] as const;

const GIB = 1024 ** 3;
export const TARGETS = { items: 500_000, seconds: 40, rssBytes: 2 * GIB, large: 2_000_000, perItemRatio: 1.5 } as const;

export interface LargeInputOptions {
  /** Snapshot sizes in items (default 1,000, 100,000 and 500,000). */
  readonly sizes?: readonly number[] | undefined;
  /** The size also scanned with `--format asff` (default 500,000, when among the sizes; the issue's ASFF ran out of heap at 250,000). */
  readonly asffSize?: number | undefined;
  /** The size also scanned gzipped (default 100,000, when among the sizes). */
  readonly gzipSize?: number | undefined;
  /** Progress lines as the section runs (the section's own lines come back in its result). */
  readonly log?: ((line: string) => void) | undefined;
}

interface DemoItem {
  readonly awsAccountId: string;
  readonly awsRegion: string;
}

interface Templates {
  /** Per demo account: its regional items' text for each Region pair, and its global items' text. */
  readonly accounts: readonly { readonly regional: readonly (readonly string[])[]; readonly global: readonly string[] }[];
}

/** The demo's items as JSON text, by account and Region pair: regional items rewritten, global ones apart. */
function templates(): Templates {
  const demo = JSON.parse(readFileSync(DEMO, 'utf8')) as { configurationItems: DemoItem[] };
  return {
    accounts: DEMO_ACCOUNTS.map((account) => {
      const items = demo.configurationItems.filter((item) => item.awsAccountId === account);
      return {
        global: items.filter((item) => item.awsRegion === 'global').map((item) => JSON.stringify(item)),
        regional: REGION_PAIRS.map(([first, second]) =>
          items
            .filter((item) => item.awsRegion !== 'global')
            // Through a placeholder, so a pair never rewrites a Region it has just written.
            .map((item) => JSON.stringify(item).replaceAll(DEMO_REGIONS[0], '\u0000A').replaceAll(DEMO_REGIONS[1], '\u0000B').replaceAll('\u0000A', first).replaceAll('\u0000B', second)),
        ),
      };
    }),
  };
}

/**
 * The items of generated copy `index` of the demo's accounts: each account's items together (as
 * gatewatch writes a snapshot, and as AWS Config delivers one account's), 8 Region pairs of its
 * regional items, its global items once.
 */
function* accountItems(index: number, demo: Templates): Generator<string> {
  const ids = DEMO_ACCOUNTS.map((_, offset) => String(200_000_000_000 + index * DEMO_ACCOUNTS.length + offset));
  const rewrite = (text: string): string => DEMO_ACCOUNTS.reduce((result, account, offset) => result.replaceAll(account, ids[offset] ?? account), text);
  for (const account of demo.accounts) {
    for (const pair of account.regional) for (const text of pair) yield rewrite(text);
    for (const text of account.global) yield rewrite(text);
  }
}

/** Writes a snapshot of `count` items (compact JSON, as AWS Config writes it); returns its size in bytes. */
export async function writeLargeSnapshot(file: string, count: number): Promise<number> {
  const demo = templates();
  const out = createWriteStream(file);
  const write = async (text: string): Promise<void> => {
    if (!out.write(text)) await once(out, 'drain');
  };
  await write(`{"fileVersion":"1.0","configSnapshotId":"bench-${count}","configurationItems":[`);
  let written = 0;
  let batch = '';
  for (let account = 0; written < count; account++) {
    for (const text of accountItems(account, demo)) {
      if (written === count) break;
      batch += written === 0 ? text : `,${text}`;
      written += 1;
      if (batch.length > 1024 ** 2) {
        await write(batch);
        batch = '';
      }
    }
  }
  await write(`${batch}]}`);
  out.end();
  await once(out, 'finish');
  return statSync(file).size;
}

async function gzipFile(file: string): Promise<string> {
  const target = `${file}.gz`;
  await pipeline(createReadStream(file), createGzip({ level: 1 }), createWriteStream(target));
  return target;
}

/**
 * A wrapper that runs the CLI's main() as bin/gatewatch.js does — the compiled build when it is
 * current, else the sources through tsx — and reports the process's own resource usage on exit.
 */
function wrapper(dir: string): string {
  const file = join(dir, 'run-cli.mjs');
  const main = pathToFileURL(join(ROOT, 'cli', 'main.ts')).href;
  const compiled = pathToFileURL(join(ROOT, 'bin', 'compiled.js')).href;
  writeFileSync(
    file,
    [
      `const { compiledCli } = await import(${JSON.stringify(compiled)});`,
      'const url = compiledCli();',
      'let cli;',
      `if (url === undefined) { const { register } = await import('tsx/esm/api'); register(); cli = await import(${JSON.stringify(main)}); } else cli = await import(url);`,
      "process.stderr.write(`BENCH_CLI ${url === undefined ? 'the TypeScript sources (tsx)' : 'the compiled build (dist/)'}\n`);",
      'const code = await cli.main(process.argv.slice(2));',
      'const usage = process.resourceUsage();',
      'process.stderr.write(`\\nBENCH ${JSON.stringify({ maxRssKiB: usage.maxRSS, cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000 })}\\n`);',
      'process.exitCode = code;',
      '',
    ].join('\n'),
  );
  return file;
}

export interface ScanRun {
  readonly label: string;
  readonly items: number;
  readonly inputBytes: number;
  readonly exitCode: number | null;
  readonly seconds: number;
  readonly cpuSeconds: number | undefined;
  readonly rssBytes: number | undefined;
  readonly reportBytes: number;
  /** The report ends as a complete document does. */
  readonly complete: boolean;
  readonly evaluations: number | undefined;
  readonly stderr: string;
}

async function runScan(options: { label: string; items: number; snapshot: string; format: 'json' | 'asff'; dir: string; entry: string; settings: string }): Promise<ScanRun> {
  const output = join(options.dir, `report-${options.items}.${options.format}.json`);
  const args = [options.entry, 'scan', '--snapshot', options.snapshot, '--format', options.format, '--output', output, '--settings', options.settings, '--exit-zero'];
  const started = performance.now();
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (text: string) => {
    stderr += text;
  });
  const [exitCode] = (await once(child, 'exit')) as [number | null];
  const seconds = (performance.now() - started) / 1000;
  const usage = /^BENCH (\{.*\})$/m.exec(stderr)?.[1];
  const measured = usage === undefined ? undefined : (JSON.parse(usage) as { maxRssKiB: number; cpuMs: number });
  const summary = /(\d+) failed(?: \(\d+ exempt\))? · (\d+) unknown · (\d+) passed · (\d+) not applicable/.exec(stderr);
  const evaluations = summary === null ? undefined : summary.slice(1).reduce((sum, count) => sum + Number(count), 0);
  let reportBytes = 0;
  let complete = false;
  if (existsSync(output)) {
    reportBytes = statSync(output).size;
    const tail = Buffer.alloc(Math.min(16, reportBytes));
    const fd = openSync(output, 'r');
    readSync(fd, tail, 0, tail.length, reportBytes - tail.length);
    closeSync(fd);
    complete = /[\]}]\n}\n$/.test(tail.toString('utf8'));
    rmSync(output);
  }
  return {
    label: options.label,
    items: options.items,
    inputBytes: statSync(options.snapshot).size,
    exitCode,
    seconds,
    cpuSeconds: measured === undefined ? undefined : measured.cpuMs / 1000,
    rssBytes: measured === undefined ? undefined : measured.maxRssKiB * 1024,
    reportBytes,
    complete,
    evaluations,
    stderr: stderr.replace(/\n?BENCH \{.*\}\n?/, '').trim(),
  };
}

const mib = (bytes: number): string => `${Math.round(bytes / 1024 ** 2).toLocaleString('en-US')} MiB`;
const secs = (seconds: number): string => `${seconds.toFixed(1)} s`;
const perThousand = (run: ScanRun): number => (run.seconds / run.items) * 1000;

function table(headers: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = headers.map((header, column) => Math.max(header.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: readonly string[]) => cells.map((cell, column) => (column < 2 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0))).join('  ').trimEnd();
  return [line(headers), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)];
}

const ok = (run: ScanRun): boolean => run.exitCode === 0 && run.complete;

/** The section: generates the snapshots, scans each, and holds the figures to their targets. */
export async function largeInputSection(options: LargeInputOptions = {}): Promise<BenchSection> {
  const sizes = [...(options.sizes ?? [1_000, 100_000, TARGETS.items])].sort((a, b) => a - b);
  const asffSize = options.asffSize ?? (sizes.includes(TARGETS.items) ? TARGETS.items : undefined);
  const gzipSize = options.gzipSize ?? (sizes.includes(100_000) ? 100_000 : undefined);
  const log = options.log ?? (() => undefined);
  const dir = mkdtempSync(join(tmpdir(), 'gatewatch-large-input-'));
  const entry = wrapper(dir);
  const runs: ScanRun[] = [];
  try {
    for (const items of sizes) {
      const snapshot = join(dir, `snapshot-${items}.json`);
      const generating = performance.now();
      const bytes = await writeLargeSnapshot(snapshot, items);
      log(`generated ${items.toLocaleString('en-US')} items (${mib(bytes)}) in ${secs((performance.now() - generating) / 1000)}`);
      // The default limit (2 GiB) stops larger files; the setting raises it, as a user would.
      const settings = join(dir, `settings-${items}.yaml`);
      writeFileSync(settings, `snapshot:\n  maxSize: ${Math.max(2, Math.ceil((bytes * 1.25) / GIB))} GiB\n`);
      const scans: { label: string; file: string; format: 'json' | 'asff' }[] = [{ label: 'json', file: snapshot, format: 'json' }];
      if (items === asffSize) scans.push({ label: 'asff', file: snapshot, format: 'asff' });
      if (items === gzipSize) scans.push({ label: 'json, gzip input', file: await gzipFile(snapshot), format: 'json' });
      for (const scan of scans) {
        const run = await runScan({ label: scan.label, items, snapshot: scan.file, format: scan.format, dir, entry, settings });
        runs.push(run);
        log(`${run.label} ${items.toLocaleString('en-US')}: ${secs(run.seconds)}, ${run.rssBytes === undefined ? '?' : mib(run.rssBytes)}, exit ${run.exitCode}${ok(run) ? '' : ` — ${run.stderr.split('\n').slice(-3).join(' | ')}`}`);
        if (scan.file !== snapshot) rmSync(scan.file);
      }
      rmSync(snapshot);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  const rows = runs.map((run) => [
    run.items.toLocaleString('en-US'),
    run.label,
    mib(run.inputBytes),
    secs(run.seconds),
    run.cpuSeconds === undefined ? '?' : secs(run.cpuSeconds),
    `${perThousand(run).toFixed(3)} s`,
    run.rssBytes === undefined ? '?' : mib(run.rssBytes),
    run.evaluations === undefined ? '?' : run.evaluations.toLocaleString('en-US'),
    mib(run.reportBytes),
    ok(run) ? 'ok' : `exit ${run.exitCode}${run.complete ? '' : ', report incomplete'}`,
  ]);
  const lines = [
    `gatewatch scan --snapshot over generated AWS Config snapshots (copies of the demo's accounts, each over ${REGION_PAIRS.length} Region pairs), Node ${process.version}, running ${[...new Set(runs.map((run) => /^BENCH_CLI (.*)$/m.exec(run.stderr)?.[1] ?? 'an unknown entry'))].join(' and ')}`,
    '',
    ...table(['items', 'scan', 'input', 'wall', 'cpu', 'per 1k items', 'peak RSS', 'evaluations', 'report', 'result'], rows),
  ];
  for (const run of runs.filter((candidate) => !ok(candidate))) lines.push('', `${run.label} ${run.items}: ${run.stderr}`);

  const figures: BenchFigure[] = [];
  const jsonRun = (items: number) => runs.find((run) => run.items === items && run.label === 'json');
  for (const run of runs) {
    figures.push({ name: `${run.label} scan of ${run.items.toLocaleString('en-US')} items completes with its whole report`, value: ok(run) ? 'yes' : 'no', target: 'yes', pass: ok(run) });
  }
  const target = jsonRun(TARGETS.items);
  if (target !== undefined) {
    figures.push({ name: `json scan of ${TARGETS.items.toLocaleString('en-US')} items, wall time`, value: secs(target.seconds), target: `≤ ${TARGETS.seconds} s`, pass: ok(target) && target.seconds <= TARGETS.seconds });
    figures.push({
      name: `json scan of ${TARGETS.items.toLocaleString('en-US')} items, peak RSS`,
      value: target.rssBytes === undefined ? 'not measured' : mib(target.rssBytes),
      target: `≤ ${mib(TARGETS.rssBytes)}`,
      pass: target.rssBytes !== undefined && target.rssBytes <= TARGETS.rssBytes,
    });
  }
  const large = jsonRun(TARGETS.large);
  if (large !== undefined && target !== undefined) {
    const ratio = perThousand(large) / perThousand(target);
    figures.push({ name: `json scan of ${TARGETS.large.toLocaleString('en-US')} items, time per item ÷ that of ${TARGETS.items.toLocaleString('en-US')}`, value: ratio.toFixed(2), target: `≤ ${TARGETS.perItemRatio}`, pass: ok(large) && ratio <= TARGETS.perItemRatio });
  }
  if (large !== undefined) figures.push({ name: `json scan of ${TARGETS.large.toLocaleString('en-US')} items, peak RSS`, value: large.rssBytes === undefined ? '?' : mib(large.rssBytes) });
  return { name: 'large-input', title: 'Any size of input: time and memory of a snapshot scan', lines, figures };
}

function printSection(section: BenchSection): void {
  process.stdout.write(`${section.title}\n\n${section.lines.join('\n')}\n\n`);
  for (const figure of section.figures) {
    const verdict = figure.pass === undefined ? '' : figure.pass ? '  PASS' : '  FAIL';
    process.stdout.write(`${figure.name}: ${figure.value}${figure.target === undefined ? '' : ` (target ${figure.target})`}${verdict}\n`);
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({ options: { sizes: { type: 'string' }, 'asff-size': { type: 'string' }, 'gzip-size': { type: 'string' } } });
  const sizes = values.sizes?.split(',').map((size) => Number(size.replaceAll('_', '').trim()));
  if (sizes?.some((size) => !Number.isSafeInteger(size) || size < 1) === true) {
    process.stderr.write(`--sizes ${values.sizes}: expected item counts such as 1000,100000,500000,2000000\n`);
    process.exit(2);
  }
  const number = (value: string | undefined) => (value === undefined ? undefined : Number(value));
  const section = await largeInputSection({ sizes, asffSize: number(values['asff-size']), gzipSize: number(values['gzip-size']), log: (line) => process.stderr.write(`${line}\n`) });
  printSection(section);
  process.exitCode = section.figures.every((figure) => figure.pass !== false) ? 0 : 1;
}
