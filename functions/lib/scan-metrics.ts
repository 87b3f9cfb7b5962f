/** A scan's numbers as CloudWatch metrics (EMF through Powertools): failures by gate and by severity, API calls, duration. */
import { MetricUnit, type Metrics } from '@aws-lambda-powertools/metrics';
import type { ScanResult } from '../../engine/result.js';
import type { PublishReport } from '../../findings/publish.js';

export function recordScanMetrics(metrics: Metrics, result: ScanResult, report: PublishReport | undefined, milliseconds: number): void {
  const byGate = new Map<string, number>();
  const bySeverity = new Map<string, number>();
  for (const evaluation of result.evaluations) {
    if (evaluation.status !== 'FAIL' || evaluation.exemption !== undefined) continue;
    byGate.set(evaluation.gate, (byGate.get(evaluation.gate) ?? 0) + 1);
    bySeverity.set(evaluation.severity, (bySeverity.get(evaluation.severity) ?? 0) + 1);
  }
  // One series per gate and one per severity (13 at most), not one per gate × severity (40):
  // every dimension value is a custom metric billed monthly. Each needs its own dimension set.
  for (const [dimension, counts] of [['gate', byGate], ['severity', bySeverity]] as const) {
    for (const [value, count] of [...counts].sort(([a], [b]) => a.localeCompare(b))) {
      const single = metrics.singleMetric();
      single.addDimension(dimension, value);
      single.addMetric('FailingFindings', MetricUnit.Count, count);
    }
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
