import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { DescribeVolumesCommand, EC2ServiceException, GetEbsEncryptionByDefaultCommand, type Volume } from '@aws-sdk/client-ec2';
import { ec2VolumesCollector } from '../../../../inventory/live/collectors/ec2-volumes.js';
import { scan } from '../../../../engine/scan.js';
import { defaultSettings } from '../../../../engine/settings.js';
import ebsVolumeEncrypted from '../../../../rules/encryption/ebs-volume-encrypted.js';
import { checkItemAgainstSchema } from '../../../support/config-schema.js';
import { ACCOUNT, REGION } from '../../../support/items.js';
import { callsOf, collect, mockedLiveSource, mockIdentity } from '../../../../testkit/live.js';

const volume = (id: string, encrypted: boolean, instanceId?: string): Volume => ({
  VolumeId: id,
  AvailabilityZone: 'eu-west-1a',
  CreateTime: new Date('2026-01-02T03:04:05Z'),
  Encrypted: encrypted,
  Size: 8,
  State: instanceId === undefined ? 'available' : 'in-use',
  VolumeType: 'gp3',
  Iops: 3000,
  Throughput: 125,
  MultiAttachEnabled: false,
  Attachments: instanceId === undefined ? [] : [{ InstanceId: instanceId, VolumeId: id, Device: '/dev/xvda', State: 'attached', AttachTime: new Date('2026-01-02T03:05:00Z'), DeleteOnTermination: true }],
  Tags: [{ Key: 'Name', Value: `disk-${id}` }, { Key: 'Team', Value: 'core' }],
  // Fields AWS Config does not record must not leak into the item.
  SseType: 'sse-ebs',
  Operator: { Managed: false },
});
const ec2Error = (name: string) => new EC2ServiceException({ name, $fault: 'client', $metadata: { httpStatusCode: 403 }, message: `${name} from the test` });

let mocks: ReturnType<typeof mockIdentity>;
beforeEach(() => {
  mocks = mockIdentity();
});
afterEach(() => {
  mocks.ec2.restore();
  mocks.sts.restore();
});

describe('EC2 volumes collector', () => {
  it('builds configuration items in the shape AWS Config records, tags from the Describe response', async () => {
    mocks.ec2.on(DescribeVolumesCommand).resolves({ Volumes: [volume('vol-1', true, 'i-1')] });
    const collection = await collect([ec2VolumesCollector], ['AWS::EC2::Volume']);
    expect(collection.errors).toEqual([]);
    expect(collection.items).toHaveLength(2); // the volume and the Region's account item
    const [raw] = (collection.rawItems ?? []).filter((entry) => entry['resourceType'] === 'AWS::EC2::Volume');
    expect(raw).toMatchObject({
      resourceType: 'AWS::EC2::Volume',
      resourceId: 'vol-1',
      ARN: `arn:aws:ec2:${REGION}:${ACCOUNT}:volume/vol-1`,
      awsAccountId: ACCOUNT,
      awsRegion: REGION,
      availabilityZone: 'eu-west-1a',
      tags: { Name: 'disk-vol-1', Team: 'core' },
      configuration: { volumeId: 'vol-1', encrypted: true, state: 'in-use', attachments: [{ instanceId: 'i-1', state: 'attached', attachTime: '2026-01-02T03:05:00.000Z' }] },
    });
    expect(raw?.['configuration']).not.toHaveProperty('sseType');
    expect(checkItemAgainstSchema(raw)).toEqual([]);
  });

  it('keeps a tag named __proto__ as a tag of the item, never dropping it or touching the map\'s prototype', async () => {
    mocks.ec2.on(DescribeVolumesCommand).resolves({ Volumes: [{ ...volume('vol-1', true), Tags: [{ Key: '__proto__', Value: 'polluted' }, { Key: 'Team', Value: 'core' }] }] });
    const collection = await collect([ec2VolumesCollector], ['AWS::EC2::Volume']);
    const item = collection.items.find((entry) => entry.resourceType === 'AWS::EC2::Volume');
    expect(item !== undefined && Object.hasOwn(item.tags, '__proto__')).toBe(true);
    expect(item?.tags['__proto__']).toBe('polluted');
    expect(Object.getPrototypeOf(item?.tags)).toBe(Object.prototype);
  });

  it('follows the pagination token across three pages at the maximum page size', async () => {
    mocks.ec2
      .on(DescribeVolumesCommand)
      .resolvesOnce({ Volumes: [volume('vol-1', true)], NextToken: 't2' })
      .resolvesOnce({ Volumes: [volume('vol-2', true)], NextToken: 't3' })
      .resolvesOnce({ Volumes: [volume('vol-3', false)] });
    const collection = await collect([ec2VolumesCollector], ['AWS::EC2::Volume']);
    expect(collection.items.filter((entry) => entry.resourceType === 'AWS::EC2::Volume').map((entry) => entry.resourceId)).toEqual(['vol-1', 'vol-2', 'vol-3']);
    expect(mocks.ec2).toHaveReceivedCommandTimes(DescribeVolumesCommand, 3);
    expect(mocks.ec2).toHaveReceivedNthCommandWith(1, DescribeVolumesCommand, { MaxResults: 1000, NextToken: undefined });
    expect(mocks.ec2).toHaveReceivedNthCommandWith(2, DescribeVolumesCommand, { MaxResults: 1000, NextToken: 't2' });
    expect(mocks.ec2).toHaveReceivedNthCommandWith(3, DescribeVolumesCommand, { MaxResults: 1000, NextToken: 't3' });
    expect(callsOf(collection, 'ec2', 'DescribeVolumes')).toBe(3);
  });

  it('retries throttling and counts the retry', async () => {
    mocks.ec2.on(DescribeVolumesCommand).rejectsOnce(ec2Error('RequestLimitExceeded')).resolves({ Volumes: [volume('vol-1', true)] });
    const collection = await collect([ec2VolumesCollector], ['AWS::EC2::Volume']);
    expect(collection.errors).toEqual([]);
    expect(collection.items.map((entry) => entry.resourceId)).toContain('vol-1');
    expect(collection.calls).toContainEqual({ service: 'ec2', operation: 'DescribeVolumes', calls: 2, retries: 1, errors: 0 });
  });

  it('records throttling that outlasts the retries as an error for volumes only', async () => {
    mocks.ec2.on(DescribeVolumesCommand).rejects(ec2Error('RequestLimitExceeded'));
    mocks.ec2.on(GetEbsEncryptionByDefaultCommand).resolves({ EbsEncryptionByDefault: true });
    const collection = await collect([ec2VolumesCollector], ['AWS::EC2::Volume', 'AWS::::Account'], [REGION], { throttleRetries: 2 });
    expect(collection.errors).toEqual([
      { accountId: ACCOUNT, region: REGION, resourceTypes: ['AWS::EC2::Volume'], service: 'ec2', operation: 'DescribeVolumes', code: 'RequestLimitExceeded', message: 'RequestLimitExceeded from the test' },
    ]);
    expect(callsOf(collection, 'ec2', 'DescribeVolumes')).toBe(3);
    expect(collection.items.find((entry) => entry.resourceType === 'AWS::::Account')?.configuration).toEqual({ ebsEncryptionByDefault: true });
  });

  it('keeps the volumes of the pages read before a failure, and records the failure', async () => {
    mocks.ec2.on(DescribeVolumesCommand).resolvesOnce({ Volumes: [volume('vol-1', false, 'i-1')], NextToken: 't2' }).rejects(ec2Error('UnauthorizedOperation'));
    const collection = await collect([ec2VolumesCollector], ['AWS::EC2::Volume']);
    expect(collection.items.map((entry) => entry.resourceId)).toContain('vol-1');
    expect(collection.errors.map((error) => [error.operation, error.code])).toEqual([['DescribeVolumes', 'UnauthorizedOperation']]);
  });

  it('makes the volume rule UNKNOWN, never PASS, when access is denied', async () => {
    mocks.ec2.on(DescribeVolumesCommand).rejects(ec2Error('UnauthorizedOperation'));
    const rules = [ebsVolumeEncrypted];
    const result = await scan({ regions: [REGION] }, mockedLiveSource([ec2VolumesCollector]), defaultSettings(rules), rules);
    expect(result.evaluations.map((evaluation) => [evaluation.status, evaluation.messageId])).toEqual([['UNKNOWN', 'listFailed']]);
    expect(result.completeness).toEqual([expect.objectContaining({ ruleId: 'ebs-volume-encrypted', region: REGION, complete: false })]);
  });

  it('makes one DescribeVolumes call per page and no call per volume', async () => {
    mocks.ec2.on(DescribeVolumesCommand).resolves({ Volumes: Array.from({ length: 50 }, (_, index) => volume(`vol-${index}`, true, `i-${index}`)) });
    const collection = await collect([ec2VolumesCollector], ['AWS::EC2::Volume']);
    expect(mocks.ec2.calls().map((call) => call.args[0].constructor.name)).toEqual(['DescribeVolumesCommand']);
    expect(collection.items).toHaveLength(51);
  });

  it('records EBS encryption by default as a fact of the account item', async () => {
    mocks.ec2.on(GetEbsEncryptionByDefaultCommand).resolves({ EbsEncryptionByDefault: false });
    const collection = await collect([ec2VolumesCollector], ['AWS::::Account'], [REGION, 'us-east-1']);
    expect(collection.items.map((entry) => [entry.resourceType, entry.awsRegion, entry.configuration])).toEqual([
      ['AWS::::Account', REGION, { ebsEncryptionByDefault: false }],
      ['AWS::::Account', 'us-east-1', { ebsEncryptionByDefault: false }],
    ]);
    expect(mocks.ec2).toHaveReceivedCommandTimes(DescribeVolumesCommand, 0);
    for (const raw of collection.rawItems ?? []) expect(checkItemAgainstSchema(raw)).toEqual([]);
  });
});
