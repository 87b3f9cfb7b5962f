/**
 * Network facts derived from EC2 configuration items, per account × Region: each subnet's
 * effective route table and whether it is public, the VPC endpoints of each VPC, and the VPCs
 * in use.
 *
 * A subnet is public when its route table — its explicit association, else the main route table
 * of its own VPC — routes `0.0.0.0/0` or `::/0` to an internet gateway (`igw-…`). Egress-only
 * internet gateways and NAT gateways do not make a subnet public; a blackhole route carries no
 * traffic and does not either.
 */
import type { ConfigurationItem } from '../model/configuration-item.js';

type RouteTable = ConfigurationItem<'AWS::EC2::RouteTable'>;
type Subnet = ConfigurationItem<'AWS::EC2::Subnet'>;
type Route = NonNullable<RouteTable['configuration']['routes']>[number];

export interface SubnetFacts {
  readonly subnetId: string;
  readonly vpcId: string | undefined;
  readonly availabilityZone: string | undefined;
  /** The route table in effect, or undefined when neither an association nor a main table is known. */
  readonly routeTableId: string | undefined;
  readonly routeTableSource: 'explicit' | 'main' | 'none';
  /** True or false when the route table and its routes are known; undefined when not (UNKNOWN, never private). */
  readonly public: boolean | undefined;
  /** The route that makes it public, e.g. `0.0.0.0/0 → igw-0abc`. */
  readonly internetRoute: string | undefined;
}

/**
 * Where a set of subnets sits, as {@link NetworkFacts.placement} sorts them. Each subnet id lands
 * in exactly one list, in the order given (duplicates dropped).
 */
export interface SubnetPlacement {
  /** Subnets whose route table routes to an internet gateway. */
  readonly public: SubnetFacts[];
  /** Subnets whose route table is known and has no internet gateway default route. */
  readonly private: SubnetFacts[];
  /** Subnet ids that are not in the inventory. */
  readonly missing: string[];
  /** Subnets in the inventory whose route table, or its routes, is unknown. */
  readonly undecided: SubnetFacts[];
}

const DEFAULT_ROUTES = { ipv4: '0.0.0.0/0', ipv6: '::/0' } as const;

function internetRoute(route: Route): string | undefined {
  const gateway = route.gatewayId ?? '';
  if (!gateway.startsWith('igw-') || route.state === 'blackhole') return undefined;
  if (route.destinationCidrBlock === DEFAULT_ROUTES.ipv4) return `${DEFAULT_ROUTES.ipv4} → ${gateway}`;
  if (route.destinationIpv6CidrBlock === DEFAULT_ROUTES.ipv6) return `${DEFAULT_ROUTES.ipv6} → ${gateway}`;
  return undefined;
}

/** Network facts of one account × Region. */
export class NetworkFacts {
  private readonly explicitTable = new Map<string, RouteTable>();
  private readonly mainTable = new Map<string, RouteTable>();
  private readonly subnets = new Map<string, SubnetFacts>();

  constructor(
    subnets: readonly Subnet[],
    routeTables: readonly RouteTable[],
    private readonly endpointsByVpc: ReadonlyMap<string, readonly ConfigurationItem<'AWS::EC2::VPCEndpoint'>[]>,
    private readonly vpcsInUse: ReadonlySet<string>,
  ) {
    for (const table of routeTables) {
      for (const association of table.configuration.associations ?? []) {
        if (association.subnetId) this.explicitTable.set(association.subnetId, table);
        if (association.main === true && table.configuration.vpcId) this.mainTable.set(table.configuration.vpcId, table);
      }
    }
    for (const subnet of subnets) {
      const facts = this.classify(subnet);
      this.subnets.set(facts.subnetId, facts);
    }
  }

  private classify(subnet: Subnet): SubnetFacts {
    const subnetId = subnet.configuration.subnetId ?? subnet.resourceId;
    const vpcId = subnet.configuration.vpcId ?? undefined;
    const explicit = this.explicitTable.get(subnetId);
    const table = explicit ?? (vpcId === undefined ? undefined : this.mainTable.get(vpcId));
    // Every real route table has at least its local route: a table with no recorded routes is
    // missing data, so the subnet's exposure is unknown rather than private.
    const routes = table?.configuration.routes ?? undefined;
    const route = routes?.map(internetRoute).find((found) => found !== undefined);
    return {
      subnetId,
      vpcId,
      availabilityZone: subnet.configuration.availabilityZone ?? subnet.availabilityZone ?? undefined,
      routeTableId: table?.configuration.routeTableId ?? table?.resourceId,
      routeTableSource: explicit ? 'explicit' : table ? 'main' : 'none',
      public: table === undefined || routes === undefined ? undefined : route !== undefined,
      internetRoute: route,
    };
  }

  /** Facts of a subnet, or undefined when the subnet is not in the inventory. */
  subnet(subnetId: string): SubnetFacts | undefined {
    return this.subnets.get(subnetId);
  }

  /**
   * Sorts subnets into public, private, missing (not in the inventory) and undecided (route table
   * or routes unknown). Ids are de-duplicated; each list keeps the order of `subnetIds`.
   */
  placement(subnetIds: readonly string[]): SubnetPlacement {
    const placement: SubnetPlacement = { public: [], private: [], missing: [], undecided: [] };
    for (const subnetId of new Set(subnetIds)) {
      const facts = this.subnet(subnetId);
      if (facts === undefined) placement.missing.push(subnetId);
      else if (facts.public === undefined) placement.undecided.push(facts);
      else if (facts.public) placement.public.push(facts);
      else placement.private.push(facts);
    }
    return placement;
  }

  /** VPC endpoints of a VPC, in a stable order. */
  endpointsOf(vpcId: string): readonly ConfigurationItem<'AWS::EC2::VPCEndpoint'>[] {
    return this.endpointsByVpc.get(vpcId) ?? [];
  }

  /** A VPC is in use when at least one network interface sits in it. */
  inUse(vpcId: string): boolean {
    return this.vpcsInUse.has(vpcId);
  }
}
