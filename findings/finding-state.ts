/**
 * What gatewatch remembers of each finding it has published, so that every scan can tell a new
 * failure from a repeated one, send PASSED only on a transition, archive findings of resources
 * that are gone, and alert once per transition — without reading Security Hub back (GetFindings
 * allows 3 requests/s).
 *
 * Records are grouped by scope (account × the evaluation's Region, `global` for IAM): a scan loads
 * the records of each scope it covers with one query.
 */

/** The Security Hub compliance status gatewatch last delivered for a finding. */
export type DeliveredCompliance = 'FAILED' | 'PASSED';

export interface FindingFailure {
  /** ISO time of the failed attempt. */
  readonly at: string;
  /** The `FailedFindings` ErrorCode, or the SDK exception name (`InvalidAccessException` …). */
  readonly code: string;
  readonly message: string;
}

/** The workflow gatewatch set with BatchUpdateFindings (import never writes Workflow or Note). */
export interface WorkflowState {
  readonly status: 'SUPPRESSED';
  /** The Note text sent with it: the exemption's reason and expiry. */
  readonly note: string;
}

export interface FindingState {
  /** The ASFF finding Id (deterministic from rule, account, Region and resource). */
  readonly id: string;
  /** `ACCOUNT/REGION` of the evaluation (`global` for IAM): the partition of the store. */
  readonly scope: string;
  readonly ruleId: string;
  readonly accountId: string;
  /** The evaluation's Region (`global` for IAM). */
  readonly region: string;
  /** The resource's ARN, or the item key of an item without one. */
  readonly resource: string;
  /** The Region of the Security Hub the finding lives in (the home Region for global resources). */
  readonly hubRegion: string;
  /** Last compliance delivered; absent while the first delivery has not succeeded. */
  readonly compliance?: DeliveredCompliance | undefined;
  readonly recordState: 'ACTIVE' | 'ARCHIVED';
  /** The finding's CreatedAt, kept for its whole life. */
  readonly createdAt: string;
  /** FirstObservedAt of the current failure episode. */
  readonly firstObservedAt: string;
  /** When the finding was last delivered (its UpdatedAt). */
  readonly updatedAt: string;
  /** When this failure episode was alerted on SNS; absent until an alert was published. */
  readonly alertedAt?: string | undefined;
  /** The workflow gatewatch set for an exemption; absent when it set none (or reset it to NEW). */
  readonly workflow?: WorkflowState | undefined;
  /** The last delivery that failed, kept until one succeeds: nothing is dropped in silence. */
  readonly failure?: FindingFailure | undefined;
  /** The last finding delivered, as JSON: what an archive re-sends with `RecordState: ARCHIVED`. */
  readonly finding?: string | undefined;
}

/** `ACCOUNT/REGION`: the store's partition for an evaluation's scope. */
export function stateScope(accountId: string, region: string): string {
  return `${accountId}/${region}`;
}

/** The key of one record: its scope and its finding Id. */
export interface StateKey {
  readonly scope: string;
  readonly id: string;
}

/**
 * Where finding states live: DynamoDB in Lambda, a local file or memory for the CLI.
 *
 * Three reads, so that what a run reads follows what it looked at: a nightly run reads its
 * scopes whole; a gate re-scan reads the records of that gate's rules in that scope (a finding Id
 * starts with `gatewatch/RULE/ACCOUNT/REGION/`, so one rule's records are one key range); a
 * change event reads the records of the resources it touched by their keys (a finding Id is
 * derived from rule and resource, so they are known before reading).
 */
export interface FindingStateStore {
  /** Every record of one scope (all pages). */
  load(accountId: string, region: string): Promise<FindingState[]>;
  /** The records of these rules in one scope (all pages): in DynamoDB one Query per rule, on the rule's key range. */
  loadRules(accountId: string, region: string, ruleIds: readonly string[]): Promise<FindingState[]>;
  /** The records with these keys; a key with no record is simply absent from the answer. */
  get(keys: readonly StateKey[]): Promise<FindingState[]>;
  /** Writes (creates or replaces) the records; rejects if any could not be written after retries. */
  save(states: readonly FindingState[]): Promise<void>;
  /** What the store is, for messages: `dynamodb table gatewatch-findings`, `file …`, `memory`. */
  readonly description: string;
}
