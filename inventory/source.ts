/**
 * What every source of configuration items (live collectors, AWS Config, events, snapshots)
 * hands the engine: the items, the account × Region scopes it covered, and what it failed to read.
 */
import type { AnyConfigurationItem, ResourceType } from '../model/configuration-item.js';
import type { CallCount } from '../aws/call-stats.js';

/** One account × Region. IAM and other global types are recorded under Region `global`. */
export interface Scope {
  readonly accountId: string;
  readonly region: string;
}

/**
 * Something a source could not read. Every rule that needs one of `resourceTypes` in this
 * account and Region becomes UNKNOWN there, with this as the cause.
 */
export interface CollectionError {
  readonly accountId: string;
  /** The Region, or `global` for a global service. */
  readonly region: string;
  readonly resourceTypes: readonly ResourceType[];
  readonly service: string;
  readonly operation: string;
  /** The AWS error code (`AccessDeniedException`, `ThrottlingException`, …) or gatewatch's own. */
  readonly code: string;
  readonly message: string;
  /**
   * Only one aspect of the items could not be read, not the items themselves: `tags`, or a fact
   * a collector adds (`DBParameters`, `CacheSubnetGroup`, `TrailStatus` …). Only rules that read
   * that aspect are UNKNOWN (tags: the tagging gate and production-scoped rules; others: rules
   * listing it in `meta.reads`); the other rules judge the items as usual.
   */
  readonly aspect?: string | undefined;
  /**
   * Present when the failure concerns these resources only (a per-resource call such as S3's
   * GetBucketPolicy): those items are UNKNOWN for every rule on them; the rest of the scope is
   * judged as usual.
   */
  readonly resourceIds?: readonly string[] | undefined;
}

/**
 * A resource a re-read names, as a change event carries it (`ResourceRef` in
 * inventory/events/change-request.ts): the collector's id (a bucket's name, a queue's URL, a
 * topic's ARN, a DB instance's DbiResourceId …) or, where the event carries only a name, that name
 * with `arn` set. A collector matches on `arn` whenever it is present.
 */
export interface NamedResource {
  readonly resourceId: string;
  readonly arn?: string | undefined;
}

/**
 * How a resource relates to the item whose rules need it, as the EC2 and RDS APIs filter on it:
 * `vpc-id`, the resources in these VPCs (route tables, VPC endpoints, network interfaces, internet
 * gateways attached to them); `db-cluster-id`, the DB instances of these DB clusters (by identifier).
 */
export type RelatedFilter = 'vpc-id' | 'db-cluster-id';

/** Which resources of one type a collection reads, when not all of them (see {@link CollectRequest.only}). */
export type Restriction =
  /** These resources: what a change event touched. */
  | { readonly kind: 'named'; readonly resources: readonly NamedResource[] }
  /** The resources related to an event's item by `filter` (the context its rules read). */
  | { readonly kind: 'related'; readonly filter: RelatedFilter; readonly values: readonly string[] };

export interface CollectRequest {
  /** The resource types the selected rules read; a source collects these and no others. */
  readonly resourceTypes: ReadonlySet<ResourceType>;
  /** Regions to cover; absent means every Region the source has. */
  readonly regions?: readonly string[] | undefined;
  /**
   * Types to read only some resources of; a type absent here is collected whole. A change event
   * reads what it touched and the context related to it, so its cost does not grow with the
   * account. For a restricted type:
   *
   * - only the resources it selects are emitted; none selected (an empty list) costs no call;
   * - a named resource AWS answers does not exist (its API's not-found code, or an empty answer to a
   *   describe by id or by filter) is simply absent — as it is from a full listing once it is gone,
   *   so its findings can be archived;
   * - any other failure is a CollectionError of the type: with `resourceIds` (those resources are
   *   UNKNOWN) for named resources, scope-wide for a related filter (which names no resource).
   *
   * A collector with no targeted read for a type lists it whole, which stays correct: the live
   * source then keeps only the named resources, and a related filter yields a superset.
   */
  readonly only?: ReadonlyMap<ResourceType, Restriction> | undefined;
  /**
   * When a call changed IAM credentials, for a re-scan that call started: IAM's credential report
   * is regenerated only when more than 4 hours old, so a report generated before this time does not
   * show the change and is not judged (its rules are UNKNOWN in that run, their findings untouched).
   */
  readonly credentialsChangedAt?: Date | undefined;
}

export interface Collection {
  readonly items: readonly AnyConfigurationItem[];
  /** The regional scopes covered (global types are covered per account with them). */
  readonly scopes: readonly Scope[];
  readonly errors: readonly CollectionError[];
  /** Items of types gatewatch has no rules for, by type; informational only. */
  readonly skippedTypes?: Readonly<Record<string, number>> | undefined;
  /** What the source's input calls for saying beside the findings (a snapshot listing a resource twice); the scan's result lists them. */
  readonly warnings?: readonly string[] | undefined;
  /** API calls made, for sources that call AWS. */
  readonly calls?: readonly CallCount[] | undefined;
  /** The items as collected, in AWS Config's snapshot form (for `gatewatch snapshot`). */
  readonly rawItems?: readonly Readonly<Record<string, unknown>>[] | undefined;
}

export interface Source {
  /** For reports: `snapshot examples/demo-account.json`, `live 123456789012`. */
  readonly description: string;
  collect(request: CollectRequest): Promise<Collection>;
}
