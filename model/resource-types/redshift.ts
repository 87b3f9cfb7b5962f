/** Redshift provisioned clusters. */
import { colonNamed } from './arn.js';
import { arnAt, calls } from './calls.js';
import { describeService } from './describe.js';
import { bool, loose, str } from './fields.js';

export const redshift = describeService({
  types: {
    'AWS::Redshift::Cluster': {
      schema: loose({
        clusterIdentifier: str,
        publiclyAccessible: bool,
        encrypted: bool,
        kmsKeyId: str,
        clusterSubnetGroupName: str,
        /** `enabled` / `disabled`, as Redshift's DescribeClusters reports Multi-AZ. */
        multiAZ: str,
      }),
      taggable: true,
      asff: 'AwsRedshiftCluster',
      arn: colonNamed('redshift', 'cluster'),
      reads: ['redshift:DescribeClusters'],
      changedBy: [calls('redshift', ['CreateTags', 'DeleteTags'], arnAt(['requestParameters', 'resourceName']))],
    },
  },
});
