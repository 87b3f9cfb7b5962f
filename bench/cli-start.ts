/**
 * The gatewatch command's start, as a user runs it (`node bin/gatewatch.js`, what `gatewatch` and
 * `npm start` run): the wall time of `gatewatch rules`, and the time from starting the demo scan
 * (`npm start`'s arguments) to its first line on stdout, each the median of five fresh processes
 * against ≤ 500 ms, with the compiled CLI (dist/, rebuilt first when it is stale). For
 * information: the same from the TypeScript sources (what runs while dist/ is stale), and
 * `npm start` itself, whose npm adds its own start.
 *
 *   node --import tsx bench/cli-start.ts [--runs N] [--no-build]
 */
import { execFileSync, spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { sectionPassed, type BenchFigure, type BenchSection } from './section.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const BIN = join(ROOT, 'bin', 'gatewatch.js');
const TARGET_MS = 500;
const DEMO = ['scan', '--snapshot', 'examples/demo-account.json', '--settings', 'examples/gatewatch.example.yaml', '--exit-zero'];

export interface CliStartOptions {
  /** Fresh processes per figure (default 5; the figures for information take at most 3). */
  readonly runs?: number;
  /** Rebuild dist/ when it is stale (default true); false measures whatever bin/gatewatch.js picks. */
  readonly build?: boolean;
}

interface Timing {
  /** From spawn to the first line on stdout. */
  readonly firstLineMs: number;
  /** From spawn to exit. */
  readonly exitMs: number;
}

/** Runs a command to its end, timing its first stdout line and its exit; fails on a non-zero exit. */
function timed(command: string, args: readonly string[], env: Readonly<Record<string, string>> = {}): Promise<Timing> {
  const base = Object.fromEntries(Object.entries(process.env).filter(([key]) => key !== 'NODE_OPTIONS' && !key.startsWith('GATEWATCH_')));
  return new Promise((resolve, reject) => {
    const started = performance.now();
    let firstLineMs: number | undefined;
    let stderr = '';
    const child = spawn(command, [...args], { cwd: ROOT, env: { ...base, NO_COLOR: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (chunk: Buffer) => {
      if (firstLineMs === undefined && chunk.includes(0x0a)) firstLineMs = performance.now() - started;
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const exitMs = performance.now() - started;
      if (code !== 0) reject(new Error(`${command} ${args.join(' ')} exited ${String(code)}: ${stderr.trim().split('\n').slice(-5).join('\n')}`));
      else resolve({ firstLineMs: firstLineMs ?? exitMs, exitMs });
    });
  });
}

async function repeat(runs: number, run: () => Promise<Timing>): Promise<Timing[]> {
  const timings: Timing[] = [];
  for (let index = 0; index < runs; index += 1) timings.push(await run());
  return timings;
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? Number.NaN) : ((sorted[middle - 1] ?? Number.NaN) + (sorted[middle] ?? Number.NaN)) / 2;
};
const ms = (value: number) => `${Math.round(value)} ms`;

/** Whether bin/gatewatch.js would run the compiled CLI now (asked of bin/compiled.js in a process of its own: bench imports no tooling). */
function compiledIsCurrent(): boolean {
  const script = "const { compiledCli } = await import('./bin/compiled.js'); process.stdout.write(String(compiledCli() !== undefined));";
  return execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8' }).trim() === 'true';
}

export async function cliStartSection(options: CliStartOptions = {}): Promise<BenchSection> {
  const runs = options.runs ?? 5;
  const lines: string[] = [];
  if (!compiledIsCurrent() && options.build !== false) {
    const started = Date.now();
    execFileSync(process.execPath, [join(ROOT, 'bin', 'build-cli.js')], { cwd: ROOT, stdio: 'ignore' });
    lines.push(`dist/ was missing or stale: built it in ${((Date.now() - started) / 1000).toFixed(1)} s (npm run build)`);
  }
  const compiled = compiledIsCurrent();
  const node = (args: readonly string[], env?: Readonly<Record<string, string>>) => () => timed(process.execPath, [BIN, ...args], env);
  const rules = await repeat(runs, node(['rules']));
  const demo = await repeat(runs, node(DEMO));
  const few = Math.min(runs, 3);
  const rulesFromSource = await repeat(few, node(['rules'], { GATEWATCH_FROM_SOURCE: '1' }));
  const demoFromSource = await repeat(few, node(DEMO, { GATEWATCH_FROM_SOURCE: '1' }));
  const npmStart = await repeat(few, () => timed(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['start', '--silent']));

  const rulesMs = median(rules.map((timing) => timing.exitMs));
  const demoMs = median(demo.map((timing) => timing.firstLineMs));
  const figures: BenchFigure[] = [
    { name: `gatewatch rules, wall time, median of ${runs}`, value: ms(rulesMs), target: `≤ ${TARGET_MS} ms`, pass: compiled && rulesMs <= TARGET_MS },
    { name: `demo scan, first stdout line, median of ${runs}`, value: ms(demoMs), target: `≤ ${TARGET_MS} ms`, pass: compiled && demoMs <= TARGET_MS },
    { name: `demo scan, exit, median of ${runs}`, value: ms(median(demo.map((timing) => timing.exitMs))) },
    { name: `gatewatch rules from the sources (tsx), median of ${few}`, value: ms(median(rulesFromSource.map((timing) => timing.exitMs))) },
    { name: `demo scan from the sources (tsx), first stdout line, median of ${few}`, value: ms(median(demoFromSource.map((timing) => timing.firstLineMs))) },
    { name: `npm start, first stdout line, median of ${few}`, value: ms(median(npmStart.map((timing) => timing.firstLineMs))) },
  ];
  lines.push(
    `node ${process.version}, node bin/gatewatch.js as a fresh process per run, ${compiled ? 'running the compiled CLI (dist/)' : 'with no current build: the sources ran, so no target can pass'}`,
    '',
    ...figures.map((figure) => `${figure.name.padEnd(68)} ${figure.value.padStart(8)}${figure.target === undefined ? '' : `  ${figure.target}`}`),
    '',
    'Before issue 12 every run went through tsx (~1.9 s). npm start adds npm\'s own start to the demo.',
  );
  return { name: 'cli-start', title: 'CLI start: gatewatch rules and the demo', lines, figures };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { runs: { type: 'string' }, 'no-build': { type: 'boolean' } } });
  const section = await cliStartSection({ ...(values.runs === undefined ? {} : { runs: Number(values.runs) }), build: values['no-build'] !== true });
  process.stdout.write(`${section.title}\n\n${section.lines.join('\n')}\n\n`);
  for (const figure of section.figures.filter((figure) => figure.target !== undefined)) {
    process.stdout.write(`${figure.pass === true ? 'PASS' : 'FAIL'}  ${figure.name}: ${figure.value} (target ${figure.target ?? ''})\n`);
  }
  process.exitCode = sectionPassed(section) ? 0 : 1;
}
