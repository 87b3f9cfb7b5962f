/** What a scan produces: evaluations, completeness per scope, collection errors and counts. */
import type { CallCount } from '../aws/call-stats.js';
import type { CollectionError, Scope } from '../inventory/source.js';
import type { MessageData } from '../rules/lib/types.js';
import type { Gate, Severity, Status } from '../model/gates.js';
import type { FixCost } from '../model/fix-cost.js';
import type { FixCostSummary } from './fix-costs.js';

export interface EvaluatedResource {
  readonly type: string;
  /** The resource id; `*` for a scope-level evaluation (the type could not be listed). */
  readonly id: string;
  readonly arn: string | undefined;
  readonly name: string;
  readonly accountId: string;
  readonly region: string;
  readonly tags: Readonly<Record<string, string>>;
}

export interface Exemption {
  readonly source: 'settings' | 'tag';
  readonly reason: string;
  /** As written in the settings file; absent for tag exemptions. */
  readonly expires?: string | undefined;
}

export interface Evaluation {
  readonly ruleId: string;
  readonly gate: Gate;
  readonly severity: Severity;
  readonly status: Status;
  readonly messageId: string;
  /** The message with its placeholders filled in. */
  readonly message: string;
  readonly data: MessageData;
  readonly resource: EvaluatedResource;
  /** Present on an exempted FAIL: it stays a FAIL, shown and published as suppressed. */
  readonly exemption?: Exemption | undefined;
  /** On a FAIL whose rule says what its fix buys: the fix's monthly cost, or why it is free, usage-based or unavailable. */
  readonly fixCost?: FixCost | undefined;
}

/** Whether a rule was fully evaluated in one account × Region; only complete scopes may resolve findings. */
export interface Completeness {
  readonly ruleId: string;
  readonly accountId: string;
  readonly region: string;
  readonly complete: boolean;
  /** Why not, one line per collection error. */
  readonly causes: readonly string[];
}

export type StatusCounts = Readonly<Record<Status, number>>;

export interface Counts {
  readonly total: StatusCounts;
  /** Failures carrying an exemption (included in `total.FAIL`). */
  readonly exempted: number;
  readonly byGate: Readonly<Record<Gate, StatusCounts>>;
}

export interface RuleSummary {
  readonly id: string;
  readonly gate: Gate;
  readonly severity: Severity;
  readonly title: string;
}

export interface ScanResult {
  /** `snapshot FILE`, `live 123456789012`, … */
  readonly source: string;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly rules: readonly RuleSummary[];
  readonly scopes: readonly Scope[];
  readonly evaluations: readonly Evaluation[];
  readonly completeness: readonly Completeness[];
  readonly errors: readonly CollectionError[];
  /** Things worth a look that change no verdict: expired exemptions, types skipped. */
  readonly warnings: readonly string[];
  readonly counts: Counts;
  /** API calls per service and operation, retries included (live scans). */
  readonly calls: readonly CallCount[];
  /** What fixing the open failures costs, per gate and overall; absent when no FAIL's rule declares a fix cost. */
  readonly fixCosts?: FixCostSummary | undefined;
}

/** A failure that counts: FAIL and not exempted (what fails a run, is alerted and is counted as failing). */
export function isOpenFailure(evaluation: Pick<Evaluation, 'status' | 'exemption'>): boolean {
  return evaluation.status === 'FAIL' && evaluation.exemption === undefined;
}
