/**
 * Redshift provisioned clusters (DescribeClusters, 100 per page — the API's maximum — tags in
 * the response), as AWS Config records them, plus the API's `MultiAZ` as `multiAZ`, which the
 * published schema does not list yet (see GATEWATCH_EXTENSIONS in the schema tests). A change
 * event reads only the clusters it names, each by identifier.
 */
import { ClusterNotFoundFault, DescribeClustersCommand, RedshiftClient, type Cluster } from '@aws-sdk/client-redshift';
import type { ResourceType } from '../../../model/configuration-item.js';
import { arnOf } from '../../../model/resource-types/index.js';
import { camel, namedResources, tagMap, type CollectContext, type Collector, type RawItem } from '../collector.js';
import { goneOn, readNamed } from './describe-each.js';
import { select, zoneOf, type Selection } from './db-fields.js';

const CLUSTER = 'AWS::Redshift::Cluster' as const satisfies ResourceType;

/** The largest page DescribeClusters accepts. */
const PAGE_SIZE = 100;

const CLUSTER_FIELDS: Selection<Cluster> = {
  AllowVersionUpgrade: true,
  AutomatedSnapshotRetentionPeriod: true,
  AvailabilityZone: true,
  AvailabilityZoneRelocationStatus: true,
  ClusterAvailabilityStatus: true,
  ClusterCreateTime: true,
  ClusterIdentifier: true,
  ClusterNamespaceArn: true,
  ClusterNodes: { NodeRole: true, PrivateIPAddress: true, PublicIPAddress: true },
  ClusterParameterGroups: {
    ParameterGroupName: true,
    ParameterApplyStatus: true,
    ClusterParameterStatusList: { ParameterName: true, ParameterApplyStatus: true, ParameterApplyErrorDescription: true },
  },
  ClusterPublicKey: true,
  ClusterRevisionNumber: true,
  ClusterSecurityGroups: { ClusterSecurityGroupName: true, Status: true },
  ClusterSnapshotCopyStatus: { DestinationRegion: true, ManualSnapshotRetentionPeriod: true, RetentionPeriod: true, SnapshotCopyGrantName: true },
  ClusterStatus: true,
  ClusterSubnetGroupName: true,
  ClusterVersion: true,
  DBName: true,
  DataTransferProgress: {
    CurrentRateInMegaBytesPerSecond: true,
    DataTransferredInMegaBytes: true,
    ElapsedTimeInSeconds: true,
    EstimatedTimeToCompletionInSeconds: true,
    Status: true,
    TotalDataInMegaBytes: true,
  },
  DeferredMaintenanceWindows: { DeferMaintenanceEndTime: true, DeferMaintenanceIdentifier: true, DeferMaintenanceStartTime: true },
  ElasticIpStatus: { ElasticIp: true, Status: true },
  ElasticResizeNumberOfNodeOptions: true,
  Encrypted: true,
  Endpoint: {
    Address: true,
    Port: true,
    VpcEndpoints: { VpcEndpointId: true, VpcId: true, NetworkInterfaces: { AvailabilityZone: true, NetworkInterfaceId: true, PrivateIpAddress: true, SubnetId: true } },
  },
  EnhancedVpcRouting: true,
  ExpectedNextSnapshotScheduleTime: true,
  ExpectedNextSnapshotScheduleTimeStatus: true,
  HsmStatus: { HsmClientCertificateIdentifier: true, HsmConfigurationIdentifier: true, Status: true },
  IamRoles: { ApplyStatus: true, IamRoleArn: true },
  KmsKeyId: true,
  MaintenanceTrackName: true,
  ManualSnapshotRetentionPeriod: true,
  MasterUsername: true,
  MultiAZ: true,
  NextMaintenanceWindowStartTime: true,
  NodeType: true,
  NumberOfNodes: true,
  PendingActions: true,
  PendingModifiedValues: {
    AutomatedSnapshotRetentionPeriod: true,
    ClusterIdentifier: true,
    ClusterType: true,
    ClusterVersion: true,
    EncryptionType: true,
    EnhancedVpcRouting: true,
    MaintenanceTrackName: true,
    MasterUserPassword: true,
    NodeType: true,
    NumberOfNodes: true,
    PubliclyAccessible: true,
  },
  PreferredMaintenanceWindow: true,
  PubliclyAccessible: true,
  ResizeInfo: { AllowCancelResize: true, ResizeType: true },
  RestoreStatus: {
    CurrentRestoreRateInMegaBytesPerSecond: true,
    ElapsedTimeInSeconds: true,
    EstimatedTimeToCompletionInSeconds: true,
    ProgressInMegaBytes: true,
    SnapshotSizeInMegaBytes: true,
    Status: true,
  },
  SnapshotScheduleIdentifier: true,
  SnapshotScheduleState: true,
  TotalStorageCapacityInMegaBytes: true,
  VpcId: true,
  VpcSecurityGroups: { Status: true, VpcSecurityGroupId: true },
};

export function clusterItem(context: CollectContext, cluster: Cluster): RawItem | undefined {
  const id = cluster.ClusterIdentifier;
  if (id === undefined) return undefined;
  const subnetGroup = cluster.ClusterSubnetGroupName;
  return {
    resourceType: CLUSTER,
    resourceId: id,
    resourceName: id,
    ARN: arnOf(CLUSTER, context, id),
    // A Multi-AZ cluster's secondary compute sits in a second zone.
    availabilityZone: zoneOf([cluster.AvailabilityZone, cluster.MultiAZSecondary?.AvailabilityZone]),
    resourceCreationTime: cluster.ClusterCreateTime?.toISOString(),
    tags: tagMap(cluster.Tags),
    relationships: [
      ...(cluster.VpcSecurityGroups ?? []).flatMap((group) =>
        group.VpcSecurityGroupId === undefined ? [] : [{ resourceType: 'AWS::EC2::SecurityGroup', resourceId: group.VpcSecurityGroupId, name: 'Is associated with SecurityGroup' }],
      ),
      ...(cluster.VpcId === undefined ? [] : [{ resourceType: 'AWS::EC2::VPC', resourceId: cluster.VpcId, name: 'Is contained in Vpc' }]),
      ...(subnetGroup === undefined
        ? []
        : [{ resourceType: 'AWS::Redshift::ClusterSubnetGroup', resourceId: subnetGroup, resourceName: subnetGroup, name: 'Is associated with ClusterSubnetGroup' }]),
    ],
    configuration: camel(select(cluster, CLUSTER_FIELDS)) as Record<string, unknown>,
  };
}

/** DescribeClusters' answer for a cluster that does not exist: the SDK's exception name and the query protocol's code. */
const CLUSTER_GONE = ['ClusterNotFoundFault', 'ClusterNotFound'];

export const redshiftCollector: Collector = {
  service: 'redshift',
  produces: [CLUSTER],
  async collect(context, types) {
    if (!types.has(CLUSTER)) return;
    const redshift = context.client(RedshiftClient);
    const named = namedResources(context, CLUSTER);
    if (named !== undefined) {
      // A change event names clusters by identifier (their id): DescribeClusters of each, no walk.
      const clusters = await readNamed(
        context,
        CLUSTER,
        named.map((resource) => resource.resourceId),
        async (ClusterIdentifier) => {
          const output = await context
            .call('DescribeClusters', () => redshift.send(new DescribeClustersCommand({ ClusterIdentifier })))
            .catch((error: unknown) => goneOn(error, CLUSTER_GONE, (cause) => cause instanceof ClusterNotFoundFault));
          return output?.Clusters?.filter((cluster) => cluster.ClusterIdentifier === ClusterIdentifier);
        },
      );
      for (const cluster of clusters) {
        const item = clusterItem(context, cluster);
        if (item !== undefined) context.emit(item);
      }
      return;
    }
    await context.attempt([CLUSTER], async () => {
      const pages = context.pages(
        'DescribeClusters',
        (Marker) => redshift.send(new DescribeClustersCommand({ MaxRecords: PAGE_SIZE, Marker })),
        (page) => page.Marker,
      );
      for await (const page of pages) {
        for (const cluster of page.Clusters ?? []) {
          const item = clusterItem(context, cluster);
          if (item !== undefined) context.emit(item);
        }
      }
    });
  },
};
