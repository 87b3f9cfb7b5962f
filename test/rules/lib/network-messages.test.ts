import { describe, expect, it } from '@jest/globals';
import type { SubnetFacts } from '../../../inventory/network.js';
import { describeAssociation, describePublicSubnet, publicSubnetData } from '../../../rules/lib/network-messages.js';

const facts = (overrides: Partial<SubnetFacts>): SubnetFacts => ({
  subnetId: 'subnet-pub',
  vpcId: 'vpc-1',
  availabilityZone: 'eu-west-1a',
  routeTableId: 'rtb-pub',
  routeTableSource: 'explicit',
  public: true,
  internetRoute: '0.0.0.0/0 → igw-1',
  ...overrides,
});

describe('network messages', () => {
  it('describes the association and a public subnet as rules report them', () => {
    const explicit = facts({});
    const main = facts({ subnetId: 'subnet-main', routeTableId: 'rtb-main', routeTableSource: 'main' });
    expect(describeAssociation(explicit)).toBe('explicitly associated');
    expect(describeAssociation(main)).toBe('main route table of vpc-1');
    expect(describePublicSubnet(explicit)).toBe('subnet-pub (route table rtb-pub, explicitly associated: 0.0.0.0/0 → igw-1)');
    expect(describePublicSubnet(main)).toBe('subnet-main (route table rtb-main, main route table of vpc-1: 0.0.0.0/0 → igw-1)');
    expect(publicSubnetData(main)).toEqual({ subnet: 'subnet-main', routeTable: 'rtb-main', association: 'main route table of vpc-1', route: '0.0.0.0/0 → igw-1' });
  });

  it('falls back when the route table, VPC or route is not recorded', () => {
    const bare = facts({ subnetId: 'subnet-z', vpcId: undefined, availabilityZone: undefined, routeTableId: undefined, routeTableSource: 'none', internetRoute: undefined });
    expect(describeAssociation(bare)).toBe('main route table of its VPC');
    expect(describePublicSubnet(bare)).toBe('subnet-z (route table unknown, main route table of its VPC: internet gateway)');
    expect(publicSubnetData(bare)).toEqual({ subnet: 'subnet-z', routeTable: 'unknown', association: 'main route table of its VPC', route: 'to an internet gateway' });
  });
});
