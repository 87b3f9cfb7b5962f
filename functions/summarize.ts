/**
 * summarize: the last state of the nightly run. Merges the digests the targets kept, names every
 * target that failed or left no digest, and sends the run digest to SNS.
 */
import { z } from 'zod';
import { buildDigest, failingCount, mergeDigests } from '../findings/digest.js';
import { publish } from '../findings/sns-publisher.js';
import { defaultDependencies, type Dependencies } from './lib/dependencies.js';
import { handlerOf, logger } from './lib/runtime.js';

/** What the Map leaves for each target: its summary, or the error it ended with after its retries. */
const resultSchema = z.union([
  z.looseObject({ target: z.string(), ok: z.literal(true) }),
  z.strictObject({ target: z.string(), ok: z.literal(false), failure: z.looseObject({ Error: z.string().optional(), Cause: z.string().optional() }) }),
]);

export const summarizeInputSchema = z.looseObject({
  runId: z.string().min(1),
  startedAt: z.string().min(1),
  results: z.array(resultSchema),
});

export interface RunSummary {
  readonly runId: string;
  readonly targets: number;
  readonly failedTargets: number;
  readonly failing: number;
  readonly messageId: string;
}

/**
 * The readable part of a Catch's Cause: for a Lambda task Step Functions puts the function's error
 * payload there as JSON (`{"errorType", "errorMessage", "trace"}`), so its errorMessage; any other
 * Cause as it is.
 */
export function causeMessage(cause: string): string {
  try {
    const parsed: unknown = JSON.parse(cause);
    if (typeof parsed === 'object' && parsed !== null && typeof (parsed as { errorMessage?: unknown }).errorMessage === 'string') return (parsed as { errorMessage: string }).errorMessage;
  } catch {
    // Not JSON: a Cause of another kind of task, or of the state machine itself.
  }
  return cause;
}

export async function summarize(input: z.output<typeof summarizeInputSchema>, deps: Dependencies): Promise<RunSummary> {
  const settings = await deps.settings();
  const digests = await deps.runDigests().all(input.runId);
  const problems = input.results.flatMap((result) => {
    if (!result.ok) {
      const { Error: error = 'failed', Cause: cause } = result.failure;
      const reason = cause === undefined ? undefined : causeMessage(cause);
      return [`${result.target}: not scanned — ${error}${reason === undefined ? '' : ` (${reason.slice(0, 300)})`}`];
    }
    return digests.has(result.target) ? [] : [`${result.target}: finished but left no digest`];
  });
  const merged = mergeDigests([...digests.values()], settings.alerts.topResources);
  const digest = { ...merged, errors: [...problems, ...merged.errors] };
  const messageId = await publish(deps.sns(), deps.environment.ALERT_TOPIC_ARN, buildDigest(digest, { title: 'gatewatch nightly' }));
  const failing = failingCount(digest);
  logger.info('run summarized', { runId: input.runId, startedAt: input.startedAt, targets: input.results.length, failedTargets: problems.length, failing });
  return { runId: input.runId, targets: input.results.length, failedTargets: input.results.filter((result) => !result.ok).length, failing, messageId };
}

export const createHandler = (deps: Dependencies) => handlerOf('summarize', summarizeInputSchema, (input) => summarize(input, deps));
export const handler = createHandler(defaultDependencies());
