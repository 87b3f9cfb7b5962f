/**
 * resource-change: an EventBridge event (AWS Config item change, or a CloudTrail call that can
 * break a gate) → the resources it touched → a narrow scan → their findings synced.
 *
 * A malformed or unknown event is logged and answered with a rejection, never thrown: retrying it
 * could not help. AWS errors are thrown, so Lambda retries the event and then dead-letters it.
 *
 * This module holds the handler's frame and the event parser only: the narrow scan — collectors
 * and their SDK clients, rules, publishing — and the production dependencies are imported when an
 * event first needs them, from chunks of their own in the bundle (a rejected or ignored event
 * never loads them), and kept for the container's life.
 */
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { z } from 'zod';
import { parseChangeEvent } from '../inventory/events/parse-event.js';
import type { ChangeOutcome, ChangeSources } from './lib/change.js';
import type { Dependencies } from './lib/dependencies.js';
import { collectionDeadline, handlerOf, logger, metrics } from './lib/runtime.js';

async function respond(event: unknown, deps: () => Promise<Dependencies>, sources: ChangeSources): Promise<ChangeOutcome> {
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
  const [{ handleChange }, dependencies] = await Promise.all([import('./lib/change.js'), deps()]);
  const outcome = await handleChange(request, dependencies, sources);
  logger.info('change handled', { ...outcome });
  for (const error of outcome.status === 'done' ? outcome.errors : []) logger.warn('delivery problem', { error });
  return outcome;
}

export async function onEvent(event: unknown, deps: Dependencies, sources: ChangeSources = {}): Promise<ChangeOutcome> {
  return respond(event, async () => deps, sources);
}

const handlerWith = (deps: () => Promise<Dependencies>, sources: ChangeSources) =>
  handlerOf('resource-change', z.unknown(), (event, context) => respond(event, deps, { deadline: collectionDeadline(context), ...sources }));

export const createHandler = (deps: Dependencies, sources: ChangeSources = {}) => handlerWith(async () => deps, sources);

/** The production dependencies (their module imports the SDK clients and the rules), made when an event first needs them. */
let production: Promise<Dependencies> | undefined;
export const handler = handlerWith(() => (production ??= Promise.all([import('./lib/dependencies.js'), import('./lib/prices.js')]).then(([module, prices]) => prices.withPrices(module.defaultDependencies()))), {});
