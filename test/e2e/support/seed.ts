/**
 * Seeds an account of its own in moto, in eu-west-1 (production) and us-east-1 (a sandbox), through
 * the AWS SDK: every resource type of the live collectors that moto serves, each with resources
 * whose verdicts are known (see live-scan.e2e.ts for the table). Returns what was created and the
 * counts the API-call formulas of testkit/api-calls.ts take (its Census), counted from the seed —
 * not from what a scan finds.
 *
 * Every type the live collectors produce (inventory/live/collectors/index.ts) is seeded — the 36
 * resource types and the account × Region facts; moto serves them all once the launcher's patches
 * (test/e2e/moto/patches/) restore the documented behaviour where it differs. None is absent.
 */
import type { ClientFactory } from '../../../aws/clients.js';
import type { ResourceType } from '../../../model/configuration-item.js';
import type { Census, RegionCensus } from '../../../testkit/mock-account/index.js';
import { Registry, REGIONS, SHORT, type SeedRegion } from './registry.js';
import { seedNetwork } from './seed-network.js';
import { seedDatabases, type RdsCensus } from './seed-databases.js';
import { seedCompute, type ComputeCensus } from './seed-compute.js';
import { DEFAULT_STANDARDS, seedMessaging } from './seed-messaging.js';
import { seedGlobal } from './seed-global.js';
import { seedBilling } from './seed-billing.js';

export interface Seed {
  readonly accountId: string;
  readonly registry: Registry;
  /** The counts of testkit/api-calls.ts's formulas, from what the seed created. */
  readonly census: Census;
}

export const ACCOUNT_ID = '123456789012';

interface Extras {
  rds?: RdsCensus;
  compute?: ComputeCensus;
  /** Cache subnet groups (not a resource type of their own). */
  cacheSubnetGroups?: number;
  /** Multi-Region trails homed in another Region. */
  shadowTrails?: number;
}

function regionCensus(registry: Registry, region: SeedRegion, extras: Extras): RegionCensus {
  const count = (type: ResourceType) => registry.of(type, region).length;
  return {
    region,
    vpcs: count('AWS::EC2::VPC'),
    subnets: count('AWS::EC2::Subnet'),
    routeTables: count('AWS::EC2::RouteTable'),
    internetGateways: count('AWS::EC2::InternetGateway'),
    vpcEndpoints: count('AWS::EC2::VPCEndpoint'),
    networkInterfaces: count('AWS::EC2::NetworkInterface'),
    instances: count('AWS::EC2::Instance'),
    launchTemplates: count('AWS::EC2::LaunchTemplate'),
    volumes: count('AWS::EC2::Volume'),
    dbInstances: count('AWS::RDS::DBInstance'),
    dbClusters: count('AWS::RDS::DBCluster'),
    dbSnapshots: count('AWS::RDS::DBSnapshot'),
    dbClusterSnapshots: count('AWS::RDS::DBClusterSnapshot'),
    dbSubnetGroups: count('AWS::RDS::DBSubnetGroup'),
    dbParameterGroupsInUse: extras.rds?.dbParameterGroupsInUse ?? 0,
    dbClusterParameterGroupsInUse: extras.rds?.dbClusterParameterGroupsInUse ?? 0,
    replicationGroups: count('AWS::ElastiCache::ReplicationGroup'),
    cacheClusters: count('AWS::ElastiCache::CacheCluster'),
    cacheSubnetGroups: extras.cacheSubnetGroups ?? 0,
    redshiftClusters: count('AWS::Redshift::Cluster'),
    domains: count('AWS::OpenSearch::Domain'),
    fileSystems: count('AWS::EFS::FileSystem'),
    autoScalingGroups: count('AWS::AutoScaling::AutoScalingGroup'),
    loadBalancers: count('AWS::ElasticLoadBalancingV2::LoadBalancer'),
    listenersPerLoadBalancer: extras.compute?.listenersPerLoadBalancer ?? [],
    functions: count('AWS::Lambda::Function'),
    ecsServicesPerCluster: extras.compute?.ecsServicesPerCluster ?? [],
    topics: count('AWS::SNS::Topic'),
    queues: count('AWS::SQS::Queue'),
    tables: count('AWS::DynamoDB::Table'),
    streams: count('AWS::Kinesis::Stream'),
    trails: count('AWS::CloudTrail::Trail'),
    shadowTrails: extras.shadowTrails ?? 0,
    detectors: count('AWS::GuardDuty::Detector'),
    securityHubEnabled: region === 'eu-west-1',
    securityHubStandards: region === 'eu-west-1' ? DEFAULT_STANDARDS : 0,
    analyzers: count('AWS::AccessAnalyzer::Analyzer'),
    buckets: count('AWS::S3::Bucket'),
    tagged: (filters) => registry.tagged(region, filters),
  };
}

/** Seeds the account; `clients` must point at the emulator. */
export async function seedAccount(clients: ClientFactory): Promise<Seed> {
  const registry = new Registry();
  const lambdaRole = await seedGlobal(clients, registry);
  const billing = await seedBilling(clients, registry);
  const extras: Record<SeedRegion, Extras> = { 'eu-west-1': {}, 'us-east-1': {} };
  for (const region of REGIONS) {
    const network = await seedNetwork(clients, region, registry);
    if (region === 'eu-west-1') {
      extras[region].rds = await seedDatabases(clients, network, registry);
      extras[region].cacheSubnetGroups = 2;
      extras[region].compute = await seedCompute(clients, network, registry, lambdaRole);
    } else {
      // org-audit, eu-west-1's multi-Region trail, reaches us-east-1 as a shadow trail.
      extras[region].shadowTrails = 1;
    }
    await seedMessaging(clients, region, registry);
  }
  // The account × Region items gatewatch synthesises, which the account-wide rules judge.
  for (const region of REGIONS) registry.add({ key: `${SHORT[region]}:account`, type: 'AWS::::Account', region, id: ACCOUNT_ID, tags: {} });
  const distributions = registry.of('AWS::CloudFront::Distribution');
  return {
    accountId: ACCOUNT_ID,
    registry,
    census: {
      regions: REGIONS.map((region) => regionCensus(registry, region, extras[region])),
      global: {
        users: registry.of('AWS::IAM::User').length,
        groups: registry.of('AWS::IAM::Group').length,
        roles: registry.of('AWS::IAM::Role').length,
        customerManagedPolicies: registry.of('AWS::IAM::Policy').length,
        distributions: distributions.length,
        taggedDistributions: distributions.filter((distribution) => Object.keys(distribution.tags).length > 0).length,
        buckets: registry.of('AWS::S3::Bucket').length,
        budgets: billing.notificationsPerBudget.length,
        budgetNotifications: billing.subscribersPerNotification.length,
        ...billing,
      },
    },
  };
}
