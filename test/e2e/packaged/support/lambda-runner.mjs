/**
 * One Lambda invocation of an unpacked bundle, the way the Node.js managed runtime does it: run in
 * the function's code root (LAMBDA_TASK_ROOT, the cwd), resolve `_HANDLER` (`path/module.export`,
 * trying .js, .mjs, .cjs as the runtime does), call the export with the JSON event and a context
 * object, and answer the JSON result — or the error as the runtime reports it
 * ({errorType, errorMessage, trace}). Run by lambda.ts under the Node binary of the function's
 * runtime, one process per invocation (a cold start each time).
 *
 * usage: node lambda-runner.mjs INVOCATION_FILE RESULT_FILE, with the function's environment set by
 * the caller. INVOCATION_FILE: {event, requestId, functionArn, timeoutMs} (what the runtime API
 * would hand over). The function's own stdout/stderr stay its logs; the outcome goes to RESULT_FILE.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import process from 'node:process';
import { pathToFileURL } from 'node:url';

const [invocationFile, resultFile] = process.argv.slice(2);
const env = process.env;
const started = Date.now();
const invocation = JSON.parse(readFileSync(invocationFile, 'utf8'));

/** The runtime's error shape (aws-lambda-nodejs-runtime-interface-client: errorType, errorMessage, trace). */
function asRuntimeError(error) {
  if (error instanceof Error) return { errorType: error.name, errorMessage: error.message, trace: String(error.stack ?? '').split('\n') };
  return { errorType: typeof error, errorMessage: String(error), trace: [] };
}

function finish(outcome) {
  writeFileSync(resultFile, JSON.stringify({ ...outcome, node: process.version }));
}

async function loadHandler() {
  const spec = env['_HANDLER'] ?? '';
  const dot = spec.lastIndexOf('.');
  const [modulePath, exported] = [spec.slice(0, dot), spec.slice(dot + 1)];
  const root = env['LAMBDA_TASK_ROOT'] ?? process.cwd();
  const file = ['.js', '.mjs', '.cjs'].map((extension) => join(root, `${modulePath}${extension}`)).find((candidate) => existsSync(candidate));
  if (file === undefined) throw Object.assign(new Error(`Cannot find module '${modulePath}'`), { name: 'Runtime.ImportModuleError' });
  const module = await import(pathToFileURL(file).href);
  const handler = module[exported];
  if (typeof handler !== 'function') throw Object.assign(new Error(`${spec} is undefined or not exported`), { name: 'Runtime.HandlerNotFound' });
  return handler;
}

let handler;
try {
  handler = await loadHandler();
} catch (error) {
  finish({ ok: false, phase: 'init', ...asRuntimeError(error) });
  process.exit(0);
}

const context = {
  callbackWaitsForEmptyEventLoop: true,
  functionName: env['AWS_LAMBDA_FUNCTION_NAME'],
  functionVersion: env['AWS_LAMBDA_FUNCTION_VERSION'],
  invokedFunctionArn: invocation.functionArn,
  memoryLimitInMB: env['AWS_LAMBDA_FUNCTION_MEMORY_SIZE'],
  awsRequestId: invocation.requestId,
  logGroupName: env['AWS_LAMBDA_LOG_GROUP_NAME'],
  logStreamName: env['AWS_LAMBDA_LOG_STREAM_NAME'],
  getRemainingTimeInMillis: () => Math.max(0, invocation.timeoutMs - (Date.now() - started)),
  done: () => undefined,
  fail: () => undefined,
  succeed: () => undefined,
};

try {
  const result = await handler(invocation.event, context);
  // The runtime answers JSON: what does not serialize does not reach the caller.
  finish({ ok: true, result: result === undefined ? null : JSON.parse(JSON.stringify(result)) });
} catch (error) {
  finish({ ok: false, phase: 'invoke', ...asRuntimeError(error) });
}
process.exit(0);
