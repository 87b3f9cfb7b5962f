/**
 * What closing a finding will cost: the vocabulary shared by the rules (which say what a fix buys),
 * the engine (which prices it) and the outputs (which show and total it). Pure types and helpers:
 * no AWS SDK, no I/O.
 *
 * A rule that knows what its fix buys declares `meta.fixCost(item, data)` returning a
 * {@link FixNeed}; the engine asks a {@link PriceSource} for the unit prices of the needs' queries,
 * once per distinct query, and attaches a {@link FixCost} to each FAIL. A price that cannot be read
 * never changes a verdict: the estimate says "price not available" and why.
 */
import { z } from 'zod';

/** Hours in a month, as AWS's pricing pages and calculator count them (24 × 365 / 12). */
export const HOURS_PER_MONTH = 730;

/**
 * One product's on-demand price in the AWS Price List: the service code (`AmazonRDS`, `AmazonEC2`,
 * `AmazonElastiCache`, `AmazonES`, `AmazonEFS`, `AmazonVPC` …), TERM_MATCH filters on the product's
 * attributes (`regionCode`, `instanceType`, `databaseEngine`, `deploymentOption`, `usagetype` …),
 * and the unit of the price dimension wanted (`Hrs`, `GB-Mo`).
 */
export interface PriceQuery {
  readonly serviceCode: string;
  readonly filters: Readonly<Record<string, string>>;
  readonly unit: string;
}

/** A unit price as the Price List gives it. */
export interface UnitPrice {
  /** Per `unit`, in `currency`. */
  readonly amount: number;
  readonly currency: string;
  readonly unit: string;
  /** The price's effective date (the OnDemand term's `effectiveDate`), ISO 8601. */
  readonly effectiveDate: string;
  /** The Price List SKU and the price dimension's description, for the basis. */
  readonly sku?: string | undefined;
  readonly description?: string | undefined;
}

/** A price source's answer for one query. */
export type PriceAnswer = { readonly kind: 'price'; readonly price: UnitPrice } | { readonly kind: 'unavailable'; readonly reason: string };

/** Where unit prices come from: the Price List Query API, a price file, nothing. */
export interface PriceSource {
  readonly description: string;
  /** One answer per distinct query, keyed by {@link queryKey}; never throws for a price it cannot read (it answers `unavailable`). */
  prices(queries: readonly PriceQuery[]): Promise<ReadonlyMap<string, PriceAnswer>>;
}

/** A stable key of a query: the same product asked twice is read once. */
export function queryKey(query: PriceQuery): string {
  const filters = Object.keys(query.filters)
    .sort()
    .map((name) => [name, query.filters[name]]);
  return JSON.stringify([query.serviceCode, filters, query.unit]);
}

/** One priced line of a fix: `quantity` units of the query's product (hours a month, GB-months). */
export interface FixLine {
  readonly query: PriceQuery;
  /** Units a month: hours (730 per instance or endpoint-AZ), GB-months. */
  readonly quantity: number;
  /** What the line buys, for the basis: "a standby db.r6g.large PostgreSQL instance (Multi-AZ)". */
  readonly what: string;
}

/**
 * What a fix buys, as a rule declares it:
 * - `priced`: lines to price and add up (a second node, an endpoint per AZ);
 * - `free`: AWS charges nothing for the fix itself (a gateway endpoint, a tag, encryption by default);
 * - `usage-based`: the charge depends on usage gatewatch cannot know (GuardDuty, AWS Config) — said, not guessed.
 */
export type FixNeed =
  | {
      readonly kind: 'priced';
      readonly lines: readonly FixLine[];
      readonly note?: string | undefined;
      /**
       * Set when the lines price one unit of something the item does not measure ("GB stored": an
       * EFS file system's size is not recorded): the estimate is per that unit and is not totalled.
       */
      readonly per?: string | undefined;
    }
  | { readonly kind: 'free'; readonly note: string }
  | { readonly kind: 'usage-based'; readonly note: string };

/** The estimate attached to a FAIL. */
export type FixCost =
  | {
      readonly kind: 'priced';
      /** The monthly cost of the fix, rounded to cents. */
      readonly monthly: number;
      readonly currency: string;
      /** The oldest effective date of the prices used. */
      readonly effectiveDate: string;
      /** How it was reached: each line's quantity × unit price, and where the prices came from. */
      readonly basis: string;
      /** The estimate is per this unit ("GB stored"), from a need's `per`: shown, not totalled. */
      readonly per?: string | undefined;
    }
  | { readonly kind: 'free'; readonly basis: string }
  | { readonly kind: 'usage-based'; readonly basis: string }
  /** A price could not be read (no price source, a file without it, the API failed): the verdict stands. */
  | { readonly kind: 'unavailable'; readonly basis: string };

/** The price file `gatewatch prices --output FILE` writes and `--prices FILE` reads. */
export const PRICE_FILE_FORMAT = 'gatewatch-prices/1';

/** A {@link UnitPrice} as files and the price cache hold it. */
export const unitPriceSchema = z.strictObject({
  amount: z.number().nonnegative(),
  currency: z.string().min(1),
  unit: z.string().min(1),
  effectiveDate: z.string().min(1),
  sku: z.string().optional(),
  description: z.string().optional(),
});

/** A copy of a price without its absent optional fields (what JSON and DynamoDB items hold). */
export function plainUnitPrice(price: UnitPrice): UnitPrice {
  return {
    amount: price.amount,
    currency: price.currency,
    unit: price.unit,
    effectiveDate: price.effectiveDate,
    ...(price.sku === undefined ? {} : { sku: price.sku }),
    ...(price.description === undefined ? {} : { description: price.description }),
  };
}

export const priceFileSchema = z.strictObject({
  format: z.literal(PRICE_FILE_FORMAT),
  /** When the prices were read (ISO 8601). */
  generatedAt: z.string(),
  /** Where they were read from ("AWS Price List Query API, us-east-1"). */
  source: z.string(),
  prices: z.array(
    z.strictObject({
      query: z.strictObject({ serviceCode: z.string().min(1), filters: z.record(z.string(), z.string()), unit: z.string().min(1) }),
      price: unitPriceSchema,
    }),
  ),
});

export type PriceFile = z.infer<typeof priceFileSchema>;
