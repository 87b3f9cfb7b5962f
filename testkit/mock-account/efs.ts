/**
 * EFS file systems in the mocked account (every fourth One Zone).
 */

import {
  DescribeFileSystemsCommand,
  EFSClient,
  type DescribeFileSystemsCommandInput,
  type DescribeFileSystemsCommandOutput,
  type FileSystemDescription,
} from '@aws-sdk/client-efs';
import { mockClient } from 'aws-sdk-client-mock';
import { ACCOUNT, type At, awsError, type Build, CREATED, ec2Tags, lookup, nth, type Out, paginate, type Restorable, tagsOf } from './kit.js';

export interface EfsData {
  readonly fileSystems: FileSystemDescription[];
}

export function efsData(build: Build): EfsData {
  const { n, zones, arn, id, register } = build;
  const fileSystems: FileSystemDescription[] = Array.from({ length: n }, (_, index) => {
    const fileSystemId = id('fs', index);
    return {
      OwnerId: ACCOUNT,
      CreationToken: `fs-token-${index}`,
      FileSystemId: fileSystemId,
      FileSystemArn: arn('elasticfilesystem', `file-system/${fileSystemId}`),
      CreationTime: CREATED,
      LifeCycleState: 'available',
      Name: `files-${index}`,
      NumberOfMountTargets: index % 4 === 0 ? 1 : 3,
      SizeInBytes: { Value: 6144 },
      PerformanceMode: 'generalPurpose',
      Encrypted: index % 10 !== 0,
      ...(index % 10 !== 0 ? { KmsKeyId: arn('kms', 'key/0b1c2d3e-0000-4000-8000-000000000005') } : {}),
      ThroughputMode: 'elastic',
      ...(index % 4 === 0 ? { AvailabilityZoneName: nth(zones, index), AvailabilityZoneId: `euw1-az${(index % 3) + 1}` } : {}),
      Tags: ec2Tags(tagsOf('files', index)),
    };
  });
  fileSystems.forEach((fileSystem, index) => register(fileSystem.FileSystemArn ?? '', 'elasticfilesystem', 'file-system', tagsOf('files', index)));
  return { fileSystems };
}

export function mockEfs(at: At<EfsData>): Restorable[] {
  const efs = mockClient(EFSClient);
  efs.on(DescribeFileSystemsCommand).callsFake(async (input: DescribeFileSystemsCommandInput, getClient): Promise<Out<DescribeFileSystemsCommandOutput>> => {
    const fileSystems = (await at(getClient)).fileSystems;
    if (input.FileSystemId !== undefined) {
      const fileSystem = lookup(fileSystems, (candidate) => [candidate.FileSystemId], input.FileSystemId);
      if (fileSystem === undefined) throw awsError('FileSystemNotFound', `File system '${input.FileSystemId}' does not exist.`);
      return { FileSystems: [fileSystem] };
    }
    const page = paginate('DescribeFileSystems', fileSystems, input.Marker, input.MaxItems, 100);
    return { FileSystems: page.items, Marker: input.Marker, NextMarker: page.next };
  });
  return [efs];
}
