/**
 * The rule catalog: every rule, listed explicitly (no registration by import side effect).
 * A meta-test walks this list: id equals file name, a test per rule, unique ids, titles.
 */
import guarddutyEnabled from './audit-detection/guardduty-enabled.js';
import ebsVolumeEncrypted from './encryption/ebs-volume-encrypted.js';
import iamPolicyNoFullAdmin from './least-privilege/iam-policy-no-full-admin.js';
import rdsInstanceMultiAz from './multi-az/rds-instance-multi-az.js';
import ec2InstanceInPrivateSubnet from './private-network/ec2-instance-in-private-subnet.js';
import resourceRequiredTags from './tagging/resource-required-tags.js';
import vpcGatewayEndpoints from './vpc-endpoints/vpc-gateway-endpoints.js';
import type { AnyRule } from './types.js';

export const rules = [
  // multi-az
  rdsInstanceMultiAz,
  // private-network
  ec2InstanceInPrivateSubnet,
  // encryption
  ebsVolumeEncrypted,
  // least-privilege
  iamPolicyNoFullAdmin,
  // audit-detection
  guarddutyEnabled,
  // vpc-endpoints
  vpcGatewayEndpoints,
  // tagging
  resourceRequiredTags,
] as const satisfies readonly AnyRule[];

export const catalog: readonly AnyRule[] = rules;
