/** Security Hub as the finding tests want it by default: every finding and workflow update accepted. */
import type { AwsClientStub } from 'aws-sdk-client-mock';
import { BatchImportFindingsCommand, BatchUpdateFindingsCommand, type AwsSecurityFinding, type BatchImportFindingsCommandInput, type SecurityHubClient } from '@aws-sdk/client-securityhub';

export function acceptEverything(hub: AwsClientStub<SecurityHubClient>): void {
  hub.on(BatchImportFindingsCommand).callsFake((input: BatchImportFindingsCommandInput) => ({ FailedCount: 0, SuccessCount: input.Findings?.length ?? 0, FailedFindings: [] }));
  hub.on(BatchUpdateFindingsCommand).callsFake((input: { FindingIdentifiers?: unknown[] }) => ({ ProcessedFindings: input.FindingIdentifiers ?? [], UnprocessedFindings: [] }));
}

/** Every finding imported since the mock's last reset, in order. */
export function importedFindings(hub: AwsClientStub<SecurityHubClient>): AwsSecurityFinding[] {
  return hub.commandCalls(BatchImportFindingsCommand).flatMap((call) => call.args[0].input.Findings ?? []);
}
