/**
 * The contract of a live collector: which resource types it produces, and how it collects them
 * in one account × Region through a {@link CollectContext}. Collectors hold no clients of their
 * own and never catch errors into defaults: the context records every failure as a
 * CollectionError for exactly the types the failed call feeds.
 */
import type { ClientClass } from '../../aws/clients.js';
import type { ResourceType } from '../../model/configuration-item.js';
import type { NamedResource, Restriction } from '../source.js';

/** Tags by resource ARN, as the Tagging API returns them. */
export type TagsByArn = ReadonlyMap<string, Readonly<Record<string, string>>>;

/** A configuration item as a collector builds it; the context adds account, Region and time. */
export interface RawItem {
  readonly resourceType: ResourceType;
  /** Set by collectors whose one call lists resources of many Regions (S3 buckets); default: the context's. */
  readonly awsRegion?: string | undefined;
  readonly resourceId: string;
  readonly resourceName?: string | undefined;
  readonly ARN?: string | undefined;
  readonly availabilityZone?: string | undefined;
  readonly resourceCreationTime?: string | undefined;
  readonly tags?: Readonly<Record<string, string>> | undefined;
  readonly relationships?: readonly { readonly resourceType: string; readonly resourceId?: string; readonly resourceName?: string; readonly name: string }[];
  /** As AWS Config records it for this type (camelCase or PascalCase exactly as Config does). */
  readonly configuration: Readonly<Record<string, unknown>>;
  readonly supplementaryConfiguration?: Readonly<Record<string, unknown>>;
}

export interface CollectContext {
  readonly accountId: string;
  /** The Region collected (for a global collector: the Region its API is called in). */
  readonly region: string;
  /** `aws`, `aws-cn`, `aws-us-gov`. */
  readonly partition: string;
  /** Every Region of the scan (a global collector emits nothing for other Regions). */
  readonly regions: readonly string[];
  /**
   * The SDK client for this Region — or for `region`, when a global collector must call a
   * resource's own Region (an S3 bucket's) — created once per scan and configured by the source.
   */
  client<C>(type: ClientClass<C>, region?: string): C;
  /**
   * Sends one request: counted per operation, retried on throttling past the SDK's own adaptive
   * retry, under the service's concurrency limit. Throws when it finally fails.
   */
  call<O>(operation: string, request: () => Promise<O>, options?: CallOptions): Promise<O>;
  /** Follows a pagination token to the end, one counted call per page. */
  pages<O>(operation: string, request: (token: string | undefined) => Promise<O>, next: (output: O) => string | undefined, options?: CallOptions): AsyncGenerator<O>;
  /** Adds an item; an item that fails validation is recorded as an error for its type, not dropped silently. */
  emit(item: RawItem): void;
  /**
   * Adds facts to this Region's `AWS::::Account` item (`{ebsEncryptionByDefault: true}`). The
   * source emits one account item per Region with every fact collected; a fact whose call failed
   * is simply absent (rules reading it are UNKNOWN), and the failure is recorded by `attempt`.
   */
  accountFact(facts: Readonly<Record<string, unknown>>): void;
  /**
   * Runs a part of the collection that feeds `types`. A failure is recorded as a CollectionError
   * for those types (their rules become UNKNOWN in this scope — for a global collector, in every
   * Region scanned) and the rest goes on; items emitted before the failure are kept.
   * `aspect: 'tags'` marks a failure to read tags only; `resourceIds` a failure of a
   * per-resource call that concerns those resources only (`region` then names their Region).
   * With `resourceIds`, still emit those resources with what the listing gave: the engine marks
   * UNKNOWN only items it has, and a resource never emitted would vanish from the report.
   */
  attempt(types: readonly ResourceType[], task: () => Promise<void>, scope?: AttemptScope): Promise<void>;
  /**
   * Tags of many resources at once from the Resource Groups Tagging API (GetResources, 100 per
   * page), for the given `service:type` filters, in the context's Region or `region` (a global
   * collector's resources: S3 buckets in theirs, CloudFront in us-east-1); one walk per Region and
   * filter set. Throws if the walk fails: call it inside `attempt(…, { aspect: 'tags' })`.
   */
  taggingApi(resourceTypeFilters: readonly string[], region?: string): Promise<ReadonlyMap<string, Readonly<Record<string, string>>>>;
  /**
   * Tags of the given resources only, from the Tagging API (GetResources with a ResourceARNList,
   * up to 100 ARNs per call, no walk): what a targeted read uses instead of {@link taggingApi}. A
   * resource without tags is absent from the answer, as from a walk. Throws if a call fails: call
   * it inside `attempt(…, { aspect: 'tags' })`.
   */
  tagsOf(arns: readonly string[], region?: string): Promise<TagsByArn>;
  /**
   * How the request narrows `type` (see CollectRequest.only): undefined to collect every resource
   * of it. A collector honours it where AWS offers a call by id, name or filter; one that does not
   * lists the type whole, and the context keeps only the named resources it emits.
   */
  restriction(type: ResourceType): Restriction | undefined;
  /** CollectRequest.credentialsChangedAt: the time of the credential change a re-scan follows, if any. */
  readonly credentialsChangedAt?: Date | undefined;
  /** The scan's clock (a test's frozen one): what a collector compares a report's age with. */
  now(): Date;
  /**
   * Waits between polls of an asynchronous job (the IAM credential report), on the scan's sleep;
   * past the deadline it fails with DeadlineReached, as a call would.
   */
  sleep(milliseconds: number): Promise<void>;
}

export interface CallOptions {
  /**
   * The Region the request is sent to, when it is not the context's (a global collector calling
   * a bucket's own Region): the call then waits under that Region's concurrency limit.
   */
  readonly region?: string | undefined;
  /**
   * The service the call is counted, limited and reported under, when it is not the collector's
   * (the Cost Explorer collector's DescribeOrganization is Organizations').
   */
  readonly service?: string | undefined;
}

export interface AttemptScope {
  /** `tags`, or the supplementary fact the failed call feeds (see CollectionError.aspect). */
  readonly aspect?: string;
  readonly resourceIds?: readonly string[];
  /** The Region of those resources, when it is not the context's (a global collector's buckets). */
  readonly region?: string;
}

export interface Collector {
  /** The service label for call accounting and its concurrency limit (`ec2`, `rds`, …). */
  readonly service: string;
  readonly produces: readonly ResourceType[];
  /** Global collectors run once per account (IAM, CloudFront, S3's bucket list). */
  readonly global?: boolean;
  /** Collects `types` (the requested subset of `produces`) in one account × Region. */
  collect(context: CollectContext, types: ReadonlySet<ResourceType>): Promise<void>;
}

/** Key/Value tag lists of the SDK (`[{Key, Value}]`) as a map. */
export function tagMap(tags: readonly { readonly Key?: string | undefined; readonly Value?: string | undefined }[] | undefined): Record<string, string> {
  // fromEntries defines every key as an own property: an assignment would drop a tag named `__proto__`.
  return Object.fromEntries((tags ?? []).flatMap((tag) => (tag.Key === undefined ? [] : [[tag.Key, tag.Value ?? '']])));
}

/** Turns SDK values into what a JSON configuration item holds: Dates become ISO strings. */
export function plain(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(plain);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined).map(([key, entry]) => [key, plain(entry)]));
  }
  return value;
}

/**
 * AWS Config's camelCase for the many types it records from the service API: the SDK's
 * PascalCase with the first letter lowered (`DBInstanceIdentifier` → `dBInstanceIdentifier`,
 * `MultiAZ` → `multiAZ`), deeply; Dates become ISO strings.
 */
export function camel(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(camel);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, entry]) => entry !== undefined)
        .map(([key, entry]) => [key.charAt(0).toLowerCase() + key.slice(1), camel(entry)]),
    );
  }
  return value;
}

/** The resources a named restriction selects for `type`; undefined when the type is not restricted by name. */
export function namedResources(context: CollectContext, type: ResourceType): readonly NamedResource[] | undefined {
  const restriction = context.restriction(type);
  return restriction?.kind === 'named' ? restriction.resources : undefined;
}

/** Whether an item is the named resource: by ARN when the name carries one, else by the collector's id or the name. */
export function isNamed(item: Pick<RawItem, 'resourceId' | 'resourceName' | 'ARN'>, resource: NamedResource): boolean {
  if (resource.arn !== undefined && item.ARN === resource.arn) return true;
  return item.resourceId === resource.resourceId || (item.resourceName !== undefined && item.resourceName === resource.resourceId);
}
