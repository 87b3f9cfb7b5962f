/**
 * EC2 volumes (DescribeVolumes, 1000 per page, tags included) and the Region's EBS encryption by
 * default (GetEbsEncryptionByDefault, one call), as AWS Config records them.
 */
import { DescribeVolumesCommand, EC2Client, GetEbsEncryptionByDefaultCommand, type Filter, type Volume } from '@aws-sdk/client-ec2';
import type { ResourceType } from '../../../model/configuration-item.js';
import { arnOf } from '../../../model/resource-types/index.js';
import { camel, tagMap, type CollectContext, type Collector, type RawItem } from '../collector.js';
import { ec2Selections } from './ec2-filters.js';
import { pickFields } from './fields.js';

/** The Volume fields AWS Config records (see AWS::EC2::Volume's published properties). */
function volumeConfiguration(volume: Volume): Record<string, unknown> {
  const fields = { AvailabilityZone: true, CreateTime: true, Encrypted: true, FastRestored: true, Iops: true, KmsKeyId: true, MultiAttachEnabled: true, Size: true, SnapshotId: true, State: true, Throughput: true, VolumeId: true, VolumeType: true } as const;
  const attachments = { AttachTime: true, DeleteOnTermination: true, Device: true, InstanceId: true, State: true, VolumeId: true } as const;
  return camel(pickFields(volume, { ...fields, Attachments: attachments })) as Record<string, unknown>;
}

export function volumeItem(context: CollectContext, volume: Volume): RawItem | undefined {
  const id = volume.VolumeId;
  if (id === undefined) return undefined;
  return {
    resourceType: 'AWS::EC2::Volume',
    resourceId: id,
    resourceName: id,
    ARN: arnOf(VOLUME, context, id),
    availabilityZone: volume.AvailabilityZone,
    resourceCreationTime: volume.CreateTime?.toISOString(),
    tags: tagMap(volume.Tags),
    relationships: (volume.Attachments ?? []).flatMap((attachment) =>
      attachment.InstanceId === undefined ? [] : [{ resourceType: 'AWS::EC2::Instance', resourceId: attachment.InstanceId, name: 'Is attached to Instance' }],
    ),
    configuration: volumeConfiguration(volume),
  };
}

const VOLUME = 'AWS::EC2::Volume' as const satisfies ResourceType;
const ACCOUNT = 'AWS::::Account' as const satisfies ResourceType;

export const ec2VolumesCollector: Collector = {
  service: 'ec2',
  produces: [VOLUME, ACCOUNT],
  async collect(context, types) {
    const ec2 = context.client(EC2Client);
    if (types.has(VOLUME)) {
      const walk = (filters: Filter[] | undefined) => async () => {
        const pages = context.pages(
          'DescribeVolumes',
          (NextToken) => ec2.send(new DescribeVolumesCommand({ MaxResults: 1000, NextToken, ...(filters === undefined ? {} : { Filters: filters }) })),
          (page) => page.NextToken,
        );
        for await (const page of pages) {
          for (const volume of page.Volumes ?? []) {
            const item = volumeItem(context, volume);
            if (item !== undefined) context.emit(item);
          }
        }
      };
      // A change event reads only the volumes it names (`volume-id`, see ec2-filters.ts).
      const selections = ec2Selections(context.restriction(VOLUME), 'volume-id', {});
      if (selections === undefined) await context.attempt([VOLUME], walk(undefined));
      else await Promise.all(selections.map(({ filters, resourceIds }) => context.attempt([VOLUME], walk(filters), resourceIds === undefined ? {} : { resourceIds })));
    }
    if (types.has(ACCOUNT)) {
      await context.attempt([ACCOUNT], async () => {
        const output = await context.call('GetEbsEncryptionByDefault', () => ec2.send(new GetEbsEncryptionByDefaultCommand({})));
        // Failures name the fact (aspect): only the rule reading it is UNKNOWN, with this call as the cause.
        if (output.EbsEncryptionByDefault !== undefined) context.accountFact({ ebsEncryptionByDefault: output.EbsEncryptionByDefault });
      }, { aspect: 'ebsEncryptionByDefault' });
    }
  },
};
