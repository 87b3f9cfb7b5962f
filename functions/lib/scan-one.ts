/**
 * One target of the nightly run: scan an account × Region, publish its findings (Security Hub of
 * that account, alerts on SNS), keep its digest for the run's summary.
 */
import { SecurityHubClient } from '@aws-sdk/client-securityhub';
import { scan } from '../../engine/scan.js';
import { summarizeScan, type RunDigest } from '../../findings/digest.js';
import { publishFindings, type PublishReport } from '../../findings/publish.js';
import { SecurityHubPublisher } from '../../findings/security-hub.js';
import { collectors } from '../../inventory/live/collectors/index.js';
import { LiveSource } from '../../inventory/live/live-source.js';
import type { Source } from '../../inventory/source.js';
import type { ScanResult } from '../../engine/result.js';
import { catalog } from '../../rules/index.js';
import type { AccountClients, Dependencies } from './dependencies.js';
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

/**
 * A scan role that leads into another account must not publish that account's findings as these.
 * @throws {Error} naming both accounts and the role to check.
 */
export function assertAccount(result: ScanResult, accountId: string, label: string, deps: Pick<Dependencies, 'environment'>): void {
  const strangers = [...new Set(result.scopes.map((scope) => scope.accountId))].filter((account) => account !== accountId);
  if (strangers.length > 0) throw new Error(`${label}: the credentials for account ${accountId} read account ${strangers.join(', ')}; check the scan role (${deps.environment.SCAN_ROLE_NAME}) in ${accountId}`);
}

export function liveSourceFor(clients: AccountClients, homeRegion: string): Source {
  return new LiveSource({ collectors, homeRegion, clientFactory: clients });
}

export interface ScanOutcome {
  readonly result: ScanResult;
  readonly report: PublishReport;
  readonly digest: RunDigest;
  readonly summary: TargetSummary;
}

/** Scans and publishes one target; `sourceFor` lets tests substitute the source. */
export async function scanTarget(target: Target & { readonly runId: string }, deps: Dependencies, sourceFor: (clients: AccountClients) => Source = (clients) => liveSourceFor(clients, deps.environment.AWS_REGION)): Promise<ScanOutcome> {
  const settings = await deps.settings();
  const clients = await deps.clientsFor(target.accountId);
  const now = () => deps.now();
  const result = await scan({ regions: [target.region], includeGlobal: target.includeGlobal }, sourceFor(clients), settings, catalog, { now });
  assertAccount(result, target.accountId, targetName(target), deps);
  const report = await publishFindings(result, {
    catalog,
    store: deps.stateStore(),
    // Security Hub takes an account's findings only from that account: the member's own clients.
    hub: new SecurityHubPublisher({ client: (region) => clients(SecurityHubClient, region) }),
    notifier: { client: deps.sns(), topicArn: deps.environment.ALERT_TOPIC_ARN },
    homeRegion: target.region,
    alerts: settings.alerts,
    now,
  });
  const digest = summarizeScan(result, report.transitions, { topResources: settings.alerts.topResources, errors: report.errors.map((error) => `${targetName(target)}: ${error}`) });
  await deps.runDigests().put(target.runId, targetName(target), digest, now());
  const failing = result.evaluations.filter((evaluation) => evaluation.status === 'FAIL' && evaluation.exemption === undefined).length;
  return {
    result,
    report,
    digest,
    summary: {
      target: targetName(target),
      ok: true,
      failing,
      newFailures: report.transitions.newFailures,
      resolved: report.transitions.resolved,
      unknown: result.counts.total.UNKNOWN,
      problems: digest.errors.length,
    },
  };
}
