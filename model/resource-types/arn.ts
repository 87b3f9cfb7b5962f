/**
 * ARNs of the resource types gatewatch describes: how a description says what its ARN looks like,
 * so that one statement serves the collectors (which build an ARN where the API returns none),
 * the event adapter (which builds the ARN of a resource a CloudTrail call names, and recognises
 * the type of an ARN a tagging call names) and the tests.
 */

/** Where a resource lives, besides its name: a collector's context and a CloudTrail call both are one. */
export interface ArnScope {
  readonly partition: string;
  readonly region: string;
  readonly accountId: string;
}

export interface ArnFormat {
  /** The ARN's service (`ec2`, `es`, `elasticfilesystem`). */
  readonly service: string;
  /** `false`: the ARN names no Region (S3, IAM, CloudFront); an ARN of the service that names one is not of this type. */
  readonly regional: boolean;
  /** `false`: the ARN names no account (S3). Otherwise only an ARN with a 12-digit account is (`aws` owns AWS managed policies). */
  readonly inAccount: boolean;
  /** The resource part of an ARN of this type, the name in its first group (if any). */
  readonly resource: RegExp;
  /**
   * The collector's id of a resource whose ARN holds `name`: the name itself (default), the ARN
   * (`arn`: SNS topics, load balancers, …), or derived (an SQS queue's URL).
   */
  readonly id: 'name' | 'arn' | ((scope: ArnScope, name: string) => string);
  /** The ARN the collectors and the event adapter give a resource of this name; absent where only AWS hands out the ARN. */
  readonly build?: (scope: ArnScope, name: string) => string;
  /** A matching ARN names the resource in a longer form (a Lambda version's): its ref carries the built ARN instead. */
  readonly canonical?: true;
  /** The prefix of every id of the type (`i-`, `vol-`), by which an id alone tells its type. */
  readonly idPrefix?: string;
}

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

interface NamedOptions {
  /** The ARN names no Region. */
  readonly regional?: false;
  /** Every id starts with it (EC2's `i-`, `vol-`…; EFS's `fs-`). */
  readonly idPrefix?: string;
  /** The name, as a regular expression, where it is not one segment (an automated RDS snapshot's `rds:NAME`). */
  readonly name?: string;
}

/** A format whose ARN gatewatch builds from a name. */
export interface BuiltArnFormat extends ArnFormat {
  readonly build: (scope: ArnScope, name: string) => string;
}

function named(service: string, kind: string, separator: '/' | ':', options: NamedOptions): BuiltArnFormat {
  const regional = options.regional !== false;
  const segment = `${escape(options.idPrefix ?? '')}[^${escape(separator)}]${options.idPrefix === undefined ? '+' : '*'}`;
  const name = `(${options.name ?? segment})`;
  return {
    service,
    regional,
    inAccount: true,
    resource: new RegExp(`^${escape(kind + separator)}${name}$`),
    id: 'name',
    build: (scope, resourceName) => `arn:${scope.partition}:${service}:${regional ? scope.region : ''}:${scope.accountId}:${kind}${separator}${resourceName}`,
    ...(options.idPrefix === undefined ? {} : { idPrefix: options.idPrefix }),
  };
}

/** `arn:P:SERVICE:REGION:ACCOUNT:KIND/NAME`, the collector's id being NAME (one segment: `table/t/stream/…` is no table). */
export function slashNamed(service: string, kind: string, options: NamedOptions = {}): BuiltArnFormat {
  return named(service, kind, '/', options);
}

/** `arn:P:SERVICE:REGION:ACCOUNT:KIND:NAME`, the collector's id being NAME (RDS, ElastiCache, Redshift). */
export function colonNamed(service: string, kind: string, options: NamedOptions = {}): BuiltArnFormat {
  return named(service, kind, ':', options);
}

/** Resources whose collector id is their ARN, which only AWS hands out (load balancers, Auto Scaling groups, ECS services). */
export function arnIdentified(service: string, resource: RegExp): ArnFormat {
  return { service, regional: true, inAccount: true, resource, id: 'arn' };
}

export interface Arn {
  readonly partition: string;
  readonly service: string;
  readonly region: string;
  readonly account: string;
  readonly resource: string;
}

export function parseArn(value: string): Arn | undefined {
  const parts = value.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') return undefined;
  const [, partition = '', service = '', region = '', account = ''] = parts;
  return { partition, service, region, account, resource: parts.slice(5).join(':') };
}

const ACCOUNT_ID = /^\d{12}$/;

/** The resource an ARN names if it is of this format: its collector id and the ARN to carry; `undefined` if it is not. */
export function matchArn(format: ArnFormat, value: string, arn: Arn): { readonly resourceId: string; readonly arn: string } | undefined {
  if (arn.service !== format.service) return undefined;
  if (!format.regional && arn.region !== '') return undefined;
  if (format.inAccount && !ACCOUNT_ID.test(arn.account)) return undefined;
  const match = format.resource.exec(arn.resource);
  if (match === null) return undefined;
  const name = match[1] ?? arn.resource;
  const scope: ArnScope = { partition: arn.partition, region: arn.region, accountId: arn.account };
  const resourceId = format.id === 'name' ? name : format.id === 'arn' ? value : format.id(scope, name);
  return { resourceId, arn: format.canonical === true && format.build !== undefined ? format.build(scope, name) : value };
}

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

/** The DNS suffix of a Region's service endpoints (`amazonaws.com`, `amazonaws.com.cn` …). */
export function dnsSuffixOf(region: string): string {
  return DNS_SUFFIX[partitionOf(region)] ?? 'amazonaws.com';
}
