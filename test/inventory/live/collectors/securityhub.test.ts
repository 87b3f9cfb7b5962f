import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { DescribeHubCommand, GetEnabledStandardsCommand, InvalidAccessException, SecurityHubClient, SecurityHubServiceException } from '@aws-sdk/client-securityhub';
import { mockClient } from 'aws-sdk-client-mock';
import { securityhubCollector } from '../../../../inventory/live/collectors/securityhub.js';
import { scan } from '../../../../engine/scan.js';
import { defaultSettings, parseSettings } from '../../../../engine/settings.js';
import securityhubEnabled from '../../../../rules/audit-detection/securityhub-enabled.js';
import { checkItemAgainstSchema } from '../../../support/config-schema.js';
import { ACCOUNT, REGION } from '../../../support/items.js';
import { callsOf, collect, mockedLiveSource, mockIdentity } from '../../../../testkit/live.js';
import { regionOf, type GetClient } from '../../../../testkit/mock-account/kit.js';

const OTHER = 'us-east-1';
const HUB = `arn:aws:securityhub:${REGION}:${ACCOUNT}:hub/default`;
const FSBP = `arn:aws:securityhub:${REGION}::standards/aws-foundational-security-best-practices/v/1.0.0`;
const CIS = 'arn:aws:securityhub:::ruleset/cis-aws-foundations-benchmark/v/1.2.0';
const SUBSCRIBED_AT = '2024-03-01T10:00:00.000Z';
/** AWS's answer to an account that has not enabled Security Hub in the Region. */
const notSubscribed = () => new InvalidAccessException({ $metadata: { httpStatusCode: 401 }, message: `Account ${ACCOUNT} is not subscribed to AWS Security Hub`, Code: 'InvalidAccessException' });
const hubError = (name: string, message = `${name} from the test`) => new SecurityHubServiceException({ name, $fault: 'client', $metadata: { httpStatusCode: name === 'ThrottlingException' ? 429 : 403 }, message });
const subscription = (arn: string, status: 'READY' | 'PENDING' | 'INCOMPLETE') => ({ StandardsArn: arn, StandardsSubscriptionArn: `${arn}/subscription`, StandardsInput: {}, StandardsStatus: status });
const commandsSent = (mock: ReturnType<typeof mockClient>) => mock.calls().map((call) => call.args[0].constructor.name);

let mocks: ReturnType<typeof mockIdentity>;
let securityhub: ReturnType<typeof mockClient>;
beforeEach(() => {
  mocks = mockIdentity([REGION, OTHER]);
  securityhub = mockClient(SecurityHubClient);
  securityhub.on(DescribeHubCommand).resolves({ HubArn: HUB, SubscribedAt: SUBSCRIBED_AT, AutoEnableControls: true });
  securityhub.on(GetEnabledStandardsCommand).resolves({ StandardsSubscriptions: [subscription(FSBP, 'READY')] });
});
afterEach(() => {
  securityhub.restore();
  mocks.ec2.restore();
  mocks.sts.restore();
});

describe('Security Hub collector', () => {
  it('records an enabled hub and its standards as a fact of the account item, in the account schema', async () => {
    const collection = await collect([securityhubCollector], ['AWS::::Account']);
    expect(collection.errors).toEqual([]);
    expect(collection.items).toHaveLength(1);
    expect(collection.items[0]?.configuration).toEqual({
      securityHub: { enabled: true, hubArn: HUB, subscribedAt: SUBSCRIBED_AT, standards: [{ standardsArn: FSBP, status: 'READY' }] },
    });
    for (const raw of collection.rawItems ?? []) expect(checkItemAgainstSchema(raw)).toEqual([]);
  });

  it('records "not subscribed" as enabled: false, not as an error, and asks for no standards', async () => {
    securityhub.on(DescribeHubCommand).rejects(notSubscribed());
    const collection = await collect([securityhubCollector], ['AWS::::Account']);
    expect(collection.errors).toEqual([]);
    expect(collection.items[0]?.configuration).toEqual({ securityHub: { enabled: false } });
    expect(commandsSent(securityhub)).toEqual(['DescribeHubCommand']);
    for (const raw of collection.rawItems ?? []) expect(checkItemAgainstSchema(raw)).toEqual([]);
  });

  it('treats another InvalidAccessException (AWS documents it for a missing permission too) as a failure of the fact', async () => {
    securityhub.on(DescribeHubCommand).rejects(new InvalidAccessException({ $metadata: { httpStatusCode: 401 }, message: 'The account does not have permission to perform this action', Code: 'InvalidAccessException' }));
    const collection = await collect([securityhubCollector], ['AWS::::Account']);
    expect(collection.errors).toEqual([expect.objectContaining({ service: 'securityhub', operation: 'DescribeHub', code: 'InvalidAccessException', aspect: 'securityHub' })]);
    expect(collection.items[0]?.configuration).toEqual({});
  });

  it('follows every page of GetEnabledStandards at the largest page size', async () => {
    securityhub
      .on(GetEnabledStandardsCommand)
      .resolvesOnce({ StandardsSubscriptions: [subscription(FSBP, 'READY')], NextToken: 'page-2' })
      .resolvesOnce({ StandardsSubscriptions: [subscription(CIS, 'INCOMPLETE')] });
    const collection = await collect([securityhubCollector], ['AWS::::Account']);
    expect(collection.errors).toEqual([]);
    expect(collection.items[0]?.configuration).toMatchObject({
      securityHub: { standards: [{ standardsArn: FSBP, status: 'READY' }, { standardsArn: CIS, status: 'INCOMPLETE' }] },
    });
    expect(securityhub).toHaveReceivedCommandTimes(GetEnabledStandardsCommand, 2);
    expect(securityhub.commandCalls(GetEnabledStandardsCommand).map((call) => call.args[0].input)).toEqual([{ MaxResults: 100 }, { MaxResults: 100, NextToken: 'page-2' }]);
    expect(callsOf(collection, 'securityhub', 'GetEnabledStandards')).toBe(2);
  });

  it('makes one DescribeHub per Region', async () => {
    const collection = await collect([securityhubCollector], ['AWS::::Account'], [REGION, OTHER]);
    expect(collection.errors).toEqual([]);
    expect(collection.items.map((item) => item.awsRegion).sort()).toEqual([REGION, OTHER].sort());
    expect(callsOf(collection, 'securityhub', 'DescribeHub')).toBe(2);
    expect(securityhub).toHaveReceivedCommandWith(DescribeHubCommand, {});
  });

  it('leaves the fact out and records the error against `securityHub` when DescribeHub fails: the rule is UNKNOWN naming the call', async () => {
    securityhub.on(DescribeHubCommand).rejects(hubError('AccessDeniedException'));
    const rules = [securityhubEnabled];
    const result = await scan({ regions: [REGION] }, mockedLiveSource([securityhubCollector]), defaultSettings(rules), rules);
    expect(result.errors).toEqual([expect.objectContaining({ service: 'securityhub', operation: 'DescribeHub', code: 'AccessDeniedException', aspect: 'securityHub' })]);
    expect(result.evaluations.map((evaluation) => [evaluation.status, evaluation.messageId])).toEqual([['UNKNOWN', 'collectionFailed']]);
    expect(result.evaluations[0]?.message).toContain('securityhub:DescribeHub in eu-west-1 failed (AccessDeniedException');
    expect(commandsSent(securityhub)).toEqual(['DescribeHubCommand']);
  });

  it('keeps the hub but leaves the standards out when GetEnabledStandards fails, recorded against its own aspect', async () => {
    securityhub
      .on(GetEnabledStandardsCommand)
      .resolvesOnce({ StandardsSubscriptions: [subscription(FSBP, 'READY')], NextToken: 'page-2' })
      .rejects(hubError('AccessDeniedException'));
    const collection = await collect([securityhubCollector], ['AWS::::Account']);
    expect(collection.errors).toEqual([expect.objectContaining({ service: 'securityhub', operation: 'GetEnabledStandards', aspect: 'securityHubStandards' })]);
    // Half a list of standards would read as "not enabled": none is kept.
    expect(collection.items[0]?.configuration).toEqual({ securityHub: { enabled: true, hubArn: HUB, subscribedAt: SUBSCRIBED_AT } });

    // The rule still judges the hub; asked for standards, it is UNKNOWN rather than FAIL.
    const plain = await scan({ regions: [REGION] }, mockedLiveSource([securityhubCollector]), defaultSettings([securityhubEnabled]), [securityhubEnabled]);
    expect(plain.evaluations.map((evaluation) => [evaluation.status, evaluation.messageId])).toEqual([['PASS', 'enabled']]);
    const strict = parseSettings({ rules: { 'securityhub-enabled': { options: { requiredStandards: ['aws-foundational-security-best-practices'] } } } }, [securityhubEnabled]);
    const result = await scan({ regions: [REGION] }, mockedLiveSource([securityhubCollector]), strict, [securityhubEnabled]);
    expect(result.evaluations.map((evaluation) => [evaluation.status, evaluation.messageId])).toEqual([['UNKNOWN', 'collectionFailed']]);
    expect(result.evaluations[0]?.message).toContain('securityhub:GetEnabledStandards in');
  });

  it('judges a disabled Region FAIL and an enabled one PASS through the rule', async () => {
    securityhub.on(DescribeHubCommand).callsFake(async (_input: unknown, getClient) => {
      if ((await regionOf(getClient as unknown as GetClient)) === OTHER) throw notSubscribed();
      return { HubArn: HUB, SubscribedAt: SUBSCRIBED_AT };
    });
    const rules = [securityhubEnabled];
    const result = await scan({ regions: [REGION, OTHER] }, mockedLiveSource([securityhubCollector]), defaultSettings(rules), rules);
    expect(result.errors).toEqual([]);
    expect(result.evaluations.map((evaluation) => [evaluation.resource.region, evaluation.status, evaluation.messageId]).sort()).toEqual([
      [REGION, 'PASS', 'enabled'],
      [OTHER, 'FAIL', 'disabled'],
    ].sort());
  });
});
