/**
 * CloudTrail in the mocked account: trails per Region, the first multi-Region; another Region's
 * multi-Region trails show as shadow trails.
 */

import {
  CloudTrailClient,
  DescribeTrailsCommand,
  GetEventSelectorsCommand,
  GetTrailStatusCommand,
  ListTagsCommand,
  type DescribeTrailsCommandInput,
  type DescribeTrailsCommandOutput,
  type GetEventSelectorsCommandInput,
  type GetEventSelectorsCommandOutput,
  type GetTrailStatusCommandInput,
  type GetTrailStatusCommandOutput,
  type ListTagsCommandInput,
  type ListTagsCommandOutput,
  type Trail,
} from '@aws-sdk/client-cloudtrail';
import { mockClient } from 'aws-sdk-client-mock';
import { ACCOUNT, type At, awsError, batchLimit, type Build, CREATED, ec2Tags, lookup, type Out, type Restorable, type Tags, tagsOf } from './kit.js';

export interface Trails {
  readonly trail: Trail;
  readonly tags: Tags;
}

export interface CloudTrailData {
  readonly trails: Trails[];
}

export function cloudtrailData(build: Build): CloudTrailData {
  const { region, n, arn, register } = build;
  const trails: Trails[] = Array.from({ length: n }, (_, index) => {
    const name = `audit-${index}`;
    const trailArn = arn('cloudtrail', `trail/${name}`);
    register(trailArn, 'cloudtrail', 'trail', tagsOf('audit', index));
    return {
      trail: {
        Name: name,
        TrailARN: trailArn,
        HomeRegion: region,
        S3BucketName: `audit-logs-${ACCOUNT}`,
        IncludeGlobalServiceEvents: index === 0,
        IsMultiRegionTrail: index === 0,
        LogFileValidationEnabled: true,
        KmsKeyId: arn('kms', 'key/0b1c2d3e-0000-4000-8000-000000000007'),
        HasCustomEventSelectors: index % 2 === 1,
        HasInsightSelectors: false,
        IsOrganizationTrail: false,
      },
      tags: tagsOf('audit', index),
    };
  });
  return { trails };
}

/** `shadowTrailsOf(region)`: the multi-Region trails of the other Regions. */
export function mockCloudTrail(at: At<CloudTrailData & { readonly region: string }>, shadowTrailsOf: (region: string) => Trails[]): Restorable[] {
  const cloudtrail = mockClient(CloudTrailClient);
  // A shadow trail (another Region's multi-Region trail) answers by its ARN, as CloudTrail's does.
  // The Region is read once per call, before any await: a later getClient() may name another call's client.
  const trailIn = (data: CloudTrailData & { readonly region: string }, name: string | undefined) => {
    const trail =
      lookup(data.trails, (candidate) => [candidate.trail.TrailARN, candidate.trail.Name], name) ??
      shadowTrailsOf(data.region).find((candidate) => candidate.trail.TrailARN === name);
    if (trail === undefined) throw awsError('TrailNotFoundException', `no trail ${String(name)}`);
    return trail;
  };
  // includeShadowTrails defaults to true in the API.
  cloudtrail.on(DescribeTrailsCommand).callsFake(async (input: DescribeTrailsCommandInput, getClient): Promise<Out<DescribeTrailsCommandOutput>> => {
    const data = await at(getClient);
    const shadows = input.includeShadowTrails === false ? [] : shadowTrailsOf(data.region);
    return { trailList: [...data.trails, ...shadows].map((entry) => entry.trail) };
  });
  cloudtrail.on(GetTrailStatusCommand).callsFake(async (input: GetTrailStatusCommandInput, getClient): Promise<Out<GetTrailStatusCommandOutput>> => {
    trailIn(await at(getClient), input.Name);
    return { IsLogging: true, LatestDeliveryTime: CREATED, StartLoggingTime: CREATED };
  });
  cloudtrail.on(GetEventSelectorsCommand).callsFake(async (input: GetEventSelectorsCommandInput, getClient): Promise<Out<GetEventSelectorsCommandOutput>> => {
    const { trail } = trailIn(await at(getClient), input.TrailName);
    return trail.HasCustomEventSelectors === true
      ? {
          TrailARN: trail.TrailARN,
          AdvancedEventSelectors: [{ Name: 'Management events', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] }],
        }
      : { TrailARN: trail.TrailARN, EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: true, DataResources: [], ExcludeManagementEventSources: [] }] };
  });
  cloudtrail.on(ListTagsCommand).callsFake(async (input: ListTagsCommandInput, getClient): Promise<Out<ListTagsCommandOutput>> => {
    batchLimit('ListTags', input.ResourceIdList, 20);
    const data = await at(getClient);
    const resourceTagList = (input.ResourceIdList ?? []).map((name) => {
      const { trail, tags } = trailIn(data, name);
      return { ResourceId: trail.TrailARN, TagsList: ec2Tags(tags) };
    });
    return { ResourceTagList: resourceTagList };
  });
  return [cloudtrail];
}
