import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from '@jest/globals';
import { mockClient } from 'aws-sdk-client-mock';
import { GetProductsCommand, PricingClient } from '@aws-sdk/client-pricing';
import type { AwsSecurityFinding } from '@aws-sdk/client-securityhub';
import { main, type CliIo } from '../../cli/main.js';
import type { ScanResult } from '../../engine/result.js';
import { SnapshotSource } from '../../inventory/snapshot/snapshot-source.js';
import { queryKey, type PriceAnswer, type PriceQuery, type PriceSource } from '../../model/fix-cost.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const DEMO = join(root, 'examples', 'demo-account.json');
const SETTINGS = join(root, 'examples', 'gatewatch.example.yaml');
const PRICES = join(root, 'examples', 'prices.json');
const dir = mkdtempSync(join(tmpdir(), 'gatewatch-fix-costs-'));

async function run(argv: string[], extra: Partial<CliIo> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: { write: (text: string) => (stdout += text), isTTY: false },
    stderr: { write: (text: string) => (stderr += text), isTTY: false },
    env: {},
    now: () => new Date('2026-11-23T12:00:00Z'),
    ...extra,
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

/** A Price List stand-in: answers every product at 0.01 USD and records what it was asked. */
class RecordingApi implements PriceSource {
  readonly description = 'Price List API (test)';
  readonly asked: PriceQuery[] = [];
  prices(queries: readonly PriceQuery[]): Promise<ReadonlyMap<string, PriceAnswer>> {
    this.asked.push(...queries);
    return Promise.resolve(new Map(queries.map((query) => [queryKey(query), { kind: 'price', price: { amount: 0.01, currency: 'USD', unit: query.unit, effectiveDate: '2026-11-01' } } as const])));
  }
}

const DEMO_SCAN = ['scan', '--snapshot', DEMO, '--settings', SETTINGS, '--exit-zero'];

describe('gatewatch scan --prices on the demo account', () => {
  it('is how npm start runs it', () => {
    const start = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start;
    expect(start).toContain('--prices examples/prices.json');
  });

  it("shows each FAIL's estimate and the totals per gate for its multi-az and vpc-endpoints failures", async () => {
    const { code, stdout, stderr } = await run([...DEMO_SCAN, '--prices', PRICES]);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    // 7 endpoints × 2 zones × 730 h × $0.011 in eu-west-1; 7 × 1 × 730 × $0.01 in us-east-1.
    expect(stdout).toContain('fix ≈ $112.42/month: 10220 Hrs × $0.011 (7 interface endpoints in 2');
    expect(stdout).toContain('fix ≈ $51.10/month: 5110 Hrs × $0.01 (7 interface endpoints in 1 zone in');
    expect(stdout).toContain('fix: no charge (gateway endpoints (S3, DynamoDB) have no hourly or data');
    expect(stdout).toContain(`What fixing the open failures costs (from price file ${PRICES}):`);
    expect(stdout).toMatch(/Fixing the vpc-endpoints failures: ≈ \$163\.52\/month \(2 fixes; prices of\s+2026-05-01, USD\); 2 free/);
    // db.t4g.medium MySQL's standby: (0.138 − 0.069) × 730 = 50.37; one more r7g.large.search node: 0.199 × 730 = 145.27.
    expect(stdout).toMatch(/Fixing the multi-az failures: ≈ \$195\.64\/month \(2 fixes; prices of\s+2024-09-26,\s+USD\); 4 free, 1 usage-based, 3 price not available/);
    expect(stdout).toMatch(/fix ≈ \$50\.37\/month/);
    expect(stdout).toMatch(/fix: not in price file\s+\S*examples\/prices\.json\s+\(a second\s+cache\.t4g\.medium\s+Valkey/);
  });

  it('writes the estimates and the totals in the JSON report', async () => {
    const result = JSON.parse((await run([...DEMO_SCAN, '--prices', PRICES, '--format', 'json'])).stdout) as ScanResult;
    const endpoints = result.evaluations.filter((evaluation) => evaluation.ruleId === 'vpc-interface-endpoints' && evaluation.status === 'FAIL');
    expect(endpoints.map((evaluation) => evaluation.fixCost)).toEqual([
      { kind: 'priced', monthly: 112.42, currency: 'USD', effectiveDate: '2026-05-01', basis: '10220 Hrs × $0.011 (7 interface endpoints in 2 zones in use (eu-west-1a, eu-west-1b)); data processed is per GB, usage-based' },
      { kind: 'priced', monthly: 51.1, currency: 'USD', effectiveDate: '2026-09-17', basis: '5110 Hrs × $0.01 (7 interface endpoints in 1 zone in use (us-east-1a)); data processed is per GB, usage-based' },
    ]);
    expect(result.fixCosts?.byGate['vpc-endpoints']).toEqual({ monthly: 163.52, currency: 'USD', priced: 2, perUnit: 0, free: 2, usageBased: 0, unavailable: 0, effectiveDate: '2026-05-01' });
    // The exempted bastion's NAT gateway is shown on it but not counted.
    const bastion = result.evaluations.find((evaluation) => evaluation.ruleId === 'ec2-instance-in-private-subnet' && evaluation.exemption !== undefined);
    expect(bastion?.fixCost).toMatchObject({ kind: 'priced', monthly: 35.04 });
    expect(result.fixCosts?.byGate['private-network']).toMatchObject({ monthly: 102.93, priced: 2 });
  });

  it('puts the estimate in the ASFF findings ProductFields, without its effective date', async () => {
    const { Findings: findings } = JSON.parse((await run([...DEMO_SCAN, '--prices', PRICES, '--format', 'asff'])).stdout) as { Findings: AwsSecurityFinding[] };
    const endpoint = findings.find((finding) => finding.GeneratorId === 'gatewatch/vpc-interface-endpoints' && finding.Resources?.[0]?.Region === 'eu-west-1');
    expect(endpoint?.ProductFields).toMatchObject({
      'gatewatch/fixCost/kind': 'priced',
      'gatewatch/fixCost/monthly': '112.42',
      'gatewatch/fixCost/currency': 'USD',
      'gatewatch/fixCost/basis': expect.stringMatching(/^10220 Hrs × \$0\.011/),
    });
    expect(JSON.stringify(endpoint?.ProductFields)).not.toContain('2026-05-01');
  });

  it('without --prices, a snapshot scan says the price is not available and why, and asks no price source', async () => {
    const api = new RecordingApi();
    const { stdout } = await run(DEMO_SCAN, { sourceFor: { prices: () => api } });
    expect(stdout).toContain('fix: price not available (no price source: pass --prices FILE, or scan');
    expect(api.asked).toEqual([]);
  });

  it('refuses a bad price file before scanning, in one line', async () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ format: 'gatewatch-prices/1', generatedAt: 'x', source: 'y', prices: [{ query: {}, price: {} }] }));
    const { code, stdout, stderr } = await run([...DEMO_SCAN, '--prices', bad]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(new RegExp(`^gatewatch: ${bad.replaceAll('/', '\\/')}: prices\\[0\\]\\.query\\.serviceCode: .+ — write it with \`gatewatch prices --output FILE\` \\(format gatewatch-prices\\/1\\)\\n$`));
  });

  it('a live scan without --prices is priced by the Price List source the build connects', async () => {
    const api = new RecordingApi();
    const { stdout } = await run(['scan', '--settings', SETTINGS, '--exit-zero', '--gate', 'vpc-endpoints'], {
      sourceFor: { live: () => new SnapshotSource(DEMO), prices: () => api },
    });
    expect(api.asked.map((query) => query.filters['regionCode'])).toEqual(['eu-west-1', 'us-east-1']);
    expect(stdout).toContain('fix ≈ $102.20/month: 10220 Hrs × $0.01');
  });
});

describe('gatewatch prices', () => {
  it("collects as scan does and writes the prices of the products the FAILs' fixes need, each once", async () => {
    const api = new RecordingApi();
    const written: { queries: readonly PriceQuery[]; file: string; source: string }[] = [];
    const output = join(dir, 'prices.json');
    const { code, stderr } = await run(['prices', '--snapshot', DEMO, '--settings', SETTINGS, '--gate', 'vpc-endpoints,private-network', '--output', output], {
      sourceFor: { prices: () => api },
      writePriceFile: (queries, source, file) => {
        written.push({ queries, file, source: source.description });
        return Promise.resolve();
      },
    });
    expect(code).toBe(0);
    expect(written).toHaveLength(1);
    expect(written[0]?.file).toBe(output);
    expect(written[0]?.source).toBe('Price List API (test)');
    const keys = (written[0]?.queries ?? []).map((query) => `${query.serviceCode} ${query.filters['regionCode'] ?? ''}`);
    expect(keys.sort()).toEqual(['AmazonEC2 eu-west-1', 'AmazonEC2 us-east-1', 'AmazonVPC eu-west-1', 'AmazonVPC us-east-1']);
    expect(stderr).toBe(`gatewatch: prices of 4 of the 4 products the failures' fixes need written to ${output} (from Price List API (test))\n`);
  });

  it('needs --output and takes no report options', async () => {
    expect((await run(['prices', '--snapshot', DEMO])).stderr).toMatch(/^gatewatch: prices needs --output FILE\n/);
    expect((await run(['prices', '--snapshot', DEMO, '--output', join(dir, 'p.json'), '--format', 'json'])).stderr).toMatch(/^gatewatch: prices does not take --format\n/);
  });
});

describe('the Price List API as the build connects it (the SDK client mocked)', () => {
  const pricing = mockClient(PricingClient);
  afterEach(() => {
    pricing.reset();
  });
  /** A GetProducts answer as the API gives it: each PriceList entry a JSON string. */
  const product = (sku: string, usd: string, unit = 'Hrs') =>
    JSON.stringify({
      product: { sku, productFamily: 'VpcEndpoint', attributes: { regionCode: 'eu-west-1' } },
      serviceCode: 'AmazonVPC',
      terms: {
        OnDemand: {
          [`${sku}.JRTCKXETXF`]: {
            offerTermCode: 'JRTCKXETXF',
            sku,
            effectiveDate: '2026-11-01T00:00:00Z',
            priceDimensions: { [`${sku}.JRTCKXETXF.6YS6EN2CT7`]: { unit, pricePerUnit: { USD: usd }, description: `$${usd} per VPC Endpoint Hour`, beginRange: '0', endRange: 'Inf', rateCode: `${sku}.JRTCKXETXF.6YS6EN2CT7` } },
          },
        },
      },
      version: '20261101000000',
      publicationDate: '2026-11-01T00:00:00Z',
    });

  it('gatewatch prices reads each product once from GetProducts and writes a price file scan --prices reads back', async () => {
    pricing.on(GetProductsCommand).resolves({ FormatVersion: 'aws_v1', PriceList: [product('SKU1', '0.0110000000')] });
    const output = join(dir, 'api-prices.json');
    const { code, stderr } = await run(['prices', '--snapshot', DEMO, '--settings', SETTINGS, '--gate', 'vpc-endpoints', '--output', output]);
    expect(code).toBe(0);
    const asked = pricing.commandCalls(GetProductsCommand).map((call) => call.args[0].input.ServiceCode);
    expect(asked).toEqual(['AmazonVPC', 'AmazonVPC']);
    expect(stderr).toContain(`gatewatch: prices of 2 of the 2 products the failures' fixes need written to ${output}`);
    const file = JSON.parse(readFileSync(output, 'utf8')) as { format: string; prices: { price: { amount: number; effectiveDate: string } }[] };
    expect(file.format).toBe('gatewatch-prices/1');
    expect(file.prices.map((entry) => entry.price.amount)).toEqual([0.011, 0.011]);
    const scanned = await run([...DEMO_SCAN, '--gate', 'vpc-endpoints', '--prices', output]);
    expect(scanned.stdout).toMatch(/fix ≈ \$[0-9.,]+\/month/);
  });

  it('a live scan whose GetProducts is denied keeps every verdict and says which call failed', async () => {
    pricing.on(GetProductsCommand).rejects(Object.assign(new Error('not allowed'), { name: 'AccessDeniedException', $metadata: {} }));
    const priced = await run(['scan', '--settings', SETTINGS, '--exit-zero', '--gate', 'vpc-endpoints', '--format', 'json'], { sourceFor: { live: () => new SnapshotSource(DEMO) } });
    const unpriced = await run([...DEMO_SCAN, '--gate', 'vpc-endpoints', '--format', 'json']);
    const verdicts = (text: string) => (JSON.parse(text) as ScanResult).evaluations.map((evaluation) => `${evaluation.ruleId} ${evaluation.resource.id} ${evaluation.status}`);
    expect(verdicts(priced.stdout)).toEqual(verdicts(unpriced.stdout));
    expect(priced.stdout).toContain('pricing:GetProducts failed');
    expect(pricing.commandCalls(GetProductsCommand).length).toBeGreaterThan(0);
  });
});
