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

export interface CollectRequest {
  /** The resource types the selected rules read; a source collects these and no others. */
  readonly resourceTypes: ReadonlySet<ResourceType>;
  /** Regions to cover; absent means every Region the source has. */
  readonly regions?: readonly string[] | undefined;
}

export interface Collection {
  readonly items: readonly AnyConfigurationItem[];
  /** The regional scopes covered (global types are covered per account with them). */
  readonly scopes: readonly Scope[];
  readonly errors: readonly CollectionError[];
  /** Items of types gatewatch has no rules for, by type; informational only. */
  readonly skippedTypes?: Readonly<Record<string, number>> | undefined;
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
