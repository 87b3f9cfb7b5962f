/**
 * The seed's data stores in eu-west-1: RDS (instances, Aurora clusters, snapshots, subnet groups,
 * parameter groups), ElastiCache, Redshift, OpenSearch, EFS and DynamoDB — each with a resource that
 * passes and one that fails the rules moto lets the seed express.
 */
import {
  CreateDBClusterCommand,
  CreateDBClusterParameterGroupCommand,
  CreateDBClusterSnapshotCommand,
  CreateDBInstanceCommand,
  CreateDBParameterGroupCommand,
  CreateDBSnapshotCommand,
  CreateDBSubnetGroupCommand,
  DescribeDBClusterSnapshotsCommand,
  DescribeDBClustersCommand,
  DescribeDBInstancesCommand,
  DescribeDBSnapshotsCommand,
  ModifyDBClusterParameterGroupCommand,
  ModifyDBParameterGroupCommand,
  RDSClient,
} from '@aws-sdk/client-rds';
import { CreateCacheClusterCommand, CreateCacheSubnetGroupCommand, CreateReplicationGroupCommand, DescribeCacheClustersCommand, ElastiCacheClient } from '@aws-sdk/client-elasticache';
import { CreateClusterCommand, RedshiftClient } from '@aws-sdk/client-redshift';
import { AddTagsCommand, CreateDomainCommand, OpenSearchClient } from '@aws-sdk/client-opensearch';
import { CreateFileSystemCommand, EFSClient } from '@aws-sdk/client-efs';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { ClientFactory } from '../../../aws/clients.js';
import type { Network } from './seed-network.js';
import { TAGS, tagList, tagMap, type Registry, type Tags } from './registry.js';

const REGION = 'eu-west-1';
export const ACCOUNT = '123456789012';

/** A customer managed KMS key of the account (moto takes key ARNs as given). */
export const CUSTOMER_KEY = `arn:aws:kms:${REGION}:${ACCOUNT}:key/1f0e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b`;
/**
 * A customer managed key of the organisation's key account: a key of another account is surely
 * customer managed (an AWS managed key serves its own account only), so requireCmk can pass it.
 */
export const KEY_ACCOUNT_KEY = `arn:aws:kms:${REGION}:444455556666:key/7c6b5a49-3827-4160-9f8e-7d6c5b4a3928`;

export interface RdsCensus {
  readonly dbParameterGroupsInUse: number;
  readonly dbClusterParameterGroupsInUse: number;
}

async function seedRds(clients: ClientFactory, network: Network, registry: Registry): Promise<RdsCensus> {
  const rds = clients(RDSClient, REGION);
  const subnetGroup = async (name: string, subnets: readonly string[], tags: Tags) => {
    await rds.send(new CreateDBSubnetGroupCommand({ DBSubnetGroupName: name, DBSubnetGroupDescription: name, SubnetIds: subnets.map(network.subnet), Tags: tagList(tags) }));
    registry.add({ key: `eu:dbsubnet-${name}`, type: 'AWS::RDS::DBSubnetGroup', region: REGION, id: name, tags, tagging: 'rds:subgrp' });
  };
  await subnetGroup('db-private', ['private-a', 'private-b'], TAGS.prod);
  await subnetGroup('db-public', ['public-a', 'public-b'], TAGS.prodUntagged);

  // Parameter groups that set the TLS parameter explicitly: off for PostgreSQL, on for MySQL.
  await rds.send(new CreateDBParameterGroupCommand({ DBParameterGroupName: 'pg-no-tls', DBParameterGroupFamily: 'postgres16', Description: 'rds.force_ssl off' }));
  await rds.send(
    new ModifyDBParameterGroupCommand({ DBParameterGroupName: 'pg-no-tls', Parameters: [{ ParameterName: 'rds.force_ssl', ParameterValue: '0', ApplyMethod: 'immediate' }] }),
  );
  await rds.send(new CreateDBParameterGroupCommand({ DBParameterGroupName: 'mysql-tls', DBParameterGroupFamily: 'mysql8.0', Description: 'require_secure_transport on' }));
  await rds.send(
    new ModifyDBParameterGroupCommand({ DBParameterGroupName: 'mysql-tls', Parameters: [{ ParameterName: 'require_secure_transport', ParameterValue: '1', ApplyMethod: 'immediate' }] }),
  );

  const instance = async (name: string, spec: { engine: string; version: string; multiAz?: boolean; encrypted: boolean; public: boolean; subnetGroup?: string; parameterGroup?: string; cluster?: string; zone?: string; tags: Tags }) => {
    await rds.send(
      new CreateDBInstanceCommand({
        DBInstanceIdentifier: name,
        DBInstanceClass: 'db.t3.medium',
        Engine: spec.engine,
        EngineVersion: spec.version,
        ...(spec.cluster === undefined
          ? { AllocatedStorage: 20, MasterUsername: 'admin_user', MasterUserPassword: 'password-123', MultiAZ: spec.multiAz ?? false, StorageEncrypted: spec.encrypted }
          : { DBClusterIdentifier: spec.cluster }),
        ...(spec.zone === undefined ? {} : { AvailabilityZone: spec.zone }),
        PubliclyAccessible: spec.public,
        // Security groups named explicitly: without them moto looks up the default VPC's default
        // group, and the seed deleted the default VPC.
        ...(spec.cluster === undefined ? { VpcSecurityGroupIds: [network.securityGroup('prod')] } : {}),
        ...(spec.subnetGroup === undefined ? {} : { DBSubnetGroupName: spec.subnetGroup }),
        ...(spec.parameterGroup === undefined ? {} : { DBParameterGroupName: spec.parameterGroup }),
        Tags: tagList(spec.tags),
      }),
    );
    const described = await rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: name }));
    const id = described.DBInstances?.[0]?.DbiResourceId ?? name;
    registry.add({ key: `eu:db-${name}`, type: 'AWS::RDS::DBInstance', region: REGION, id, tags: spec.tags });
  };
  // PostgreSQL 16 (TLS on by default from 15), Multi-AZ, encrypted, private: passes.
  await instance('orders', { engine: 'postgres', version: '16.3', multiAz: true, encrypted: true, public: false, subnetGroup: 'db-private', tags: TAGS.prod });
  // MySQL (TLS off by default), single-AZ, unencrypted, public: fails.
  await instance('legacy', { engine: 'mysql', version: '8.0.35', multiAz: false, encrypted: false, public: true, subnetGroup: 'db-public', tags: TAGS.prod });
  // Not production (multi-az does not apply); TLS explicitly off / on in their parameter groups.
  await instance('reports', { engine: 'postgres', version: '16.3', encrypted: true, public: false, subnetGroup: 'db-private', parameterGroup: 'pg-no-tls', tags: TAGS.dev });
  await instance('inventory', { engine: 'mysql', version: '8.0.35', encrypted: true, public: false, subnetGroup: 'db-private', parameterGroup: 'mysql-tls', tags: TAGS.dev });

  // Aurora: a cluster with writer and reader in two zones, encrypted, TLS forced in its cluster
  // parameter group; one with a single instance, unencrypted, TLS off. (Explicit cluster parameter
  // groups: moto names every cluster's default group default.aurora8.0 whatever its engine, and
  // serves no parameters for default groups.)
  for (const [name, force] of [
    ['aurora-tls', '1'],
    ['aurora-no-tls', '0'],
  ] as const) {
    await rds.send(new CreateDBClusterParameterGroupCommand({ DBClusterParameterGroupName: name, DBParameterGroupFamily: 'aurora-postgresql16', Description: `rds.force_ssl ${force}` }));
    await rds.send(
      new ModifyDBClusterParameterGroupCommand({ DBClusterParameterGroupName: name, Parameters: [{ ParameterName: 'rds.force_ssl', ParameterValue: force, ApplyMethod: 'immediate' }] }),
    );
  }
  const cluster = async (name: string, encrypted: boolean, members: readonly string[], tags: Tags) => {
    await rds.send(
      new CreateDBClusterCommand({
        DBClusterParameterGroupName: encrypted ? 'aurora-tls' : 'aurora-no-tls',
        DBClusterIdentifier: name,
        Engine: 'aurora-postgresql',
        EngineVersion: '16.4',
        MasterUsername: 'admin_user',
        MasterUserPassword: 'password-123',
        StorageEncrypted: encrypted,
        DBSubnetGroupName: 'db-private',
        VpcSecurityGroupIds: [network.securityGroup('prod')],
        Tags: tagList(tags),
      }),
    );
    for (const [index, zone] of members.entries()) {
      await instance(`${name}-${index + 1}`, { engine: 'aurora-postgresql', version: '16.4', encrypted, public: false, cluster: name, zone, subnetGroup: 'db-private', tags });
    }
    const described = await rds.send(new DescribeDBClustersCommand({ DBClusterIdentifier: name }));
    registry.add({ key: `eu:cluster-${name}`, type: 'AWS::RDS::DBCluster', region: REGION, id: described.DBClusters?.[0]?.DbClusterResourceId ?? name, tags });
  };
  await cluster('aurora-main', true, ['eu-west-1a', 'eu-west-1b'], TAGS.prod);
  await cluster('aurora-solo', false, ['eu-west-1a'], TAGS.prod);

  const snapshot = async (name: string, of: string, tags: Tags) => {
    await rds.send(new CreateDBSnapshotCommand({ DBSnapshotIdentifier: name, DBInstanceIdentifier: of, Tags: tagList(tags) }));
    registry.add({ key: `eu:snap-${name}`, type: 'AWS::RDS::DBSnapshot', region: REGION, id: name, tags });
  };
  await snapshot('orders-manual', 'orders', TAGS.prod);
  await snapshot('legacy-manual', 'legacy', TAGS.prod);
  const clusterSnapshot = async (name: string, of: string, tags: Tags) => {
    await rds.send(new CreateDBClusterSnapshotCommand({ DBClusterSnapshotIdentifier: name, DBClusterIdentifier: of, Tags: tagList(tags) }));
    registry.add({ key: `eu:csnap-${name}`, type: 'AWS::RDS::DBClusterSnapshot', region: REGION, id: name, tags });
  };
  await clusterSnapshot('aurora-main-manual', 'aurora-main', TAGS.prod);
  await clusterSnapshot('aurora-solo-manual', 'aurora-solo', TAGS.prodUntagged);

  // The automated snapshots RDS takes of each stand-alone instance and of each cluster.
  const { DBSnapshots = [] } = await rds.send(new DescribeDBSnapshotsCommand({ SnapshotType: 'automated' }));
  for (const automated of DBSnapshots) {
    const id = automated.DBSnapshotIdentifier ?? '';
    registry.add({ key: `eu:snap-auto-${automated.DBInstanceIdentifier ?? id}`, type: 'AWS::RDS::DBSnapshot', region: REGION, id, tags: tagMap(automated.TagList) });
  }
  const { DBClusterSnapshots = [] } = await rds.send(new DescribeDBClusterSnapshotsCommand({ SnapshotType: 'automated' }));
  for (const automated of DBClusterSnapshots) {
    const id = automated.DBClusterSnapshotIdentifier ?? '';
    registry.add({ key: `eu:csnap-auto-${automated.DBClusterIdentifier ?? id}`, type: 'AWS::RDS::DBClusterSnapshot', region: REGION, id, tags: tagMap(automated.TagList) });
  }

  // Standalone instances use default.postgres16, default.mysql8.0, pg-no-tls and mysql-tls; the
  // clusters aurora-tls and aurora-no-tls.
  return { dbParameterGroupsInUse: 4, dbClusterParameterGroupsInUse: 2 };
}

async function seedElastiCache(clients: ClientFactory, network: Network, registry: Registry): Promise<void> {
  const elasticache = clients(ElastiCacheClient, REGION);
  await elasticache.send(new CreateCacheSubnetGroupCommand({ CacheSubnetGroupName: 'cache-private', CacheSubnetGroupDescription: 'private', SubnetIds: [network.subnet('private-a'), network.subnet('private-b')] }));
  await elasticache.send(new CreateCacheSubnetGroupCommand({ CacheSubnetGroupName: 'cache-public', CacheSubnetGroupDescription: 'public', SubnetIds: [network.subnet('public-a')] }));

  const group = async (name: string, secure: boolean, tags: Tags) => {
    await elasticache.send(
      new CreateReplicationGroupCommand({
        ReplicationGroupId: name,
        ReplicationGroupDescription: name,
        Engine: 'redis',
        CacheNodeType: 'cache.t3.micro',
        NumCacheClusters: secure ? 2 : 1,
        AutomaticFailoverEnabled: secure,
        MultiAZEnabled: secure,
        AtRestEncryptionEnabled: secure,
        TransitEncryptionEnabled: secure,
        ...(secure ? { TransitEncryptionMode: 'required' as const } : {}),
        CacheSubnetGroupName: 'cache-private',
        Tags: tagList(tags),
      }),
    );
    registry.add({ key: `eu:rg-${name}`, type: 'AWS::ElastiCache::ReplicationGroup', region: REGION, id: name, tags, tagging: 'elasticache:replicationgroup' });
  };
  await group('sessions', true, TAGS.prod);
  await group('queue', false, TAGS.prod);

  const cluster = async (name: string, engine: 'memcached' | 'redis', nodes: number, subnetGroup: string, tags: Tags) => {
    await elasticache.send(
      new CreateCacheClusterCommand({
        CacheClusterId: name,
        Engine: engine,
        CacheNodeType: 'cache.t3.micro',
        NumCacheNodes: nodes,
        ...(nodes > 1 ? { AZMode: 'cross-az' as const, PreferredAvailabilityZones: ['eu-west-1a', 'eu-west-1b'] } : { PreferredAvailabilityZone: 'eu-west-1a' }),
        CacheSubnetGroupName: subnetGroup,
        Tags: tagList(tags),
      }),
    );
    registry.add({ key: `eu:cache-${name}`, type: 'AWS::ElastiCache::CacheCluster', region: REGION, id: name, tags, tagging: 'elasticache:cluster' });
  };
  await cluster('memcached-spread', 'memcached', 2, 'cache-private', TAGS.prod);
  await cluster('redis-single', 'redis', 1, 'cache-public', TAGS.prod);

  // The clusters ElastiCache creates for the replication groups' nodes.
  const { CacheClusters = [] } = await elasticache.send(new DescribeCacheClustersCommand({}));
  for (const member of CacheClusters) {
    const id = member.CacheClusterId ?? '';
    if (member.ReplicationGroupId === undefined || registry.has(`eu:cache-${id}`)) continue;
    registry.add({ key: `eu:cache-${id}`, type: 'AWS::ElastiCache::CacheCluster', region: REGION, id, tags: TAGS.none, tagging: 'elasticache:cluster' });
  }
}

async function seedRedshift(clients: ClientFactory, registry: Registry): Promise<void> {
  const redshift = clients(RedshiftClient, REGION);
  const cluster = async (name: string, secure: boolean, tags: Tags) => {
    await redshift.send(
      new CreateClusterCommand({
        ClusterIdentifier: name,
        NodeType: 'ra3.xlplus',
        NumberOfNodes: 2,
        MasterUsername: 'admin_user',
        MasterUserPassword: 'Password-123',
        Encrypted: secure,
        ...(secure ? { KmsKeyId: CUSTOMER_KEY } : {}),
        PubliclyAccessible: !secure,
        MultiAZ: secure,
        Tags: tagList(tags),
      }),
    );
    registry.add({ key: `eu:redshift-${name}`, type: 'AWS::Redshift::Cluster', region: REGION, id: name, tags });
  };
  await cluster('warehouse', true, TAGS.prod);
  await cluster('adhoc', false, TAGS.prod);
}

async function seedOpenSearch(clients: ClientFactory, network: Network, registry: Registry): Promise<number> {
  const opensearch = clients(OpenSearchClient, REGION);
  const domain = async (name: string, secure: boolean, tags: Tags) => {
    const created = await opensearch.send(
      new CreateDomainCommand({
        DomainName: name,
        EngineVersion: 'OpenSearch_2.11',
        ClusterConfig: secure
          ? { InstanceType: 'r6g.large.search', InstanceCount: 3, ZoneAwarenessEnabled: true, ZoneAwarenessConfig: { AvailabilityZoneCount: 3 } }
          : { InstanceType: 't3.small.search', InstanceCount: 1, ZoneAwarenessEnabled: false },
        EBSOptions: { EBSEnabled: true, VolumeSize: 10 },
        ...(secure
          ? {
              EncryptionAtRestOptions: { Enabled: true },
              NodeToNodeEncryptionOptions: { Enabled: true },
              DomainEndpointOptions: { EnforceHTTPS: true, TLSSecurityPolicy: 'Policy-Min-TLS-1-2-2019-07' as const },
              VPCOptions: { SubnetIds: [network.subnet('private-a'), network.subnet('private-b')] },
            }
          : { EncryptionAtRestOptions: { Enabled: false }, NodeToNodeEncryptionOptions: { Enabled: false }, DomainEndpointOptions: { EnforceHTTPS: false } }),
      }),
    );
    await opensearch.send(new AddTagsCommand({ ARN: created.DomainStatus?.ARN ?? '', TagList: tagList(tags) }));
    registry.add({ key: `eu:search-${name}`, type: 'AWS::OpenSearch::Domain', region: REGION, id: name, tags, tagging: 'es:domain' });
  };
  await domain('catalog', true, TAGS.prod);
  await domain('logs', false, TAGS.prodUntagged);
  return 2;
}

async function seedEfs(clients: ClientFactory, registry: Registry): Promise<void> {
  const efs = clients(EFSClient, REGION);
  const fileSystem = async (name: string, secure: boolean, tags: Tags) => {
    const created = await efs.send(
      new CreateFileSystemCommand({
        CreationToken: name,
        Encrypted: secure,
        ...(secure ? {} : { AvailabilityZoneName: 'eu-west-1a' }),
        Tags: tagList({ ...tags, Name: name }),
      }),
    );
    registry.add({ key: `eu:efs-${name}`, type: 'AWS::EFS::FileSystem', region: REGION, id: created.FileSystemId ?? '', tags: { ...tags, Name: name } });
  };
  await fileSystem('shared', true, TAGS.prod);
  await fileSystem('scratch', false, TAGS.prod);
}

async function seedDynamoDb(clients: ClientFactory, registry: Registry): Promise<void> {
  const dynamodb = clients(DynamoDBClient, REGION);
  const table = async (name: string, sse: 'customer' | 'awsManaged' | 'owned', tags: Tags) => {
    await dynamodb.send(
      new CreateTableCommand({
        TableName: name,
        BillingMode: 'PAY_PER_REQUEST',
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        ...(sse === 'owned' ? {} : { SSESpecification: { Enabled: true, SSEType: 'KMS' as const, ...(sse === 'customer' ? { KMSMasterKeyId: KEY_ACCOUNT_KEY } : {}) } }),
        Tags: tagList(tags),
      }),
    );
    registry.add({ key: `eu:table-${name}`, type: 'AWS::DynamoDB::Table', region: REGION, id: name, tags, tagging: 'dynamodb:table' });
  };
  await table('orders', 'customer', TAGS.prod);
  await table('carts', 'awsManaged', TAGS.prod);
  await table('sessions', 'owned', TAGS.prodUntagged);
}

/** Seeds the data stores of eu-west-1. */
export async function seedDatabases(clients: ClientFactory, network: Network, registry: Registry): Promise<RdsCensus> {
  const census = await seedRds(clients, network, registry);
  await seedElastiCache(clients, network, registry);
  await seedRedshift(clients, registry);
  await seedOpenSearch(clients, network, registry);
  await seedEfs(clients, registry);
  await seedDynamoDb(clients, registry);
  return census;
}
