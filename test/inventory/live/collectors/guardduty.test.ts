import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { AccessDeniedException, GetDetectorCommand, GuardDutyClient, GuardDutyServiceException, ListDetectorsCommand, type GetDetectorResponse } from '@aws-sdk/client-guardduty';
import { mockClient } from 'aws-sdk-client-mock';
import { guarddutyCollector } from '../../../../inventory/live/collectors/guardduty.js';
import { scan } from '../../../../engine/scan.js';
import { defaultSettings } from '../../../../engine/settings.js';
import guarddutyEnabled from '../../../../rules/audit-detection/guardduty-enabled.js';
import { checkItemAgainstSchema } from '../../../support/config-schema.js';
import { ACCOUNT, REGION } from '../../../support/items.js';
import { callsOf, collect, mockedLiveSource, mockIdentity } from '../../../../testkit/live.js';

const DETECTOR_ID = 'af23884a02af11c907f39de525dcdd5f';
const detector = (status: 'ENABLED' | 'DISABLED'): GetDetectorResponse => ({
  CreatedAt: '2023-02-06T10:05:40.000Z',
  UpdatedAt: '2025-01-01T00:00:00.000Z',
  FindingPublishingFrequency: 'SIX_HOURS',
  ServiceRole: `arn:aws:iam::${ACCOUNT}:role/aws-service-role/guardduty.amazonaws.com/AWSServiceRoleForAmazonGuardDuty`,
  Status: status,
  Tags: { Team: 'security' },
  Features: [{ Name: 'S3_DATA_EVENTS', Status: 'ENABLED' }],
});
const denied = () => new AccessDeniedException({ $metadata: { httpStatusCode: 403 }, message: 'AccessDeniedException from the test', Type: 'AccessDenied' });
const commandsSent = (mock: ReturnType<typeof mockClient>) => mock.calls().map((call) => call.args[0].constructor.name);

let mocks: ReturnType<typeof mockIdentity>;
let guardduty: ReturnType<typeof mockClient>;
beforeEach(() => {
  mocks = mockIdentity();
  guardduty = mockClient(GuardDutyClient);
});
afterEach(() => {
  guardduty.restore();
  mocks.ec2.restore();
  mocks.sts.restore();
});

describe('GuardDuty collector', () => {
  it('builds the detector item in the shape AWS Config records, tags from GetDetector', async () => {
    guardduty.on(ListDetectorsCommand).resolves({ DetectorIds: [DETECTOR_ID] });
    guardduty.on(GetDetectorCommand).resolves(detector('ENABLED'));
    const collection = await collect([guarddutyCollector], ['AWS::GuardDuty::Detector']);
    expect(collection.errors).toEqual([]);
    const raw = (collection.rawItems ?? []).find((entry) => entry['resourceType'] === 'AWS::GuardDuty::Detector');
    expect(raw).toMatchObject({
      resourceId: DETECTOR_ID,
      ARN: `arn:aws:guardduty:${REGION}:${ACCOUNT}:detector/${DETECTOR_ID}`,
      awsRegion: REGION,
      availabilityZone: 'Not Applicable',
      resourceCreationTime: '2023-02-06T10:05:40.000Z',
      tags: { Team: 'security' },
    });
    expect(raw?.['configuration']).toEqual({ Id: DETECTOR_ID, Enable: true, FindingPublishingFrequency: 'SIX_HOURS' });
    expect(guardduty).toHaveReceivedCommandWith(GetDetectorCommand, { DetectorId: DETECTOR_ID });
    for (const entry of collection.rawItems ?? []) expect(checkItemAgainstSchema(entry)).toEqual([]);
  });

  it('records a suspended detector as Enable false', async () => {
    guardduty.on(ListDetectorsCommand).resolves({ DetectorIds: [DETECTOR_ID] });
    guardduty.on(GetDetectorCommand).resolves(detector('DISABLED'));
    const collection = await collect([guarddutyCollector], ['AWS::GuardDuty::Detector']);
    expect(collection.items.find((item) => item.resourceType === 'AWS::GuardDuty::Detector')?.configuration).toEqual({ Id: DETECTOR_ID, Enable: false, FindingPublishingFrequency: 'SIX_HOURS' });
  });

  it('follows the token across three pages at the maximum page size', async () => {
    guardduty
      .on(ListDetectorsCommand)
      .resolvesOnce({ DetectorIds: ['d1'], NextToken: 't2' })
      .resolvesOnce({ DetectorIds: [], NextToken: 't3' })
      .resolvesOnce({ DetectorIds: [] });
    guardduty.on(GetDetectorCommand).resolves(detector('ENABLED'));
    const collection = await collect([guarddutyCollector], ['AWS::GuardDuty::Detector']);
    expect(collection.errors).toEqual([]);
    expect(collection.items.filter((item) => item.resourceType === 'AWS::GuardDuty::Detector').map((item) => item.resourceId)).toEqual(['d1']);
    expect(guardduty).toHaveReceivedCommandTimes(ListDetectorsCommand, 3);
    expect(guardduty).toHaveReceivedNthCommandWith(1, ListDetectorsCommand, { MaxResults: 50, NextToken: undefined });
    expect(guardduty).toHaveReceivedNthCommandWith(2, ListDetectorsCommand, { MaxResults: 50, NextToken: 't2' });
    expect(guardduty).toHaveReceivedNthCommandWith(3, ListDetectorsCommand, { MaxResults: 50, NextToken: 't3' });
    expect(callsOf(collection, 'guardduty', 'ListDetectors')).toBe(3);
  });

  it('retries throttling and counts the retry', async () => {
    const throttled = new GuardDutyServiceException({ name: 'TooManyRequestsException', $fault: 'client', $metadata: { httpStatusCode: 429 }, message: 'slow down' });
    guardduty.on(ListDetectorsCommand).rejectsOnce(throttled).resolves({ DetectorIds: [DETECTOR_ID] });
    guardduty.on(GetDetectorCommand).resolves(detector('ENABLED'));
    const collection = await collect([guarddutyCollector], ['AWS::GuardDuty::Detector']);
    expect(collection.errors).toEqual([]);
    expect(collection.items.map((item) => item.resourceId)).toContain(DETECTOR_ID);
    expect(collection.calls).toContainEqual({ service: 'guardduty', operation: 'ListDetectors', calls: 2, retries: 1, errors: 0 });
  });

  it('records a denied ListDetectors as an error for detectors only', async () => {
    guardduty.on(ListDetectorsCommand).rejects(denied());
    const collection = await collect([guarddutyCollector], ['AWS::GuardDuty::Detector']);
    expect(collection.errors).toEqual([
      {
        accountId: ACCOUNT,
        region: REGION,
        resourceTypes: ['AWS::GuardDuty::Detector'],
        service: 'guardduty',
        operation: 'ListDetectors',
        code: 'AccessDeniedException',
        message: 'AccessDeniedException from the test',
      },
    ]);
  });

  it('keeps a detector whose GetDetector was denied, without Enable, and records the error for it alone', async () => {
    guardduty.on(ListDetectorsCommand).resolves({ DetectorIds: [DETECTOR_ID] });
    guardduty.on(GetDetectorCommand).rejects(denied());
    const collection = await collect([guarddutyCollector], ['AWS::GuardDuty::Detector']);
    expect(collection.errors).toEqual([
      {
        accountId: ACCOUNT,
        region: REGION,
        resourceTypes: ['AWS::GuardDuty::Detector'],
        service: 'guardduty',
        operation: 'GetDetector',
        code: 'AccessDeniedException',
        message: 'AccessDeniedException from the test',
        resourceIds: [DETECTOR_ID],
      },
    ]);
    expect(collection.items.find((item) => item.resourceType === 'AWS::GuardDuty::Detector')?.configuration).toEqual({ Id: DETECTOR_ID });
  });

  it('makes guardduty-enabled UNKNOWN when ListDetectors is denied — not FAIL for "no detector"', async () => {
    guardduty.on(ListDetectorsCommand).rejects(denied());
    const rules = [guarddutyEnabled];
    const result = await scan({ regions: [REGION] }, mockedLiveSource([guarddutyCollector]), defaultSettings(rules), rules);
    expect(result.evaluations.map((evaluation) => [evaluation.resource.type, evaluation.status, evaluation.messageId])).toEqual([['AWS::::Account', 'UNKNOWN', 'collectionFailed']]);
    expect(result.completeness).toEqual([expect.objectContaining({ ruleId: 'guardduty-enabled', region: REGION, complete: false })]);
  });

  it('makes guardduty-enabled UNKNOWN when GetDetector is denied, and judges detectors that were read', async () => {
    const rules = [guarddutyEnabled];
    guardduty.on(ListDetectorsCommand).resolves({ DetectorIds: [DETECTOR_ID] });
    guardduty.on(GetDetectorCommand).rejects(denied());
    const unread = await scan({ regions: [REGION] }, mockedLiveSource([guarddutyCollector]), defaultSettings(rules), rules);
    expect(unread.evaluations.map((evaluation) => evaluation.status)).toEqual(['UNKNOWN']);

    guardduty.on(GetDetectorCommand).resolves(detector('DISABLED'));
    const suspended = await scan({ regions: [REGION] }, mockedLiveSource([guarddutyCollector]), defaultSettings(rules), rules);
    expect(suspended.evaluations.map((evaluation) => [evaluation.status, evaluation.messageId])).toEqual([['FAIL', 'disabled']]);

    guardduty.on(ListDetectorsCommand).resolves({ DetectorIds: [] });
    const none = await scan({ regions: [REGION] }, mockedLiveSource([guarddutyCollector]), defaultSettings(rules), rules);
    expect(none.evaluations.map((evaluation) => [evaluation.status, evaluation.messageId])).toEqual([['FAIL', 'noDetector']]);
  });

  it('makes one ListDetectors and one GetDetector per detector', async () => {
    guardduty.on(ListDetectorsCommand).resolves({ DetectorIds: [DETECTOR_ID] });
    guardduty.on(GetDetectorCommand).resolves(detector('ENABLED'));
    await collect([guarddutyCollector], ['AWS::GuardDuty::Detector']);
    expect(commandsSent(guardduty)).toEqual(['ListDetectorsCommand', 'GetDetectorCommand']);
  });
});
