/**
 * CloudTrail trails as AWS Config records them (AWS::CloudTrail::Trail), with gatewatch's
 * supplementary facts for cloudtrail-multi-region-enabled: whether the trail is logging
 * (GetTrailStatus) and what it records (GetEventSelectors).
 *
 * DescribeTrails (one call, not paginated) with `includeShadowTrails: false` lists the trails whose
 * home Region is the context's, so each trail is one item, in its home Region — where AWS Config
 * records it too. A multi-Region trail therefore appears once, under its home Region, not in every
 * Region it covers: an account-level rule must look it up across the account's scopes.
 *
 * Trail status and selectors have no bulk call: one call each per trail, in `attempt`s scoped to the
 * trail. Tags come from ListTags, which takes up to 20 trail ARNs per call.
 */
import {
  CloudTrailClient,
  DescribeTrailsCommand,
  GetEventSelectorsCommand,
  GetTrailStatusCommand,
  ListTagsCommand,
  TrailNotFoundException,
  type AdvancedEventSelector,
  type EventSelector,
  type Trail,
} from '@aws-sdk/client-cloudtrail';
import type { ResourceType } from '../../configuration-item.js';
import { camel, plain, tagMap, type CollectContext, type Collector, type RawItem } from '../collector.js';
import { chunks, pickFields } from './fields.js';

const TRAIL: ResourceType = 'AWS::CloudTrail::Trail';

/** ListTags takes at most this many ARNs per call. */
export const LIST_TAGS_BATCH = 20;

type Supplementary = Record<string, unknown>;

/** Deleted between DescribeTrails and a per-trail call. */
const GONE = Symbol('gone');

function goneOnNotFound(error: unknown): typeof GONE {
  if (error instanceof TrailNotFoundException) return GONE;
  throw error;
}

/** The Trail fields AWS Config records (see AWS::CloudTrail::Trail's published properties). */
function trailConfiguration(trail: Trail): Record<string, unknown> {
  return camel(
    pickFields(trail, {
      Name: true,
      S3BucketName: true,
      S3KeyPrefix: true,
      SnsTopicName: true,
      SnsTopicARN: true,
      IncludeGlobalServiceEvents: true,
      IsMultiRegionTrail: true,
      HomeRegion: true,
      TrailARN: true,
      LogFileValidationEnabled: true,
      CloudWatchLogsLogGroupArn: true,
      CloudWatchLogsRoleArn: true,
      KmsKeyId: true,
      HasCustomEventSelectors: true,
      HasInsightSelectors: true,
      IsOrganizationTrail: true,
    }),
  ) as Record<string, unknown>;
}

/** Basic selectors without their data resources (the rules judge management events only). */
const eventSelectors = (selectors: readonly EventSelector[]) =>
  selectors.map(({ ReadWriteType, IncludeManagementEvents, ExcludeManagementEventSources }) => plain({ ReadWriteType, IncludeManagementEvents, ExcludeManagementEventSources }));

/** Advanced selectors with every operator: a NotStartsWith can exclude event sources as surely as a NotEquals. */
const advancedEventSelectors = (selectors: readonly AdvancedEventSelector[]) =>
  selectors.map(({ Name, FieldSelectors }) =>
    plain({
      Name,
      FieldSelectors: FieldSelectors?.map(({ Field, Equals, StartsWith, EndsWith, NotEquals, NotStartsWith, NotEndsWith }) => ({
        Field,
        Equals,
        StartsWith,
        EndsWith,
        NotEquals,
        NotStartsWith,
        NotEndsWith,
      })),
    }),
  );

function arnOf(context: CollectContext, trail: Trail, name: string): string {
  return trail.TrailARN ?? `arn:${context.partition}:cloudtrail:${context.region}:${context.accountId}:trail/${name}`;
}

/** Status and selectors of one trail; a key is absent when its call failed (recorded). */
async function readTrail(context: CollectContext, cloudtrail: CloudTrailClient, arn: string, name: string): Promise<Supplementary | typeof GONE> {
  const supplementary: Supplementary = {};
  let gone = false;
  // Status and selectors are facts only cloudtrail-multi-region-enabled reads (meta.reads).
  const statusScope = { aspect: 'TrailStatus', resourceIds: [name] };
  const selectorScope = { aspect: 'EventSelectors', resourceIds: [name] };
  await Promise.all([
    context.attempt(
      [TRAIL],
      async () => {
        const status = await context.call('GetTrailStatus', () => cloudtrail.send(new GetTrailStatusCommand({ Name: arn })).catch(goneOnNotFound));
        if (status === GONE) gone = true;
        else if (status.IsLogging !== undefined) supplementary['TrailStatus'] = { IsLogging: status.IsLogging };
      },
      statusScope,
    ),
    context.attempt(
      [TRAIL],
      async () => {
        const output = await context.call('GetEventSelectors', () => cloudtrail.send(new GetEventSelectorsCommand({ TrailName: arn })).catch(goneOnNotFound));
        if (output === GONE) {
          gone = true;
          return;
        }
        if (output.EventSelectors !== undefined) supplementary['EventSelectors'] = eventSelectors(output.EventSelectors);
        if (output.AdvancedEventSelectors !== undefined) supplementary['AdvancedEventSelectors'] = advancedEventSelectors(output.AdvancedEventSelectors);
      },
      selectorScope,
    ),
  ]);
  return gone ? GONE : supplementary;
}

/** Tags of the trails by ARN, 20 ARNs per ListTags call; a failed batch leaves only its trails' tags unknown. */
async function trailTags(context: CollectContext, cloudtrail: CloudTrailClient, trails: readonly { arn: string; name: string }[]): Promise<Map<string, Record<string, string>>> {
  const tags = new Map<string, Record<string, string>>();
  const batches = chunks(trails, LIST_TAGS_BATCH);
  await Promise.all(
    batches.map((batch) =>
      context.attempt(
        [TRAIL],
        async () => {
          const pages = context.pages(
            'ListTags',
            (NextToken) => cloudtrail.send(new ListTagsCommand({ ResourceIdList: batch.map((trail) => trail.arn), NextToken })),
            (page) => page.NextToken,
          );
          for await (const page of pages) {
            for (const resource of page.ResourceTagList ?? []) {
              if (resource.ResourceId !== undefined) tags.set(resource.ResourceId, { ...tags.get(resource.ResourceId), ...tagMap(resource.TagsList) });
            }
          }
        },
        { aspect: 'tags', resourceIds: batch.map((trail) => trail.name) },
      ),
    ),
  );
  return tags;
}

export function trailItem(trail: Trail, name: string, arn: string, supplementary: Supplementary, tags: Readonly<Record<string, string>>): RawItem {
  return {
    resourceType: TRAIL,
    resourceId: name,
    resourceName: name,
    ARN: arn,
    availabilityZone: 'Not Applicable',
    tags,
    configuration: trailConfiguration(trail),
    supplementaryConfiguration: supplementary,
  };
}

export const cloudtrailCollector: Collector = {
  service: 'cloudtrail',
  produces: [TRAIL],
  async collect(context, types) {
    if (!types.has(TRAIL)) return;
    const cloudtrail = context.client(CloudTrailClient);
    const listed: Trail[] = [];
    await context.attempt([TRAIL], async () => {
      const output = await context.call('DescribeTrails', () => cloudtrail.send(new DescribeTrailsCommand({ includeShadowTrails: false })));
      listed.push(...(output.trailList ?? []));
    });
    // Only trails homed here: another Region's trail is that Region's item.
    const trails = listed.flatMap((trail) =>
      trail.Name === undefined || (trail.HomeRegion !== undefined && trail.HomeRegion !== context.region) ? [] : [{ trail, name: trail.Name, arn: arnOf(context, trail, trail.Name) }],
    );
    if (trails.length === 0) return;

    const tagsRead = trailTags(context, cloudtrail, trails);
    const reads = await Promise.all(trails.map(({ arn, name }) => readTrail(context, cloudtrail, arn, name)));
    const tags = await tagsRead;
    trails.forEach(({ trail, name, arn }, index) => {
      const read = reads[index];
      if (read === undefined || read === GONE) return;
      context.emit(trailItem(trail, name, arn, read, tags.get(arn) ?? {}));
    });
  },
};
