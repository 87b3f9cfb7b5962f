/**
 * `gatewatch scan --publish / --notify`: the scan's findings to Security Hub and alerts plus a run
 * digest to SNS, with the finding lifecycle kept in a local file (or a DynamoDB table).
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SNSClient } from '@aws-sdk/client-sns';
import { STSClient } from '@aws-sdk/client-sts';
import { callerIdentity } from '../aws/identity.js';
import type { ScanResult } from '../engine/result.js';
import type { Settings } from '../engine/settings.js';
import type { AnyRule } from '../rules/lib/types.js';
import { DynamoDbStateStore } from '../findings/dynamodb-state-store.js';
import type { FindingStateStore } from '../findings/finding-state.js';
import { defaultStateFile, FileStateStore } from '../findings/file-state-store.js';
import type { PublishReport } from '../findings/publish.js';
import { topicRegion } from '../findings/sns-publisher.js';
import { digestToTopic, notifierOf, securityHubOf } from '../pipeline/outlets.js';
import { runPipeline } from '../pipeline/pipeline.js';
import type { ClientFactory } from '../aws/clients.js';
import { UsageError } from './usage-error.js';

/** Builds an SDK client of `type` for `region` with the CLI's credentials. */
export type CliClientFactory = ClientFactory;

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
 * Publishes the scan through the pipeline: the caller's account to its Security Hub (others are
 * named, not sent), alerts and the run digest to `--notify`. Returns the report and the problems
 * met; throws UsageError for a bad topic or state argument before anything is sent.
 */
export async function publishFromCli(result: ScanResult, settings: Settings, catalog: readonly AnyRule[], options: PublishCliOptions): Promise<{ report: PublishReport; errors: readonly string[] }> {
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
  const notifier = topicArn === undefined || snsRegion === undefined ? undefined : notifierOf(options.clients(SNSClient, snsRegion), topicArn);
  const { accountId } = await callerIdentity(options.clients(STSClient, options.homeRegion));
  const outcome = await runPipeline({
    scan: { result },
    settings,
    catalog,
    now: options.now,
    account: { accountId, others: 'skip', label: 'gatewatch scan', hint: "publish them with that account's credentials (--role-arn)" },
    outlets: { store, hub: options.publish ? securityHubOf(options.clients) : undefined, notifier, homeRegion: options.homeRegion },
    digest: notifier === undefined ? undefined : { deliver: digestToTopic(notifier), onError: 'report' },
  });
  return { report: outcome.report, errors: outcome.errors };
}
