/**
 * What every handler shares: one Powertools logger and one metrics object per container, and the
 * middy middleware stack — context in the logs, cold starts and metrics flushed as CloudWatch EMF,
 * input validated before the handler runs.
 */
import middy from '@middy/core';
import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import type { Context } from 'aws-lambda';
import type { z } from 'zod';

export const logger = new Logger({ serviceName: 'gatewatch' });
export const metrics = new Metrics({ namespace: 'gatewatch', serviceName: 'gatewatch' });

/**
 * The time a handler keeps back from its Lambda timeout (serverless.yml: scan-target 900 s,
 * resource-change 300 s) for what follows the collection: evaluating, syncing findings with
 * Security Hub (100 findings a request, paced under 10 requests/s, the SDK's retries and 20 s
 * request timeouts included), the finding states in DynamoDB, alerts and the digest. Two minutes,
 * but never more than a quarter of the time left (resource-change keeps 75 s; a short test
 * context is not starved).
 */
export const PUBLISH_MARGIN_MS = 120_000;
export const PUBLISH_MARGIN_SHARE = 0.25;

/**
 * The collection's deadline in a Lambda: the milliseconds left before the function's timeout,
 * less the publishing margin. Undefined when the context cannot tell (not a Lambda context).
 */
export function collectionDeadline(context: Pick<Context, 'getRemainingTimeInMillis'> | undefined): (() => number) | undefined {
  if (typeof context?.getRemainingTimeInMillis !== 'function') return undefined;
  return () => {
    const remaining = context.getRemainingTimeInMillis();
    return remaining - Math.min(PUBLISH_MARGIN_MS, remaining * PUBLISH_MARGIN_SHARE);
  };
}

/** An input that failed validation: the path of the first bad field and what was expected. */
export class InvalidInputError extends Error {
  override readonly name = 'InvalidInputError';
}

/** `path: problem` of a zod error's first issue. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.length === 0 ? '(event)' : issue.path.join('.')}: ${issue.message}`)
    .join('; ');
}

/**
 * Wraps a handler in the shared middleware. The event is parsed with `schema` first: a Step
 * Functions task fails on bad input (the state machine shows why); nothing is half-done.
 */
export function handlerOf<S extends z.ZodType, R>(name: string, schema: S, handle: (input: z.output<S>, context: Context) => Promise<R>) {
  return middy(async (event: unknown, context: Context): Promise<R> => {
    const parsed = schema.safeParse(event);
    if (!parsed.success) {
      const message = `${name}: invalid input — ${describeIssues(parsed.error)}`;
      logger.error(message);
      throw new InvalidInputError(message);
    }
    return handle(parsed.data, context);
  })
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(logMetrics(metrics, { captureColdStartMetric: true }));
}
