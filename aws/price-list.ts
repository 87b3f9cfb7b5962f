/**
 * Unit prices from the AWS Price List Query API (`pricing:GetProducts`), for the fix-cost
 * estimates (model/fix-cost.ts). One GetProducts per distinct query (by `queryKey`), every page
 * followed, each answer's PriceList entries — JSON strings — parsed strictly as AWS documents them:
 *
 *   { product: { sku, productFamily, attributes: { … } },
 *     terms: { OnDemand: { "SKU.OFFERTERM": { effectiveDate, priceDimensions: {
 *       "SKU.OFFERTERM.RATE": { unit, description, beginRange, endRange, pricePerUnit: { USD: "0.3520000000" } } } } },
 *              Reserved: { … } }, … }
 *
 * The price is the OnDemand price dimension whose unit is the query's. Nothing is ever picked
 * silently: no product, products at different prices, no dimension in the unit, an answer that
 * does not parse, a failed call — each is an `unavailable` answer saying why (a failed call named
 * `pricing:GetProducts failed (CODE: message)`). A tiered price (S3-like ranges) gives its first
 * tier, and says so.
 *
 * Requests are bounded: a few in flight, paced under the API's published token bucket
 * (aws/rate-limits.ts), the client's own timeouts and adaptive retry (aws/clients.ts), and an
 * optional deadline after which no call starts and calls in flight are aborted.
 */
import { GetProductsCommand, PricingClient, type GetProductsCommandOutput } from '@aws-sdk/client-pricing';
import { z } from 'zod';
import { queryKey, type PriceAnswer, type PriceQuery, type PriceSource, type UnitPrice } from '../model/fix-cost.js';
import type { ClientFactory } from './clients.js';
import { Deadline, type DeadlineSpec } from './deadline.js';
import { asAwsError, errorCode } from './errors.js';
import { Limiter } from './limiter.js';
import { pacedClient, Pacer } from './pacer.js';
import { RateLimits } from './rate-limits.js';

/** The Regions of the Price List Query API's endpoints (api.pricing.REGION.amazonaws.com); a client in any other Region fails. */
export const PRICE_LIST_REGIONS = ['us-east-1', 'eu-central-1', 'ap-south-1'] as const;
export type PriceListRegion = (typeof PRICE_LIST_REGIONS)[number];

/** GetProducts' largest page. */
export const GET_PRODUCTS_PAGE_SIZE = 100;
/** Pages read for one query at most (5,000 products): past that the filters are too loose to name one product. */
export const DEFAULT_MAX_PAGES = 50;

const CALL = 'pricing:GetProducts';

// ---- The PriceList entry, as AWS documents it (only what is read; other fields are allowed and ignored).

const priceDimensionSchema = z.object({
  unit: z.string(),
  /** Currency code → decimal string ("0.3520000000"). */
  pricePerUnit: z.record(z.string(), z.string()),
  description: z.string().optional(),
  beginRange: z.string().optional(),
  endRange: z.string().optional(),
  rateCode: z.string().optional(),
});

const onDemandTermSchema = z.object({
  effectiveDate: z.string().min(1),
  offerTermCode: z.string().optional(),
  priceDimensions: z.record(z.string(), priceDimensionSchema),
});

/** One PriceList entry of a GetProducts answer (FormatVersion aws_v1). */
export const priceListProductSchema = z.object({
  product: z.object({
    sku: z.string().min(1),
    productFamily: z.string().optional(),
    attributes: z.record(z.string(), z.string()),
  }),
  serviceCode: z.string().optional(),
  terms: z.object({
    OnDemand: z.record(z.string(), onDemandTermSchema).optional(),
  }),
});

export type PriceListProduct = z.infer<typeof priceListProductSchema>;

/** `Field=Value` of each filter, in key order: how a query is named in a reason. */
export function describeQuery(query: PriceQuery): string {
  const filters = Object.keys(query.filters)
    .sort()
    .map((name) => `${name}=${query.filters[name] ?? ''}`);
  return `${query.serviceCode} ${filters.join(', ')} per ${query.unit}`;
}

/**
 * Parses one PriceList entry: a JSON string (the SDK hands it over as a boxed `LazyJsonString`).
 * @returns the product, or the reason it does not parse.
 */
export function parsePriceListEntry(entry: unknown): { readonly product: PriceListProduct } | { readonly error: string } {
  const text = typeof entry === 'string' ? entry : entry instanceof String ? entry.toString() : undefined;
  if (text === undefined) return { error: `is not a JSON string (${entry === null ? 'null' : typeof entry})` };
  let json: unknown;
  try {
    json = JSON.parse(text) as unknown;
  } catch (error) {
    return { error: `is not JSON (${error instanceof Error ? error.message : String(error)})` };
  }
  const parsed = priceListProductSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { error: `is not a Price List product: ${issue === undefined ? 'no detail' : `${issue.path.length === 0 ? '(the entry)' : issue.path.join('.')}: ${issue.message}`}` };
  }
  return { product: parsed.data };
}

const DECIMAL = /^\d+(\.\d+)?$/;
/** Products named in a reason at most. */
const LISTED_PRODUCTS = 5;

/** One product's price in the query's unit, or why it has none. */
type ProductPrice = { readonly price: UnitPrice } | { readonly none: string } | { readonly problem: string };

/**
 * The OnDemand price of `product` per `unit`: the one dimension in that unit; of tiered
 * dimensions, the first tier (beginRange "0"), said in the description.
 */
export function productPrice(product: PriceListProduct, unit: string): ProductPrice {
  const sku = product.product.sku;
  const dimensions = Object.values(product.terms.OnDemand ?? {}).flatMap((term) =>
    Object.values(term.priceDimensions).map((dimension) => ({ term, dimension })),
  );
  const inUnit = dimensions.filter(({ dimension }) => dimension.unit === unit);
  if (inUnit.length === 0) {
    const units = [...new Set(dimensions.map(({ dimension }) => dimension.unit))].sort();
    return { none: `SKU ${sku} has no OnDemand price per ${unit}${units.length === 0 ? ' (no OnDemand price at all)' : ` (its units: ${units.join(', ')})`}` };
  }
  const tiered = inUnit.length > 1;
  const chosen = tiered ? inUnit.filter(({ dimension }) => dimension.beginRange === '0') : inUnit;
  if (chosen.length !== 1) {
    return { problem: `SKU ${sku} has ${inUnit.length} OnDemand prices per ${unit}, ${chosen.length} of them starting at 0: no single first tier` };
  }
  const [{ term, dimension }] = chosen as [(typeof inUnit)[number]];
  const currencies = Object.keys(dimension.pricePerUnit);
  if (currencies.length !== 1) return { problem: `SKU ${sku}: pricePerUnit has ${currencies.length === 0 ? 'no currency' : `several currencies (${currencies.join(', ')})`}` };
  const [currency] = currencies as [string];
  const text = dimension.pricePerUnit[currency] ?? '';
  if (!DECIMAL.test(text)) return { problem: `SKU ${sku}: pricePerUnit.${currency} "${text}" is not a decimal number` };
  const tier = tiered ? ` (first tier of ${inUnit.length}: ${dimension.beginRange ?? '0'} to ${dimension.endRange ?? '?'} ${unit})` : '';
  const description = dimension.description === undefined ? (tier === '' ? undefined : tier.trim()) : `${dimension.description}${tier}`;
  return {
    price: {
      amount: Number(text),
      currency,
      unit,
      effectiveDate: term.effectiveDate,
      sku,
      ...(description === undefined ? {} : { description }),
    },
  };
}

/**
 * The answer for `query` from the products GetProducts returned for it: one price, or why none.
 * Several products at the same price (amount and currency) give that price (the earliest
 * effective date, the SKUs in the description); at different prices, none.
 */
export function choosePrice(query: PriceQuery, products: readonly PriceListProduct[]): PriceAnswer {
  const named = describeQuery(query);
  if (products.length === 0) return { kind: 'unavailable', reason: `no product in the Price List matches ${named}` };
  const results = products.map((product) => productPrice(product, query.unit));
  const problems = results.flatMap((result) => ('problem' in result ? [result.problem] : []));
  if (problems.length > 0) return { kind: 'unavailable', reason: `${named}: ${problems.join('; ')}` };
  const priced = results.flatMap((result) => ('price' in result ? [result.price] : []));
  if (priced.length === 0) {
    const reasons = results.flatMap((result) => ('none' in result ? [result.none] : []));
    return { kind: 'unavailable', reason: `${products.length} product(s) match ${named}, none with an OnDemand price per ${query.unit}: ${reasons.join('; ')}` };
  }
  const distinct = new Map(priced.map((price) => [`${price.amount} ${price.currency}`, price]));
  if (distinct.size > 1) {
    const shown = priced.slice(0, LISTED_PRODUCTS).map((price) => `SKU ${price.sku ?? '?'} at ${price.amount} ${price.currency}`);
    const listed = `${shown.join(', ')}${priced.length > LISTED_PRODUCTS ? ` and ${priced.length - LISTED_PRODUCTS} more` : ''}`;
    return {
      kind: 'unavailable',
      reason: `${priced.length} products match ${named} at ${distinct.size} different prices (${listed}): the filters must name one product`,
    };
  }
  if (priced.length === 1) return { kind: 'price', price: priced[0] as UnitPrice };
  const sorted = [...priced].sort((a, b) => (a.effectiveDate < b.effectiveDate ? -1 : a.effectiveDate > b.effectiveDate ? 1 : 0));
  const first = sorted[0] as UnitPrice;
  const skus = priced.map((price) => price.sku ?? '?').sort();
  const note = `(${priced.length} products at this price: SKUs ${skus.join(', ')})`;
  return { kind: 'price', price: { ...first, sku: skus[0], description: first.description === undefined ? note : `${first.description} ${note}` } };
}

/** The sending part of a PricingClient (a test's mock, a paced or deadline-bound proxy). */
export interface PricingSender {
  send(command: GetProductsCommand, options?: { abortSignal?: AbortSignal }): Promise<GetProductsCommandOutput>;
}

export interface PriceListSourceOptions {
  readonly client: PricingSender;
  /** The Region of the client's endpoint, for the source's description. */
  readonly region: string;
  /** GetProducts in flight at once (default the rate table's `pricing` concurrency). */
  readonly concurrency?: number | undefined;
  /** Request starts are paced by this (default: the rate table's GetProducts bucket); `null` for none. */
  readonly pacer?: Pacer | null | undefined;
  /** No call starts after it, calls in flight are aborted; their queries answer `unavailable` (DeadlineReached). */
  readonly deadline?: DeadlineSpec | undefined;
  /** Pages per query at most (default {@link DEFAULT_MAX_PAGES}). */
  readonly maxPages?: number | undefined;
}

/**
 * The Price List Query API as a {@link PriceSource}. A query asked twice (in one `prices` call or
 * two) is read once: the run's answers are kept as promises by query key.
 */
export class PriceListSource implements PriceSource {
  readonly description: string;
  private readonly client: PricingSender;
  private readonly limiter: Limiter;
  private readonly deadline: Deadline | undefined;
  private readonly maxPages: number;
  private readonly answers = new Map<string, Promise<PriceAnswer>>();

  constructor(options: PriceListSourceOptions) {
    const limits = new RateLimits().of('pricing');
    const concurrency = options.concurrency ?? limits.concurrency;
    const maxPages = options.maxPages ?? DEFAULT_MAX_PAGES;
    if (!Number.isInteger(maxPages) || maxPages < 1) throw new Error(`maxPages must be a positive integer, got ${maxPages}`);
    const bucket = limits.operations?.['GetProducts'];
    const pacer = options.pacer === undefined ? (bucket === undefined ? null : new Pacer({ ratePerSecond: bucket.perSecond, burst: bucket.burst })) : options.pacer;
    this.deadline = options.deadline === undefined ? undefined : Deadline.of(options.deadline);
    const paced = pacer === null ? options.client : pacedClient(options.client, (namespace, operation) => (namespace === limits.namespace && operation === 'GetProducts' ? [pacer] : []));
    this.client = this.deadline === undefined ? paced : this.deadline.bind(paced);
    this.limiter = new Limiter(concurrency);
    this.maxPages = maxPages;
    this.description = `AWS Price List Query API, ${options.region}`;
  }

  async prices(queries: readonly PriceQuery[]): Promise<ReadonlyMap<string, PriceAnswer>> {
    const keys = new Map<string, Promise<PriceAnswer>>();
    for (const query of queries) {
      const key = queryKey(query);
      if (keys.has(key)) continue;
      let answer = this.answers.get(key);
      if (answer === undefined) {
        answer = this.limiter.run(() => this.read(query));
        this.answers.set(key, answer);
      }
      keys.set(key, answer);
    }
    const entries = await Promise.all([...keys].map(async ([key, answer]) => [key, await answer] as const));
    return new Map(entries);
  }

  /** Every page of the query's products, then the price among them; never throws. */
  private async read(query: PriceQuery): Promise<PriceAnswer> {
    const products: PriceListProduct[] = [];
    const tokens = new Set<string>();
    let token: string | undefined;
    let page = 0;
    try {
      do {
        page += 1;
        if (page > this.maxPages) {
          return { kind: 'unavailable', reason: `${CALL}: more than ${this.maxPages * GET_PRODUCTS_PAGE_SIZE} products (${this.maxPages} pages) match ${describeQuery(query)}: the filters must name one product` };
        }
        const output = await this.send(query, token, page);
        if ('failed' in output) return { kind: 'unavailable', reason: output.failed };
        const list: unknown = output.PriceList ?? [];
        if (!Array.isArray(list)) return { kind: 'unavailable', reason: `${CALL} answered a PriceList that is not a list (page ${page}) for ${describeQuery(query)}` };
        for (const [index, entry] of list.entries()) {
          const parsed = parsePriceListEntry(entry);
          if ('error' in parsed) return { kind: 'unavailable', reason: `${CALL} answered an entry that does not parse for ${describeQuery(query)}: page ${page}, entry ${index + 1} ${parsed.error}` };
          products.push(parsed.product);
        }
        token = output.NextToken === undefined || output.NextToken === '' ? undefined : output.NextToken;
        if (token !== undefined) {
          if (tokens.has(token)) return { kind: 'unavailable', reason: `${CALL} answered page ${page} with a NextToken it had given before, for ${describeQuery(query)}: the pages cannot be read to the end` };
          tokens.add(token);
        }
      } while (token !== undefined);
    } catch (error) {
      // A bug here (not an AWS answer) is still an unavailable price, never a crash of the scan.
      return { kind: 'unavailable', reason: `${CALL} answer could not be read for ${describeQuery(query)}: ${error instanceof Error ? error.message : String(error)}` };
    }
    return choosePrice(query, products);
  }

  private async send(query: PriceQuery, token: string | undefined, page: number): Promise<GetProductsCommandOutput | { readonly failed: string }> {
    const where = page === 1 ? '' : ` on page ${page}`;
    if (this.deadline?.reached() === true) return { failed: `${CALL} not called${where} (DeadlineReached: the deadline was reached before the call) for ${describeQuery(query)}` };
    const command = new GetProductsCommand({
      ServiceCode: query.serviceCode,
      Filters: Object.keys(query.filters)
        .sort()
        .map((field) => ({ Type: 'TERM_MATCH' as const, Field: field, Value: query.filters[field] ?? '' })),
      FormatVersion: 'aws_v1',
      MaxResults: GET_PRODUCTS_PAGE_SIZE,
      ...(token === undefined ? {} : { NextToken: token }),
    });
    try {
      const sent = this.client.send(command);
      return await (this.deadline === undefined ? sent : this.deadline.race(sent, `the deadline was reached during ${CALL}`));
    } catch (error) {
      const message = asAwsError(error).message ?? '';
      return { failed: `${CALL} failed${where} (${errorCode(error)}${message === '' ? '' : `: ${message}`}) for ${describeQuery(query)}` };
    }
  }
}

export interface PriceListClientOptions extends Omit<PriceListSourceOptions, 'client' | 'region'> {
  /** The endpoint's Region (default us-east-1). */
  readonly region?: string | undefined;
}

/**
 * A {@link PriceListSource} over a PricingClient made by `clients` (the standard factory: adaptive
 * retry, timeouts, the response check) in one of the API's Regions.
 * @throws {Error} when `region` has no Price List Query API endpoint, naming the ones that do.
 */
export function priceListSource(clients: ClientFactory, options: PriceListClientOptions = {}): PriceListSource {
  const region = options.region ?? 'us-east-1';
  if (!(PRICE_LIST_REGIONS as readonly string[]).includes(region)) {
    throw new Error(`price list region "${region}" has no Price List Query API endpoint: use ${PRICE_LIST_REGIONS.join(', ')}`);
  }
  return new PriceListSource({ ...options, client: clients(PricingClient, region), region });
}
