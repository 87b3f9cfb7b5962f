/**
 * scan-target: one account × Region of the nightly run — assume the scan role in member accounts,
 * scan, sync the findings, alert, keep the digest — and return a small summary (the state
 * machine's payload stays far under its 256 KB).
 */
import { z } from 'zod';
import { defaultDependencies, type Dependencies } from './lib/dependencies.js';
import { collectionDeadline, handlerOf, logger, metrics } from './lib/runtime.js';
import type { DeadlineSpec } from '../aws/deadline.js';
import { recordScanMetrics } from './lib/scan-metrics.js';
import { scanTarget, type TargetSummary } from './lib/scan-one.js';
import { targetSchema } from './lib/targets.js';

export const scanInputSchema = targetSchema.extend({ runId: z.string().min(1) });

export async function scanOne(input: z.output<typeof scanInputSchema>, deps: Dependencies, deadline?: DeadlineSpec): Promise<TargetSummary> {
  const started = Date.now();
  logger.appendKeys({ runId: input.runId, accountId: input.accountId, region: input.region });
  const { result, report, summary } = await scanTarget(input, deps, undefined, deadline);
  // No account or Region dimension: each dimension value is a custom metric billed monthly.
  recordScanMetrics(metrics, result, report, Date.now() - started);
  for (const error of report.errors) logger.warn('delivery problem', { error });
  logger.info('target scanned', { ...summary });
  return summary;
}

export const createHandler = (deps: Dependencies) => handlerOf('scan-target', scanInputSchema, (input, context) => scanOne(input, deps, collectionDeadline(context)));
export const handler = createHandler(defaultDependencies());
