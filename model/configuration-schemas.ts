/**
 * The `configuration` and `supplementaryConfiguration` shapes that rules read, per resource type,
 * written as AWS Config records them (camelCase or PascalCase exactly as Config does per type).
 *
 * Each schema is loose: it names only the fields gatewatch reads and lets every other field
 * through untouched. The same schema validates input (a snapshot, a Config query result) and
 * gives rules their TypeScript types, so a rule can never read a field that input was not
 * checked for. AWS Config writes `null` for absent values, hence `nullish()` throughout.
 */
import { z } from 'zod';
import { policyDocumentField } from './policy-document.js';

const str = z.string().nullish();
const bool = z.boolean().nullish();
const strList = z.array(z.string()).nullish();
const loose = z.looseObject;

const tagList = z.array(loose({ key: z.string(), value: z.string().nullish() })).nullish();

/**
 * A list of Availability Zone names. AWS Config's published schema gives some such lists as
 * `availabilityZones.value` (a list of `{value}` objects) and others as plain strings; both are
 * accepted and read as a list of names.
 */
const zoneList = z
  .array(z.union([z.string(), loose({ value: z.string() })]))
  .transform((zones) => zones.map((zone) => (typeof zone === 'string' ? zone : zone.value)))
  .nullish();

/** CloudTrail's basic event selectors, as gatewatch records them (management-event fields only). */
const eventSelectorList = z.array(loose({ ReadWriteType: str, IncludeManagementEvents: bool, ExcludeManagementEventSources: strList })).nullish();

/** Every operator of a field selector: `NotStartsWith`/`NotEndsWith` exclude event sources as surely as `NotEquals`. */
const advancedEventSelectorList = z
  .array(
    loose({
      Name: str,
      FieldSelectors: z
        .array(loose({ Field: str, Equals: strList, StartsWith: strList, EndsWith: strList, NotEquals: strList, NotStartsWith: strList, NotEndsWith: strList }))
        .nullish(),
    }),
  )
  .nullish();

export const configurationSchemas = {
  'AWS::::Account': loose({
    /** EBS encryption by default in this Region (ec2:GetEbsEncryptionByDefault). */
    ebsEncryptionByDefault: bool,
    /** AWS Config's configuration recorders in this Region and whether each is recording. */
    configurationRecorders: z.array(loose({ name: str, recording: bool, lastStatus: str })).nullish(),
    /**
     * Every trail CloudTrail's DescribeTrails (with shadow trails) shows in this Region that is
     * multi-Region or homed here — the account's own, its multi-Region trails of other Regions, an
     * organization's trail — with GetTrailStatus and GetEventSelectors; a field whose call failed
     * is absent.
     */
    cloudTrails: z
      .array(
        loose({
          trailARN: str,
          homeRegion: str,
          isMultiRegionTrail: bool,
          isOrganizationTrail: bool,
          isLogging: bool,
          eventSelectors: eventSelectorList,
          advancedEventSelectors: advancedEventSelectorList,
        }),
      )
      .nullish(),
  }),
  'AWS::EC2::Instance': loose({
    instanceId: str,
    subnetId: str,
    vpcId: str,
    publicIpAddress: str,
    state: loose({ name: str }).nullish(),
    networkInterfaces: z
      .array(
        loose({
          networkInterfaceId: str,
          subnetId: str,
          association: loose({ publicIp: str }).nullish(),
          /** The public IP of each private address: an Elastic IP on a secondary private address shows only here. */
          privateIpAddresses: z.array(loose({ privateIpAddress: str, association: loose({ publicIp: str }).nullish() })).nullish(),
        }),
      )
      .nullish(),
  }),
  'AWS::EC2::Subnet': loose({
    subnetId: str,
    vpcId: str,
    availabilityZone: str,
    mapPublicIpOnLaunch: bool,
    defaultForAz: bool,
    cidrBlock: str,
  }),
  'AWS::EC2::RouteTable': loose({
    routeTableId: str,
    vpcId: str,
    associations: z
      .array(loose({ main: bool, subnetId: str, gatewayId: str, routeTableAssociationId: str }))
      .nullish(),
    routes: z
      .array(
        loose({
          destinationCidrBlock: str,
          destinationIpv6CidrBlock: str,
          gatewayId: str,
          natGatewayId: str,
          egressOnlyInternetGatewayId: str,
          state: str,
        }),
      )
      .nullish(),
  }),
  'AWS::EC2::VPC': loose({ vpcId: str, cidrBlock: str, isDefault: bool }),
  'AWS::EC2::InternetGateway': loose({
    internetGatewayId: str,
    attachments: z.array(loose({ vpcId: str, state: str })).nullish(),
  }),
  'AWS::EC2::VPCEndpoint': loose({
    vpcEndpointId: str,
    vpcId: str,
    serviceName: str,
    vpcEndpointType: str,
    state: str,
  }),
  'AWS::EC2::NetworkInterface': loose({
    networkInterfaceId: str,
    subnetId: str,
    vpcId: str,
    interfaceType: str,
    requesterId: str,
    requesterManaged: bool,
    description: str,
    /** `in-use`, `available` (attached to nothing), `attaching`, `detaching`, `associated`. */
    status: str,
    attachment: loose({ instanceId: str, instanceOwnerId: str }).nullish(),
    association: loose({ publicIp: str }).nullish(),
  }),
  'AWS::EC2::Volume': loose({
    volumeId: str,
    encrypted: bool,
    kmsKeyId: str,
    attachments: z.array(loose({ instanceId: str, state: str })).nullish(),
  }),
  'AWS::RDS::DBInstance': loose({
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
    dBSubnetGroup: loose({
      dBSubnetGroupName: str,
      vpcId: str,
      subnets: z.array(loose({ subnetIdentifier: str })).nullish(),
    }).nullish(),
  }),
  'AWS::RDS::DBCluster': loose({
    dbclusterIdentifier: str,
    engine: str,
    engineMode: str,
    multiAZ: bool,
    storageEncrypted: bool,
    availabilityZones: zoneList,
    dbclusterMembers: z.array(loose({ dbinstanceIdentifier: str, isClusterWriter: bool })).nullish(),
  }),
  'AWS::S3::Bucket': loose({ name: str }),
  'AWS::IAM::Policy': loose({
    policyName: str,
    arn: str,
    defaultVersionId: str,
    policyVersionList: z
      .array(loose({ versionId: str, isDefaultVersion: bool, document: policyDocumentField }))
      .nullish(),
  }),
  'AWS::IAM::Role': loose({
    roleName: str,
    arn: str,
    path: str,
    assumeRolePolicyDocument: policyDocumentField,
    rolePolicyList: z.array(loose({ policyName: z.string(), policyDocument: policyDocumentField })).nullish(),
    attachedManagedPolicies: z.array(loose({ policyArn: str, policyName: str })).nullish(),
  }),
  'AWS::IAM::User': loose({
    userName: str,
    arn: str,
    userPolicyList: z.array(loose({ policyName: z.string(), policyDocument: policyDocumentField })).nullish(),
    attachedManagedPolicies: z.array(loose({ policyArn: str, policyName: str })).nullish(),
  }),
  'AWS::IAM::Group': loose({
    groupName: str,
    arn: str,
    groupPolicyList: z.array(loose({ policyName: z.string(), policyDocument: policyDocumentField })).nullish(),
    attachedManagedPolicies: z.array(loose({ policyArn: str, policyName: str })).nullish(),
  }),
  'AWS::CloudTrail::Trail': loose({
    name: str,
    trailARN: str,
    homeRegion: str,
    isMultiRegionTrail: bool,
    logFileValidationEnabled: bool,
    kmsKeyId: str,
  }),
  'AWS::GuardDuty::Detector': loose({ Id: str, Enable: bool }),
  /** One Zone file systems name their zone (also the item's availabilityZone); Regional ones do not. */
  'AWS::EFS::FileSystem': loose({ FileSystemId: str, Encrypted: bool, AvailabilityZoneName: str }),
  'AWS::SNS::Topic': loose({ TopicArn: str, KmsMasterKeyId: str }),
  'AWS::SQS::Queue': loose({ QueueUrl: str, KmsMasterKeyId: str, SqsManagedSseEnabled: z.union([z.boolean(), z.string()]).nullish() }),
  'AWS::Lambda::Function': loose({
    functionName: str,
    vpcConfig: loose({ subnetIds: strList, securityGroupIds: strList }).nullish(),
  }),
  'AWS::ElasticLoadBalancingV2::LoadBalancer': loose({
    loadBalancerName: str,
    scheme: str,
    type: str,
    availabilityZones: z.array(loose({ zoneName: str, subnetId: str })).nullish(),
  }),
  'AWS::AutoScaling::AutoScalingGroup': loose({
    autoScalingGroupName: str,
    availabilityZones: zoneList,
    /** Comma-separated subnet ids. */
    vpczoneIdentifier: str,
  }),
  'AWS::ElasticLoadBalancingV2::Listener': loose({
    ListenerArn: str,
    LoadBalancerArn: str,
    Port: z.number().int().nullish(),
    Protocol: str,
    SslPolicy: str,
    DefaultActions: z.array(loose({ Type: str, RedirectConfig: loose({ Protocol: str, Port: str }).nullish() })).nullish(),
  }),
  'AWS::OpenSearch::Domain': loose({
    DomainName: str,
    /** `search-…` for a public domain, `vpc-…` for a VPC domain. */
    DomainEndpoint: str,
    ClusterConfig: loose({
      InstanceCount: z.number().int().nullish(),
      ZoneAwarenessEnabled: bool,
      ZoneAwarenessConfig: loose({ AvailabilityZoneCount: z.number().int().nullish() }).nullish(),
    }).nullish(),
    EncryptionAtRestOptions: loose({ Enabled: bool, KmsKeyId: str }).nullish(),
    NodeToNodeEncryptionOptions: loose({ Enabled: bool }).nullish(),
    DomainEndpointOptions: loose({ EnforceHTTPS: bool, TLSSecurityPolicy: str }).nullish(),
    VPCOptions: loose({ SubnetIds: strList, SecurityGroupIds: strList }).nullish(),
  }),
  /**
   * AWS publishes no property schema for this type; the fields are those of ElastiCache's
   * DescribeReplicationGroups, camelCase as AWS Config writes other RDS-family types.
   * `automaticFailover` and `multiAZ` are status words (`enabled`, `disabled`, `enabling` …).
   */
  'AWS::ElastiCache::ReplicationGroup': loose({
    replicationGroupId: str,
    automaticFailover: str,
    multiAZ: str,
    atRestEncryptionEnabled: bool,
    transitEncryptionEnabled: bool,
    /** `required` (TLS only) or `preferred` (TLS and plaintext accepted, while clients migrate). */
    transitEncryptionMode: str,
    memberClusters: strList,
  }),
  'AWS::DynamoDB::Table': loose({
    tableName: str,
    /** Present whenever the table was described; tells "no SSE description" apart from "not described". */
    tableStatus: str,
    /** Absent: encrypted with an AWS owned key (DynamoDB always encrypts). */
    ssedescription: loose({ ssetype: str, status: str, kmsmasterKeyArn: str }).nullish(),
  }),
  'AWS::EC2::LaunchTemplate': loose({
    LaunchTemplateName: str,
    DefaultVersionNumber: z.union([z.string(), z.number()]).nullish(),
    /** The data of the default version. */
    LaunchTemplateData: loose({
      NetworkInterfaces: z.array(loose({ AssociatePublicIpAddress: bool, DeviceIndex: z.number().int().nullish(), SubnetId: str })).nullish(),
    }).nullish(),
  }),
  'AWS::RDS::DBSnapshot': loose({ dBSnapshotIdentifier: str, dBInstanceIdentifier: str, encrypted: bool, kmsKeyId: str }),
  'AWS::RDS::DBClusterSnapshot': loose({ dbclusterSnapshotIdentifier: str, dbclusterIdentifier: str, storageEncrypted: bool }),
  'AWS::RDS::DBSubnetGroup': loose({ dBSubnetGroupName: str, vpcId: str, subnets: z.array(loose({ subnetIdentifier: str })).nullish() }),
  /** AWS publishes no property schema for this type; fields as ElastiCache's DescribeCacheClusters, camelCase. */
  'AWS::ElastiCache::CacheCluster': loose({
    cacheClusterId: str,
    replicationGroupId: str,
    engine: str,
    numCacheNodes: z.number().int().nullish(),
    preferredAvailabilityZone: str,
    cacheSubnetGroupName: str,
    cacheNodes: z.array(loose({ cacheNodeId: str, customerAvailabilityZone: str })).nullish(),
  }),
  'AWS::ECS::Service': loose({
    ServiceName: str,
    ServiceArn: str,
    Cluster: str,
    LaunchType: str,
    /** Fargate capacity providers (`FARGATE`, `FARGATE_SPOT`) require the awsvpc network mode. */
    CapacityProviderStrategy: z.array(loose({ CapacityProvider: str })).nullish(),
    NetworkConfiguration: loose({
      AwsvpcConfiguration: loose({ AssignPublicIp: str, Subnets: strList, SecurityGroups: strList }).nullish(),
    }).nullish(),
  }),
  'AWS::Kinesis::Stream': loose({ Name: str, Arn: str, StreamEncryption: loose({ EncryptionType: str, KeyId: str }).nullish() }),
  'AWS::Redshift::Cluster': loose({
    clusterIdentifier: str,
    publiclyAccessible: bool,
    encrypted: bool,
    kmsKeyId: str,
    clusterSubnetGroupName: str,
    /** `enabled` / `disabled`, as Redshift's DescribeClusters reports Multi-AZ. */
    multiAZ: str,
  }),
  'AWS::CloudFront::Distribution': loose({
    domainName: str,
    distributionConfig: loose({
      enabled: bool,
      defaultCacheBehavior: loose({ viewerProtocolPolicy: str }).nullish(),
      /** `quantity` tells "no path behaviors" (0) apart from behaviors whose `items` were not recorded. */
      cacheBehaviors: loose({
        quantity: z.number().int().nullish(),
        items: z.array(loose({ pathPattern: str, viewerProtocolPolicy: str })).nullish(),
      }).nullish(),
    }).nullish(),
  }),
} as const;

/**
 * Supplementary configuration. Beside what AWS Config records (S3), gatewatch adds a few facts
 * that Config's item lacks but rules need, each collected by the live source and listed as a
 * gatewatch extension in the schema tests: a trail's logging status and event selectors, the
 * TLS-relevant parameter values of a DB instance's parameter group, and the subnets of an
 * ElastiCache cluster's cache subnet group.
 */
export const supplementarySchemas = {
  'AWS::CloudTrail::Trail': loose({
    TrailStatus: loose({ IsLogging: bool }).nullish(),
    EventSelectors: eventSelectorList,
    AdvancedEventSelectors: advancedEventSelectorList,
  }),
  'AWS::RDS::DBInstance': loose({
    /** Values of the parameters the TLS rule reads (`rds.force_ssl`, `require_secure_transport`), from its parameter group. */
    DBParameters: z.array(loose({ ParameterName: z.string(), ParameterValue: str })).nullish(),
  }),
  'AWS::ElastiCache::CacheCluster': loose({
    CacheSubnetGroup: loose({ VpcId: str, Subnets: z.array(loose({ SubnetIdentifier: str })).nullish() }).nullish(),
  }),
  'AWS::S3::Bucket': loose({
    ServerSideEncryptionConfiguration: loose({
      rules: z
        .array(
          loose({
            applyServerSideEncryptionByDefault: loose({ sseAlgorithm: str, kmsMasterKeyID: str }).nullish(),
            bucketKeyEnabled: bool,
          }),
        )
        .nullish(),
    }).nullish(),
    BucketPolicy: loose({ policyText: policyDocumentField }).nullish(),
    PublicAccessBlockConfiguration: loose({
      blockPublicAcls: bool,
      ignorePublicAcls: bool,
      blockPublicPolicy: bool,
      restrictPublicBuckets: bool,
    }).nullish(),
  }),
} as const;

/** Tags as some Config APIs return them (a list of key/value pairs) rather than a map. */
export const tagListSchema = tagList;
