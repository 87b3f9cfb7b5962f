/**
 * One execution of a state machine definition with aws-local-stepfunctions (which needs Node 22:
 * Promise.withResolvers). Every Task state is overridden by a local handler that asks the parent
 * process (over IPC) to invoke the Lambda function, as the service integration would:
 *
 * - `arn:aws:states:::lambda:invoke`: the task's effective input is {FunctionName, Payload}; the
 *   result is the integration's {ExecutedVersion, Payload, StatusCode}; a function error fails the
 *   task with Error = the function's errorType and Cause = its error payload as JSON.
 * - a Lambda function ARN as Resource: the input is the payload, the result the function's.
 *
 * Protocol (parent → child): {type: 'start', definition, input, retryIntervalMs};
 * child → parent: {type: 'invoke', id, functionName, payload} answered by
 * {type: 'invoked', id, ok, result | error: {Error, Cause}}; finally {type: 'done', status,
 * output | error, cause, events}.
 */
import process from 'node:process';
import { setTimeout } from 'node:timers';
import { StateMachine } from 'aws-local-stepfunctions';

const LAMBDA_INVOKE = 'arn:aws:states:::lambda:invoke';
const FUNCTION_ARN = /^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]+(:[A-Za-z0-9_$-]+)?$/;

const pending = new Map();
let nextId = 0;

function invoke(functionName, payload) {
  const id = nextId++;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject });
    process.send({ type: 'invoke', id, functionName, payload });
  });
}

process.on('message', (message) => {
  if (message.type === 'invoked') {
    const waiter = pending.get(message.id);
    pending.delete(message.id);
    if (message.ok) waiter?.resolve(message.result);
    else waiter?.reject(Object.assign(new Error(message.error.Cause), { name: message.error.Error }));
    return;
  }
  if (message.type === 'start') void run(message);
});

/**
 * Every Task state of the definition, nested Map and Parallel states included: name → Resource.
 * A Task without TimeoutSeconds gets none here either, in effect: the library would time it out
 * after 60 s (the States Language spec's default), where Step Functions sets no timeout (the
 * Lambda function's own Timeout, enforced by the emulated Lambda, bounds it). 2,000,000 s is the
 * most a Node timer holds (2^31 ms).
 */
function taskStates(definition, found = new Map()) {
  for (const [name, state] of Object.entries(definition.States ?? {})) {
    if (state.Type === 'Task' && state.TimeoutSeconds === undefined && state.TimeoutSecondsPath === undefined) state.TimeoutSeconds = 2_000_000;
    if (state.Type === 'Task') found.set(name, state.Resource);
    if (state.Type === 'Map') taskStates(state.ItemProcessor ?? state.Iterator ?? {}, found);
    if (state.Type === 'Parallel') for (const branch of state.Branches ?? []) taskStates(branch, found);
  }
  return found;
}

/** Every state with a Retry field: name → the pause to use instead of its IntervalSeconds. */
function retrying(definition, pause, found = {}) {
  for (const [name, state] of Object.entries(definition.States ?? {})) {
    if (Array.isArray(state.Retry)) found[name] = pause;
    if (state.Type === 'Map') retrying(state.ItemProcessor ?? state.Iterator ?? {}, pause, found);
    if (state.Type === 'Parallel') for (const branch of state.Branches ?? []) retrying(branch, pause, found);
  }
  return found;
}

function handlerFor(resource) {
  if (resource === LAMBDA_INVOKE) {
    return async (input) => {
      const payload = await invoke(input.FunctionName, input.Payload);
      return { ExecutedVersion: '$LATEST', Payload: payload, StatusCode: 200 };
    };
  }
  if (FUNCTION_ARN.test(resource)) return (input) => invoke(resource, input);
  return () => {
    throw Object.assign(new Error(`the local runner does not emulate the Task resource ${resource}`), { name: 'States.Runtime' });
  };
}

async function run({ definition, input, retryIntervalMs }) {
  const events = [];
  try {
    const tasks = taskStates(definition);
    const machine = new StateMachine(definition);
    const taskResourceLocalHandlers = Object.fromEntries([...tasks].map(([name, resource]) => [name, handlerFor(resource)]));
    const execution = machine.run(input, { overrides: { taskResourceLocalHandlers, retryIntervalOverrides: retrying(definition, retryIntervalMs) } });
    const logging = (async () => {
      for await (const event of execution.eventLogs) events.push(event);
    })();
    let outcome;
    try {
      outcome = { status: 'SUCCEEDED', output: await execution.result };
    } catch (error) {
      // ExecutionError wraps the error the execution failed with.
      const failed = error?.cause instanceof Error ? error.cause : error;
      outcome = { status: 'FAILED', error: failed?.name ?? 'Error', cause: failed?.message ?? String(failed) };
    }
    await Promise.race([logging, new Promise((resolve) => setTimeout(resolve, 200))]);
    process.send({ type: 'done', ...outcome, events }, () => process.exit(0));
  } catch (error) {
    process.send({ type: 'done', status: 'FAILED', error: 'States.Runtime', cause: `the definition could not run: ${error?.message ?? error}`, events }, () => process.exit(0));
  }
}
