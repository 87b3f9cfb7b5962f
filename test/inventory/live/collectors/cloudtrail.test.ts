import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import {
  CloudTrailClient,
  CloudTrailServiceException,
  DescribeTrailsCommand,
  GetEventSelectorsCommand,
  GetTrailStatusCommand,
  ListTagsCommand,
  ThrottlingException,
  TrailNotFoundException,
  type Trail,
} from '@aws-sdk/client-cloudtrail';
import { mockClient } from 'aws-sdk-client-mock';
import { cloudtrailCollector } from '../../../../inventory/live/collectors/cloudtrail.js';
import type { Collection } from '../../../../inventory/source.js';
import { scan } from '../../../../engine/scan.js';
import { defaultSettings } from '../../../../engine/settings.js';
import { defineRule } from '../../../../rules/lib/define-rule.js';
import { checkItemAgainstSchema } from '../../../support/config-schema.js';
import { ACCOUNT, REGION } from '../../../support/items.js';
import { callsOf, collect, mockedLiveSource, mockIdentity } from '../../../../testkit/live.js';

const arnOf = (name: string, region = REGION) => `arn:aws:cloudtrail:${region}:${ACCOUNT}:trail/${name}`;
const trail = (name: string, homeRegion = REGION): Trail => ({
  Name: name,
  S3BucketName: 'trail-logs',
  IncludeGlobalServiceEvents: true,
  IsMultiRegionTrail: true,
  HomeRegion: homeRegion,
  TrailARN: arnOf(name, homeRegion),
  LogFileValidationEnabled: true,
  KmsKeyId: `arn:aws:kms:${REGION}:${ACCOUNT}:key/k`,
  HasCustomEventSelectors: false,
  HasInsightSelectors: false,
  IsOrganizationTrail: false,
});
const MANAGEMENT_ACCOUNT = '999988887777';
const ORGANIZATION_ARN = `arn:aws:cloudtrail:us-east-1:${MANAGEMENT_ACCOUNT}:trail/organization-trail`;
/** An organization trail of the management account, as DescribeTrails shows it to a member account. */
const organizationTrail: Trail = { ...trail('organization-trail', 'us-east-1'), TrailARN: ORGANIZATION_ARN, IsOrganizationTrail: true };
/** The selector the default GetEventSelectors answer records, as the collector keeps it. */
const ALL_EVENTS = { ReadWriteType: 'All', IncludeManagementEvents: true, ExcludeManagementEventSources: [] };
/** The `cloudTrails` fact of the account × Region item of `region`. */
const cloudTrailsFact = (collection: Collection, region = REGION): Record<string, unknown>[] | undefined => {
  const account = collection.items.find((item) => item.resourceType === 'AWS::::Account' && item.awsRegion === region);
  const fact: unknown = account?.configuration['cloudTrails'];
  return Array.isArray(fact) ? (fact as Record<string, unknown>[]) : undefined;
};
const trailError = (name: string) => new CloudTrailServiceException({ name, $fault: 'client', $metadata: { httpStatusCode: 403 }, message: `${name} from the test` });
const commandsSent = (mock: ReturnType<typeof mockClient>) => mock.calls().map((call) => call.args[0].constructor.name);

/** A test rule: the trail is logging. */
const trailLogging = defineRule({
  meta: {
    id: 'test-trail-logging',
    gate: 'audit-detection',
    title: 'Test trails are logging',
    severity: 'LOW',
    priority: 'P2',
    resourceTypes: ['AWS::CloudTrail::Trail'],
    reads: ['TrailStatus'],
    controls: [],
    remediation: { text: 'Start logging.', url: 'https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_StartLogging.html' },
    messages: { logging: 'Logging.', stopped: 'Not logging.', unrecorded: 'Status not recorded.' },
  },
  check(item, context) {
    const logging = item.supplementaryConfiguration.TrailStatus?.IsLogging;
    if (logging === undefined || logging === null) return context.unknown('unrecorded');
    return logging ? context.pass('logging') : context.fail('stopped');
  },
});

let mocks: ReturnType<typeof mockIdentity>;
let cloudtrail: ReturnType<typeof mockClient>;
beforeEach(() => {
  mocks = mockIdentity();
  cloudtrail = mockClient(CloudTrailClient);
  cloudtrail.on(GetTrailStatusCommand).resolves({ IsLogging: true, LatestDeliveryTime: new Date('2026-01-01T00:00:00Z') });
  cloudtrail.on(GetEventSelectorsCommand).resolves({
    EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: true, ExcludeManagementEventSources: [], DataResources: [{ Type: 'AWS::S3::Object', Values: ['arn:aws:s3'] }] }],
  });
  cloudtrail.on(ListTagsCommand).resolves({ ResourceTagList: [] });
});
afterEach(() => {
  cloudtrail.restore();
  mocks.ec2.restore();
  mocks.sts.restore();
});

describe('CloudTrail collector', () => {
  it('builds trail items in the shape AWS Config records, with status and selectors as supplementary facts', async () => {
    cloudtrail.on(DescribeTrailsCommand).resolves({ trailList: [trail('management-events')] });
    cloudtrail.on(ListTagsCommand).resolves({ ResourceTagList: [{ ResourceId: arnOf('management-events'), TagsList: [{ Key: 'Team', Value: 'security' }] }] });
    const collection = await collect([cloudtrailCollector], ['AWS::CloudTrail::Trail']);
    expect(collection.errors).toEqual([]);
    expect(cloudtrail).toHaveReceivedCommandWith(DescribeTrailsCommand, { includeShadowTrails: true });
    expect(cloudtrail).toHaveReceivedCommandWith(GetTrailStatusCommand, { Name: arnOf('management-events') });
    expect(cloudtrail).toHaveReceivedCommandWith(GetEventSelectorsCommand, { TrailName: arnOf('management-events') });
    const raw = (collection.rawItems ?? []).find((entry) => entry['resourceType'] === 'AWS::CloudTrail::Trail');
    expect(raw).toMatchObject({
      resourceId: 'management-events',
      resourceName: 'management-events',
      ARN: arnOf('management-events'),
      awsRegion: REGION,
      availabilityZone: 'Not Applicable',
      tags: { Team: 'security' },
      configuration: {
        name: 'management-events',
        trailARN: arnOf('management-events'),
        homeRegion: REGION,
        isMultiRegionTrail: true,
        logFileValidationEnabled: true,
        kmsKeyId: `arn:aws:kms:${REGION}:${ACCOUNT}:key/k`,
        s3BucketName: 'trail-logs',
      },
      supplementaryConfiguration: {
        TrailStatus: { IsLogging: true },
        EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: true, ExcludeManagementEventSources: [] }],
      },
    });
    expect(JSON.stringify(raw?.['supplementaryConfiguration'])).not.toMatch(/DataResources|LatestDeliveryTime/);
    for (const entry of collection.rawItems ?? []) expect(checkItemAgainstSchema(entry)).toEqual([]);
  });

  it('keeps every operator of advanced event selectors', async () => {
    cloudtrail.on(DescribeTrailsCommand).resolves({ trailList: [trail('advanced')] });
    cloudtrail.on(GetEventSelectorsCommand).resolves({
      AdvancedEventSelectors: [
        {
          Name: 'management without KMS',
          FieldSelectors: [
            { Field: 'eventCategory', Equals: ['Management'] },
            { Field: 'eventSource', NotStartsWith: ['kms.'], NotEndsWith: ['rdsdata.amazonaws.com'], NotEquals: ['sts.amazonaws.com'] },
            { Field: 'eventName', StartsWith: ['Put'], EndsWith: ['Policy'] },
          ],
        },
      ],
    });
    const collection = await collect([cloudtrailCollector], ['AWS::CloudTrail::Trail']);
    expect(collection.errors).toEqual([]);
    const item = collection.items.find((entry) => entry.resourceType === 'AWS::CloudTrail::Trail');
    expect(item?.supplementaryConfiguration).toEqual({
      AdvancedEventSelectors: [
        {
          Name: 'management without KMS',
          FieldSelectors: [
            { Field: 'eventCategory', Equals: ['Management'] },
            { Field: 'eventSource', NotStartsWith: ['kms.'], NotEndsWith: ['rdsdata.amazonaws.com'], NotEquals: ['sts.amazonaws.com'] },
            { Field: 'eventName', StartsWith: ['Put'], EndsWith: ['Policy'] },
          ],
        },
      ],
      TrailStatus: { IsLogging: true },
    });
    for (const entry of collection.rawItems ?? []) expect(checkItemAgainstSchema(entry)).toEqual([]);
  });

  it('emits only the trails homed in the Region, never another Region\'s trail', async () => {
    // A single-Region trail of another Region: no item here, and it does not cover this Region.
    cloudtrail.on(DescribeTrailsCommand).resolves({ trailList: [trail('here'), { ...trail('elsewhere', 'us-west-2'), IsMultiRegionTrail: false }] });
    const collection = await collect([cloudtrailCollector], ['AWS::CloudTrail::Trail']);
    expect(collection.items.filter((item) => item.resourceType === 'AWS::CloudTrail::Trail').map((item) => item.resourceId)).toEqual(['here']);
    expect(cloudtrail).toHaveReceivedCommandTimes(GetTrailStatusCommand, 1);
    expect(cloudTrailsFact(collection)?.map((entry) => entry['trailARN'])).toEqual([arnOf('here')]);
  });

  it('records the own trails in the account fact from the calls their items make, with no call twice', async () => {
    cloudtrail.on(DescribeTrailsCommand).resolves({ trailList: [trail('management-events'), { ...trail('sandbox'), IsMultiRegionTrail: false }] });
    const collection = await collect([cloudtrailCollector], ['AWS::CloudTrail::Trail']);
    expect(collection.errors).toEqual([]);
    expect(collection.items.filter((item) => item.resourceType === 'AWS::CloudTrail::Trail').map((item) => item.resourceId)).toEqual(['management-events', 'sandbox']);
    expect(cloudTrailsFact(collection)).toEqual([
      { trailARN: arnOf('management-events'), homeRegion: REGION, isMultiRegionTrail: true, isOrganizationTrail: false, isLogging: true, eventSelectors: [ALL_EVENTS] },
      { trailARN: arnOf('sandbox'), homeRegion: REGION, isMultiRegionTrail: false, isOrganizationTrail: false, isLogging: true, eventSelectors: [ALL_EVENTS] },
    ]);
    expect(cloudtrail).toHaveReceivedCommandTimes(GetTrailStatusCommand, 2);
    expect(cloudtrail).toHaveReceivedCommandTimes(GetEventSelectorsCommand, 2);
    for (const entry of collection.rawItems ?? []) expect(checkItemAgainstSchema(entry)).toEqual([]);
  });

  it("gives a member account whose Regions show only its organization's shadow trail that trail in each Region's fact, and no Trail item", async () => {
    cloudtrail.on(DescribeTrailsCommand).resolves({ trailList: [organizationTrail] });
    cloudtrail.on(GetEventSelectorsCommand, { TrailName: ORGANIZATION_ARN }).resolves({ AdvancedEventSelectors: [{ Name: 'Management', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] }] });
    const collection = await collect([cloudtrailCollector], ['AWS::CloudTrail::Trail'], [REGION, 'us-east-1']);
    expect(collection.errors).toEqual([]);
    expect(collection.items.filter((item) => item.resourceType === 'AWS::CloudTrail::Trail')).toEqual([]);
    const entry = {
      trailARN: ORGANIZATION_ARN,
      homeRegion: 'us-east-1',
      isMultiRegionTrail: true,
      isOrganizationTrail: true,
      isLogging: true,
      advancedEventSelectors: [{ Name: 'Management', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] }],
    };
    expect(cloudTrailsFact(collection, REGION)).toEqual([entry]);
    expect(cloudTrailsFact(collection, 'us-east-1')).toEqual([entry]);
    // One DescribeTrails per Region, with shadow trails; the status and selectors of the shadow in each.
    expect(cloudtrail).toHaveReceivedCommandTimes(DescribeTrailsCommand, 2);
    expect(cloudtrail).not.toHaveReceivedCommandWith(DescribeTrailsCommand, { includeShadowTrails: false });
    expect(cloudtrail).toHaveReceivedCommandTimes(GetTrailStatusCommand, 2);
    expect(cloudtrail).toHaveReceivedCommandWith(GetTrailStatusCommand, { Name: ORGANIZATION_ARN });
    expect(cloudtrail).toHaveReceivedCommandTimes(GetEventSelectorsCommand, 2);
    expect(cloudtrail).not.toHaveReceivedCommand(ListTagsCommand);
    for (const raw of collection.rawItems ?? []) expect(checkItemAgainstSchema(raw)).toEqual([]);
  });

  it("puts an own multi-Region trail of another Region in this Region's fact, not in its items", async () => {
    cloudtrail.on(DescribeTrailsCommand).resolves({ trailList: [trail('here', REGION), trail('global', 'us-east-1')] });
    const collection = await collect([cloudtrailCollector], ['AWS::CloudTrail::Trail']);
    expect(collection.items.filter((item) => item.resourceType === 'AWS::CloudTrail::Trail').map((item) => item.resourceId)).toEqual(['here']);
    expect(cloudTrailsFact(collection)?.map((entry) => [entry['trailARN'], entry['homeRegion'], entry['isLogging']])).toEqual([
      [arnOf('here'), REGION, true],
      [arnOf('global', 'us-east-1'), 'us-east-1', true],
    ]);
    expect(cloudtrail).toHaveReceivedCommandWith(ListTagsCommand, { ResourceIdList: [arnOf('here')] });
  });

  it('leaves out the logging status of a shadow trail whose GetTrailStatus failed, as an error of the account fact', async () => {
    cloudtrail.on(DescribeTrailsCommand).resolves({ trailList: [organizationTrail] });
    cloudtrail.on(GetTrailStatusCommand, { Name: ORGANIZATION_ARN }).rejects(trailError('AccessDeniedException'));
    const collection = await collect([cloudtrailCollector], ['AWS::CloudTrail::Trail']);
    expect(collection.errors).toEqual([
      {
        accountId: ACCOUNT,
        region: REGION,
        resourceTypes: ['AWS::::Account'],
        service: 'cloudtrail',
        operation: 'GetTrailStatus',
        code: 'AccessDeniedException',
        message: 'AccessDeniedException from the test',
        aspect: 'cloudTrails',
      },
    ]);
    const [entry] = cloudTrailsFact(collection) ?? [];
    expect(entry).toMatchObject({ trailARN: ORGANIZATION_ARN, isOrganizationTrail: true, eventSelectors: [ALL_EVENTS] });
    expect(entry).not.toHaveProperty('isLogging');
  });

  it('records a failed DescribeTrails for the trails and for the account fact, and leaves the fact out', async () => {
    cloudtrail.on(DescribeTrailsCommand).rejects(trailError('AccessDeniedException'));
    const collection = await collect([cloudtrailCollector], ['AWS::CloudTrail::Trail']);
    expect(collection.errors.map((error) => [error.resourceTypes, error.operation, error.aspect])).toEqual([
      [['AWS::CloudTrail::Trail'], 'DescribeTrails', undefined],
      [['AWS::::Account'], 'DescribeTrails', 'cloudTrails'],
    ]);
    expect(cloudTrailsFact(collection)).toBeUndefined();
  });

  it('asks ListTags for 20 trails at a time and follows its token across three pages', async () => {
    const names = Array.from({ length: 25 }, (_, index) => `trail-${String(index).padStart(2, '0')}`);
    cloudtrail.on(DescribeTrailsCommand).resolves({ trailList: names.map((name) => trail(name)) });
    const firstBatch = names.slice(0, 20).map((name) => arnOf(name));
    const secondBatch = names.slice(20).map((name) => arnOf(name));
    cloudtrail
      .on(ListTagsCommand, { ResourceIdList: firstBatch })
      .resolvesOnce({ ResourceTagList: [{ ResourceId: firstBatch[0], TagsList: [{ Key: 'Page', Value: '1' }] }], NextToken: 't2' })
      .resolvesOnce({ ResourceTagList: [{ ResourceId: firstBatch[1], TagsList: [{ Key: 'Page', Value: '2' }] }], NextToken: 't3' })
      .resolvesOnce({ ResourceTagList: [{ ResourceId: firstBatch[2], TagsList: [{ Key: 'Page', Value: '3' }] }] });
    cloudtrail.on(ListTagsCommand, { ResourceIdList: secondBatch }).resolves({ ResourceTagList: [{ ResourceId: secondBatch[0], TagsList: [{ Key: 'Page', Value: 'b' }] }] });
    const collection = await collect([cloudtrailCollector], ['AWS::CloudTrail::Trail']);
    expect(collection.errors).toEqual([]);
    expect(cloudtrail).toHaveReceivedCommandTimes(ListTagsCommand, 4);
    expect(cloudtrail).toHaveReceivedCommandWith(ListTagsCommand, { ResourceIdList: firstBatch, NextToken: undefined });
    expect(cloudtrail).toHaveReceivedCommandWith(ListTagsCommand, { ResourceIdList: firstBatch, NextToken: 't2' });
    expect(cloudtrail).toHaveReceivedCommandWith(ListTagsCommand, { ResourceIdList: firstBatch, NextToken: 't3' });
    expect(cloudtrail).toHaveReceivedCommandWith(ListTagsCommand, { ResourceIdList: secondBatch, NextToken: undefined });
    const tagsOf = (name: string) => collection.items.find((item) => item.resourceId === name)?.tags;
    expect([tagsOf('trail-00'), tagsOf('trail-01'), tagsOf('trail-02'), tagsOf('trail-03'), tagsOf('trail-20')]).toEqual([{ Page: '1' }, { Page: '2' }, { Page: '3' }, {}, { Page: 'b' }]);
    expect(callsOf(collection, 'cloudtrail', 'ListTags')).toBe(4);
  });

  it('retries throttling and counts the retry', async () => {
    cloudtrail
      .on(DescribeTrailsCommand)
      .rejectsOnce(new ThrottlingException({ $metadata: { httpStatusCode: 400 }, message: 'slow down' }))
      .resolves({ trailList: [trail('management-events')] });
    const collection = await collect([cloudtrailCollector], ['AWS::CloudTrail::Trail']);
    expect(collection.errors).toEqual([]);
    expect(collection.items.map((item) => item.resourceId)).toContain('management-events');
    expect(collection.calls).toContainEqual({ service: 'cloudtrail', operation: 'DescribeTrails', calls: 2, retries: 1, errors: 0 });
  });

  it('records a denied GetTrailStatus for that trail only, and still collects the others', async () => {
    cloudtrail.on(DescribeTrailsCommand).resolves({ trailList: [trail('open'), trail('locked')] });
    cloudtrail.on(GetTrailStatusCommand, { Name: arnOf('locked') }).rejects(trailError('AccessDeniedException'));
    const collection = await collect([cloudtrailCollector], ['AWS::CloudTrail::Trail']);
    expect(collection.errors).toEqual([
      {
        accountId: ACCOUNT,
        region: REGION,
        resourceTypes: ['AWS::CloudTrail::Trail'],
        service: 'cloudtrail',
        operation: 'GetTrailStatus',
        code: 'AccessDeniedException',
        message: 'AccessDeniedException from the test',
        aspect: 'TrailStatus',
        resourceIds: ['locked'],
      },
    ]);
    const supplementaryOf = (name: string) => collection.items.find((item) => item.resourceId === name)?.supplementaryConfiguration;
    expect(supplementaryOf('open')).toHaveProperty('TrailStatus', { IsLogging: true });
    expect(supplementaryOf('locked')).not.toHaveProperty('TrailStatus');
    expect(supplementaryOf('locked')).toHaveProperty('EventSelectors');
  });

  it('records a denied ListTags as a tags-only error of the trails in that batch', async () => {
    cloudtrail.on(DescribeTrailsCommand).resolves({ trailList: [trail('a'), trail('b')] });
    cloudtrail.on(ListTagsCommand).rejects(trailError('AccessDeniedException'));
    const collection = await collect([cloudtrailCollector], ['AWS::CloudTrail::Trail']);
    expect(collection.errors).toEqual([
      {
        accountId: ACCOUNT,
        region: REGION,
        resourceTypes: ['AWS::CloudTrail::Trail'],
        service: 'cloudtrail',
        operation: 'ListTags',
        code: 'AccessDeniedException',
        message: 'AccessDeniedException from the test',
        aspect: 'tags',
        resourceIds: ['a', 'b'],
      },
    ]);
    expect(collection.items.filter((item) => item.resourceType === 'AWS::CloudTrail::Trail')).toHaveLength(2);
  });

  it('makes a trail rule UNKNOWN, never PASS: for every trail when the list is denied, for one trail when its status is', async () => {
    const rules = [trailLogging];
    cloudtrail.on(DescribeTrailsCommand).rejects(trailError('AccessDeniedException'));
    const denied = await scan({ regions: [REGION] }, mockedLiveSource([cloudtrailCollector]), defaultSettings(rules), rules);
    expect(denied.evaluations.map((evaluation) => [evaluation.status, evaluation.messageId])).toEqual([['UNKNOWN', 'listFailed']]);

    cloudtrail.on(DescribeTrailsCommand).resolves({ trailList: [trail('open'), trail('locked')] });
    cloudtrail.on(GetTrailStatusCommand, { Name: arnOf('locked') }).rejects(trailError('AccessDeniedException'));
    const partial = await scan({ regions: [REGION] }, mockedLiveSource([cloudtrailCollector]), defaultSettings(rules), rules);
    expect(partial.evaluations.map((evaluation) => [evaluation.resource.id, evaluation.status, evaluation.messageId])).toEqual([
      ['locked', 'UNKNOWN', 'collectionFailed'],
      ['open', 'PASS', 'logging'],
    ]);
  });

  it('leaves out a trail deleted after it was listed, without an error', async () => {
    cloudtrail.on(DescribeTrailsCommand).resolves({ trailList: [trail('gone'), trail('kept')] });
    cloudtrail.on(GetEventSelectorsCommand, { TrailName: arnOf('gone') }).rejects(new TrailNotFoundException({ $metadata: {}, message: 'Unknown trail' }));
    const collection = await collect([cloudtrailCollector], ['AWS::CloudTrail::Trail']);
    expect(collection.errors).toEqual([]);
    expect(collection.items.filter((item) => item.resourceType === 'AWS::CloudTrail::Trail').map((item) => item.resourceId)).toEqual(['kept']);
  });

  it('makes one DescribeTrails, two calls per trail and one ListTags per 20 trails', async () => {
    cloudtrail.on(DescribeTrailsCommand).resolves({ trailList: [trail('a'), trail('b'), trail('c')] });
    await collect([cloudtrailCollector], ['AWS::CloudTrail::Trail']);
    const sent = commandsSent(cloudtrail);
    expect(sent[0]).toBe('DescribeTrailsCommand');
    expect(sent.slice(1).sort()).toEqual(
      ['GetEventSelectorsCommand', 'GetEventSelectorsCommand', 'GetEventSelectorsCommand', 'GetTrailStatusCommand', 'GetTrailStatusCommand', 'GetTrailStatusCommand', 'ListTagsCommand'],
    );
  });

  it('makes no further call when the Region has no trail', async () => {
    cloudtrail.on(DescribeTrailsCommand).resolves({ trailList: [] });
    const collection = await collect([cloudtrailCollector], ['AWS::CloudTrail::Trail']);
    expect(collection.errors).toEqual([]);
    expect(commandsSent(cloudtrail)).toEqual(['DescribeTrailsCommand']);
  });
});
