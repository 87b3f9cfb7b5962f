/**
 * CloudTrail trails as AWS Config records them (AWS::CloudTrail::Trail), with gatewatch's
 * supplementary facts for cloudtrail-multi-region-enabled: whether the trail is logging
 * (GetTrailStatus) and what it records (GetEventSelectors); and, as a fact of the account × Region
 * item, every trail that covers the Region (`cloudTrails`).
 *
 * DescribeTrails (one call per Region, not paginated) with `includeShadowTrails: true` lists the
 * trails homed in the context's Region and the shadows of those that reach it from elsewhere: the
 * account's multi-Region trails of other Regions, and an organization's trail seen from a member
 * account. Only the account's own trails homed here become items, so each trail is one item, in its
 * home Region — where AWS Config records it too.
 *
 * Every listed trail that is multi-Region or homed here goes into the Region's `cloudTrails` fact,
 * with its status and selectors: an own trail's come from the calls its item makes anyway; a shadow
 * trail's from GetTrailStatus and GetEventSelectors on its ARN (which the API accepts). Cost: those
 * are 2 extra calls per shadow trail per Region — in an organization usually one organization
 * trail, so 2 per Region; an account's own multi-Region trail adds 2 in each Region but its home.
 * A shadow trail's failed call leaves its field absent and is recorded against the account item's
 * `cloudTrails` aspect; a failed DescribeTrails against both the trails and that aspect.
 *
 * Trail status and selectors have no bulk call: one call each per trail, in `attempt`s scoped to the
 * trail. Tags come from ListTags, which takes up to 20 trail ARNs per call (own trails only).
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
import type { ResourceType } from '../../../model/configuration-item.js';
import { arnOf } from '../../../model/resource-types/index.js';
import { camel, plain, tagMap, type AttemptScope, type CollectContext, type Collector, type RawItem } from '../collector.js';
import { pickFields } from './fields.js';
import { chunks } from '../../../aws/batches.js';

const TRAIL = 'AWS::CloudTrail::Trail' as const satisfies ResourceType;
const ACCOUNT = 'AWS::::Account' as const satisfies ResourceType;
/** The account item's fact this collector feeds: only rules reading it are touched by its errors. */
const FACT_SCOPE = { aspect: 'cloudTrails' } as const;

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

function trailArnOf(context: CollectContext, trail: Trail, name: string): string {
  return trail.TrailARN ?? arnOf(TRAIL, context, name);
}

/** What GetTrailStatus and GetEventSelectors told of one trail; a key is absent when its call failed (recorded). */
interface Reading {
  isLogging?: boolean;
  eventSelectors?: unknown[];
  advancedEventSelectors?: unknown[];
}

/** Where a trail's failed calls are recorded: the trail item's aspects, or the account item's fact. */
interface ReadTarget {
  readonly types: readonly ResourceType[];
  readonly statusScope: AttemptScope;
  readonly selectorScope: AttemptScope;
}

// Status and selectors are facts only cloudtrail-multi-region-enabled reads (meta.reads).
const ownTarget = (name: string): ReadTarget => ({
  types: [TRAIL],
  statusScope: { aspect: 'TrailStatus', resourceIds: [name] },
  selectorScope: { aspect: 'EventSelectors', resourceIds: [name] },
});
const SHADOW_TARGET: ReadTarget = { types: [ACCOUNT], statusScope: FACT_SCOPE, selectorScope: FACT_SCOPE };

/** Status and selectors of one trail, by ARN (a shadow trail's ARN too). */
async function readTrail(context: CollectContext, cloudtrail: CloudTrailClient, arn: string, target: ReadTarget): Promise<Reading | typeof GONE> {
  const reading: Reading = {};
  let gone = false;
  await Promise.all([
    context.attempt(
      target.types,
      async () => {
        const status = await context.call('GetTrailStatus', () => cloudtrail.send(new GetTrailStatusCommand({ Name: arn })).catch(goneOnNotFound));
        if (status === GONE) gone = true;
        else if (status.IsLogging !== undefined) reading.isLogging = status.IsLogging;
      },
      target.statusScope,
    ),
    context.attempt(
      target.types,
      async () => {
        const output = await context.call('GetEventSelectors', () => cloudtrail.send(new GetEventSelectorsCommand({ TrailName: arn })).catch(goneOnNotFound));
        if (output === GONE) {
          gone = true;
          return;
        }
        if (output.EventSelectors !== undefined) reading.eventSelectors = eventSelectors(output.EventSelectors);
        if (output.AdvancedEventSelectors !== undefined) reading.advancedEventSelectors = advancedEventSelectors(output.AdvancedEventSelectors);
      },
      target.selectorScope,
    ),
  ]);
  return gone ? GONE : reading;
}

/** A trail item's supplementary facts, as AWS Config names such facts. */
function supplementaryOf(reading: Reading): Supplementary {
  return {
    ...(reading.isLogging === undefined ? {} : { TrailStatus: { IsLogging: reading.isLogging } }),
    ...(reading.eventSelectors === undefined ? {} : { EventSelectors: reading.eventSelectors }),
    ...(reading.advancedEventSelectors === undefined ? {} : { AdvancedEventSelectors: reading.advancedEventSelectors }),
  };
}

/** One entry of the account × Region item's `cloudTrails` fact. */
function trailFact(trail: Trail, arn: string, reading: Reading): unknown {
  return plain({
    trailARN: arn,
    homeRegion: trail.HomeRegion,
    isMultiRegionTrail: trail.IsMultiRegionTrail,
    isOrganizationTrail: trail.IsOrganizationTrail,
    ...reading,
  });
}

/** The account in a trail's ARN (`arn:partition:cloudtrail:region:account:trail/name`). */
const accountOf = (arn: string): string | undefined => arn.split(':')[4];

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

interface Listed {
  readonly trail: Trail;
  readonly name: string;
  readonly arn: string;
}

export const cloudtrailCollector: Collector = {
  service: 'cloudtrail',
  produces: [TRAIL],
  async collect(context, types) {
    if (!types.has(TRAIL)) return;
    const cloudtrail = context.client(CloudTrailClient);
    let listed: Trail[] | undefined;
    let failure: unknown;
    await context.attempt([TRAIL], async () => {
      try {
        const output = await context.call('DescribeTrails', () => cloudtrail.send(new DescribeTrailsCommand({ includeShadowTrails: true })));
        listed = output.trailList ?? [];
      } catch (error) {
        failure = error;
        throw error;
      }
    });
    if (listed === undefined) {
      // Which trails cover the Region is unknown too.
      const cause = failure;
      await context.attempt(
        [ACCOUNT],
        () => Promise.reject(cause instanceof Error ? cause : new Error(String(cause))),
        FACT_SCOPE,
      );
      return;
    }

    // The account's own trails homed here are items; the other multi-Region trails listed here
    // (shadows) only cover the Region. Another account's trail homed here is an organization's.
    const own: Listed[] = [];
    const shadows: Listed[] = [];
    for (const trail of listed) {
      if (trail.Name === undefined) continue;
      const entry = { trail, name: trail.Name, arn: trailArnOf(context, trail, trail.Name) };
      const homedHere = trail.HomeRegion === undefined || trail.HomeRegion === context.region;
      if (homedHere && accountOf(entry.arn) === context.accountId) own.push(entry);
      else if (homedHere || trail.IsMultiRegionTrail === true) shadows.push(entry);
    }

    const tagsRead = own.length === 0 ? Promise.resolve(new Map<string, Record<string, string>>()) : trailTags(context, cloudtrail, own);
    const [ownReads, shadowReads] = await Promise.all([
      Promise.all(own.map(({ arn, name }) => readTrail(context, cloudtrail, arn, ownTarget(name)))),
      Promise.all(shadows.map(({ arn }) => readTrail(context, cloudtrail, arn, SHADOW_TARGET))),
    ]);
    const tags = await tagsRead;

    const facts: unknown[] = [];
    own.forEach(({ trail, name, arn }, index) => {
      const read = ownReads[index];
      if (read === undefined || read === GONE) return;
      context.emit(trailItem(trail, name, arn, supplementaryOf(read), tags.get(arn) ?? {}));
      facts.push(trailFact(trail, arn, read));
    });
    shadows.forEach(({ trail, arn }, index) => {
      const read = shadowReads[index];
      if (read !== undefined && read !== GONE) facts.push(trailFact(trail, arn, read));
    });
    context.accountFact({ cloudTrails: facts });
  },
};
