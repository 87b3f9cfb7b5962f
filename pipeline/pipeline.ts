/**
 * The pipeline every run of gatewatch goes through — the nightly target, a resource change, and
 * `gatewatch scan --publish / --notify` alike: scan → narrow (a change keeps what it touched) →
 * check the account → publish (Security Hub, finding states) → alert → digest. Callers bring
 * their own source, stores and outlets; handlers and the CLI keep only parsing, wiring and output.
 */
import type { ScanResult } from '../engine/result.js';
import { isOpenFailure } from '../engine/result.js';
import { scan, type ScanTarget } from '../engine/scan.js';
import type { Settings } from '../engine/settings.js';
import { summarizeScan, type RunDigest } from '../findings/digest.js';
import type { FindingStateStore } from '../findings/finding-state.js';
import { publishFindings, type Notifier, type PublishOptions, type PublishReport } from '../findings/publish.js';
import type { SecurityHubPublisher } from '../findings/security-hub.js';
import type { Source } from '../inventory/source.js';
import type { AnyRule } from '../rules/lib/types.js';
import type { PriceSource } from '../model/fix-cost.js';

/** What to scan: a source and a target — or a scan already made (the CLI writes its report first). */
export type PipelineScan =
  | { readonly source: Source; readonly target: ScanTarget; readonly rules: readonly AnyRule[] }
  | { readonly result: ScanResult };

/** What a run may publish: the result to publish, and which earlier findings it may archive. */
export interface Narrowed {
  readonly result: ScanResult;
  readonly archivable?: PublishOptions['archivable'];
  /** Which earlier finding states to read (default: the scopes of the result, whole). */
  readonly priors?: PublishOptions['priors'];
}

/**
 * The account whose credentials publish. Security Hub takes an account's findings only from that
 * account: `refuse` stops a run whose scan read another account (a scan role leading elsewhere);
 * `skip` publishes this account's part and names the others (a snapshot of several accounts).
 */
export interface AccountCheck {
  readonly accountId: string;
  readonly others: 'refuse' | 'skip';
  /** Names the run in the error (`111122223333/eu-west-1`, an event's origin). */
  readonly label: string;
  /** What to check when another account was read. */
  readonly hint: string;
}

export interface Outlets {
  readonly store: FindingStateStore;
  /** Absent: findings are not sent to Security Hub (the lifecycle is still kept, for alerts). */
  readonly hub?: SecurityHubPublisher | undefined;
  /** Absent: no alerts. */
  readonly notifier?: Notifier | undefined;
  /** The Security Hub Region of global resources' findings. */
  readonly homeRegion: string;
}

export interface DigestStep {
  /** Put before each error line in the digest (`111122223333/eu-west-1: `). */
  readonly errorPrefix?: string;
  /** Where the digest goes: the run's digest store, or an SNS topic. */
  deliver(digest: RunDigest): Promise<void>;
  /** `throw`: a digest that cannot be delivered fails the run; `report`: it is one more error. */
  readonly onError: 'throw' | 'report';
}

export interface PipelineInput {
  readonly scan: PipelineScan;
  readonly settings: Settings;
  /** The whole catalog: the lifecycle reads rule metadata by id. */
  readonly catalog: readonly AnyRule[];
  readonly now: () => Date;
  readonly narrow?: ((result: ScanResult) => Narrowed) | undefined;
  readonly account: AccountCheck;
  readonly outlets: Outlets;
  readonly digest?: DigestStep | undefined;
  /** Unit prices for the fixes' cost estimates; absent, a priced fix says "price not available". */
  readonly prices?: PriceSource | undefined;
}

export interface PipelineOutcome {
  /** The result published (narrowed, but not cut to one account). */
  readonly result: ScanResult;
  readonly report: PublishReport;
  readonly digest?: RunDigest | undefined;
  /** Failing and not exempted, in the published result. */
  readonly failing: number;
  /** Everything that went wrong, one line each: the publish report's errors, skipped accounts, the digest. */
  readonly errors: readonly string[];
}

/** Refused: the credentials of one account read another. */
export class AccountMismatchError extends Error {
  override readonly name = 'AccountMismatchError';
}

/**
 * The part of a scan that belongs to one account: Security Hub takes findings only from the
 * account they belong to, so a snapshot of several accounts is published one account at a time.
 */
export function onlyAccount(result: ScanResult, accountId: string): ScanResult {
  return {
    ...result,
    scopes: result.scopes.filter((scope) => scope.accountId === accountId),
    evaluations: result.evaluations.filter((evaluation) => evaluation.resource.accountId === accountId),
    completeness: result.completeness.filter((entry) => entry.accountId === accountId),
    errors: result.errors.filter((error) => error.accountId === accountId),
  };
}

/** Accounts of the result other than `accountId`, sorted. */
function otherAccounts(result: ScanResult, accountId: string): string[] {
  return [...new Set(result.scopes.map((scope) => scope.accountId))].filter((account) => account !== accountId).sort();
}

/**
 * Runs one pass of the pipeline.
 * @throws {AccountMismatchError} when `account.others` is `refuse` and another account was read.
 * @throws whatever the scan, the state store or a `throw` digest throws (AWS errors included).
 */
export async function runPipeline(input: PipelineInput): Promise<PipelineOutcome> {
  const { settings, now, account, outlets } = input;
  const scanned = 'result' in input.scan ? input.scan.result : await scan(input.scan.target, input.scan.source, settings, input.scan.rules, { now, ...(input.prices === undefined ? {} : { prices: input.prices }) });
  const narrowed = input.narrow?.(scanned) ?? { result: scanned };

  const others = otherAccounts(narrowed.result, account.accountId);
  const errors: string[] = [];
  if (others.length > 0 && account.others === 'refuse') {
    throw new AccountMismatchError(`${account.label}: the credentials for account ${account.accountId} read account ${others.join(', ')}; ${account.hint}`);
  }
  const publishable = others.length > 0 ? onlyAccount(narrowed.result, account.accountId) : narrowed.result;

  const report = await publishFindings(publishable, {
    catalog: input.catalog,
    store: outlets.store,
    hub: outlets.hub,
    notifier: outlets.notifier,
    homeRegion: outlets.homeRegion,
    alerts: settings.alerts,
    now,
    archivable: narrowed.archivable,
    priors: narrowed.priors,
    refreshDays: settings.securityHub.refreshDays,
  });
  errors.push(...report.errors);
  if (others.length > 0) {
    errors.push(`findings of account ${others.join(', ')} not published: Security Hub takes findings only from their own account — ${account.hint}`);
  }

  let digest: RunDigest | undefined;
  if (input.digest !== undefined) {
    const prefix = input.digest.errorPrefix ?? '';
    digest = summarizeScan(narrowed.result, report.transitions, { topResources: settings.alerts.topResources, errors: report.errors.map((error) => `${prefix}${error}`) });
    try {
      await input.digest.deliver(digest);
    } catch (error) {
      if (input.digest.onError === 'throw') throw error;
      errors.push(`run digest not published: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  return { result: narrowed.result, report, digest, failing: narrowed.result.evaluations.filter(isOpenFailure).length, errors };
}
