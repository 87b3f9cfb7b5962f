import { describe, expect, it } from '@jest/globals';
import { fileURLToPath } from 'node:url';
import type { AnyConfigurationItem } from '../../model/configuration-item.js';
import { Inventory } from '../../inventory/inventory.js';
import type { Collection, Source } from '../../inventory/source.js';
import { evaluate } from '../../engine/evaluate.js';
import { NO_PRICE_SOURCE, priceFixes } from '../../engine/fix-costs.js';
import { loadPriceFile } from '../../engine/price-file.js';
import type { Evaluation } from '../../engine/result.js';
import { scan } from '../../engine/scan.js';
import { parseSettings } from '../../engine/settings.js';
import { queryKey, type FixCost, type PriceAnswer, type PriceQuery, type PriceSource } from '../../model/fix-cost.js';
import { defineRule } from '../../rules/lib/define-rule.js';
import { hoursLine, priced } from '../../rules/lib/fix-costs.js';
import type { AnyRule } from '../../rules/lib/types.js';
import rdsInstanceMultiAz from '../../rules/multi-az/rds-instance-multi-az.js';
import rdsClusterMultiAz from '../../rules/multi-az/rds-cluster-multi-az.js';
import cacheNotSingleNode from '../../rules/multi-az/elasticache-cluster-not-single-node.js';
import replicationGroupMultiAz from '../../rules/multi-az/elasticache-replication-group-multi-az.js';
import openSearchZoneAware from '../../rules/multi-az/opensearch-domain-zone-aware.js';
import efsRegional from '../../rules/multi-az/efs-file-system-regional.js';
import redshiftMultiAz from '../../rules/multi-az/redshift-cluster-multi-az.js';
import interfaceEndpoints from '../../rules/vpc-endpoints/vpc-interface-endpoints.js';
import gatewayEndpoints from '../../rules/vpc-endpoints/vpc-gateway-endpoints.js';
import lambdaPrivate from '../../rules/private-network/lambda-function-in-private-subnets.js';
import instancePrivate from '../../rules/private-network/ec2-instance-in-private-subnet.js';
import { ACCOUNT, REGION, item } from '../support/items.js';
import { igw4, table } from '../support/network.js';

/** The multi-az gate judges production resources only. */
const PROD = { tags: { Environment: 'production' } };

const FIXTURE = fileURLToPath(new URL('../fixtures/prices/fixture-prices.json', import.meta.url));
const NOW = new Date('2026-11-15T00:00:00Z');

/** The rules' evaluations of `items` and what their FAILs' fixes buy. */
function judge(rules: readonly AnyRule[], items: readonly AnyConfigurationItem[], rawSettings: Record<string, unknown> = {}) {
  const settings = parseSettings(rawSettings, rules, 'test', NOW);
  const selected = rules.map((rule) => {
    const ruleSettings = settings.rules.get(rule.meta.id);
    if (ruleSettings === undefined) throw new Error(`no settings for ${rule.meta.id}`);
    return { rule, settings: ruleSettings };
  });
  const inventory = new Inventory(items, [{ accountId: ACCOUNT, region: REGION }]);
  return evaluate({ inventory, rules: selected, settings, errors: [], now: NOW });
}

async function priceOf(rule: AnyRule, items: readonly AnyConfigurationItem[], settings: Record<string, unknown> = {}): Promise<FixCost | undefined> {
  const { evaluations, needs } = judge([rule], items, settings);
  const { evaluations: priced } = await priceFixes(evaluations, needs, await loadPriceFile(FIXTURE));
  const fails = priced.filter((evaluation) => evaluation.status === 'FAIL');
  expect(fails).toHaveLength(1);
  return fails[0]?.fixCost;
}

const subnet = (id: string, zone: string) => item('AWS::EC2::Subnet', id, { subnetId: id, vpcId: 'vpc-a', availabilityZone: zone, mapPublicIpOnLaunch: false });
const eni = (id: string, zone: string) => item('AWS::EC2::NetworkInterface', id, { networkInterfaceId: id, vpcId: 'vpc-a', subnetId: `subnet-${zone}`, status: 'in-use' }, { availabilityZone: zone });

interface PricedCase {
  readonly name: string;
  readonly rule: AnyRule;
  readonly items: () => AnyConfigurationItem[];
  readonly settings?: Record<string, unknown>;
  readonly monthly: number;
  readonly per?: string;
  readonly basis: RegExp;
  readonly effectiveDate?: string;
}

// Unit prices from test/fixtures/prices/fixture-prices.json (round figures, not AWS's).
const PRICED: readonly PricedCase[] = [
  {
    name: 'Multi-AZ for a db.r6g.large PostgreSQL instance: the Multi-AZ price minus the Single-AZ one, 730 h',
    rule: rdsInstanceMultiAz,
    items: () => [item('AWS::RDS::DBInstance', 'db-orders', { dBInstanceIdentifier: 'orders', dBInstanceClass: 'db.r6g.large', engine: 'postgres', multiAZ: false }, PROD)],
    monthly: 182.5, // 730 × 0.50 − 730 × 0.25
    basis: /^730 Hrs × \$0\.50 \(db\.r6g\.large PostgreSQL Multi-AZ\) − 730 Hrs × \$0\.25 \(db\.r6g\.large PostgreSQL Single-AZ, paid today\); the standby instance/,
    effectiveDate: '2026-10-01', // the older of the two prices
  },
  {
    name: "a reader in another zone for an Aurora cluster: one more instance of the writer's class",
    rule: rdsClusterMultiAz,
    items: () => [
      item('AWS::RDS::DBCluster', 'cluster-inventory', { dbclusterIdentifier: 'inventory', engine: 'aurora-postgresql', multiAZ: false, dbclusterMembers: [{ dbinstanceIdentifier: 'inventory-1', isClusterWriter: true }] }, PROD),
      item('AWS::RDS::DBInstance', 'db-inventory-1', { dBInstanceIdentifier: 'inventory-1', dBInstanceClass: 'db.r6g.large', engine: 'aurora-postgresql', availabilityZone: 'eu-west-1a', dBClusterIdentifier: 'inventory' }, PROD),
    ],
    monthly: 219, // 730 × 0.30
    basis: /^730 Hrs × \$0\.30 \(a db\.r6g\.large Aurora PostgreSQL reader in another zone\)$/,
  },
  {
    name: 'a second cache.r6g.large node for a single-node Redis cluster',
    rule: cacheNotSingleNode,
    items: () => [item('AWS::ElastiCache::CacheCluster', 'sessions', { cacheClusterId: 'sessions', cacheNodeType: 'cache.r6g.large', engine: 'redis', numCacheNodes: 1 }, PROD)],
    monthly: 146, // 730 × 0.20
    basis: /^730 Hrs × \$0\.20 \(a second cache\.r6g\.large Redis node in another zone\)$/,
  },
  {
    name: 'a replica for each node group without one in a replication group',
    rule: replicationGroupMultiAz,
    items: () => [
      item('AWS::ElastiCache::ReplicationGroup', 'prices', {
        replicationGroupId: 'prices',
        engine: 'redis',
        cacheNodeType: 'cache.r6g.large',
        automaticFailover: 'disabled',
        multiAZ: 'disabled',
        nodeGroups: [{ nodeGroupId: '0001', nodeGroupMembers: [{ cacheClusterId: 'prices-001' }] }, { nodeGroupId: '0002', nodeGroupMembers: [{ cacheClusterId: 'prices-002' }] }],
      }, PROD),
    ],
    monthly: 292, // 2 × 730 × 0.20
    basis: /^1460 Hrs × \$0\.20 \(2 cache\.r6g\.large Redis replicas in another zone\)$/,
  },
  {
    name: 'OpenSearch: two more r6g.large.search data nodes to reach three',
    rule: openSearchZoneAware,
    items: () => [item('AWS::OpenSearch::Domain', 'search', { DomainName: 'search', ClusterConfig: { InstanceType: 'r6g.large.search', InstanceCount: 1, ZoneAwarenessEnabled: false } }, PROD)],
    monthly: 219, // 2 × 730 × 0.15
    basis: /^1460 Hrs × \$0\.15 \(2 more r6g\.large\.search data nodes, 3 in all\); their EBS storage/,
  },
  {
    name: 'OpenSearch: five data nodes become six, a multiple of two or three zones',
    rule: openSearchZoneAware,
    items: () => [item('AWS::OpenSearch::Domain', 'logs', { DomainName: 'logs', ClusterConfig: { InstanceType: 'r6g.large.search', InstanceCount: 5, ZoneAwarenessEnabled: false } }, PROD)],
    monthly: 109.5, // 730 × 0.15
    basis: /^730 Hrs × \$0\.15 \(1 more r6g\.large\.search data node, 6 in all\)/,
  },
  {
    name: 'EFS Regional instead of One Zone: per GB stored (the item has no size), not totalled',
    rule: efsRegional,
    items: () => [item('AWS::EFS::FileSystem', 'fs-0abc', { FileSystemId: 'fs-0abc', AvailabilityZoneName: 'eu-west-1b' }, PROD)],
    monthly: 0.14, // 0.30 − 0.16; a 100 GB file system: $14.00
    per: 'GB stored',
    basis: /^1 GB-Mo × \$0\.30 \(EFS Standard \(Regional\)\) − 1 GB-Mo × \$0\.16 \(EFS One Zone, paid today\); per GB stored/,
  },
  {
    name: '4 missing interface endpoints in the 2 zones the VPC uses',
    rule: interfaceEndpoints,
    items: () => [item('AWS::EC2::VPC', 'vpc-a', { vpcId: 'vpc-a' }), eni('eni-a', 'eu-west-1a'), eni('eni-b', 'eu-west-1b'), eni('eni-b2', 'eu-west-1b')],
    settings: { vpcEndpoints: { interface: ['ecr.api', 'ecr.dkr', 'logs', 'sts'] } },
    monthly: 58.4, // 4 × 2 × 730 × 0.01
    basis: /^5840 Hrs × \$0\.01 \(4 interface endpoints in 2 zones in use \(eu-west-1a, eu-west-1b\)\); data processed is per GB, usage-based$/,
  },
  {
    name: 'a NAT gateway in each of the 2 zones of a function moved to private subnets',
    rule: lambdaPrivate,
    items: () => [
      subnet('subnet-pub-a', 'eu-west-1a'),
      subnet('subnet-pub-b', 'eu-west-1b'),
      table('rtb-public', 'vpc-a', [igw4], { subnets: ['subnet-pub-a', 'subnet-pub-b'] }),
      item('AWS::Lambda::Function', 'exporter', { functionName: 'exporter', vpcConfig: { subnetIds: ['subnet-pub-a', 'subnet-pub-b'], securityGroupIds: ['sg-1'] } }),
    ],
    monthly: 73, // 2 × 730 × 0.05
    basis: /^1460 Hrs × \$0\.05 \(2 NAT gateways, one in each of the function's zones\); if the VPC has none there yet/,
  },
  {
    name: "a NAT gateway in an instance's zone",
    rule: instancePrivate,
    items: () => [
      subnet('subnet-pub-a', 'eu-west-1a'),
      table('rtb-public', 'vpc-a', [igw4], { subnets: ['subnet-pub-a'] }),
      item('AWS::EC2::Instance', 'i-0abc', { instanceId: 'i-0abc', subnetId: 'subnet-pub-a', state: { name: 'running' } }),
    ],
    monthly: 36.5, // 730 × 0.05
    basis: /^730 Hrs × \$0\.05 \(a NAT gateway in the instance's zone\)/,
  },
];

describe('what fixes cost (unit prices from a fixture price file)', () => {
  it.each(PRICED.map((testCase) => [testCase.name, testCase] as const))('%s', async (_name, testCase) => {
    const cost = await priceOf(testCase.rule, testCase.items(), testCase.settings);
    expect(cost).toEqual({
      kind: 'priced',
      monthly: testCase.monthly,
      currency: 'USD',
      effectiveDate: testCase.effectiveDate ?? '2026-11-01',
      basis: expect.stringMatching(testCase.basis),
      ...(testCase.per === undefined ? {} : { per: testCase.per }),
    });
  });

  it('says a gateway endpoint costs nothing and Redshift Multi-AZ is not estimated', async () => {
    expect(await priceOf(gatewayEndpoints, [item('AWS::EC2::VPC', 'vpc-a', { vpcId: 'vpc-a' }), eni('eni-a', 'eu-west-1a')])).toEqual({
      kind: 'free',
      basis: 'gateway endpoints (S3, DynamoDB) have no hourly or data processing charge',
    });
    expect(await priceOf(redshiftMultiAz, [item('AWS::Redshift::Cluster', 'dw', { clusterIdentifier: 'dw', nodeType: 'ra3.xlplus', multiAZ: 'Disabled' }, PROD)])).toMatchObject({ kind: 'usage-based' });
  });

  it('gives no estimate where the item does not say what the fix would buy (an engine without a plain on-demand price)', async () => {
    const oracle = item('AWS::RDS::DBInstance', 'db-erp', { dBInstanceIdentifier: 'erp', dBInstanceClass: 'db.r6g.large', engine: 'oracle-ee', multiAZ: false }, PROD);
    expect(await priceOf(rdsInstanceMultiAz, [oracle])).toBeUndefined();
  });
});

// A rule of two resources and two gates' worth of fixes, to test the engine's side alone.
const widgetRule = defineRule({
  meta: {
    id: 'test-widget',
    gate: 'multi-az',
    title: 'Test widgets are spread',
    severity: 'MEDIUM',
    priority: 'P2',
    resourceTypes: ['AWS::EC2::Volume'],
    controls: [],
    remediation: { text: 'Spread it.', url: 'https://docs.aws.amazon.com/ebs/latest/userguide/ebs-volumes.html' },
    messages: { ok: '{{id}} spread', bad: '{{id}} not spread' },
    fixCost(volume) {
      if (volume.resourceId === 'vol-boom') throw new Error('no size recorded');
      const region = volume.awsRegion;
      return priced([hoursLine({ serviceCode: 'AmazonEC2', filters: { regionCode: region, thing: volume.resourceId.startsWith('vol-eur') ? 'eur' : 'widget' }, unit: 'Hrs' }, 1, 'a widget')]);
    },
  },
  check(volume, context) {
    return volume.configuration.encrypted === true ? context.pass('ok', { id: volume.resourceId }) : context.fail('bad', { id: volume.resourceId });
  },
});

const volume = (id: string, encrypted = false) => item('AWS::EC2::Volume', id, { volumeId: id, encrypted }, PROD);

/** A price source answering from a table, recording each call. */
class TableSource implements PriceSource {
  readonly description = 'test table';
  readonly calls: PriceQuery[][] = [];
  constructor(private readonly answer: (query: PriceQuery) => PriceAnswer) {}
  prices(queries: readonly PriceQuery[]): Promise<ReadonlyMap<string, PriceAnswer>> {
    this.calls.push([...queries]);
    return Promise.resolve(new Map(queries.map((query) => [queryKey(query), this.answer(query)])));
  }
}

const usd = (amount: number, effectiveDate = '2026-11-01'): PriceAnswer => ({ kind: 'price', price: { amount, currency: 'USD', unit: 'Hrs', effectiveDate } });
const verdicts = (evaluations: readonly Evaluation[]) => evaluations.map((evaluation) => [evaluation.resource.id, evaluation.status, evaluation.messageId, evaluation.message]);

describe('priceFixes', () => {
  const items = [volume('vol-a'), volume('vol-b'), volume('vol-ok', true)];

  it('asks the source once, for each distinct product once, and prices every FAIL', async () => {
    const { evaluations, needs } = judge([widgetRule], items);
    const source = new TableSource(() => usd(0.1));
    const result = await priceFixes(evaluations, needs, source);
    expect(source.calls).toHaveLength(1);
    expect(source.calls[0]).toHaveLength(1);
    expect(result.evaluations.map((evaluation) => [evaluation.resource.id, evaluation.fixCost?.kind])).toEqual([
      ['vol-a', 'priced'],
      ['vol-b', 'priced'],
      ['vol-ok', undefined],
    ]);
    expect(result.summary?.byGate['multi-az']).toEqual({ monthly: 146, currency: 'USD', priced: 2, perUnit: 0, free: 0, usageBased: 0, unavailable: 0, effectiveDate: '2026-11-01' });
    expect(result.summary?.priceSource).toBe('test table');
  });

  it('without a price source says so on every priced fix, and the verdicts are those of a scan without prices', async () => {
    const { evaluations, needs } = judge([widgetRule], items);
    const result = await priceFixes(evaluations, needs, undefined);
    expect(verdicts(result.evaluations)).toEqual(verdicts(evaluations));
    expect(result.evaluations[0]?.fixCost).toEqual({ kind: 'unavailable', basis: `${NO_PRICE_SOURCE} (a widget)` });
    expect(result.summary?.overall).toMatchObject({ monthly: undefined, priced: 0, unavailable: 2 });
  });

  it('a price source that throws costs the estimates, never a verdict', async () => {
    const { evaluations, needs } = judge([widgetRule], items);
    const failing: PriceSource = { description: 'Price List API', prices: () => Promise.reject(new Error('ThrottlingException: Rate exceeded')) };
    const result = await priceFixes(evaluations, needs, failing);
    expect(verdicts(result.evaluations)).toEqual(verdicts(evaluations));
    expect(result.evaluations[1]?.fixCost).toEqual({ kind: 'unavailable', basis: 'price not available (Price List API failed: ThrottlingException: Rate exceeded) (a widget)' });
  });

  it('a product the source cannot price makes that fix unavailable with the reason; the others stay priced', async () => {
    const { evaluations, needs } = judge([widgetRule], [volume('vol-a'), volume('vol-eur')]);
    const source = new TableSource((query) => (query.filters['thing'] === 'eur' ? { kind: 'unavailable', reason: 'not in price file p.json' } : usd(0.1)));
    const result = await priceFixes(evaluations, needs, source);
    expect(result.evaluations.map((evaluation) => evaluation.fixCost)).toEqual([
      { kind: 'priced', monthly: 73, currency: 'USD', effectiveDate: '2026-11-01', basis: '730 Hrs × $0.10 (a widget)' },
      { kind: 'unavailable', basis: 'not in price file p.json (a widget)' },
    ]);
    expect(result.summary?.overall).toMatchObject({ monthly: 73, priced: 1, unavailable: 1 });
  });

  it('does not add up prices in two currencies', async () => {
    const { evaluations, needs } = judge([widgetRule], [volume('vol-a'), volume('vol-eur')]);
    const source = new TableSource((query) => (query.filters['thing'] === 'eur' ? { kind: 'price', price: { amount: 0.1, currency: 'EUR', unit: 'Hrs', effectiveDate: '2026-11-01' } } : usd(0.1)));
    const result = await priceFixes(evaluations, needs, source);
    expect(result.summary?.overall).toMatchObject({ monthly: undefined, currency: undefined, priced: 2 });
  });

  it('a fixCost that throws leaves the FAIL standing, with an unavailable estimate naming the error', async () => {
    const { evaluations, needs } = judge([widgetRule], [volume('vol-boom')]);
    expect(evaluations.map((evaluation) => evaluation.status)).toEqual(['FAIL']);
    const result = await priceFixes(evaluations, needs, new TableSource(() => usd(0.1)));
    expect(result.evaluations[0]).toMatchObject({ status: 'FAIL', messageId: 'bad', fixCost: { kind: 'unavailable', basis: "no estimate: the rule's fixCost failed (no size recorded)" } });
  });

  it('shows an exempted FAIL its estimate but leaves it out of the totals', async () => {
    const exemptions = [{ rule: 'test-widget', resource: 'arn:aws:test:eu-west-1:111122223333:volume/vol-b', reason: 'retired next week', expires: '2026-12-01' }];
    const { evaluations, needs } = judge([widgetRule], [volume('vol-a'), volume('vol-b')], { exemptions });
    const result = await priceFixes(evaluations, needs, new TableSource(() => usd(0.1)));
    expect(result.evaluations[1]).toMatchObject({ exemption: { reason: 'retired next week' }, fixCost: { kind: 'priced', monthly: 73 } });
    expect(result.summary?.byGate['multi-az']).toMatchObject({ monthly: 73, priced: 1 });
  });
});

describe('scan with prices', () => {
  const source: Source = {
    description: 'fake',
    collect: (): Promise<Collection> => Promise.resolve({ items: [volume('vol-a'), volume('vol-ok', true)], scopes: [{ accountId: ACCOUNT, region: REGION }], errors: [] }),
  };

  it("puts each FAIL's estimate on its evaluation and the totals in the result", async () => {
    const rules: readonly AnyRule[] = [widgetRule];
    const result = await scan({}, source, parseSettings({}, rules), rules, { prices: new TableSource(() => usd(0.2)), now: () => NOW });
    expect(result.evaluations.map((evaluation) => [evaluation.status, evaluation.fixCost?.kind])).toEqual([
      ['FAIL', 'priced'],
      ['PASS', undefined],
    ]);
    expect(result.fixCosts).toEqual({
      byGate: { 'multi-az': { monthly: 146, currency: 'USD', priced: 1, perUnit: 0, free: 0, usageBased: 0, unavailable: 0, effectiveDate: '2026-11-01' } },
      overall: { monthly: 146, currency: 'USD', priced: 1, perUnit: 0, free: 0, usageBased: 0, unavailable: 0, effectiveDate: '2026-11-01' },
      priceSource: 'test table',
    });
    expect(result.counts.total.FAIL).toBe(1);
  });

  it('leaves fixCosts out when no FAIL declares what its fix buys', async () => {
    const { fixCost: _fixCost, ...meta } = widgetRule.meta;
    const plain = defineRule({ meta, check: widgetRule.check });
    const rules: readonly AnyRule[] = [plain];
    const result = await scan({}, source, parseSettings({}, rules), rules, { now: () => NOW });
    expect(result.fixCosts).toBeUndefined();
    expect(result.evaluations.every((evaluation) => evaluation.fixCost === undefined)).toBe(true);
  });
});
