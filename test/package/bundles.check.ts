/**
 * The function zips `serverless package` wrote (.serverless/*.zip): what each holds — its
 * bundle's chunks and their source maps, the SDK clients and project modules in them (read from
 * the maps' sources), the IAM action index only where rules are evaluated — what the handler
 * loads at a cold start (the entry and the chunks it imports statically) against what waits for
 * the first invocation, the sizes against their budgets, and that each bundle loads and fails
 * cleanly with a stack trace that names the TypeScript source.
 * Run by `npm run test:package` (which packages first). Import times are the benchmark's
 * (bench/cold-start.ts), never a test's.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const TEMPLATE = join(root, '.serverless', 'cloudformation-template-update-stack.json');
if (!existsSync(TEMPLATE)) throw new Error(`${TEMPLATE} is missing: run \`npx serverless package\` first (npm run test:package does)`);

interface FunctionResource {
  readonly Properties: { readonly Handler: string; readonly Runtime: string; readonly Environment?: { readonly Variables?: Readonly<Record<string, unknown>> } };
}
const template = JSON.parse(readFileSync(TEMPLATE, 'utf8')) as { Resources: Record<string, { Type: string } & FunctionResource> };

const FUNCTIONS = ['planTargets', 'scanTarget', 'summarize', 'resourceChange'] as const;
type FunctionName = (typeof FUNCTIONS)[number];
/** The functions that evaluate rules, and so read the IAM action index. */
const EVALUATING: readonly FunctionName[] = ['scanTarget', 'resourceChange'];

/** Budgets (bytes): the zip, and the JavaScript a cold start loads. Today's sizes are about two thirds of these. */
const MB = 1024 * 1024;
const ZIP_BUDGET: Readonly<Record<FunctionName, number>> = { planTargets: 2 * MB, scanTarget: 3 * MB, summarize: 1.5 * MB, resourceChange: 3 * MB };
const COLD_START_BUDGET: Readonly<Partial<Record<FunctionName, number>>> = { scanTarget: 2.5 * MB, resourceChange: 1 * MB };

const dir = mkdtempSync(join(tmpdir(), 'gatewatch-bundles-'));

interface Unpacked {
  readonly name: FunctionName;
  readonly fn: FunctionResource;
  readonly zipBytes: number;
  readonly root: string;
  /** Every file, relative to the code root. */
  readonly files: readonly string[];
  /** The handler's module, relative to the code root (`functions/scan-target.mjs`). */
  readonly entry: string;
  /** The JavaScript files the entry imports statically, itself included: what a cold start loads. */
  readonly coldStart: ReadonlySet<string>;
  /** The sources of JavaScript files, from their maps: `functions/lib/scan-one.ts`, `node_modules/@aws-sdk/client-ec2/dist-es/…`. */
  sources(files: Iterable<string>): string[];
}

function filesUnder(folder: string, base = folder): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? filesUnder(join(folder, entry.name), base) : [relative(base, join(folder, entry.name))]));
}

/** Static imports of a minified ESM chunk: `import{a}from"./x.mjs"`, `export{a}from"./x.mjs"`, `import"./x.mjs"` (not `import("./x.mjs")`). */
const STATIC_IMPORT = /(?:from|import)\s*"(\.\/[^"]+\.mjs)"/g;

function unpack(name: FunctionName): Unpacked {
  const [, fn] = Object.entries(template.Resources).find(([id]) => id === `${name[0]?.toUpperCase()}${name.slice(1)}LambdaFunction`) ?? [];
  if (fn === undefined) throw new Error(`no function ${name} in the template`);
  const zip = join(root, '.serverless', `${name}.zip`);
  const out = join(dir, name);
  execFileSync('unzip', ['-q', '-o', zip, '-d', out]);
  const files = filesUnder(out).sort();
  const entry = `${fn.Properties.Handler.slice(0, fn.Properties.Handler.lastIndexOf('.'))}.mjs`;
  const coldStart = new Set<string>();
  const pending = [entry];
  for (let file = pending.pop(); file !== undefined; file = pending.pop()) {
    if (coldStart.has(file)) continue;
    coldStart.add(file);
    for (const [, target = ''] of readFileSync(join(out, file), 'utf8').matchAll(STATIC_IMPORT)) pending.push(join(dirname(file), target));
  }
  return {
    name,
    fn,
    zipBytes: statSync(zip).size,
    root: out,
    files,
    entry,
    coldStart,
    sources: (of) =>
      [...of].flatMap((file) =>
        (JSON.parse(readFileSync(join(out, `${file}.map`), 'utf8')) as { sources: string[] }).sources.map((source) => {
          const at = source.lastIndexOf('node_modules/');
          return at >= 0 ? source.slice(at) : source.replace(/^(\.\.\/)+/, '');
        }),
      ),
  };
}

const unpacked = new Map(FUNCTIONS.map((name) => [name, unpack(name)]));
const get = (name: FunctionName): Unpacked => {
  const bundle = unpacked.get(name);
  if (bundle === undefined) throw new Error(name);
  return bundle;
};
const javascript = (bundle: Unpacked) => bundle.files.filter((file) => file.endsWith('.mjs'));
const bytes = (bundle: Unpacked, files: Iterable<string>) => [...files].reduce((sum, file) => sum + statSync(join(bundle.root, file)).size, 0);
const clientsIn = (sources: readonly string[]) => [...new Set(sources.flatMap((source) => /node_modules\/@aws-sdk\/client-([a-z0-9-]+)\//.exec(source)?.[1] ?? []))].sort();
const collectorsIn = (sources: readonly string[]) => [...new Set(sources.filter((source) => source.startsWith('inventory/live/collectors/')))].sort();

/** The SDK clients the project's own modules under a folder import. */
function clientsImportedUnder(folder: string): string[] {
  const imports = filesUnder(join(root, folder))
    .filter((file) => file.endsWith('.ts'))
    .flatMap((file) => [...readFileSync(join(root, folder, file), 'utf8').matchAll(/from '@aws-sdk\/client-([a-z0-9-]+)'/g)].map((match) => match[1] ?? ''));
  return [...new Set(imports)].sort();
}

/**
 * The clients every function imports with its dependencies (functions/lib/dependencies.ts: DynamoDB,
 * Organizations, SNS, SSM, STS). Not all are called by every function: planTargets calls no
 * DynamoDB, summarize no Organizations, scanTarget and resourceChange no Organizations; they come
 * with that shared module, and leave the zips when it imports them where they are used.
 */
const COMMON_CLIENTS = ['dynamodb', 'organizations', 'sns', 'ssm', 'sts'];
const sorted = (...lists: readonly (readonly string[])[]) => [...new Set(lists.flat())].sort();
const EXPECTED_CLIENTS: Readonly<Record<FunctionName, readonly string[]>> = {
  // ec2:DescribeRegions when the settings name no Regions.
  planTargets: sorted(COMMON_CLIENTS, ['ec2']),
  summarize: sorted(COMMON_CLIENTS),
  // The live source's collectors, Security Hub, and the Price List for the fixes' estimates
  // (functions/lib/prices.ts: only the functions that scan).
  scanTarget: sorted(COMMON_CLIENTS, clientsImportedUnder('inventory/live'), ['securityhub', 'pricing']),
  resourceChange: sorted(COMMON_CLIENTS, clientsImportedUnder('inventory/live'), ['securityhub', 'pricing']),
};
/** The clients a cold start loads: scanTarget's input schema shares its module (functions/lib/targets.ts) with the Region list (EC2). */
const COLD_START_CLIENTS: Readonly<Partial<Record<FunctionName, readonly string[]>>> = { scanTarget: ['ec2'], resourceChange: [] };

describe.each(FUNCTIONS)('the %s zip', (name) => {
  const bundle = get(name);

  it('holds its bundle (entry, chunks and their source maps), the settings, and no node_modules', () => {
    expect(bundle.files).toContain(bundle.entry);
    expect(bundle.files).toContain('deploy/settings.yaml');
    expect(bundle.files.filter((file) => file.startsWith('node_modules/'))).toEqual([]);
    const prefix = bundle.entry.replace(/\.mjs$/, '.');
    for (const file of javascript(bundle)) {
      // Chunks are named after their function's entry, so no zip holds another function's.
      expect([file, file === bundle.entry || file.startsWith(prefix)]).toEqual([file, true]);
      expect(bundle.files).toContain(`${file}.map`);
    }
    const known = new Set([...javascript(bundle), ...javascript(bundle).map((file) => `${file}.map`), 'deploy/settings.yaml', 'functions/iam-action-index.json']);
    expect(bundle.files.filter((file) => !known.has(file))).toEqual([]);
  });

  it(`holds the IAM action index ${EVALUATING.includes(name) ? 'beside its bundle (it evaluates rules)' : 'nowhere (it evaluates no rule)'}, and no other IAM data`, () => {
    const index = join(bundle.root, 'functions', 'iam-action-index.json');
    if (EVALUATING.includes(name)) expect(readFileSync(index, 'utf8')).toBe(readFileSync(join(root, 'rules', 'lib', 'iam-action-index.json'), 'utf8'));
    else expect(existsSync(index)).toBe(false);
    expect(bundle.sources(javascript(bundle)).filter((source) => /iam-data|iam-action-index/.test(source))).toEqual([]);
  });

  it('holds exactly the SDK clients its handler imports', () => {
    expect(clientsIn(bundle.sources(javascript(bundle)))).toEqual(EXPECTED_CLIENTS[name]);
  });

  it(EVALUATING.includes(name) ? 'holds every collector, loaded on the first invocation, not at the cold start' : 'holds no collector', () => {
    const all = collectorsIn(bundle.sources(javascript(bundle)));
    const collectors = filesUnder(join(root, 'inventory', 'live', 'collectors')).map((file) => `inventory/live/collectors/${file}`);
    expect(all).toEqual(EVALUATING.includes(name) ? collectors.sort() : []);
    expect(collectorsIn(bundle.sources(bundle.coldStart))).toEqual([]);
    const clients = COLD_START_CLIENTS[name];
    if (clients !== undefined) expect(clientsIn(bundle.sources(bundle.coldStart))).toEqual(clients);
  });

  it('stays within its size budgets', () => {
    expect(bundle.zipBytes).toBeLessThanOrEqual(ZIP_BUDGET[name]);
    const budget = COLD_START_BUDGET[name];
    if (budget !== undefined) expect(bytes(bundle, bundle.coldStart)).toBeLessThanOrEqual(budget);
  });

  it('loads on Node and rejects a malformed input cleanly, its stack trace naming the TypeScript source (the template enables source maps)', () => {
    expect(bundle.fn.Properties.Runtime).toBe('nodejs22.x');
    const [, exported] = bundle.fn.Properties.Handler.split('.');
    expect(exported).toBe('handler');
    const script = `
      const { handler } = await import(${JSON.stringify(join(bundle.root, bundle.entry))});
      const context = { awsRequestId: 'r-1', functionName: 'f', functionVersion: '1', invokedFunctionArn: 'arn:aws:lambda:us-east-1:111122223333:function:f', memoryLimitInMB: '128', getRemainingTimeInMillis: () => 1000 };
      try { const result = await handler('not an event', context); console.log(JSON.stringify({ result })); }
      catch (error) { console.log(JSON.stringify({ error: error.name, message: error.message, stack: error.stack })); }`;
    const nodeOptions = String(bundle.fn.Properties.Environment?.Variables?.['NODE_OPTIONS'] ?? '');
    const output = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: bundle.root,
      env: {
        PATH: process.env['PATH'] ?? '',
        NODE_OPTIONS: nodeOptions,
        AWS_REGION: 'us-east-1',
        STATE_TABLE: 'gatewatch-test-state',
        ALERT_TOPIC_ARN: 'arn:aws:sns:us-east-1:111122223333:gatewatch-test-alerts',
        LAMBDA_TASK_ROOT: bundle.root,
        AWS_ACCESS_KEY_ID: 'x',
        AWS_SECRET_ACCESS_KEY: 'x',
        POWERTOOLS_DEV: 'true',
      },
      encoding: 'utf8',
    });
    const last = JSON.parse(output.trim().split('\n').at(-1) ?? '{}') as { error?: string; stack?: string; result?: { status?: string } };
    if (name === 'resourceChange') {
      expect(last.result?.status).toBe('rejected');
    } else {
      expect(last.error).toBe('InvalidInputError');
      // handlerOf throws it: with the template's NODE_OPTIONS the frame names functions/lib/runtime.ts.
      expect(last.stack).toMatch(/functions\/lib\/runtime\.ts:\d+:\d+/);
    }
  });
});
