/**
 * Every live collector. The LiveSource runs only those producing a type the selected rules read.
 *
 * Each collector's code — and with it its SDK client, the bulk of a Lambda's cold start — is
 * imported the first time it collects, not when the function starts: a change event loads the one
 * or two collectors of the types it touched, a nightly scan each collector as its task starts. What
 * a collector produces is stated here so that the LiveSource can choose without loading it; a test
 * (test/inventory/live/collectors/index.test.ts) holds each statement equal to the collector's own.
 */
import type { Collector } from '../collector.js';

/** A collector whose module is loaded on its first collect. */
export interface LazyCollector extends Collector {
  /** The collector itself (its module imported on the first call). */
  load(): Promise<Collector>;
}

/**
 * Module loads, one at a time: each is fast once started, and Jest's ESM loader (the test suites)
 * fails modules linked by two concurrent import()s ("request for … is not in cache").
 */
let loading: Promise<unknown> = Promise.resolve();

function lazy(meta: Pick<Collector, 'service' | 'produces' | 'global'>, load: () => Promise<Collector>): LazyCollector {
  let loaded: Promise<Collector> | undefined;
  const once = (): Promise<Collector> => {
    if (loaded === undefined) {
      loaded = loading.then(load, load);
      loading = loaded.catch(() => undefined);
    }
    return loaded;
  };
  return {
    ...meta,
    load: once,
    async collect(context, types) {
      return (await once()).collect(context, types);
    },
  };
}

export const collectors: readonly LazyCollector[] = [
  lazy({ service: 'ec2', produces: ['AWS::EC2::VPC', 'AWS::EC2::Subnet', 'AWS::EC2::RouteTable', 'AWS::EC2::InternetGateway', 'AWS::EC2::VPCEndpoint', 'AWS::EC2::NetworkInterface'] }, async () => (await import('./ec2-network.js')).ec2NetworkCollector),
  lazy({ service: 'ec2', produces: ['AWS::EC2::Instance', 'AWS::EC2::LaunchTemplate'] }, async () => (await import('./ec2-instances.js')).ec2InstancesCollector),
  lazy({ service: 'ec2', produces: ['AWS::EC2::Volume', 'AWS::::Account'] }, async () => (await import('./ec2-volumes.js')).ec2VolumesCollector),
  lazy({ service: 'rds', produces: ['AWS::RDS::DBInstance', 'AWS::RDS::DBCluster', 'AWS::RDS::DBSnapshot', 'AWS::RDS::DBClusterSnapshot', 'AWS::RDS::DBSubnetGroup'] }, async () => (await import('./rds.js')).rdsCollector),
  lazy({ service: 'elasticache', produces: ['AWS::ElastiCache::ReplicationGroup', 'AWS::ElastiCache::CacheCluster'] }, async () => (await import('./elasticache.js')).elasticacheCollector),
  lazy({ service: 'redshift', produces: ['AWS::Redshift::Cluster'] }, async () => (await import('./redshift.js')).redshiftCollector),
  lazy({ service: 'opensearch', produces: ['AWS::OpenSearch::Domain'] }, async () => (await import('./opensearch.js')).opensearchCollector),
  lazy({ service: 'efs', produces: ['AWS::EFS::FileSystem'] }, async () => (await import('./efs.js')).efsCollector),
  lazy({ service: 'autoscaling', produces: ['AWS::AutoScaling::AutoScalingGroup'] }, async () => (await import('./autoscaling.js')).autoscalingCollector),
  lazy({ service: 'elasticloadbalancing', produces: ['AWS::ElasticLoadBalancingV2::LoadBalancer', 'AWS::ElasticLoadBalancingV2::Listener'] }, async () => (await import('./elbv2.js')).elbv2Collector),
  lazy({ service: 'lambda', produces: ['AWS::Lambda::Function'] }, async () => (await import('./lambda.js')).lambdaCollector),
  lazy({ service: 'ecs', produces: ['AWS::ECS::Service'] }, async () => (await import('./ecs.js')).ecsCollector),
  lazy({ service: 's3', produces: ['AWS::S3::Bucket'], global: true }, async () => (await import('./s3.js')).s3Collector),
  lazy({ service: 'iam', produces: ['AWS::IAM::Policy', 'AWS::IAM::Role', 'AWS::IAM::User', 'AWS::IAM::Group', 'AWS::IAM::RootUser'], global: true }, async () => (await import('./iam.js')).iamCollector),
  lazy({ service: 'sns', produces: ['AWS::SNS::Topic'] }, async () => (await import('./sns.js')).snsCollector),
  lazy({ service: 'sqs', produces: ['AWS::SQS::Queue'] }, async () => (await import('./sqs.js')).sqsCollector),
  lazy({ service: 'dynamodb', produces: ['AWS::DynamoDB::Table'] }, async () => (await import('./dynamodb.js')).dynamodbCollector),
  lazy({ service: 'kinesis', produces: ['AWS::Kinesis::Stream'] }, async () => (await import('./kinesis.js')).kinesisCollector),
  lazy({ service: 'cloudfront', produces: ['AWS::CloudFront::Distribution'], global: true }, async () => (await import('./cloudfront.js')).cloudfrontCollector),
  lazy({ service: 'cloudtrail', produces: ['AWS::CloudTrail::Trail'] }, async () => (await import('./cloudtrail.js')).cloudtrailCollector),
  lazy({ service: 'guardduty', produces: ['AWS::GuardDuty::Detector'] }, async () => (await import('./guardduty.js')).guarddutyCollector),
  lazy({ service: 'config', produces: ['AWS::::Account'] }, async () => (await import('./config-recorder.js')).configRecorderCollector),
  lazy({ service: 'securityhub', produces: ['AWS::::Account'] }, async () => (await import('./securityhub.js')).securityhubCollector),
  lazy({ service: 'access-analyzer', produces: ['AWS::AccessAnalyzer::Analyzer'] }, async () => (await import('./accessanalyzer.js')).accessanalyzerCollector),
  lazy({ service: 'budgets', produces: ['AWS::Budgets::Account'], global: true }, async () => (await import('./budgets.js')).budgetsCollector),
  lazy({ service: 'ce', produces: ['AWS::CE::Account'], global: true }, async () => (await import('./cost-explorer.js')).costExplorerCollector),
];
