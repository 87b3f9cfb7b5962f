/**
 * Redshift clusters in the mocked account.
 */

import {
  DescribeClustersCommand,
  RedshiftClient,
  type Cluster as RedshiftCluster,
  type DescribeClustersCommandInput,
  type DescribeClustersCommandOutput,
} from '@aws-sdk/client-redshift';
import { mockClient } from 'aws-sdk-client-mock';
import { type At, awsError, type Build, CREATED, ec2Tags, lookup, type Network, nth, type Out, paginate, type Restorable, tagsOf } from './kit.js';

export interface RedshiftData {
  readonly redshiftClusters: RedshiftCluster[];
}

export function redshiftData(build: Build, network: Network): RedshiftData {
  const { region, n, zones, arn, groupId, register } = build;
  const { vpcOf } = network;
  const redshiftClusters: RedshiftCluster[] = Array.from({ length: n }, (_, index) => ({
    ClusterIdentifier: `warehouse-${index}`,
    NodeType: 'ra3.xlplus',
    ClusterStatus: 'available',
    ClusterAvailabilityStatus: 'Available',
    MasterUsername: 'admin',
    DBName: 'dev',
    Endpoint: { Address: `warehouse-${index}.abcdefghijkl.${region}.redshift.amazonaws.com`, Port: 5439 },
    ClusterCreateTime: CREATED,
    AutomatedSnapshotRetentionPeriod: 1,
    ManualSnapshotRetentionPeriod: -1,
    VpcSecurityGroups: [{ VpcSecurityGroupId: groupId(index), Status: 'active' }],
    ClusterParameterGroups: [{ ParameterGroupName: 'default.redshift-1.0', ParameterApplyStatus: 'in-sync' }],
    ClusterSubnetGroupName: `warehouse-subnets-${index % 10}`,
    VpcId: vpcOf(index),
    AvailabilityZone: nth(zones, index),
    PreferredMaintenanceWindow: 'sun:05:00-sun:05:30',
    ClusterVersion: '1.0',
    AllowVersionUpgrade: true,
    NumberOfNodes: 2,
    PubliclyAccessible: false,
    Encrypted: true,
    KmsKeyId: arn('kms', 'key/0b1c2d3e-0000-4000-8000-000000000003'),
    EnhancedVpcRouting: false,
    MultiAZ: 'Disabled',
    Tags: ec2Tags(tagsOf('warehouse', index)),
  }));
  redshiftClusters.forEach((cluster, index) => register(arn('redshift', `cluster:${cluster.ClusterIdentifier ?? ''}`), 'redshift', 'cluster', tagsOf('warehouse', index)));
  return { redshiftClusters };
}

export function mockRedshift(at: At<RedshiftData>): Restorable[] {
  const redshift = mockClient(RedshiftClient);
  redshift.on(DescribeClustersCommand).callsFake(async (input: DescribeClustersCommandInput, getClient): Promise<Out<DescribeClustersCommandOutput>> => {
    const clusters = (await at(getClient)).redshiftClusters;
    if (input.ClusterIdentifier !== undefined) {
      const cluster = lookup(clusters, (candidate) => [candidate.ClusterIdentifier], input.ClusterIdentifier);
      if (cluster === undefined) throw awsError('ClusterNotFoundFault', `Cluster ${input.ClusterIdentifier} not found.`);
      return { Clusters: [cluster] };
    }
    const page = paginate('DescribeClusters', clusters, input.Marker, input.MaxRecords, 100);
    return { Clusters: page.items, Marker: page.next };
  });
  return [redshift];
}
