/**
 * resource-change: an EventBridge event (AWS Config item change, or a CloudTrail call that can
 * break a gate) → the resources it touched → a narrow scan → their findings synced.
 *
 * A malformed or unknown event is logged and answered with a rejection, never thrown: retrying it
 * could not help. AWS errors are thrown, so Lambda retries the event and then dead-letters it.
 */
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { z } from 'zod';
import { parseChangeEvent } from '../inventory/events/parse-event.js';
import { handleChange, type ChangeOutcome, type ChangeSources } from './lib/change.js';
import { defaultDependencies, type Dependencies } from './lib/dependencies.js';
import { collectionDeadline, handlerOf, logger, metrics } from './lib/runtime.js';

export async function onEvent(event: unknown, deps: Dependencies, sources: ChangeSources = {}): Promise<ChangeOutcome> {
  const request = parseChangeEvent(event);
  const single = metrics.singleMetric();
  single.addDimensions({ outcome: request.kind });
  single.addMetric('ChangeEvents', MetricUnit.Count, 1);
  if (request.kind === 'rejected') {
    logger.error('change event rejected', { reason: request.reason });
    return { status: 'rejected', reason: request.reason };
  }
  if (request.kind === 'ignored') {
    logger.info('change event ignored', { origin: request.origin, reason: request.reason });
    return { status: 'ignored', reason: request.reason, origin: request.origin };
  }
  logger.appendKeys({ origin: request.origin, accountId: request.accountId });
  const outcome = await handleChange(request, deps, sources);
  logger.info('change handled', { ...outcome });
  for (const error of outcome.status === 'done' ? outcome.errors : []) logger.warn('delivery problem', { error });
  return outcome;
}

export const createHandler = (deps: Dependencies, sources: ChangeSources = {}) => handlerOf('resource-change', z.unknown(), (event, context) => onEvent(event, deps, { deadline: collectionDeadline(context), ...sources }));
export const handler = createHandler(defaultDependencies());
