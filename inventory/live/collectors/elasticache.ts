/**
 * ElastiCache replication groups and cache clusters (DescribeReplicationGroups,
 * DescribeCacheClusters with node details; 100 records per page, the API's maximum). Neither
 * response carries tags: one Resource Groups Tagging API walk serves both types.
 *
 * AWS publishes no AWS Config property schema for these types; the configuration holds a chosen
 * set of the API's fields, camelCase as AWS Config writes the RDS-family types. Cache clusters
 * also carry, as a gatewatch extension, the VPC and subnets of their cache subnet group
 * (`supplementaryConfiguration.CacheSubnetGroup`, from one DescribeCacheSubnetGroups walk).
 *
 * A change event reads only the replication groups and cache clusters it names, each by id, a
 * named cluster's own subnet group by name, and their tags by ARN.
 */
import {
  CacheClusterNotFoundFault,
  CacheSubnetGroupNotFoundFault,
  DescribeCacheClustersCommand,
  DescribeCacheSubnetGroupsCommand,
  DescribeReplicationGroupsCommand,
  ElastiCacheClient,
  ReplicationGroupNotFoundFault,
  type CacheCluster,
  type CacheSubnetGroup,
  type ReplicationGroup,
} from '@aws-sdk/client-elasticache';
import type { ResourceType } from '../../../model/configuration-item.js';
import { arnOf, taggingFilter } from '../../../model/resource-types/index.js';
import { camel, namedResources, type CollectContext, type Collector, type RawItem } from '../collector.js';
import { goneOn, readNamed } from './describe-each.js';
import { settleAll } from './fields.js';
import { select, zoneOf, type Selection } from './db-fields.js';

const REPLICATION_GROUP = 'AWS::ElastiCache::ReplicationGroup' as const satisfies ResourceType;
const CACHE_CLUSTER = 'AWS::ElastiCache::CacheCluster' as const satisfies ResourceType;

/** The largest page the ElastiCache Describe* calls accept. */
const PAGE_SIZE = 100;

const ENDPOINT = { Address: true, Port: true } as const;

export const REPLICATION_GROUP_FIELDS: Selection<ReplicationGroup> = {
  ReplicationGroupId: true,
  Description: true,
  GlobalReplicationGroupInfo: { GlobalReplicationGroupId: true, GlobalReplicationGroupMemberRole: true },
  Status: true,
  MemberClusters: true,
  NodeGroups: {
    NodeGroupId: true,
    Status: true,
    PrimaryEndpoint: ENDPOINT,
    ReaderEndpoint: ENDPOINT,
    Slots: true,
    NodeGroupMembers: { CacheClusterId: true, CacheNodeId: true, ReadEndpoint: ENDPOINT, PreferredAvailabilityZone: true, CurrentRole: true },
  },
  SnapshottingClusterId: true,
  AutomaticFailover: true,
  MultiAZ: true,
  ConfigurationEndpoint: ENDPOINT,
  SnapshotRetentionLimit: true,
  SnapshotWindow: true,
  ClusterEnabled: true,
  CacheNodeType: true,
  AuthTokenEnabled: true,
  TransitEncryptionEnabled: true,
  TransitEncryptionMode: true,
  AtRestEncryptionEnabled: true,
  KmsKeyId: true,
  UserGroupIds: true,
  ReplicationGroupCreateTime: true,
  DataTiering: true,
  AutoMinorVersionUpgrade: true,
  NetworkType: true,
  IpDiscovery: true,
  ClusterMode: true,
  Engine: true,
};

export const CACHE_CLUSTER_FIELDS: Selection<CacheCluster> = {
  CacheClusterId: true,
  ConfigurationEndpoint: ENDPOINT,
  CacheNodeType: true,
  Engine: true,
  EngineVersion: true,
  CacheClusterStatus: true,
  NumCacheNodes: true,
  PreferredAvailabilityZone: true,
  CacheClusterCreateTime: true,
  PreferredMaintenanceWindow: true,
  NotificationConfiguration: { TopicArn: true, TopicStatus: true },
  CacheParameterGroup: { CacheParameterGroupName: true, ParameterApplyStatus: true },
  CacheSubnetGroupName: true,
  CacheNodes: {
    CacheNodeId: true,
    CacheNodeStatus: true,
    CacheNodeCreateTime: true,
    Endpoint: ENDPOINT,
    ParameterGroupStatus: true,
    SourceCacheNodeId: true,
    CustomerAvailabilityZone: true,
  },
  AutoMinorVersionUpgrade: true,
  SecurityGroups: { SecurityGroupId: true, Status: true },
  ReplicationGroupId: true,
  SnapshotRetentionLimit: true,
  SnapshotWindow: true,
  AuthTokenEnabled: true,
  TransitEncryptionEnabled: true,
  TransitEncryptionMode: true,
  AtRestEncryptionEnabled: true,
  ReplicationGroupLogDeliveryEnabled: true,
  NetworkType: true,
  IpDiscovery: true,
};

const arnOrBuilt = (context: CollectContext, type: typeof REPLICATION_GROUP | typeof CACHE_CLUSTER, id: string, given: string | undefined): string =>
  given ?? arnOf(type, context, id);

export function replicationGroupItem(context: CollectContext, group: ReplicationGroup, tags: Readonly<Record<string, string>>): RawItem | undefined {
  const id = group.ReplicationGroupId;
  if (id === undefined) return undefined;
  const zones = (group.NodeGroups ?? []).flatMap((nodeGroup) => (nodeGroup.NodeGroupMembers ?? []).map((member) => member.PreferredAvailabilityZone));
  return {
    resourceType: REPLICATION_GROUP,
    resourceId: id,
    resourceName: id,
    ARN: arnOrBuilt(context, REPLICATION_GROUP, id, group.ARN),
    availabilityZone: zoneOf(zones),
    resourceCreationTime: group.ReplicationGroupCreateTime?.toISOString(),
    tags,
    relationships: (group.MemberClusters ?? []).map((member) => ({ resourceType: CACHE_CLUSTER, resourceId: member, resourceName: member, name: 'Contains CacheCluster' })),
    configuration: camel(select(group, REPLICATION_GROUP_FIELDS)) as Record<string, unknown>,
  };
}

/** A cluster's zone: those of its nodes, else its preferred zone (`Multiple` for a cross-AZ Memcached cluster). */
function clusterZone(cluster: CacheCluster): string {
  const nodeZones = (cluster.CacheNodes ?? []).map((node) => node.CustomerAvailabilityZone);
  if (nodeZones.some((zone) => zone !== undefined)) return zoneOf(nodeZones);
  return cluster.PreferredAvailabilityZone === 'Multiple' ? 'Multiple Availability Zones' : zoneOf([cluster.PreferredAvailabilityZone]);
}

export function cacheClusterItem(
  context: CollectContext,
  cluster: CacheCluster,
  tags: Readonly<Record<string, string>>,
  subnetGroup: CacheSubnetGroup | undefined,
): RawItem | undefined {
  const id = cluster.CacheClusterId;
  if (id === undefined) return undefined;
  const replicationGroup = cluster.ReplicationGroupId;
  return {
    resourceType: CACHE_CLUSTER,
    resourceId: id,
    resourceName: id,
    ARN: arnOrBuilt(context, CACHE_CLUSTER, id, cluster.ARN),
    availabilityZone: clusterZone(cluster),
    resourceCreationTime: cluster.CacheClusterCreateTime?.toISOString(),
    tags,
    relationships: [
      ...(cluster.SecurityGroups ?? []).flatMap((group) =>
        group.SecurityGroupId === undefined ? [] : [{ resourceType: 'AWS::EC2::SecurityGroup', resourceId: group.SecurityGroupId, name: 'Is associated with SecurityGroup' }],
      ),
      ...(replicationGroup === undefined ? [] : [{ resourceType: REPLICATION_GROUP, resourceId: replicationGroup, resourceName: replicationGroup, name: 'Is part of ReplicationGroup' }]),
    ],
    configuration: camel(select(cluster, CACHE_CLUSTER_FIELDS)) as Record<string, unknown>,
    ...(subnetGroup === undefined ? {} : { supplementaryConfiguration: { CacheSubnetGroup: select(subnetGroup, { VpcId: true, Subnets: { SubnetIdentifier: true } }) } }),
  };
}

/** The answers ElastiCache gives for a resource that does not exist: the SDK's exception name and the query protocol's code. */
const GONE = {
  replicationGroup: ['ReplicationGroupNotFoundFault'],
  cacheCluster: ['CacheClusterNotFoundFault', 'CacheClusterNotFound'],
  cacheSubnetGroup: ['CacheSubnetGroupNotFoundFault'],
} as const;

/** Every page of a Describe walk of the Region, inside one attempt. */
async function walk<P, R>(context: CollectContext, type: ResourceType, operation: string, send: (marker: string | undefined) => Promise<P>, next: (page: P) => string | undefined, items: (page: P) => readonly R[] | undefined): Promise<R[]> {
  const found: R[] = [];
  await context.attempt([type], async () => {
    for await (const page of context.pages(operation, send, next)) found.push(...(items(page) ?? []));
  });
  return found;
}

/**
 * The subnets of the clusters' cache subnet groups: one walk for the Region, or each named
 * cluster's own group by name. A failure makes only the clusters that sit in a subnet group
 * UNKNOWN; a group ElastiCache no longer knows leaves its clusters without the fact, as a walk
 * that does not list it does.
 */
async function subnetGroupsOf(context: CollectContext, elasticache: ElastiCacheClient, clusters: readonly CacheCluster[], named: boolean): Promise<Map<string, CacheSubnetGroup>> {
  const subnetGroups = new Map<string, CacheSubnetGroup>();
  const inSubnetGroups = clusters.filter((cluster) => cluster.CacheSubnetGroupName !== undefined && cluster.CacheClusterId !== undefined);
  if (inSubnetGroups.length === 0) return subnetGroups;
  await context.attempt(
    [CACHE_CLUSTER],
    async () => {
      const read = new Map<string, CacheSubnetGroup>();
      if (named) {
        const names = [...new Set(inSubnetGroups.flatMap((cluster) => cluster.CacheSubnetGroupName ?? []))];
        await settleAll(
          names.map((name) => async () => {
            const output = await context
              .call('DescribeCacheSubnetGroups', () => elasticache.send(new DescribeCacheSubnetGroupsCommand({ CacheSubnetGroupName: name })))
              .catch((error: unknown) => goneOn(error, GONE.cacheSubnetGroup, (cause) => cause instanceof CacheSubnetGroupNotFoundFault));
            for (const group of output?.CacheSubnetGroups ?? []) if (group.CacheSubnetGroupName === name) read.set(name, group);
          }),
        );
      } else {
        const pages = context.pages(
          'DescribeCacheSubnetGroups',
          (Marker) => elasticache.send(new DescribeCacheSubnetGroupsCommand({ MaxRecords: PAGE_SIZE, Marker })),
          (page) => page.Marker,
        );
        for await (const page of pages) {
          for (const group of page.CacheSubnetGroups ?? []) if (group.CacheSubnetGroupName !== undefined) read.set(group.CacheSubnetGroupName, group);
        }
      }
      // Only a complete read is used: a group missing from a partial one would read as absent.
      for (const [name, group] of read) subnetGroups.set(name, group);
    },
    { aspect: 'CacheSubnetGroup', resourceIds: inSubnetGroups.flatMap((cluster) => cluster.CacheClusterId ?? []) },
  );
  return subnetGroups;
}

export const elasticacheCollector: Collector = {
  service: 'elasticache',
  produces: [REPLICATION_GROUP, CACHE_CLUSTER],
  async collect(context, types) {
    const elasticache = context.client(ElastiCacheClient);
    // A change event reads only what it names, by id: no walk of the Region.
    const namedGroups = namedResources(context, REPLICATION_GROUP);
    const namedClusters = namedResources(context, CACHE_CLUSTER);

    let groups: ReplicationGroup[] = [];
    if (types.has(REPLICATION_GROUP)) {
      groups =
        namedGroups === undefined
          ? await walk(
              context,
              REPLICATION_GROUP,
              'DescribeReplicationGroups',
              (Marker) => elasticache.send(new DescribeReplicationGroupsCommand({ MaxRecords: PAGE_SIZE, Marker })),
              (page) => page.Marker,
              (page) => page.ReplicationGroups,
            )
          : await readNamed(
              context,
              REPLICATION_GROUP,
              namedGroups.map((resource) => resource.resourceId),
              async (ReplicationGroupId) => {
                const output = await context
                  .call('DescribeReplicationGroups', () => elasticache.send(new DescribeReplicationGroupsCommand({ ReplicationGroupId })))
                  .catch((error: unknown) => goneOn(error, GONE.replicationGroup, (cause) => cause instanceof ReplicationGroupNotFoundFault));
                return output?.ReplicationGroups?.filter((group) => group.ReplicationGroupId === ReplicationGroupId);
              },
            );
    }

    let clusters: CacheCluster[] = [];
    if (types.has(CACHE_CLUSTER)) {
      clusters =
        namedClusters === undefined
          ? await walk(
              context,
              CACHE_CLUSTER,
              'DescribeCacheClusters',
              (Marker) => elasticache.send(new DescribeCacheClustersCommand({ MaxRecords: PAGE_SIZE, ShowCacheNodeInfo: true, Marker })),
              (page) => page.Marker,
              (page) => page.CacheClusters,
            )
          : await readNamed(
              context,
              CACHE_CLUSTER,
              namedClusters.map((resource) => resource.resourceId),
              async (CacheClusterId) => {
                const output = await context
                  .call('DescribeCacheClusters', () => elasticache.send(new DescribeCacheClustersCommand({ CacheClusterId, ShowCacheNodeInfo: true })))
                  .catch((error: unknown) => goneOn(error, GONE.cacheCluster, (cause) => cause instanceof CacheClusterNotFoundFault));
                return output?.CacheClusters?.filter((cluster) => cluster.CacheClusterId === CacheClusterId);
              },
            );
    }

    const subnetGroups = await subnetGroupsOf(context, elasticache, clusters, namedClusters !== undefined);

    // Tags of both types in one Tagging API walk, only for types that have resources — or, for
    // named resources, by their ARNs.
    const tagged = [...(groups.length > 0 ? [REPLICATION_GROUP] : []), ...(clusters.length > 0 ? [CACHE_CLUSTER] : [])];
    let tags: ReadonlyMap<string, Readonly<Record<string, string>>> = new Map();
    if (tagged.length > 0) {
      const named = namedGroups !== undefined || namedClusters !== undefined;
      const arns = [
        ...groups.flatMap((group) => (group.ReplicationGroupId === undefined ? [] : [arnOrBuilt(context, REPLICATION_GROUP, group.ReplicationGroupId, group.ARN)])),
        ...clusters.flatMap((cluster) => (cluster.CacheClusterId === undefined ? [] : [arnOrBuilt(context, CACHE_CLUSTER, cluster.CacheClusterId, cluster.ARN)])),
      ];
      await context.attempt(
        tagged,
        async () => {
          tags = named ? await context.tagsOf(arns) : await context.taggingApi(tagged.map(taggingFilter));
        },
        named
          ? { aspect: 'tags', resourceIds: [...groups.flatMap((group) => group.ReplicationGroupId ?? []), ...clusters.flatMap((cluster) => cluster.CacheClusterId ?? [])] }
          : { aspect: 'tags' },
      );
    }

    for (const group of groups) {
      const id = group.ReplicationGroupId;
      const item = id === undefined ? undefined : replicationGroupItem(context, group, tags.get(arnOrBuilt(context, REPLICATION_GROUP, id, group.ARN)) ?? {});
      if (item !== undefined) context.emit(item);
    }
    for (const cluster of clusters) {
      const id = cluster.CacheClusterId;
      const subnetGroupName = cluster.CacheSubnetGroupName;
      const subnetGroup = subnetGroupName === undefined ? undefined : subnetGroups.get(subnetGroupName);
      const item = id === undefined ? undefined : cacheClusterItem(context, cluster, tags.get(arnOrBuilt(context, CACHE_CLUSTER, id, cluster.ARN)) ?? {}, subnetGroup);
      if (item !== undefined) context.emit(item);
    }
  },
};
