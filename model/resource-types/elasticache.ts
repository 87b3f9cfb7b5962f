/**
 * ElastiCache replication groups and cache clusters. AWS publishes no property schema for either
 * type; the fields are those of ElastiCache's Describe calls, camelCase as AWS Config writes the
 * other RDS-family types.
 */
import { z } from 'zod';
import { colonNamed } from './arn.js';
import { arnAt, calls, type CallDetail, type Reading } from './calls.js';
import { describeService } from './describe.js';
import { bool, int, loose, str, strList } from './fields.js';

const GROUP_ARN = colonNamed('elasticache', 'replicationgroup');
const CLUSTER_ARN = colonNamed('elasticache', 'cluster');

/** ElastiCache lower-cases ids; the response's member clusters are CacheCluster items of their own. */
function replicationGroupRead(call: CallDetail): Reading {
  const id = call.optionalText(['responseElements', 'replicationGroupId']) ?? call.text(['requestParameters', 'replicationGroupId']).toLowerCase();
  const members = call.value(['responseElements', 'memberClusters']);
  const clusters = (Array.isArray(members) ? (members as readonly unknown[]) : []).flatMap((_, index) => {
    const member = call.optionalText(['responseElements', 'memberClusters', index]);
    return member === undefined ? [] : [{ resourceType: 'AWS::ElastiCache::CacheCluster', resourceId: member, arn: CLUSTER_ARN.build(call, member) }];
  });
  return [{ resourceType: 'AWS::ElastiCache::ReplicationGroup', resourceId: id, arn: GROUP_ARN.build(call, id) }, ...clusters];
}

export const elasticache = describeService({
  types: {
    /** `automaticFailover` and `multiAZ` are status words (`enabled`, `disabled`, `enabling` …). */
    'AWS::ElastiCache::ReplicationGroup': {
      schema: loose({
        replicationGroupId: str,
        automaticFailover: str,
        multiAZ: str,
        atRestEncryptionEnabled: bool,
        transitEncryptionEnabled: bool,
        /** `required` (TLS only) or `preferred` (TLS and plaintext accepted, while clients migrate). */
        transitEncryptionMode: str,
        memberClusters: strList,
      }),
      taggable: true,
      asff: 'Other',
      tagging: 'elasticache:replicationgroup',
      arn: GROUP_ARN,
      reads: ['elasticache:DescribeReplicationGroups'],
      changedBy: [calls('elasticache', ['CreateReplicationGroup', 'ModifyReplicationGroup'], replicationGroupRead)],
    },
    'AWS::ElastiCache::CacheCluster': {
      schema: loose({
        cacheClusterId: str,
        replicationGroupId: str,
        engine: str,
        numCacheNodes: int,
        preferredAvailabilityZone: str,
        cacheSubnetGroupName: str,
        cacheNodes: z.array(loose({ cacheNodeId: str, customerAvailabilityZone: str })).nullish(),
      }),
      /** A gatewatch extension: the subnets of the cluster's cache subnet group. */
      supplementary: loose({
        CacheSubnetGroup: loose({ VpcId: str, Subnets: z.array(loose({ SubnetIdentifier: str })).nullish() }).nullish(),
      }),
      taggable: true,
      asff: 'Other',
      tagging: 'elasticache:cluster',
      arn: CLUSTER_ARN,
      reads: ['elasticache:DescribeCacheClusters', 'elasticache:DescribeCacheSubnetGroups'],
    },
  },
  changedBy: [calls('elasticache', ['AddTagsToResource', 'RemoveTagsFromResource'], arnAt(['requestParameters', 'resourceName']))],
});
