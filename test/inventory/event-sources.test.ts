/**
 * The sources of a change event's scan: the context their rules need is read by id or filter from
 * what relates to the event's resources — never a Region — and judges them exactly as a scan of
 * the whole Region does; a failed context read makes their rules UNKNOWN naming the call.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import {
  DescribeInstancesCommand,
  DescribeNetworkInterfacesCommand,
  DescribeRouteTablesCommand,
  DescribeSubnetsCommand,
  DescribeVpcEndpointsCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import { DescribeDBInstancesCommand, RDSClient } from '@aws-sdk/client-rds';
import { scan } from '../../engine/scan.js';
import type { ScanResult } from '../../engine/result.js';
import { defaultSettings } from '../../engine/settings.js';
import { narrowRules } from '../../functions/lib/change.js';
import { EventItemSource, NamedResourcesSource, mergeCollections, networkIdsOf, relatedRestrictions } from '../../inventory/event-sources.js';
import { collectors } from '../../inventory/live/collectors/index.js';
import type { Collection, CollectRequest, Source } from '../../inventory/source.js';
import type { AnyConfigurationItem, ResourceType } from '../../model/configuration-item.js';
import { catalog } from '../../rules/index.js';
import type { AnyRule } from '../../rules/lib/types.js';
import { awsError, mockedLiveSource } from '../../testkit/live.js';
import { MockAccount } from '../../testkit/mock-account/index.js';
import { ACCOUNT, item } from '../support/items.js';

const REGION = 'eu-west-1';
const live = () => mockedLiveSource(collectors, { identity: { accountId: ACCOUNT, partition: 'aws' } });
const needsOf = (rules: readonly AnyRule[]) => new Set(rules.flatMap((rule) => rule.meta.needs ?? []));
const total = (result: ScanResult): number => result.calls.reduce((sum, count) => sum + count.calls, 0);

let restore: (() => void) | undefined;
afterEach(() => {
  restore?.();
  restore = undefined;
});

function install(perType = 4): MockAccount {
  const account = new MockAccount(perType, [REGION]);
  restore = account.install();
  return account;
}

/** The verdicts on one resource, comparable across scans. */
function verdicts(result: ScanResult, resourceId: string): string[] {
  return result.evaluations
    .filter((evaluation) => evaluation.resource.id === resourceId)
    .map((evaluation) => `${evaluation.ruleId} ${evaluation.status} ${evaluation.messageId}`)
    .sort();
}

/** A full scan of the Region with the rules on `type`, and its items of that type. */
async function wholeRegion(type: ResourceType): Promise<{ result: ScanResult; items: AnyConfigurationItem[] }> {
  const rules = narrowRules(catalog, (candidate) => candidate === type);
  const result = await scan({ regions: [REGION] }, live(), defaultSettings(catalog), rules);
  const collection = await live().collect({ resourceTypes: new Set([type]), regions: [REGION] });
  return { result, items: collection.items.filter((candidate) => candidate.resourceType === type) };
}

describe('the network context an item names', () => {
  it('is every subnet and VPC id the item carries: configuration, supplementary configuration, relationships, lists', () => {
    const cluster = item(
      'AWS::ElastiCache::CacheCluster',
      'cache-1',
      { cacheClusterId: 'cache-1', securityGroups: [{ securityGroupId: 'sg-0123456789abcdef0' }] },
      { supplementaryConfiguration: { CacheSubnetGroup: { VpcId: 'vpc-0a1b2c3d4e5f60001', Subnets: [{ SubnetIdentifier: 'subnet-0a1b2c3d4e5f60011' }] } } },
    );
    const group = {
      ...item('AWS::AutoScaling::AutoScalingGroup', 'asg-1', { vpczoneIdentifier: 'subnet-0a1b2c3d4e5f60012,subnet-0a1b2c3d4e5f60013' }),
      relationships: [{ resourceType: 'AWS::EC2::VPC', resourceId: 'vpc-0a1b2c3d4e5f60002', name: 'Is contained in Vpc' }],
    };
    // A VPC endpoint's id is no VPC's.
    const endpoint = item('AWS::EC2::VPCEndpoint', 'vpce-0a1b2c3d4e5f60001', { vpcEndpointId: 'vpce-0a1b2c3d4e5f60001' });
    expect(networkIdsOf([cluster, group, endpoint])).toEqual({
      subnetIds: ['subnet-0a1b2c3d4e5f60011', 'subnet-0a1b2c3d4e5f60012', 'subnet-0a1b2c3d4e5f60013'],
      vpcIds: ['vpc-0a1b2c3d4e5f60001', 'vpc-0a1b2c3d4e5f60002'],
    });
  });

  it('narrows each context type by its relation, and leaves a type with none to be read whole', () => {
    const instance = item('AWS::EC2::Instance', 'i-1', { subnetId: 'subnet-0a1b2c3d4e5f60011', vpcId: 'vpc-0a1b2c3d4e5f60001' });
    const cluster = item('AWS::RDS::DBCluster', 'cluster-ABC', { dbclusterIdentifier: 'orders' });
    const types = new Set<ResourceType>(['AWS::EC2::Subnet', 'AWS::EC2::RouteTable', 'AWS::EC2::NetworkInterface', 'AWS::RDS::DBInstance', 'AWS::CloudTrail::Trail']);
    expect(Object.fromEntries(relatedRestrictions([instance, cluster], types))).toEqual({
      'AWS::EC2::Subnet': { kind: 'named', resources: [{ resourceId: 'subnet-0a1b2c3d4e5f60011' }] },
      'AWS::EC2::RouteTable': { kind: 'related', filter: 'vpc-id', values: ['vpc-0a1b2c3d4e5f60001'] },
      'AWS::EC2::NetworkInterface': { kind: 'related', filter: 'vpc-id', values: ['vpc-0a1b2c3d4e5f60001'] },
      'AWS::RDS::DBInstance': { kind: 'related', filter: 'db-cluster-id', values: ['orders'] },
    });
    // DB instances relate to the DB clusters among the items only: without one, they are read whole.
    expect(relatedRestrictions([instance], new Set<ResourceType>(['AWS::RDS::DBInstance'])).has('AWS::RDS::DBInstance')).toBe(false);
  });
});

describe('EventItemSource: the item Config sent, and its context', () => {
  it('reads an EC2 instance\'s own subnets and its VPC\'s route tables only, and judges it as a scan of the Region does', async () => {
    const account = install();
    const type = 'AWS::EC2::Instance';
    const { result: whole, items } = await wholeRegion(type);
    const instance = items[1];
    if (instance === undefined) throw new Error('no instance');
    account.resetHistory();

    const rules = narrowRules(catalog, (candidate) => candidate === type);
    const result = await scan({ regions: [REGION] }, new EventItemSource(instance, live(), needsOf(rules)), defaultSettings(catalog), rules);

    const { subnetIds, vpcIds } = networkIdsOf([instance]);
    const ec2 = account.stub(EC2Client);
    expect(ec2).toHaveReceivedCommandWith(DescribeSubnetsCommand, { Filters: [{ Name: 'subnet-id', Values: [...subnetIds] }] });
    expect(ec2).toHaveReceivedCommandWith(DescribeRouteTablesCommand, { Filters: [{ Name: 'vpc-id', Values: [...vpcIds] }] });
    expect(ec2).toHaveReceivedCommandTimes(DescribeInstancesCommand, 0);
    expect(total(result)).toBe(2);
    expect(result.errors).toEqual([]);
    expect(verdicts(result, instance.resourceId)).toEqual(verdicts(whole, instance.resourceId));
    expect(verdicts(result, instance.resourceId).some((verdict) => verdict.startsWith('ec2-instance-in-private-subnet FAIL'))).toBe(true);
  });

  it('reads the route tables of the VPCs of the subnets read, when the item names subnets but no VPC (a Lambda function)', async () => {
    const account = install();
    const type = 'AWS::Lambda::Function';
    const { result: whole, items } = await wholeRegion(type);
    // The mocked account puts every other function in a VPC.
    const fn = items.find((candidate) => networkIdsOf([candidate]).subnetIds.length > 0);
    if (fn === undefined) throw new Error('no function in a VPC');
    expect(networkIdsOf([fn]).vpcIds).toEqual([]);
    account.resetHistory();

    const rules = narrowRules(catalog, (candidate) => candidate === type);
    const result = await scan({ regions: [REGION] }, new EventItemSource(fn, live(), needsOf(rules)), defaultSettings(catalog), rules);

    const subnets = account.regions[0]?.subnets.filter((subnet) => networkIdsOf([fn]).subnetIds.includes(subnet.SubnetId ?? '')) ?? [];
    const ec2 = account.stub(EC2Client);
    expect(ec2).toHaveReceivedCommandTimes(DescribeSubnetsCommand, 1);
    expect(ec2).toHaveReceivedCommandWith(DescribeRouteTablesCommand, { Filters: [{ Name: 'vpc-id', Values: [...new Set(subnets.map((subnet) => subnet.VpcId ?? ''))].sort() }] });
    expect(total(result)).toBe(2);
    expect(verdicts(result, fn.resourceId)).toEqual(verdicts(whole, fn.resourceId));
  });

  it('reads a VPC\'s endpoints and network interfaces by its id', async () => {
    const account = install();
    const type = 'AWS::EC2::VPC';
    const { result: whole, items } = await wholeRegion(type);
    const vpc = items[2];
    if (vpc === undefined) throw new Error('no VPC');
    account.resetHistory();
    const rules = narrowRules(catalog, (candidate) => candidate === type);
    const result = await scan({ regions: [REGION] }, new EventItemSource(vpc, live(), needsOf(rules)), defaultSettings(catalog), rules);
    const filter = { Filters: [{ Name: 'vpc-id', Values: [vpc.resourceId] }] };
    expect(account.stub(EC2Client)).toHaveReceivedCommandWith(DescribeVpcEndpointsCommand, filter);
    expect(account.stub(EC2Client)).toHaveReceivedCommandWith(DescribeNetworkInterfacesCommand, filter);
    expect(total(result)).toBe(2);
    expect(verdicts(result, vpc.resourceId)).toEqual(verdicts(whole, vpc.resourceId));
  });

  it('reads a DB cluster\'s instances by its identifier', async () => {
    const account = install();
    const type = 'AWS::RDS::DBCluster';
    const { result: whole, items } = await wholeRegion(type);
    const cluster = items[0];
    if (cluster === undefined) throw new Error('no cluster');
    account.resetHistory();
    const rules = narrowRules(catalog, (candidate) => candidate === type);
    const result = await scan({ regions: [REGION] }, new EventItemSource(cluster, live(), needsOf(rules)), defaultSettings(catalog), rules);
    expect(account.stub(RDSClient)).toHaveReceivedCommandWith(DescribeDBInstancesCommand, { Filters: [{ Name: 'db-cluster-id', Values: [cluster.resourceName ?? ''] }] });
    expect(verdicts(result, cluster.resourceId)).toEqual(verdicts(whole, cluster.resourceId));
    expect(verdicts(result, cluster.resourceId).some((verdict) => verdict.startsWith('rds-cluster-multi-az '))).toBe(true);
  });

  it('makes no call when the rules need no context (an EBS volume)', async () => {
    install();
    const type = 'AWS::EC2::Volume';
    const { items } = await wholeRegion(type);
    const volume = items[0];
    if (volume === undefined) throw new Error('no volume');
    const rules = narrowRules(catalog, (candidate) => candidate === type);
    const result = await scan({ regions: [REGION] }, new EventItemSource(volume, live(), needsOf(rules)), defaultSettings(catalog), rules);
    expect(result.calls).toEqual([]);
    expect(verdicts(result, volume.resourceId).length).toBeGreaterThan(0);
  });

  it('records a failed context read for its type in the scope: the item is UNKNOWN, naming the call', async () => {
    const account = install();
    const type = 'AWS::EC2::Instance';
    const { items } = await wholeRegion(type);
    const instance = items[0];
    if (instance === undefined) throw new Error('no instance');
    account.stub(EC2Client).on(DescribeSubnetsCommand).rejects(awsError('UnauthorizedOperation'));
    const rules = narrowRules(catalog, (candidate) => candidate === type);
    const result = await scan({ regions: [REGION] }, new EventItemSource(instance, live(), needsOf(rules)), defaultSettings(catalog), rules);
    expect(result.errors.map((error) => ({ operation: error.operation, code: error.code, resourceIds: error.resourceIds }))).toEqual([
      { operation: 'DescribeSubnets', code: 'UnauthorizedOperation', resourceIds: undefined },
    ]);
    const placed = result.evaluations.find((evaluation) => evaluation.ruleId === 'ec2-instance-in-private-subnet' && evaluation.resource.id === instance.resourceId);
    expect(placed?.status).toBe('UNKNOWN');
    expect(placed?.message).toContain('DescribeSubnets');
  });
});

describe('NamedResourcesSource: the resources a call named, and their context', () => {
  it('reads the instance and network interface RunInstances names, then their subnets and VPC route tables: four calls', async () => {
    const account = install();
    const instance = account.regions[0]?.instances[1];
    const instanceId = instance?.InstanceId ?? '';
    const eniId = instance?.NetworkInterfaces?.[0]?.NetworkInterfaceId ?? '';
    const types = new Set<ResourceType>(['AWS::EC2::Instance', 'AWS::EC2::NetworkInterface']);
    const rules = narrowRules(catalog, (candidate) => types.has(candidate));
    const named = new NamedResourcesSource(
      [
        { resourceType: 'AWS::EC2::Instance', resourceId: instanceId },
        { resourceType: 'AWS::EC2::NetworkInterface', resourceId: eniId },
      ],
      live(),
      needsOf(rules),
    );
    const result = await scan({ regions: [REGION] }, named, defaultSettings(catalog), rules);
    const ec2 = account.stub(EC2Client);
    expect(ec2).toHaveReceivedCommandWith(DescribeInstancesCommand, { Filters: [{ Name: 'instance-id', Values: [instanceId] }] });
    expect(ec2).toHaveReceivedCommandWith(DescribeNetworkInterfacesCommand, { Filters: [{ Name: 'network-interface-id', Values: [eniId] }] });
    expect(ec2).toHaveReceivedCommandWith(DescribeSubnetsCommand, { Filters: [{ Name: 'subnet-id', Values: [instance?.SubnetId ?? ''] }] });
    expect(ec2).toHaveReceivedCommandWith(DescribeRouteTablesCommand, { Filters: [{ Name: 'vpc-id', Values: [instance?.VpcId ?? ''] }] });
    expect(total(result)).toBe(4);
    expect(result.errors).toEqual([]);
    expect(result.evaluations.filter((evaluation) => evaluation.resource.id === instanceId && evaluation.status === 'UNKNOWN')).toEqual([]);
  });

  it('reads no context for a named resource that is gone', async () => {
    const account = install();
    const rules = narrowRules(catalog, (candidate) => candidate === 'AWS::EC2::Instance');
    const named = new NamedResourcesSource([{ resourceType: 'AWS::EC2::Instance', resourceId: 'i-0000000000000dead' }], live(), needsOf(rules));
    const result = await scan({ regions: [REGION] }, named, defaultSettings(catalog), rules);
    expect(account.stub(EC2Client)).toHaveReceivedCommandTimes(DescribeInstancesCommand, 1);
    expect(account.stub(EC2Client)).toHaveReceivedCommandTimes(DescribeSubnetsCommand, 0);
    expect(account.stub(EC2Client)).toHaveReceivedCommandTimes(DescribeRouteTablesCommand, 0);
    expect(result.evaluations.filter((evaluation) => evaluation.resource.id === 'i-0000000000000dead')).toEqual([]);
    expect(result.errors).toEqual([]);
  });
});

describe('mergeCollections', () => {
  /** A source that answers fixed collections in turn. */
  class Answers implements Source {
    readonly description = 'answers';
    readonly requests: CollectRequest[] = [];
    constructor(private readonly collections: Collection[]) {}
    async collect(request: CollectRequest): Promise<Collection> {
      this.requests.push(request);
      const next = this.collections.shift();
      if (next === undefined) throw new Error('no more answers');
      return next;
    }
  }

  it('keeps each item once, every scope once, every error, and sums the calls', () => {
    const volume = item('AWS::EC2::Volume', 'vol-1', { volumeId: 'vol-1' });
    const error = { accountId: ACCOUNT, region: REGION, resourceTypes: ['AWS::EC2::Subnet' as const], service: 'ec2', operation: 'DescribeSubnets', code: 'X', message: 'x' };
    const merged = mergeCollections([
      { items: [volume], scopes: [{ accountId: ACCOUNT, region: REGION }], errors: [], calls: [{ service: 'ec2', operation: 'DescribeSubnets', calls: 1, retries: 0, errors: 0 }] },
      { items: [volume], scopes: [{ accountId: ACCOUNT, region: REGION }], errors: [error], calls: [{ service: 'ec2', operation: 'DescribeSubnets', calls: 2, retries: 1, errors: 1 }] },
    ]);
    expect(merged).toEqual({
      items: [volume],
      scopes: [{ accountId: ACCOUNT, region: REGION }],
      errors: [error],
      calls: [{ service: 'ec2', operation: 'DescribeSubnets', calls: 3, retries: 1, errors: 1 }],
    });
  });

  it('asks the live source for the named resources first, then for the context of what it read', async () => {
    const instance = item('AWS::EC2::Instance', 'i-1', { instanceId: 'i-1', subnetId: 'subnet-0a1b2c3d4e5f60011', vpcId: 'vpc-0a1b2c3d4e5f60001' });
    const scope = [{ accountId: ACCOUNT, region: REGION }];
    const answers = new Answers([
      { items: [instance], scopes: scope, errors: [] },
      { items: [], scopes: scope, errors: [] },
    ]);
    const source = new NamedResourcesSource([{ resourceType: 'AWS::EC2::Instance', resourceId: 'i-1' }], answers, new Set(['AWS::EC2::Subnet', 'AWS::EC2::RouteTable']));
    await source.collect({ resourceTypes: new Set(['AWS::EC2::Instance', 'AWS::EC2::Subnet', 'AWS::EC2::RouteTable']), regions: [REGION] });
    expect(answers.requests.map((request) => ({ types: [...request.resourceTypes].sort(), only: Object.fromEntries(request.only ?? []) }))).toEqual([
      { types: ['AWS::EC2::Instance'], only: { 'AWS::EC2::Instance': { kind: 'named', resources: [{ resourceId: 'i-1' }] } } },
      {
        types: ['AWS::EC2::RouteTable', 'AWS::EC2::Subnet'],
        only: {
          'AWS::EC2::Subnet': { kind: 'named', resources: [{ resourceId: 'subnet-0a1b2c3d4e5f60011' }] },
          'AWS::EC2::RouteTable': { kind: 'related', filter: 'vpc-id', values: ['vpc-0a1b2c3d4e5f60001'] },
        },
      },
    ]);
  });
});
