// PriceListSource over aws-sdk-client-mock: the GetProducts calls it makes, and the answer it gives
// for each shape of Price List answer (PriceList entries are JSON strings, as AWS sends them).
import { afterAll, beforeEach, describe, expect, it } from '@jest/globals';
import { mockClient } from 'aws-sdk-client-mock';
import { GetProductsCommand, PricingClient, type GetProductsCommandOutput } from '@aws-sdk/client-pricing';
import { queryKey, type PriceAnswer, type PriceQuery } from '../../model/fix-cost.js';
import { PriceListSource, priceListSource, parsePriceListEntry, type PriceListSourceOptions } from '../../aws/price-list.js';
import { Pacer } from '../../aws/pacer.js';
import { operationOf, RateLimits } from '../../aws/rate-limits.js';
import { standardClientFactory } from '../../aws/clients.js';
import { awsError, CREDENTIALS } from '../../testkit/live.js';
import { entry, RDS_FILTERS, RDS_MULTI_AZ, S3_STANDARD_STORAGE, type ProductSpec } from '../support/price-list.js';

const pricing = mockClient(PricingClient);
const client = new PricingClient({ region: 'us-east-1', credentials: CREDENTIALS });

const RDS: PriceQuery = { serviceCode: 'AmazonRDS', filters: RDS_FILTERS, unit: 'Hrs' };
const S3: PriceQuery = { serviceCode: 'AmazonS3', filters: { regionCode: 'eu-west-1', storageClass: 'General Purpose', volumeType: 'Standard' }, unit: 'GB-Mo' };

function source(options: Partial<PriceListSourceOptions> = {}): PriceListSource {
  return new PriceListSource({ client, region: 'us-east-1', pacer: null, ...options });
}

async function answerOf(query: PriceQuery, options: Partial<PriceListSourceOptions> = {}): Promise<PriceAnswer | undefined> {
  return (await source(options).prices([query])).get(queryKey(query));
}

function reasonOf(answer: PriceAnswer | undefined): string {
  if (answer?.kind !== 'unavailable') throw new Error(`expected an unavailable answer, got ${JSON.stringify(answer)}`);
  return answer.reason;
}

const page = (specs: readonly ProductSpec[], next?: string): GetProductsCommandOutput => ({
  $metadata: {},
  FormatVersion: 'aws_v1',
  PriceList: specs.map(entry),
  ...(next === undefined ? {} : { NextToken: next }),
});

beforeEach(() => {
  pricing.reset();
});

afterAll(() => {
  pricing.restore();
});

describe('PriceListSource: one product', () => {
  it('reads the On-Demand hourly price of a Multi-AZ PostgreSQL db.r6g.large in eu-west-1 (not its Reserved one)', async () => {
    pricing.on(GetProductsCommand).resolves(page([RDS_MULTI_AZ]));
    const answer = await answerOf(RDS);
    expect(answer).toEqual({
      kind: 'price',
      price: {
        amount: 0.494,
        currency: 'USD',
        unit: 'Hrs',
        effectiveDate: '2025-11-01T00:00:00Z',
        sku: 'QZ4RBT7D3J9MKF2A',
        description: '$0.494 per RDS db.r6g.large Multi-AZ instance hour (or partial hour) running PostgreSQL',
      },
    });
    expect(pricing).toHaveReceivedCommandTimes(GetProductsCommand, 1);
    expect(pricing).toHaveReceivedCommandWith(GetProductsCommand, {
      ServiceCode: 'AmazonRDS',
      FormatVersion: 'aws_v1',
      MaxResults: 100,
      Filters: [
        { Type: 'TERM_MATCH', Field: 'databaseEngine', Value: 'PostgreSQL' },
        { Type: 'TERM_MATCH', Field: 'deploymentOption', Value: 'Multi-AZ' },
        { Type: 'TERM_MATCH', Field: 'instanceType', Value: 'db.r6g.large' },
        { Type: 'TERM_MATCH', Field: 'regionCode', Value: 'eu-west-1' },
      ],
    });
    expect(pricing.commandCalls(GetProductsCommand)[0]?.args[0].input.NextToken).toBeUndefined();
  });

  it('takes the first tier of a tiered price (beginRange 0, wherever it sits among the dimensions) and says so', async () => {
    const [first, ...later] = S3_STANDARD_STORAGE.onDemand;
    pricing.on(GetProductsCommand).resolves(page([{ ...S3_STANDARD_STORAGE, onDemand: [...later, ...(first === undefined ? [] : [first])] }]));
    const answer = await answerOf(S3);
    expect(answer).toEqual({
      kind: 'price',
      price: expect.objectContaining({ amount: 0.023, currency: 'USD', unit: 'GB-Mo', sku: 'H8W6CJ3X5N2QVT4E' }),
    });
    expect(answer?.kind === 'price' ? answer.price.description : '').toBe('$0.023 per GB - first 50 TB / month of storage used (first tier of 3: 0 to 51200 GB-Mo)');
  });

  it('takes the single currency the answer gives (CNY in the China Regions)', async () => {
    pricing.on(GetProductsCommand).resolves(page([{ ...RDS_MULTI_AZ, onDemand: [{ unit: 'Hrs', price: '3.5100000000', currency: 'CNY' }] }]));
    expect(await answerOf(RDS)).toEqual({ kind: 'price', price: expect.objectContaining({ amount: 3.51, currency: 'CNY' }) });
  });
});

describe('PriceListSource: pages', () => {
  it('follows NextToken to the last page, and prices the product found on page 2', async () => {
    const storage: ProductSpec = { ...RDS_MULTI_AZ, sku: 'STORAGE00000000A', onDemand: [{ unit: 'GB-Mo', price: '0.2900000000' }] };
    pricing.on(GetProductsCommand).resolvesOnce(page([storage], 'token-2')).resolvesOnce(page([RDS_MULTI_AZ]));
    expect(await answerOf(RDS)).toEqual({ kind: 'price', price: expect.objectContaining({ amount: 0.494, sku: 'QZ4RBT7D3J9MKF2A' }) });
    expect(pricing).toHaveReceivedCommandTimes(GetProductsCommand, 2);
    expect(pricing).toHaveReceivedNthCommandWith(2, GetProductsCommand, { ServiceCode: 'AmazonRDS', NextToken: 'token-2', MaxResults: 100 });
  });

  it('sees a second product on page 2: two prices, no answer', async () => {
    pricing
      .on(GetProductsCommand)
      .resolvesOnce(page([RDS_MULTI_AZ], 'token-2'))
      .resolvesOnce(page([{ ...RDS_MULTI_AZ, sku: 'OTHER0000000000B', onDemand: [{ unit: 'Hrs', price: '0.9880000000' }] }]));
    expect(reasonOf(await answerOf(RDS))).toMatch(/^2 products match AmazonRDS .* at 2 different prices \(SKU QZ4RBT7D3J9MKF2A at 0.494 USD, SKU OTHER0000000000B at 0.988 USD\)/);
  });

  it('answers unavailable, naming the page, when a later page fails', async () => {
    pricing.on(GetProductsCommand).resolvesOnce(page([RDS_MULTI_AZ], 'token-2')).rejectsOnce(awsError('InternalErrorException', 'An internal error has occurred'));
    expect(reasonOf(await answerOf(RDS))).toBe(
      'pricing:GetProducts failed on page 2 (InternalErrorException: An internal error has occurred) for AmazonRDS databaseEngine=PostgreSQL, deploymentOption=Multi-AZ, instanceType=db.r6g.large, regionCode=eu-west-1 per Hrs',
    );
  });

  it('stops at a NextToken given twice, and at the page limit', async () => {
    pricing.on(GetProductsCommand).resolves(page([], 'same-token'));
    expect(reasonOf(await answerOf(RDS))).toMatch(/^pricing:GetProducts answered page 2 with a NextToken it had given before/);
    pricing.reset();
    let next = 0;
    pricing.on(GetProductsCommand).callsFake(async () => page([], `token-${(next += 1)}`));
    expect(reasonOf(await answerOf(RDS, { maxPages: 3 }))).toMatch(/^pricing:GetProducts: more than 300 products \(3 pages\) match AmazonRDS/);
    expect(pricing).toHaveReceivedCommandTimes(GetProductsCommand, 3);
  });
});

describe('PriceListSource: no price it could name', () => {
  it('answers unavailable naming the count when the filters match two products at different prices', async () => {
    const single: ProductSpec = { ...RDS_MULTI_AZ, sku: 'SINGLEAZ0000000C', onDemand: [{ unit: 'Hrs', price: '0.2470000000' }] };
    pricing.on(GetProductsCommand).resolves(page([RDS_MULTI_AZ, single]));
    const reason = reasonOf(await answerOf(RDS));
    expect(reason).toBe(
      '2 products match AmazonRDS databaseEngine=PostgreSQL, deploymentOption=Multi-AZ, instanceType=db.r6g.large, regionCode=eu-west-1 per Hrs at 2 different prices (SKU QZ4RBT7D3J9MKF2A at 0.494 USD, SKU SINGLEAZ0000000C at 0.247 USD): the filters must name one product',
    );
  });

  it('names at most five of many products at different prices, and counts the rest', async () => {
    const many = Array.from({ length: 7 }, (_, index): ProductSpec => ({ ...RDS_MULTI_AZ, sku: `SKU${index}`, onDemand: [{ unit: 'Hrs', price: `0.${index + 1}` }] }));
    pricing.on(GetProductsCommand).resolves(page(many));
    expect(reasonOf(await answerOf(RDS))).toMatch(/^7 products match .* at 7 different prices \(SKU SKU0 at 0.1 USD, SKU SKU1 at 0.2 USD, SKU SKU2 at 0.3 USD, SKU SKU3 at 0.4 USD, SKU SKU4 at 0.5 USD and 2 more\)/);
  });

  it('gives the price of several products at one price, naming them all', async () => {
    pricing.on(GetProductsCommand).resolves(page([{ ...RDS_MULTI_AZ, sku: 'TWINB0000000000B', effectiveDate: '2025-12-01T00:00:00Z' }, RDS_MULTI_AZ]));
    expect(await answerOf(RDS)).toEqual({
      kind: 'price',
      price: expect.objectContaining({
        amount: 0.494,
        effectiveDate: '2025-11-01T00:00:00Z',
        sku: 'QZ4RBT7D3J9MKF2A',
        description: expect.stringContaining('(2 products at this price: SKUs QZ4RBT7D3J9MKF2A, TWINB0000000000B)'),
      }),
    });
  });

  it('answers unavailable when no product matches', async () => {
    pricing.on(GetProductsCommand).resolves({ $metadata: {}, FormatVersion: 'aws_v1', PriceList: [] });
    expect(reasonOf(await answerOf(RDS))).toBe(
      'no product in the Price List matches AmazonRDS databaseEngine=PostgreSQL, deploymentOption=Multi-AZ, instanceType=db.r6g.large, regionCode=eu-west-1 per Hrs',
    );
  });

  it('answers unavailable, listing the units there are, when no On-Demand dimension is in the unit', async () => {
    pricing.on(GetProductsCommand).resolves(page([{ ...RDS_MULTI_AZ, onDemand: [{ unit: 'GB-Mo', price: '0.1' }, { unit: 'IOs', price: '0.2' }] }]));
    expect(reasonOf(await answerOf(RDS))).toMatch(/none with an OnDemand price per Hrs: SKU QZ4RBT7D3J9MKF2A has no OnDemand price per Hrs \(its units: GB-Mo, IOs\)$/);
  });

  it('answers unavailable, naming the parse error, for a PriceList entry that is not JSON or not a product', async () => {
    pricing.on(GetProductsCommand).resolves({ $metadata: {}, PriceList: [entry(RDS_MULTI_AZ), '{"product":{"sku":"X"'] });
    expect(reasonOf(await answerOf(RDS))).toMatch(/^pricing:GetProducts answered an entry that does not parse for AmazonRDS .*: page 1, entry 2 is not JSON \(.+\)$/);

    pricing.reset();
    const withoutSku = JSON.parse(entry(RDS_MULTI_AZ)) as { product: Record<string, unknown> };
    delete withoutSku.product['sku'];
    pricing.on(GetProductsCommand).resolves({ $metadata: {}, PriceList: [JSON.stringify(withoutSku)] });
    expect(reasonOf(await answerOf(RDS))).toMatch(/page 1, entry 1 is not a Price List product: product\.sku: /);
  });

  it('answers unavailable for a price that is not a decimal, or in several currencies', async () => {
    pricing.on(GetProductsCommand).resolves(page([{ ...RDS_MULTI_AZ, onDemand: [{ unit: 'Hrs', price: '-1' }] }]));
    expect(reasonOf(await answerOf(RDS))).toMatch(/SKU QZ4RBT7D3J9MKF2A: pricePerUnit\.USD "-1" is not a decimal number$/);
    pricing.reset();
    const twoCurrencies = JSON.parse(entry(RDS_MULTI_AZ)) as { terms: { OnDemand: Record<string, { priceDimensions: Record<string, { pricePerUnit: Record<string, string> }> }> } };
    for (const term of Object.values(twoCurrencies.terms.OnDemand)) for (const dimension of Object.values(term.priceDimensions)) dimension.pricePerUnit['CNY'] = '3.51';
    pricing.on(GetProductsCommand).resolves({ $metadata: {}, PriceList: [JSON.stringify(twoCurrencies)] });
    expect(reasonOf(await answerOf(RDS))).toMatch(/pricePerUnit has several currencies \(USD, CNY\)$/);
  });

  it('answers unavailable naming pricing:GetProducts when access is denied', async () => {
    pricing.on(GetProductsCommand).rejects(awsError('AccessDeniedException', 'User: arn:aws:sts::111122223333:assumed-role/scan/x is not authorized to perform: pricing:GetProducts'));
    expect(reasonOf(await answerOf(RDS))).toBe(
      'pricing:GetProducts failed (AccessDeniedException: User: arn:aws:sts::111122223333:assumed-role/scan/x is not authorized to perform: pricing:GetProducts) for AmazonRDS databaseEngine=PostgreSQL, deploymentOption=Multi-AZ, instanceType=db.r6g.large, regionCode=eu-west-1 per Hrs',
    );
  });
});

describe('PriceListSource: bounded', () => {
  it('reads a query asked twice once, in one call of prices and across calls', async () => {
    pricing.on(GetProductsCommand).resolves(page([RDS_MULTI_AZ]));
    const prices = source();
    const copy: PriceQuery = { serviceCode: 'AmazonRDS', filters: { ...RDS_FILTERS }, unit: 'Hrs' };
    const first = await prices.prices([RDS, copy]);
    const second = await prices.prices([copy]);
    expect([...first.keys()]).toEqual([queryKey(RDS)]);
    expect(second.get(queryKey(RDS))).toEqual(first.get(queryKey(RDS)));
    expect(pricing).toHaveReceivedCommandTimes(GetProductsCommand, 1);
  });

  it('keeps at most `concurrency` calls in flight', async () => {
    let inFlight = 0;
    let most = 0;
    pricing.on(GetProductsCommand).callsFake(async () => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 5));
      inFlight -= 1;
      return page([RDS_MULTI_AZ]);
    });
    const queries = ['a', 'b', 'c', 'd', 'e'].map((value): PriceQuery => ({ serviceCode: 'AmazonRDS', filters: { ...RDS_FILTERS, instanceType: `db.${value}` }, unit: 'Hrs' }));
    const answers = await source({ concurrency: 2 }).prices(queries);
    expect(answers.size).toBe(5);
    expect(most).toBe(2);
    expect(pricing).toHaveReceivedCommandTimes(GetProductsCommand, 5);
  });

  it('paces GetProducts at the pacer it is given', async () => {
    pricing.on(GetProductsCommand).resolves(page([RDS_MULTI_AZ]));
    let time = 0;
    const waits: number[] = [];
    const pacer = new Pacer({ ratePerSecond: 5, burst: 1, now: () => time, sleep: async (milliseconds) => void (waits.push(milliseconds), (time += milliseconds)) });
    const queries = ['a', 'b', 'c'].map((value): PriceQuery => ({ serviceCode: 'AmazonRDS', filters: { ...RDS_FILTERS, instanceType: `db.${value}` }, unit: 'Hrs' }));
    await source({ pacer, concurrency: 1 }).prices(queries);
    expect(waits).toEqual([200, 200]);
  });

  it("paces by the rate table's GetProducts bucket (10, then 5/s), which matches the SDK's namespace", () => {
    const command = operationOf(new GetProductsCommand({ ServiceCode: 'AmazonRDS' }));
    expect(command).toEqual({ namespace: 'com.amazonaws.pricing', operation: 'GetProducts' });
    const entry = new RateLimits().ofNamespace(command?.namespace ?? '');
    expect(entry?.service).toBe('pricing');
    expect(entry?.operations?.['GetProducts']).toEqual({ burst: 10, perSecond: 5 });
    expect(entry?.concurrency).toBe(2);
  });

  it('calls nothing once the deadline has passed, and answers DeadlineReached', async () => {
    pricing.on(GetProductsCommand).resolves(page([RDS_MULTI_AZ]));
    expect(reasonOf(await answerOf(RDS, { deadline: new Date(Date.now() - 1) }))).toMatch(/^pricing:GetProducts not called \(DeadlineReached: /);
    expect(pricing).toHaveReceivedCommandTimes(GetProductsCommand, 0);
  });

  it('aborts a call in flight at the deadline, and answers DeadlineReached', async () => {
    let signal: AbortSignal | undefined;
    pricing.on(GetProductsCommand).callsFake(() => new Promise<GetProductsCommandOutput>(() => undefined));
    const sendSpy = client.send.bind(client);
    const watching = {
      send: (command: GetProductsCommand, options?: { abortSignal?: AbortSignal }) => {
        signal = options?.abortSignal;
        return sendSpy(command, options);
      },
    };
    const answers = await new PriceListSource({ client: watching, region: 'us-east-1', pacer: null, deadline: () => 30 }).prices([RDS]);
    expect(reasonOf(answers.get(queryKey(RDS)))).toMatch(/^pricing:GetProducts failed \(DeadlineReached: the deadline was reached during pricing:GetProducts\)/);
    expect(signal?.aborted).toBe(true);
  });

  it('makes its client only in a Region with a Price List Query API endpoint', () => {
    const clients = standardClientFactory({ credentials: async () => CREDENTIALS });
    expect(priceListSource(clients).description).toBe('AWS Price List Query API, us-east-1');
    expect(priceListSource(clients, { region: 'ap-south-1' }).description).toBe('AWS Price List Query API, ap-south-1');
    expect(() => priceListSource(clients, { region: 'eu-west-1' })).toThrow('price list region "eu-west-1" has no Price List Query API endpoint: use us-east-1, eu-central-1, ap-south-1');
  });
});

describe('parsePriceListEntry', () => {
  it('reads a boxed string (the SDK gives LazyJsonString objects) like a string', () => {
    // eslint-disable-next-line @typescript-eslint/no-wrapper-object-types
    const boxed: String = new String(entry(RDS_MULTI_AZ));
    expect(parsePriceListEntry(boxed)).toEqual(parsePriceListEntry(entry(RDS_MULTI_AZ)));
    expect('product' in parsePriceListEntry(boxed)).toBe(true);
    expect(parsePriceListEntry({ product: {} })).toEqual({ error: 'is not a JSON string (object)' });
  });
});
