/**
 * EFS file systems as AWS Config records them (AWS::EFS::FileSystem, PascalCase as the
 * CloudFormation resource model): DescribeFileSystems, 100 per page, tags included.
 *
 * Mount targets are not collected: no rule reads them, and the interfaces they put in subnets are
 * judged by the network-interface rule, which sees them as EC2 network interfaces.
 *
 * A change event reads only the file systems it names, each by id.
 */
import { DescribeFileSystemsCommand, EFSClient, FileSystemNotFound, type FileSystemDescription } from '@aws-sdk/client-efs';
import type { ResourceType } from '../../../model/configuration-item.js';
import { arnOf } from '../../../model/resource-types/index.js';
import { namedResources, plain, tagMap, type CollectContext, type Collector, type RawItem } from '../collector.js';
import { goneOn, readNamed } from './describe-each.js';

const FILE_SYSTEM = 'AWS::EFS::FileSystem' as const satisfies ResourceType;

/**
 * The fields AWS Config records (AWS::EFS::FileSystem's published properties), plus
 * `AvailabilityZoneName`: a property of the CloudFormation model that Config records for One Zone
 * file systems and that the published query schema leaves out.
 */
export function fileSystemConfiguration(fileSystem: FileSystemDescription): Record<string, unknown> {
  return plain({
    FileSystemId: fileSystem.FileSystemId,
    Arn: fileSystem.FileSystemArn,
    Encrypted: fileSystem.Encrypted,
    KmsKeyId: fileSystem.KmsKeyId,
    PerformanceMode: fileSystem.PerformanceMode,
    ThroughputMode: fileSystem.ThroughputMode,
    ProvisionedThroughputInMibps: fileSystem.ProvisionedThroughputInMibps,
    AvailabilityZoneName: fileSystem.AvailabilityZoneName,
  }) as Record<string, unknown>;
}

export function fileSystemItem(context: CollectContext, fileSystem: FileSystemDescription): RawItem | undefined {
  const id = fileSystem.FileSystemId;
  if (id === undefined) return undefined;
  return {
    resourceType: FILE_SYSTEM,
    resourceId: id,
    resourceName: id,
    ARN: fileSystem.FileSystemArn ?? arnOf(FILE_SYSTEM, context, id),
    // A One Zone file system lives in one zone; a Regional one spans the Region.
    availabilityZone: fileSystem.AvailabilityZoneName ?? 'Regional',
    resourceCreationTime: fileSystem.CreationTime?.toISOString(),
    tags: tagMap(fileSystem.Tags),
    configuration: fileSystemConfiguration(fileSystem),
  };
}

export const efsCollector: Collector = {
  service: 'efs',
  produces: [FILE_SYSTEM],
  async collect(context, types) {
    if (!types.has(FILE_SYSTEM)) return;
    const efs = context.client(EFSClient);
    const named = namedResources(context, FILE_SYSTEM);
    if (named !== undefined) {
      // A change event names file systems by id (`fs-…`): DescribeFileSystems of each, no walk.
      const fileSystems = await readNamed(
        context,
        FILE_SYSTEM,
        named.map((resource) => resource.resourceId),
        async (FileSystemId) => {
          const output = await context
            .call('DescribeFileSystems', () => efs.send(new DescribeFileSystemsCommand({ FileSystemId })))
            .catch((error: unknown) => goneOn(error, ['FileSystemNotFound'], (cause) => cause instanceof FileSystemNotFound));
          return output?.FileSystems?.filter((fileSystem) => fileSystem.FileSystemId === FileSystemId);
        },
      );
      for (const fileSystem of fileSystems) {
        const item = fileSystemItem(context, fileSystem);
        if (item !== undefined) context.emit(item);
      }
      return;
    }
    await context.attempt([FILE_SYSTEM], async () => {
      const pages = context.pages(
        'DescribeFileSystems',
        (Marker) => efs.send(new DescribeFileSystemsCommand({ MaxItems: 100, Marker })),
        (page) => page.NextMarker,
      );
      for await (const page of pages) {
        for (const fileSystem of page.FileSystems ?? []) {
          const item = fileSystemItem(context, fileSystem);
          if (item !== undefined) context.emit(item);
        }
      }
    });
  },
};
