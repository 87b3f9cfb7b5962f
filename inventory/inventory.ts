/**
 * The Inventory: configuration items indexed by type, scope and id, with the network facts
 * derived from them. Built once per scan; everything a rule may look up goes through it.
 */
import {
  GLOBAL_REGION,
  isGlobalType,
  itemKey,
  type AnyConfigurationItem,
  type ConfigurationItem,
  type ResourceType,
} from '../model/configuration-item.js';
import { partitionOf } from '../model/resource-types/arn.js';
import { NetworkFacts } from './network.js';
import type { Scope } from './source.js';

const ACCOUNT_TYPE = 'AWS::::Account';
const ROOT_TYPE = 'AWS::IAM::RootUser';
/** The account's cost controls (model/resource-types/billing.ts): one of each per account, synthesised where no source gave it. */
const BILLING_TYPES = ['AWS::Budgets::Account', 'AWS::CE::Account'] as const satisfies readonly ResourceType[];
const key = (accountId: string, region: string): string => `${accountId}/${region}`;

function byKey(a: AnyConfigurationItem, b: AnyConfigurationItem): number {
  const left = itemKey(a);
  const right = itemKey(b);
  return left < right ? -1 : left > right ? 1 : 0;
}

/** The synthetic account × Region item for sources that carry no facts of their own about it. */
export function emptyAccountItem(scope: Scope): ConfigurationItem<'AWS::::Account'> {
  return {
    resourceType: ACCOUNT_TYPE,
    resourceId: scope.accountId,
    resourceName: scope.accountId,
    awsAccountId: scope.accountId,
    awsRegion: scope.region,
    tags: {},
    relationships: [],
    configuration: {},
    supplementaryConfiguration: {},
  };
}

/**
 * The account's root user for sources that did not give it (an AWS Config snapshot, a collection
 * that failed): no credential report row, so the rules judging it are UNKNOWN rather than absent.
 * Its ARN is the one the live collector gives it, in the partition of the account's Regions.
 */
export function emptyRootItem(accountId: string, partition: string): ConfigurationItem<'AWS::IAM::RootUser'> {
  const arn = `arn:${partition}:iam::${accountId}:root`;
  return {
    resourceType: ROOT_TYPE,
    resourceId: accountId,
    resourceName: 'root',
    ARN: arn,
    awsAccountId: accountId,
    awsRegion: GLOBAL_REGION,
    tags: {},
    relationships: [],
    configuration: { accountId, arn },
    supplementaryConfiguration: {},
  };
}

/**
 * The account's budgets or Cost Explorer facts for sources that did not give them (an AWS Config
 * snapshot, a collection that failed): no facts, so the cost-controls rules are UNKNOWN rather
 * than absent.
 */
export function emptyBillingItem(type: (typeof BILLING_TYPES)[number], accountId: string): AnyConfigurationItem {
  return {
    resourceType: type,
    resourceId: accountId,
    resourceName: accountId,
    awsAccountId: accountId,
    awsRegion: GLOBAL_REGION,
    tags: {},
    relationships: [],
    configuration: { accountId },
    supplementaryConfiguration: {},
  };
}

export class Inventory {
  /** type → account/region → items, each list sorted by ARN (else account/region/type/id). */
  private readonly index = new Map<ResourceType, Map<string, AnyConfigurationItem[]>>();
  private readonly ids = new Map<string, AnyConfigurationItem>();
  private readonly network = new Map<string, NetworkFacts>();
  /** Regional scopes, sorted. */
  readonly scopes: readonly Scope[];
  /** Global scopes: one per account, Region `global`. */
  readonly globalScopes: readonly Scope[];

  /**
   * @param items the collected items.
   * @param scopes the regional scopes covered; an `AWS::::Account` item is synthesised for
   *   each scope that has none, so account-level rules run everywhere, and an
   *   `AWS::IAM::RootUser` item (and `AWS::Budgets::Account`, `AWS::CE::Account` ones) for each
   *   global scope that has none.
   * @param options.includeGlobal false when global resources (IAM, CloudFront) were not collected:
   *   then there are no global scopes, so nothing is judged — or resolved — there.
   */
  constructor(items: readonly AnyConfigurationItem[], scopes: readonly Scope[], options: { readonly includeGlobal?: boolean } = {}) {
    const sortedScopes = [...new Map(scopes.map((scope) => [key(scope.accountId, scope.region), scope])).values()].sort(
      (a, b) => key(a.accountId, a.region).localeCompare(key(b.accountId, b.region)),
    );
    this.scopes = sortedScopes;
    const accounts = new Set([...sortedScopes.map((scope) => scope.accountId), ...items.map((item) => item.awsAccountId)]);
    this.globalScopes = options.includeGlobal === false ? [] : [...accounts].sort().map((accountId) => ({ accountId, region: GLOBAL_REGION }));

    for (const item of items) this.add(item);
    for (const scope of sortedScopes) {
      if (this.inScope(ACCOUNT_TYPE, scope).length === 0) this.add(emptyAccountItem(scope));
    }
    // The root user too, in each global scope (its partition: that of the account's Regions).
    for (const scope of this.globalScopes) {
      if (this.inScope(ROOT_TYPE, scope).length > 0) continue;
      const region = sortedScopes.find((candidate) => candidate.accountId === scope.accountId)?.region;
      this.add(emptyRootItem(scope.accountId, region === undefined ? 'aws' : partitionOf(region)));
    }
    for (const scope of this.globalScopes) for (const type of BILLING_TYPES) if (this.inScope(type, scope).length === 0) this.add(emptyBillingItem(type, scope.accountId));
    for (const perScope of this.index.values()) for (const list of perScope.values()) list.sort(byKey);
  }

  private add(item: AnyConfigurationItem): void {
    let perScope = this.index.get(item.resourceType);
    if (perScope === undefined) {
      perScope = new Map();
      this.index.set(item.resourceType, perScope);
    }
    const scopeKey = key(item.awsAccountId, item.awsRegion);
    const list = perScope.get(scopeKey);
    if (list === undefined) perScope.set(scopeKey, [item]);
    else list.push(item);
    this.ids.set(`${scopeKey}/${item.resourceType}/${item.resourceId}`, item);
  }

  /** The items of a type in one scope (global types: pass the account's `global` scope or any Region). */
  inScope<T extends ResourceType>(type: T, scope: Scope): readonly ConfigurationItem<T>[] {
    const region = isGlobalType(type) ? GLOBAL_REGION : scope.region;
    // Items are filed under their own resourceType, so this list holds only ConfigurationItem<T>.
    return (this.index.get(type)?.get(key(scope.accountId, region)) ?? []) as unknown as readonly ConfigurationItem<T>[];
  }

  /** All items of a type across scopes, in a stable order. */
  ofType<T extends ResourceType>(type: T): readonly ConfigurationItem<T>[] {
    const perScope = this.index.get(type);
    if (perScope === undefined) return [];
    return [...perScope.keys()].sort().flatMap((scopeKey) => perScope.get(scopeKey) ?? []) as unknown as ConfigurationItem<T>[];
  }

  /** One item by type and resource id, in the scope of `near` (the item that refers to it). */
  get<T extends ResourceType>(type: T, resourceId: string, near: Scope): ConfigurationItem<T> | undefined {
    const region = isGlobalType(type) ? GLOBAL_REGION : near.region;
    return this.ids.get(`${key(near.accountId, region)}/${type}/${resourceId}`) as unknown as ConfigurationItem<T> | undefined;
  }

  /** The network facts of a scope (derived once, on first use). */
  networkOf(scope: Scope): NetworkFacts {
    const scopeKey = key(scope.accountId, scope.region);
    let facts = this.network.get(scopeKey);
    if (facts === undefined) {
      const endpoints = new Map<string, ConfigurationItem<'AWS::EC2::VPCEndpoint'>[]>();
      for (const endpoint of this.inScope('AWS::EC2::VPCEndpoint', scope)) {
        const vpcId = endpoint.configuration.vpcId;
        if (!vpcId) continue;
        const list = endpoints.get(vpcId);
        if (list === undefined) endpoints.set(vpcId, [endpoint]);
        else list.push(endpoint);
      }
      const inUse = new Set<string>();
      for (const eni of this.inScope('AWS::EC2::NetworkInterface', scope)) {
        if (eni.configuration.vpcId) inUse.add(eni.configuration.vpcId);
      }
      facts = new NetworkFacts(
        this.inScope('AWS::EC2::Subnet', scope),
        this.inScope('AWS::EC2::RouteTable', scope),
        endpoints,
        inUse,
      );
      this.network.set(scopeKey, facts);
    }
    return facts;
  }
}

/** The scope an item belongs to. */
export function scopeOf(item: AnyConfigurationItem): Scope {
  return { accountId: item.awsAccountId, region: item.awsRegion };
}
