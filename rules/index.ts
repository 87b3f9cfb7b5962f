/**
 * The rule catalog: every rule, listed explicitly (no registration by import side effect).
 * A meta-test walks this list: id equals file name, a test per rule, unique ids, titles.
 */
import accessAnalyzerEnabled from './audit-detection/access-analyzer-enabled.js';
import cloudtrailLogFileValidation from './audit-detection/cloudtrail-log-file-validation.js';
import cloudtrailMultiRegionEnabled from './audit-detection/cloudtrail-multi-region-enabled.js';
import cloudtrailTrailEncrypted from './audit-detection/cloudtrail-trail-encrypted.js';
import configRecorderEnabled from './audit-detection/config-recorder-enabled.js';
import budgetForecastAlerts from './cost-controls/budget-forecast-alerts.js';
import costAllocationTagsActive from './cost-controls/cost-allocation-tags-active.js';
import costAnomalyMonitor from './cost-controls/cost-anomaly-monitor.js';
import guarddutyEnabled from './audit-detection/guardduty-enabled.js';
import securityhubEnabled from './audit-detection/securityhub-enabled.js';
import cloudfrontDistributionHttpsOnly from './encryption/cloudfront-distribution-https-only.js';
import dynamodbTableEncryptedWithKms from './encryption/dynamodb-table-encrypted-with-kms.js';
import ebsEncryptionByDefault from './encryption/ebs-encryption-by-default.js';
import ebsVolumeEncrypted from './encryption/ebs-volume-encrypted.js';
import efsFileSystemEncrypted from './encryption/efs-file-system-encrypted.js';
import elasticacheEncryptedAtRest from './encryption/elasticache-encrypted-at-rest.js';
import elasticacheEncryptedInTransit from './encryption/elasticache-encrypted-in-transit.js';
import elbv2ListenerEncrypted from './encryption/elbv2-listener-encrypted.js';
import kinesisStreamEncrypted from './encryption/kinesis-stream-encrypted.js';
import opensearchDomainEncrypted from './encryption/opensearch-domain-encrypted.js';
import rdsClusterStorageEncrypted from './encryption/rds-cluster-storage-encrypted.js';
import rdsInstanceRequiresTls from './encryption/rds-instance-requires-tls.js';
import rdsInstanceStorageEncrypted from './encryption/rds-instance-storage-encrypted.js';
import rdsSnapshotEncrypted from './encryption/rds-snapshot-encrypted.js';
import redshiftClusterEncrypted from './encryption/redshift-cluster-encrypted.js';
import s3BucketEncryptedAtRest from './encryption/s3-bucket-encrypted-at-rest.js';
import s3BucketRequiresTls from './encryption/s3-bucket-requires-tls.js';
import snsTopicEncrypted from './encryption/sns-topic-encrypted.js';
import sqsQueueEncrypted from './encryption/sqs-queue-encrypted.js';
import iamPolicyNoFullAdmin from './least-privilege/iam-policy-no-full-admin.js';
import iamPolicyNoKmsDecryptAll from './least-privilege/iam-policy-no-kms-decrypt-all.js';
import iamPolicyNoServiceWildcard from './least-privilege/iam-policy-no-service-wildcard.js';
import iamPolicyResourcesScoped from './least-privilege/iam-policy-resources-scoped.js';
import iamPrincipalNoAdminManagedPolicy from './least-privilege/iam-principal-no-admin-managed-policy.js';
import iamRoleTrustNotPublic from './least-privilege/iam-role-trust-not-public.js';
import iamRootHardened from './least-privilege/iam-root-hardened.js';
import iamUserMfaEnabled from './least-privilege/iam-user-mfa-enabled.js';
import iamUserNoStaleAccessKeys from './least-privilege/iam-user-no-stale-access-keys.js';
import autoscalingGroupMultiAz from './multi-az/autoscaling-group-multi-az.js';
import efsFileSystemRegional from './multi-az/efs-file-system-regional.js';
import elasticacheClusterNotSingleNode from './multi-az/elasticache-cluster-not-single-node.js';
import elasticacheReplicationGroupMultiAz from './multi-az/elasticache-replication-group-multi-az.js';
import elbv2LoadBalancerMultiAz from './multi-az/elbv2-load-balancer-multi-az.js';
import lambdaVpcFunctionMultiAz from './multi-az/lambda-vpc-function-multi-az.js';
import opensearchDomainZoneAware from './multi-az/opensearch-domain-zone-aware.js';
import rdsClusterMultiAz from './multi-az/rds-cluster-multi-az.js';
import rdsInstanceMultiAz from './multi-az/rds-instance-multi-az.js';
import redshiftClusterMultiAz from './multi-az/redshift-cluster-multi-az.js';
import ec2InstanceInPrivateSubnet from './private-network/ec2-instance-in-private-subnet.js';
import ec2InstanceNoPublicIp from './private-network/ec2-instance-no-public-ip.js';
import ec2LaunchTemplateNoPublicIp from './private-network/ec2-launch-template-no-public-ip.js';
import ec2SubnetNoAutoPublicIp from './private-network/ec2-subnet-no-auto-public-ip.js';
import ecsServiceNoPublicIp from './private-network/ecs-service-no-public-ip.js';
import elasticacheInPrivateSubnets from './private-network/elasticache-in-private-subnets.js';
import lambdaFunctionInPrivateSubnets from './private-network/lambda-function-in-private-subnets.js';
import networkInterfaceInPrivateSubnet from './private-network/network-interface-in-private-subnet.js';
import opensearchDomainInPrivateVpc from './private-network/opensearch-domain-in-private-vpc.js';
import rdsInstanceInPrivateSubnets from './private-network/rds-instance-in-private-subnets.js';
import rdsInstanceNotPubliclyAccessible from './private-network/rds-instance-not-publicly-accessible.js';
import redshiftClusterNotPublic from './private-network/redshift-cluster-not-public.js';
import resourceRequiredTags from './tagging/resource-required-tags.js';
import vpcGatewayEndpoints from './vpc-endpoints/vpc-gateway-endpoints.js';
import vpcInterfaceEndpoints from './vpc-endpoints/vpc-interface-endpoints.js';
import type { AnyRule } from './lib/types.js';

export const rules = [
  // multi-az
  redshiftClusterMultiAz,
  lambdaVpcFunctionMultiAz,
  elbv2LoadBalancerMultiAz,
  autoscalingGroupMultiAz,
  efsFileSystemRegional,
  opensearchDomainZoneAware,
  elasticacheClusterNotSingleNode,
  elasticacheReplicationGroupMultiAz,
  rdsClusterMultiAz,
  rdsInstanceMultiAz,
  // private-network
  redshiftClusterNotPublic,
  opensearchDomainInPrivateVpc,
  elasticacheInPrivateSubnets,
  ecsServiceNoPublicIp,
  networkInterfaceInPrivateSubnet,
  ec2LaunchTemplateNoPublicIp,
  lambdaFunctionInPrivateSubnets,
  rdsInstanceInPrivateSubnets,
  rdsInstanceNotPubliclyAccessible,
  ec2SubnetNoAutoPublicIp,
  ec2InstanceNoPublicIp,
  ec2InstanceInPrivateSubnet,
  // encryption
  cloudfrontDistributionHttpsOnly,
  redshiftClusterEncrypted,
  kinesisStreamEncrypted,
  elbv2ListenerEncrypted,
  dynamodbTableEncryptedWithKms,
  rdsInstanceRequiresTls,
  rdsSnapshotEncrypted,
  rdsClusterStorageEncrypted,
  rdsInstanceStorageEncrypted,
  ebsEncryptionByDefault,
  s3BucketRequiresTls,
  s3BucketEncryptedAtRest,
  sqsQueueEncrypted,
  snsTopicEncrypted,
  opensearchDomainEncrypted,
  elasticacheEncryptedInTransit,
  elasticacheEncryptedAtRest,
  efsFileSystemEncrypted,
  ebsVolumeEncrypted,
  // least-privilege
  iamPrincipalNoAdminManagedPolicy,
  iamRoleTrustNotPublic,
  iamPolicyNoKmsDecryptAll,
  iamPolicyResourcesScoped,
  iamPolicyNoServiceWildcard,
  iamPolicyNoFullAdmin,
  // least-privilege: credentials (the IAM credential report)
  iamRootHardened,
  iamUserMfaEnabled,
  iamUserNoStaleAccessKeys,
  // audit-detection
  configRecorderEnabled,
  cloudtrailTrailEncrypted,
  cloudtrailLogFileValidation,
  cloudtrailMultiRegionEnabled,
  guarddutyEnabled,
  securityhubEnabled,
  accessAnalyzerEnabled,
  // vpc-endpoints
  vpcInterfaceEndpoints,
  vpcGatewayEndpoints,
  // tagging
  resourceRequiredTags,
  // cost-controls
  budgetForecastAlerts,
  costAllocationTagsActive,
  costAnomalyMonitor,
] as const satisfies readonly AnyRule[];

export const catalog: readonly AnyRule[] = rules;
