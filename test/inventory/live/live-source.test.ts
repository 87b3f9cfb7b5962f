import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { DescribeRegionsCommand } from '@aws-sdk/client-ec2';
import { GetResourcesCommand, ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import { mockClient } from 'aws-sdk-client-mock';
import type { ResourceType } from '../../../model/configuration-item.js';
import type { CollectContext, Collector } from '../../../inventory/live/collector.js';
import { InputError } from '../../../model/input-error.js';
import { ACCOUNT } from '../../support/items.js';
import { awsError, collect, mockedLiveSource, mockIdentity } from '../../../testkit/live.js';

/** A collector that records its runs and does what the test tells it. */
function fake(service: string, produces: ResourceType[], run: (context: CollectContext, types: ReadonlySet<ResourceType>) => Promise<void> = async () => undefined, global = false) {
  const runs: { region: string; types: ResourceType[] }[] = [];
  const collector: Collector = {
    service,
    produces,
    ...(global ? { global: true } : {}),
    async collect(context, types) {
      runs.push({ region: context.region, types: [...types] });
      await run(context, types);
    },
  };
  return { collector, runs };
}

let mocks: ReturnType<typeof mockIdentity>;
beforeEach(() => {
  mocks = mockIdentity(['eu-west-1', 'us-east-1']);
});
afterEach(() => {
  mocks.ec2.restore();
  mocks.sts.restore();
});

describe('LiveSource', () => {
  it('runs only the collectors that produce a requested type (--gate encryption never calls IAM)', async () => {
    const iam = fake('iam', ['AWS::IAM::Role'], undefined, true);
    const ec2 = fake('ec2', ['AWS::EC2::Volume', 'AWS::EC2::Instance']);
    await collect([iam.collector, ec2.collector], ['AWS::EC2::Volume'], ['eu-west-1']);
    expect(iam.runs).toEqual([]);
    expect(ec2.runs).toEqual([{ region: 'eu-west-1', types: ['AWS::EC2::Volume'] }]);
  });

  it('runs regional collectors in every enabled Region when none are named, global ones once', async () => {
    const iam = fake('iam', ['AWS::IAM::Role'], undefined, true);
    const ec2 = fake('ec2', ['AWS::EC2::Volume']);
    const collection = await mockedLiveSource([iam.collector, ec2.collector]).collect({ resourceTypes: new Set<ResourceType>(['AWS::IAM::Role', 'AWS::EC2::Volume']) });
    expect(mocks.ec2).toHaveReceivedCommandWith(DescribeRegionsCommand, { AllRegions: false });
    expect(ec2.runs.map((run) => run.region).sort()).toEqual(['eu-west-1', 'us-east-1']);
    expect(iam.runs.map((run) => run.region)).toEqual(['us-east-1']);
    expect(collection.scopes).toEqual([
      { accountId: ACCOUNT, region: 'eu-west-1' },
      { accountId: ACCOUNT, region: 'us-east-1' },
    ]);
  });

  it('records a requested type that no collector produces as an error, so it is never taken as complete', async () => {
    const collection = await collect([fake('ec2', ['AWS::EC2::Volume']).collector], ['AWS::EC2::Volume', 'AWS::Kinesis::Stream', 'AWS::IAM::Role'], ['eu-west-1', 'us-east-1']);
    expect(collection.errors.map((error) => [error.region, error.resourceTypes, error.code])).toEqual([
      ['eu-west-1', ['AWS::Kinesis::Stream'], 'NoCollector'],
      ['us-east-1', ['AWS::Kinesis::Stream'], 'NoCollector'],
      ['global', ['AWS::IAM::Role'], 'NoCollector'],
    ]);
  });

  it('does not list Regions when they are named', async () => {
    await collect([fake('ec2', ['AWS::EC2::Volume']).collector], ['AWS::EC2::Volume'], ['eu-west-1']);
    expect(mocks.ec2).toHaveReceivedCommandTimes(DescribeRegionsCommand, 0);
  });

  it('stops with a clear error when the account cannot be identified', async () => {
    mocks.sts.on(GetCallerIdentityCommand).rejects(awsError('ExpiredToken'));
    await expect(collect([], ['AWS::EC2::Volume'])).rejects.toThrow(new InputError('cannot identify the AWS account (sts:GetCallerIdentity: ExpiredToken: ExpiredToken from the test) — check the credentials (the CLI\'s --profile or --role-arn; in the service, the scan role of that account)'));
  });

  it('retries the account-level calls on throttling past the SDK, as every call of a scan, and counts each try', async () => {
    mocks.sts.on(GetCallerIdentityCommand).rejectsOnce(awsError('ThrottlingException')).resolves({ Account: ACCOUNT, Arn: `arn:aws:iam::${ACCOUNT}:user/scanner` });
    mocks.ec2.on(DescribeRegionsCommand).rejectsOnce(awsError('RequestLimitExceeded')).resolves({ Regions: [{ RegionName: 'eu-west-1' }] });
    const collection = await mockedLiveSource([]).collect({ resourceTypes: new Set<ResourceType>(['AWS::EC2::Volume']) });
    expect(mocks.sts).toHaveReceivedCommandTimes(GetCallerIdentityCommand, 2);
    expect(mocks.ec2).toHaveReceivedCommandTimes(DescribeRegionsCommand, 2);
    expect(collection.scopes).toEqual([{ accountId: ACCOUNT, region: 'eu-west-1' }]);
    expect(collection.calls).toEqual(
      expect.arrayContaining([
        { service: 'sts', operation: 'GetCallerIdentity', calls: 2, retries: 1, errors: 0 },
        { service: 'ec2', operation: 'DescribeRegions', calls: 2, retries: 1, errors: 0 },
      ]),
    );
  });

  it('stops with a clear error when the Regions cannot be listed and none were named', async () => {
    mocks.ec2.on(DescribeRegionsCommand).rejects(awsError('UnauthorizedOperation'));
    await expect(mockedLiveSource([]).collect({ resourceTypes: new Set<ResourceType>(['AWS::EC2::Volume']) })).rejects.toThrow(/ec2:DescribeRegions: UnauthorizedOperation\) — name them with --regions/);
  });

  it('records a failure of a global collector for a regional type in every Region scanned', async () => {
    const s3 = fake(
      's3',
      ['AWS::S3::Bucket'],
      (context) => context.attempt(['AWS::S3::Bucket'], () => context.call('ListBuckets', () => Promise.reject(awsError('AccessDenied')))),
      true,
    );
    const collection = await collect([s3.collector], ['AWS::S3::Bucket'], ['eu-west-1', 'us-east-1']);
    expect(collection.errors.map((error) => [error.region, error.operation, error.code, error.resourceTypes])).toEqual([
      ['eu-west-1', 'ListBuckets', 'AccessDenied', ['AWS::S3::Bucket']],
      ['us-east-1', 'ListBuckets', 'AccessDenied', ['AWS::S3::Bucket']],
    ]);
  });

  it('records a global type’s failure under Region global', async () => {
    const iam = fake('iam', ['AWS::IAM::Role'], (context) => context.attempt(['AWS::IAM::Role'], () => context.call('GetAccountAuthorizationDetails', () => Promise.reject(awsError('AccessDenied')))), true);
    const collection = await collect([iam.collector], ['AWS::IAM::Role'], ['eu-west-1', 'us-east-1']);
    expect(collection.errors.map((error) => [error.region, error.operation])).toEqual([['global', 'GetAccountAuthorizationDetails']]);
  });

  it('stops paging when a service repeats a token, and says so', async () => {
    const looping = fake('ec2', ['AWS::EC2::Volume'], (context) =>
      context.attempt(['AWS::EC2::Volume'], async () => {
        for await (const page of context.pages('DescribeVolumes', async () => ({ NextToken: 'again' }), (output) => output.NextToken)) void page;
      }),
    );
    const collection = await collect([looping.collector], ['AWS::EC2::Volume'], ['eu-west-1']);
    expect(collection.errors.map((error) => [error.operation, error.code])).toEqual([['DescribeVolumes', 'RepeatedPaginationToken']]);
    expect(collection.calls?.find((count) => count.operation === 'DescribeVolumes')?.calls).toBe(2);
  });

  it('records an item that fails validation as an error for that resource, not a silent drop', async () => {
    const bad = fake('ec2', ['AWS::EC2::Volume'], async (context) => {
      context.emit({ resourceType: 'AWS::EC2::Volume', resourceId: 'vol-bad', configuration: { encrypted: 'yes' } });
      context.emit({ resourceType: 'AWS::EC2::Volume', resourceId: 'vol-good', configuration: { encrypted: true } });
    });
    const collection = await collect([bad.collector], ['AWS::EC2::Volume'], ['eu-west-1']);
    expect(collection.items.filter((item) => item.resourceType === 'AWS::EC2::Volume').map((item) => item.resourceId)).toEqual(['vol-good']);
    expect(collection.errors).toEqual([
      expect.objectContaining({ code: 'InvalidConfigurationItem', resourceIds: ['vol-bad'], message: 'AWS::EC2::Volume vol-bad: configuration.encrypted: Invalid input: expected boolean, received string' }),
    ]);
  });

  it('turns a collector that throws into an error for its types, and the other collectors go on', async () => {
    const broken = fake('ec2', ['AWS::EC2::Volume'], async () => {
      throw new TypeError('a bug');
    });
    const fine = fake('rds', ['AWS::RDS::DBInstance'], async (context) => {
      context.emit({ resourceType: 'AWS::RDS::DBInstance', resourceId: 'db-1', configuration: { multiAZ: true } });
    });
    const collection = await collect([broken.collector, fine.collector], ['AWS::EC2::Volume', 'AWS::RDS::DBInstance'], ['eu-west-1']);
    expect(collection.errors).toEqual([expect.objectContaining({ resourceTypes: ['AWS::EC2::Volume'], operation: 'collect', code: 'InternalError', message: 'a bug' })]);
    expect(collection.items.map((item) => item.resourceId)).toContain('db-1');
  });

  it('counts Tagging API calls as tagging’s, walks each Region and filter set once, and pages through', async () => {
    const tagging = mockClient(ResourceGroupsTaggingAPIClient);
    tagging
      .on(GetResourcesCommand)
      .resolvesOnce({ ResourceTagMappingList: [{ ResourceARN: 'arn:a', Tags: [{ Key: 'Team', Value: 'core' }] }], PaginationToken: 'p2' })
      .resolvesOnce({ ResourceTagMappingList: [{ ResourceARN: 'arn:b', Tags: [] }], PaginationToken: '' });
    const seen: string[][] = [];
    const walker = fake('lambda', ['AWS::Lambda::Function'], async (context) => {
      const [first, again] = await Promise.all([context.taggingApi(['lambda:function']), context.taggingApi(['lambda:function'])]);
      seen.push([...first.keys()], [...again.keys()]);
    });
    const collection = await collect([walker.collector], ['AWS::Lambda::Function'], ['eu-west-1']);
    tagging.restore();
    expect(seen).toEqual([['arn:a', 'arn:b'], ['arn:a', 'arn:b']]);
    expect(tagging).toHaveReceivedCommandTimes(GetResourcesCommand, 2);
    expect(tagging).toHaveReceivedNthCommandWith(1, GetResourcesCommand, { ResourceTypeFilters: ['lambda:function'], ResourcesPerPage: 100, PaginationToken: undefined });
    expect(collection.calls).toContainEqual({ service: 'tagging', operation: 'GetResources', calls: 2, retries: 0, errors: 0 });
  });
});
