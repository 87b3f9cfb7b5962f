/**
 * What a change event costs the account it names, through the real live source over the mocked
 * account: only the calls that read the named resources and the context related to them — no
 * listing of the Region, no sts:GetCallerIdentity (the clients are the account's own by
 * construction) — and a named resource that is gone has its findings archived. Every call the
 * handler makes of the account is counted (Security Hub and SNS, which publish, are mocked apart).
 */
import { afterAll, afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mockClient } from 'aws-sdk-client-mock';
import { BatchImportFindingsCommand, SecurityHubClient, type AwsSecurityFinding } from '@aws-sdk/client-securityhub';
import { DescribeInstancesCommand, DescribeRouteTablesCommand, DescribeSubnetsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { GetResourcesCommand, ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import { GetBucketEncryptionCommand, GetBucketLocationCommand, GetBucketPolicyCommand, GetPublicAccessBlockCommand, ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { PublishCommand } from '@aws-sdk/client-sns';
import { GetQueueAttributesCommand, ListQueuesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { handleChange, type ChangeOutcome } from '../../functions/lib/change.js';
import { parseChangeEvent } from '../../inventory/events/parse-event.js';
import { collectors } from '../../inventory/live/collectors/index.js';
import { LiveSource } from '../../inventory/live/live-source.js';
import { awsError } from '../../testkit/live.js';
import { MockAccount } from '../../testkit/mock-account/index.js';
import { QUEUE_ATTRIBUTE_NAMES } from '../../inventory/live/collectors/sqs.js';
import { acceptEverything } from '../support/security-hub.js';
import { ACCOUNT } from '../support/items.js';
import { NotifierSNSClient, priorFinding, testDependencies, type TestDependencies } from './support.js';

const REGION = 'eu-west-1';

const hub = mockClient(SecurityHubClient);
const notifier = mockClient(NotifierSNSClient);
afterAll(() => {
  hub.restore();
  notifier.restore();
});

let account: MockAccount;
let restore: () => void;
beforeEach(() => {
  hub.reset();
  notifier.reset();
  acceptEverything(hub);
  notifier.on(PublishCommand).resolves({ MessageId: 'm' });
  account = new MockAccount(5, [REGION]);
  restore = account.install();
});
afterEach(() => restore());

const sent = (): AwsSecurityFinding[] => hub.commandCalls(BatchImportFindingsCommand).flatMap((call) => call.args[0].input.Findings ?? []);

function envelope(detailType: string, source: string, detail: Record<string, unknown>): Record<string, unknown> {
  return { version: '0', id: 'e', 'detail-type': detailType, source, account: ACCOUNT, time: '2026-11-23T02:00:00Z', region: REGION, resources: [], detail };
}

function cloudTrail(eventSource: string, eventName: string, requestParameters: unknown): Record<string, unknown> {
  return envelope('AWS API Call via CloudTrail', `aws.${eventSource.split('.')[0] ?? ''}`, {
    eventVersion: '1.09',
    eventSource,
    eventName,
    awsRegion: REGION,
    recipientAccountId: ACCOUNT,
    requestParameters,
    responseElements: null,
  });
}

/**
 * Runs the handler on an event as deployed — its own live source (liveSourceFor), over the mocked
 * account — and returns every call it made of the account (`Client:Command` → count).
 */
async function handle(event: Record<string, unknown>, deps: TestDependencies): Promise<{ outcome: ChangeOutcome; calls: Map<string, number> }> {
  account.resetHistory();
  const outcome = await handleChange(parseChangeEvent(event), deps);
  return { outcome, calls: account.callsMade() };
}

describe('a change event reads only what it names', () => {
  it('PutBucketPolicy on one bucket: its entry by prefix, its three settings and its tags by ARN — five calls, no listing, no STS', async () => {
    const deps = testDependencies({ settings: { regions: [REGION] } });
    const bucket = account.regions[0]?.buckets[2]?.name ?? '';
    const { outcome, calls } = await handle(cloudTrail('s3.amazonaws.com', 'PutBucketPolicy', { bucketName: bucket, policy: '' }), deps);
    expect(outcome).toMatchObject({ status: 'done', kind: 'reread', errors: [] });
    expect(Object.fromEntries(calls)).toEqual({
      'S3Client:ListBucketsCommand': 1,
      'S3Client:GetBucketEncryptionCommand': 1,
      'S3Client:GetBucketPolicyCommand': 1,
      'S3Client:GetPublicAccessBlockCommand': 1,
      'ResourceGroupsTaggingAPIClient:GetResourcesCommand': 1,
    });
    const s3 = account.stub(S3Client);
    expect(s3).toHaveReceivedCommandWith(ListBucketsCommand, { Prefix: bucket, MaxBuckets: 10_000 });
    for (const command of [GetBucketEncryptionCommand, GetBucketPolicyCommand, GetPublicAccessBlockCommand]) expect(s3).toHaveReceivedCommandWith(command, { Bucket: bucket });
    expect(account.stub(ResourceGroupsTaggingAPIClient)).toHaveReceivedCommandWith(GetResourcesCommand, { ResourceARNList: [`arn:aws:s3:::${bucket}`] });
    expect(account.stub(STSClient)).toHaveReceivedCommandTimes(GetCallerIdentityCommand, 0);
    expect(new Set(sent().map((finding) => finding.Resources?.[0]?.Id))).toEqual(new Set([`arn:aws:s3:::${bucket}`]));
  });

  it('SetQueueAttributes on one queue: its attributes and its tags by ARN — two calls, no ListQueues, no STS', async () => {
    const deps = testDependencies({ settings: { regions: [REGION] } });
    const url = [...(account.regions[0]?.queues.keys() ?? [])][3] ?? '';
    const { outcome, calls } = await handle(cloudTrail('sqs.amazonaws.com', 'SetQueueAttributes', { queueUrl: url, attributes: { SqsManagedSseEnabled: 'false' } }), deps);
    expect(outcome).toMatchObject({ status: 'done', kind: 'reread', errors: [] });
    expect(Object.fromEntries(calls)).toEqual({ 'SQSClient:GetQueueAttributesCommand': 1, 'ResourceGroupsTaggingAPIClient:GetResourcesCommand': 1 });
    expect(account.stub(SQSClient)).toHaveReceivedCommandWith(GetQueueAttributesCommand, { QueueUrl: url, AttributeNames: QUEUE_ATTRIBUTE_NAMES });
    expect(account.stub(SQSClient)).toHaveReceivedCommandTimes(ListQueuesCommand, 0);
    expect(account.stub(STSClient)).toHaveReceivedCommandTimes(GetCallerIdentityCommand, 0);
    const name = url.slice(url.lastIndexOf('/') + 1);
    expect(new Set(sent().map((finding) => finding.Resources?.[0]?.Id))).toEqual(new Set([`arn:aws:sqs:${REGION}:${ACCOUNT}:${name}`]));
  });

  it('a Config change of an EC2 instance: its subnet and its VPC\'s route tables — two calls, the instance itself not read', async () => {
    const deps = testDependencies({ settings: { regions: [REGION] } });
    const instance = account.regions[0]?.instances[1];
    // The item as Config sends it: what the live source records for it.
    const read = await new LiveSource({
      collectors,
      homeRegion: 'us-east-1',
      clientFactory: (type, region) => new type({ region, credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' }, maxAttempts: 1 }),
      identity: { accountId: ACCOUNT, partition: 'aws' },
    }).collect({ resourceTypes: new Set(['AWS::EC2::Instance']), regions: [REGION], only: new Map([['AWS::EC2::Instance', { kind: 'named', resources: [{ resourceId: instance?.InstanceId ?? '' }] }]]) });
    const event = envelope('Config Configuration Item Change', 'aws.config', {
      messageType: 'ConfigurationItemChangeNotification',
      configurationItem: read.rawItems?.find((raw) => raw['resourceType'] === 'AWS::EC2::Instance'),
    });
    const { outcome, calls } = await handle(event, deps);
    expect(outcome).toMatchObject({ status: 'done', kind: 'evaluate', errors: [] });
    expect(Object.fromEntries(calls)).toEqual({ 'EC2Client:DescribeSubnetsCommand': 1, 'EC2Client:DescribeRouteTablesCommand': 1 });
    const ec2 = account.stub(EC2Client);
    expect(ec2).toHaveReceivedCommandWith(DescribeSubnetsCommand, { Filters: [{ Name: 'subnet-id', Values: [instance?.SubnetId ?? ''] }] });
    expect(ec2).toHaveReceivedCommandWith(DescribeRouteTablesCommand, { Filters: [{ Name: 'vpc-id', Values: [instance?.VpcId ?? ''] }] });
    expect(ec2).toHaveReceivedCommandTimes(DescribeInstancesCommand, 0);
    expect(sent().some((finding) => finding.GeneratorId === 'gatewatch/ec2-instance-in-private-subnet')).toBe(true);
  });

  it('keeps, never archives, the findings of a named resource whose read failed: a queue denied, an instance throttled out', async () => {
    const deps = testDependencies({ settings: { regions: [REGION] } });
    const url = [...(account.regions[0]?.queues.keys() ?? [])][2] ?? '';
    const name = url.slice(url.lastIndexOf('/') + 1);
    const queueArn = `arn:aws:sqs:${REGION}:${ACCOUNT}:${name}`;
    await deps.store.save([priorFinding('sqs-queue-encrypted', queueArn)]);
    account.stub(SQSClient).on(GetQueueAttributesCommand).rejects(awsError('AccessDenied', 'not allowed'));
    const { outcome } = await handle(cloudTrail('sqs.amazonaws.com', 'SetQueueAttributes', { queueUrl: url, attributes: {} }), deps);
    expect(outcome).toMatchObject({ status: 'done', kind: 'reread' });
    expect(sent().filter((finding) => finding.RecordState === 'ARCHIVED' || finding.Compliance?.Status === 'PASSED')).toEqual([]);
    expect(deps.store.all().find((state) => state.resource === queueArn)).toMatchObject({ compliance: 'FAILED', recordState: 'ACTIVE' });

    const instance = account.regions[0]?.instances[0];
    const instanceArn = `arn:aws:ec2:${REGION}:${ACCOUNT}:instance/${instance?.InstanceId ?? ''}`;
    await deps.store.save([priorFinding('ec2-instance-in-private-subnet', instanceArn)]);
    account.stub(EC2Client).on(DescribeInstancesCommand).rejects(awsError('UnauthorizedOperation', 'not allowed'));
    const second = await handle(cloudTrail('ec2.amazonaws.com', 'ModifyInstanceAttribute', { instanceId: instance?.InstanceId }), deps);
    expect(second.outcome).toMatchObject({ status: 'done', kind: 'reread' });
    expect(second.calls.get('EC2Client:DescribeInstancesCommand')).toBeGreaterThan(0);
    expect(deps.store.all().find((state) => state.resource === instanceArn)).toMatchObject({ compliance: 'FAILED', recordState: 'ACTIVE' });
  });

  it('archives the findings of a named bucket S3 no longer has', async () => {
    const deps = testDependencies({ settings: { regions: [REGION] } });
    const gone = 'gatewatch-bench-deleted';
    await deps.store.save([priorFinding('s3-bucket-requires-tls', `arn:aws:s3:::${gone}`)]);
    const { outcome, calls } = await handle(cloudTrail('s3.amazonaws.com', 'PutBucketPolicy', { bucketName: gone, policy: '' }), deps);
    expect(outcome).toMatchObject({ status: 'done', kind: 'reread', errors: [] });
    // Not listed, and its location answers NoSuchBucket: gone, not merely not listed yet.
    expect(Object.fromEntries(calls)).toEqual({ 'S3Client:ListBucketsCommand': 1, 'S3Client:GetBucketLocationCommand': 1 });
    expect(sent().map((finding) => [finding.Id, finding.RecordState])).toEqual([[`gatewatch/s3-bucket-requires-tls/${ACCOUNT}/${REGION}/arn:aws:s3:::${gone}`, 'ARCHIVED']]);
  });

  it('judges a bucket created a moment ago that ListBuckets does not show yet: its location places it', async () => {
    const deps = testDependencies({ settings: { regions: [REGION] } });
    const bucket = account.regions[0]?.buckets[1]?.name ?? '';
    // ListBuckets is eventually consistent: the new bucket is not in the listing yet.
    account.stub(S3Client).on(ListBucketsCommand).resolves({ Buckets: [] });
    const { outcome, calls } = await handle(cloudTrail('s3.amazonaws.com', 'CreateBucket', { bucketName: bucket }), deps);
    expect(outcome).toMatchObject({ status: 'done', kind: 'reread', errors: [] });
    expect(account.stub(S3Client)).toHaveReceivedCommandWith(GetBucketLocationCommand, { Bucket: bucket });
    expect(calls.get('S3Client:GetBucketPolicyCommand')).toBe(1);
    expect(new Set(sent().map((finding) => finding.Resources?.[0]?.Id))).toEqual(new Set([`arn:aws:s3:::${bucket}`]));
  });
});
