/**
 * GuardDuty detectors as AWS Config records them (AWS::GuardDuty::Detector: `Id`, `Enable`,
 * `FindingPublishingFrequency`). ListDetectors (50 per page, every page) gives the ids; a Region
 * holds at most one detector per account, and GetDetector — the only call with its status and tags —
 * runs once per detector, in an `attempt` scoped to it.
 *
 * A detector whose GetDetector failed is still emitted, without `Enable`, so that it stays visible
 * and UNKNOWN; a failed ListDetectors records an error for the Region's detectors, so
 * guardduty-enabled is UNKNOWN there instead of failing for "no detector".
 */
import { GetDetectorCommand, GuardDutyClient, ListDetectorsCommand, type GetDetectorResponse } from '@aws-sdk/client-guardduty';
import type { ResourceType } from '../../../model/configuration-item.js';
import { arnOf } from '../../../model/resource-types/index.js';
import type { CollectContext, Collector, RawItem } from '../collector.js';

const DETECTOR = 'AWS::GuardDuty::Detector' as const satisfies ResourceType;

export function detectorItem(context: CollectContext, id: string, detector: GetDetectorResponse | undefined): RawItem {
  return {
    resourceType: DETECTOR,
    resourceId: id,
    ARN: arnOf(DETECTOR, context, id),
    availabilityZone: 'Not Applicable',
    resourceCreationTime: detector?.CreatedAt,
    tags: detector?.Tags ?? {},
    configuration: {
      Id: id,
      ...(detector?.Status === undefined ? {} : { Enable: detector.Status === 'ENABLED' }),
      ...(detector?.FindingPublishingFrequency === undefined ? {} : { FindingPublishingFrequency: detector.FindingPublishingFrequency }),
    },
  };
}

async function readDetector(context: CollectContext, guardduty: GuardDutyClient, id: string): Promise<GetDetectorResponse | undefined> {
  const read: { detector?: GetDetectorResponse } = {};
  await context.attempt(
    [DETECTOR],
    async () => {
      read.detector = await context.call('GetDetector', () => guardduty.send(new GetDetectorCommand({ DetectorId: id })));
    },
    { resourceIds: [id] },
  );
  return read.detector;
}

export const guarddutyCollector: Collector = {
  service: 'guardduty',
  produces: [DETECTOR],
  async collect(context, types) {
    if (!types.has(DETECTOR)) return;
    const guardduty = context.client(GuardDutyClient);
    const ids: string[] = [];
    await context.attempt([DETECTOR], async () => {
      const pages = context.pages(
        'ListDetectors',
        (NextToken) => guardduty.send(new ListDetectorsCommand({ MaxResults: 50, NextToken })),
        (page) => page.NextToken,
      );
      for await (const page of pages) ids.push(...(page.DetectorIds ?? []));
    });
    const detectors = await Promise.all(ids.map((id) => readDetector(context, guardduty, id)));
    ids.forEach((id, index) => context.emit(detectorItem(context, id, detectors[index])));
  },
};
