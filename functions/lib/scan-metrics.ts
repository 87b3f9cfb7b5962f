/** A scan's numbers as CloudWatch metrics (EMF through Powertools): failures by gate and severity, API calls, duration. */
import { MetricUnit, type Metrics } from '@aws-lambda-powertools/metrics';
import type { ScanResult } from '../../engine/result.js';
import type { PublishReport } from '../../findings/publish.js';

export function recordScanMetrics(metrics: Metrics, result: ScanResult, report: PublishReport | undefined, milliseconds: number): void {
  const failing = new Map<string, number>();
  for (const evaluation of result.evaluations) {
    if (evaluation.status !== 'FAIL' || evaluation.exemption !== undefined) continue;
    const key = `${evaluation.gate}\u0000${evaluation.severity}`;
    failing.set(key, (failing.get(key) ?? 0) + 1);
  }
  // One metric per gate × severity, each with its own dimensions (a shared set would mix them).
  for (const [key, count] of [...failing].sort(([a], [b]) => a.localeCompare(b))) {
    const [gate = '', severity = ''] = key.split('\u0000');
    const single = metrics.singleMetric();
    single.addDimensions({ gate, severity });
    single.addMetric('FailingFindings', MetricUnit.Count, count);
  }
  metrics.addMetric('UnknownEvaluations', MetricUnit.Count, result.counts.total.UNKNOWN);
  metrics.addMetric('ApiCalls', MetricUnit.Count, result.calls.reduce((sum, call) => sum + call.calls, 0));
  metrics.addMetric('CollectionErrors', MetricUnit.Count, result.errors.length);
  metrics.addMetric('ScanDuration', MetricUnit.Milliseconds, milliseconds);
  if (report !== undefined) {
    metrics.addMetric('NewFailures', MetricUnit.Count, report.transitions.newFailures);
    metrics.addMetric('ResolvedFindings', MetricUnit.Count, report.transitions.resolved);
    metrics.addMetric('UndeliveredFindings', MetricUnit.Count, report.failed.length);
  }
}
