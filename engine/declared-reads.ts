/**
 * A rule reads only what it declares. The engine turns a collection failure into UNKNOWN only for
 * the types a rule lists in `resourceTypes`, `needs` and `needsAccountWide`; a rule that looked up
 * another type would PASS on data that was never read (`consults` names the types a rule may look
 * up and decide without). So each rule sees the Inventory through
 * this view, which refuses an undeclared read: the rule is UNKNOWN (`ruleError`) and its test fails.
 */
import type { ResourceType } from '../model/configuration-item.js';
import type { Inventory } from '../inventory/inventory.js';
import type { RuleInventory, RuleMetaReads, RuleNetwork } from '../rules/lib/types.js';

/** A read of a type the rule does not declare. */
export class UndeclaredReadError extends Error {
  override readonly name = 'UndeclaredReadError';
  constructor(ruleId: string, what: string, types: readonly ResourceType[]) {
    super(`rule ${ruleId} ${what} without declaring ${types.join(' and ')} in meta.needs (or meta.consults)`);
  }
}

/** What each network fact is derived from. */
const NETWORK_INPUTS = {
  // A subnet's zone and VPC come from the subnet; whether it is public, from its route table.
  subnet: ['AWS::EC2::Subnet'],
  placement: ['AWS::EC2::Subnet', 'AWS::EC2::RouteTable'],
  endpointsOf: ['AWS::EC2::VPCEndpoint'],
  inUse: ['AWS::EC2::NetworkInterface'],
} as const satisfies Record<keyof RuleNetwork, readonly ResourceType[]>;

/** The types a rule may read: its own, those it needs, and those it consults. */
export function declaredTypes(meta: RuleMetaReads): ReadonlySet<ResourceType> {
  return new Set([...meta.resourceTypes, ...(meta.needs ?? []), ...(meta.needsAccountWide ?? []), ...(meta.consults ?? [])]);
}

/** The Inventory as the rule `meta` may read it. */
export function declaredView(inventory: Inventory, meta: RuleMetaReads & { readonly id: string }): RuleInventory {
  const declared = declaredTypes(meta);
  const check = (what: string, types: readonly ResourceType[]) => {
    const missing = types.filter((type) => !declared.has(type));
    if (missing.length > 0) throw new UndeclaredReadError(meta.id, what, missing);
  };
  return {
    inScope(type, scope) {
      check(`read ${type}`, [type]);
      return inventory.inScope(type, scope);
    },
    ofType(type) {
      check(`read ${type}`, [type]);
      return inventory.ofType(type);
    },
    get(type, resourceId, near) {
      check(`looked up ${type} ${resourceId}`, [type]);
      return inventory.get(type, resourceId, near);
    },
    networkOf(scope) {
      const facts = inventory.networkOf(scope);
      return {
        subnet(subnetId) {
          check('read subnet facts', NETWORK_INPUTS.subnet);
          return facts.subnet(subnetId);
        },
        placement(subnetIds) {
          check('read subnet placement', NETWORK_INPUTS.placement);
          return facts.placement(subnetIds);
        },
        endpointsOf(vpcId) {
          check('read the VPC endpoints of a VPC', NETWORK_INPUTS.endpointsOf);
          return facts.endpointsOf(vpcId);
        },
        inUse(vpcId) {
          check('read whether a VPC is in use', NETWORK_INPUTS.inUse);
          return facts.inUse(vpcId);
        },
      };
    },
  };
}
