/**
 * What the services of the mocked account share: the account's constants, the helpers their data
 * builders use (tags, ids, the Tagging API registry) and the helpers their mocks use (pagination
 * that behaves like AWS's, lookups by name, batch limits, the Region of the client called).
 */
import { ACCOUNT } from '../account.js';

export { ACCOUNT };

/** The Region where the live source calls global services (see mockedLiveSource). */
export const HOME_REGION = 'us-east-1';
/** The Tagging API Region of CloudFront distributions. */
export const CLOUDFRONT_TAG_REGION = 'us-east-1';
export const CREATED = new Date('2025-06-01T00:00:00Z');

/** An output without the SDK's response metadata (the mock adds none). */
export type Out<T> = Omit<T, '$metadata'>;
export type Tags = Readonly<Record<string, string>>;

/** A mock to restore when the account is uninstalled. */
export interface Restorable {
  restore(): void;
}

/** How a fake reaches the client it was called on (aws-sdk-client-mock's `getClient`). */
export type GetClient = () => { config: { region: unknown } };

/** A service's data in the Region of the client a fake was called on. */
export type At<D> = (getClient: GetClient) => Promise<D>;

// ---------------------------------------------------------------- helpers

export function hex(value: number, width: number): string {
  return value.toString(16).padStart(width, '0');
}

export function nth<T>(list: readonly T[], index: number): T {
  const value = list[index % list.length];
  if (value === undefined) throw new Error('nth of an empty list');
  return value;
}

/** An error as the SDK throws a service's answer. */
export function awsError(name: string, message: string): Error {
  return Object.assign(new Error(message), { name, $fault: 'client', $metadata: { httpStatusCode: 400, attempts: 1 } });
}

export function tagsOf(kind: string, index: number): Tags {
  return { Name: `${kind}-${index}`, owner: `team-${index % 12}`, 'cost-center': `cc-${index % 7}` };
}

/** Tags as the SDKs' `[{Key, Value}]` lists. */
export const ec2Tags = (tags: Tags): { Key: string; Value: string }[] => Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));

/**
 * The Region a mocked client was created for. Read it before the fake's first `await`: `getClient`
 * answers the client of the latest call, which another call may have become meanwhile.
 */
export async function regionOf(getClient: GetClient): Promise<string> {
  const { region } = getClient().config;
  const value: unknown = typeof region === 'function' ? await (region as () => Promise<unknown>)() : region;
  if (typeof value !== 'string') throw new Error('mocked client without a Region');
  return value;
}

/** Page tokens are opaque to the caller and checked on the way back. */
function token(label: string, offset: number): string {
  return Buffer.from(`${label}#${offset}`).toString('base64');
}

function offsetOf(label: string, value: string | undefined): number {
  if (value === undefined || value === '') return 0;
  const [owner, offset] = Buffer.from(value, 'base64').toString().split('#');
  const parsed = Number(offset);
  if (owner !== label || !Number.isInteger(parsed) || parsed < 0) throw awsError('InvalidPaginationToken', `${label}: not a token of this call: ${value}`);
  return parsed;
}

export interface Page<T> {
  readonly items: T[];
  readonly next: string | undefined;
}

/**
 * One page of `items`: at most `asked` (the request's page size; AWS's default when absent),
 * never more than the API's `max`, with a token while items remain.
 */
export function paginate<T>(label: string, items: readonly T[], tokenIn: string | undefined, asked: number | undefined, max: number, fallback = max): Page<T> {
  const size = Math.min(asked ?? fallback, max);
  if (!Number.isInteger(size) || size < 1) throw awsError('ValidationException', `${label}: invalid page size ${String(asked)}`);
  const offset = offsetOf(label, tokenIn);
  const end = Math.min(offset + size, items.length);
  return { items: items.slice(offset, end), next: end < items.length ? token(label, end) : undefined };
}

/** Lookups by name for the per-resource calls: each list indexed once, on first use. */
const indices = new WeakMap<object, Map<string, object>>();

export function lookup<T extends object>(list: readonly T[], keys: (item: T) => readonly (string | undefined)[], key: string | undefined): T | undefined {
  let index = indices.get(list);
  if (index === undefined) {
    index = new Map();
    for (const item of list) for (const name of keys(item)) if (name !== undefined) index.set(name, item);
    indices.set(list, index);
  }
  return key === undefined ? undefined : (index.get(key) as T | undefined);
}

export function batchLimit(label: string, names: readonly unknown[] | undefined, max: number): void {
  const count = names?.length ?? 0;
  if (count === 0 || count > max) throw awsError('ValidationException', `${label} takes 1 to ${max} names, got ${count}`);
}

// ---------------------------------------------------------------- building the data

/** A resource the Tagging API lists, with its `service[:type]` for the filters. */
export interface TaggedResource {
  readonly arn: string;
  readonly service: string;
  readonly type: string | undefined;
  readonly tags: Tags;
}

/** What a service's data builder works with in one Region. */
export interface Build {
  readonly region: string;
  /** Resources of each type. */
  readonly n: number;
  /** Resources that serve many (parameter groups, cache subnet groups): one per hundred. */
  readonly auxiliary: number;
  readonly zones: string[];
  /** An ARN of this account and Region. */
  arn(service: string, resource: string): string;
  /** An EC2-style id: `prefix-` and 17 hex digits. */
  id(prefix: string, index: number): string;
  /** One of 50 security groups. */
  groupId(index: number): string;
  /** Lists a resource in the Region's Tagging API. */
  register(resourceArn: string, service: string, type: string | undefined, tags: Tags): void;
}

export function build(region: string, n: number, registry: TaggedResource[]): Build {
  const id = (prefix: string, index: number) => `${prefix}-${hex(index, 17)}`;
  return {
    region,
    n,
    auxiliary: Math.max(1, Math.ceil(n / 100)),
    zones: ['a', 'b', 'c'].map((letter) => `${region}${letter}`),
    arn: (service, resource) => `arn:aws:${service}:${region}:${ACCOUNT}:${resource}`,
    id,
    groupId: (index) => id('sg', index % 50),
    register: (resourceArn, service, type, tags) => registry.push({ arn: resourceArn, service, type, tags }),
  };
}

/** The VPC and subnet the `index`th resource of another service sits in. */
export interface Network {
  vpcOf(index: number): string;
  subnetOf(index: number): string;
}
