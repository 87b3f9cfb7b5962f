import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import {
  GetBucketEncryptionCommand,
  GetBucketLocationCommand,
  GetBucketPolicyCommand,
  GetPublicAccessBlockCommand,
  ListBucketsCommand,
  NoSuchBucket,
  S3Client,
  S3ServiceException,
  type Bucket,
} from '@aws-sdk/client-s3';
import { GetResourcesCommand, ResourceGroupsTaggingAPIClient, ResourceGroupsTaggingAPIServiceException } from '@aws-sdk/client-resource-groups-tagging-api';
import { mockClient } from 'aws-sdk-client-mock';
import { s3Collector } from '../../../../inventory/live/collectors/s3.js';
import { scan } from '../../../../engine/scan.js';
import { defaultSettings } from '../../../../engine/settings.js';
import { defineRule } from '../../../../rules/lib/define-rule.js';
import { checkItemAgainstSchema } from '../../../support/config-schema.js';
import { ACCOUNT, REGION } from '../../../support/items.js';
import { callsOf, collect, mockedLiveSource, mockIdentity } from '../../../../testkit/live.js';

const OTHER = 'us-east-1';
const CREATED = new Date('2023-02-10T09:00:12Z');
const bucket = (name: string, region: string = REGION): Bucket => ({ Name: name, CreationDate: CREATED, BucketRegion: region });
const POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: ['arn:aws:s3:::logs', 'arn:aws:s3:::logs/*'], Condition: { Bool: { 'aws:SecureTransport': 'false' } } }],
});
const s3Error = (name: string) => new S3ServiceException({ name, $fault: 'client', $metadata: { httpStatusCode: name === 'SlowDown' ? 503 : 403 }, message: `${name} from the test` });
const commandsSent = (mock: ReturnType<typeof mockClient>) => mock.calls().map((call) => call.args[0].constructor.name);

/** A test rule over the bucket policy: it passes a bucket that has one. */
const bucketHasPolicy = defineRule({
  meta: {
    id: 'test-bucket-has-policy',
    gate: 'encryption',
    title: 'Test buckets have a bucket policy',
    severity: 'LOW',
    priority: 'P2',
    resourceTypes: ['AWS::S3::Bucket'],
    controls: [],
    remediation: { text: 'Add a bucket policy.', url: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucket-policies.html' },
    messages: { policy: 'Bucket has a policy.', noPolicy: 'Bucket has no policy.' },
  },
  check(item, context) {
    return item.supplementaryConfiguration.BucketPolicy?.policyText ? context.pass('policy') : context.fail('noPolicy');
  },
});

let mocks: ReturnType<typeof mockIdentity>;
let s3: ReturnType<typeof mockClient>;
let tagging: ReturnType<typeof mockClient>;
beforeEach(() => {
  mocks = mockIdentity([REGION, OTHER]);
  s3 = mockClient(S3Client);
  tagging = mockClient(ResourceGroupsTaggingAPIClient);
  // Defaults: every bucket fully configured; each test overrides what it needs.
  s3.on(GetBucketEncryptionCommand).resolves({
    ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: 'arn:aws:kms:eu-west-1:111122223333:key/k' }, BucketKeyEnabled: true }] },
  });
  s3.on(GetBucketPolicyCommand).resolves({ Policy: POLICY });
  s3.on(GetPublicAccessBlockCommand).resolves({ PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: false } });
  tagging.on(GetResourcesCommand).resolves({ ResourceTagMappingList: [] });
});
afterEach(() => {
  tagging.restore();
  s3.restore();
  mocks.ec2.restore();
  mocks.sts.restore();
});

/** The Region of the client that sent each call of `command`, by bucket. */
async function regionsOf(mock: ReturnType<typeof mockClient>, command: string): Promise<Record<string, string>> {
  const regions: Record<string, string> = {};
  for (const call of mock.calls()) {
    const input = call.args[0];
    if (input.constructor.name !== command) continue;
    const bucketName = (input.input as { Bucket?: string }).Bucket ?? '';
    regions[bucketName] = await (call.thisValue as S3Client).config.region();
  }
  return regions;
}

describe('S3 collector', () => {
  it('builds bucket items in the shape AWS Config records, each under its own Region and read there', async () => {
    s3.on(ListBucketsCommand).resolves({ Buckets: [bucket('logs'), bucket('assets', OTHER)] });
    tagging.on(GetResourcesCommand).resolves({ ResourceTagMappingList: [{ ResourceARN: 'arn:aws:s3:::logs', Tags: [{ Key: 'Team', Value: 'security' }] }] });
    const collection = await collect([s3Collector], ['AWS::S3::Bucket'], [REGION, OTHER]);
    expect(collection.errors).toEqual([]);

    const raws = (collection.rawItems ?? []).filter((raw) => raw['resourceType'] === 'AWS::S3::Bucket');
    expect(raws.map((raw) => [raw['resourceId'], raw['awsRegion']])).toEqual([
      ['logs', REGION],
      ['assets', OTHER],
    ]);
    expect(raws[0]).toMatchObject({
      resourceName: 'logs',
      ARN: 'arn:aws:s3:::logs',
      awsAccountId: ACCOUNT,
      availabilityZone: 'Regional',
      resourceCreationTime: '2023-02-10T09:00:12.000Z',
      tags: { Team: 'security' },
      configuration: { name: 'logs', creationDate: '2023-02-10T09:00:12.000Z' },
      supplementaryConfiguration: {
        ServerSideEncryptionConfiguration: { rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyID: 'arn:aws:kms:eu-west-1:111122223333:key/k' }, bucketKeyEnabled: true }] },
        BucketPolicy: { policyText: POLICY },
        PublicAccessBlockConfiguration: { blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: true, restrictPublicBuckets: false },
      },
    });
    expect(raws[1]?.['tags']).toEqual({});
    for (const raw of collection.rawItems ?? []) expect(checkItemAgainstSchema(raw)).toEqual([]);

    // Per-bucket calls go to the bucket's Region; the tag walks to each Region holding buckets.
    for (const command of ['GetBucketEncryptionCommand', 'GetBucketPolicyCommand', 'GetPublicAccessBlockCommand']) {
      expect(await regionsOf(s3, command)).toEqual({ logs: REGION, assets: OTHER });
    }
    const tagRegions = await Promise.all(tagging.calls().map((call) => (call.thisValue as ResourceGroupsTaggingAPIClient).config.region()));
    expect(tagRegions.sort()).toEqual([REGION, OTHER].sort());
    expect(tagging).toHaveReceivedCommandWith(GetResourcesCommand, { ResourceTypeFilters: ['s3:bucket'], ResourcesPerPage: 100 });

    // The normalised item carries the parsed bucket policy.
    const normalized = collection.items.find((item) => item.resourceId === 'logs');
    expect(normalized?.supplementaryConfiguration).toMatchObject({ BucketPolicy: { policyText: { Statement: [{ Effect: 'Deny' }] } } });
  });

  it('turns "not configured" answers into recorded absences, identified by the error name', async () => {
    s3.on(ListBucketsCommand).resolves({ Buckets: [bucket('bare')] });
    s3.on(GetBucketEncryptionCommand).rejects(s3Error('ServerSideEncryptionConfigurationNotFoundError'));
    s3.on(GetBucketPolicyCommand).rejects(s3Error('NoSuchBucketPolicy'));
    s3.on(GetPublicAccessBlockCommand).rejects(s3Error('NoSuchPublicAccessBlockConfiguration'));
    const collection = await collect([s3Collector], ['AWS::S3::Bucket']);
    expect(collection.errors).toEqual([]);
    const raw = (collection.rawItems ?? []).find((entry) => entry['resourceId'] === 'bare');
    // No default encryption is recorded as an empty rule list (evidence), no policy as a null policy text.
    expect(raw?.['supplementaryConfiguration']).toEqual({ ServerSideEncryptionConfiguration: { rules: [] }, BucketPolicy: { policyText: null } });
    expect(checkItemAgainstSchema(raw)).toEqual([]);
  });

  it('follows the continuation token across three pages at the maximum page size', async () => {
    s3.on(ListBucketsCommand)
      .resolvesOnce({ Buckets: [bucket('one')], ContinuationToken: 't2' })
      .resolvesOnce({ Buckets: [bucket('two')], ContinuationToken: 't3' })
      .resolvesOnce({ Buckets: [bucket('three')] });
    const collection = await collect([s3Collector], ['AWS::S3::Bucket']);
    expect(collection.errors).toEqual([]);
    expect(collection.items.filter((item) => item.resourceType === 'AWS::S3::Bucket').map((item) => item.resourceId)).toEqual(['one', 'two', 'three']);
    expect(s3).toHaveReceivedCommandTimes(ListBucketsCommand, 3);
    expect(s3).toHaveReceivedNthCommandWith(1, ListBucketsCommand, { MaxBuckets: 10_000, ContinuationToken: undefined });
    expect(s3).toHaveReceivedNthCommandWith(2, ListBucketsCommand, { MaxBuckets: 10_000, ContinuationToken: 't2' });
    expect(s3).toHaveReceivedNthCommandWith(3, ListBucketsCommand, { MaxBuckets: 10_000, ContinuationToken: 't3' });
    expect(callsOf(collection, 's3', 'ListBuckets')).toBe(3);
  });

  it('retries throttling and counts the retry', async () => {
    s3.on(ListBucketsCommand).rejectsOnce(s3Error('SlowDown')).resolves({ Buckets: [bucket('logs')] });
    const collection = await collect([s3Collector], ['AWS::S3::Bucket']);
    expect(collection.errors).toEqual([]);
    expect(collection.items.map((item) => item.resourceId)).toContain('logs');
    expect(collection.calls).toContainEqual({ service: 's3', operation: 'ListBuckets', calls: 2, retries: 1, errors: 0 });
  });

  it('records a denied GetBucketPolicy for that bucket only, in its Region, and still collects the others', async () => {
    s3.on(ListBucketsCommand).resolves({ Buckets: [bucket('open'), bucket('locked')] });
    s3.on(GetBucketPolicyCommand, { Bucket: 'locked' }).rejects(s3Error('AccessDenied'));
    const collection = await collect([s3Collector], ['AWS::S3::Bucket']);
    expect(collection.errors).toEqual([
      {
        accountId: ACCOUNT,
        region: REGION,
        resourceTypes: ['AWS::S3::Bucket'],
        service: 's3',
        operation: 'GetBucketPolicy',
        code: 'AccessDenied',
        message: 'AccessDenied from the test',
        resourceIds: ['locked'],
      },
    ]);
    // The locked bucket is still an item (so that it shows as UNKNOWN), with what could be read.
    const locked = (collection.rawItems ?? []).find((raw) => raw['resourceId'] === 'locked');
    expect(locked?.['supplementaryConfiguration']).not.toHaveProperty('BucketPolicy');
    expect(locked?.['supplementaryConfiguration']).toHaveProperty('ServerSideEncryptionConfiguration');
    expect(collection.items.find((item) => item.resourceId === 'open')?.supplementaryConfiguration).toHaveProperty('BucketPolicy');
  });

  it('makes only the bucket whose policy was denied UNKNOWN in a scan, never PASS', async () => {
    s3.on(ListBucketsCommand).resolves({ Buckets: [bucket('open'), bucket('locked')] });
    s3.on(GetBucketPolicyCommand, { Bucket: 'locked' }).rejects(s3Error('AccessDenied'));
    const rules = [bucketHasPolicy];
    const result = await scan({ regions: [REGION] }, mockedLiveSource([s3Collector]), defaultSettings(rules), rules);
    expect(result.evaluations.map((evaluation) => [evaluation.resource.id, evaluation.status, evaluation.messageId])).toEqual([
      ['locked', 'UNKNOWN', 'collectionFailed'],
      ['open', 'PASS', 'policy'],
    ]);
  });

  it('records a denied ListBuckets for buckets in every Region of the scan', async () => {
    s3.on(ListBucketsCommand).rejects(s3Error('AccessDenied'));
    const collection = await collect([s3Collector], ['AWS::S3::Bucket'], [REGION, OTHER]);
    const error = { accountId: ACCOUNT, resourceTypes: ['AWS::S3::Bucket'], service: 's3', operation: 'ListBuckets', code: 'AccessDenied', message: 'AccessDenied from the test' };
    expect(collection.errors).toEqual([
      { ...error, region: REGION },
      { ...error, region: OTHER },
    ]);
    expect(tagging).toHaveReceivedCommandTimes(GetResourcesCommand, 0);
  });

  it('records a failed tag walk as a tags-only error of that Region, and keeps the buckets', async () => {
    s3.on(ListBucketsCommand).resolves({ Buckets: [bucket('logs'), bucket('assets', OTHER)] });
    const denied = new ResourceGroupsTaggingAPIServiceException({ name: 'AccessDeniedException', $fault: 'client', $metadata: {}, message: 'no tags for you' });
    tagging.on(GetResourcesCommand).rejects(denied);
    const collection = await collect([s3Collector], ['AWS::S3::Bucket'], [REGION, OTHER]);
    const error = { accountId: ACCOUNT, resourceTypes: ['AWS::S3::Bucket'], service: 'tagging', operation: 'GetResources', code: 'AccessDeniedException', message: 'no tags for you', aspect: 'tags' };
    expect(collection.errors).toEqual(expect.arrayContaining([{ ...error, region: REGION }, { ...error, region: OTHER }]));
    expect(collection.errors).toHaveLength(2);
    expect(collection.items.filter((item) => item.resourceType === 'AWS::S3::Bucket').map((item) => item.resourceId)).toEqual(['logs', 'assets']);
  });

  describe('a bucket deleted between ListBuckets and a per-bucket read', () => {
    const noSuchBucket = () => new NoSuchBucket({ $metadata: { httpStatusCode: 404 }, message: 'The specified bucket does not exist' });
    // How the SDK surfaces it where the operation does not model NoSuchBucket: a service exception by name.
    const byName = () => new S3ServiceException({ name: 'NoSuchBucket', $fault: 'client', $metadata: { httpStatusCode: 404 }, message: 'The specified bucket does not exist' });
    const deletedError = (operation: string) => ({
      accountId: ACCOUNT,
      region: REGION,
      resourceTypes: ['AWS::S3::Bucket'],
      service: 's3',
      operation,
      code: 'NoSuchBucket',
      message: `bucket gone was listed by ListBuckets, then s3:${operation} answered NoSuchBucket: deleted since the listing, it cannot be judged`,
      resourceIds: ['gone'],
    });

    type PerBucketCommand = typeof GetBucketPolicyCommand | typeof GetBucketEncryptionCommand | typeof GetPublicAccessBlockCommand;
    it.each<[string, PerBucketCommand, () => Error]>([
      ['GetBucketPolicy', GetBucketPolicyCommand, noSuchBucket],
      ['GetBucketPolicy', GetBucketPolicyCommand, byName],
      ['GetBucketEncryption', GetBucketEncryptionCommand, noSuchBucket],
      ['GetPublicAccessBlock', GetPublicAccessBlockCommand, byName],
    ])('keeps the bucket and records %s answering NoSuchBucket for it (%#)', async (operation, command, error) => {
      s3.on(ListBucketsCommand).resolves({ Buckets: [bucket('gone'), bucket('logs')] });
      s3.on(command, { Bucket: 'gone' }).rejects(error());
      const collection = await collect([s3Collector], ['AWS::S3::Bucket']);
      expect(collection.errors).toEqual([deletedError(operation)]);
      expect(collection.items.filter((item) => item.resourceType === 'AWS::S3::Bucket').map((item) => item.resourceId)).toEqual(['gone', 'logs']);
      expect(s3).toHaveReceivedCommandWith(command, { Bucket: 'gone' });
    });

    it('makes the deleted bucket UNKNOWN in a scan, naming s3:GetBucketPolicy and NoSuchBucket, never absent or PASS', async () => {
      s3.on(ListBucketsCommand).resolves({ Buckets: [bucket('gone'), bucket('logs')] });
      s3.on(GetBucketPolicyCommand, { Bucket: 'gone' }).rejects(noSuchBucket());
      const rules = [bucketHasPolicy];
      const result = await scan({ regions: [REGION] }, mockedLiveSource([s3Collector]), defaultSettings(rules), rules);
      expect(result.evaluations.map((evaluation) => [evaluation.resource.id, evaluation.status, evaluation.messageId])).toEqual([
        ['gone', 'UNKNOWN', 'collectionFailed'],
        ['logs', 'PASS', 'policy'],
      ]);
      expect(result.evaluations[0]?.message).toMatch(/s3:GetBucketPolicy .*NoSuchBucket/);
    });
  });

  it('records a bucket the list returns without a name in its Region, and keeps the others', async () => {
    s3.on(ListBucketsCommand).resolves({ Buckets: [{ CreationDate: CREATED, BucketRegion: OTHER }, bucket('logs')] });
    const collection = await collect([s3Collector], ['AWS::S3::Bucket'], [REGION, OTHER]);
    expect(collection.errors).toEqual([
      {
        accountId: ACCOUNT,
        region: OTHER,
        resourceTypes: ['AWS::S3::Bucket'],
        service: 's3',
        operation: 'ListBuckets',
        code: 'MalformedResponse',
        message: `ListBuckets returned a bucket without a Name (created 2023-02-10T09:00:12.000Z, Region ${OTHER}): it cannot be judged`,
      },
    ]);
    expect(collection.items.filter((item) => item.resourceType === 'AWS::S3::Bucket').map((item) => item.resourceId)).toEqual(['logs']);
  });

  it('records a bucket whose GetBucketLocation fails for every scanned Region, naming it, and lists the rest', async () => {
    s3.on(ListBucketsCommand).resolves({ Buckets: [{ Name: 'old', CreationDate: CREATED }, { Name: 'older', CreationDate: CREATED }] });
    s3.on(GetBucketLocationCommand, { Bucket: 'old' }).rejects(s3Error('AccessDenied')).on(GetBucketLocationCommand, { Bucket: 'older' }).resolves({ LocationConstraint: REGION });
    const collection = await collect([s3Collector], ['AWS::S3::Bucket'], [REGION, OTHER]);
    const error = { accountId: ACCOUNT, resourceTypes: ['AWS::S3::Bucket'], service: 's3', operation: 'GetBucketLocation', code: 'AccessDenied', message: 'bucket old: AccessDenied from the test; its Region is unknown' };
    expect(collection.errors).toEqual([
      { ...error, region: REGION },
      { ...error, region: OTHER },
    ]);
    expect(collection.items.filter((item) => item.resourceType === 'AWS::S3::Bucket').map((item) => item.resourceId)).toEqual(['older']);
  });

  it('asks GetBucketLocation only for a bucket the list gives no Region', async () => {
    s3.on(ListBucketsCommand).resolves({ Buckets: [{ Name: 'old', CreationDate: CREATED }, bucket('logs')] });
    s3.on(GetBucketLocationCommand).resolves({});
    const collection = await collect([s3Collector], ['AWS::S3::Bucket'], [REGION, OTHER]);
    expect(collection.errors).toEqual([]);
    expect(s3).toHaveReceivedCommandTimes(GetBucketLocationCommand, 1);
    expect(s3).toHaveReceivedCommandWith(GetBucketLocationCommand, { Bucket: 'old' });
    // An empty location constraint is us-east-1.
    expect(collection.items.find((item) => item.resourceId === 'old')?.awsRegion).toBe('us-east-1');
  });

  it('makes one list call, three calls per bucket and one tag walk per Region — no tag call per bucket', async () => {
    s3.on(ListBucketsCommand).resolves({ Buckets: [bucket('a'), bucket('b'), bucket('c', OTHER)] });
    await collect([s3Collector], ['AWS::S3::Bucket'], [REGION, OTHER]);
    const sent = commandsSent(s3);
    expect(sent[0]).toBe('ListBucketsCommand');
    expect([...sent.slice(1)].sort()).toEqual(
      ['GetBucketEncryptionCommand', 'GetBucketPolicyCommand', 'GetPublicAccessBlockCommand'].flatMap((command) => [command, command, command]).sort(),
    );
    expect(commandsSent(tagging)).toEqual(['GetResourcesCommand', 'GetResourcesCommand']);
  });

  it('makes no call for buckets of Regions outside the scan, and emits none', async () => {
    s3.on(ListBucketsCommand).resolves({ Buckets: [bucket('here'), bucket('elsewhere', 'ap-south-1')] });
    const collection = await collect([s3Collector], ['AWS::S3::Bucket'], [REGION]);
    expect(collection.errors).toEqual([]);
    expect(collection.items.filter((item) => item.resourceType === 'AWS::S3::Bucket').map((item) => item.resourceId)).toEqual(['here']);
    expect(s3).toHaveReceivedCommandWith(GetBucketPolicyCommand, { Bucket: 'here' });
    expect(s3).not.toHaveReceivedCommandWith(GetBucketPolicyCommand, { Bucket: 'elsewhere' });
    expect(commandsSent(tagging)).toEqual(['GetResourcesCommand']);
  });

  it('costs no call when buckets are not requested', async () => {
    const collection = await collect([s3Collector], ['AWS::::Account']);
    expect(commandsSent(s3)).toEqual([]);
    expect(collection.errors).toEqual([]);
  });
});
