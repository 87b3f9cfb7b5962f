/**
 * RDS in the mocked account: even DB instances are members of a cluster (cluster index/2), odd
 * ones stand alone; DB and DB cluster parameter groups hold the TLS parameter among a few hundred.
 */

import {
  DescribeDBClusterParametersCommand,
  DescribeDBClustersCommand,
  DescribeDBClusterSnapshotsCommand,
  DescribeDBInstancesCommand,
  DescribeDBParametersCommand,
  DescribeDBSnapshotsCommand,
  DescribeDBSubnetGroupsCommand,
  RDSClient,
  type DBCluster,
  type DBClusterSnapshot,
  type DBInstance,
  type DBSnapshot,
  type DBSubnetGroup,
  type DescribeDBClusterParametersCommandInput,
  type DescribeDBClusterParametersCommandOutput,
  type DescribeDBClustersCommandInput,
  type DescribeDBClustersCommandOutput,
  type DescribeDBClusterSnapshotsCommandInput,
  type DescribeDBClusterSnapshotsCommandOutput,
  type DescribeDBInstancesCommandInput,
  type DescribeDBInstancesCommandOutput,
  type DescribeDBParametersCommandInput,
  type DescribeDBParametersCommandOutput,
  type DescribeDBSnapshotsCommandInput,
  type DescribeDBSnapshotsCommandOutput,
  type DescribeDBSubnetGroupsCommandInput,
  type DescribeDBSubnetGroupsCommandOutput,
  type Filter as RdsFilter,
  type Parameter,
} from '@aws-sdk/client-rds';
import { mockClient } from 'aws-sdk-client-mock';
import { type At, awsError, type Build, CREATED, ec2Tags, hex, type Network, nth, type Out, paginate, type Restorable, tagsOf } from './kit.js';

interface ParameterGroup {
  readonly name: string;
  readonly parameters: Parameter[];
}

/** What a real parameter group holds besides the TLS parameter: a few hundred others. */
const OTHER_PARAMETERS = Array.from({ length: 380 }, (_, index) => `setting_${hex(index, 3)}`);

function parameterGroup(name: string, tlsParameter: string, tlsValue: string): ParameterGroup {
  const names = [...OTHER_PARAMETERS.slice(0, 200), tlsParameter, ...OTHER_PARAMETERS.slice(200)];
  return {
    name,
    parameters: names.map((ParameterName) => ({
      ParameterName,
      ParameterValue: ParameterName === tlsParameter ? tlsValue : '0',
      Source: 'engine-default',
      ApplyType: 'dynamic',
      IsModifiable: true,
    })),
  };
}

export interface RdsData {
  readonly dbInstances: DBInstance[];
  readonly dbClusters: DBCluster[];
  readonly dbSnapshots: DBSnapshot[];
  readonly dbClusterSnapshots: DBClusterSnapshot[];
  readonly dbSubnetGroups: DBSubnetGroup[];
  readonly dbParameterGroups: ParameterGroup[];
  readonly dbClusterParameterGroups: ParameterGroup[];
}

export function rdsData(build: Build, network: Network): RdsData {
  const { region, n, auxiliary, zones, arn, groupId, register } = build;
  const { vpcOf, subnetOf } = network;
  const dbParameterGroups = Array.from({ length: auxiliary }, (_, index) =>
    index % 2 === 0 ? parameterGroup(`postgres16-${index}`, 'rds.force_ssl', '1') : parameterGroup(`mysql80-${index}`, 'require_secure_transport', 'ON'),
  );
  const dbClusterParameterGroups = Array.from({ length: auxiliary }, (_, index) => parameterGroup(`aurora-postgresql16-${index}`, 'rds.force_ssl', '1'));
  const dbSubnetGroups: DBSubnetGroup[] = Array.from({ length: n }, (_, index) => ({
    DBSubnetGroupName: `db-subnets-${index}`,
    DBSubnetGroupDescription: 'database subnets',
    DBSubnetGroupArn: arn('rds', `subgrp:db-subnets-${index}`),
    VpcId: vpcOf(index),
    SubnetGroupStatus: 'Complete',
    Subnets: [0, 1].map((offset) => ({ SubnetIdentifier: subnetOf(index + offset), SubnetAvailabilityZone: { Name: nth(zones, index + offset) }, SubnetStatus: 'Active' })),
  }));
  const dbInstances: DBInstance[] = Array.from({ length: n }, (_, index) => {
    const member = index % 2 === 0;
    const parameterGroupName = member ? 'default.aurora-postgresql16' : nth(dbParameterGroups, Math.floor(index / 2)).name;
    const engine = member ? 'aurora-postgresql' : parameterGroupName.startsWith('postgres') ? 'postgres' : 'mysql';
    const name = `db-${index}`;
    return {
      DBInstanceIdentifier: name,
      DbiResourceId: `db-${hex(index, 26).toUpperCase()}`,
      DBInstanceArn: arn('rds', `db:${name}`),
      DBInstanceClass: 'db.r6g.large',
      Engine: engine,
      EngineVersion: engine === 'mysql' ? '8.0.39' : '16.4',
      DBInstanceStatus: 'available',
      MasterUsername: 'admin',
      Endpoint: { Address: `${name}.abcdefghijkl.${region}.rds.amazonaws.com`, Port: engine === 'mysql' ? 3306 : 5432, HostedZoneId: 'Z29XKXDKYMONMX' },
      AllocatedStorage: member ? 1 : 100,
      InstanceCreateTime: CREATED,
      PreferredBackupWindow: '03:00-04:00',
      BackupRetentionPeriod: 7,
      VpcSecurityGroups: [{ VpcSecurityGroupId: groupId(index), Status: 'active' }],
      DBParameterGroups: [{ DBParameterGroupName: parameterGroupName, ParameterApplyStatus: 'in-sync' }],
      AvailabilityZone: nth(zones, index),
      DBSubnetGroup: nth(dbSubnetGroups, index),
      MultiAZ: !member && index % 4 === 1,
      PubliclyAccessible: false,
      StorageEncrypted: true,
      KmsKeyId: arn('kms', 'key/0b1c2d3e-0000-4000-8000-000000000002'),
      AutoMinorVersionUpgrade: true,
      CopyTagsToSnapshot: true,
      DeletionProtection: true,
      IAMDatabaseAuthenticationEnabled: false,
      StorageType: member ? 'aurora' : 'gp3',
      ...(member ? { DBClusterIdentifier: `cluster-${index / 2}` } : {}),
      TagList: ec2Tags(tagsOf('db', index)),
    };
  });
  const dbClusters: DBCluster[] = Array.from({ length: n }, (_, index) => {
    const name = `cluster-${index}`;
    const memberIndex = index * 2;
    return {
      DBClusterIdentifier: name,
      DbClusterResourceId: `cluster-${hex(index, 26).toUpperCase()}`,
      DBClusterArn: arn('rds', `cluster:${name}`),
      Engine: 'aurora-postgresql',
      EngineVersion: '16.4',
      EngineMode: 'provisioned',
      Status: 'available',
      MultiAZ: true,
      StorageEncrypted: true,
      KmsKeyId: arn('kms', 'key/0b1c2d3e-0000-4000-8000-000000000002'),
      AvailabilityZones: zones,
      DBSubnetGroup: `db-subnets-${index % n}`,
      DBClusterParameterGroup: nth(dbClusterParameterGroups, index).name,
      Endpoint: `${name}.cluster-abcdefghijkl.${region}.rds.amazonaws.com`,
      ReaderEndpoint: `${name}.cluster-ro-abcdefghijkl.${region}.rds.amazonaws.com`,
      Port: 5432,
      MasterUsername: 'admin',
      ClusterCreateTime: CREATED,
      BackupRetentionPeriod: 7,
      VpcSecurityGroups: [{ VpcSecurityGroupId: groupId(index), Status: 'active' }],
      DeletionProtection: true,
      CopyTagsToSnapshot: true,
      IAMDatabaseAuthenticationEnabled: false,
      DBClusterMembers:
        memberIndex < n ? [{ DBInstanceIdentifier: `db-${memberIndex}`, IsClusterWriter: true, DBClusterParameterGroupStatus: 'in-sync', PromotionTier: 1 }] : [],
      TagList: ec2Tags(tagsOf('cluster', index)),
    };
  });
  const dbSnapshots: DBSnapshot[] = Array.from({ length: n }, (_, index) => ({
    DBSnapshotIdentifier: `rds:db-${index}-2026-11-22-03-00`,
    DBSnapshotArn: arn('rds', `snapshot:rds:db-${index}-2026-11-22-03-00`),
    DBInstanceIdentifier: `db-${index}`,
    DbiResourceId: `db-${hex(index, 26).toUpperCase()}`,
    SnapshotCreateTime: CREATED,
    InstanceCreateTime: CREATED,
    Engine: 'postgres',
    EngineVersion: '16.4',
    AllocatedStorage: 100,
    Status: 'available',
    Port: 5432,
    AvailabilityZone: nth(zones, index),
    VpcId: vpcOf(index),
    MasterUsername: 'admin',
    SnapshotType: 'automated',
    StorageType: 'gp3',
    Encrypted: true,
    KmsKeyId: arn('kms', 'key/0b1c2d3e-0000-4000-8000-000000000002'),
    IAMDatabaseAuthenticationEnabled: false,
    TagList: ec2Tags(tagsOf('snapshot', index)),
  }));
  const dbClusterSnapshots: DBClusterSnapshot[] = Array.from({ length: n }, (_, index) => ({
    DBClusterSnapshotIdentifier: `rds:cluster-${index}-2026-11-22-03-00`,
    DBClusterSnapshotArn: arn('rds', `cluster-snapshot:rds:cluster-${index}-2026-11-22-03-00`),
    DBClusterIdentifier: `cluster-${index}`,
    SnapshotCreateTime: CREATED,
    ClusterCreateTime: CREATED,
    Engine: 'aurora-postgresql',
    EngineMode: 'provisioned',
    EngineVersion: '16.4',
    AvailabilityZones: zones,
    AllocatedStorage: 1,
    Status: 'available',
    Port: 5432,
    VpcId: vpcOf(index),
    MasterUsername: 'admin',
    SnapshotType: 'automated',
    StorageEncrypted: true,
    KmsKeyId: arn('kms', 'key/0b1c2d3e-0000-4000-8000-000000000002'),
    IAMDatabaseAuthenticationEnabled: false,
    TagList: ec2Tags(tagsOf('cluster-snapshot', index)),
  }));
  dbInstances.forEach((instance, index) => register(instance.DBInstanceArn ?? '', 'rds', 'db', tagsOf('db', index)));
  dbClusters.forEach((cluster, index) => register(cluster.DBClusterArn ?? '', 'rds', 'cluster', tagsOf('cluster', index)));
  dbSnapshots.forEach((snapshot, index) => register(snapshot.DBSnapshotArn ?? '', 'rds', 'snapshot', tagsOf('snapshot', index)));
  dbClusterSnapshots.forEach((snapshot, index) => register(snapshot.DBClusterSnapshotArn ?? '', 'rds', 'cluster-snapshot', tagsOf('cluster-snapshot', index)));
  dbSubnetGroups.forEach((group, index) => register(group.DBSubnetGroupArn ?? '', 'rds', 'subgrp', tagsOf('db-subnet-group', index)));
  return { dbInstances, dbClusters, dbSnapshots, dbClusterSnapshots, dbSubnetGroups, dbParameterGroups, dbClusterParameterGroups };
}

/** What RDS's Describe filters match, per call; a filter the call does not know is refused (InvalidParameterValue). */
type RdsFilterValues<T> = Readonly<Record<string, (resource: T) => readonly (string | undefined)[]>>;

/** The resources `filters` select (every filter, any of its values), as RDS applies them. */
function rdsFiltered<T>(label: string, resources: readonly T[], filters: readonly RdsFilter[] | undefined, known: RdsFilterValues<T>): readonly T[] {
  if (filters === undefined || filters.length === 0) return resources;
  const tests = filters.map((filter) => {
    const valuesOf = known[filter.Name ?? ''];
    if (valuesOf === undefined) throw awsError('InvalidParameterValue', `${label}: unrecognized filter name: ${String(filter.Name)}`);
    const wanted = filter.Values ?? [];
    if (wanted.length === 0) throw awsError('InvalidParameterValue', `${label}: filter ${String(filter.Name)} has no values`);
    return (resource: T) => valuesOf(resource).some((value) => value !== undefined && wanted.includes(value));
  });
  return resources.filter((resource) => tests.every((test) => test(resource)));
}

function describePage<T>(label: string, resources: readonly T[], input: { Filters?: RdsFilter[] | undefined; Marker?: string | undefined; MaxRecords?: number | undefined }, known: RdsFilterValues<T>) {
  const selected = rdsFiltered(label, resources, input.Filters, known);
  return paginate(input.Filters === undefined ? label : `${label}:${JSON.stringify(input.Filters)}`, selected, input.Marker, input.MaxRecords, 100);
}

// The identifier filters take identifiers and ARNs alike.
const INSTANCE_FILTERS: RdsFilterValues<DBInstance> = {
  'db-instance-id': (instance) => [instance.DBInstanceIdentifier, instance.DBInstanceArn],
  'dbi-resource-id': (instance) => [instance.DbiResourceId],
  'db-cluster-id': (instance) => [instance.DBClusterIdentifier],
};
const CLUSTER_FILTERS: RdsFilterValues<DBCluster> = {
  'db-cluster-id': (cluster) => [cluster.DBClusterIdentifier, cluster.DBClusterArn],
  'db-cluster-resource-id': (cluster) => [cluster.DbClusterResourceId],
};
const SNAPSHOT_FILTERS: RdsFilterValues<DBSnapshot> = {
  'db-snapshot-id': (snapshot) => [snapshot.DBSnapshotIdentifier, snapshot.DBSnapshotArn],
  'db-instance-id': (snapshot) => [snapshot.DBInstanceIdentifier],
};
const CLUSTER_SNAPSHOT_FILTERS: RdsFilterValues<DBClusterSnapshot> = {
  'db-cluster-snapshot-id': (snapshot) => [snapshot.DBClusterSnapshotIdentifier, snapshot.DBClusterSnapshotArn],
  'db-cluster-id': (snapshot) => [snapshot.DBClusterIdentifier],
};

export function mockRds(at: At<RdsData>): Restorable[] {
  const rds = mockClient(RDSClient);
  const parameterPage = (label: string, group: ParameterGroup | undefined, name: string | undefined, filters: RdsFilter[] | undefined, marker: string | undefined, asked: number | undefined) => {
    if (group === undefined) throw awsError('DBParameterGroupNotFound', `${label}: no parameter group ${String(name)}`);
    const wanted = filters?.find((filter) => filter.Name === 'parameter-name')?.Values;
    const parameters = wanted === undefined ? group.parameters : group.parameters.filter((parameter) => wanted.includes(parameter.ParameterName ?? ''));
    return paginate(`${label}:${group.name}`, parameters, marker, asked, 100);
  };
  rds.on(DescribeDBInstancesCommand).callsFake(async (input: DescribeDBInstancesCommandInput, getClient): Promise<Out<DescribeDBInstancesCommandOutput>> => {
    const page = describePage('DescribeDBInstances', (await at(getClient)).dbInstances, input, INSTANCE_FILTERS);
    return { DBInstances: page.items, Marker: page.next };
  });
  rds.on(DescribeDBClustersCommand).callsFake(async (input: DescribeDBClustersCommandInput, getClient): Promise<Out<DescribeDBClustersCommandOutput>> => {
    const page = describePage('DescribeDBClusters', (await at(getClient)).dbClusters, input, CLUSTER_FILTERS);
    return { DBClusters: page.items, Marker: page.next };
  });
  rds.on(DescribeDBSnapshotsCommand).callsFake(async (input: DescribeDBSnapshotsCommandInput, getClient): Promise<Out<DescribeDBSnapshotsCommandOutput>> => {
    const page = describePage('DescribeDBSnapshots', (await at(getClient)).dbSnapshots, input, SNAPSHOT_FILTERS);
    return { DBSnapshots: page.items, Marker: page.next };
  });
  rds.on(DescribeDBClusterSnapshotsCommand).callsFake(async (input: DescribeDBClusterSnapshotsCommandInput, getClient): Promise<Out<DescribeDBClusterSnapshotsCommandOutput>> => {
    const page = describePage('DescribeDBClusterSnapshots', (await at(getClient)).dbClusterSnapshots, input, CLUSTER_SNAPSHOT_FILTERS);
    return { DBClusterSnapshots: page.items, Marker: page.next };
  });
  rds.on(DescribeDBSubnetGroupsCommand).callsFake(async (input: DescribeDBSubnetGroupsCommandInput, getClient): Promise<Out<DescribeDBSubnetGroupsCommandOutput>> => {
    const groups = (await at(getClient)).dbSubnetGroups;
    if (input.DBSubnetGroupName !== undefined) {
      const group = groups.find((candidate) => candidate.DBSubnetGroupName === input.DBSubnetGroupName);
      if (group === undefined) throw awsError('DBSubnetGroupNotFoundFault', `DB subnet group ${input.DBSubnetGroupName} not found`);
      return { DBSubnetGroups: [group] };
    }
    const page = paginate('DescribeDBSubnetGroups', groups, input.Marker, input.MaxRecords, 100);
    return { DBSubnetGroups: page.items, Marker: page.next };
  });
  rds.on(DescribeDBParametersCommand).callsFake(async (input: DescribeDBParametersCommandInput, getClient): Promise<Out<DescribeDBParametersCommandOutput>> => {
    const data = await at(getClient);
    const group = data.dbParameterGroups.find((candidate) => candidate.name === input.DBParameterGroupName);
    const page = parameterPage('DescribeDBParameters', group, input.DBParameterGroupName, input.Filters, input.Marker, input.MaxRecords);
    return { Parameters: page.items, Marker: page.next };
  });
  rds.on(DescribeDBClusterParametersCommand).callsFake(async (input: DescribeDBClusterParametersCommandInput, getClient): Promise<Out<DescribeDBClusterParametersCommandOutput>> => {
    const data = await at(getClient);
    const group = data.dbClusterParameterGroups.find((candidate) => candidate.name === input.DBClusterParameterGroupName);
    const page = parameterPage('DescribeDBClusterParameters', group, input.DBClusterParameterGroupName, input.Filters, input.Marker, input.MaxRecords);
    return { Parameters: page.items, Marker: page.next };
  });
  return [rds];
}
