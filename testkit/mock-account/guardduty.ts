/**
 * GuardDuty detectors in the mocked account (every tenth disabled).
 */

import {
  GetDetectorCommand,
  GuardDutyClient,
  ListDetectorsCommand,
  type GetDetectorCommandInput,
  type GetDetectorCommandOutput,
  type ListDetectorsCommandInput,
  type ListDetectorsCommandOutput,
} from '@aws-sdk/client-guardduty';
import { mockClient } from 'aws-sdk-client-mock';
import { ACCOUNT, type At, awsError, type Build, CREATED, hex, type Out, paginate, type Restorable, tagsOf } from './kit.js';

export interface GuardDutyData {
  readonly detectors: Map<string, Out<GetDetectorCommandOutput>>;
}

export function guarddutyData(build: Build): GuardDutyData {
  const { n, arn, register } = build;
  const detectors = new Map<string, Out<GetDetectorCommandOutput>>();
  for (let index = 0; index < n; index += 1) {
    const detectorId = hex(index, 32);
    detectors.set(detectorId, {
      CreatedAt: CREATED.toISOString(),
      UpdatedAt: CREATED.toISOString(),
      FindingPublishingFrequency: 'SIX_HOURS',
      ServiceRole: `arn:aws:iam::${ACCOUNT}:role/aws-service-role/guardduty.amazonaws.com/AWSServiceRoleForAmazonGuardDuty`,
      Status: index % 10 === 0 ? 'DISABLED' : 'ENABLED',
      Tags: { ...tagsOf('detector', index) },
    });
    register(arn('guardduty', `detector/${detectorId}`), 'guardduty', 'detector', tagsOf('detector', index));
  }
  return { detectors };
}

export function mockGuardDuty(at: At<GuardDutyData>): Restorable[] {
  const guardduty = mockClient(GuardDutyClient);
  guardduty.on(ListDetectorsCommand).callsFake(async (input: ListDetectorsCommandInput, getClient): Promise<Out<ListDetectorsCommandOutput>> => {
    const page = paginate('ListDetectors', [...(await at(getClient)).detectors.keys()], input.NextToken, input.MaxResults, 50);
    return { DetectorIds: page.items, NextToken: page.next };
  });
  guardduty.on(GetDetectorCommand).callsFake(async (input: GetDetectorCommandInput, getClient): Promise<Out<GetDetectorCommandOutput>> => {
    const detector = (await at(getClient)).detectors.get(input.DetectorId ?? '');
    if (detector === undefined) throw awsError('BadRequestException', `no detector ${String(input.DetectorId)}`);
    return detector;
  });
  return [guardduty];
}
