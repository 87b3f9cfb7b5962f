/**
 * ElastiCache in the mocked account: one single-node Redis replication group per cache cluster.
 */

import {
  DescribeCacheClustersCommand,
  DescribeCacheSubnetGroupsCommand,
  DescribeReplicationGroupsCommand,
  ElastiCacheClient,
  type CacheCluster,
  type CacheSubnetGroup,
  type DescribeCacheClustersCommandInput,
  type DescribeCacheClustersCommandOutput,
  type DescribeCacheSubnetGroupsCommandInput,
  type DescribeCacheSubnetGroupsCommandOutput,
  type DescribeReplicationGroupsCommandInput,
  type DescribeReplicationGroupsCommandOutput,
  type ReplicationGroup,
} from '@aws-sdk/client-elasticache';
import { mockClient } from 'aws-sdk-client-mock';
import { type At, awsError, type Build, CREATED, lookup, type Network, nth, type Out, paginate, type Restorable, tagsOf } from './kit.js';

export interface ElastiCacheData {
  readonly replicationGroups: ReplicationGroup[];
  readonly cacheClusters: CacheCluster[];
  readonly cacheSubnetGroups: CacheSubnetGroup[];
}

export function elasticacheData(build: Build, network: Network): ElastiCacheData {
  const { n, auxiliary, zones, arn, groupId, register } = build;
  const { vpcOf, subnetOf } = network;
  const cacheSubnetGroups: CacheSubnetGroup[] = Array.from({ length: auxiliary }, (_, index) => ({
    CacheSubnetGroupName: `cache-subnets-${index}`,
    CacheSubnetGroupDescription: 'cache subnets',
    ARN: arn('elasticache', `subnetgroup:cache-subnets-${index}`),
    VpcId: vpcOf(index),
    Subnets: [0, 1].map((offset) => ({ SubnetIdentifier: subnetOf(index + offset), SubnetAvailabilityZone: { Name: nth(zones, index + offset) } })),
  }));
  const cacheClusters: CacheCluster[] = Array.from({ length: n }, (_, index) => ({
    CacheClusterId: `cache-${index}-001`,
    ARN: arn('elasticache', `cluster:cache-${index}-001`),
    CacheNodeType: 'cache.t4g.small',
    Engine: 'redis',
    EngineVersion: '7.1',
    CacheClusterStatus: 'available',
    NumCacheNodes: 1,
    PreferredAvailabilityZone: nth(zones, index),
    CacheClusterCreateTime: CREATED,
    CacheSubnetGroupName: nth(cacheSubnetGroups, index).CacheSubnetGroupName,
    ReplicationGroupId: `cache-${index}`,
    SecurityGroups: [{ SecurityGroupId: groupId(index), Status: 'active' }],
    CacheNodes: [{ CacheNodeId: '0001', CacheNodeStatus: 'available', CustomerAvailabilityZone: nth(zones, index), CacheNodeCreateTime: CREATED }],
    AtRestEncryptionEnabled: true,
    TransitEncryptionEnabled: true,
    TransitEncryptionMode: 'required',
    AuthTokenEnabled: false,
    SnapshotRetentionLimit: 1,
  }));
  const replicationGroups: ReplicationGroup[] = Array.from({ length: n }, (_, index) => ({
    ReplicationGroupId: `cache-${index}`,
    ARN: arn('elasticache', `replicationgroup:cache-${index}`),
    Description: 'application cache',
    Status: 'available',
    MemberClusters: [`cache-${index}-001`],
    NodeGroups: [
      {
        NodeGroupId: '0001',
        Status: 'available',
        PrimaryEndpoint: { Address: `cache-${index}.abcdef.ng.0001.euw1.cache.amazonaws.com`, Port: 6379 },
        NodeGroupMembers: [{ CacheClusterId: `cache-${index}-001`, CacheNodeId: '0001', PreferredAvailabilityZone: nth(zones, index), CurrentRole: 'primary' }],
      },
    ],
    AutomaticFailover: 'disabled',
    MultiAZ: 'disabled',
    ClusterEnabled: false,
    CacheNodeType: 'cache.t4g.small',
    AtRestEncryptionEnabled: true,
    TransitEncryptionEnabled: true,
    TransitEncryptionMode: 'required',
    AuthTokenEnabled: false,
    SnapshotRetentionLimit: 1,
    ReplicationGroupCreateTime: CREATED,
    Engine: 'redis',
  }));
  cacheClusters.forEach((cluster, index) => register(cluster.ARN ?? '', 'elasticache', 'cluster', tagsOf('cache-cluster', index)));
  replicationGroups.forEach((group, index) => register(group.ARN ?? '', 'elasticache', 'replicationgroup', tagsOf('replication-group', index)));
  return { replicationGroups, cacheClusters, cacheSubnetGroups };
}

export function mockElastiCache(at: At<ElastiCacheData>): Restorable[] {
  const elasticache = mockClient(ElastiCacheClient);
  // By id, each call answers that one resource or fails with the service's not-found error.
  elasticache.on(DescribeReplicationGroupsCommand).callsFake(async (input: DescribeReplicationGroupsCommandInput, getClient): Promise<Out<DescribeReplicationGroupsCommandOutput>> => {
    const groups = (await at(getClient)).replicationGroups;
    if (input.ReplicationGroupId !== undefined) {
      const group = lookup(groups, (candidate) => [candidate.ReplicationGroupId], input.ReplicationGroupId);
      if (group === undefined) throw awsError('ReplicationGroupNotFoundFault', `ReplicationGroup ${input.ReplicationGroupId} not found.`);
      return { ReplicationGroups: [group] };
    }
    const page = paginate('DescribeReplicationGroups', groups, input.Marker, input.MaxRecords, 100);
    return { ReplicationGroups: page.items, Marker: page.next };
  });
  elasticache.on(DescribeCacheClustersCommand).callsFake(async (input: DescribeCacheClustersCommandInput, getClient): Promise<Out<DescribeCacheClustersCommandOutput>> => {
    const all = (await at(getClient)).cacheClusters;
    let page: { items: typeof all; next: string | undefined };
    if (input.CacheClusterId !== undefined) {
      const cluster = lookup(all, (candidate) => [candidate.CacheClusterId], input.CacheClusterId);
      if (cluster === undefined) throw awsError('CacheClusterNotFoundFault', `CacheCluster ${input.CacheClusterId} not found.`);
      page = { items: [cluster], next: undefined };
    } else page = paginate('DescribeCacheClusters', all, input.Marker, input.MaxRecords, 100);
    // Node details only when asked for, as ElastiCache does.
    const clusters = input.ShowCacheNodeInfo === true ? page.items : page.items.map(({ CacheNodes: _nodes, ...cluster }) => cluster);
    return { CacheClusters: clusters, Marker: page.next };
  });
  elasticache.on(DescribeCacheSubnetGroupsCommand).callsFake(async (input: DescribeCacheSubnetGroupsCommandInput, getClient): Promise<Out<DescribeCacheSubnetGroupsCommandOutput>> => {
    const groups = (await at(getClient)).cacheSubnetGroups;
    if (input.CacheSubnetGroupName !== undefined) {
      const group = groups.find((candidate) => candidate.CacheSubnetGroupName === input.CacheSubnetGroupName);
      if (group === undefined) throw awsError('CacheSubnetGroupNotFoundFault', `Cache subnet group ${input.CacheSubnetGroupName} not found.`);
      return { CacheSubnetGroups: [group] };
    }
    const page = paginate('DescribeCacheSubnetGroups', groups, input.Marker, input.MaxRecords, 100);
    return { CacheSubnetGroups: page.items, Marker: page.next };
  });
  return [elasticache];
}
