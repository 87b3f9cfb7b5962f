/**
 * RDS (and the Aurora, Neptune and DocumentDB resources the RDS API also lists): DB instances and
 * clusters, their snapshots, and DB subnet groups.
 */
import { z } from 'zod';
import { colonNamed, type BuiltArnFormat } from './arn.js';
import { arnAt, calls, type CallDetail, type Reading } from './calls.js';
import { describeService } from './describe.js';
import { bool, loose, str, zoneList } from './fields.js';

const INSTANCE_ARN = colonNamed('rds', 'db');
const CLUSTER_ARN = colonNamed('rds', 'cluster');

/**
 * A DB instance or cluster: Config and the RDS collector identify it by its resource id (`db-…` /
 * `cluster-…`), which only the response carries; without it, the lower-cased identifier (RDS
 * lower-cases identifiers) and the ARN.
 */
function rdsRead(type: string, format: BuiltArnFormat, name: string, resourceId: string, arnKey: string): (call: CallDetail) => Reading {
  return (call) => {
    const identifier = call.optionalText(['responseElements', name]) ?? call.text(['requestParameters', name]).toLowerCase();
    const arn = call.optionalText(['responseElements', arnKey]) ?? format.build(call, identifier);
    return [{ resourceType: type, resourceId: call.optionalText(['responseElements', resourceId]) ?? identifier, arn }];
  };
}

const subnetGroup = { dBSubnetGroupName: str, vpcId: str, subnets: z.array(loose({ subnetIdentifier: str })).nullish() };

export const rds = describeService({
  types: {
    'AWS::RDS::DBInstance': {
      schema: loose({
        dBInstanceIdentifier: str,
        dBClusterIdentifier: str,
        engine: str,
        multiAZ: bool,
        /** The zone the instance runs in (a Multi-AZ instance: its primary's zone). */
        availabilityZone: str,
        publiclyAccessible: bool,
        storageEncrypted: bool,
        /** `16.4`, `8.0.39`, `10.11.8`: the TLS rule reads it for the engine's default of its TLS parameter. */
        engineVersion: str,
        /** `parameterApplyStatus` `pending-reboot`: the group's values are not all in effect yet. */
        dBParameterGroups: z.array(loose({ dBParameterGroupName: str, parameterApplyStatus: str })).nullish(),
        dBSubnetGroup: loose(subnetGroup).nullish(),
      }),
      /** A gatewatch extension: the values of the parameters the TLS rule reads (`rds.force_ssl`, `require_secure_transport`), from its parameter group. */
      supplementary: loose({
        DBParameters: z.array(loose({ ParameterName: z.string(), ParameterValue: str })).nullish(),
      }),
      taggable: true,
      asff: 'AwsRdsDbInstance',
      arn: INSTANCE_ARN,
      // A cluster member's TLS parameters are its cluster's: the clusters are read too.
      reads: ['rds:DescribeDBClusterParameters', 'rds:DescribeDBClusters', 'rds:DescribeDBInstances', 'rds:DescribeDBParameters'],
      changedBy: [
        calls(
          'rds',
          ['CreateDBInstance', 'ModifyDBInstance', 'RestoreDBInstanceFromDBSnapshot'],
          rdsRead('AWS::RDS::DBInstance', INSTANCE_ARN, 'dBInstanceIdentifier', 'dbiResourceId', 'dBInstanceArn'),
        ),
      ],
    },
    'AWS::RDS::DBCluster': {
      schema: loose({
        dbclusterIdentifier: str,
        engine: str,
        engineMode: str,
        multiAZ: bool,
        storageEncrypted: bool,
        availabilityZones: zoneList,
        dbclusterMembers: z.array(loose({ dbinstanceIdentifier: str, isClusterWriter: bool })).nullish(),
      }),
      taggable: true,
      asff: 'AwsRdsDbCluster',
      arn: CLUSTER_ARN,
      reads: ['rds:DescribeDBClusters'],
      changedBy: [
        calls('rds', ['CreateDBCluster', 'ModifyDBCluster'], rdsRead('AWS::RDS::DBCluster', CLUSTER_ARN, 'dBClusterIdentifier', 'dbClusterResourceId', 'dBClusterArn')),
      ],
    },
    'AWS::RDS::DBSnapshot': {
      schema: loose({ dBSnapshotIdentifier: str, dBInstanceIdentifier: str, encrypted: bool, kmsKeyId: str }),
      taggable: true,
      asff: 'AwsRdsDbSnapshot',
      // An automated snapshot is named `rds:INSTANCE-DATE`.
      arn: colonNamed('rds', 'snapshot', { name: '(?:rds:)?[^:]+' }),
      reads: ['rds:DescribeDBSnapshots'],
    },
    'AWS::RDS::DBClusterSnapshot': {
      schema: loose({ dbclusterSnapshotIdentifier: str, dbclusterIdentifier: str, storageEncrypted: bool }),
      taggable: true,
      asff: 'AwsRdsDbClusterSnapshot',
      arn: colonNamed('rds', 'cluster-snapshot', { name: '(?:rds:)?[^:]+' }),
      reads: ['rds:DescribeDBClusterSnapshots'],
    },
    'AWS::RDS::DBSubnetGroup': {
      schema: loose(subnetGroup),
      taggable: true,
      asff: 'Other',
      // DescribeDBSubnetGroups carries no tags.
      tagging: 'rds:subgrp',
      arn: colonNamed('rds', 'subgrp'),
      reads: ['rds:DescribeDBSubnetGroups'],
    },
  },
  changedBy: [calls('rds', ['AddTagsToResource', 'RemoveTagsFromResource'], arnAt(['requestParameters', 'resourceName']))],
});
