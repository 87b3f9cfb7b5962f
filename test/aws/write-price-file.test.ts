// writePriceFile: the gatewatch-prices/1 file of a source's answers, read back through priceFileSchema.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { PRICE_FILE_FORMAT, priceFileSchema, queryKey, type PriceAnswer, type PriceQuery, type PriceSource } from '../../model/fix-cost.js';
import { writePriceFile } from '../../aws/write-price-file.js';

const RDS: PriceQuery = { serviceCode: 'AmazonRDS', filters: { regionCode: 'eu-west-1', instanceType: 'db.r6g.large', databaseEngine: 'PostgreSQL', deploymentOption: 'Multi-AZ' }, unit: 'Hrs' };
const NAT: PriceQuery = { serviceCode: 'AmazonEC2', filters: { regionCode: 'eu-west-1', usagetype: 'EU-NatGateway-Hours' }, unit: 'Hrs' };
const MISSING: PriceQuery = { serviceCode: 'AmazonES', filters: { regionCode: 'eu-west-1', instanceType: 'nope.search' }, unit: 'Hrs' };
const NOW = new Date('2026-12-08T01:00:00Z');

/** A source answering from a table, counting what it was asked. */
function tableSource(answers: ReadonlyMap<string, PriceAnswer>): PriceSource & { asked: PriceQuery[][] } {
  const asked: PriceQuery[][] = [];
  return {
    description: 'AWS Price List Query API, us-east-1',
    asked,
    async prices(queries) {
      asked.push([...queries]);
      return new Map(queries.flatMap((query) => {
        const answer = answers.get(queryKey(query));
        return answer === undefined ? [] : [[queryKey(query), answer] as const];
      }));
    },
  };
}

const answers = new Map<string, PriceAnswer>([
  [queryKey(RDS), { kind: 'price', price: { amount: 0.494, currency: 'USD', unit: 'Hrs', effectiveDate: '2025-11-01T00:00:00Z', sku: 'QZ4RBT7D3J9MKF2A', description: '$0.494 per RDS db.r6g.large Multi-AZ instance hour' } }],
  [queryKey(NAT), { kind: 'price', price: { amount: 0.048, currency: 'USD', unit: 'Hrs', effectiveDate: '2025-10-01T00:00:00Z' } }],
  [queryKey(MISSING), { kind: 'unavailable', reason: 'no product in the Price List matches AmazonES instanceType=nope.search, regionCode=eu-west-1 per Hrs' }],
]);

let directory: string;
beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), 'gatewatch-prices-'));
});
afterEach(() => {
  rmSync(directory, { recursive: true, force: true });
});

describe('writePriceFile', () => {
  it('writes every price (each query once) in a file priceFileSchema reads back, and returns the unavailable ones', async () => {
    const source = tableSource(answers);
    const file = join(directory, 'nested', 'prices.json');
    const result = await writePriceFile([RDS, NAT, MISSING, { ...RDS, filters: { ...RDS.filters } }], source, file, NOW);

    expect(source.asked).toHaveLength(1);
    expect(source.asked[0]).toHaveLength(3);
    expect(result).toEqual({ file, written: 2, unavailable: [{ query: MISSING, reason: 'no product in the Price List matches AmazonES instanceType=nope.search, regionCode=eu-west-1 per Hrs' }] });

    const read = priceFileSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
    expect(read.format).toBe(PRICE_FILE_FORMAT);
    expect(read.generatedAt).toBe('2026-12-08T01:00:00.000Z');
    expect(read.source).toBe('AWS Price List Query API, us-east-1');
    // In query-key order: AmazonEC2 before AmazonRDS.
    expect(read.prices).toEqual([
      { query: NAT, price: { amount: 0.048, currency: 'USD', unit: 'Hrs', effectiveDate: '2025-10-01T00:00:00Z' } },
      { query: RDS, price: { amount: 0.494, currency: 'USD', unit: 'Hrs', effectiveDate: '2025-11-01T00:00:00Z', sku: 'QZ4RBT7D3J9MKF2A', description: '$0.494 per RDS db.r6g.large Multi-AZ instance hour' } },
    ]);
    expect(readdirSync(join(directory, 'nested'))).toEqual(['prices.json']);
  });

  it('counts a query the source did not answer as unavailable, naming the source', async () => {
    const result = await writePriceFile([RDS, { serviceCode: 'AmazonVPC', filters: { regionCode: 'eu-west-1' }, unit: 'Hrs' }], tableSource(answers), join(directory, 'p.json'), NOW);
    expect(result.written).toBe(1);
    expect(result.unavailable).toEqual([{ query: { serviceCode: 'AmazonVPC', filters: { regionCode: 'eu-west-1' }, unit: 'Hrs' }, reason: 'AWS Price List Query API, us-east-1 gave no answer for it' }]);
  });

  it('writes nothing when the content would not be a valid price file', async () => {
    const bad = new Map<string, PriceAnswer>([[queryKey(RDS), { kind: 'price', price: { amount: -1, currency: 'USD', unit: 'Hrs', effectiveDate: '2025-11-01T00:00:00Z' } }]]);
    const file = join(directory, 'p.json');
    await expect(writePriceFile([RDS], tableSource(bad), file, NOW)).rejects.toThrow('the price file would not be valid (prices.0.price.amount: ');
    expect(existsSync(file)).toBe(false);
  });

  it('names the file and the error code when it cannot write, and leaves no temporary file', async () => {
    // The path is a directory: the temporary file beside it is written, the rename fails.
    const file = join(directory, 'taken');
    mkdirSync(file);
    await expect(writePriceFile([RDS], tableSource(answers), file, NOW)).rejects.toThrow(`${file}: cannot write the price file (`);
    expect(readdirSync(directory)).toEqual(['taken']);
  });
});
