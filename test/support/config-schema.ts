/**
 * Checks a raw configuration item — as an AWS Config snapshot file carries it, before any
 * normalisation — against AWS's published resource property schema
 * (awslabs/aws-config-resource-schema, Apache-2.0), of which the repository keeps the files of the
 * types gatewatch reads, unchanged, in `test/fixtures/aws-config-schema` (see its README).
 *
 * The item is flattened to (path, leaf value) pairs the way the schema names its properties:
 * array elements add no index, `null` leaves are skipped (AWS Config writes null for absent
 * values), and empty objects and arrays contribute nothing. Every path must be listed for the
 * item's type, and its value must match the listed type.
 *
 * The published schema describes the properties that advanced queries can search, not the
 * snapshot file format. The few places where the two differ are listed explicitly below, each with
 * its reason: envelope names, envelope fields the schema leaves out, per-type paths it names
 * differently, and per-type paths AWS Config records but does not publish.
 */
import { existsSync, readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export type PropertyType = 'string' | 'boolean' | 'integer' | 'float' | 'date' | 'ip' | 'cidr_block';

const PROPERTY_TYPES: ReadonlySet<string> = new Set<PropertyType>(['string', 'boolean', 'integer', 'float', 'date', 'ip', 'cidr_block']);

function isPropertyType(value: unknown): value is PropertyType {
  return typeof value === 'string' && PROPERTY_TYPES.has(value);
}

/** The schema folder vendored in the repository: `test/fixtures/aws-config-schema`. */
export const DEFAULT_SCHEMA_ROOT = fileURLToPath(new URL('../fixtures/aws-config-schema', import.meta.url));

export interface ConfigSchema {
  readonly root: string;
  /** The properties of a resource type, or undefined when the type has no schema. */
  properties(resourceType: string): ReadonlyMap<string, PropertyType> | undefined;
}

/**
 * Envelope fields that a snapshot file names differently from the published schema
 * (the schema uses the names of the advanced-query index).
 */
export const ENVELOPE_RENAMES: Readonly<Record<string, string>> = {
  awsAccountId: 'accountId',
  ARN: 'arn',
  configurationItemVersion: 'version',
};

/**
 * Envelope fields of every snapshot item that the published schema does not list, because
 * advanced queries cannot search them.
 */
export const ENVELOPE_EXTRAS: ReadonlyMap<string, PropertyType> = new Map<string, PropertyType>([
  // Ids of the CloudTrail events that caused the change.
  ['relatedEvents', 'string'],
  // Present in snapshot and history files (usually empty); not a queryable property.
  ['configurationStateMd5Hash', 'string'],
  // The relationship's name ("Is attached to Instance"); the schema lists only its target.
  ['relationships.name', 'string'],
]);

/**
 * Paths AWS Config records that the published schema lists under another name, per type:
 * recorded path → schema path.
 *
 * EC2 records the top-level `state` of these types as a plain string (AWS's example EBS
 * configuration history shows `"state": "in-use"`, and gatewatch's schemas read it that way); the
 * query index publishes the same field as `configuration.state.value`. Other string fields of
 * the same types (e.g. `attachments.state`, `routes.state`) are listed under their own names.
 */
export const SCHEMA_PATH_ALIASES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  'AWS::EC2::VPC': { 'configuration.state': 'configuration.state.value' },
  'AWS::EC2::Subnet': { 'configuration.state': 'configuration.state.value' },
  'AWS::EC2::Volume': { 'configuration.state': 'configuration.state.value' },
  'AWS::EC2::VPCEndpoint': { 'configuration.state': 'configuration.state.value' },
};

/**
 * Paths AWS Config records that the published schema omits, per type, with their type.
 *
 * The published schema lists only queryable properties, and advanced queries cannot search
 * policy documents, so none of them is listed. gatewatch's least-privilege and encryption rules
 * read exactly these documents, so they must be in the items.
 */
export const RECORDED_BUT_UNPUBLISHED: Readonly<Record<string, ReadonlyMap<string, PropertyType>>> = {
  // Each version of a customer managed policy: the URL-encoded JSON policy document.
  'AWS::IAM::Policy': new Map<string, PropertyType>([['configuration.policyVersionList.document', 'string']]),
  // The role's trust policy and its inline policies, URL-encoded JSON.
  'AWS::IAM::Role': new Map<string, PropertyType>([
    ['configuration.assumeRolePolicyDocument', 'string'],
    ['configuration.rolePolicyList.policyDocument', 'string'],
  ]),
  // The user's inline policies, URL-encoded JSON.
  'AWS::IAM::User': new Map<string, PropertyType>([['configuration.userPolicyList.policyDocument', 'string']]),
  // The group's inline policies, URL-encoded JSON.
  'AWS::IAM::Group': new Map<string, PropertyType>([['configuration.groupPolicyList.policyDocument', 'string']]),
  // The bucket policy as a JSON string (null when the bucket has none).
  'AWS::S3::Bucket': new Map<string, PropertyType>([['supplementaryConfiguration.BucketPolicy.policyText', 'string']]),
  // A One Zone file system's zone: a property of the CloudFormation resource model that Config
  // records for this type, left out of the query schema; efs-file-system-regional reads it.
  'AWS::EFS::FileSystem': new Map<string, PropertyType>([['configuration.AvailabilityZoneName', 'string']]),
};

/*
 * AWS publishes no AWS Config property schema for the ElastiCache types. gatewatch keeps its
 * own: the fields its collector records, named as DescribeReplicationGroups / DescribeCacheClusters
 * name them in camelCase, checked like a published schema.
 */
/**
 * AWS publishes no AWS Config property schema for the ElastiCache types. This one lists the
 * envelope every item has and the configuration fields the collector records (camelCase of
 * DescribeReplicationGroups / DescribeCacheClusters), so that the schema check still catches an
 * SDK field that leaks in or a value of the wrong type.
 */
const ENVELOPE: [string, PropertyType][] = [
  ['version', 'string'],
  ['accountId', 'string'],
  ['arn', 'string'],
  ['awsRegion', 'string'],
  ['availabilityZone', 'string'],
  ['configurationItemCaptureTime', 'string'],
  ['configurationItemStatus', 'string'],
  ['configurationStateId', 'string'],
  ['resourceType', 'string'],
  ['resourceId', 'string'],
  ['resourceName', 'string'],
  ['resourceCreationTime', 'string'],
  ['tags.key', 'string'],
  ['tags.value', 'string'],
  ['relationships.resourceId', 'string'],
  ['relationships.resourceName', 'string'],
  ['relationships.resourceType', 'string'],
];
const endpoint = (path: string): [string, PropertyType][] => [
  [`${path}.address`, 'string'],
  [`${path}.port`, 'integer'],
];
export const ELASTICACHE_SCHEMAS: Readonly<Record<string, ReadonlyMap<string, PropertyType>>> = {
  'AWS::ElastiCache::ReplicationGroup': new Map<string, PropertyType>([
    ...ENVELOPE,
    ...(
      [
        ['replicationGroupId', 'string'],
        ['description', 'string'],
        ['globalReplicationGroupInfo.globalReplicationGroupId', 'string'],
        ['globalReplicationGroupInfo.globalReplicationGroupMemberRole', 'string'],
        ['status', 'string'],
        ['memberClusters', 'string'],
        ['nodeGroups.nodeGroupId', 'string'],
        ['nodeGroups.status', 'string'],
        ...endpoint('nodeGroups.primaryEndpoint'),
        ...endpoint('nodeGroups.readerEndpoint'),
        ['nodeGroups.slots', 'string'],
        ['nodeGroups.nodeGroupMembers.cacheClusterId', 'string'],
        ['nodeGroups.nodeGroupMembers.cacheNodeId', 'string'],
        ...endpoint('nodeGroups.nodeGroupMembers.readEndpoint'),
        ['nodeGroups.nodeGroupMembers.preferredAvailabilityZone', 'string'],
        ['nodeGroups.nodeGroupMembers.currentRole', 'string'],
        ['snapshottingClusterId', 'string'],
        ['automaticFailover', 'string'],
        ['multiAZ', 'string'],
        ...endpoint('configurationEndpoint'),
        ['snapshotRetentionLimit', 'integer'],
        ['snapshotWindow', 'string'],
        ['clusterEnabled', 'boolean'],
        ['cacheNodeType', 'string'],
        ['authTokenEnabled', 'boolean'],
        ['transitEncryptionEnabled', 'boolean'],
        ['transitEncryptionMode', 'string'],
        ['atRestEncryptionEnabled', 'boolean'],
        ['kmsKeyId', 'string'],
        ['userGroupIds', 'string'],
        ['replicationGroupCreateTime', 'date'],
        ['dataTiering', 'string'],
        ['autoMinorVersionUpgrade', 'boolean'],
        ['networkType', 'string'],
        ['ipDiscovery', 'string'],
        ['clusterMode', 'string'],
        ['engine', 'string'],
      ] as [string, PropertyType][]
    ).map(([path, type]): [string, PropertyType] => [`configuration.${path}`, type]),
  ]),
  'AWS::ElastiCache::CacheCluster': new Map<string, PropertyType>([
    ...ENVELOPE,
    ...(
      [
        ['cacheClusterId', 'string'],
        ...endpoint('configurationEndpoint'),
        ['cacheNodeType', 'string'],
        ['engine', 'string'],
        ['engineVersion', 'string'],
        ['cacheClusterStatus', 'string'],
        ['numCacheNodes', 'integer'],
        ['preferredAvailabilityZone', 'string'],
        ['cacheClusterCreateTime', 'date'],
        ['preferredMaintenanceWindow', 'string'],
        ['notificationConfiguration.topicArn', 'string'],
        ['notificationConfiguration.topicStatus', 'string'],
        ['cacheParameterGroup.cacheParameterGroupName', 'string'],
        ['cacheParameterGroup.parameterApplyStatus', 'string'],
        ['cacheSubnetGroupName', 'string'],
        ['cacheNodes.cacheNodeId', 'string'],
        ['cacheNodes.cacheNodeStatus', 'string'],
        ['cacheNodes.cacheNodeCreateTime', 'date'],
        ...endpoint('cacheNodes.endpoint'),
        ['cacheNodes.parameterGroupStatus', 'string'],
        ['cacheNodes.sourceCacheNodeId', 'string'],
        ['cacheNodes.customerAvailabilityZone', 'string'],
        ['autoMinorVersionUpgrade', 'boolean'],
        ['securityGroups.securityGroupId', 'string'],
        ['securityGroups.status', 'string'],
        ['replicationGroupId', 'string'],
        ['snapshotRetentionLimit', 'integer'],
        ['snapshotWindow', 'string'],
        ['authTokenEnabled', 'boolean'],
        ['transitEncryptionEnabled', 'boolean'],
        ['transitEncryptionMode', 'string'],
        ['atRestEncryptionEnabled', 'boolean'],
        ['replicationGroupLogDeliveryEnabled', 'boolean'],
        ['networkType', 'string'],
        ['ipDiscovery', 'string'],
      ] as [string, PropertyType][]
    ).map(([path, type]): [string, PropertyType] => [`configuration.${path}`, type]),
  ]),
};

/** The credential report row (iam:GetCredentialReport) as the IAM collector adds it to users and the root user. */
const CREDENTIAL_REPORT_PATHS: readonly [string, PropertyType][] = [
  ['supplementaryConfiguration.CredentialReport.generatedTime', 'date'],
  ['supplementaryConfiguration.CredentialReport.passwordEnabled', 'boolean'],
  ['supplementaryConfiguration.CredentialReport.passwordLastUsed', 'date'],
  ['supplementaryConfiguration.CredentialReport.mfaActive', 'boolean'],
  ['supplementaryConfiguration.CredentialReport.accessKeys.slot', 'integer'],
  ['supplementaryConfiguration.CredentialReport.accessKeys.active', 'boolean'],
  ['supplementaryConfiguration.CredentialReport.accessKeys.lastRotated', 'date'],
  ['supplementaryConfiguration.CredentialReport.accessKeys.lastUsedDate', 'date'],
];

/**
 * Schemas of gatewatch's synthetic types, which AWS publishes no schema for. `AWS::::Account`
 * (one per account × Region) has no ARN, no tags and no relationships, and its configuration holds
 * exactly the fields of `configurationSchemas['AWS::::Account']`.
 */
export const SYNTHETIC_SCHEMAS: Readonly<Record<string, ReadonlyMap<string, PropertyType>>> = {
  ...ELASTICACHE_SCHEMAS,
  // The root user (synthetic: no AWS Config type), from the credential report's <root_account> row.
  'AWS::IAM::RootUser': new Map<string, PropertyType>([
    ['version', 'string'],
    ['accountId', 'string'],
    ['arn', 'string'],
    ['awsRegion', 'string'],
    ['availabilityZone', 'string'],
    ['configurationItemCaptureTime', 'string'],
    ['configurationItemStatus', 'string'],
    ['configurationStateId', 'string'],
    ['resourceType', 'string'],
    ['resourceId', 'string'],
    ['resourceName', 'string'],
    ['configuration.accountId', 'string'],
    ['configuration.arn', 'string'],
    ...CREDENTIAL_REPORT_PATHS,
  ]),
  // The account's cost controls (synthetic: no AWS Config type), model/resource-types/billing.ts.
  'AWS::Budgets::Account': new Map<string, PropertyType>([
    ['version', 'string'],
    ['accountId', 'string'],
    ['awsRegion', 'string'],
    ['availabilityZone', 'string'],
    ['configurationItemCaptureTime', 'string'],
    ['configurationItemStatus', 'string'],
    ['configurationStateId', 'string'],
    ['resourceType', 'string'],
    ['resourceId', 'string'],
    ['resourceName', 'string'],
    ['configuration.accountId', 'string'],
    ['configuration.budgets.budgetName', 'string'],
    ['configuration.budgets.budgetType', 'string'],
    ['configuration.budgets.timeUnit', 'string'],
    ['configuration.budgets.budgetLimit.amount', 'string'],
    ['configuration.budgets.budgetLimit.unit', 'string'],
    ['configuration.budgets.notifications.notificationType', 'string'],
    ['configuration.budgets.notifications.comparisonOperator', 'string'],
    ['configuration.budgets.notifications.threshold', 'float'],
    ['configuration.budgets.notifications.thresholdType', 'string'],
    ['configuration.budgets.notifications.notificationState', 'string'],
    ['configuration.budgets.notifications.subscribers.subscriptionType', 'string'],
    ['configuration.budgets.notifications.subscribers.address', 'string'],
  ]),
  'AWS::CE::Account': new Map<string, PropertyType>([
    ['version', 'string'],
    ['accountId', 'string'],
    ['awsRegion', 'string'],
    ['availabilityZone', 'string'],
    ['configurationItemCaptureTime', 'string'],
    ['configurationItemStatus', 'string'],
    ['configurationStateId', 'string'],
    ['resourceType', 'string'],
    ['resourceId', 'string'],
    ['resourceName', 'string'],
    ['configuration.accountId', 'string'],
    ['configuration.organization.standalone', 'boolean'],
    ['configuration.organization.managementAccountId', 'string'],
    ['configuration.costAllocationTags.tagKey', 'string'],
    ['configuration.costAllocationTags.type', 'string'],
    ['configuration.costAllocationTags.status', 'string'],
    ['configuration.anomalyMonitors.monitorArn', 'string'],
    ['configuration.anomalyMonitors.monitorName', 'string'],
    ['configuration.anomalyMonitors.monitorType', 'string'],
    ['configuration.anomalyMonitors.monitorDimension', 'string'],
    ['configuration.anomalyMonitors.monitorSpecification', 'string'],
    ['configuration.anomalySubscriptions.subscriptionArn', 'string'],
    ['configuration.anomalySubscriptions.subscriptionName', 'string'],
    ['configuration.anomalySubscriptions.monitorArnList', 'string'],
    ['configuration.anomalySubscriptions.subscribers.type', 'string'],
    ['configuration.anomalySubscriptions.subscribers.address', 'string'],
    ['configuration.anomalySubscriptions.subscribers.status', 'string'],
    ['configuration.anomalySubscriptions.frequency', 'string'],
  ]),
  'AWS::::Account': new Map<string, PropertyType>([
    ['version', 'string'],
    ['accountId', 'string'],
    ['awsRegion', 'string'],
    ['availabilityZone', 'string'],
    ['configurationItemCaptureTime', 'string'],
    ['configurationItemStatus', 'string'],
    ['configurationStateId', 'string'],
    ['resourceType', 'string'],
    ['resourceId', 'string'],
    ['resourceName', 'string'],
    ['configuration.ebsEncryptionByDefault', 'boolean'],
    ['configuration.configurationRecorders.name', 'string'],
    ['configuration.configurationRecorders.recording', 'boolean'],
    ['configuration.configurationRecorders.lastStatus', 'string'],
    ['configuration.cloudTrails.trailARN', 'string'],
    ['configuration.cloudTrails.homeRegion', 'string'],
    ['configuration.cloudTrails.isMultiRegionTrail', 'boolean'],
    ['configuration.cloudTrails.isOrganizationTrail', 'boolean'],
    ['configuration.cloudTrails.isLogging', 'boolean'],
    ['configuration.cloudTrails.eventSelectors.ReadWriteType', 'string'],
    ['configuration.cloudTrails.eventSelectors.IncludeManagementEvents', 'boolean'],
    ['configuration.cloudTrails.eventSelectors.ExcludeManagementEventSources', 'string'],
    ['configuration.cloudTrails.advancedEventSelectors.Name', 'string'],
    ['configuration.cloudTrails.advancedEventSelectors.FieldSelectors.Field', 'string'],
    ['configuration.cloudTrails.advancedEventSelectors.FieldSelectors.Equals', 'string'],
    ['configuration.cloudTrails.advancedEventSelectors.FieldSelectors.StartsWith', 'string'],
    ['configuration.cloudTrails.advancedEventSelectors.FieldSelectors.EndsWith', 'string'],
    ['configuration.cloudTrails.advancedEventSelectors.FieldSelectors.NotEquals', 'string'],
    ['configuration.cloudTrails.advancedEventSelectors.FieldSelectors.NotStartsWith', 'string'],
    ['configuration.cloudTrails.advancedEventSelectors.FieldSelectors.NotEndsWith', 'string'],
    ['configuration.securityHub.enabled', 'boolean'],
    ['configuration.securityHub.hubArn', 'string'],
    ['configuration.securityHub.subscribedAt', 'string'],
    ['configuration.securityHub.standards.standardsArn', 'string'],
    ['configuration.securityHub.standards.status', 'string'],
  ]),
};

/**
 * Facts gatewatch's live source adds to an item because rules need them and AWS Config's item
 * lacks them (see supplementarySchemas in inventory/configuration-schemas.ts). A plain Config
 * snapshot does not carry them, so the rules reading them are UNKNOWN there, never PASS.
 */
export const GATEWATCH_EXTENSIONS: Readonly<Record<string, ReadonlyMap<string, PropertyType>>> = {
  // cloudtrail:GetTrailStatus and GetEventSelectors, for cloudtrail-multi-region-enabled.
  'AWS::CloudTrail::Trail': new Map<string, PropertyType>([
    ['supplementaryConfiguration.TrailStatus.IsLogging', 'boolean'],
    ['supplementaryConfiguration.EventSelectors.ReadWriteType', 'string'],
    ['supplementaryConfiguration.EventSelectors.IncludeManagementEvents', 'boolean'],
    ['supplementaryConfiguration.EventSelectors.ExcludeManagementEventSources', 'string'],
    ['supplementaryConfiguration.AdvancedEventSelectors.Name', 'string'],
    ['supplementaryConfiguration.AdvancedEventSelectors.FieldSelectors.Field', 'string'],
    ['supplementaryConfiguration.AdvancedEventSelectors.FieldSelectors.Equals', 'string'],
    ['supplementaryConfiguration.AdvancedEventSelectors.FieldSelectors.NotEquals', 'string'],
    // The other operators of an advanced field selector: a NotStartsWith/NotEndsWith on eventSource
    // excludes sources too, so the multi-Region rule must see them to never pass such a trail.
    ['supplementaryConfiguration.AdvancedEventSelectors.FieldSelectors.StartsWith', 'string'],
    ['supplementaryConfiguration.AdvancedEventSelectors.FieldSelectors.EndsWith', 'string'],
    ['supplementaryConfiguration.AdvancedEventSelectors.FieldSelectors.NotStartsWith', 'string'],
    ['supplementaryConfiguration.AdvancedEventSelectors.FieldSelectors.NotEndsWith', 'string'],
  ]),
  // iam:GenerateCredentialReport and GetCredentialReport (the user's row), for iam-user-mfa-enabled and iam-user-no-stale-access-keys.
  'AWS::IAM::User': new Map<string, PropertyType>(CREDENTIAL_REPORT_PATHS),
  // rds:DescribeDBParameters of the instance's parameter group, for rds-instance-requires-tls.
  'AWS::RDS::DBInstance': new Map<string, PropertyType>([
    ['supplementaryConfiguration.DBParameters.ParameterName', 'string'],
    ['supplementaryConfiguration.DBParameters.ParameterValue', 'string'],
  ]),
  // elasticache:DescribeCacheSubnetGroups of the cluster's cache subnet group, for elasticache-in-private-subnets.
  'AWS::ElastiCache::CacheCluster': new Map<string, PropertyType>([
    ['supplementaryConfiguration.CacheSubnetGroup.VpcId', 'string'],
    ['supplementaryConfiguration.CacheSubnetGroup.Subnets.SubnetIdentifier', 'string'],
  ]),
  // Redshift DescribeClusters' MultiAZ (a status string), for redshift-cluster-multi-az. The
  // published schema predates Redshift Multi-AZ and lists no such path. AWS Config's managed rule
  // redshift-cluster-multi-az-enabled judges it on configuration changes, so Config most likely
  // records it (as `multiAZ`, its casing of the API's MultiAZ); it belongs in
  // RECORDED_BUT_UNPUBLISHED once a demo item exercises it (that table's test demands one).
  'AWS::Redshift::Cluster': new Map<string, PropertyType>([['configuration.multiAZ', 'string']]),
  // access-analyzer:ListAnalyzers' status and its reason, for access-analyzer-enabled: AWS Config
  // records an analyzer's name, ARN, type and archive rules, not whether it is active.
  'AWS::AccessAnalyzer::Analyzer': new Map<string, PropertyType>([
    ['supplementaryConfiguration.AnalyzerStatus.Status', 'string'],
    ['supplementaryConfiguration.AnalyzerStatus.StatusReason.Code', 'string'],
  ]),
};

/** A resource type name, e.g. `AWS::EC2::Instance` or `AWS::::Account`; keeps file lookups inside the folder. */
const RESOURCE_TYPE_PATTERN = /^[A-Za-z0-9]+::[A-Za-z0-9]*::[A-Za-z0-9]+$/;

/**
 * Loads the published schema from `root` (default {@link DEFAULT_SCHEMA_ROOT}); type files are
 * read on first use.
 * @throws {Error} with a clear message when the folder is missing or a file is malformed.
 */
export function loadConfigSchema(root: string = DEFAULT_SCHEMA_ROOT): ConfigSchema {
  const folder = join(root, 'properties', 'resource-types');
  if (!existsSync(folder)) {
    throw new Error(
      `AWS Config resource schema not found: ${folder} does not exist. ` +
        'The published schemas of the types gatewatch reads (awslabs/aws-config-resource-schema) are kept in ' +
        'test/fixtures/aws-config-schema; see its README.md.',
    );
  }
  const cache = new Map<string, ReadonlyMap<string, PropertyType> | undefined>();
  const read = (resourceType: string): ReadonlyMap<string, PropertyType> | undefined => {
    const synthetic = SYNTHETIC_SCHEMAS[resourceType];
    if (synthetic !== undefined) return synthetic;
    if (!RESOURCE_TYPE_PATTERN.test(resourceType)) return undefined;
    const file = join(folder, `${resourceType}.properties.json`);
    if (!existsSync(file)) return undefined;
    const json: unknown = JSON.parse(readFileSync(file, 'utf8'));
    if (!isRecord(json)) throw new Error(`${file}: expected a JSON object of property paths`);
    const properties = new Map<string, PropertyType>();
    for (const [path, type] of Object.entries(json)) {
      if (!isPropertyType(type)) throw new Error(`${file}: ${path} has an unknown type ${JSON.stringify(type)}`);
      properties.set(path, type);
    }
    return properties;
  };
  return {
    root,
    properties(resourceType) {
      if (!cache.has(resourceType)) cache.set(resourceType, read(resourceType));
      return cache.get(resourceType);
    },
  };
}

let defaultSchema: ConfigSchema | undefined;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export type Leaf = string | number | boolean;

function* leaves(value: unknown, path: string): Generator<readonly [string, Leaf]> {
  if (value === null || value === undefined) return;
  if (Array.isArray(value)) {
    for (const element of value) yield* leaves(element, path);
  } else if (isRecord(value)) {
    for (const [key, child] of Object.entries(value)) yield* leaves(child, path === '' ? key : `${path}.${key}`);
  } else if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
    yield [path, value];
  }
}

/**
 * The (path, leaf) pairs of a raw snapshot item, named as the published schema names them:
 * envelope fields renamed ({@link ENVELOPE_RENAMES}) and the snapshot's tag map turned into
 * `tags.key` / `tags.value` pairs.
 */
export function flattenItem(rawItem: Readonly<Record<string, unknown>>): Array<readonly [string, Leaf]> {
  const pairs: Array<readonly [string, Leaf]> = [];
  for (const [key, value] of Object.entries(rawItem)) {
    if (key === 'tags' && isRecord(value)) {
      for (const [tagKey, tagValue] of Object.entries(value)) {
        pairs.push(['tags.key', tagKey]);
        if (tagValue !== null) pairs.push(...leaves(tagValue, 'tags.value'));
      }
      continue;
    }
    pairs.push(...leaves(value, ENVELOPE_RENAMES[key] ?? key));
  }
  return pairs;
}

function isCidrBlock(value: string): boolean {
  const match = /^([^/]+)\/(\d{1,3})$/.exec(value);
  if (match === null) return false;
  const [, address = '', prefix = ''] = match;
  const version = isIP(address);
  return version !== 0 && Number(prefix) <= (version === 4 ? 32 : 128);
}

function matchesType(value: Leaf, type: PropertyType): boolean {
  switch (type) {
    case 'string':
      return typeof value === 'string';
    case 'boolean':
      return typeof value === 'boolean';
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'float':
      return typeof value === 'number' && Number.isFinite(value);
    case 'date':
      return typeof value === 'string' && !Number.isNaN(Date.parse(value));
    case 'ip':
      return typeof value === 'string' && isIP(value) !== 0;
    case 'cidr_block':
      return typeof value === 'string' && isCidrBlock(value);
  }
}

const show = (value: Leaf): string => {
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
};

/**
 * Every way `rawItem` departs from the published schema of its type, as `path: problem` lines
 * (empty when it conforms). Uses the default schema folder unless `schema` is given.
 * @throws {Error} when the schema folder is missing (see {@link loadConfigSchema}).
 */
export function checkItemAgainstSchema(rawItem: unknown, schema?: ConfigSchema): string[] {
  if (!isRecord(rawItem)) return ['(item): not a JSON object'];
  const resourceType = rawItem['resourceType'];
  if (typeof resourceType !== 'string') return ['resourceType: missing, so no schema applies'];
  const source = schema ?? (defaultSchema ??= loadConfigSchema());
  const properties = source.properties(resourceType);
  if (properties === undefined) return [`resourceType: no AWS Config schema for ${resourceType}`];
  const aliases = SCHEMA_PATH_ALIASES[resourceType] ?? {};
  const unpublished = RECORDED_BUT_UNPUBLISHED[resourceType];
  const extensions = GATEWATCH_EXTENSIONS[resourceType];

  const problems = new Set<string>();
  for (const [path, value] of flattenItem(rawItem)) {
    const expected = properties.get(aliases[path] ?? path) ?? ENVELOPE_EXTRAS.get(path) ?? unpublished?.get(path) ?? extensions?.get(path);
    if (expected === undefined) problems.add(`${path}: not listed for ${resourceType} in the AWS Config schema`);
    else if (!matchesType(value, expected)) problems.add(`${path}: expected ${expected}, got ${show(value)}`);
  }
  return [...problems];
}

/**
 * Problems with the exception tables themselves: an alias whose target the schema does not list
 * (or whose source it lists), or an "unpublished" path that the schema does list — each a sign
 * that a table entry is stale and should go.
 */
export function checkExceptionTables(schema: ConfigSchema): string[] {
  const problems: string[] = [];
  for (const [resourceType, aliases] of Object.entries(SCHEMA_PATH_ALIASES)) {
    const properties = schema.properties(resourceType);
    for (const [recorded, published] of Object.entries(aliases)) {
      if (properties?.has(published) !== true) problems.push(`${resourceType} ${recorded}: alias target ${published} is not in the schema`);
      if (properties?.has(recorded) === true) problems.push(`${resourceType} ${recorded}: listed by the schema, the alias is not needed`);
    }
  }
  for (const [resourceType, paths] of Object.entries(RECORDED_BUT_UNPUBLISHED)) {
    const properties = schema.properties(resourceType);
    if (properties === undefined) problems.push(`${resourceType}: no schema for this type`);
    for (const path of paths.keys()) {
      if (properties?.has(path) === true) problems.push(`${resourceType} ${path}: listed by the schema, the entry is not needed`);
    }
  }
  return problems;
}
