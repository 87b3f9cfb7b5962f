/**
 * Security Hub CSPM in the mocked account: enabled in every Region, with the two standards
 * EnableSecurityHub turns on by default (AWS Foundational Security Best Practices and CIS v1.2.0)
 * and CIS v3.0.0 still PENDING. GetEnabledStandards pages at most 100 at a time, as AWS does.
 *
 * gatewatch also publishes to Security Hub: a test that mocks the publisher's client before it
 * installs the account keeps its mock, and the account's fakes join it (installing the account must
 * not take the test's BatchImportFindings away); the test restores its own mock and reads its calls.
 */

import {
  DescribeHubCommand,
  GetEnabledStandardsCommand,
  SecurityHubClient,
  type DescribeHubCommandOutput,
  type GetEnabledStandardsCommandInput,
  type GetEnabledStandardsCommandOutput,
  type StandardsSubscription,
} from '@aws-sdk/client-securityhub';
import { AwsStub, mockClient } from 'aws-sdk-client-mock';
import { ACCOUNT, type At, type Build, CREATED, type Out, paginate, type Restorable } from './kit.js';

export interface SecurityHubData {
  /** DescribeHub's answer, or undefined where the account is not subscribed. */
  readonly hub: Out<DescribeHubCommandOutput> | undefined;
  readonly standards: readonly StandardsSubscription[];
}

export function securityhubData(build: Build): SecurityHubData {
  const { region, arn } = build;
  const subscription = (standardsArn: string, name: string, status: StandardsSubscription['StandardsStatus']): StandardsSubscription => ({
    StandardsArn: standardsArn,
    StandardsSubscriptionArn: arn('securityhub', `subscription/${name}`),
    StandardsInput: {},
    StandardsStatus: status,
  });
  return {
    hub: { HubArn: arn('securityhub', 'hub/default'), SubscribedAt: CREATED.toISOString(), AutoEnableControls: true, ControlFindingGenerator: 'SECURITY_CONTROL' },
    standards: [
      subscription(`arn:aws:securityhub:${region}::standards/aws-foundational-security-best-practices/v/1.0.0`, 'aws-foundational-security-best-practices/v/1.0.0', 'READY'),
      subscription('arn:aws:securityhub:::ruleset/cis-aws-foundations-benchmark/v/1.2.0', 'cis-aws-foundations-benchmark/v/1.2.0', 'READY'),
      subscription(`arn:aws:securityhub:${region}::standards/cis-aws-foundations-benchmark/v/3.0.0`, 'cis-aws-foundations-benchmark/v/3.0.0', 'PENDING'),
    ],
  };
}

/** AWS's answer to an account that has not enabled Security Hub in the Region. */
function notSubscribed(): Error {
  return Object.assign(new Error(`Account ${ACCOUNT} is not subscribed to AWS Security Hub`), {
    name: 'InvalidAccessException',
    $fault: 'client',
    $metadata: { httpStatusCode: 401, attempts: 1 },
  });
}

const mockHub = () => mockClient(SecurityHubClient);
type HubStub = ReturnType<typeof mockHub>;

/** The test's own mock of the client, when it installed one (a sinon stub in place of `send`). */
function existingMock(): HubStub | undefined {
  const send: unknown = SecurityHubClient.prototype.send;
  const stub = send as { restore?: unknown; withArgs?: unknown; callsFake?: unknown };
  if (typeof stub.restore !== 'function' || typeof stub.withArgs !== 'function' || typeof stub.callsFake !== 'function') return undefined;
  return new AwsStub(SecurityHubClient.prototype, send as ConstructorParameters<typeof AwsStub>[1]) as unknown as HubStub;
}

export function mockSecurityHub(at: At<SecurityHubData>): Restorable[] {
  const existing = existingMock();
  const securityhub = existing ?? mockHub();
  securityhub.on(DescribeHubCommand).callsFake(async (_input: unknown, getClient): Promise<Out<DescribeHubCommandOutput>> => {
    const { hub } = await at(getClient);
    if (hub === undefined) throw notSubscribed();
    return hub;
  });
  securityhub.on(GetEnabledStandardsCommand).callsFake(async (input: GetEnabledStandardsCommandInput, getClient): Promise<Out<GetEnabledStandardsCommandOutput>> => {
    const data = await at(getClient);
    if (data.hub === undefined) throw notSubscribed();
    const page = paginate('GetEnabledStandards', data.standards, input.NextToken, input.MaxResults, 100);
    return { StandardsSubscriptions: [...page.items], NextToken: page.next };
  });
  // A mock the test installed is the test's: it restores it and reads its calls (the account does not
  // list it among its own, so callsMade() and resetHistory() leave it alone).
  return [existing === undefined ? securityhub : { restore: () => undefined }];
}
