/** EFS file systems. */
import { slashNamed } from './arn.js';
import { calls, type CallDetail, type Reading } from './calls.js';
import { describeService } from './describe.js';
import { bool, loose, str } from './fields.js';

/** EFS TagResource names a file system by id (`fs-…`) or ARN; access points (`fsap-…`) have no rule. */
function fileSystemTagged(call: CallDetail): Reading {
  const id = call.text(['requestParameters', 'resourceId']);
  if (id.startsWith('arn:')) return call.arns([id]);
  const ref = call.idRef('elasticfilesystem', id);
  return ref === undefined ? { ignored: `${call.eventName} on ${id}: no resource of a type gatewatch has rules for` } : [ref];
}

export const efs = describeService({
  types: {
    /** One Zone file systems name their zone (also the item's availabilityZone); Regional ones do not. */
    'AWS::EFS::FileSystem': {
      schema: loose({ FileSystemId: str, Encrypted: bool, AvailabilityZoneName: str }),
      taggable: true,
      asff: 'Other',
      arn: slashNamed('elasticfilesystem', 'file-system', { idPrefix: 'fs-' }),
      reads: ['elasticfilesystem:DescribeFileSystems'],
      changedBy: [calls('elasticfilesystem', ['TagResource', 'UntagResource'], fileSystemTagged)],
    },
  },
});
