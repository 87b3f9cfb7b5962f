/**
 * How rules describe a subnet's network facts in their messages: the association of its route
 * table and the route that makes it public.
 */
import type { SubnetFacts } from '../../inventory/network.js';

/**
 * How a subnet's route table applies to it: `explicitly associated`, or `main route table of vpc-…`
 * (`its VPC` when the subnet records no VPC).
 */
export function describeAssociation(facts: SubnetFacts): string {
  return facts.routeTableSource === 'explicit' ? 'explicitly associated' : `main route table of ${facts.vpcId ?? 'its VPC'}`;
}

/**
 * One public subnet as rules list it in their `details`:
 * `subnet-… (route table rtb-…, <association>: 0.0.0.0/0 → igw-…)`.
 */
export function describePublicSubnet(facts: SubnetFacts): string {
  return `${facts.subnetId} (route table ${facts.routeTableId ?? 'unknown'}, ${describeAssociation(facts)}: ${facts.internetRoute ?? 'internet gateway'})`;
}

/**
 * The data rules give a FAIL for one public subnet: its id, route table (`unknown` when not
 * recorded), association ({@link describeAssociation}) and the route that makes it public.
 */
export function publicSubnetData(facts: SubnetFacts): { subnet: string; routeTable: string; association: string; route: string } {
  return {
    subnet: facts.subnetId,
    routeTable: facts.routeTableId ?? 'unknown',
    association: describeAssociation(facts),
    route: facts.internetRoute ?? 'to an internet gateway',
  };
}
