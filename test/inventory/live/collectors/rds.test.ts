import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mockClient } from 'aws-sdk-client-mock';
import {
  DescribeDBClusterParametersCommand,
  DescribeDBClustersCommand,
  DescribeDBClusterSnapshotsCommand,
  DescribeDBInstancesCommand,
  DescribeDBParametersCommand,
  DescribeDBSnapshotsCommand,
  DescribeDBSubnetGroupsCommand,
  RDSClient,
  RDSServiceException,
  type DBCluster,
  type DBClusterSnapshot,
  type DBInstance,
  type DBSnapshot,
  type DBSubnetGroup,
} from '@aws-sdk/client-rds';
import { GetResourcesCommand, ResourceGroupsTaggingAPIClient, ResourceGroupsTaggingAPIServiceException } from '@aws-sdk/client-resource-groups-tagging-api';
import { rdsCollector, TLS_PARAMETERS } from '../../../../inventory/live/collectors/rds.js';
import { scan } from '../../../../engine/scan.js';
import { defaultSettings } from '../../../../engine/settings.js';
import rdsInstanceMultiAz from '../../../../rules/multi-az/rds-instance-multi-az.js';
import type { Collection } from '../../../../inventory/source.js';
import { checkItemAgainstSchema } from '../../../support/config-schema.js';
import { ACCOUNT, REGION } from '../../../support/items.js';
import { callsOf, collect, mockedLiveSource, mockIdentity } from '../../../../testkit/live.js';

const ARN = (kind: string, name: string) => `arn:aws:rds:${REGION}:${ACCOUNT}:${kind}:${name}`;
const created = new Date('2024-03-04T05:06:07Z');

const subnetGroup = (name: string): DBSubnetGroup => ({
  DBSubnetGroupName: name,
  DBSubnetGroupDescription: `subnets of ${name}`,
  VpcId: 'vpc-1',
  SubnetGroupStatus: 'Complete',
  Subnets: [
    { SubnetIdentifier: 'subnet-a', SubnetAvailabilityZone: { Name: 'eu-west-1a' }, SubnetOutpost: {}, SubnetStatus: 'Active' },
    { SubnetIdentifier: 'subnet-b', SubnetAvailabilityZone: { Name: 'eu-west-1b' }, SubnetOutpost: {}, SubnetStatus: 'Active' },
  ],
  DBSubnetGroupArn: ARN('subgrp', name),
  // Not recorded by AWS Config: must not leak into the items.
  SupportedNetworkTypes: ['IPV4'],
});

interface InstanceOptions {
  readonly group?: string;
  readonly cluster?: string;
  readonly multiAz?: boolean;
  readonly engine?: string;
}

const instance = (name: string, options: InstanceOptions = {}): DBInstance => ({
  DBInstanceIdentifier: name,
  DbiResourceId: `db-${name.toUpperCase()}`,
  DBInstanceArn: ARN('db', name),
  DBInstanceClass: 'db.m6g.large',
  Engine: options.engine ?? 'postgres',
  EngineVersion: '16.4',
  DBInstanceStatus: 'available',
  MasterUsername: 'admin',
  Endpoint: { Address: `${name}.abc.${REGION}.rds.amazonaws.com`, Port: 5432, HostedZoneId: 'Z29XKXDKYMONMX' },
  AllocatedStorage: 100,
  InstanceCreateTime: created,
  AvailabilityZone: 'eu-west-1a',
  SecondaryAvailabilityZone: options.multiAz === true ? 'eu-west-1b' : undefined,
  MultiAZ: options.multiAz ?? false,
  PubliclyAccessible: false,
  StorageEncrypted: true,
  KmsKeyId: 'arn:aws:kms:eu-west-1:111122223333:key/k-1',
  DBClusterIdentifier: options.cluster,
  DBParameterGroups: [{ DBParameterGroupName: options.group ?? 'pg16-tls', ParameterApplyStatus: 'in-sync' }],
  VpcSecurityGroups: [{ VpcSecurityGroupId: 'sg-1', Status: 'active' }],
  DBSubnetGroup: subnetGroup('private'),
  PendingModifiedValues: { MultiAZ: true, DedicatedLogVolume: false },
  DomainMemberships: [{ Domain: 'd-1', FQDN: 'corp.example.com', IAMRoleName: 'rds-ad', Status: 'joined', OU: 'OU=db' }],
  TagList: [
    { Key: 'Environment', Value: 'prod' },
    { Key: 'Team', Value: 'data' },
  ],
  // SDK fields AWS Config's schema does not list: must not leak into the item.
  StorageThroughput: 125,
  NetworkType: 'IPV4',
  TdeCredentialArn: 'arn:tde',
  CertificateDetails: { CAIdentifier: 'rds-ca-rsa2048-g1' },
});

const cluster = (name: string, members: readonly string[], parameterGroup = 'aurora-pg-tls'): DBCluster => ({
  DBClusterIdentifier: name,
  DbClusterResourceId: `cluster-${name.toUpperCase()}`,
  DBClusterArn: ARN('cluster', name),
  Engine: 'aurora-postgresql',
  EngineMode: 'provisioned',
  EngineVersion: '16.4',
  Status: 'available',
  MultiAZ: true,
  StorageEncrypted: true,
  AvailabilityZones: ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'],
  Endpoint: `${name}.cluster-abc.${REGION}.rds.amazonaws.com`,
  ReaderEndpoint: `${name}.cluster-ro-abc.${REGION}.rds.amazonaws.com`,
  DBClusterParameterGroup: parameterGroup,
  DBSubnetGroup: 'private',
  ClusterCreateTime: created,
  IAMDatabaseAuthenticationEnabled: false,
  DBClusterMembers: members.map((member, index) => ({ DBInstanceIdentifier: member, IsClusterWriter: index === 0, DBClusterParameterGroupStatus: 'in-sync', PromotionTier: 1 })),
  DomainMemberships: [{ Domain: 'd-1', FQDN: 'corp.example.com', IAMRoleName: 'rds-ad', Status: 'joined' }],
  ServerlessV2ScalingConfiguration: { MinCapacity: 0.5, MaxCapacity: 8 },
  VpcSecurityGroups: [{ VpcSecurityGroupId: 'sg-1', Status: 'active' }],
  TagList: [{ Key: 'Environment', Value: 'prod' }],
  // Not in the published schema.
  DBClusterOptionGroupMemberships: [{ DBClusterOptionGroupName: 'default', Status: 'in-sync' }],
  PercentProgress: '100',
  StorageEncryptionType: 'sse-kms',
});

const snapshot = (name: string, type: 'manual' | 'automated', encrypted: boolean): DBSnapshot => ({
  DBSnapshotIdentifier: name,
  DBInstanceIdentifier: 'orders',
  DBSnapshotArn: ARN('snapshot', name),
  SnapshotCreateTime: created,
  Engine: 'postgres',
  AllocatedStorage: 100,
  Status: 'available',
  Port: 5432,
  AvailabilityZone: 'eu-west-1a',
  VpcId: 'vpc-1',
  SnapshotType: type,
  Encrypted: encrypted,
  PercentProgress: 100,
  TagList: [{ Key: 'Team', Value: 'data' }],
  // Not in the published schema.
  BackupRetentionPeriod: 7,
  SnapshotTarget: 'region',
});

const clusterSnapshot = (name: string): DBClusterSnapshot => ({
  DBClusterSnapshotIdentifier: name,
  DBClusterIdentifier: 'catalog',
  DBClusterSnapshotArn: ARN('cluster-snapshot', name),
  SnapshotCreateTime: created,
  AvailabilityZones: ['eu-west-1a', 'eu-west-1b'],
  Engine: 'aurora-postgresql',
  Status: 'available',
  SnapshotType: 'manual',
  StorageEncrypted: false,
  IAMDatabaseAuthenticationEnabled: false,
  PercentProgress: 100,
  TagList: [],
  // Not in the published schema.
  DbClusterResourceId: 'cluster-CATALOG',
});

const rdsError = (name: string, status = 403) => new RDSServiceException({ name, $fault: 'client', $metadata: { httpStatusCode: status }, message: `${name} from the test` });
const TLS_FILTER = [{ Name: 'parameter-name', Values: [...TLS_PARAMETERS] }];

let mocks: ReturnType<typeof mockIdentity>;
const mockRds = () => mockClient(RDSClient);
const mockTagging = () => mockClient(ResourceGroupsTaggingAPIClient);
let rds: ReturnType<typeof mockRds>;
let tagging: ReturnType<typeof mockTagging>;
beforeEach(() => {
  mocks = mockIdentity();
  rds = mockRds();
  tagging = mockTagging();
});
afterEach(() => {
  tagging.restore();
  rds.restore();
  mocks.ec2.restore();
  mocks.sts.restore();
});

const sent = () => rds.calls().map((call) => call.args[0].constructor.name);
const instancesOf = (collection: Collection) => collection.items.filter((item) => item.resourceType === 'AWS::RDS::DBInstance');
const rawOf = (collection: Collection, type: string) => (collection.rawItems ?? []).filter((raw) => raw['resourceType'] === type);

describe('RDS collector', () => {
  it('builds DB instance items as AWS Config records them, tags from the response and the TLS parameters of their group', async () => {
    rds.on(DescribeDBInstancesCommand).resolves({ DBInstances: [instance('orders', { multiAz: true })] });
    rds.on(DescribeDBParametersCommand).resolves({ Parameters: [{ ParameterName: 'rds.force_ssl', ParameterValue: '1', Source: 'user', IsModifiable: true }] });
    const collection = await collect([rdsCollector], ['AWS::RDS::DBInstance']);
    expect(collection.errors).toEqual([]);
    const [raw] = rawOf(collection, 'AWS::RDS::DBInstance');
    expect(raw).toMatchObject({
      resourceType: 'AWS::RDS::DBInstance',
      resourceId: 'db-ORDERS',
      resourceName: 'orders',
      ARN: ARN('db', 'orders'),
      awsAccountId: ACCOUNT,
      awsRegion: REGION,
      availabilityZone: 'Multiple Availability Zones',
      resourceCreationTime: '2024-03-04T05:06:07.000Z',
      tags: { Environment: 'prod', Team: 'data' },
      relationships: [
        { resourceType: 'AWS::EC2::SecurityGroup', resourceId: 'sg-1', name: 'Is associated with SecurityGroup' },
        { resourceType: 'AWS::RDS::DBSubnetGroup', resourceId: 'private', resourceName: 'private', name: 'Is associated with DBSubnetGroup' },
      ],
      configuration: {
        dBInstanceIdentifier: 'orders',
        dbiResourceId: 'db-ORDERS',
        multiAZ: true,
        publiclyAccessible: false,
        storageEncrypted: true,
        instanceCreateTime: '2024-03-04T05:06:07.000Z',
        dBParameterGroups: [{ dBParameterGroupName: 'pg16-tls', parameterApplyStatus: 'in-sync' }],
        dBSubnetGroup: { dBSubnetGroupName: 'private', vpcId: 'vpc-1', subnets: [{ subnetIdentifier: 'subnet-a', subnetAvailabilityZone: { name: 'eu-west-1a' } }, { subnetIdentifier: 'subnet-b' }] },
        domainMemberships: [{ domain: 'd-1', fQDN: 'corp.example.com', iAMRoleName: 'rds-ad' }],
        pendingModifiedValues: { multiAZ: true },
      },
      supplementaryConfiguration: { DBParameters: [{ ParameterName: 'rds.force_ssl', ParameterValue: '1' }] },
    });
    const configuration = raw?.['configuration'] as Record<string, unknown>;
    for (const leaked of ['storageThroughput', 'networkType', 'tdeCredentialArn', 'certificateDetails', 'tagList']) expect(configuration).not.toHaveProperty(leaked);
    expect(configuration['dBSubnetGroup']).not.toHaveProperty('dBSubnetGroupArn');
    expect(configuration['pendingModifiedValues']).toEqual({ multiAZ: true });
    expect(checkItemAgainstSchema(raw)).toEqual([]);
    expect(rds).toHaveReceivedCommandWith(DescribeDBParametersCommand, { DBParameterGroupName: 'pg16-tls', Filters: TLS_FILTER, MaxRecords: 100, Marker: undefined });
  });

  it('builds DB cluster, snapshot, cluster snapshot and subnet group items in their published shapes', async () => {
    rds.on(DescribeDBClustersCommand).resolves({ DBClusters: [cluster('catalog', ['catalog-1', 'catalog-2'])] });
    rds.on(DescribeDBSnapshotsCommand).resolves({ DBSnapshots: [snapshot('orders-manual', 'manual', true), snapshot('rds:orders-2024-03-04-05-06', 'automated', false)] });
    rds.on(DescribeDBClusterSnapshotsCommand).resolves({ DBClusterSnapshots: [clusterSnapshot('catalog-final')] });
    rds.on(DescribeDBSubnetGroupsCommand).resolves({ DBSubnetGroups: [subnetGroup('private'), subnetGroup('untagged')] });
    tagging.on(GetResourcesCommand).resolves({ ResourceTagMappingList: [{ ResourceARN: ARN('subgrp', 'private'), Tags: [{ Key: 'Team', Value: 'platform' }] }] });
    const collection = await collect([rdsCollector], ['AWS::RDS::DBCluster', 'AWS::RDS::DBSnapshot', 'AWS::RDS::DBClusterSnapshot', 'AWS::RDS::DBSubnetGroup']);
    expect(collection.errors).toEqual([]);
    for (const raw of collection.rawItems ?? []) expect({ id: raw['resourceId'], problems: checkItemAgainstSchema(raw) }).toEqual({ id: raw['resourceId'], problems: [] });

    const [clusterRaw] = rawOf(collection, 'AWS::RDS::DBCluster');
    expect(clusterRaw).toMatchObject({
      resourceId: 'cluster-CATALOG',
      resourceName: 'catalog',
      ARN: ARN('cluster', 'catalog'),
      availabilityZone: 'Multiple Availability Zones',
      tags: { Environment: 'prod' },
      configuration: {
        dbclusterIdentifier: 'catalog',
        dbClusterResourceId: 'cluster-CATALOG',
        dbclusterParameterGroup: 'aurora-pg-tls',
        dbsubnetGroup: 'private',
        multiAZ: true,
        storageEncrypted: true,
        iamdatabaseAuthenticationEnabled: false,
        availabilityZones: [{ value: 'eu-west-1a' }, { value: 'eu-west-1b' }, { value: 'eu-west-1c' }],
        endpoint: { value: `catalog.cluster-abc.${REGION}.rds.amazonaws.com` },
        dbclusterMembers: [
          { dbinstanceIdentifier: 'catalog-1', isClusterWriter: true, dbclusterParameterGroupStatus: 'in-sync' },
          { dbinstanceIdentifier: 'catalog-2', isClusterWriter: false },
        ],
        domainMemberships: [{ fqdn: 'corp.example.com', iamroleName: 'rds-ad' }],
      },
    });
    expect(clusterRaw?.['configuration']).not.toHaveProperty('percentProgress');
    // Normalised, the zone list is a list of names for the rules.
    expect(collection.items.find((item) => item.resourceType === 'AWS::RDS::DBCluster')?.configuration).toMatchObject({ availabilityZones: ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'] });

    expect(rawOf(collection, 'AWS::RDS::DBSnapshot').map((raw) => [raw['resourceId'], raw['ARN'], raw['availabilityZone'], (raw['configuration'] as Record<string, unknown>)['encrypted']])).toEqual([
      ['orders-manual', ARN('snapshot', 'orders-manual'), 'eu-west-1a', true],
      ['rds:orders-2024-03-04-05-06', ARN('snapshot', 'rds:orders-2024-03-04-05-06'), 'eu-west-1a', false],
    ]);
    expect(rawOf(collection, 'AWS::RDS::DBClusterSnapshot')).toEqual([
      expect.objectContaining({
        resourceId: 'catalog-final',
        ARN: ARN('cluster-snapshot', 'catalog-final'),
        availabilityZone: 'Multiple Availability Zones',
        configuration: expect.objectContaining({ dbclusterSnapshotIdentifier: 'catalog-final', dbclusterIdentifier: 'catalog', storageEncrypted: false, availabilityZones: [{ value: 'eu-west-1a' }, { value: 'eu-west-1b' }] }),
      }),
    ]);
    expect(rawOf(collection, 'AWS::RDS::DBSubnetGroup').map((raw) => [raw['resourceId'], raw['ARN'], raw['tags']])).toEqual([
      ['private', ARN('subgrp', 'private'), { Team: 'platform' }],
      ['untagged', ARN('subgrp', 'untagged'), {}],
    ]);
    expect(tagging).toHaveReceivedCommandWith(GetResourcesCommand, { ResourceTypeFilters: ['rds:subgrp'] });
    // Manual and automated snapshots alike: no SnapshotType, the API's default.
    expect(rds).toHaveReceivedCommandWith(DescribeDBSnapshotsCommand, { MaxRecords: 100, Marker: undefined });
    expect(rds.commandCalls(DescribeDBSnapshotsCommand)[0]?.args[0].input.SnapshotType).toBeUndefined();
  });

  it('follows the markers across three pages at the maximum page size and reads each parameter group once', async () => {
    rds
      .on(DescribeDBInstancesCommand)
      .resolvesOnce({ DBInstances: [instance('a', { group: 'g1' })], Marker: 'm2' })
      .resolvesOnce({ DBInstances: [instance('b', { group: 'g2' })], Marker: 'm3' })
      .resolvesOnce({ DBInstances: [instance('c', { group: 'g1', engine: 'mysql' })] });
    rds.on(DescribeDBParametersCommand, { DBParameterGroupName: 'g1' }).resolves({ Parameters: [{ ParameterName: 'require_secure_transport', ParameterValue: '1' }] });
    rds.on(DescribeDBParametersCommand, { DBParameterGroupName: 'g2' }).resolves({ Parameters: [{ ParameterName: 'rds.force_ssl', ParameterValue: '0' }] });
    const collection = await collect([rdsCollector], ['AWS::RDS::DBInstance']);
    expect(collection.errors).toEqual([]);
    expect(instancesOf(collection).map((item) => [item.resourceName, item.supplementaryConfiguration])).toEqual([
      ['a', { DBParameters: [{ ParameterName: 'require_secure_transport', ParameterValue: '1' }] }],
      ['b', { DBParameters: [{ ParameterName: 'rds.force_ssl', ParameterValue: '0' }] }],
      ['c', { DBParameters: [{ ParameterName: 'require_secure_transport', ParameterValue: '1' }] }],
    ]);
    expect(rds).toHaveReceivedCommandTimes(DescribeDBInstancesCommand, 3);
    expect(rds).toHaveReceivedNthCommandWith(1, DescribeDBInstancesCommand, { MaxRecords: 100, Marker: undefined });
    expect(rds).toHaveReceivedNthCommandWith(2, DescribeDBInstancesCommand, { MaxRecords: 100, Marker: 'm2' });
    expect(rds).toHaveReceivedNthCommandWith(3, DescribeDBInstancesCommand, { MaxRecords: 100, Marker: 'm3' });
    expect(rds).toHaveReceivedCommandTimes(DescribeDBParametersCommand, 2);
    expect(callsOf(collection, 'rds', 'DescribeDBInstances')).toBe(3);
    expect(callsOf(collection, 'rds', 'DescribeDBParameters')).toBe(2);
  });

  it('follows the parameter markers too, keeping only the TLS parameters', async () => {
    rds.on(DescribeDBInstancesCommand).resolves({ DBInstances: [instance('a', { engine: 'mysql' })] });
    rds
      .on(DescribeDBParametersCommand)
      .resolvesOnce({ Parameters: [{ ParameterName: 'max_connections', ParameterValue: '100' }], Marker: 'p2' })
      .resolvesOnce({ Parameters: [{ ParameterName: 'require_secure_transport' }], Marker: 'p3' })
      .resolvesOnce({ Parameters: [] });
    const collection = await collect([rdsCollector], ['AWS::RDS::DBInstance']);
    expect(collection.errors).toEqual([]);
    expect(collection.items.find((item) => item.resourceName === 'a')?.supplementaryConfiguration).toEqual({ DBParameters: [{ ParameterName: 'require_secure_transport' }] });
    expect(rds).toHaveReceivedNthSpecificCommandWith(2, DescribeDBParametersCommand, { DBParameterGroupName: 'pg16-tls', Filters: TLS_FILTER, MaxRecords: 100, Marker: 'p2' });
    expect(rds).toHaveReceivedNthSpecificCommandWith(3, DescribeDBParametersCommand, { DBParameterGroupName: 'pg16-tls', Filters: TLS_FILTER, MaxRecords: 100, Marker: 'p3' });
  });

  it('takes the TLS parameters of cluster members from the DB cluster parameter group, listing the clusters once', async () => {
    rds.on(DescribeDBInstancesCommand).resolves({
      DBInstances: [instance('catalog-1', { cluster: 'catalog', group: 'default.aurora-postgresql16' }), instance('catalog-2', { cluster: 'catalog', group: 'default.aurora-postgresql16' }), instance('solo')],
    });
    rds.on(DescribeDBClustersCommand).resolves({ DBClusters: [cluster('catalog', ['catalog-1', 'catalog-2'])] });
    rds.on(DescribeDBClusterParametersCommand).resolves({ Parameters: [{ ParameterName: 'rds.force_ssl', ParameterValue: '1' }] });
    rds.on(DescribeDBParametersCommand).resolves({ Parameters: [{ ParameterName: 'rds.force_ssl', ParameterValue: '0' }] });
    const collection = await collect([rdsCollector], ['AWS::RDS::DBInstance', 'AWS::RDS::DBCluster']);
    expect(collection.errors).toEqual([]);
    const byName = new Map(collection.items.map((item) => [item.resourceName, item]));
    expect(byName.get('catalog-1')?.supplementaryConfiguration).toEqual({ DBParameters: [{ ParameterName: 'rds.force_ssl', ParameterValue: '1' }] });
    expect(byName.get('catalog-2')?.supplementaryConfiguration).toEqual({ DBParameters: [{ ParameterName: 'rds.force_ssl', ParameterValue: '1' }] });
    expect(byName.get('solo')?.supplementaryConfiguration).toEqual({ DBParameters: [{ ParameterName: 'rds.force_ssl', ParameterValue: '0' }] });
    expect(byName.get('catalog-1')?.relationships).toContainEqual({ resourceType: 'AWS::RDS::DBCluster', resourceId: 'cluster-CATALOG', resourceName: 'catalog', name: 'Is part of DBCluster' });
    expect(byName.get('catalog')?.resourceType).toBe('AWS::RDS::DBCluster');
    expect(rds).toHaveReceivedCommandTimes(DescribeDBClustersCommand, 1);
    expect(rds).toHaveReceivedCommandWith(DescribeDBClusterParametersCommand, { DBClusterParameterGroupName: 'aurora-pg-tls', Filters: TLS_FILTER, MaxRecords: 100 });
    // The Aurora instances' own parameter group is never read: it does not carry these parameters.
    expect(rds).toHaveReceivedCommandTimes(DescribeDBParametersCommand, 1);
    expect(rds).toHaveReceivedCommandWith(DescribeDBParametersCommand, { DBParameterGroupName: 'pg16-tls' });
    for (const raw of collection.rawItems ?? []) expect(checkItemAgainstSchema(raw)).toEqual([]);
  });

  it('retries throttling and counts the retry', async () => {
    rds.on(DescribeDBInstancesCommand).rejectsOnce(rdsError('Throttling', 400)).resolves({ DBInstances: [instance('orders')] });
    rds.on(DescribeDBParametersCommand).resolves({ Parameters: [] });
    const collection = await collect([rdsCollector], ['AWS::RDS::DBInstance']);
    expect(collection.errors).toEqual([]);
    expect(collection.items.map((item) => item.resourceName)).toContain('orders');
    expect(collection.calls).toContainEqual({ service: 'rds', operation: 'DescribeDBInstances', calls: 2, retries: 1, errors: 0 });
  });

  it('records AccessDenied for exactly the type whose call failed, and still collects the others', async () => {
    rds.on(DescribeDBInstancesCommand).rejects(rdsError('AccessDenied'));
    rds.on(DescribeDBClustersCommand).resolves({ DBClusters: [cluster('catalog', [])] });
    rds.on(DescribeDBSnapshotsCommand).resolves({ DBSnapshots: [snapshot('s-1', 'manual', true)] });
    const collection = await collect([rdsCollector], ['AWS::RDS::DBInstance', 'AWS::RDS::DBCluster', 'AWS::RDS::DBSnapshot']);
    expect(collection.errors).toEqual([
      { accountId: ACCOUNT, region: REGION, resourceTypes: ['AWS::RDS::DBInstance'], service: 'rds', operation: 'DescribeDBInstances', code: 'AccessDenied', message: 'AccessDenied from the test' },
    ]);
    expect(collection.items.filter((item) => item.resourceType !== 'AWS::::Account').map((item) => [item.resourceType, item.resourceName])).toEqual([
      ['AWS::RDS::DBCluster', 'catalog'],
      ['AWS::RDS::DBSnapshot', 's-1'],
    ]);
  });

  it('makes only the instances of a parameter group whose read failed UNKNOWN', async () => {
    rds.on(DescribeDBInstancesCommand).resolves({ DBInstances: [instance('a', { group: 'locked' }), instance('b', { group: 'open' }), instance('c', { group: 'locked' })] });
    rds.on(DescribeDBParametersCommand, { DBParameterGroupName: 'locked' }).rejects(rdsError('AccessDenied'));
    rds.on(DescribeDBParametersCommand, { DBParameterGroupName: 'open' }).resolves({ Parameters: [{ ParameterName: 'rds.force_ssl', ParameterValue: '1' }] });
    const collection = await collect([rdsCollector], ['AWS::RDS::DBInstance']);
    expect(collection.errors).toEqual([
      {
        accountId: ACCOUNT,
        region: REGION,
        resourceTypes: ['AWS::RDS::DBInstance'],
        service: 'rds',
        operation: 'DescribeDBParameters',
        code: 'AccessDenied',
        message: 'AccessDenied from the test',
        aspect: 'DBParameters',
        resourceIds: ['db-A', 'db-C'],
      },
    ]);
    // Every instance is still emitted; those of the failed group without the parameters.
    expect(instancesOf(collection).map((item) => [item.resourceName, item.supplementaryConfiguration])).toEqual([
      ['a', {}],
      ['b', { DBParameters: [{ ParameterName: 'rds.force_ssl', ParameterValue: '1' }] }],
      ['c', {}],
    ]);
  });

  it('makes only the cluster members UNKNOWN when the clusters cannot be listed for their TLS parameters', async () => {
    rds.on(DescribeDBInstancesCommand).resolves({ DBInstances: [instance('catalog-1', { cluster: 'catalog' }), instance('solo')] });
    rds.on(DescribeDBClustersCommand).rejects(rdsError('AccessDenied'));
    rds.on(DescribeDBParametersCommand).resolves({ Parameters: [] });
    const collection = await collect([rdsCollector], ['AWS::RDS::DBInstance']);
    expect(collection.errors).toEqual([
      {
        accountId: ACCOUNT,
        region: REGION,
        resourceTypes: ['AWS::RDS::DBInstance'],
        service: 'rds',
        operation: 'DescribeDBClusters',
        code: 'AccessDenied',
        message: 'AccessDenied from the test',
        aspect: 'DBParameters',
        resourceIds: ['db-CATALOG-1'],
      },
    ]);
    expect(collection.items.find((item) => item.resourceName === 'solo')?.supplementaryConfiguration).toEqual({ DBParameters: [] });
    expect(sent()).toEqual(['DescribeDBInstancesCommand', 'DescribeDBClustersCommand', 'DescribeDBParametersCommand']);
  });

  it('still emits the subnet groups when their tags cannot be read, and records a tags-only error', async () => {
    rds.on(DescribeDBSubnetGroupsCommand).resolves({ DBSubnetGroups: [subnetGroup('private')] });
    tagging.on(GetResourcesCommand).rejects(new ResourceGroupsTaggingAPIServiceException({ name: 'AccessDeniedException', $fault: 'client', $metadata: {}, message: 'no tags for you' }));
    const collection = await collect([rdsCollector], ['AWS::RDS::DBSubnetGroup']);
    expect(collection.errors).toEqual([
      {
        accountId: ACCOUNT,
        region: REGION,
        resourceTypes: ['AWS::RDS::DBSubnetGroup'],
        service: 'tagging',
        operation: 'GetResources',
        code: 'AccessDeniedException',
        message: 'no tags for you',
        aspect: 'tags',
      },
    ]);
    expect(collection.items.filter((item) => item.resourceType === 'AWS::RDS::DBSubnetGroup').map((item) => [item.resourceId, item.tags])).toEqual([['private', {}]]);
  });

  it('makes one call per page and per parameter group, never one per instance', async () => {
    rds.on(DescribeDBInstancesCommand).resolves({ DBInstances: Array.from({ length: 50 }, (_, index) => instance(`db-${index}`)) });
    rds.on(DescribeDBParametersCommand).resolves({ Parameters: [{ ParameterName: 'rds.force_ssl', ParameterValue: '1' }] });
    const collection = await collect([rdsCollector], ['AWS::RDS::DBInstance']);
    expect(sent()).toEqual(['DescribeDBInstancesCommand', 'DescribeDBParametersCommand']);
    expect(collection.items).toHaveLength(51);
  });

  it('calls nothing for a type that was not requested', async () => {
    rds.on(DescribeDBSnapshotsCommand).resolves({ DBSnapshots: [] });
    await collect([rdsCollector], ['AWS::RDS::DBSnapshot']);
    expect(sent()).toEqual(['DescribeDBSnapshotsCommand']);
    expect(tagging.calls()).toHaveLength(0);
  });

  it('skips the tag walk when there are no subnet groups', async () => {
    rds.on(DescribeDBSubnetGroupsCommand).resolves({ DBSubnetGroups: [] });
    await collect([rdsCollector], ['AWS::RDS::DBSubnetGroup']);
    expect(tagging.calls()).toHaveLength(0);
  });

  describe('through scan with rds-instance-multi-az', () => {
    const rules = [rdsInstanceMultiAz];

    it('judges the collected instances', async () => {
      rds.on(DescribeDBInstancesCommand).resolves({ DBInstances: [instance('orders', { multiAz: true }), instance('reporting')] });
      rds.on(DescribeDBParametersCommand).resolves({ Parameters: [] });
      const result = await scan({ regions: [REGION] }, mockedLiveSource([rdsCollector]), defaultSettings(rules), rules);
      expect(result.evaluations.map((evaluation) => [evaluation.resource.name, evaluation.status])).toEqual([
        ['orders', 'PASS'],
        ['reporting', 'FAIL'],
      ]);
    });

    it('is UNKNOWN, never PASS, when DescribeDBInstances is denied', async () => {
      rds.on(DescribeDBInstancesCommand).rejects(rdsError('AccessDenied'));
      const result = await scan({ regions: [REGION] }, mockedLiveSource([rdsCollector]), defaultSettings(rules), rules);
      expect(result.evaluations.map((evaluation) => [evaluation.status, evaluation.messageId])).toEqual([['UNKNOWN', 'listFailed']]);
      expect(result.completeness).toEqual([expect.objectContaining({ ruleId: 'rds-instance-multi-az', region: REGION, complete: false })]);
    });
  });
});
