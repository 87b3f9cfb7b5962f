/**
 * lambda-vpc-function-multi-az: a Lambda function attached to a VPC has subnets in at least two
 * Availability Zones, so Lambda can still run it when one zone fails. A function outside any VPC
 * runs in every zone of the Region on its own and is NOT_APPLICABLE.
 *
 * The function's configuration names subnets only; their zones come from the Inventory. A subnet
 * not in it (or without a recorded zone) leaves the function UNKNOWN unless the known subnets
 * already span two zones.
 */
import { scopeOf } from '../../inventory/inventory.js';
import { defineRule } from '../lib/define-rule.js';
import { free } from '../lib/fix-costs.js';

/** The fewest zones that survive the loss of one (Security Hub's default for Lambda.5). */
const MIN_ZONES = 2;

export default defineRule({
  meta: {
    id: 'lambda-vpc-function-multi-az',
    gate: 'multi-az',
    title: 'VPC Lambda functions use subnets in at least two Availability Zones',
    // Security Hub rates Lambda.5 MEDIUM.
    severity: 'MEDIUM',
    priority: 'P2',
    resourceTypes: ['AWS::Lambda::Function'],
    needs: ['AWS::EC2::Subnet'],
    controls: ['Lambda.5'],
    remediation: {
      text: "Add a subnet in at least one more Availability Zone to the function's VPC configuration (UpdateFunctionConfiguration, VpcConfig.SubnetIds).",
      url: 'https://docs.aws.amazon.com/lambda/latest/dg/configuration-vpc.html',
    },
    messages: {
      multiAz: 'Lambda function {{name}} uses subnets in {{count}} Availability Zones ({{zones}}).',
      singleAz: 'Lambda function {{name}} uses subnets in one Availability Zone only ({{zones}}: {{subnets}}); losing that zone stops the function.',
      notInVpc: 'Lambda function {{name}} is not attached to a VPC, so Lambda runs it across the zones of the Region.',
      subnetsMissing:
        'Lambda function {{name}} uses subnets {{subnets}}, which are not in the inventory (or have no recorded zone); its known subnets cover {{zones}}.',
    },
    fixCost() {
      return free('adding subnets of other zones to the function costs nothing itself');
    },
  },
  check(item, context) {
    const name = item.configuration.functionName ?? item.resourceName ?? item.resourceId;
    const subnets = [...new Set((item.configuration.vpcConfig?.subnetIds ?? []).filter((subnet) => subnet !== ''))];
    if (subnets.length === 0) return context.notApplicable('notInVpc', { name });

    const network = context.inventory.networkOf(scopeOf(item));
    const zones = new Set<string>();
    const unresolved: string[] = [];
    for (const subnetId of subnets) {
      const zone = network.subnet(subnetId)?.availabilityZone;
      if (zone === undefined || zone === '') unresolved.push(subnetId);
      else zones.add(zone);
    }
    const known = [...zones].sort();
    const data = { name, zones: known.length > 0 ? known.join(', ') : 'no zone', count: known.length };
    if (known.length >= MIN_ZONES) return context.pass('multiAz', data);
    if (unresolved.length > 0) return context.unknown('subnetsMissing', { ...data, subnets: unresolved.join(', ') });
    return context.fail('singleAz', { ...data, subnets: subnets.join(', ') });
  },
});
