import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mockClient } from 'aws-sdk-client-mock';
import {
  DescribeCacheClustersCommand,
  DescribeCacheSubnetGroupsCommand,
  DescribeReplicationGroupsCommand,
  ElastiCacheClient,
  ElastiCacheServiceException,
  type CacheCluster,
  type CacheSubnetGroup,
  type ReplicationGroup,
} from '@aws-sdk/client-elasticache';
import { GetResourcesCommand, ResourceGroupsTaggingAPIClient, ResourceGroupsTaggingAPIServiceException } from '@aws-sdk/client-resource-groups-tagging-api';
import { elasticacheCollector } from '../../../../inventory/live/collectors/elasticache.js';
import { scan } from '../../../../engine/scan.js';
import { defaultSettings } from '../../../../engine/settings.js';
import { defineRule } from '../../../../rules/lib/define-rule.js';
import type { Collection } from '../../../../inventory/source.js';
import { checkItemAgainstSchema } from '../../../support/config-schema.js';
import { ACCOUNT, REGION } from '../../../support/items.js';
import { callsOf, collect, mockedLiveSource, mockIdentity } from '../../../../testkit/live.js';


const TAG_ARN = (kind: string, id: string) => `arn:aws:elasticache:${REGION}:${ACCOUNT}:${kind}:${id}`;
const created = new Date('2024-05-06T07:08:09Z');

const replicationGroup = (id: string, members: readonly string[]): ReplicationGroup => ({
  ReplicationGroupId: id,
  Description: `sessions ${id}`,
  Status: 'available',
  MemberClusters: [...members],
  NodeGroups: [
    {
      NodeGroupId: '0001',
      Status: 'available',
      PrimaryEndpoint: { Address: `${id}.abc.ng.0001.euw1.cache.amazonaws.com`, Port: 6379 },
      ReaderEndpoint: { Address: `${id}-ro.abc.ng.0001.euw1.cache.amazonaws.com`, Port: 6379 },
      NodeGroupMembers: members.map((member, index) => ({
        CacheClusterId: member,
        CacheNodeId: '0001',
        ReadEndpoint: { Address: `${member}.abc.0001.euw1.cache.amazonaws.com`, Port: 6379 },
        PreferredAvailabilityZone: index === 0 ? 'eu-west-1a' : 'eu-west-1b',
        CurrentRole: index === 0 ? 'primary' : 'replica',
      })),
    },
  ],
  AutomaticFailover: 'enabled',
  MultiAZ: 'enabled',
  SnapshotRetentionLimit: 1,
  ClusterEnabled: false,
  CacheNodeType: 'cache.r7g.large',
  AuthTokenEnabled: false,
  TransitEncryptionEnabled: true,
  AtRestEncryptionEnabled: true,
  KmsKeyId: 'arn:aws:kms:eu-west-1:111122223333:key/k-1',
  ARN: TAG_ARN('replicationgroup', id),
  ReplicationGroupCreateTime: created,
  Engine: 'redis',
  // Not recorded: must not leak in.
  LogDeliveryConfigurations: [{ LogType: 'slow-log', DestinationType: 'cloudwatch-logs', DestinationDetails: {}, LogFormat: 'json', Status: 'active' }],
  MemberClustersOutpostArns: [],
  PendingModifiedValues: {},
});

const cacheCluster = (id: string, options: { subnetGroup?: string; replicationGroup?: string; zones?: readonly string[] } = {}): CacheCluster => ({
  CacheClusterId: id,
  CacheNodeType: 'cache.t4g.small',
  Engine: 'redis',
  EngineVersion: '7.1',
  CacheClusterStatus: 'available',
  NumCacheNodes: (options.zones ?? ['eu-west-1a']).length,
  PreferredAvailabilityZone: (options.zones ?? ['eu-west-1a']).length > 1 ? 'Multiple' : (options.zones ?? ['eu-west-1a'])[0],
  CacheClusterCreateTime: created,
  CacheSubnetGroupName: options.subnetGroup,
  ReplicationGroupId: options.replicationGroup,
  CacheNodes: (options.zones ?? ['eu-west-1a']).map((zone, index) => ({
    CacheNodeId: `000${index + 1}`,
    CacheNodeStatus: 'available',
    CacheNodeCreateTime: created,
    Endpoint: { Address: `${id}.abc.000${index + 1}.euw1.cache.amazonaws.com`, Port: 6379 },
    ParameterGroupStatus: 'in-sync',
    CustomerAvailabilityZone: zone,
  })),
  CacheParameterGroup: { CacheParameterGroupName: 'default.redis7', ParameterApplyStatus: 'in-sync', CacheNodeIdsToReboot: [] },
  SecurityGroups: [{ SecurityGroupId: 'sg-1', Status: 'active' }],
  TransitEncryptionEnabled: false,
  AtRestEncryptionEnabled: false,
  ARN: TAG_ARN('cluster', id),
  // Not recorded: must not leak in.
  ClientDownloadLandingPage: 'https://console.aws.amazon.com/elasticache/home#client-download:',
  CacheSecurityGroups: [],
  PendingModifiedValues: {},
});

const subnetGroup = (name: string, vpc: string, subnets: readonly string[]): CacheSubnetGroup => ({
  CacheSubnetGroupName: name,
  CacheSubnetGroupDescription: `subnets ${name}`,
  VpcId: vpc,
  Subnets: subnets.map((SubnetIdentifier) => ({ SubnetIdentifier, SubnetAvailabilityZone: { Name: 'eu-west-1a' }, SupportedNetworkTypes: ['ipv4'] })),
  ARN: TAG_ARN('subnetgroup', name),
});

const cacheError = (name: string, status = 403) => new ElastiCacheServiceException({ name, $fault: 'client', $metadata: { httpStatusCode: status }, message: `${name} from the test` });

const mockElastiCache = () => mockClient(ElastiCacheClient);
const mockTagging = () => mockClient(ResourceGroupsTaggingAPIClient);
let mocks: ReturnType<typeof mockIdentity>;
let elasticache: ReturnType<typeof mockElastiCache>;
let tagging: ReturnType<typeof mockTagging>;
beforeEach(() => {
  mocks = mockIdentity();
  elasticache = mockElastiCache();
  tagging = mockTagging();
});
afterEach(() => {
  tagging.restore();
  elasticache.restore();
  mocks.ec2.restore();
  mocks.sts.restore();
});

const sent = () => elasticache.calls().map((call) => call.args[0].constructor.name);
const rawOf = (collection: Collection, type: string) => (collection.rawItems ?? []).filter((raw) => raw['resourceType'] === type);
const itemsOf = (collection: Collection, type: string) => collection.items.filter((item) => item.resourceType === type);

describe('ElastiCache collector', () => {
  it('builds replication group and cache cluster items, with tags from the Tagging API and the subnets of each cluster', async () => {
    elasticache.on(DescribeReplicationGroupsCommand).resolves({ ReplicationGroups: [replicationGroup('sessions', ['sessions-001', 'sessions-002'])] });
    elasticache.on(DescribeCacheClustersCommand).resolves({
      CacheClusters: [cacheCluster('sessions-001', { subnetGroup: 'private', replicationGroup: 'sessions' }), cacheCluster('memo', { subnetGroup: 'private', zones: ['eu-west-1a', 'eu-west-1b'] })],
    });
    elasticache.on(DescribeCacheSubnetGroupsCommand).resolves({ CacheSubnetGroups: [subnetGroup('private', 'vpc-1', ['subnet-a', 'subnet-b'])] });
    tagging.on(GetResourcesCommand).resolves({
      ResourceTagMappingList: [
        { ResourceARN: TAG_ARN('replicationgroup', 'sessions'), Tags: [{ Key: 'Environment', Value: 'prod' }] },
        { ResourceARN: TAG_ARN('cluster', 'memo'), Tags: [{ Key: 'Team', Value: 'web' }] },
      ],
    });
    const collection = await collect([elasticacheCollector], ['AWS::ElastiCache::ReplicationGroup', 'AWS::ElastiCache::CacheCluster']);
    expect(collection.errors).toEqual([]);
    for (const raw of collection.rawItems ?? []) expect({ id: raw['resourceId'], problems: checkItemAgainstSchema(raw) }).toEqual({ id: raw['resourceId'], problems: [] });

    const [group] = rawOf(collection, 'AWS::ElastiCache::ReplicationGroup');
    expect(group).toMatchObject({
      resourceId: 'sessions',
      resourceName: 'sessions',
      ARN: TAG_ARN('replicationgroup', 'sessions'),
      availabilityZone: 'Multiple Availability Zones',
      resourceCreationTime: '2024-05-06T07:08:09.000Z',
      tags: { Environment: 'prod' },
      configuration: {
        replicationGroupId: 'sessions',
        automaticFailover: 'enabled',
        multiAZ: 'enabled',
        atRestEncryptionEnabled: true,
        transitEncryptionEnabled: true,
        memberClusters: ['sessions-001', 'sessions-002'],
        nodeGroups: [{ nodeGroupId: '0001', nodeGroupMembers: [{ cacheClusterId: 'sessions-001', preferredAvailabilityZone: 'eu-west-1a' }, { cacheClusterId: 'sessions-002' }] }],
      },
    });
    expect(group?.['configuration']).not.toHaveProperty('aRN');
    expect(group?.['configuration']).not.toHaveProperty('logDeliveryConfigurations');

    expect(rawOf(collection, 'AWS::ElastiCache::CacheCluster').map((raw) => [raw['resourceId'], raw['availabilityZone'], raw['tags'], raw['supplementaryConfiguration']])).toEqual([
      ['sessions-001', 'eu-west-1a', {}, { CacheSubnetGroup: { VpcId: 'vpc-1', Subnets: [{ SubnetIdentifier: 'subnet-a' }, { SubnetIdentifier: 'subnet-b' }] } }],
      ['memo', 'Multiple Availability Zones', { Team: 'web' }, { CacheSubnetGroup: { VpcId: 'vpc-1', Subnets: [{ SubnetIdentifier: 'subnet-a' }, { SubnetIdentifier: 'subnet-b' }] } }],
    ]);
    const [member] = rawOf(collection, 'AWS::ElastiCache::CacheCluster');
    expect(member).toMatchObject({
      ARN: TAG_ARN('cluster', 'sessions-001'),
      relationships: [
        { resourceType: 'AWS::EC2::SecurityGroup', resourceId: 'sg-1', name: 'Is associated with SecurityGroup' },
        { resourceType: 'AWS::ElastiCache::ReplicationGroup', resourceId: 'sessions', name: 'Is part of ReplicationGroup' },
      ],
      configuration: { cacheClusterId: 'sessions-001', replicationGroupId: 'sessions', numCacheNodes: 1, cacheSubnetGroupName: 'private', cacheNodes: [{ cacheNodeId: '0001', customerAvailabilityZone: 'eu-west-1a' }] },
    });
    expect(member?.['configuration']).not.toHaveProperty('clientDownloadLandingPage');
    expect(member?.['configuration']).not.toHaveProperty('cacheParameterGroup.cacheNodeIdsToReboot');

    // One Tagging API walk for both types; node details asked for.
    expect(tagging).toHaveReceivedCommandTimes(GetResourcesCommand, 1);
    expect(tagging).toHaveReceivedCommandWith(GetResourcesCommand, { ResourceTypeFilters: ['elasticache:replicationgroup', 'elasticache:cluster'] });
    expect(elasticache).toHaveReceivedCommandWith(DescribeCacheClustersCommand, { MaxRecords: 100, ShowCacheNodeInfo: true, Marker: undefined });
  });

  it('follows the markers across three pages at the maximum page size', async () => {
    elasticache
      .on(DescribeCacheClustersCommand)
      .resolvesOnce({ CacheClusters: [cacheCluster('c-1', { subnetGroup: 'private' })], Marker: 'm2' })
      .resolvesOnce({ CacheClusters: [cacheCluster('c-2', { subnetGroup: 'other' })], Marker: 'm3' })
      .resolvesOnce({ CacheClusters: [cacheCluster('c-3')] });
    elasticache
      .on(DescribeCacheSubnetGroupsCommand)
      .resolvesOnce({ CacheSubnetGroups: [subnetGroup('private', 'vpc-1', ['subnet-a'])], Marker: 's2' })
      .resolvesOnce({ CacheSubnetGroups: [], Marker: 's3' })
      .resolvesOnce({ CacheSubnetGroups: [subnetGroup('other', 'vpc-2', ['subnet-z'])] });
    tagging.on(GetResourcesCommand).resolves({ ResourceTagMappingList: [] });
    const collection = await collect([elasticacheCollector], ['AWS::ElastiCache::CacheCluster']);
    expect(collection.errors).toEqual([]);
    expect(itemsOf(collection, 'AWS::ElastiCache::CacheCluster').map((item) => [item.resourceId, item.supplementaryConfiguration])).toEqual([
      ['c-1', { CacheSubnetGroup: { VpcId: 'vpc-1', Subnets: [{ SubnetIdentifier: 'subnet-a' }] } }],
      ['c-2', { CacheSubnetGroup: { VpcId: 'vpc-2', Subnets: [{ SubnetIdentifier: 'subnet-z' }] } }],
      ['c-3', {}],
    ]);
    expect(elasticache).toHaveReceivedCommandTimes(DescribeCacheClustersCommand, 3);
    expect(elasticache).toHaveReceivedNthSpecificCommandWith(1, DescribeCacheClustersCommand, { MaxRecords: 100, ShowCacheNodeInfo: true, Marker: undefined });
    expect(elasticache).toHaveReceivedNthSpecificCommandWith(2, DescribeCacheClustersCommand, { MaxRecords: 100, ShowCacheNodeInfo: true, Marker: 'm2' });
    expect(elasticache).toHaveReceivedNthSpecificCommandWith(3, DescribeCacheClustersCommand, { MaxRecords: 100, ShowCacheNodeInfo: true, Marker: 'm3' });
    expect(elasticache).toHaveReceivedCommandTimes(DescribeCacheSubnetGroupsCommand, 3);
    expect(elasticache).toHaveReceivedNthSpecificCommandWith(2, DescribeCacheSubnetGroupsCommand, { MaxRecords: 100, Marker: 's2' });
    expect(elasticache).toHaveReceivedNthSpecificCommandWith(3, DescribeCacheSubnetGroupsCommand, { MaxRecords: 100, Marker: 's3' });
    expect(callsOf(collection, 'elasticache', 'DescribeCacheClusters')).toBe(3);
  });

  it('follows the replication group markers across three pages', async () => {
    elasticache
      .on(DescribeReplicationGroupsCommand)
      .resolvesOnce({ ReplicationGroups: [replicationGroup('rg-1', [])], Marker: 'm2' })
      .resolvesOnce({ ReplicationGroups: [replicationGroup('rg-2', [])], Marker: 'm3' })
      .resolvesOnce({ ReplicationGroups: [replicationGroup('rg-3', [])] });
    tagging.on(GetResourcesCommand).resolves({ ResourceTagMappingList: [] });
    const collection = await collect([elasticacheCollector], ['AWS::ElastiCache::ReplicationGroup']);
    expect(itemsOf(collection, 'AWS::ElastiCache::ReplicationGroup').map((item) => item.resourceId)).toEqual(['rg-1', 'rg-2', 'rg-3']);
    expect(elasticache).toHaveReceivedNthCommandWith(1, DescribeReplicationGroupsCommand, { MaxRecords: 100, Marker: undefined });
    expect(elasticache).toHaveReceivedNthCommandWith(2, DescribeReplicationGroupsCommand, { MaxRecords: 100, Marker: 'm2' });
    expect(elasticache).toHaveReceivedNthCommandWith(3, DescribeReplicationGroupsCommand, { MaxRecords: 100, Marker: 'm3' });
    expect(tagging).toHaveReceivedCommandWith(GetResourcesCommand, { ResourceTypeFilters: ['elasticache:replicationgroup'] });
  });

  it('retries throttling and counts the retry', async () => {
    elasticache.on(DescribeReplicationGroupsCommand).rejectsOnce(cacheError('Throttling', 400)).resolves({ ReplicationGroups: [replicationGroup('rg-1', [])] });
    tagging.on(GetResourcesCommand).resolves({ ResourceTagMappingList: [] });
    const collection = await collect([elasticacheCollector], ['AWS::ElastiCache::ReplicationGroup']);
    expect(collection.errors).toEqual([]);
    expect(collection.items.map((item) => item.resourceId)).toContain('rg-1');
    expect(collection.calls).toContainEqual({ service: 'elasticache', operation: 'DescribeReplicationGroups', calls: 2, retries: 1, errors: 0 });
  });

  it('records AccessDenied for exactly the type whose call failed, and still collects the other', async () => {
    elasticache.on(DescribeReplicationGroupsCommand).rejects(cacheError('AccessDenied'));
    elasticache.on(DescribeCacheClustersCommand).resolves({ CacheClusters: [cacheCluster('c-1')] });
    tagging.on(GetResourcesCommand).resolves({ ResourceTagMappingList: [] });
    const collection = await collect([elasticacheCollector], ['AWS::ElastiCache::ReplicationGroup', 'AWS::ElastiCache::CacheCluster']);
    expect(collection.errors).toEqual([
      {
        accountId: ACCOUNT,
        region: REGION,
        resourceTypes: ['AWS::ElastiCache::ReplicationGroup'],
        service: 'elasticache',
        operation: 'DescribeReplicationGroups',
        code: 'AccessDenied',
        message: 'AccessDenied from the test',
      },
    ]);
    expect(itemsOf(collection, 'AWS::ElastiCache::CacheCluster').map((item) => item.resourceId)).toEqual(['c-1']);
    // Only the type that has resources is looked up in the Tagging API.
    expect(tagging).toHaveReceivedCommandWith(GetResourcesCommand, { ResourceTypeFilters: ['elasticache:cluster'] });
  });

  it('makes only the clusters in a subnet group UNKNOWN when the subnet groups cannot be read', async () => {
    elasticache.on(DescribeCacheClustersCommand).resolves({ CacheClusters: [cacheCluster('in-vpc', { subnetGroup: 'private' }), cacheCluster('classic')] });
    elasticache.on(DescribeCacheSubnetGroupsCommand).resolvesOnce({ CacheSubnetGroups: [subnetGroup('private', 'vpc-1', ['subnet-a'])], Marker: 'm2' }).rejects(cacheError('AccessDenied'));
    tagging.on(GetResourcesCommand).resolves({ ResourceTagMappingList: [] });
    const collection = await collect([elasticacheCollector], ['AWS::ElastiCache::CacheCluster']);
    expect(collection.errors).toEqual([
      {
        accountId: ACCOUNT,
        region: REGION,
        resourceTypes: ['AWS::ElastiCache::CacheCluster'],
        service: 'elasticache',
        operation: 'DescribeCacheSubnetGroups',
        code: 'AccessDenied',
        message: 'AccessDenied from the test',
        aspect: 'CacheSubnetGroup',
        resourceIds: ['in-vpc'],
      },
    ]);
    // Both clusters are emitted; none with subnets from the incomplete walk.
    expect(itemsOf(collection, 'AWS::ElastiCache::CacheCluster').map((item) => [item.resourceId, item.supplementaryConfiguration])).toEqual([
      ['in-vpc', {}],
      ['classic', {}],
    ]);
  });

  it('still emits the items when the tags cannot be read, and records a tags-only error for both types', async () => {
    elasticache.on(DescribeReplicationGroupsCommand).resolves({ ReplicationGroups: [replicationGroup('rg-1', [])] });
    elasticache.on(DescribeCacheClustersCommand).resolves({ CacheClusters: [cacheCluster('c-1')] });
    tagging.on(GetResourcesCommand).rejects(new ResourceGroupsTaggingAPIServiceException({ name: 'AccessDeniedException', $fault: 'client', $metadata: {}, message: 'no tags' }));
    const collection = await collect([elasticacheCollector], ['AWS::ElastiCache::ReplicationGroup', 'AWS::ElastiCache::CacheCluster']);
    expect(collection.errors).toEqual([
      {
        accountId: ACCOUNT,
        region: REGION,
        resourceTypes: ['AWS::ElastiCache::ReplicationGroup', 'AWS::ElastiCache::CacheCluster'],
        service: 'tagging',
        operation: 'GetResources',
        code: 'AccessDeniedException',
        message: 'no tags',
        aspect: 'tags',
      },
    ]);
    expect(collection.items.filter((item) => item.resourceType !== 'AWS::::Account').map((item) => [item.resourceId, item.tags])).toEqual([
      ['rg-1', {}],
      ['c-1', {}],
    ]);
  });

  it('makes one call per page, never one per resource, and none for types not requested', async () => {
    elasticache.on(DescribeCacheClustersCommand).resolves({ CacheClusters: Array.from({ length: 40 }, (_, index) => cacheCluster(`c-${index}`, { subnetGroup: 'private' })) });
    elasticache.on(DescribeCacheSubnetGroupsCommand).resolves({ CacheSubnetGroups: [subnetGroup('private', 'vpc-1', ['subnet-a'])] });
    tagging.on(GetResourcesCommand).resolves({ ResourceTagMappingList: [] });
    const collection = await collect([elasticacheCollector], ['AWS::ElastiCache::CacheCluster']);
    expect(sent()).toEqual(['DescribeCacheClustersCommand', 'DescribeCacheSubnetGroupsCommand']);
    expect(tagging.calls()).toHaveLength(1);
    expect(collection.items).toHaveLength(41);
  });

  it('makes no subnet group or tag call when there are no clusters', async () => {
    elasticache.on(DescribeCacheClustersCommand).resolves({ CacheClusters: [] });
    await collect([elasticacheCollector], ['AWS::ElastiCache::CacheCluster']);
    expect(sent()).toEqual(['DescribeCacheClustersCommand']);
    expect(tagging.calls()).toHaveLength(0);
  });

  describe('through scan', () => {
    const transitRule = defineRule({
      meta: {
        id: 'test-elasticache-transit',
        gate: 'encryption',
        title: 'Replication groups encrypt in transit (test rule)',
        severity: 'MEDIUM',
        priority: 'P2',
        resourceTypes: ['AWS::ElastiCache::ReplicationGroup'],
        controls: [],
        remediation: { text: 'Turn on in-transit encryption.', url: 'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/in-transit-encryption.html' },
        messages: { on: 'on', off: 'off', missing: 'missing' },
      },
      check(item, context) {
        const value = item.configuration.transitEncryptionEnabled;
        if (value === undefined || value === null) return context.unknown('missing');
        return value ? context.pass('on') : context.fail('off');
      },
    });
    const subnetRule = defineRule({
      meta: {
        id: 'test-elasticache-subnets',
        gate: 'private-network',
        title: 'Cache clusters name their subnets (test rule)',
        severity: 'MEDIUM',
        priority: 'P2',
        resourceTypes: ['AWS::ElastiCache::CacheCluster'],
        reads: ['CacheSubnetGroup'],
        controls: [],
        remediation: { text: 'Use a cache subnet group.', url: 'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/SubnetGroups.html' },
        messages: { known: 'known', missing: 'missing' },
      },
      check(item, context) {
        return item.supplementaryConfiguration.CacheSubnetGroup?.Subnets ? context.pass('known') : context.unknown('missing');
      },
    });

    it('judges the collected replication groups', async () => {
      elasticache.on(DescribeReplicationGroupsCommand).resolves({ ReplicationGroups: [replicationGroup('rg-1', [])] });
      tagging.on(GetResourcesCommand).resolves({ ResourceTagMappingList: [] });
      const rules = [transitRule];
      const result = await scan({ regions: [REGION] }, mockedLiveSource([elasticacheCollector]), defaultSettings(rules), rules);
      expect(result.evaluations.map((evaluation) => [evaluation.resource.id, evaluation.status])).toEqual([['rg-1', 'PASS']]);
    });

    it('is UNKNOWN, never PASS, when DescribeReplicationGroups is denied', async () => {
      elasticache.on(DescribeReplicationGroupsCommand).rejects(cacheError('AccessDenied'));
      const rules = [transitRule];
      const result = await scan({ regions: [REGION] }, mockedLiveSource([elasticacheCollector]), defaultSettings(rules), rules);
      expect(result.evaluations.map((evaluation) => [evaluation.status, evaluation.messageId])).toEqual([['UNKNOWN', 'listFailed']]);
      expect(result.completeness).toEqual([expect.objectContaining({ ruleId: 'test-elasticache-transit', region: REGION, complete: false })]);
    });

    it('is UNKNOWN for the clusters whose subnet group could not be read', async () => {
      elasticache.on(DescribeCacheClustersCommand).resolves({ CacheClusters: [cacheCluster('c-1', { subnetGroup: 'private' })] });
      elasticache.on(DescribeCacheSubnetGroupsCommand).rejects(cacheError('AccessDenied'));
      tagging.on(GetResourcesCommand).resolves({ ResourceTagMappingList: [] });
      const rules = [subnetRule];
      const result = await scan({ regions: [REGION] }, mockedLiveSource([elasticacheCollector]), defaultSettings(rules), rules);
      expect(result.evaluations.map((evaluation) => [evaluation.resource.id, evaluation.status, evaluation.messageId])).toEqual([['c-1', 'UNKNOWN', 'collectionFailed']]);
    });
  });
});
