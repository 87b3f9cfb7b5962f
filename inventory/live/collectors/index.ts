/**
 * Every live collector. The LiveSource runs only those producing a type the selected rules read.
 */
import type { Collector } from '../collector.js';
import { accessanalyzerCollector } from './accessanalyzer.js';
import { autoscalingCollector } from './autoscaling.js';
import { budgetsCollector } from './budgets.js';
import { cloudfrontCollector } from './cloudfront.js';
import { cloudtrailCollector } from './cloudtrail.js';
import { configRecorderCollector } from './config-recorder.js';
import { costExplorerCollector } from './cost-explorer.js';
import { dynamodbCollector } from './dynamodb.js';
import { ec2InstancesCollector } from './ec2-instances.js';
import { ec2NetworkCollector } from './ec2-network.js';
import { ec2VolumesCollector } from './ec2-volumes.js';
import { ecsCollector } from './ecs.js';
import { efsCollector } from './efs.js';
import { elasticacheCollector } from './elasticache.js';
import { elbv2Collector } from './elbv2.js';
import { guarddutyCollector } from './guardduty.js';
import { iamCollector } from './iam.js';
import { kinesisCollector } from './kinesis.js';
import { lambdaCollector } from './lambda.js';
import { opensearchCollector } from './opensearch.js';
import { rdsCollector } from './rds.js';
import { redshiftCollector } from './redshift.js';
import { s3Collector } from './s3.js';
import { securityhubCollector } from './securityhub.js';
import { snsCollector } from './sns.js';
import { sqsCollector } from './sqs.js';

export const collectors: readonly Collector[] = [
  ec2NetworkCollector,
  ec2InstancesCollector,
  ec2VolumesCollector,
  rdsCollector,
  elasticacheCollector,
  redshiftCollector,
  opensearchCollector,
  efsCollector,
  autoscalingCollector,
  elbv2Collector,
  lambdaCollector,
  ecsCollector,
  s3Collector,
  iamCollector,
  snsCollector,
  sqsCollector,
  dynamodbCollector,
  kinesisCollector,
  cloudfrontCollector,
  cloudtrailCollector,
  guarddutyCollector,
  configRecorderCollector,
  securityhubCollector,
  accessanalyzerCollector,
  budgetsCollector,
  costExplorerCollector,
];
