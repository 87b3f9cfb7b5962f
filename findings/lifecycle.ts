/**
 * The finding lifecycle, as a pure plan: a scan's evaluations against the states of earlier
 * deliveries → what to import, what workflow to set, what to alert, and the states to keep.
 *
 * - FAIL: imported when new, changed (message, severity, resource details …), not yet alerted or
 *   delivered, or last delivered `refreshDays` ago or more (UpdatedAt moves, CreatedAt and
 *   FirstObservedAt are kept); otherwise left as it is, with no import and no state write. A new
 *   failure episode (no finding yet, or one that had passed or was archived) is alertable.
 * - PASS after a delivered FAIL: one PASSED import. A PASS with no failing finding sends nothing
 *   (ingestion is billed per finding).
 * - NOT_APPLICABLE after a delivered finding, or a resource no longer found: the finding is
 *   ARCHIVED.
 * - UNKNOWN: nothing changes; not checked is neither failed nor fixed.
 * - Resolving and archiving happen only where the scan fully evaluated the rule in that
 *   account × Region (`completeness`); elsewhere the earlier finding stands.
 * - Exemptions: a FAIL with an exemption gets Workflow SUPPRESSED with a Note (reason, expiry);
 *   when the exemption is gone and the resource still fails, it returns to NEW.
 */
import type { AwsSecurityFinding } from '@aws-sdk/client-securityhub';
import type { Completeness, Evaluation, Exemption } from '../engine/result.js';
import { type AnyRule } from '../rules/lib/types.js';
import { defaultProductArn, findingId, resourceKey, toFinding } from './asff.js';
import { stateScope, type FindingState } from './finding-state.js';
import type { AlertEntry } from './notification.js';
import type { WorkflowUpdate } from './security-hub.js';
import { SEVERITIES, type Severity } from '../model/gates.js';

export type ImportKind = 'new' | 'refresh' | 'resolve' | 'archive';

export interface PlannedImport {
  readonly kind: ImportKind;
  readonly hubRegion: string;
  readonly finding: AwsSecurityFinding;
  /** The state to keep once Security Hub accepted the finding. */
  readonly next: FindingState;
  readonly prior?: FindingState | undefined;
  /** Present when this import is a failure to alert on. */
  readonly alert?: AlertEntry | undefined;
}

export interface PlannedUpdate {
  readonly hubRegion: string;
  readonly update: WorkflowUpdate;
}

export interface Plan {
  readonly imports: readonly PlannedImport[];
  readonly updates: readonly PlannedUpdate[];
  /** States that change with nothing to deliver (a never-delivered finding whose resource went away). */
  readonly quiet: readonly FindingState[];
  /** Earlier findings left as they were because their scope was not fully evaluated or the verdict is UNKNOWN. */
  readonly held: number;
  /** Still-failing findings that needed no import: unchanged, delivered, alerted, and refreshed within `refreshDays`. */
  readonly unchanged: number;
}

export interface PlanInput {
  readonly evaluations: readonly Evaluation[];
  readonly completeness: readonly Completeness[];
  readonly catalog: readonly AnyRule[];
  /** Earlier states of every scope the scan covered, by finding Id. */
  readonly priors: ReadonlyMap<string, FindingState>;
  readonly now: Date;
  /** The Security Hub Region for findings of global resources (IAM, CloudFront). */
  readonly homeRegion: string;
  /** Failures at or above this severity are alerted. */
  readonly alertSeverity: Severity;
  /**
   * Whether an earlier finding absent from the evaluations may be archived (its resource is
   * gone). Default: its rule was fully evaluated in its scope. An event-driven scan of a few
   * resources narrows this to those resources.
   */
  readonly archivable?: ((prior: FindingState, complete: boolean) => boolean) | undefined;
  /**
   * A still-failing finding whose content has not changed is imported again only once its last
   * delivery is this many days old: Security Hub deletes an active finding 90 days after its
   * UpdatedAt, and bills every import past the free tier, so a daily refresh would cost 30
   * imports a month per open failure for nothing new.
   */
  readonly refreshDays: number;
  /**
   * Whether this run sends alerts. Without a notifier a failure's alert is never pending, so it
   * does not keep an unchanged finding importing; with one, a failure not yet alerted is sent again.
   */
  readonly alerting: boolean;
}

/** The Note of a suppression: who, why and until when. */
export function exemptionNote(exemption: Exemption): string {
  const until = exemption.expires === undefined ? '' : `, until ${exemption.expires}`;
  const origin = exemption.source === 'tag' ? 'resource tag' : 'settings';
  return `Exempted in gatewatch ${origin}: ${exemption.reason}${until}`;
}

export const EXEMPTION_ENDED_NOTE = 'gatewatch exemption ended (expired or removed from the settings): the resource still fails';

function completenessKey(ruleId: string, accountId: string, region: string): string {
  return `${ruleId}/${accountId}/${region}`;
}

/** Plans the deliveries of one scan. Deterministic: imports follow the evaluations' order, archives follow by Id. */
export function planDeliveries(input: PlanInput): Plan {
  const { priors, homeRegion } = input;
  const now = input.now.toISOString();
  const rules = new Map(input.catalog.map((rule) => [rule.meta.id, rule.meta]));
  const complete = new Map(input.completeness.map((entry) => [completenessKey(entry.ruleId, entry.accountId, entry.region), entry.complete]));
  const isComplete = (ruleId: string, accountId: string, region: string) => complete.get(completenessKey(ruleId, accountId, region)) === true;
  const alertThreshold = SEVERITIES.indexOf(input.alertSeverity);

  const imports: PlannedImport[] = [];
  const updates: PlannedUpdate[] = [];
  const quiet: FindingState[] = [];
  const seen = new Set<string>();
  let held = 0;
  let unchanged = 0;
  const refreshMs = input.refreshDays * 86_400_000;

  for (const evaluation of input.evaluations) {
    const { resource } = evaluation;
    const rule = rules.get(evaluation.ruleId);
    // A scope-level UNKNOWN names no resource: there is no finding to touch.
    if (rule === undefined || resource.id === '*') continue;
    const id = findingId(evaluation.ruleId, resource);
    // One finding per rule and resource, even if an input listed the resource twice.
    if (seen.has(id)) continue;
    seen.add(id);
    const prior = priors.get(id);
    const hubRegion = resource.region === 'global' ? homeRegion : resource.region;
    const scopeComplete = isComplete(evaluation.ruleId, resource.accountId, resource.region);
    const active = prior !== undefined && prior.recordState === 'ACTIVE' && prior.compliance !== undefined;
    const base = {
      id,
      scope: stateScope(resource.accountId, resource.region),
      ruleId: evaluation.ruleId,
      accountId: resource.accountId,
      region: resource.region,
      resource: resourceKey(resource),
      hubRegion,
    };

    if (evaluation.status === 'FAIL') {
      // The same failure goes on while the finding is active and has not passed since (or its
      // first delivery is still pending); otherwise this is a new episode.
      const continuing = prior !== undefined && prior.recordState === 'ACTIVE' && prior.compliance !== 'PASSED';
      const times = {
        createdAt: prior?.createdAt ?? now,
        firstObservedAt: continuing ? prior.firstObservedAt : now,
        now,
      };
      const alertedAt = continuing ? prior.alertedAt : undefined;
      const alertable = evaluation.exemption === undefined && alertedAt === undefined && SEVERITIES.indexOf(evaluation.severity) <= alertThreshold;
      const kind = continuing && prior.compliance === 'FAILED' ? 'refresh' : 'new';
      // Delivered, alerted and recent: import again only if the finding itself changed.
      const recent = kind === 'refresh' && prior !== undefined && prior.failure === undefined && !(alertable && input.alerting) && input.now.getTime() - Date.parse(prior.updatedAt) < refreshMs;
      if (recent && sameFinding(evaluation, rule, hubRegion, prior)) unchanged += 1;
      else {
        const finding = toFinding(evaluation, rule, { hubRegion, times });
        imports.push({
          kind,
          hubRegion,
          finding,
          prior,
          next: {
            ...base,
            compliance: 'FAILED',
            recordState: 'ACTIVE',
            createdAt: times.createdAt,
            firstObservedAt: times.firstObservedAt,
            updatedAt: now,
            alertedAt,
            workflow: prior?.workflow,
            finding: JSON.stringify(finding),
          },
          alert: alertable
            ? {
                ruleId: evaluation.ruleId,
                gate: evaluation.gate,
                severity: evaluation.severity,
                resource: resourceKey(resource),
                resourceName: resource.name,
                message: evaluation.message,
                remediation: rule.remediation,
              }
            : undefined,
        });
      }
      const productArn = defaultProductArn(resource.accountId, hubRegion);
      if (evaluation.exemption !== undefined) {
        const note = exemptionNote(evaluation.exemption);
        if (prior?.workflow?.note !== note) updates.push({ hubRegion, update: { id, productArn, status: 'SUPPRESSED', note } });
      } else if (prior?.workflow !== undefined) {
        updates.push({ hubRegion, update: { id, productArn, status: 'NEW', note: EXEMPTION_ENDED_NOTE } });
      }
      continue;
    }

    if (prior === undefined) continue;
    if (evaluation.status === 'UNKNOWN' || !scopeComplete) {
      if (active) held += 1;
      continue;
    }
    if (!active) {
      // A failure whose first delivery never succeeded, and that is over now: forget it quietly.
      if (prior.recordState === 'ACTIVE') quiet.push({ ...prior, recordState: 'ARCHIVED', updatedAt: now, alertedAt: undefined, failure: undefined });
      continue;
    }
    if (evaluation.status === 'PASS' && prior.compliance === 'FAILED') {
      const finding = toFinding(evaluation, rule, { hubRegion, times: { createdAt: prior.createdAt, firstObservedAt: prior.firstObservedAt, now } });
      imports.push({
        kind: 'resolve',
        hubRegion,
        finding,
        prior,
        next: { ...prior, ...base, compliance: 'PASSED', updatedAt: now, alertedAt: undefined, failure: undefined, finding: JSON.stringify(finding) },
      });
    } else if (evaluation.status === 'NOT_APPLICABLE') {
      const archived = archive(prior, now);
      if (archived !== undefined) imports.push(archived);
    }
  }

  // Earlier findings of resources this scan no longer found.
  for (const prior of [...priors.values()].sort((a, b) => a.id.localeCompare(b.id))) {
    if (seen.has(prior.id) || prior.recordState === 'ARCHIVED') continue;
    const scopeComplete = isComplete(prior.ruleId, prior.accountId, prior.region);
    const archivable = input.archivable === undefined ? scopeComplete : input.archivable(prior, scopeComplete);
    if (!archivable) {
      if (prior.compliance !== undefined && complete.has(completenessKey(prior.ruleId, prior.accountId, prior.region))) held += 1;
      continue;
    }
    const archived = archive(prior, now);
    if (archived !== undefined) imports.push(archived);
    else quiet.push({ ...prior, recordState: 'ARCHIVED', updatedAt: now, alertedAt: undefined });
  }

  return { imports, updates, quiet, held, unchanged };
}

/** Whether the finding an evaluation makes is the one last delivered, but for its delivery times. */
function sameFinding(evaluation: Evaluation, rule: AnyRule['meta'], hubRegion: string, prior: FindingState): boolean {
  if (prior.finding === undefined) return false;
  const times = { createdAt: prior.createdAt, firstObservedAt: prior.firstObservedAt, now: prior.updatedAt };
  return JSON.stringify(toFinding(evaluation, rule, { hubRegion, times })) === prior.finding;
}

/** The archive of a delivered finding: the last finding sent, ARCHIVED, with UpdatedAt moved. */
function archive(prior: FindingState, now: string): PlannedImport | undefined {
  if (prior.finding === undefined || prior.compliance === undefined) return undefined;
  const last = JSON.parse(prior.finding) as AwsSecurityFinding;
  const finding: AwsSecurityFinding = { ...last, UpdatedAt: now, RecordState: 'ARCHIVED' };
  return {
    kind: 'archive',
    hubRegion: prior.hubRegion,
    finding,
    prior,
    next: { ...prior, recordState: 'ARCHIVED', updatedAt: now, alertedAt: undefined, failure: undefined, finding: JSON.stringify(finding) },
  };
}
