/**
 * One target of the nightly run: the pipeline over an account × Region, publishing to that
 * account's own Security Hub, alerting on SNS, and keeping the digest for the run's summary.
 */
import type { ScanResult } from '../../engine/result.js';
import type { PublishReport } from '../../findings/publish.js';
import type { RunDigest } from '../../findings/digest.js';
import { collectors } from '../../inventory/live/collectors/index.js';
import { LiveSource, type KnownIdentity } from '../../inventory/live/live-source.js';
import type { DeadlineSpec } from '../../aws/deadline.js';
import type { Source } from '../../inventory/source.js';
import { notifierOf, securityHubOf } from '../../pipeline/outlets.js';
import { runPipeline, type AccountCheck } from '../../pipeline/pipeline.js';
import { catalog } from '../../rules/index.js';
import type { AccountClients, Dependencies } from './dependencies.js';
import { logger } from './runtime.js';
import { targetName, type Target } from './targets.js';

export interface TargetSummary {
  readonly target: string;
  readonly ok: true;
  readonly failing: number;
  readonly newFailures: number;
  readonly resolved: number;
  readonly unknown: number;
  /** Problems worth a look: undelivered findings, alerts not sent, incomplete scopes. */
  readonly problems: number;
}

/** Security Hub takes an account's findings only from that account: a scan role leading elsewhere is refused. */
export function accountCheck(accountId: string, label: string, deps: Pick<Dependencies, 'environment'>): AccountCheck {
  return { accountId, others: 'refuse', label, hint: `check the scan role (${deps.environment.SCAN_ROLE_NAME}) in ${accountId}` };
}

/**
 * The live source of an account; `deadline`: when collecting must stop; `identity`: the account the
 * clients read, when known for certain, so the source does not ask STS (see LiveSourceOptions).
 */
export function liveSourceFor(clients: AccountClients, homeRegion: string, deadline?: DeadlineSpec, identity?: KnownIdentity): Source {
  return new LiveSource({ collectors, homeRegion, clientFactory: clients, ...(deadline === undefined ? {} : { deadline }), ...(identity === undefined ? {} : { identity }) });
}

export interface ScanOutcome {
  readonly result: ScanResult;
  readonly report: PublishReport;
  readonly digest: RunDigest;
  readonly summary: TargetSummary;
}

/**
 * Scans and publishes one target; `sourceFor` lets tests substitute the source; `deadline`: when
 * the collection must stop, so that what was read is still published (the Lambda's timeout less a margin).
 */
export async function scanTarget(
  target: Target & { readonly runId: string },
  deps: Dependencies,
  sourceFor: (clients: AccountClients, deadline?: DeadlineSpec) => Source = (clients, deadline) => liveSourceFor(clients, deps.environment.AWS_REGION, deadline),
  deadline?: DeadlineSpec,
): Promise<ScanOutcome> {
  const settings = await deps.settings();
  const clients = await deps.clientsFor(target.accountId);
  const now = () => deps.now();
  const name = targetName(target);
  const outcome = await runPipeline({
    scan: { source: sourceFor(clients, deadline), target: { regions: [target.region], includeGlobal: target.includeGlobal }, rules: catalog },
    settings,
    catalog,
    now,
    account: accountCheck(target.accountId, name, deps),
    // The member's own clients: its hub takes only its own findings.
    outlets: { store: deps.stateStore(), hub: securityHubOf(clients), notifier: notifierOf(deps.sns(), deps.environment.ALERT_TOPIC_ARN), homeRegion: target.region },
    digest: { errorPrefix: `${name}: `, deliver: (digest) => deps.runDigests().put(target.runId, name, digest, now()), onError: 'throw' },
    prices: deps.prices?.((message) => logger.warn('price cache', { message }), deadline),
  });
  const { result, report } = outcome;
  const digest = outcome.digest;
  if (digest === undefined) throw new Error(`${name}: the pipeline made no digest`);
  return {
    result,
    report,
    digest,
    summary: {
      target: name,
      ok: true,
      failing: outcome.failing,
      newFailures: report.transitions.newFailures,
      resolved: report.transitions.resolved,
      unknown: result.counts.total.UNKNOWN,
      problems: digest.errors.length,
    },
  };
}
