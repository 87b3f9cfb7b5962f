/**
 * The sources of a change event's narrow scan: the item AWS Config sent ({@link EventItemSource}),
 * or the resources a call named, re-read ({@link NamedResourcesSource}) — each with only the
 * context its rules need that relates to those resources (an EC2 instance's own subnets and the
 * route tables of its VPC; a VPC's endpoints and network interfaces; a DB cluster's instances),
 * read by id or by filter through the live source's restrictions (CollectRequest.only). What one
 * event costs is then a handful of calls, whatever the size of the account.
 *
 * The context is found in the items themselves: every EC2 subnet and VPC id an item carries
 * anywhere (configuration, supplementary configuration, relationships) is read. A rule looks its
 * context up by the ids its item carries, so an id it reads is among them; an id no rule reads
 * only widens the same filtered call. Where the items name subnets but not their VPC (a Lambda
 * function, an ECS service), the route tables, endpoints … of the subnets' VPCs are read once the
 * subnets are.
 *
 * A context type gatewatch has no relation for is read whole, as before: still correct. A failure
 * to read context is recorded for its type in the scope, not for the named ids: a rule needing it
 * is then UNKNOWN with the failed call named (the engine ignores per-resource errors of the types
 * a rule only needs).
 */
import { itemKey, type AnyConfigurationItem, type ResourceType } from '../model/configuration-item.js';
import type { CallCount } from '../aws/call-stats.js';
import type { Collection, CollectionError, CollectRequest, NamedResource, Restriction, Source } from './source.js';

const SUBNET: ResourceType = 'AWS::EC2::Subnet';
const VPC: ResourceType = 'AWS::EC2::VPC';
const DB_INSTANCE: ResourceType = 'AWS::RDS::DBInstance';
const DB_CLUSTER: ResourceType = 'AWS::RDS::DBCluster';
const ACCOUNT: ResourceType = 'AWS::::Account';

/** Context types read as the resources of given VPCs (`vpc-id`). */
const IN_VPC: ReadonlySet<ResourceType> = new Set<ResourceType>([
  'AWS::EC2::RouteTable',
  'AWS::EC2::VPCEndpoint',
  'AWS::EC2::NetworkInterface',
  'AWS::EC2::InternetGateway',
  'AWS::EC2::Instance',
]);

/** EC2 ids as they appear in items, alone or in a comma-separated list (an Auto Scaling group's `vpczoneIdentifier`). */
const SUBNET_ID = /\bsubnet-[0-9a-f]{8,17}\b/g;
const VPC_ID = /\bvpc-[0-9a-f]{8,17}\b/g;

/** Every string in a JSON value, deeply. */
function* strings(value: unknown): Generator<string> {
  if (typeof value === 'string') yield value;
  else if (Array.isArray(value)) for (const entry of value) yield* strings(entry);
  else if (typeof value === 'object' && value !== null) for (const entry of Object.values(value)) yield* strings(entry);
}

export interface NetworkIds {
  readonly subnetIds: readonly string[];
  readonly vpcIds: readonly string[];
}

/** The EC2 subnet and VPC ids the items carry anywhere: in their configuration, supplementary configuration and relationships. */
export function networkIdsOf(items: readonly AnyConfigurationItem[]): NetworkIds {
  const subnetIds = new Set<string>();
  const vpcIds = new Set<string>();
  for (const item of items) {
    for (const text of strings([item.configuration, item.supplementaryConfiguration, item.relationships])) {
      for (const match of text.matchAll(SUBNET_ID)) subnetIds.add(match[0]);
      for (const match of text.matchAll(VPC_ID)) vpcIds.add(match[0]);
    }
    // The item itself: a subnet's or a VPC's own id is also the context of its rules.
    if (item.resourceType === SUBNET) subnetIds.add(item.resourceId);
    if (item.resourceType === VPC) vpcIds.add(item.resourceId);
  }
  return { subnetIds: [...subnetIds].sort(), vpcIds: [...vpcIds].sort() };
}

/** The DB clusters (by identifier) the items are: the context of a cluster's rules is its instances. */
function clusterIdentifiersOf(items: readonly AnyConfigurationItem[]): string[] {
  return [
    ...new Set(
      items.flatMap((item) => {
        if (item.resourceType !== DB_CLUSTER) return [];
        const configured = (item.configuration as { readonly dbclusterIdentifier?: unknown }).dbclusterIdentifier;
        const identifier = typeof configured === 'string' && configured !== '' ? configured : item.resourceName;
        return identifier === undefined ? [] : [identifier];
      }),
    ),
  ];
}

/**
 * How each context type is narrowed to what relates to `items`; a type left out is read whole
 * (gatewatch knows no relation for it).
 */
export function relatedRestrictions(items: readonly AnyConfigurationItem[], types: ReadonlySet<ResourceType>): Map<ResourceType, Restriction> {
  const { subnetIds, vpcIds } = networkIdsOf(items);
  const named = (ids: readonly string[]): Restriction => ({ kind: 'named', resources: ids.map((resourceId) => ({ resourceId })) });
  const only = new Map<ResourceType, Restriction>();
  for (const type of types) {
    if (type === SUBNET) only.set(type, named(subnetIds));
    else if (type === VPC) only.set(type, named(vpcIds));
    else if (IN_VPC.has(type)) only.set(type, { kind: 'related', filter: 'vpc-id', values: vpcIds });
    else if (type === DB_INSTANCE) {
      // The instances of the DB clusters among the items; with no cluster there, no relation is known.
      const clusters = clusterIdentifiersOf(items);
      if (clusters.length > 0) only.set(type, { kind: 'related', filter: 'db-cluster-id', values: clusters });
    }
  }
  return only;
}

/** The VPCs of the subnets read that the items did not name (a Lambda function names only its subnets). */
function vpcsOfSubnets(collection: Collection, named: readonly string[]): string[] {
  const known = new Set(named);
  const vpcs = collection.items.flatMap((item) => {
    if (item.resourceType !== SUBNET) return [];
    const vpcId = (item.configuration as { readonly vpcId?: unknown }).vpcId;
    return typeof vpcId === 'string' && vpcId !== '' && !known.has(vpcId) ? [vpcId] : [];
  });
  return [...new Set(vpcs)].sort();
}

/** A context read's failures, for its type in the scope rather than for the ids it named (see the module's comment). */
function asContext(collection: Collection): Collection {
  return {
    ...collection,
    errors: collection.errors.map((error): CollectionError => {
      if (error.resourceIds === undefined) return error;
      const { resourceIds: named, ...scoped } = error;
      return { ...scoped, message: `${error.message} (context: ${named.join(', ')})` };
    }),
  };
}

/**
 * Reads the context `types` related to `items` in the request's scope: one collection, and a second
 * for the VPC-bound types when the subnets read sit in VPCs the items did not name.
 */
async function collectContext(live: Source, request: CollectRequest, items: readonly AnyConfigurationItem[], types: ReadonlySet<ResourceType>): Promise<Collection[]> {
  const only = relatedRestrictions(items, types);
  const first = asContext(await live.collect({ ...request, resourceTypes: types, only }));
  const inVpc = [...types].filter((type) => IN_VPC.has(type));
  const missing = inVpc.length === 0 ? [] : vpcsOfSubnets(first, networkIdsOf(items).vpcIds);
  if (missing.length === 0) return [first];
  const second = await live.collect({
    ...request,
    resourceTypes: new Set(inVpc),
    only: new Map(inVpc.map((type): [ResourceType, Restriction] => [type, { kind: 'related', filter: 'vpc-id', values: missing }])),
  });
  return [first, asContext(second)];
}

function addCalls(lists: readonly (readonly CallCount[] | undefined)[]): CallCount[] {
  const sums = new Map<string, CallCount>();
  for (const count of lists.flatMap((list) => list ?? [])) {
    const key = `${count.service}:${count.operation}`;
    const sum = sums.get(key);
    sums.set(key, sum === undefined ? { ...count } : { ...sum, calls: sum.calls + count.calls, retries: sum.retries + count.retries, errors: sum.errors + count.errors });
  }
  return [...sums.values()].sort((a, b) => `${a.service}:${a.operation}`.localeCompare(`${b.service}:${b.operation}`));
}

/** Several reads of one source as one collection: each item once (the first read of it), every scope, error and call. */
export function mergeCollections(collections: readonly Collection[]): Collection {
  const seen = new Set<string>();
  const items = collections.flatMap((collection) =>
    collection.items.filter((item) => {
      const key = itemKey(item);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    }),
  );
  const scopes = new Map(collections.flatMap((collection) => collection.scopes).map((scope) => [`${scope.accountId}/${scope.region}`, scope]));
  return {
    items,
    scopes: [...scopes.values()],
    errors: collections.flatMap((collection) => collection.errors),
    calls: addCalls(collections.map((collection) => collection.calls)),
  };
}

/** The types a request reads as context: those the rules need, less the account item (every collection carries it). */
function contextOf(request: CollectRequest, needs: ReadonlySet<ResourceType>): Set<ResourceType> {
  return new Set([...request.resourceTypes].filter((type) => needs.has(type) && type !== ACCOUNT));
}

/**
 * The item a Config change carries, served as is (no call for it), with the context its rules
 * need related to it. `needs`: the types the rules read besides the item's own (their `needs`).
 */
export class EventItemSource implements Source {
  readonly description: string;
  constructor(
    private readonly item: AnyConfigurationItem,
    private readonly live: Source,
    private readonly needs: ReadonlySet<ResourceType>,
  ) {
    this.description = `event ${item.resourceType} ${item.resourceId}`;
  }

  async collect(request: CollectRequest): Promise<Collection> {
    const context = contextOf(request, this.needs);
    context.delete(this.item.resourceType);
    const collection = mergeCollections(await collectContext(this.live, request, [this.item], context));
    return { ...collection, items: [...collection.items.filter((candidate) => candidate.resourceType !== this.item.resourceType), this.item] };
  }
}

/**
 * The resources a call named, re-read by id, name or ARN (and nothing else of their types), then
 * the context their rules need related to what was read. A named resource that no longer exists is
 * absent; its rules need no context. `needs`: the types the rules read besides their own.
 */
export class NamedResourcesSource implements Source {
  constructor(
    private readonly resources: readonly (NamedResource & { readonly resourceType: ResourceType })[],
    private readonly live: Source,
    private readonly needs: ReadonlySet<ResourceType>,
  ) {}

  get description(): string {
    return this.live.description;
  }

  async collect(request: CollectRequest): Promise<Collection> {
    const only = new Map<ResourceType, Restriction>();
    for (const { resourceType, resourceId, arn } of this.resources) {
      if (!request.resourceTypes.has(resourceType)) continue;
      const known = only.get(resourceType);
      const resource: NamedResource = arn === undefined ? { resourceId } : { resourceId, arn };
      only.set(resourceType, { kind: 'named', resources: [...(known?.kind === 'named' ? known.resources : []), resource] });
    }
    // A type neither named nor needed as context (none today) is read whole, as before.
    const context = contextOf(request, this.needs);
    const main = new Set([...request.resourceTypes].filter((type) => only.has(type) || !context.has(type)));
    const named = await this.live.collect({ ...request, resourceTypes: main, only });
    if (context.size === 0) return mergeCollections([named]);
    const read = named.items.filter((item) => only.has(item.resourceType));
    return mergeCollections([named, ...(await collectContext(this.live, request, read, context))]);
  }
}
