/**
 * RDS (and the Aurora, Neptune and DocumentDB resources the RDS API also lists): DB instances,
 * DB clusters, DB snapshots, DB cluster snapshots and DB subnet groups, as AWS Config records
 * them. Every list is a Describe* walk at 100 records per page (the API's maximum); instances,
 * clusters and both snapshot types carry their tags in the response, subnet groups take theirs
 * from the Tagging API.
 *
 * DB instances also carry, as a gatewatch extension, the TLS parameters of their parameter group
 * (`supplementaryConfiguration.DBParameters`), read once per distinct parameter group with a
 * `parameter-name` filter. An instance that belongs to a DB cluster (Aurora, Multi-AZ DB
 * clusters) takes them from its cluster's DB cluster parameter group: that is where
 * `rds.force_ssl` and `require_secure_transport` are set for cluster engines — Aurora's instance
 * parameter groups do not carry them.
 *
 * A change event reads only what it names (or, for DB instances, the members of given DB clusters):
 * each Describe call filtered on the resources (see rdsSelections), a cluster member's own cluster
 * for its parameters, and a subnet group by name with its tags by ARN.
 */
import {
  DescribeDBClusterParametersCommand,
  DescribeDBClustersCommand,
  DescribeDBClusterSnapshotsCommand,
  DescribeDBInstancesCommand,
  DescribeDBParametersCommand,
  DescribeDBSnapshotsCommand,
  DescribeDBSubnetGroupsCommand,
  DBSubnetGroupNotFoundFault,
  RDSClient,
  type DBCluster,
  type DBClusterSnapshot,
  type DBInstance,
  type DBSnapshot,
  type DBSubnetGroup,
  type Filter,
  type Parameter,
} from '@aws-sdk/client-rds';
import type { ResourceType } from '../../../model/configuration-item.js';
import { arnOf, taggingFilter } from '../../../model/resource-types/index.js';
import type { RelatedFilter, Restriction } from '../../source.js';
import { chunks } from '../../../aws/batches.js';
import { camel, namedResources, tagMap, type CollectContext, type Collector, type RawItem, type TagsByArn } from '../collector.js';
import { goneOn } from './describe-each.js';
import { beanCase, renameKeys, select, zoneOf, type Selection } from './db-fields.js';

const INSTANCE = 'AWS::RDS::DBInstance' as const satisfies ResourceType;
const CLUSTER = 'AWS::RDS::DBCluster' as const satisfies ResourceType;
const SNAPSHOT = 'AWS::RDS::DBSnapshot' as const satisfies ResourceType;
const CLUSTER_SNAPSHOT = 'AWS::RDS::DBClusterSnapshot' as const satisfies ResourceType;
const SUBNET_GROUP = 'AWS::RDS::DBSubnetGroup' as const satisfies ResourceType;

/** The largest page every RDS Describe* call accepts. */
const PAGE_SIZE = 100;

/** The parameters rds-instance-requires-tls reads: PostgreSQL (and SQL Server) / MySQL and MariaDB. */
export const TLS_PARAMETERS: readonly string[] = ['rds.force_ssl', 'require_secure_transport'];

/** One entry of `supplementaryConfiguration.DBParameters`. */
interface DBParameter {
  readonly ParameterName: string;
  readonly ParameterValue?: string;
}

// ---- field selections (the paths of each type's published AWS Config schema) ----

const SUBNET_FIELDS: Selection<DBSubnetGroup> = {
  DBSubnetGroupName: true,
  DBSubnetGroupDescription: true,
  VpcId: true,
  SubnetGroupStatus: true,
  Subnets: { SubnetIdentifier: true, SubnetAvailabilityZone: { Name: true }, SubnetOutpost: { Arn: true }, SubnetStatus: true },
};

const ENDPOINT = { Address: true, Port: true, HostedZoneId: true } as const;

const INSTANCE_FIELDS: Selection<DBInstance> = {
  AllocatedStorage: true,
  AssociatedRoles: { FeatureName: true, RoleArn: true, Status: true },
  AutoMinorVersionUpgrade: true,
  AvailabilityZone: true,
  AwsBackupRecoveryPointArn: true,
  BackupRetentionPeriod: true,
  CACertificateIdentifier: true,
  CharacterSetName: true,
  CopyTagsToSnapshot: true,
  CustomerOwnedIpEnabled: true,
  DBClusterIdentifier: true,
  DBInstanceArn: true,
  DBInstanceAutomatedBackupsReplications: { DBInstanceAutomatedBackupsArn: true },
  DBInstanceClass: true,
  DBInstanceIdentifier: true,
  DBInstanceStatus: true,
  DBName: true,
  DBParameterGroups: { DBParameterGroupName: true, ParameterApplyStatus: true },
  DBSecurityGroups: { DBSecurityGroupName: true, Status: true },
  DBSubnetGroup: SUBNET_FIELDS,
  DbInstancePort: true,
  DbiResourceId: true,
  DeletionProtection: true,
  DomainMemberships: { Domain: true, FQDN: true, IAMRoleName: true, Status: true },
  EnabledCloudwatchLogsExports: true,
  Endpoint: ENDPOINT,
  Engine: true,
  EngineVersion: true,
  EnhancedMonitoringResourceArn: true,
  IAMDatabaseAuthenticationEnabled: true,
  InstanceCreateTime: true,
  Iops: true,
  KmsKeyId: true,
  LatestRestorableTime: true,
  LicenseModel: true,
  ListenerEndpoint: ENDPOINT,
  MasterUsername: true,
  MaxAllocatedStorage: true,
  MonitoringInterval: true,
  MonitoringRoleArn: true,
  MultiAZ: true,
  NcharCharacterSetName: true,
  OptionGroupMemberships: { OptionGroupName: true, Status: true },
  PendingModifiedValues: {
    AllocatedStorage: true,
    BackupRetentionPeriod: true,
    CACertificateIdentifier: true,
    DBInstanceClass: true,
    DBInstanceIdentifier: true,
    DBSubnetGroupName: true,
    EngineVersion: true,
    IAMDatabaseAuthenticationEnabled: true,
    Iops: true,
    LicenseModel: true,
    MasterUserPassword: true,
    MultiAZ: true,
    PendingCloudwatchLogsExports: { LogTypesToDisable: true, LogTypesToEnable: true },
    Port: true,
    StorageType: true,
  },
  PerformanceInsightsEnabled: true,
  PerformanceInsightsKMSKeyId: true,
  PerformanceInsightsRetentionPeriod: true,
  PreferredBackupWindow: true,
  PreferredMaintenanceWindow: true,
  ProcessorFeatures: { Name: true, Value: true },
  PromotionTier: true,
  PubliclyAccessible: true,
  ReadReplicaDBClusterIdentifiers: true,
  ReadReplicaDBInstanceIdentifiers: true,
  ReadReplicaSourceDBInstanceIdentifier: true,
  ReplicaMode: true,
  SecondaryAvailabilityZone: true,
  StatusInfos: { Message: true, Normal: true, Status: true, StatusType: true },
  StorageEncrypted: true,
  StorageType: true,
  Timezone: true,
  VpcSecurityGroups: { Status: true, VpcSecurityGroupId: true },
};

/** `AvailabilityZones` and `Endpoint` are left out: AWS Config records them as `{value}` wrappers (below). */
const CLUSTER_FIELDS: Selection<DBCluster> = {
  ActivityStreamKinesisStreamName: true,
  ActivityStreamKmsKeyId: true,
  ActivityStreamMode: true,
  ActivityStreamStatus: true,
  AllocatedStorage: true,
  AssociatedRoles: { FeatureName: true, RoleArn: true, Status: true },
  AutoMinorVersionUpgrade: true,
  AutomaticRestartTime: true,
  BacktrackConsumedChangeRecords: true,
  BacktrackWindow: true,
  BackupRetentionPeriod: true,
  Capacity: true,
  CloneGroupId: true,
  ClusterCreateTime: true,
  CopyTagsToSnapshot: true,
  CrossAccountClone: true,
  CustomEndpoints: true,
  DatabaseName: true,
  DbClusterResourceId: true,
  DBClusterArn: true,
  DBClusterIdentifier: true,
  DBClusterInstanceClass: true,
  DBClusterMembers: { DBInstanceIdentifier: true, IsClusterWriter: true, DBClusterParameterGroupStatus: true, PromotionTier: true },
  DBClusterParameterGroup: true,
  DBSubnetGroup: true,
  DeletionProtection: true,
  DomainMemberships: { Domain: true, FQDN: true, IAMRoleName: true, Status: true },
  EarliestBacktrackTime: true,
  EnabledCloudwatchLogsExports: true,
  Engine: true,
  EngineMode: true,
  EngineVersion: true,
  GlobalWriteForwardingRequested: true,
  GlobalWriteForwardingStatus: true,
  HostedZoneId: true,
  HttpEndpointEnabled: true,
  IAMDatabaseAuthenticationEnabled: true,
  Iops: true,
  KmsKeyId: true,
  MasterUsername: true,
  MonitoringInterval: true,
  MonitoringRoleArn: true,
  MultiAZ: true,
  NetworkType: true,
  PendingModifiedValues: {
    DBClusterIdentifier: true,
    EngineVersion: true,
    IAMDatabaseAuthenticationEnabled: true,
    MasterUserPassword: true,
    PendingCloudwatchLogsExports: { LogTypesToDisable: true, LogTypesToEnable: true },
  },
  PerformanceInsightsEnabled: true,
  PerformanceInsightsKMSKeyId: true,
  PerformanceInsightsRetentionPeriod: true,
  Port: true,
  PreferredBackupWindow: true,
  PreferredMaintenanceWindow: true,
  PubliclyAccessible: true,
  ReadReplicaIdentifiers: true,
  ReaderEndpoint: true,
  ReplicationSourceIdentifier: true,
  ScalingConfigurationInfo: { AutoPause: true, MaxCapacity: true, MinCapacity: true, SecondsBeforeTimeout: true, SecondsUntilAutoPause: true, TimeoutAction: true },
  ServerlessV2ScalingConfiguration: { MaxCapacity: true, MinCapacity: true },
  Status: true,
  StorageEncrypted: true,
  StorageType: true,
  VpcSecurityGroups: { Status: true, VpcSecurityGroupId: true },
};

const SNAPSHOT_FIELDS: Selection<DBSnapshot> = {
  AllocatedStorage: true,
  AvailabilityZone: true,
  DBInstanceIdentifier: true,
  DBSnapshotArn: true,
  DBSnapshotIdentifier: true,
  DbiResourceId: true,
  Encrypted: true,
  Engine: true,
  EngineVersion: true,
  IAMDatabaseAuthenticationEnabled: true,
  InstanceCreateTime: true,
  Iops: true,
  KmsKeyId: true,
  LicenseModel: true,
  MasterUsername: true,
  OptionGroupName: true,
  PercentProgress: true,
  Port: true,
  ProcessorFeatures: { Name: true, Value: true },
  SnapshotCreateTime: true,
  SnapshotType: true,
  SourceDBSnapshotIdentifier: true,
  SourceRegion: true,
  Status: true,
  StorageType: true,
  TdeCredentialArn: true,
  Timezone: true,
  VpcId: true,
};

/** `AvailabilityZones` is recorded as `{value}` wrappers (below). */
const CLUSTER_SNAPSHOT_FIELDS: Selection<DBClusterSnapshot> = {
  AllocatedStorage: true,
  ClusterCreateTime: true,
  DBClusterIdentifier: true,
  DBClusterSnapshotArn: true,
  DBClusterSnapshotIdentifier: true,
  Engine: true,
  EngineMode: true,
  EngineVersion: true,
  IAMDatabaseAuthenticationEnabled: true,
  KmsKeyId: true,
  LicenseModel: true,
  MasterUsername: true,
  PercentProgress: true,
  Port: true,
  SnapshotCreateTime: true,
  SnapshotType: true,
  SourceDBClusterSnapshotArn: true,
  Status: true,
  StorageEncrypted: true,
  VpcId: true,
};

// ---- items ----

type Relationship = NonNullable<RawItem['relationships']>[number];

const securityGroupRelationships = (groups: readonly { VpcSecurityGroupId?: string | undefined }[] | undefined): Relationship[] =>
  (groups ?? []).flatMap((group) =>
    group.VpcSecurityGroupId === undefined ? [] : [{ resourceType: 'AWS::EC2::SecurityGroup', resourceId: group.VpcSecurityGroupId, name: 'Is associated with SecurityGroup' }],
  );

const subnetGroupRelationship = (name: string | undefined): Relationship[] =>
  name === undefined ? [] : [{ resourceType: 'AWS::RDS::DBSubnetGroup', resourceId: name, resourceName: name, name: 'Is associated with DBSubnetGroup' }];

/** The resource id AWS Config gives a DB instance: its DbiResourceId (`db-…`). */
const instanceId = (instance: DBInstance): string | undefined => instance.DbiResourceId ?? instance.DBInstanceIdentifier;

export function instanceItem(context: CollectContext, instance: DBInstance, parameters: readonly DBParameter[] | undefined, cluster: DBCluster | undefined): RawItem | undefined {
  const id = instanceId(instance);
  const name = instance.DBInstanceIdentifier;
  if (id === undefined || name === undefined) return undefined;
  const clusterId = instance.DBClusterIdentifier;
  const clusterResourceId = cluster?.DbClusterResourceId;
  return {
    resourceType: INSTANCE,
    resourceId: id,
    resourceName: name,
    ARN: instance.DBInstanceArn ?? arnOf(INSTANCE, context, name),
    availabilityZone: instance.MultiAZ === true ? 'Multiple Availability Zones' : zoneOf([instance.AvailabilityZone]),
    resourceCreationTime: instance.InstanceCreateTime?.toISOString(),
    tags: tagMap(instance.TagList),
    relationships: [
      ...securityGroupRelationships(instance.VpcSecurityGroups),
      ...subnetGroupRelationship(instance.DBSubnetGroup?.DBSubnetGroupName),
      ...(clusterId === undefined
        ? []
        : [{ resourceType: 'AWS::RDS::DBCluster', ...(clusterResourceId === undefined ? {} : { resourceId: clusterResourceId }), resourceName: clusterId, name: 'Is part of DBCluster' }]),
    ],
    configuration: camel(select(instance, INSTANCE_FIELDS)) as Record<string, unknown>,
    ...(parameters === undefined ? {} : { supplementaryConfiguration: { DBParameters: parameters } }),
  };
}

/** A DB cluster type's configuration: bean-cased keys, zone lists and endpoints as `{value}`. */
function clusterStyle(selected: Record<string, unknown>, zones: readonly string[] | undefined, endpoint?: string): Record<string, unknown> {
  return {
    ...(renameKeys(selected, beanCase) as Record<string, unknown>),
    ...(zones === undefined ? {} : { availabilityZones: zones.map((value) => ({ value })) }),
    ...(endpoint === undefined ? {} : { endpoint: { value: endpoint } }),
  };
}

export function clusterItem(context: CollectContext, cluster: DBCluster): RawItem | undefined {
  const name = cluster.DBClusterIdentifier;
  const id = cluster.DbClusterResourceId ?? name;
  if (id === undefined || name === undefined) return undefined;
  return {
    resourceType: CLUSTER,
    resourceId: id,
    resourceName: name,
    ARN: cluster.DBClusterArn ?? arnOf(CLUSTER, context, name),
    availabilityZone: zoneOf(cluster.AvailabilityZones ?? []),
    resourceCreationTime: cluster.ClusterCreateTime?.toISOString(),
    tags: tagMap(cluster.TagList),
    relationships: [
      ...securityGroupRelationships(cluster.VpcSecurityGroups),
      ...subnetGroupRelationship(cluster.DBSubnetGroup),
      ...(cluster.DBClusterMembers ?? []).flatMap((member) =>
        member.DBInstanceIdentifier === undefined ? [] : [{ resourceType: 'AWS::RDS::DBInstance', resourceName: member.DBInstanceIdentifier, name: 'Contains DBInstance' }],
      ),
    ],
    configuration: clusterStyle(select(cluster, CLUSTER_FIELDS), cluster.AvailabilityZones, cluster.Endpoint),
  };
}

export function snapshotItem(context: CollectContext, snapshot: DBSnapshot): RawItem | undefined {
  const id = snapshot.DBSnapshotIdentifier;
  if (id === undefined) return undefined;
  return {
    resourceType: SNAPSHOT,
    resourceId: id,
    resourceName: id,
    ARN: snapshot.DBSnapshotArn ?? arnOf(SNAPSHOT, context, id),
    availabilityZone: zoneOf([snapshot.AvailabilityZone]),
    resourceCreationTime: snapshot.SnapshotCreateTime?.toISOString(),
    tags: tagMap(snapshot.TagList),
    configuration: camel(select(snapshot, SNAPSHOT_FIELDS)) as Record<string, unknown>,
  };
}

export function clusterSnapshotItem(context: CollectContext, snapshot: DBClusterSnapshot): RawItem | undefined {
  const id = snapshot.DBClusterSnapshotIdentifier;
  if (id === undefined) return undefined;
  return {
    resourceType: CLUSTER_SNAPSHOT,
    resourceId: id,
    resourceName: id,
    ARN: snapshot.DBClusterSnapshotArn ?? arnOf(CLUSTER_SNAPSHOT, context, id),
    availabilityZone: zoneOf(snapshot.AvailabilityZones ?? []),
    resourceCreationTime: snapshot.SnapshotCreateTime?.toISOString(),
    tags: tagMap(snapshot.TagList),
    configuration: clusterStyle(select(snapshot, CLUSTER_SNAPSHOT_FIELDS), snapshot.AvailabilityZones),
  };
}

const subnetGroupArn = (context: CollectContext, group: DBSubnetGroup, name: string): string =>
  group.DBSubnetGroupArn ?? arnOf(SUBNET_GROUP, context, name);

export function subnetGroupItem(context: CollectContext, group: DBSubnetGroup, tags: Readonly<Record<string, string>>): RawItem | undefined {
  const name = group.DBSubnetGroupName;
  if (name === undefined) return undefined;
  return {
    resourceType: SUBNET_GROUP,
    resourceId: name,
    resourceName: name,
    ARN: subnetGroupArn(context, group, name),
    availabilityZone: 'Not Applicable',
    tags,
    relationships: [
      ...(group.VpcId === undefined ? [] : [{ resourceType: 'AWS::EC2::VPC', resourceId: group.VpcId, name: 'Is contained in Vpc' }]),
      ...(group.Subnets ?? []).flatMap((subnet) =>
        subnet.SubnetIdentifier === undefined ? [] : [{ resourceType: 'AWS::EC2::Subnet', resourceId: subnet.SubnetIdentifier, name: 'Contains Subnet' }],
      ),
    ],
    configuration: camel(select(group, { ...SUBNET_FIELDS, DBSubnetGroupArn: true })) as Record<string, unknown>,
  };
}

// ---- collection ----

/** `Filters` only when there are some: a walk of the Region sends the request it always sent. */
const filtered = (filters: Filter[] | undefined): { Filters?: Filter[] } => (filters === undefined ? {} : { Filters: filters });

/** RDS takes at most 100 values in one filter (the page size of its Describe calls). */
const VALUES_PER_FILTER = 100;

/** One filtered request of a targeted read, and the named resources it reads (absent for a related filter). */
interface RdsSelection {
  readonly filters: Filter[];
  readonly resourceIds?: string[];
}

/** How a type's Describe call filters on its own resources. */
interface IdFilters {
  /** On the identifier, which also takes the ARN (`db-instance-id`). */
  readonly id: string;
  /** On the resource id (`dbi-resource-id`), for a name that has that form and no ARN. */
  readonly resourceId?: string;
  readonly resourceIdPattern?: RegExp;
}

/**
 * The filtered requests of a restricted RDS type; `undefined` when it is read whole. Filters, not
 * the identifier parameter, so that a resource that is gone is an empty answer, not a
 * `DBInstanceNotFound` for the whole request. A named resource is matched by its ARN when the
 * event gave one (the identifier filters take ARNs), else by its resource id (`db-…`,
 * `cluster-…`: what AWS Config names instances and clusters by) or its identifier.
 */
function rdsSelections(restriction: Restriction | undefined, ids: IdFilters, related: Partial<Record<RelatedFilter, string>>): RdsSelection[] | undefined {
  if (restriction === undefined) return undefined;
  if (restriction.kind === 'related') {
    const name = related[restriction.filter];
    if (name === undefined) return undefined;
    return chunks([...new Set(restriction.values)], VALUES_PER_FILTER).map((Values) => ({ filters: [{ Name: name, Values }] }));
  }
  const byFilter = new Map<string, { values: string[]; resourceIds: string[] }>();
  for (const resource of restriction.resources) {
    const byResourceId = resource.arn === undefined && ids.resourceId !== undefined && ids.resourceIdPattern?.test(resource.resourceId) === true;
    const name = byResourceId && ids.resourceId !== undefined ? ids.resourceId : ids.id;
    const entry = byFilter.get(name) ?? { values: [], resourceIds: [] };
    entry.values.push(resource.arn ?? resource.resourceId);
    entry.resourceIds.push(resource.resourceId);
    byFilter.set(name, entry);
  }
  return [...byFilter].flatMap(([Name, { values, resourceIds }]) =>
    chunks(values, VALUES_PER_FILTER).map((Values, index) => ({
      filters: [{ Name, Values }],
      resourceIds: resourceIds.slice(index * VALUES_PER_FILTER, (index + 1) * VALUES_PER_FILTER),
    })),
  );
}

/** The DB clusters of the Region, listed at most once per collection and shared by the types that need them. */
class ClusterList {
  /** The clusters read so far: all of them once `walk()` resolves, those of the pages read when it rejects. */
  readonly clusters: DBCluster[] = [];
  private walking: Promise<void> | undefined;

  /** `filters`: only the clusters they select (a targeted read); absent, every cluster of the Region. */
  constructor(
    private readonly context: CollectContext,
    private readonly rds: RDSClient,
    private readonly filters?: Filter[],
  ) {}

  walk(): Promise<void> {
    this.walking ??= this.read();
    return this.walking;
  }

  private async read(): Promise<void> {
    const pages = this.context.pages(
      'DescribeDBClusters',
      (Marker) => this.rds.send(new DescribeDBClustersCommand({ MaxRecords: PAGE_SIZE, Marker, ...filtered(this.filters) })),
      (page) => page.Marker,
    );
    for await (const page of pages) this.clusters.push(...(page.DBClusters ?? []));
  }

  byIdentifier(): Map<string, DBCluster> {
    return new Map(this.clusters.flatMap((cluster) => (cluster.DBClusterIdentifier === undefined ? [] : [[cluster.DBClusterIdentifier, cluster] as const])));
  }
}

/** The TLS parameters of one DB parameter group (`db`) or DB cluster parameter group (`cluster`). */
async function tlsParameters(context: CollectContext, rds: RDSClient, kind: 'db' | 'cluster', group: string): Promise<DBParameter[]> {
  // The API honours the `parameter-name` filter; the pages are still followed to the end, and
  // the names checked here, so a filter the service ignored could only cost calls, never data.
  const Filters = [{ Name: 'parameter-name', Values: [...TLS_PARAMETERS] }];
  const pages: AsyncGenerator<{ Parameters?: Parameter[] | undefined; Marker?: string | undefined }> =
    kind === 'db'
      ? context.pages(
          'DescribeDBParameters',
          (Marker) => rds.send(new DescribeDBParametersCommand({ DBParameterGroupName: group, Filters, MaxRecords: PAGE_SIZE, Marker })),
          (page) => page.Marker,
        )
      : context.pages(
          'DescribeDBClusterParameters',
          (Marker) => rds.send(new DescribeDBClusterParametersCommand({ DBClusterParameterGroupName: group, Filters, MaxRecords: PAGE_SIZE, Marker })),
          (page) => page.Marker,
        );
  const found = new Map<string, DBParameter>();
  for await (const page of pages) {
    for (const { ParameterName, ParameterValue } of page.Parameters ?? []) {
      if (ParameterName === undefined || !TLS_PARAMETERS.includes(ParameterName)) continue;
      found.set(ParameterName, ParameterValue === undefined ? { ParameterName } : { ParameterName, ParameterValue });
    }
  }
  return [...found.values()].sort((a, b) => a.ParameterName.localeCompare(b.ParameterName));
}

async function collectInstances(context: CollectContext, rds: RDSClient, regionClusters: ClusterList): Promise<void> {
  const instances: DBInstance[] = [];
  const selections = rdsSelections(context.restriction(INSTANCE), { id: 'db-instance-id', resourceId: 'dbi-resource-id', resourceIdPattern: /^db-[A-Z0-9]+$/ }, { 'db-cluster-id': 'db-cluster-id' });
  const walk = (filters: Filter[] | undefined) => async () => {
    const pages = context.pages(
      'DescribeDBInstances',
      (Marker) => rds.send(new DescribeDBInstancesCommand({ MaxRecords: PAGE_SIZE, Marker, ...filtered(filters) })),
      (page) => page.Marker,
    );
    for await (const page of pages) instances.push(...(page.DBInstances ?? []));
  };
  if (selections === undefined) await context.attempt([INSTANCE], walk(undefined));
  else await Promise.all(selections.map(({ filters, resourceIds }) => context.attempt([INSTANCE], walk(filters), resourceIds === undefined ? {} : { resourceIds })));

  // Cluster members take their TLS parameters from the cluster's parameter group: a targeted read
  // reads their own clusters only, the Region's walk every cluster (shared with the cluster type).
  const members = instances.filter((instance) => instance.DBClusterIdentifier !== undefined);
  let clusters = new Map<string, DBCluster>();
  if (members.length > 0) {
    const clusterList =
      selections === undefined ? regionClusters : new ClusterList(context, rds, [{ Name: 'db-cluster-id', Values: [...new Set(members.flatMap((instance) => instance.DBClusterIdentifier ?? []))] }]);
    await context.attempt([INSTANCE], () => clusterList.walk(), { aspect: 'DBParameters', resourceIds: members.flatMap((instance) => instanceId(instance) ?? []) });
    clusters = clusterList.byIdentifier();
  }

  // Which parameter groups each instance reads, and which instances each group serves.
  const groupsOf = new Map<DBInstance, string[]>();
  const served = new Map<string, { kind: 'db' | 'cluster'; group: string; instanceIds: string[] }>();
  for (const instance of instances) {
    const id = instanceId(instance);
    if (id === undefined) continue;
    const clusterId = instance.DBClusterIdentifier;
    const groups =
      clusterId === undefined
        ? (instance.DBParameterGroups ?? []).flatMap((group) => (group.DBParameterGroupName === undefined ? [] : [{ kind: 'db' as const, group: group.DBParameterGroupName }]))
        : [clusters.get(clusterId)?.DBClusterParameterGroup].flatMap((group) => (group === undefined ? [] : [{ kind: 'cluster' as const, group }]));
    const keys = groups.map(({ kind, group }) => {
      const key = `${kind}:${group}`;
      const entry = served.get(key) ?? { kind, group, instanceIds: [] };
      entry.instanceIds.push(id);
      served.set(key, entry);
      return key;
    });
    groupsOf.set(instance, keys);
  }

  // One walk per distinct parameter group; a failure makes only the instances it serves UNKNOWN.
  const values = new Map<string, DBParameter[]>();
  await Promise.all(
    [...served].map(([key, { kind, group, instanceIds }]) =>
      context.attempt(
        [INSTANCE],
        async () => {
          values.set(key, await tlsParameters(context, rds, kind, group));
        },
        // Only the TLS rule reads the parameters: the instances stay judgeable by every other rule.
        { aspect: 'DBParameters', resourceIds: instanceIds },
      ),
    ),
  );

  for (const instance of instances) {
    const keys = groupsOf.get(instance) ?? [];
    const complete = keys.length > 0 && keys.every((key) => values.has(key));
    const parameters = complete ? keys.flatMap((key) => values.get(key) ?? []) : undefined;
    const clusterId = instance.DBClusterIdentifier;
    const item = instanceItem(context, instance, parameters, clusterId === undefined ? undefined : clusters.get(clusterId));
    if (item !== undefined) context.emit(item);
  }
}

async function collectClusters(context: CollectContext, rds: RDSClient, regionClusters: ClusterList): Promise<void> {
  const selections = rdsSelections(context.restriction(CLUSTER), { id: 'db-cluster-id', resourceId: 'db-cluster-resource-id', resourceIdPattern: /^cluster-[A-Z0-9]+$/ }, {});
  const lists =
    selections === undefined
      ? [{ list: regionClusters, scope: {} }]
      : selections.map(({ filters, resourceIds }) => ({ list: new ClusterList(context, rds, filters), scope: resourceIds === undefined ? {} : { resourceIds } }));
  for (const { list, scope } of lists) {
    await context.attempt([CLUSTER], () => list.walk(), scope);
    // Also the clusters of the pages read before a failure: a listing failure leaves them judgeable.
    for (const cluster of list.clusters) {
      const item = clusterItem(context, cluster);
      if (item !== undefined) context.emit(item);
    }
  }
}

/** A Describe walk of snapshots: the Region's, or one per selection of a targeted read. */
async function walkSnapshots<P, S>(
  context: CollectContext,
  type: ResourceType,
  operation: string,
  send: (marker: string | undefined, filters: Filter[] | undefined) => Promise<P>,
  next: (page: P) => string | undefined,
  snapshots: (page: P) => readonly S[] | undefined,
  build: (context: CollectContext, snapshot: S) => RawItem | undefined,
  idFilter: string,
): Promise<void> {
  const walk = (filters: Filter[] | undefined) => async () => {
    for await (const page of context.pages(operation, (marker) => send(marker, filters), next)) {
      for (const snapshot of snapshots(page) ?? []) {
        const item = build(context, snapshot);
        if (item !== undefined) context.emit(item);
      }
    }
  };
  const selections = rdsSelections(context.restriction(type), { id: idFilter }, {});
  if (selections === undefined) await context.attempt([type], walk(undefined));
  else await Promise.all(selections.map(({ filters, resourceIds }) => context.attempt([type], walk(filters), resourceIds === undefined ? {} : { resourceIds })));
}

async function collectSnapshots(context: CollectContext, rds: RDSClient): Promise<void> {
  // No SnapshotType: manual and automated snapshots, as AWS Config records both (shared and
  // public snapshots of other accounts are left out).
  await walkSnapshots(
    context,
    SNAPSHOT,
    'DescribeDBSnapshots',
    (Marker, filters) => rds.send(new DescribeDBSnapshotsCommand({ MaxRecords: PAGE_SIZE, Marker, ...filtered(filters) })),
    (page) => page.Marker,
    (page) => page.DBSnapshots,
    snapshotItem,
    'db-snapshot-id',
  );
}

async function collectClusterSnapshots(context: CollectContext, rds: RDSClient): Promise<void> {
  await walkSnapshots(
    context,
    CLUSTER_SNAPSHOT,
    'DescribeDBClusterSnapshots',
    (Marker, filters) => rds.send(new DescribeDBClusterSnapshotsCommand({ MaxRecords: PAGE_SIZE, Marker, ...filtered(filters) })),
    (page) => page.Marker,
    (page) => page.DBClusterSnapshots,
    clusterSnapshotItem,
    'db-cluster-snapshot-id',
  );
}

/** DescribeDBSubnetGroups' answer for a subnet group that does not exist. */
const SUBNET_GROUP_GONE = ['DBSubnetGroupNotFoundFault'];

/** The named subnet groups, each by name (DescribeDBSubnetGroups has no filter on it); a group RDS does not know is gone. */
async function namedSubnetGroups(context: CollectContext, rds: RDSClient, names: readonly string[]): Promise<DBSubnetGroup[]> {
  const groups: DBSubnetGroup[] = [];
  await Promise.all(
    [...new Set(names)].map((name) =>
      context.attempt(
        [SUBNET_GROUP],
        async () => {
          const output = await context
            .call('DescribeDBSubnetGroups', () => rds.send(new DescribeDBSubnetGroupsCommand({ DBSubnetGroupName: name })))
            .catch((error: unknown) => goneOn(error, SUBNET_GROUP_GONE, (cause) => cause instanceof DBSubnetGroupNotFoundFault));
          groups.push(...(output?.DBSubnetGroups ?? []).filter((group) => group.DBSubnetGroupName === name));
        },
        { resourceIds: [name] },
      ),
    ),
  );
  return groups;
}

async function collectSubnetGroups(context: CollectContext, rds: RDSClient): Promise<void> {
  const named = namedResources(context, SUBNET_GROUP);
  if (named !== undefined) {
    const groups = await namedSubnetGroups(
      context,
      rds,
      named.map((resource) => resource.resourceId),
    );
    if (groups.length === 0) return;
    // Their tags by ARN: no walk of the Region's.
    const arns = groups.flatMap((group) => (group.DBSubnetGroupName === undefined ? [] : [subnetGroupArn(context, group, group.DBSubnetGroupName)]));
    let tags: TagsByArn = new Map();
    await context.attempt(
      [SUBNET_GROUP],
      async () => {
        tags = await context.tagsOf(arns);
      },
      { aspect: 'tags', resourceIds: groups.flatMap((group) => group.DBSubnetGroupName ?? []) },
    );
    emitSubnetGroups(context, groups, tags);
    return;
  }
  const groups: DBSubnetGroup[] = [];
  await context.attempt([SUBNET_GROUP], async () => {
    const pages = context.pages(
      'DescribeDBSubnetGroups',
      (Marker) => rds.send(new DescribeDBSubnetGroupsCommand({ MaxRecords: PAGE_SIZE, Marker })),
      (page) => page.Marker,
    );
    for await (const page of pages) groups.push(...(page.DBSubnetGroups ?? []));
  });
  if (groups.length === 0) return;
  // DescribeDBSubnetGroups carries no tags: one Tagging API walk serves them all.
  let tags: ReadonlyMap<string, Readonly<Record<string, string>>> = new Map();
  await context.attempt(
    [SUBNET_GROUP],
    async () => {
      tags = await context.taggingApi([taggingFilter(SUBNET_GROUP)]);
    },
    { aspect: 'tags' },
  );
  emitSubnetGroups(context, groups, tags);
}

function emitSubnetGroups(context: CollectContext, groups: readonly DBSubnetGroup[], tags: TagsByArn): void {
  for (const group of groups) {
    const name = group.DBSubnetGroupName;
    if (name === undefined) continue;
    const item = subnetGroupItem(context, group, tags.get(subnetGroupArn(context, group, name)) ?? {});
    if (item !== undefined) context.emit(item);
  }
}

export const rdsCollector: Collector = {
  service: 'rds',
  produces: [INSTANCE, CLUSTER, SNAPSHOT, CLUSTER_SNAPSHOT, SUBNET_GROUP],
  async collect(context, types) {
    const rds = context.client(RDSClient);
    const clusterList = new ClusterList(context, rds);
    if (types.has(INSTANCE)) await collectInstances(context, rds, clusterList);
    if (types.has(CLUSTER)) await collectClusters(context, rds, clusterList);
    if (types.has(SNAPSHOT)) await collectSnapshots(context, rds);
    if (types.has(CLUSTER_SNAPSHOT)) await collectClusterSnapshots(context, rds);
    if (types.has(SUBNET_GROUP)) await collectSubnetGroups(context, rds);
  },
};
