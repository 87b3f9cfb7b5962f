/**
 * `gatewatch scan --publish / --notify`: the scan's findings to Security Hub and alerts plus a run
 * digest to SNS, with the finding lifecycle kept in a local file (or a DynamoDB table).
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SecurityHubClient } from '@aws-sdk/client-securityhub';
import { SNSClient } from '@aws-sdk/client-sns';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import type { ScanResult } from '../engine/result.js';
import type { Settings } from '../engine/settings.js';
import type { AnyRule } from '../rules/lib/types.js';
import { buildDigest, summarizeScan } from '../findings/digest.js';
import { DynamoDbStateStore } from '../findings/dynamodb-state-store.js';
import type { FindingStateStore } from '../findings/finding-state.js';
import { defaultStateFile, FileStateStore } from '../findings/file-state-store.js';
import { publishFindings, type PublishReport } from '../findings/publish.js';
import { SecurityHubPublisher } from '../findings/security-hub.js';
import { publish as publishSns, topicRegion } from '../findings/sns-publisher.js';
import type { ClientClass } from '../aws/clients.js';
import { UsageError } from './usage-error.js';

/** Builds an SDK client of `type` for `region` with the CLI's credentials. */
export type CliClientFactory = <C>(type: ClientClass<C>, region: string) => C;

export interface PublishCliOptions {
  readonly publish: boolean;
  readonly notify?: string | undefined;
  /** `FILE` or `dynamodb:TABLE`; default: the per-user state file. */
  readonly state?: string | undefined;
  readonly homeRegion: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly now: () => Date;
  readonly clients: CliClientFactory;
}

const DYNAMODB_PREFIX = 'dynamodb:';

/** The state store `--state` names. */
export function stateStoreOf(state: string | undefined, options: Pick<PublishCliOptions, 'env' | 'homeRegion' | 'clients'>): FindingStateStore {
  if (state?.startsWith(DYNAMODB_PREFIX) === true) {
    const tableName = state.slice(DYNAMODB_PREFIX.length);
    if (!/^[A-Za-z0-9_.-]{3,255}$/.test(tableName)) throw new UsageError(`--state ${state}: expected dynamodb:TABLE with a DynamoDB table name`);
    return new DynamoDbStateStore({ client: options.clients(DynamoDBClient, options.homeRegion), tableName });
  }
  return new FileStateStore(state ?? defaultStateFile(options.env));
}

/** One line for stderr: what was delivered. */
export function publishSummary(report: PublishReport, options: { publish: boolean; notify: boolean }): string {
  const { transitions } = report;
  const parts = [
    `${transitions.newFailures} new, ${transitions.stillFailing} still failing, ${transitions.resolved} resolved, ${transitions.archived} archived`,
    ...(transitions.held > 0 ? [`${transitions.held} held (scope not fully evaluated)`] : []),
    ...(options.publish ? [`${report.imported} findings and ${report.workflowUpdates} workflow updates accepted by Security Hub`] : []),
    ...(options.notify ? [`${report.alertsSent} alerts published`] : []),
  ];
  return `gatewatch: published — ${parts.join('; ')}\n`;
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

async function callerAccount(clients: CliClientFactory, region: string): Promise<string> {
  const identity = await clients(STSClient, region).send(new GetCallerIdentityCommand({}));
  if (identity.Account === undefined) throw new Error('sts:GetCallerIdentity returned no account');
  return identity.Account;
}

/**
 * Publishes the scan. Returns the report and the problems met; throws UsageError for a bad
 * topic or state argument before anything is sent.
 */
export async function publishFromCli(result: ScanResult, settings: Settings, catalog: readonly AnyRule[], options: PublishCliOptions): Promise<{ report: PublishReport; errors: string[] }> {
  const topicArn = options.notify;
  let snsRegion: string | undefined;
  if (topicArn !== undefined) {
    try {
      snsRegion = topicRegion(topicArn);
    } catch (error) {
      throw new UsageError(`--notify: ${(error as Error).message}`);
    }
  }
  const store = stateStoreOf(options.state, options);
  const notifier = topicArn === undefined || snsRegion === undefined ? undefined : { client: options.clients(SNSClient, snsRegion), topicArn };
  const hub = options.publish ? new SecurityHubPublisher({ client: (region) => options.clients(SecurityHubClient, region) }) : undefined;

  // Findings go to the hub of the account whose credentials publish them; others are named, not sent.
  const accountId = await callerAccount(options.clients, options.homeRegion);
  const others = [...new Set(result.scopes.map((scope) => scope.accountId))].filter((account) => account !== accountId).sort();
  const report = await publishFindings(onlyAccount(result, accountId), {
    catalog,
    store,
    hub,
    notifier,
    homeRegion: options.homeRegion,
    alerts: settings.alerts,
    now: options.now,
  });
  const errors = [
    ...report.errors,
    ...(others.length > 0
      ? [`findings of account ${others.join(', ')} not published: Security Hub takes findings only from their own account — publish them with that account's credentials (--role-arn)`]
      : []),
  ];
  if (notifier !== undefined) {
    const digest = summarizeScan(result, report.transitions, { topResources: settings.alerts.topResources, errors: report.errors });
    try {
      await publishSns(notifier.client, notifier.topicArn, buildDigest(digest, {}));
    } catch (error) {
      errors.push(`run digest not published: ${(error as Error).message}`);
    }
  }
  return { report, errors };
}
