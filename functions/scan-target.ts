/**
 * scan-target: one account × Region of the nightly run — assume the scan role in member accounts,
 * scan, sync the findings, alert, keep the digest — and return a small summary (the state
 * machine's payload stays far under its 256 KB).
 *
 * This module holds the handler's frame only (middleware, input schema, metrics): the scan itself —
 * collectors and their SDK clients, rules, publishing — and the production dependencies are
 * imported on the first invocation, from chunks of their own in the bundle, and kept for the
 * container's life (bench/cold-start.ts measures the import and what the first invocation loads).
 */
import { z } from 'zod';
import type { Dependencies } from './lib/dependencies.js';
import { collectionDeadline, handlerOf, logger, metrics } from './lib/runtime.js';
import type { DeadlineSpec } from '../aws/deadline.js';
import { recordScanMetrics } from './lib/scan-metrics.js';
import type { TargetSummary } from './lib/scan-one.js';
import { targetSchema } from './lib/targets.js';

export const scanInputSchema = targetSchema.extend({ runId: z.string().min(1) });

export async function scanOne(input: z.output<typeof scanInputSchema>, deps: Dependencies, deadline?: DeadlineSpec): Promise<TargetSummary> {
  const started = Date.now();
  logger.appendKeys({ runId: input.runId, accountId: input.accountId, region: input.region });
  const { scanTarget } = await import('./lib/scan-one.js');
  const { result, report, summary } = await scanTarget(input, deps, undefined, deadline);
  // No account or Region dimension: each dimension value is a custom metric billed monthly.
  recordScanMetrics(metrics, result, report, Date.now() - started);
  for (const error of report.errors) logger.warn('delivery problem', { error });
  logger.info('target scanned', { ...summary });
  return summary;
}

const handlerWith = (deps: () => Promise<Dependencies>) =>
  handlerOf('scan-target', scanInputSchema, async (input, context) => scanOne(input, await deps(), collectionDeadline(context)));

export const createHandler = (deps: Dependencies) => handlerWith(async () => deps);

/** The production dependencies (their module imports the SDK clients and the rules), made on the first invocation. */
let production: Promise<Dependencies> | undefined;
export const handler = handlerWith(() => (production ??= Promise.all([import('./lib/dependencies.js'), import('./lib/prices.js')]).then(([module, prices]) => prices.withPrices(module.defaultDependencies()))));
