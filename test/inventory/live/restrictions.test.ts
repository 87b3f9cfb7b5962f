/**
 * The live source's side of a targeted read: the restrictions reach the collectors, a collector
 * with no targeted read has its listing narrowed to the named resources, tags are read by ARN in
 * calls of at most 100 (and an answer that is cut is a failure, never a part taken for the whole),
 * and a known identity spares the STS call.
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { GetResourcesCommand, ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import { mockClient, type AwsClientStub } from 'aws-sdk-client-mock';
import type { CollectContext, Collector } from '../../../inventory/live/collector.js';
import type { Restriction } from '../../../inventory/source.js';
import type { ResourceType } from '../../../model/configuration-item.js';
import { mockedLiveSource, mockIdentity } from '../../../testkit/live.js';
import { ACCOUNT } from '../../support/items.js';

const REGION = 'eu-west-1';
const VOLUME: ResourceType = 'AWS::EC2::Volume';
const IDENTITY = { accountId: ACCOUNT, partition: 'aws' };

const volume = (id: string) => ({ resourceType: VOLUME, resourceId: id, ARN: `arn:aws:ec2:${REGION}:${ACCOUNT}:volume/${id}`, configuration: { volumeId: id, encrypted: true } });

/** A collector of volumes that knows nothing of restrictions: it lists three, and sees what it was asked. */
function listingCollector(seen: (Restriction | undefined)[]): Collector {
  return {
    service: 'ec2',
    produces: [VOLUME],
    async collect(context) {
      seen.push(context.restriction(VOLUME));
      for (const id of ['vol-1', 'vol-2', 'vol-3']) context.emit(volume(id));
    },
  };
}

/** A collector whose whole work is `run`. */
const running = (run: (context: CollectContext) => Promise<void>): Collector => ({ service: 'ec2', produces: [VOLUME], collect: run });

let mocks: ReturnType<typeof mockIdentity>;
let tagging: AwsClientStub<ResourceGroupsTaggingAPIClient>;
beforeEach(() => {
  mocks = mockIdentity([REGION]);
  tagging = mockClient(ResourceGroupsTaggingAPIClient);
});
afterEach(() => {
  mocks.ec2.restore();
  mocks.sts.restore();
  tagging.restore();
});

describe('a restricted collection', () => {
  it('hands each collector the restriction of its type, and keeps only the named resources of a whole listing', async () => {
    const seen: (Restriction | undefined)[] = [];
    const only = new Map<ResourceType, Restriction>([[VOLUME, { kind: 'named', resources: [{ resourceId: 'vol-2' }, { resourceId: 'vol-9', arn: `arn:aws:ec2:${REGION}:${ACCOUNT}:volume/vol-3` }] }]]);
    const collection = await mockedLiveSource([listingCollector(seen)], { identity: IDENTITY }).collect({ resourceTypes: new Set([VOLUME]), regions: [REGION], only });
    expect(seen).toEqual([only.get(VOLUME)]);
    // vol-2 by its id, vol-3 by the ARN the name carries; vol-1 was not asked for.
    expect(collection.items.filter((item) => item.resourceType === VOLUME).map((item) => item.resourceId)).toEqual(['vol-2', 'vol-3']);
    expect(collection.errors).toEqual([]);
  });

  it('emits a related restriction\'s listing whole: the context it reads is a superset, never less', async () => {
    const only = new Map<ResourceType, Restriction>([[VOLUME, { kind: 'related', filter: 'vpc-id', values: ['vpc-1'] }]]);
    const collection = await mockedLiveSource([listingCollector([])], { identity: IDENTITY }).collect({ resourceTypes: new Set([VOLUME]), regions: [REGION], only });
    expect(collection.items.filter((item) => item.resourceType === VOLUME)).toHaveLength(3);
  });

  it('makes no STS call when the identity is known, and asks STS when it is not', async () => {
    await mockedLiveSource([listingCollector([])], { identity: IDENTITY }).collect({ resourceTypes: new Set([VOLUME]), regions: [REGION] });
    expect(mocks.sts).toHaveReceivedCommandTimes(GetCallerIdentityCommand, 0);
    const collection = await mockedLiveSource([listingCollector([])]).collect({ resourceTypes: new Set([VOLUME]), regions: [REGION] });
    expect(mocks.sts).toHaveReceivedCommandTimes(GetCallerIdentityCommand, 1);
    expect(collection.scopes).toEqual([{ accountId: ACCOUNT, region: REGION }]);
  });
});

describe('tags by ARN (CollectContext.tagsOf)', () => {
  const arns = Array.from({ length: 150 }, (_, index) => `arn:aws:sqs:${REGION}:${ACCOUNT}:queue-${index}`);

  it('asks GetResources for at most 100 ARNs a call, each ARN once, with no filter or page parameter', async () => {
    tagging.on(GetResourcesCommand).callsFake((input: { ResourceARNList?: string[] }) => ({
      ResourceTagMappingList: (input.ResourceARNList ?? []).slice(0, 2).map((arn) => ({ ResourceARN: arn, Tags: [{ Key: 'owner', Value: arn.slice(-7) }] })),
      PaginationToken: '',
    }));
    let tags: ReadonlyMap<string, Readonly<Record<string, string>>> = new Map();
    const collection = await mockedLiveSource(
      [
        running(async (context) => {
          await context.attempt([VOLUME], async () => {
            tags = await context.tagsOf([...arns, ...arns.slice(0, 10)]);
          });
        }),
      ],
      { identity: IDENTITY },
    ).collect({ resourceTypes: new Set([VOLUME]), regions: [REGION] });
    expect(collection.errors).toEqual([]);
    expect(tagging).toHaveReceivedCommandTimes(GetResourcesCommand, 2);
    expect(tagging).toHaveReceivedNthCommandWith(1, GetResourcesCommand, { ResourceARNList: arns.slice(0, 100) });
    expect(tagging).toHaveReceivedNthCommandWith(2, GetResourcesCommand, { ResourceARNList: arns.slice(100) });
    for (const call of tagging.commandCalls(GetResourcesCommand)) expect(Object.keys(call.args[0].input)).toEqual(['ResourceARNList']);
    // Resources with no tags are absent from the answer, as from a walk.
    expect([...tags.keys()]).toEqual([arns[0], arns[1], arns[100], arns[101]]);
  });

  it('fails, rather than taking a part for the whole, when the answer carries a page token', async () => {
    tagging.on(GetResourcesCommand).resolves({ ResourceTagMappingList: [], PaginationToken: 'more' });
    const collection = await mockedLiveSource(
      [
        running(async (context) => {
          await context.attempt([VOLUME], async () => void (await context.tagsOf(arns.slice(0, 1))), { aspect: 'tags', resourceIds: ['queue-0'] });
        }),
      ],
      { identity: IDENTITY },
    ).collect({ resourceTypes: new Set([VOLUME]), regions: [REGION] });
    expect(collection.errors.map((error) => ({ service: error.service, operation: error.operation, code: error.code, aspect: error.aspect, resourceIds: error.resourceIds }))).toEqual([
      { service: 'tagging', operation: 'GetResources', code: 'UnexpectedPaginationToken', aspect: 'tags', resourceIds: ['queue-0'] },
    ]);
  });
});
