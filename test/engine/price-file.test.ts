import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../../model/input-error.js';
import { loadPriceFile, parsePriceFile } from '../../engine/price-file.js';
import { PRICE_FILE_FORMAT, priceFileSchema, queryKey, type PriceQuery } from '../../model/fix-cost.js';

const dir = mkdtempSync(join(tmpdir(), 'gatewatch-prices-'));
const write = (name: string, content: string): string => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};

const NAT: PriceQuery = { serviceCode: 'AmazonEC2', filters: { regionCode: 'eu-west-1', productFamily: 'NAT Gateway', operation: 'NatGateway' }, unit: 'Hrs' };
const entry = (query: PriceQuery, amount: number) => ({ query, price: { amount, currency: 'USD', unit: 'Hrs', effectiveDate: '2026-09-25', sku: 'KFNSSCHWD43WZK2R' } });
const file = (prices: unknown[]) => ({ format: PRICE_FILE_FORMAT, generatedAt: '2026-10-01T00:00:00Z', source: 'test', prices });

describe('a price file', () => {
  it('answers the products it holds, whatever the order of their filters, and no other', async () => {
    const path = write('prices.json', JSON.stringify(file([entry(NAT, 0.048)])));
    const source = await loadPriceFile(path);
    const reordered: PriceQuery = { serviceCode: 'AmazonEC2', filters: { operation: 'NatGateway', productFamily: 'NAT Gateway', regionCode: 'eu-west-1' }, unit: 'Hrs' };
    const other: PriceQuery = { ...NAT, filters: { ...NAT.filters, regionCode: 'us-east-1' } };
    const answers = await source.prices([reordered, other]);
    expect(answers.get(queryKey(reordered))).toEqual({ kind: 'price', price: { amount: 0.048, currency: 'USD', unit: 'Hrs', effectiveDate: '2026-09-25', sku: 'KFNSSCHWD43WZK2R' } });
    expect(answers.get(queryKey(other))).toEqual({ kind: 'unavailable', reason: `not in price file ${path}` });
    expect(source.description).toBe(`price file ${path}`);
  });

  it('the demo price file is valid and prices what the demo fails on', async () => {
    const source = await loadPriceFile('examples/prices.json');
    const answers = await source.prices([NAT]);
    expect(answers.get(queryKey(NAT))).toMatchObject({ kind: 'price', price: { amount: 0.048, currency: 'USD' } });
  });

  it.each([
    ['not JSON', '{"format":', /: not JSON \(.+\) — write it with `gatewatch prices --output FILE`$/],
    ['another format', JSON.stringify({ ...file([]), format: 'gatewatch-prices/2' }), /: format: .+ — write it with `gatewatch prices --output FILE` \(format gatewatch-prices\/1\)$/],
    ['a negative amount', JSON.stringify(file([{ ...entry(NAT, 0.048), price: { ...entry(NAT, 0.048).price, amount: -1 } }])), /: prices\[0\]\.price\.amount: .+/],
    ['an unknown key', JSON.stringify(file([{ ...entry(NAT, 0.048), discount: 0.1 }])), /: prices\[0\]: .*discount/],
    ['a filter that is not text', JSON.stringify(file([{ ...entry(NAT, 0.048), query: { ...NAT, filters: { regionCode: 1 } } }])), /: prices\[0\]\.query\.filters\.regionCode: /],
    ['the same product twice', JSON.stringify(file([entry(NAT, 0.048), entry({ ...NAT, filters: { operation: 'NatGateway', productFamily: 'NAT Gateway', regionCode: 'eu-west-1' } }, 0.05)])), /: prices\[1\]\.query: the same product as prices\[0\] — keep one price per product$/],
  ])('refuses %s in one line naming the field and the fix', async (name, content, message) => {
    const path = write(`${name.replaceAll(' ', '-')}.json`, content);
    const error = await loadPriceFile(path).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message.startsWith(`${path}: `)).toBe(true);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain('\n');
  });

  it('refuses a file over the size limit before reading it, and one that cannot be read', async () => {
    const path = write('large.json', JSON.stringify(file([entry(NAT, 0.048)])));
    await expect(loadPriceFile(path, { maxBytes: 10 })).rejects.toThrow(new InputError(`${path}: the price file is ${JSON.stringify(file([entry(NAT, 0.048)])).length} bytes, over the limit of 10 — a price file holds the prices of one scan's fixes`));
    await expect(loadPriceFile(join(dir, 'missing.json'))).rejects.toThrow(new InputError(`${join(dir, 'missing.json')}: cannot read the price file (ENOENT)`));
  });

  it('is what the schema says: parsePriceFile accepts exactly what priceFileSchema does', () => {
    const valid = file([entry(NAT, 0)]);
    expect(priceFileSchema.safeParse(valid).success).toBe(true);
    expect(parsePriceFile(valid, 'p.json').prices).toHaveLength(1);
  });
});
