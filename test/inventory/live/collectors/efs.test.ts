import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mockClient } from 'aws-sdk-client-mock';
import { DescribeFileSystemsCommand, EFSClient, EFSServiceException, ThrottlingException, type FileSystemDescription } from '@aws-sdk/client-efs';
import { efsCollector } from '../../../../inventory/live/collectors/efs.js';
import { scan } from '../../../../engine/scan.js';
import { defaultSettings } from '../../../../engine/settings.js';
import { defineRule } from '../../../../rules/lib/define-rule.js';
import { checkItemAgainstSchema } from '../../../support/config-schema.js';
import { ACCOUNT, REGION } from '../../../support/items.js';
import { callsOf, collect, mockedLiveSource, mockIdentity } from '../../../../testkit/live.js';

const FILE_SYSTEM = 'AWS::EFS::FileSystem';
const arnOf = (id: string) => `arn:aws:elasticfilesystem:${REGION}:${ACCOUNT}:file-system/${id}`;

const fileSystem = (id: string, zone?: string): FileSystemDescription => ({
  OwnerId: ACCOUNT,
  CreationToken: `token-${id}`,
  FileSystemId: id,
  FileSystemArn: arnOf(id),
  CreationTime: new Date('2026-01-02T03:04:05Z'),
  LifeCycleState: 'available',
  Name: `share-${id}`,
  NumberOfMountTargets: 2,
  SizeInBytes: { Value: 6144, ValueInIA: 0, ValueInStandard: 6144 },
  PerformanceMode: 'generalPurpose',
  Encrypted: true,
  KmsKeyId: 'arn:aws:kms:eu-west-1:111122223333:key/k',
  ThroughputMode: 'provisioned',
  ProvisionedThroughputInMibps: 12.5,
  ...(zone === undefined ? {} : { AvailabilityZoneName: zone, AvailabilityZoneId: 'euw1-az1' }),
  Tags: [{ Key: 'Name', Value: `share-${id}` }, { Key: 'Team', Value: 'storage' }],
  FileSystemProtection: { ReplicationOverwriteProtection: 'ENABLED' },
});
const efsError = (name: string, status = 403) => new EFSServiceException({ name, $fault: 'client', $metadata: { httpStatusCode: status }, message: `${name} from the test` });

/** A tiny rule over file systems, standing in for the rules that arrive later. */
const regionalRule = defineRule({
  meta: {
    id: 'test-efs-regional',
    gate: 'encryption',
    title: 'EFS file systems are Regional (test rule)',
    severity: 'MEDIUM',
    priority: 'P1',
    resourceTypes: [FILE_SYSTEM],
    controls: [],
    remediation: { text: 'Use a Regional file system.', url: 'https://docs.aws.amazon.com/efs/latest/ug/availability-durability.html' },
    messages: { regional: 'Regional', oneZone: 'One Zone' },
  },
  check(item, context) {
    return item.configuration.AvailabilityZoneName ? context.fail('oneZone') : context.pass('regional');
  },
});

const serviceMocks = () => ({ efs: mockClient(EFSClient) });

let mocks: ReturnType<typeof mockIdentity>;
let efs: ReturnType<typeof serviceMocks>['efs'];
beforeEach(() => {
  mocks = mockIdentity();
  ({ efs } = serviceMocks());
});
afterEach(() => {
  mocks.ec2.restore();
  mocks.sts.restore();
  efs.restore();
});

const fileSystems = (collection: Awaited<ReturnType<typeof collect>>) => collection.items.filter((entry) => entry.resourceType === FILE_SYSTEM);

describe('EFS collector', () => {
  it('builds configuration items in the shape AWS Config records, tags from the Describe response', async () => {
    efs.on(DescribeFileSystemsCommand).resolves({ FileSystems: [fileSystem('fs-1'), fileSystem('fs-2', 'eu-west-1a')] });
    const collection = await collect([efsCollector], [FILE_SYSTEM]);
    expect(collection.errors).toEqual([]);
    const raws = (collection.rawItems ?? []).filter((entry) => entry['resourceType'] === FILE_SYSTEM);
    expect(raws).toHaveLength(2);
    expect(raws[0]).toMatchObject({
      resourceId: 'fs-1',
      resourceName: 'fs-1',
      ARN: arnOf('fs-1'),
      awsAccountId: ACCOUNT,
      awsRegion: REGION,
      availabilityZone: 'Regional',
      resourceCreationTime: '2026-01-02T03:04:05.000Z',
      tags: { Name: 'share-fs-1', Team: 'storage' },
      configuration: { FileSystemId: 'fs-1', Arn: arnOf('fs-1'), Encrypted: true, PerformanceMode: 'generalPurpose', ThroughputMode: 'provisioned', ProvisionedThroughputInMibps: 12.5 },
    });
    expect(raws[0]?.['configuration']).not.toHaveProperty('AvailabilityZoneName');
    // A One Zone file system names its zone, in the configuration and as the item's zone.
    expect(raws[1]).toMatchObject({ resourceId: 'fs-2', availabilityZone: 'eu-west-1a', configuration: { AvailabilityZoneName: 'eu-west-1a' } });
    for (const raw of raws) {
      for (const leaked of ['Name', 'OwnerId', 'SizeInBytes', 'NumberOfMountTargets', 'Tags', 'LifeCycleState', 'AvailabilityZoneId', 'FileSystemProtection', 'CreationToken']) {
        expect(raw['configuration']).not.toHaveProperty(leaked);
      }
      expect(checkItemAgainstSchema(raw)).toEqual([]);
    }
  });

  it('follows the pagination marker across three pages at the maximum page size', async () => {
    efs
      .on(DescribeFileSystemsCommand)
      .resolvesOnce({ FileSystems: [fileSystem('fs-1')], NextMarker: 'm2' })
      .resolvesOnce({ FileSystems: [fileSystem('fs-2')], NextMarker: 'm3' })
      .resolvesOnce({ FileSystems: [fileSystem('fs-3')] });
    const collection = await collect([efsCollector], [FILE_SYSTEM]);
    expect(fileSystems(collection).map((entry) => entry.resourceId)).toEqual(['fs-1', 'fs-2', 'fs-3']);
    expect(efs).toHaveReceivedCommandTimes(DescribeFileSystemsCommand, 3);
    expect(efs).toHaveReceivedNthCommandWith(1, DescribeFileSystemsCommand, { MaxItems: 100, Marker: undefined });
    expect(efs).toHaveReceivedNthCommandWith(2, DescribeFileSystemsCommand, { MaxItems: 100, Marker: 'm2' });
    expect(efs).toHaveReceivedNthCommandWith(3, DescribeFileSystemsCommand, { MaxItems: 100, Marker: 'm3' });
    expect(callsOf(collection, 'efs', 'DescribeFileSystems')).toBe(3);
  });

  it('retries throttling and counts the retry', async () => {
    efs
      .on(DescribeFileSystemsCommand)
      .rejectsOnce(new ThrottlingException({ message: 'slow down', $metadata: { httpStatusCode: 429 } }))
      .resolves({ FileSystems: [fileSystem('fs-1')] });
    const collection = await collect([efsCollector], [FILE_SYSTEM]);
    expect(collection.errors).toEqual([]);
    expect(fileSystems(collection).map((entry) => entry.resourceId)).toEqual(['fs-1']);
    expect(collection.calls).toContainEqual({ service: 'efs', operation: 'DescribeFileSystems', calls: 2, retries: 1, errors: 0 });
  });

  it('records a denied listing as an error for file systems, keeping the pages read before it', async () => {
    efs.on(DescribeFileSystemsCommand).resolvesOnce({ FileSystems: [fileSystem('fs-1')], NextMarker: 'm2' }).rejects(efsError('AccessDeniedException'));
    const collection = await collect([efsCollector], [FILE_SYSTEM]);
    expect(fileSystems(collection).map((entry) => entry.resourceId)).toEqual(['fs-1']);
    expect(collection.errors).toEqual([
      {
        accountId: ACCOUNT,
        region: REGION,
        resourceTypes: [FILE_SYSTEM],
        service: 'efs',
        operation: 'DescribeFileSystems',
        code: 'AccessDeniedException',
        message: 'AccessDeniedException from the test',
      },
    ]);
  });

  it('makes a file-system rule UNKNOWN, never PASS, when access is denied', async () => {
    efs.on(DescribeFileSystemsCommand).rejects(efsError('AccessDeniedException'));
    const rules = [regionalRule];
    const result = await scan({ regions: [REGION] }, mockedLiveSource([efsCollector]), defaultSettings(rules), rules);
    expect(result.evaluations.map((evaluation) => [evaluation.status, evaluation.messageId])).toEqual([['UNKNOWN', 'listFailed']]);
    expect(result.completeness).toEqual([expect.objectContaining({ ruleId: 'test-efs-regional', region: REGION, complete: false })]);
  });

  it('lets a rule read the One Zone marker', async () => {
    efs.on(DescribeFileSystemsCommand).resolves({ FileSystems: [fileSystem('fs-1'), fileSystem('fs-2', 'eu-west-1b')] });
    const rules = [regionalRule];
    const result = await scan({ regions: [REGION] }, mockedLiveSource([efsCollector]), defaultSettings(rules), rules);
    expect(result.evaluations.map((evaluation) => [evaluation.resource.id, evaluation.status])).toEqual([
      ['fs-1', 'PASS'],
      ['fs-2', 'FAIL'],
    ]);
  });

  it('makes one DescribeFileSystems call per page and no call per file system', async () => {
    efs.on(DescribeFileSystemsCommand).resolves({ FileSystems: Array.from({ length: 40 }, (_, index) => fileSystem(`fs-${index}`)) });
    const collection = await collect([efsCollector], [FILE_SYSTEM]);
    expect(efs.calls().map((call) => call.args[0].constructor.name)).toEqual(['DescribeFileSystemsCommand']);
    expect(fileSystems(collection)).toHaveLength(40);
  });
});
