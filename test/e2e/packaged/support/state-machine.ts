/**
 * Step Functions, emulated: the packaged definition executed by aws-local-stepfunctions in a child
 * process of Node 22 (the library needs Promise.withResolvers), its Task states overridden to
 * invoke the unpacked bundles through {@link LambdaEmulator} — as the `lambda:invoke` service
 * integration would, errors included (Error = the function's errorType, Cause = its error
 * payload). Retry pauses are shortened (the retriers still count and match as written).
 */
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FunctionError, LambdaEmulator } from './lambda.js';
import { REPOSITORY } from './packaged.js';

const RUNNER = join(dirname(fileURLToPath(import.meta.url)), 'sfn-runner.mjs');

/** One event of the execution history (aws-local-stepfunctions' event log). */
export interface ExecutionEvent {
  readonly type: string;
  readonly state?: { readonly name: string; readonly type: string; readonly input?: unknown; readonly output?: unknown };
  readonly Error?: string;
  readonly Cause?: string;
  readonly index?: number;
  readonly retry?: { readonly attempt: number; readonly retrier: { readonly ErrorEquals: readonly string[] } };
  readonly catch?: { readonly catcher: { readonly ErrorEquals: readonly string[]; readonly Next: string } };
}

export type Execution = { readonly events: readonly ExecutionEvent[] } & (
  | { readonly status: 'SUCCEEDED'; readonly output: unknown }
  | { readonly status: 'FAILED'; readonly error: string; readonly cause: string }
);

type ChildMessage =
  | { type: 'invoke'; id: number; functionName: string; payload: unknown }
  | ({ type: 'done'; events: ExecutionEvent[] } & ({ status: 'SUCCEEDED'; output: unknown } | { status: 'FAILED'; error: string; cause: string }));

/** The Cause Step Functions gives a Lambda function error: the runtime's error payload, as JSON. */
export function lambdaCause(error: FunctionError): string {
  return JSON.stringify({ errorMessage: error.errorMessage, errorType: error.errorType, trace: error.trace });
}

export async function runStateMachine(options: {
  readonly definition: Record<string, unknown>;
  readonly input: unknown;
  readonly lambda: LambdaEmulator;
  /** The Node binary to run the library with (Node 22). */
  readonly node: string;
  readonly retryIntervalMs?: number;
  readonly timeoutMs?: number;
}): Promise<Execution> {
  const child = spawn(options.node, [RUNNER], { cwd: REPOSITORY, env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin' }, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
  let output = '';
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000));
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return new Promise<Execution>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the state machine did not finish within ${options.timeoutMs ?? 100_000} ms:\n${output}`));
    }, options.timeoutMs ?? 100_000);
    const settle = (result: Execution | Error) => {
      clearTimeout(timer);
      if (result instanceof Error) reject(result);
      else resolve(result);
    };
    child.once('error', (error) => settle(error));
    child.once('exit', (code) => settle(new Error(`the state machine runner exited (${String(code)}) without a result:\n${output}`)));
    child.on('message', (raw) => {
      const message = raw as ChildMessage;
      if (message.type === 'done') {
        child.removeAllListeners('exit');
        const { type: _type, ...execution } = message;
        settle(execution);
        return;
      }
      void options.lambda.invoke(message.functionName, message.payload).then(
        (invocation) =>
          child.send(
            invocation.ok
              ? { type: 'invoked', id: message.id, ok: true, result: invocation.result }
              : { type: 'invoked', id: message.id, ok: false, error: { Error: invocation.error.errorType, Cause: lambdaCause(invocation.error) } },
          ),
        // The function could not be invoked at all (unknown name): the integration's own error.
        (error: Error) => child.send({ type: 'invoked', id: message.id, ok: false, error: { Error: 'Lambda.ResourceNotFoundException', Cause: error.message } }),
      );
    });
    child.send({ type: 'start', definition: options.definition, input: options.input, retryIntervalMs: options.retryIntervalMs ?? 10 });
  });
}
