/**
 * A rule reads only what it declares: an undeclared read is UNKNOWN (ruleError) naming the type,
 * so a rule that forgot a `needs` entry fails its own test instead of passing on unread data.
 */
import { describe, expect, it } from '@jest/globals';
import { Inventory } from '../../inventory/inventory.js';
import { declaredTypes, declaredView, UndeclaredReadError } from '../../engine/declared-reads.js';
import type { ResourceType } from '../../model/configuration-item.js';
import { defineRule } from '../../rules/lib/define-rule.js';
import { runCase } from '../support/rule-tester.js';
import { ACCOUNT, REGION, item } from '../support/items.js';
import { subnet, table } from '../support/network.js';

const scope = { accountId: ACCOUNT, region: REGION };

function volumeRule(declare: { needs?: ResourceType[]; consults?: ResourceType[] }, read: 'instance' | 'placement' | 'endpoints' | 'zone') {
  return defineRule({
    meta: {
      id: 'test-reads',
      gate: 'encryption',
      title: 'Test volumes read what they declare',
      severity: 'LOW',
      priority: 'P2',
      resourceTypes: ['AWS::EC2::Volume'],
      ...declare,
      controls: [],
      remediation: { text: 'Nothing.', url: 'https://docs.aws.amazon.com/ebs/latest/userguide/ebs-encryption.html' },
      messages: { ok: 'fine' },
    },
    check(_volume, context) {
      const network = context.inventory.networkOf(scope);
      if (read === 'instance') context.inventory.inScope('AWS::EC2::Instance', scope);
      if (read === 'placement') network.placement(['subnet-a']);
      if (read === 'endpoints') network.endpointsOf('vpc-a');
      if (read === 'zone') network.subnet('subnet-a');
      return context.pass('ok');
    },
  });
}

const items = [item('AWS::EC2::Volume', 'vol-1', { encrypted: true }), subnet('subnet-a'), table('rtb-a', 'vpc-a', [], { main: true })];

describe('declared reads', () => {
  type Read = Parameters<typeof volumeRule>[1];
  type Declare = Parameters<typeof volumeRule>[0];
  const refused: [string, Declare, Read, ResourceType][] = [
    ['an undeclared type', {}, 'instance', 'AWS::EC2::Instance'],
    ['subnet placement without route tables', { needs: ['AWS::EC2::Subnet'] }, 'placement', 'AWS::EC2::RouteTable'],
    ['VPC endpoints without declaring them', {}, 'endpoints', 'AWS::EC2::VPCEndpoint'],
  ];
  const allowed: [string, Declare, Read][] = [
    ['a needed type', { needs: ['AWS::EC2::Instance'] }, 'instance'],
    ['a consulted type', { consults: ['AWS::EC2::Instance'] }, 'instance'],
    ['placement with subnets and route tables', { needs: ['AWS::EC2::Subnet', 'AWS::EC2::RouteTable'] }, 'placement'],
    ['a subnet zone with subnets alone', { consults: ['AWS::EC2::Subnet'] }, 'zone'],
  ];

  it.each(refused)('makes a rule reading %s UNKNOWN, naming the type', (_label, declare, read, type) => {
    const [evaluation] = runCase(volumeRule(declare, read), { name: 'x', items, expect: [] });
    expect(evaluation?.status).toBe('UNKNOWN');
    expect(evaluation?.messageId).toBe('ruleError');
    expect(evaluation?.message).toContain(type);
  });

  it.each(allowed)('lets a rule read %s', (_label, declare, read) => {
    const [evaluation] = runCase(volumeRule(declare, read), { name: 'x', items, expect: [] });
    expect(evaluation?.status).toBe('PASS');
  });

  it('names the rule and the type in the error, and reads through to the Inventory', () => {
    const inventory = new Inventory(items, [scope]);
    const meta = { id: 'r', resourceTypes: ['AWS::EC2::Volume'] as ResourceType[], needs: ['AWS::EC2::Subnet'] as ResourceType[] };
    const view = declaredView(inventory, meta);
    expect(view.inScope('AWS::EC2::Subnet', scope).map((candidate) => candidate.resourceId)).toEqual(['subnet-a']);
    expect(() => view.get('AWS::EC2::VPC', 'vpc-a', scope)).toThrow(new UndeclaredReadError('r', 'looked up AWS::EC2::VPC vpc-a', ['AWS::EC2::VPC']));
    expect([...declaredTypes(meta)].sort()).toEqual(['AWS::EC2::Subnet', 'AWS::EC2::Volume']);
  });
});
