/**
 * Delivers ASFF findings to one Region's Security Hub: BatchImportFindings in batches of at most
 * 100 findings and 6 MB, then the workflow updates (exemptions) with BatchUpdateFindings, every
 * request paced under Security Hub's 10 requests/s. Throttling is retried with backoff, every
 * `FailedFindings` / `UnprocessedFindings` entry is re-sent, and whatever still fails is returned
 * with its reason: nothing is dropped in silence.
 */
import {
  BatchImportFindingsCommand,
  BatchUpdateFindingsCommand,
  type AwsSecurityFinding,
  type BatchImportFindingsCommandOutput,
  type BatchUpdateFindingsCommandOutput,
  type SecurityHubClient,
} from '@aws-sdk/client-securityhub';
import { asAwsError, errorCode, isThrottling } from '../aws/errors.js';
import { Pacer } from '../aws/pacer.js';
import { retryRemaining, retryThrottled, type RetryPolicy } from '../aws/retry.js';
import { chunks } from '../aws/batches.js';

/** A workflow change gatewatch makes to a finding it imported (an exemption, or its end). */
export interface WorkflowUpdate {
  /** The finding's ASFF Id. */
  readonly id: string;
  readonly productArn: string;
  readonly status: 'SUPPRESSED' | 'NEW';
  /** The Note text (the exemption's reason and expiry); cut to 512 characters; none is sent when empty. */
  readonly note: string;
}

/** A finding (or a finding's update) that was not delivered, and why. */
export interface DeliveryFailure {
  readonly id: string;
  /** Security Hub's ErrorCode, the SDK exception name, `FindingTooLarge` or `NotImported`. */
  readonly code: string;
  readonly message: string;
}

/** Why Security Hub could not be used in a Region at all. */
export interface RegionError {
  readonly region: string;
  /** The SDK exception name (`InvalidAccessException`, `AccessDeniedException`, …). */
  readonly code: string;
  /** What happened and what to do about it. */
  readonly message: string;
}

/** What one `deliver` did: every finding id ends in `imported` or `failed`, every update in `updated` or `updateFailed`. */
export interface DeliveryResult {
  /** Ids Security Hub accepted. */
  readonly imported: readonly string[];
  /** Ids that still failed after retries (or were never sent because the Region failed). */
  readonly failed: readonly DeliveryFailure[];
  /** Ids whose workflow update was processed. */
  readonly updated: readonly string[];
  readonly updateFailed: readonly DeliveryFailure[];
  /** Security Hub unusable in this Region (not enabled, access denied…). */
  readonly regionError?: RegionError | undefined;
  /** Requests sent, retries included. */
  readonly requests: { readonly BatchImportFindings: number; readonly BatchUpdateFindings: number };
}

export interface SecurityHubPublisherOptions {
  /** The Security Hub client of a Region (with the credentials of the account the findings belong to). */
  readonly client: (region: string) => SecurityHubClient;
  /** Paces every request of this publisher (default: 10 requests/s). */
  readonly pacer?: Pacer;
  /** Waits between retries; tests pass a no-op. */
  readonly sleep?: (milliseconds: number) => Promise<void>;
  /** Retries of a throttled request, and re-sends of rejected findings (default 5). */
  readonly retries?: number;
  /** In [0, 1): the jitter of the backoff (default `Math.random`). */
  readonly random?: () => number;
}

/** BatchImportFindings takes at most 100 findings per request… */
export const MAX_BATCH_FINDINGS = 100;
/** …and a request body of at most 6 MB. */
export const MAX_BATCH_BYTES = 6 * 1024 * 1024;
/** Security Hub rejects a finding larger than 240 KB. */
export const MAX_FINDING_BYTES = 240 * 1024;
/** BatchUpdateFindings takes at most 100 finding identifiers per request. */
export const MAX_UPDATE_FINDINGS = 100;
/** A Note's text is at most 512 characters. */
export const MAX_NOTE_LENGTH = 512;
/** Who gatewatch says updated the Note. */
export const NOTE_UPDATED_BY = 'gatewatch';

const DEFAULT_RETRIES = 5;
const BACKOFF_BASE_MS = 200;
const BACKOFF_CAP_MS = 10_000;
/** `{"Findings":[` and `]}` around the findings of a request body. */
const WRAPPER_BYTES = Buffer.byteLength(JSON.stringify({ Findings: [] }));

type Operation = keyof DeliveryResult['requests'];

/** The size a finding takes in a request body. */
export function findingBytes(finding: AwsSecurityFinding): number {
  return Buffer.byteLength(JSON.stringify(finding));
}

/**
 * Splits findings, in order, into BatchImportFindings requests of at most `maxFindings` findings
 * (default 100) and a body of at most `maxBytes` bytes (default 6 MB), wrapper and commas included.
 * Throws if a finding cannot fit a request on its own (`deliver` sets aside findings over 240 KB first).
 */
export function importBatches(findings: readonly AwsSecurityFinding[], limits: { maxFindings?: number; maxBytes?: number } = {}): AwsSecurityFinding[][] {
  const maxFindings = limits.maxFindings ?? MAX_BATCH_FINDINGS;
  const maxBytes = limits.maxBytes ?? MAX_BATCH_BYTES;
  if (!Number.isInteger(maxFindings) || maxFindings < 1) throw new Error(`maxFindings must be a positive integer, got ${maxFindings}`);
  const batches: AwsSecurityFinding[][] = [];
  let current: AwsSecurityFinding[] = [];
  let bytes = WRAPPER_BYTES;
  for (const finding of findings) {
    const size = findingBytes(finding);
    if (WRAPPER_BYTES + size > maxBytes) throw new Error(`finding ${finding.Id ?? '(no Id)'} is ${size} bytes: it does not fit a request of at most ${maxBytes} bytes`);
    if (current.length > 0 && (current.length >= maxFindings || bytes + 1 + size > maxBytes)) {
      batches.push(current);
      current = [];
      bytes = WRAPPER_BYTES;
    }
    bytes += (current.length > 0 ? 1 : 0) + size;
    current.push(finding);
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

/** The Note text Security Hub accepts: at most 512 characters (a longer note is cut and ends with `…`). */
export function noteText(note: string): string {
  const characters = Array.from(note);
  return characters.length <= MAX_NOTE_LENGTH ? note : `${characters.slice(0, MAX_NOTE_LENGTH - 1).join('')}…`;
}

/** What Security Hub said about a Region it cannot be used in, with what to do. */
function regionErrorOf(region: string, operation: Operation, error: unknown): RegionError {
  const code = errorCode(error);
  const detail = `${code}: ${asAwsError(error).message ?? 'no message'}`;
  switch (code) {
    case 'InvalidAccessException':
      return { region, code, message: `Security Hub is not enabled in ${region} for this account (${detail}): enable it, or run without --publish` };
    case 'AccessDeniedException':
      return {
        region,
        code,
        message: `gatewatch is not allowed securityhub:${operation} in ${region} (${detail}): allow securityhub:${operation} on the account's own hub to the role gatewatch runs as, or run without --publish`,
      };
    default:
      return { region, code, message: `Security Hub ${operation} failed in ${region} (${detail}): nothing more was sent to this Region` };
  }
}

/** An item a response turned down (`FailedFindings`, `UnprocessedFindings`). */
interface Rejection {
  readonly id: string | undefined;
  readonly code: string | undefined;
  readonly message: string | undefined;
}

/** How to send one kind of item: one request per batch, and what the response rejected. */
interface Channel<T, O> {
  readonly operation: Operation;
  readonly idOf: (item: T) => string;
  readonly batches: (items: readonly T[]) => T[][];
  readonly send: (batch: readonly T[]) => Promise<O>;
  readonly rejections: (output: O) => readonly Rejection[];
}

/** Where a channel's outcomes go. */
interface Tally {
  readonly accepted: Set<string>;
  readonly failed: Map<string, DeliveryFailure>;
}

/** A request's end: its response, or the error that ended it (throttling only once retries ran out). */
type Sent<O> = { readonly ok: true; readonly output: O } | { readonly ok: false; readonly error: unknown };

/** Why a channel stopped: an error that makes the Region unusable, and the ids it left unaccepted. */
interface Stopped {
  readonly error: unknown;
  readonly unsent: readonly string[];
}

/** Delivers findings and workflow updates to Security Hub, one Region per `deliver`. */
export class SecurityHubPublisher {
  private readonly client: (region: string) => SecurityHubClient;
  private readonly pacer: Pacer;
  /** Throttled requests and rejected findings alike: full jitter from 200 ms, at most 10 s. */
  private readonly policy: RetryPolicy;

  constructor(options: SecurityHubPublisherOptions) {
    const retries = options.retries ?? DEFAULT_RETRIES;
    if (!Number.isInteger(retries) || retries < 0) throw new Error(`retries must be a non-negative integer, got ${retries}`);
    this.client = options.client;
    this.pacer = options.pacer ?? new Pacer();
    this.policy = { retries, baseMs: BACKOFF_BASE_MS, capMs: BACKOFF_CAP_MS, sleep: options.sleep, random: options.random };
  }

  /**
   * Imports `findings` into `region`'s Security Hub, then applies `updates` (after every import:
   * a finding must exist before its workflow can change). Rejects only on bad input (a finding
   * without an Id, an id given twice); every delivery failure is in the result.
   */
  async deliver(region: string, findings: readonly AwsSecurityFinding[], updates: readonly WorkflowUpdate[]): Promise<DeliveryResult> {
    const ids = uniqueIds('finding', findings.map((finding) => finding.Id));
    const updateIds = uniqueIds('workflow update', updates.map((update) => update.id));
    const requests = { BatchImportFindings: 0, BatchUpdateFindings: 0 };
    const imports: Tally = { accepted: new Set(), failed: new Map() };
    const changes: Tally = { accepted: new Set(), failed: new Map() };
    const client = findings.length > 0 || updates.length > 0 ? this.client(region) : undefined;

    let regionError: RegionError | undefined;
    if (client !== undefined) {
      regionError = await this.importAll(region, client, findings, imports, requests);
      regionError = await this.updateAll(region, client, updates, imports.failed, changes, requests, regionError);
    }

    return {
      imported: ids.filter((id) => imports.accepted.has(id)),
      failed: ids.flatMap((id) => imports.failed.get(id) ?? []),
      updated: updateIds.filter((id) => changes.accepted.has(id)),
      updateFailed: updateIds.flatMap((id) => changes.failed.get(id) ?? []),
      ...(regionError === undefined ? {} : { regionError }),
      requests,
    };
  }

  /** Imports the findings; returns the Region's error if Security Hub could not be used. */
  private async importAll(region: string, client: SecurityHubClient, findings: readonly AwsSecurityFinding[], tally: Tally, requests: Record<Operation, number>): Promise<RegionError | undefined> {
    const sendable: AwsSecurityFinding[] = [];
    for (const finding of findings) {
      const id = finding.Id ?? '';
      const size = findingBytes(finding);
      if (size > MAX_FINDING_BYTES) {
        tally.failed.set(id, { id, code: 'FindingTooLarge', message: `the finding is ${size} bytes; Security Hub accepts at most ${MAX_FINDING_BYTES}` });
      } else {
        sendable.push(finding);
      }
    }
    const channel: Channel<AwsSecurityFinding, BatchImportFindingsCommandOutput> = {
      operation: 'BatchImportFindings',
      idOf: (finding) => finding.Id ?? '',
      batches: (pending) => importBatches(pending),
      send: (batch) => client.send(new BatchImportFindingsCommand({ Findings: [...batch] })),
      rejections: (output) => (output.FailedFindings ?? []).map((entry) => ({ id: entry.Id, code: entry.ErrorCode, message: entry.ErrorMessage })),
    };
    const stopped = await this.pump(channel, sendable, tally, requests);
    return stopped === undefined ? undefined : this.failRegion(region, channel.operation, stopped.error, stopped.unsent, tally);
  }

  /** Applies the workflow updates, grouped by identical status and note; returns the Region's error if any. */
  private async updateAll(
    region: string,
    client: SecurityHubClient,
    updates: readonly WorkflowUpdate[],
    notImported: ReadonlyMap<string, DeliveryFailure>,
    tally: Tally,
    requests: Record<Operation, number>,
    importError: RegionError | undefined,
  ): Promise<RegionError | undefined> {
    if (importError !== undefined) {
      for (const { id } of updates) tally.failed.set(id, { id, code: importError.code, message: `not sent: ${importError.message}` });
      return importError;
    }
    const groups = new Map<string, WorkflowUpdate[]>();
    for (const update of updates) {
      const failure = notImported.get(update.id);
      if (failure !== undefined) {
        tally.failed.set(update.id, { id: update.id, code: 'NotImported', message: `not sent: the finding was not imported (${failure.code}: ${failure.message})` });
        continue;
      }
      const key = JSON.stringify([update.status, noteText(update.note)]);
      groups.set(key, [...(groups.get(key) ?? []), update]);
    }
    const queue = [...groups.values()];
    for (const [index, group] of queue.entries()) {
      const first = group[0];
      if (first === undefined) continue;
      const text = noteText(first.note);
      const channel: Channel<WorkflowUpdate, BatchUpdateFindingsCommandOutput> = {
        operation: 'BatchUpdateFindings',
        idOf: (update) => update.id,
        batches: (pending) => chunks(pending, MAX_UPDATE_FINDINGS),
        send: (batch) =>
          client.send(
            new BatchUpdateFindingsCommand({
              FindingIdentifiers: batch.map((update) => ({ Id: update.id, ProductArn: update.productArn })),
              Workflow: { Status: first.status },
              ...(text === '' ? {} : { Note: { Text: text, UpdatedBy: NOTE_UPDATED_BY } }),
            }),
          ),
        rejections: (output) => (output.UnprocessedFindings ?? []).map((entry) => ({ id: entry.FindingIdentifier?.Id, code: entry.ErrorCode, message: entry.ErrorMessage })),
      };
      const stopped = await this.pump(channel, group, tally, requests);
      if (stopped !== undefined) {
        const later = queue.slice(index + 1).flatMap((rest) => rest.map((update) => update.id));
        return this.failRegion(region, channel.operation, stopped.error, [...stopped.unsent, ...later], tally);
      }
    }
    return undefined;
  }

  /** Security Hub is unusable in the Region: the error, with every id not yet accepted failed with its code. */
  private failRegion(region: string, operation: Operation, error: unknown, unsent: readonly string[], tally: Tally): RegionError {
    const regionError = regionErrorOf(region, operation, error);
    for (const id of unsent) tally.failed.set(id, { id, code: regionError.code, message: regionError.message });
    return regionError;
  }

  /**
   * Sends `items` through a channel in rounds: each round batches what is pending and sends every
   * batch; what a response rejects is pending for the next round, up to `retries` more rounds, with
   * backoff between them. Outcomes go to `tally`. Stops at an error that makes the Region unusable
   * and returns it with the ids it left unaccepted (the caller fails them).
   */
  private async pump<T, O>(channel: Channel<T, O>, items: readonly T[], tally: Tally, requests: Record<Operation, number>): Promise<Stopped | undefined> {
    let stopped: Stopped | undefined;
    let rejected = new Map<string, DeliveryFailure>();
    const round = async (pending: readonly T[]): Promise<readonly T[]> => {
      rejected = new Map<string, DeliveryFailure>();
      const batches = channel.batches(pending);
      for (const [index, batch] of batches.entries()) {
        const ids = batch.map(channel.idOf);
        const sent = await this.send(channel.operation, () => channel.send(batch), requests);
        if (!sent.ok) {
          const code = errorCode(sent.error);
          if (isThrottling(sent.error)) {
            const message = `${channel.operation} was still throttled after ${this.policy.retries} retries (${asAwsError(sent.error).message ?? code})`;
            for (const id of ids) tally.failed.set(id, { id, code, message });
            continue;
          }
          stopped = { error: sent.error, unsent: [...rejected.keys(), ...ids, ...batches.slice(index + 1).flat().map(channel.idOf)] };
          return [];
        }
        const inBatch = new Set(ids);
        for (const rejection of channel.rejections(sent.output)) {
          const { id } = rejection;
          if (id === undefined || !inBatch.has(id) || rejected.has(id)) continue;
          rejected.set(id, {
            id,
            code: rejection.code ?? 'UnknownError',
            message: rejection.message ?? `Security Hub turned it down in ${channel.operation} without a message`,
          });
        }
        for (const id of ids) if (!rejected.has(id)) tally.accepted.add(id);
      }
      return pending.filter((item) => rejected.has(channel.idOf(item)));
    };
    const left = await retryRemaining(items, round, this.policy);
    if (stopped !== undefined) return stopped;
    for (const item of left) {
      const failure = rejected.get(channel.idOf(item));
      if (failure !== undefined) tally.failed.set(failure.id, failure);
    }
    return undefined;
  }

  /** One request: paced, counted, and re-sent while throttled (up to `retries` times, with backoff). */
  private async send<O>(operation: Operation, request: () => Promise<O>, requests: Record<Operation, number>): Promise<Sent<O>> {
    try {
      const output = await retryThrottled(async () => {
        await this.pacer.wait();
        requests[operation] += 1;
        return request();
      }, this.policy);
      return { ok: true, output };
    } catch (error) {
      return { ok: false, error };
    }
  }
}

/** The ids, checked: every item has one, and none is given twice. */
function uniqueIds(kind: string, ids: readonly (string | undefined)[]): string[] {
  const seen = new Set<string>();
  for (const [index, id] of ids.entries()) {
    if (id === undefined || id === '') throw new Error(`${kind} ${index} has no Id`);
    if (seen.has(id)) throw new Error(`${kind} ${id} is given twice: each id may be delivered once per call`);
    seen.add(id);
  }
  return [...seen];
}
