/**
 * "AWS API Call via CloudTrail" events: which mutating calls can move a gate's verdict, and on
 * which resources. {@link CLOUDTRAIL_CALLS} is the table, one row per `eventSource` + `eventName`:
 * a call either names the resources it changed (re-read just those) or changes a fact many
 * resources' verdicts rest on (a route, a trail, an IAM policy: re-scan the gates that read it).
 *
 * Every id a row emits is the id gatewatch's collectors emit for that type (inventory/live/collectors/),
 * else the narrowed re-read would find nothing: EC2 ids, bucket, table, trail, domain, stream and
 * replication-group names, the `DbiResourceId` of a DB instance, the ARN of a topic, load balancer
 * or listener, the URL of a queue. Where the event carries only a name, the ref carries the ARN too.
 */
import { isGlobalType, type ResourceType } from '../../model/configuration-item.js';
import { InputError } from '../input-error.js';
import { ACCOUNT_ID, ALL_REGIONS, isRecord, type ChangeRequest, type EventEnvelope, type ResourceRef } from './change-request.js';
import type { Gate } from '../../model/gates.js';

export const CLOUDTRAIL_DETAIL_TYPE = 'AWS API Call via CloudTrail';

/** The API version of the Elastic Load Balancing v2 API (ALB, NLB, GWLB); Classic Load Balancer calls carry `2012-06-01`. */
const ELBV2_API_VERSION = '2015-12-01';

/** One call, its fields checked: what a row's readers work from. */
export interface Call {
  readonly detail: Readonly<Record<string, unknown>>;
  readonly eventSource: string;
  readonly eventName: string;
  /** `detail.awsRegion`: the Region the call was made in. */
  readonly region: string;
  readonly accountId: string;
  readonly partition: string;
}

/** What a reader found: the resources the call changed, or why the call changes none gatewatch judges. */
export type Reading = readonly ResourceRef[] | { readonly ignored: string };

export type CallEffect =
  /** Re-read the resources `read` names, in `region(call)` (default: the call's Region). */
  | { readonly kind: 'reread'; readonly read: (call: Call) => Reading; readonly region?: (call: Call) => string }
  /** Re-scan `gates` in the call's Region, in `global` (IAM), or in every Region the service scans. */
  | { readonly kind: 'rescan'; readonly gates: readonly Gate[]; readonly scope: 'region' | 'global' | 'all' };

export interface CallRow {
  /** `ec2.amazonaws.com`; `*` for a row that matches the call name from any service. */
  readonly eventSource: string;
  readonly eventName: string;
  readonly effect: CallEffect;
}

// ---- reading the event's JSON (every failure names its path from `detail.`) ----

type Path = readonly (string | number)[];

const pathText = (path: Path): string => ['detail', ...path].join('.');

function valueAt(detail: Readonly<Record<string, unknown>>, path: Path): unknown {
  let value: unknown = detail;
  for (const step of path) {
    if (typeof step === 'number') {
      if (!Array.isArray(value)) return undefined;
      value = (value as readonly unknown[])[step];
    } else {
      if (!isRecord(value)) return undefined;
      value = value[step];
    }
  }
  return value;
}

/** A string the row needs: absent, empty or of another type rejects the event. */
function text(call: Call, path: Path): string {
  const value = valueAt(call.detail, path);
  if (typeof value !== 'string' || value === '') throw new InputError(`${pathText(path)}: expected a non-empty string (${call.eventName})`);
  return value;
}

/** A string the row uses when the event carries it (a response can be absent); a value of another type rejects the event. */
function optionalText(call: Call, path: Path): string | undefined {
  const value = valueAt(call.detail, path);
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw new InputError(`${pathText(path)}: expected a string (${call.eventName})`);
  return value;
}

/** A non-empty list the row needs. */
function list(call: Call, path: Path): readonly unknown[] {
  const value = valueAt(call.detail, path);
  if (!Array.isArray(value) || value.length === 0) throw new InputError(`${pathText(path)}: expected a non-empty array (${call.eventName})`);
  return value as readonly unknown[];
}

/** The strings of a non-empty list the row needs. */
function texts(call: Call, path: Path): string[] {
  return list(call, path).map((_, index) => text(call, [...path, index]));
}

// ---- ARNs, partitions and ids as the collectors build them ----

/** The partition of a Region (CloudTrail events name the Region, not the partition). */
export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  if (region.startsWith('us-isob-')) return 'aws-iso-b';
  if (region.startsWith('us-iso-')) return 'aws-iso';
  if (region.startsWith('eusc-')) return 'aws-eusc';
  return 'aws';
}

const DNS_SUFFIX: Readonly<Record<string, string>> = {
  aws: 'amazonaws.com',
  'aws-cn': 'amazonaws.com.cn',
  'aws-us-gov': 'amazonaws.com',
  'aws-iso': 'c2s.ic.gov',
  'aws-iso-b': 'sc2s.sgov.gov',
  'aws-eusc': 'amazonaws.eu',
};

/**
 * A queue's URL as ListQueues returns it to the SQS collector (`https://sqs.REGION.SUFFIX/ACCOUNT/NAME`),
 * whatever form the caller used (`https://queue.amazonaws.com/…`, `https://REGION.queue.amazonaws.com/…`).
 */
export function queueUrl(region: string, account: string, name: string): string {
  return `https://sqs.${region}.${DNS_SUFFIX[partitionOf(region)] ?? 'amazonaws.com'}/${account}/${name}`;
}

function queueRef(region: string, account: string, name: string): ResourceRef {
  return { resourceType: 'AWS::SQS::Queue', resourceId: queueUrl(region, account, name), arn: `arn:${partitionOf(region)}:sqs:${region}:${account}:${name}` };
}

/** The queue a URL names, with the URL in the collector's form; `undefined` when it is no queue URL. */
function queueFromUrl(url: string, region: string): ResourceRef | undefined {
  const match = /^https?:\/\/[^/]+\/(\d{12})\/([\w-]+(?:\.fifo)?)\/?$/.exec(url);
  const account = match?.[1];
  const name = match?.[2];
  return account === undefined || name === undefined ? undefined : queueRef(region, account, name);
}

interface Arn {
  readonly partition: string;
  readonly service: string;
  readonly region: string;
  readonly account: string;
  readonly resource: string;
}

function parseArn(value: string): Arn | undefined {
  const parts = value.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') return undefined;
  const [, partition = '', service = '', region = '', account = ''] = parts;
  return { partition, service, region, account, resource: parts.slice(5).join(':') };
}

/** EC2 ARN resource kinds (`instance/i-…`) and id prefixes (`i-…`) of the types gatewatch collects. */
const EC2_KINDS: readonly { readonly kind: string; readonly prefix: string; readonly type: ResourceType }[] = [
  { kind: 'instance', prefix: 'i-', type: 'AWS::EC2::Instance' },
  { kind: 'volume', prefix: 'vol-', type: 'AWS::EC2::Volume' },
  { kind: 'subnet', prefix: 'subnet-', type: 'AWS::EC2::Subnet' },
  { kind: 'vpc', prefix: 'vpc-', type: 'AWS::EC2::VPC' },
  { kind: 'route-table', prefix: 'rtb-', type: 'AWS::EC2::RouteTable' },
  { kind: 'network-interface', prefix: 'eni-', type: 'AWS::EC2::NetworkInterface' },
  { kind: 'internet-gateway', prefix: 'igw-', type: 'AWS::EC2::InternetGateway' },
  { kind: 'vpc-endpoint', prefix: 'vpce-', type: 'AWS::EC2::VPCEndpoint' },
  { kind: 'launch-template', prefix: 'lt-', type: 'AWS::EC2::LaunchTemplate' },
];

/** An EC2 resource by its id, with the ARN the EC2 collectors give it; `undefined` for a prefix gatewatch has no type for. */
function ec2Ref(call: Call, id: string): ResourceRef | undefined {
  const entry = EC2_KINDS.find(({ prefix }) => id.startsWith(prefix));
  return entry && { resourceType: entry.type, resourceId: id, arn: `arn:${call.partition}:ec2:${call.region}:${call.accountId}:${entry.kind}/${id}` };
}

function ec2RefOf(call: Call, id: string, path: Path): ResourceRef {
  const ref = ec2Ref(call, id);
  if (ref === undefined) throw new InputError(`${pathText(path)}: ${id} is not an EC2 id of the expected kind (${call.eventName})`);
  return ref;
}

const named = (resourceType: ResourceType, resourceId: string, arn: string): ResourceRef => ({ resourceType, resourceId, arn });

/** `type/NAME` resources whose collector id is NAME (one segment: `table/t/stream/…` is no table). */
const SLASH_NAMED: Readonly<Record<string, Readonly<Record<string, ResourceType>>>> = {
  dynamodb: { table: 'AWS::DynamoDB::Table' },
  guardduty: { detector: 'AWS::GuardDuty::Detector' },
  cloudtrail: { trail: 'AWS::CloudTrail::Trail' },
  elasticfilesystem: { 'file-system': 'AWS::EFS::FileSystem' },
  es: { domain: 'AWS::OpenSearch::Domain' },
  kinesis: { stream: 'AWS::Kinesis::Stream' },
  cloudfront: { distribution: 'AWS::CloudFront::Distribution' },
};

/** `type:NAME` resources whose collector id is NAME (RDS ones: see {@link resourceOfArn}). */
const COLON_NAMED: Readonly<Record<string, Readonly<Record<string, ResourceType>>>> = {
  rds: {
    db: 'AWS::RDS::DBInstance',
    cluster: 'AWS::RDS::DBCluster',
    snapshot: 'AWS::RDS::DBSnapshot',
    'cluster-snapshot': 'AWS::RDS::DBClusterSnapshot',
    subgrp: 'AWS::RDS::DBSubnetGroup',
  },
  elasticache: { replicationgroup: 'AWS::ElastiCache::ReplicationGroup', cluster: 'AWS::ElastiCache::CacheCluster' },
  redshift: { cluster: 'AWS::Redshift::Cluster' },
};

/** IAM types by ARN kind; the collector id is the unique id (AROA…), which no ARN carries: the ref names the resource and carries the ARN. */
const IAM_KINDS: Readonly<Record<string, ResourceType>> = {
  role: 'AWS::IAM::Role',
  user: 'AWS::IAM::User',
  policy: 'AWS::IAM::Policy',
  group: 'AWS::IAM::Group',
};

/**
 * The gatewatch resource an ARN names, with the collector's id where the ARN holds it; `undefined`
 * for an ARN of a type gatewatch has no rule for (or no ARN). DB instances and clusters are named by
 * their identifier and IAM resources by their name, ARN attached: their collector ids (DbiResourceId,
 * unique ids) are in no ARN.
 */
export function resourceOfArn(value: string): ResourceRef | undefined {
  const arn = parseArn(value);
  if (arn === undefined) return undefined;
  const { service, resource } = arn;
  const slash = resource.indexOf('/');
  const colon = resource.indexOf(':');
  switch (service) {
    case 'ec2': {
      const kind = resource.slice(0, slash);
      const id = resource.slice(slash + 1);
      const entry = EC2_KINDS.find((candidate) => candidate.kind === kind && id.startsWith(candidate.prefix));
      return slash > 0 && entry !== undefined && !id.includes('/') ? named(entry.type, id, value) : undefined;
    }
    case 's3':
      // A bucket's ARN has no Region, no account and no '/' (`arn:aws:s3:::bucket/key` is an object).
      return resource !== '' && !resource.includes('/') && arn.region === '' ? named('AWS::S3::Bucket', resource, value) : undefined;
    case 'sqs':
      return /^[\w-]+(?:\.fifo)?$/.test(resource) && ACCOUNT_ID.test(arn.account) ? queueRef(arn.region, arn.account, resource) : undefined;
    case 'sns':
      // A topic's ARN ends with its name; a subscription's has one more `:id`.
      return /^[\w-]+(?:\.fifo)?$/.test(resource) ? named('AWS::SNS::Topic', value, value) : undefined;
    case 'lambda': {
      const [kind, name] = resource.split(':');
      const unqualified = `arn:${arn.partition}:lambda:${arn.region}:${arn.account}:function:${name ?? ''}`;
      return kind === 'function' && name !== undefined && name !== '' ? named('AWS::Lambda::Function', name, unqualified) : undefined;
    }
    case 'elasticloadbalancing': {
      const [kind, flavour] = resource.split('/');
      // `loadbalancer/app|net|gwy/…` (v2); a Classic Load Balancer is `loadbalancer/NAME`, a type gatewatch does not collect.
      if (!['app', 'net', 'gwy'].includes(flavour ?? '')) return undefined;
      if (kind === 'loadbalancer') return named('AWS::ElasticLoadBalancingV2::LoadBalancer', value, value);
      if (kind === 'listener') return named('AWS::ElasticLoadBalancingV2::Listener', value, value);
      return undefined;
    }
    case 'autoscaling':
      return resource.startsWith('autoScalingGroup:') ? named('AWS::AutoScaling::AutoScalingGroup', value, value) : undefined;
    case 'ecs':
      return resource.startsWith('service/') ? named('AWS::ECS::Service', value, value) : undefined;
    case 'iam': {
      const type = IAM_KINDS[resource.slice(0, slash)];
      const name = resource.slice(resource.lastIndexOf('/') + 1);
      return slash > 0 && type !== undefined && name !== '' && arn.account !== 'aws' ? named(type, name, value) : undefined;
    }
    default: {
      const slashType = SLASH_NAMED[service]?.[resource.slice(0, slash)];
      const slashId = resource.slice(slash + 1);
      if (slash > 0 && slashType !== undefined && slashId !== '' && !slashId.includes('/')) return named(slashType, slashId, value);
      const colonType = COLON_NAMED[service]?.[resource.slice(0, colon)];
      const colonId = resource.slice(colon + 1);
      if (colon > 0 && colonType !== undefined && colonId !== '' && !colonId.includes(':')) return named(colonType, colonId, value);
      return undefined;
    }
  }
}

/** The refs of the ARNs a tagging call names, or why none of them is of a type gatewatch judges. */
function arnsRead(call: Call, arns: readonly string[]): Reading {
  const refs = arns.flatMap((arn) => resourceOfArn(arn) ?? []);
  return refs.length > 0 ? refs : { ignored: `${call.eventName} on ${arns.join(', ')}: no resource of a type gatewatch has rules for` };
}

/** Every ARN among the top-level request parameters (string or list of strings): the resource of a generic TagResource call. */
function requestArns(call: Call): string[] {
  const parameters = valueAt(call.detail, ['requestParameters']);
  const values = isRecord(parameters) ? Object.values(parameters).flatMap((value): unknown[] => (Array.isArray(value) ? value : [value])) : [];
  const arns = values.filter((value): value is string => typeof value === 'string' && value.startsWith('arn:'));
  if (arns.length === 0) throw new InputError(`detail.requestParameters: expected the ARN of the resource (${call.eventName})`);
  return arns;
}

// ---- readers, one per call family ----

const instancesLaunched = (call: Call): Reading =>
  list(call, ['responseElements', 'instancesSet', 'items']).flatMap((_, index) => {
    const base = ['responseElements', 'instancesSet', 'items', index];
    const instance = ec2RefOf(call, text(call, [...base, 'instanceId']), [...base, 'instanceId']);
    // The launch also creates the instance's network interfaces, which a private-network rule judges.
    const interfaces = valueAt(call.detail, [...base, 'networkInterfaceSet', 'items']);
    const enis = (Array.isArray(interfaces) ? (interfaces as readonly unknown[]) : []).flatMap((_, eni) => {
      const path = [...base, 'networkInterfaceSet', 'items', eni, 'networkInterfaceId'];
      const id = optionalText(call, path);
      return id === undefined ? [] : [ec2RefOf(call, id, path)];
    });
    return [instance, ...enis];
  });

const ec2At =
  (path: Path): ((call: Call) => Reading) =>
  (call) => [ec2RefOf(call, text(call, path), path)];

/** An Elastic IP goes to an instance or to a network interface: re-read whichever the call names. */
function addressAssociated(call: Call): Reading {
  const instance = optionalText(call, ['requestParameters', 'instanceId']);
  if (instance !== undefined) return [ec2RefOf(call, instance, ['requestParameters', 'instanceId'])];
  const eni = optionalText(call, ['requestParameters', 'networkInterfaceId']);
  if (eni !== undefined) return [ec2RefOf(call, eni, ['requestParameters', 'networkInterfaceId'])];
  throw new InputError(`detail.requestParameters.instanceId: expected a non-empty string, or a networkInterfaceId (${call.eventName})`);
}

/** CreateTags/DeleteTags: the ids of the types gatewatch collects, by prefix; the others (sg-, ami-, …) skipped. */
function ec2Tagged(call: Call): Reading {
  const ids = list(call, ['requestParameters', 'resourcesSet', 'items']).map((_, index) => text(call, ['requestParameters', 'resourcesSet', 'items', index, 'resourceId']));
  const refs = ids.flatMap((id) => ec2Ref(call, id) ?? []);
  return refs.length > 0 ? refs : { ignored: `${call.eventName} on ${ids.join(', ')}: no resource of a type gatewatch has rules for` };
}

const bucketRead = (call: Call): Reading => {
  const name = text(call, ['requestParameters', 'bucketName']);
  return [named('AWS::S3::Bucket', name, `arn:${call.partition}:s3:::${name}`)];
};

/** A new bucket lives in its LocationConstraint (`EU` is Ireland's legacy name; none is us-east-1, where the call then ran). */
function bucketCreatedIn(call: Call): string {
  const constraint = optionalText(call, ['requestParameters', 'CreateBucketConfiguration', 'LocationConstraint']);
  if (constraint === undefined) return call.region;
  return constraint === 'EU' ? 'eu-west-1' : constraint;
}

/**
 * A DB instance (`db`) or cluster (`cluster`): Config and the RDS collector identify it by its
 * resource id (`db-…` / `cluster-…`), which only the response carries; without it, the lower-cased
 * identifier (RDS lower-cases identifiers) and the ARN.
 */
function rdsRead(kind: 'db' | 'cluster'): (call: Call) => Reading {
  const [type, name, resourceId, arnKey] =
    kind === 'db'
      ? (['AWS::RDS::DBInstance', 'dBInstanceIdentifier', 'dbiResourceId', 'dBInstanceArn'] as const)
      : (['AWS::RDS::DBCluster', 'dBClusterIdentifier', 'dbClusterResourceId', 'dBClusterArn'] as const);
  return (call) => {
    const identifier = optionalText(call, ['responseElements', name]) ?? text(call, ['requestParameters', name]).toLowerCase();
    const arn = optionalText(call, ['responseElements', arnKey]) ?? `arn:${call.partition}:rds:${call.region}:${call.accountId}:${kind}:${identifier}`;
    return [named(type, optionalText(call, ['responseElements', resourceId]) ?? identifier, arn)];
  };
}

const tableRead = (call: Call): Reading => {
  const name = text(call, ['requestParameters', 'tableName']);
  const arn = optionalText(call, ['responseElements', 'tableDescription', 'tableArn']) ?? `arn:${call.partition}:dynamodb:${call.region}:${call.accountId}:table/${name}`;
  return [named('AWS::DynamoDB::Table', name, arn)];
};

function queueAt(call: Call, path: Path): ResourceRef {
  const url = text(call, path);
  const ref = queueFromUrl(url, call.region);
  if (ref === undefined) throw new InputError(`${pathText(path)}: expected a queue URL https://HOST/ACCOUNT/NAME, got ${url} (${call.eventName})`);
  return ref;
}

const queueCreated = (call: Call): Reading =>
  optionalText(call, ['responseElements', 'queueUrl']) === undefined
    ? [queueRef(call.region, call.accountId, text(call, ['requestParameters', 'queueName']))]
    : [queueAt(call, ['responseElements', 'queueUrl'])];

const topicAt =
  (path: Path): ((call: Call) => Reading) =>
  (call) => {
    const arn = text(call, path);
    return [named('AWS::SNS::Topic', arn, arn)];
  };

/** A Classic Load Balancer call shares the event source of v2; gatewatch collects only v2 load balancers. */
function classicElb(call: Call): { readonly ignored: string } | undefined {
  const version = valueAt(call.detail, ['apiVersion']);
  return typeof version === 'string' && version !== ELBV2_API_VERSION
    ? { ignored: `${call.eventName} of the Classic Load Balancer API (${version}): gatewatch has no rule for Classic Load Balancers` }
    : undefined;
}

/** ELBv2 resources by ARN: `field` of each element of the list at `path`, or the string at `path`. */
function elbRead(type: ResourceType, path: Path, field?: string): (call: Call) => Reading {
  return (call) => {
    const classic = classicElb(call);
    if (classic !== undefined) return classic;
    const arns = field === undefined ? [text(call, path)] : list(call, path).map((_, index) => text(call, [...path, index, field]));
    return arns.map((arn) => named(type, arn, arn));
  };
}

const elbTagged = (call: Call): Reading => classicElb(call) ?? arnsRead(call, texts(call, ['requestParameters', 'resourceArns']));

/** ElastiCache lower-cases ids; the response's member clusters are CacheCluster items of their own. */
function replicationGroupRead(call: Call): Reading {
  const id = optionalText(call, ['responseElements', 'replicationGroupId']) ?? text(call, ['requestParameters', 'replicationGroupId']).toLowerCase();
  const base = `arn:${call.partition}:elasticache:${call.region}:${call.accountId}`;
  const members = valueAt(call.detail, ['responseElements', 'memberClusters']);
  const clusters = (Array.isArray(members) ? (members as readonly unknown[]) : []).flatMap((_, index) => {
    const member = optionalText(call, ['responseElements', 'memberClusters', index]);
    return member === undefined ? [] : [named('AWS::ElastiCache::CacheCluster', member, `${base}:cluster:${member}`)];
  });
  return [named('AWS::ElastiCache::ReplicationGroup', id, `${base}:replicationgroup:${id}`), ...clusters];
}

const domainRead = (call: Call): Reading => {
  const name = text(call, ['requestParameters', 'domainName']);
  return [named('AWS::OpenSearch::Domain', name, `arn:${call.partition}:es:${call.region}:${call.accountId}:domain/${name}`)];
};

const streamTagged = (call: Call): Reading => {
  const arn = optionalText(call, ['requestParameters', 'streamARN']);
  if (arn !== undefined) return arnsRead(call, [arn]);
  const name = text(call, ['requestParameters', 'streamName']);
  return [named('AWS::Kinesis::Stream', name, `arn:${call.partition}:kinesis:${call.region}:${call.accountId}:stream/${name}`)];
};

/** EFS TagResource names a file system by id (`fs-…`) or ARN; access points (`fsap-…`) have no rule. */
function fileSystemTagged(call: Call): Reading {
  const id = text(call, ['requestParameters', 'resourceId']);
  if (id.startsWith('arn:')) return arnsRead(call, [id]);
  if (!id.startsWith('fs-')) return { ignored: `${call.eventName} on ${id}: no resource of a type gatewatch has rules for` };
  return [named('AWS::EFS::FileSystem', id, `arn:${call.partition}:elasticfilesystem:${call.region}:${call.accountId}:file-system/${id}`)];
}

// ---- the table ----

const reread = (read: (call: Call) => Reading, region?: (call: Call) => string): CallEffect => (region === undefined ? { kind: 'reread', read } : { kind: 'reread', read, region });
const rescan = (gates: readonly Gate[], scope: 'region' | 'global' | 'all'): CallEffect => ({ kind: 'rescan', gates, scope });

function rows(service: string, eventNames: readonly string[], effect: CallEffect): CallRow[] {
  const eventSource = service === '*' ? '*' : `${service}.amazonaws.com`;
  return eventNames.map((eventName) => ({ eventSource, eventName, effect }));
}

const arnAt = (path: Path) => (call: Call) => arnsRead(call, [text(call, path)]);

/** What each mutating call means for gatewatch. A call not in the table is ignored: no rule depends on it. */
export const CLOUDTRAIL_CALLS: readonly CallRow[] = [
  // EC2: calls on one instance or volume re-read it.
  ...rows('ec2', ['RunInstances'], reread(instancesLaunched)),
  ...rows('ec2', ['CreateVolume'], reread(ec2At(['responseElements', 'volumeId']))),
  ...rows('ec2', ['ModifyInstanceAttribute'], reread(ec2At(['requestParameters', 'instanceId']))),
  ...rows('ec2', ['ModifyVolume'], reread(ec2At(['requestParameters', 'ModifyVolumeRequest', 'VolumeId']))),
  ...rows('ec2', ['AssociateAddress'], reread(addressAssociated)),
  ...rows('ec2', ['CreateTags', 'DeleteTags'], reread(ec2Tagged)),
  // Subnets, routes and internet gateways decide which subnets are public, for every instance,
  // interface, database, cache, domain and function in them. DetachInternetGateway can fix a verdict as
  // AttachInternetGateway can break one.
  ...rows(
    'ec2',
    [
      'CreateSubnet',
      'ModifySubnetAttribute',
      'CreateRoute',
      'ReplaceRoute',
      'DeleteRoute',
      'AssociateRouteTable',
      'ReplaceRouteTableAssociation',
      'DisassociateRouteTable',
      'AttachInternetGateway',
      'DetachInternetGateway',
    ],
    rescan(['private-network'], 'region'),
  ),
  ...rows('ec2', ['CreateVpcEndpoint', 'DeleteVpcEndpoints', 'ModifyVpcEndpoint'], rescan(['vpc-endpoints'], 'region')),
  ...rows('ec2', ['EnableEbsEncryptionByDefault', 'DisableEbsEncryptionByDefault'], rescan(['encryption'], 'region')),

  // S3: every bucket-level call names its bucket.
  ...rows('s3', ['CreateBucket'], reread(bucketRead, bucketCreatedIn)),
  ...rows(
    's3',
    [
      'PutBucketEncryption',
      'DeleteBucketEncryption',
      'PutBucketPolicy',
      'DeleteBucketPolicy',
      'PutBucketPublicAccessBlock',
      'DeleteBucketPublicAccessBlock',
      'PutBucketTagging',
      'DeleteBucketTagging',
    ],
    reread(bucketRead),
  ),

  // RDS. A parameter group serves many instances and only the TLS rule reads it: re-scan encryption.
  ...rows('rds', ['CreateDBInstance', 'ModifyDBInstance', 'RestoreDBInstanceFromDBSnapshot'], reread(rdsRead('db'))),
  ...rows('rds', ['CreateDBCluster', 'ModifyDBCluster'], reread(rdsRead('cluster'))),
  ...rows('rds', ['ModifyDBParameterGroup', 'ModifyDBClusterParameterGroup'], rescan(['encryption'], 'region')),
  ...rows('rds', ['AddTagsToResource', 'RemoveTagsFromResource'], reread(arnAt(['requestParameters', 'resourceName']))),

  // IAM is collected in one bulk call: any policy change re-scans least privilege in `global`.
  // Detach*/Delete* can fix a verdict as Attach*/Put* can break one; a new role or policy is also judged for its tags.
  ...rows(
    'iam',
    [
      'CreatePolicyVersion',
      'DeletePolicyVersion',
      'SetDefaultPolicyVersion',
      'DeletePolicy',
      'PutRolePolicy',
      'DeleteRolePolicy',
      'AttachRolePolicy',
      'DetachRolePolicy',
      'UpdateAssumeRolePolicy',
      'DeleteRole',
      'PutUserPolicy',
      'DeleteUserPolicy',
      'AttachUserPolicy',
      'DetachUserPolicy',
      'PutGroupPolicy',
      'DeleteGroupPolicy',
      'AttachGroupPolicy',
      'DetachGroupPolicy',
    ],
    rescan(['least-privilege'], 'global'),
  ),
  ...rows(
    'iam',
    ['CreatePolicy', 'CreateRole', 'TagRole', 'UntagRole', 'TagUser', 'UntagUser', 'TagPolicy', 'UntagPolicy'],
    rescan(['least-privilege', 'tagging'], 'global'),
  ),

  // GuardDuty is judged per Region (the account item of the Region).
  ...rows('guardduty', ['CreateDetector', 'DeleteDetector', 'UpdateDetector'], rescan(['audit-detection'], 'region')),
  // A trail can be multi-Region: a change to one moves the audit verdict of every Region.
  ...rows('cloudtrail', ['CreateTrail', 'UpdateTrail', 'DeleteTrail', 'StopLogging', 'StartLogging', 'PutEventSelectors'], rescan(['audit-detection'], 'all')),
  ...rows('cloudtrail', ['AddTags', 'RemoveTags'], reread(arnAt(['requestParameters', 'resourceId']))),

  ...rows('dynamodb', ['CreateTable', 'UpdateTable'], reread(tableRead)),
  // SQS: the collector's id is the queue URL (as ListQueues gives it).
  ...rows('sqs', ['CreateQueue'], reread(queueCreated)),
  ...rows('sqs', ['SetQueueAttributes', 'TagQueue', 'UntagQueue'], reread((call) => [queueAt(call, ['requestParameters', 'queueUrl'])])),
  // SNS: the collector's id is the topic ARN.
  ...rows('sns', ['CreateTopic'], reread(topicAt(['responseElements', 'topicArn']))),
  ...rows('sns', ['SetTopicAttributes'], reread(topicAt(['requestParameters', 'topicArn']))),

  // Elastic Load Balancing v2: load balancers and listeners are identified by ARN, which the calls carry.
  ...rows('elasticloadbalancing', ['CreateLoadBalancer'], reread(elbRead('AWS::ElasticLoadBalancingV2::LoadBalancer', ['responseElements', 'loadBalancers'], 'loadBalancerArn'))),
  ...rows('elasticloadbalancing', ['SetSubnets'], reread(elbRead('AWS::ElasticLoadBalancingV2::LoadBalancer', ['requestParameters', 'loadBalancerArn']))),
  ...rows('elasticloadbalancing', ['CreateListener'], reread(elbRead('AWS::ElasticLoadBalancingV2::Listener', ['responseElements', 'listeners'], 'listenerArn'))),
  ...rows('elasticloadbalancing', ['ModifyListener'], reread(elbRead('AWS::ElasticLoadBalancingV2::Listener', ['requestParameters', 'listenerArn']))),
  ...rows('elasticloadbalancing', ['AddTags', 'RemoveTags'], reread(elbTagged)),

  // ElastiCache and OpenSearch: the id is the group's id / the domain's name, which the request carries — no need to re-scan.
  ...rows('elasticache', ['CreateReplicationGroup', 'ModifyReplicationGroup'], reread(replicationGroupRead)),
  ...rows('elasticache', ['AddTagsToResource', 'RemoveTagsFromResource'], reread(arnAt(['requestParameters', 'resourceName']))),
  ...rows('es', ['CreateDomain', 'UpdateDomainConfig', 'CreateElasticsearchDomain', 'UpdateElasticsearchDomainConfig'], reread(domainRead)),

  ...rows('redshift', ['CreateTags', 'DeleteTags'], reread(arnAt(['requestParameters', 'resourceName']))),
  ...rows('kinesis', ['AddTagsToStream', 'RemoveTagsFromStream'], reread(streamTagged)),
  ...rows('elasticfilesystem', ['TagResource', 'UntagResource'], reread(fileSystemTagged)),
  // Auto Scaling tags name the group, whose collector id is its ARN (with a UUID no event carries): re-scan the
  // gates that judge groups.
  ...rows('autoscaling', ['CreateOrUpdateTags', 'DeleteTags'], rescan(['multi-az', 'tagging'], 'region')),

  // Tagging: the Resource Groups Tagging API, and the generic TagResource/UntagResource of any service
  // (DynamoDB, SNS, GuardDuty, ECS, CloudFront, Kinesis, …): the ARNs whose type gatewatch judges.
  ...rows('tagging', ['TagResources', 'UntagResources'], reread((call) => arnsRead(call, texts(call, ['requestParameters', 'resourceARNList'])))),
  ...rows('*', ['TagResource', 'UntagResource'], reread((call) => arnsRead(call, requestArns(call)))),
];

const TABLE: ReadonlyMap<string, CallRow> = new Map(CLOUDTRAIL_CALLS.map((row) => [`${row.eventSource} ${row.eventName}`, row]));

/** The row for a call: its own service's, else the generic one for the call name. */
export function callRow(eventSource: string, eventName: string): CallRow | undefined {
  return TABLE.get(`${eventSource} ${eventName}`) ?? TABLE.get(`* ${eventName}`);
}

// ---- the event ----

function detailText(detail: Readonly<Record<string, unknown>>, key: string): string {
  const value = detail[key];
  if (typeof value !== 'string' || value === '') throw new InputError(`detail.${key}: expected a non-empty string`);
  return value;
}

function accountOf(envelope: EventEnvelope): string {
  const recipient = envelope.detail['recipientAccountId'];
  if (recipient === undefined || recipient === null) return envelope.account;
  if (typeof recipient !== 'string' || !ACCOUNT_ID.test(recipient)) throw new InputError('detail.recipientAccountId: expected a 12-digit account id');
  return recipient;
}

/** Each resource once (a call may name one twice: CreateTags on `i-1 i-1`, an ARN list with repeats). */
function distinct(refs: readonly ResourceRef[]): readonly ResourceRef[] {
  const seen = new Set<string>();
  return refs.filter((ref) => {
    const key = `${ref.resourceType} ${ref.resourceId}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function regionOfRefs(refs: readonly ResourceRef[], region: string): string {
  return refs.every((ref) => isGlobalType(ref.resourceType)) ? 'global' : region;
}

/**
 * The change an "AWS API Call via CloudTrail" event asks for.
 * @throws {InputError} naming the field (from `detail.`) when the detail is not of CloudTrail's
 * shape, or a mapped call lacks the field that names its resource.
 */
export function cloudTrailChange(envelope: EventEnvelope): ChangeRequest {
  const { detail } = envelope;
  const eventSource = detailText(detail, 'eventSource');
  const eventName = detailText(detail, 'eventName');
  const region = detailText(detail, 'awsRegion');
  const accountId = accountOf(envelope);
  const service = eventSource.replace(/\.amazonaws\.com$/, '');
  const origin = `cloudtrail:${service}:${eventName}`;

  const errorCode = detail['errorCode'];
  if (errorCode !== undefined && errorCode !== null) {
    return { kind: 'ignored', reason: `the call failed (${typeof errorCode === 'string' ? errorCode : JSON.stringify(errorCode)}): nothing changed`, origin };
  }
  if (detail['readOnly'] === true) return { kind: 'ignored', reason: `${service}:${eventName} is a read-only call`, origin };
  const row = callRow(eventSource, eventName);
  if (row === undefined) return { kind: 'ignored', reason: `no gatewatch rule depends on ${service}:${eventName}`, origin };

  const { effect } = row;
  if (effect.kind === 'rescan') {
    const regions = effect.scope === 'region' ? [region] : effect.scope === 'global' ? ['global'] : [ALL_REGIONS];
    return { kind: 'rescan', accountId, regions, gates: effect.gates, origin };
  }
  const call: Call = { detail, eventSource, eventName, region, accountId, partition: partitionOf(region) };
  const reading = effect.read(call);
  if ('ignored' in reading) return { kind: 'ignored', reason: reading.ignored, origin };
  const resources = distinct(reading);
  return { kind: 'reread', accountId, region: effect.region?.(call) ?? regionOfRefs(resources, region), resources, origin };
}
