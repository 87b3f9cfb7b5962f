/** Security Hub as the finding tests want it by default: every finding and workflow update accepted. */
import type { AwsClientStub } from 'aws-sdk-client-mock';
import {
  BatchImportFindingsCommand,
  BatchUpdateFindingsCommand,
  SecurityHubClient as SecurityHubClientClass,
  type AwsSecurityFinding,
  type BatchImportFindingsCommandInput,
  type SecurityHubClient,
} from '@aws-sdk/client-securityhub';
import { SNSClient } from '@aws-sdk/client-sns';
import type { FindingStateStore } from '../../findings/finding-state.js';
import { Pacer } from '../../aws/pacer.js';
import type { PublishOptions } from '../../findings/publish.js';
import { SecurityHubPublisher } from '../../findings/security-hub.js';
import type { AnyRule } from '../../rules/lib/types.js';
import { ACCOUNT, REGION } from './items.js';

export function acceptEverything(hub: AwsClientStub<SecurityHubClient>): void {
  hub.on(BatchImportFindingsCommand).callsFake((input: BatchImportFindingsCommandInput) => ({ FailedCount: 0, SuccessCount: input.Findings?.length ?? 0, FailedFindings: [] }));
  hub.on(BatchUpdateFindingsCommand).callsFake((input: { FindingIdentifiers?: unknown[] }) => ({ ProcessedFindings: input.FindingIdentifiers ?? [], UnprocessedFindings: [] }));
}

/** Every finding imported since the mock's last reset, in order. */
export function importedFindings(hub: AwsClientStub<SecurityHubClient>): AwsSecurityFinding[] {
  return hub.commandCalls(BatchImportFindingsCommand).flatMap((call) => call.args[0].input.Findings ?? []);
}

/**
 * Publishing options for finding tests: Security Hub and SNS clients of the mocks, no waiting,
 * alerts from HIGH. `refreshDays` is 0 unless given: every scan re-imports a still-failing
 * finding, so a test sees each delivery; the refresh interval has tests of its own.
 */
export function instantPublishing(store: FindingStateStore, catalog: readonly AnyRule[], now: () => Date, refreshDays = 0): PublishOptions {
  const noWait = async () => undefined;
  return {
    catalog,
    store,
    hub: new SecurityHubPublisher({ client: (region) => new SecurityHubClientClass({ region }), pacer: new Pacer({ now: () => 0, sleep: noWait }), sleep: noWait }),
    notifier: { client: new SNSClient({ region: REGION }), topicArn: `arn:aws:sns:${REGION}:${ACCOUNT}:gatewatch`, sleep: noWait },
    homeRegion: 'us-east-1',
    alerts: { minSeverity: 'HIGH', maxListed: 10 },
    now,
    refreshDays,
  };
}
