/**
 * What fixing the failures costs: the needs rules declared on FAILs (see `meta.fixCost`), priced
 * with one call to a PriceSource for every distinct query, attached to each FAIL as `fixCost`, and
 * totalled per gate.
 *
 * A price that cannot be read never changes a verdict: the fix's estimate says `unavailable` and
 * why (no price source, a product not in the price file, the source failing). Totals count the
 * open failures only (an exempted FAIL shows its estimate but is not a fix anyone plans); a
 * per-GB estimate (the item does not say how much it stores) is shown but not added up.
 */
import type { Gate } from '../model/gates.js';
import { queryKey, type FixCost, type FixNeed, type PriceAnswer, type PriceQuery, type PriceSource } from '../model/fix-cost.js';
import { isOpenFailure, type Evaluation } from './result.js';

/** Where no price source was given (a snapshot scan without --prices). */
export const NO_PRICE_SOURCE = 'price not available (no price source: pass --prices FILE, or scan live with pricing:GetProducts)';

/** What a rule's `fixCost` gave for one FAIL: a need, or the error it threw. */
export type NeedOrError = FixNeed | { readonly kind: 'error'; readonly message: string };

/** The totals of one gate (or of all): the sum of the priced fixes of open failures and the counts of each kind. */
export interface FixCostTotal {
  /** Σ of the priced monthly estimates, rounded to cents; undefined when they are in several currencies. */
  readonly monthly: number | undefined;
  readonly currency: string | undefined;
  /** Fixes priced and added up. */
  readonly priced: number;
  /** Fixes priced per unit (per GB stored) and so not added up. */
  readonly perUnit: number;
  readonly free: number;
  readonly usageBased: number;
  readonly unavailable: number;
  /** The oldest effective date of the prices added up. */
  readonly effectiveDate: string | undefined;
}

export interface FixCostSummary {
  /** Gates with at least one open failure carrying an estimate. */
  readonly byGate: Partial<Record<Gate, FixCostTotal>>;
  readonly overall: FixCostTotal;
  /** Where the prices came from (`price file examples/prices.json`), or that there was none. */
  readonly priceSource: string;
}

const cents = (amount: number): number => Math.round((amount + Number.EPSILON) * 100) / 100;

/** `$0.0480`, `€1.20`: an amount with its currency, unit prices to the tenth of a cent and beyond. */
export function money(amount: number, currency: string, digits = 2): string {
  const symbol = currency === 'USD' ? '$' : `${currency} `;
  return `${amount < 0 ? '−' : ''}${symbol}${Math.abs(amount).toFixed(digits)}`;
}

function unitPriceText(amount: number, currency: string): string {
  // Unit prices carry up to 4–6 significant decimals in the Price List (0.0480, 0.000285): keep them.
  const digits = Math.max(2, Math.min(6, (/\.(\d*?)0*$/.exec(String(amount))?.[1] ?? '').length));
  return money(amount, currency, digits);
}

/** Prices one need with the answers; pure. */
export function priceNeed(need: NeedOrError, answers: ReadonlyMap<string, PriceAnswer>): FixCost {
  if (need.kind === 'error') return { kind: 'unavailable', basis: `no estimate: the rule's fixCost failed (${need.message})` };
  if (need.kind === 'free') return { kind: 'free', basis: need.note };
  if (need.kind === 'usage-based') return { kind: 'usage-based', basis: need.note };
  let total = 0;
  let currency: string | undefined;
  let effectiveDate: string | undefined;
  const parts: string[] = [];
  for (const line of need.lines) {
    const answer = answers.get(queryKey(line.query));
    if (answer === undefined) return { kind: 'unavailable', basis: `price not available for ${line.what}` };
    if (answer.kind === 'unavailable') return { kind: 'unavailable', basis: `${answer.reason} (${line.what})` };
    const { price } = answer;
    if (currency !== undefined && price.currency !== currency) {
      return { kind: 'unavailable', basis: `prices in several currencies (${currency}, ${price.currency}): not added up` };
    }
    currency = price.currency;
    if (effectiveDate === undefined || price.effectiveDate < effectiveDate) effectiveDate = price.effectiveDate;
    total += line.quantity * price.amount;
    const sign = parts.length === 0 ? (line.quantity < 0 ? '−' : '') : line.quantity < 0 ? ' − ' : ' + ';
    parts.push(`${sign}${Math.abs(line.quantity)} ${price.unit} × ${unitPriceText(price.amount, price.currency)} (${line.what})`);
  }
  if (currency === undefined || effectiveDate === undefined) return { kind: 'unavailable', basis: 'no priced line' };
  // Where the prices came from is said once, in the totals, and when in `effectiveDate`: the basis
  // says what and how much, so it stays the same while the prices do (ASFF compares findings whole).
  const basis = `${parts.join('')}${need.note === undefined ? '' : `; ${need.note}`}`;
  return { kind: 'priced', monthly: cents(total), currency, effectiveDate, basis, ...(need.per === undefined ? {} : { per: need.per }) };
}

/** The distinct queries of the needs' priced lines, in first-seen order. */
export function queriesOf(needs: Iterable<NeedOrError>): PriceQuery[] {
  const queries = new Map<string, PriceQuery>();
  for (const need of needs) {
    if (need.kind !== 'priced') continue;
    for (const line of need.lines) {
      const key = queryKey(line.query);
      if (!queries.has(key)) queries.set(key, line.query);
    }
  }
  return [...queries.values()];
}

/** Every query answered `unavailable` with `reason`. */
function allUnavailable(queries: readonly PriceQuery[], reason: string): Map<string, PriceAnswer> {
  const answer: PriceAnswer = { kind: 'unavailable', reason };
  return new Map(queries.map((query) => [queryKey(query), answer]));
}

/** Asks the source once for every query; a source that throws (it should not) answers `unavailable` for all. */
export async function answersFor(queries: readonly PriceQuery[], source: PriceSource | undefined): Promise<ReadonlyMap<string, PriceAnswer>> {
  if (queries.length === 0) return new Map();
  if (source === undefined) return allUnavailable(queries, NO_PRICE_SOURCE);
  try {
    return await source.prices(queries);
  } catch (error) {
    return allUnavailable(queries, `price not available (${source.description} failed: ${error instanceof Error ? error.message : String(error)})`);
  }
}

interface MutableTotal {
  sum: number;
  effectiveDate: string | undefined;
  currency: string | undefined;
  mixed: boolean;
  priced: number;
  perUnit: number;
  free: number;
  usageBased: number;
  unavailable: number;
}

const emptyTotal = (): MutableTotal => ({ sum: 0, effectiveDate: undefined, currency: undefined, mixed: false, priced: 0, perUnit: 0, free: 0, usageBased: 0, unavailable: 0 });

function add(total: MutableTotal, cost: FixCost): void {
  if (cost.kind === 'free') total.free += 1;
  else if (cost.kind === 'usage-based') total.usageBased += 1;
  else if (cost.kind === 'unavailable') total.unavailable += 1;
  else if (cost.per !== undefined) total.perUnit += 1;
  else {
    total.priced += 1;
    if (total.currency !== undefined && total.currency !== cost.currency) total.mixed = true;
    total.currency ??= cost.currency;
    total.sum += cost.monthly;
    if (total.effectiveDate === undefined || cost.effectiveDate < total.effectiveDate) total.effectiveDate = cost.effectiveDate;
  }
}

function frozen(total: MutableTotal): FixCostTotal {
  const { sum, currency, mixed, ...counts } = total;
  return { monthly: mixed || currency === undefined ? undefined : cents(sum), currency: mixed ? undefined : currency, ...counts };
}

/**
 * Attaches an estimate to every FAIL with a need and totals them. `evaluations` is not changed: a
 * FAIL with an estimate is a copy carrying `fixCost` (one small object per FAIL; equal needs —
 * rules returning one constant — share one estimate).
 */
export async function priceFixes(
  evaluations: readonly Evaluation[],
  needs: ReadonlyMap<Evaluation, NeedOrError>,
  source: PriceSource | undefined,
): Promise<{ evaluations: Evaluation[]; summary: FixCostSummary | undefined }> {
  if (needs.size === 0) return { evaluations: [...evaluations], summary: undefined };
  const answers = await answersFor(queriesOf(needs.values()), source);
  const sourceDescription = source?.description ?? 'no price source';
  const costs = new Map<NeedOrError, FixCost>();
  const byGate = new Map<Gate, MutableTotal>();
  const overall = emptyTotal();
  const priced = evaluations.map((evaluation) => {
    const need = needs.get(evaluation);
    if (need === undefined || evaluation.status !== 'FAIL') return evaluation;
    let cost = costs.get(need);
    if (cost === undefined) {
      cost = priceNeed(need, answers);
      costs.set(need, cost);
    }
    if (isOpenFailure(evaluation)) {
      let gate = byGate.get(evaluation.gate);
      if (gate === undefined) {
        gate = emptyTotal();
        byGate.set(evaluation.gate, gate);
      }
      add(gate, cost);
      add(overall, cost);
    }
    return { ...evaluation, fixCost: cost };
  });
  const summary: FixCostSummary = {
    byGate: Object.fromEntries([...byGate].map(([gate, total]) => [gate, frozen(total)])),
    overall: frozen(overall),
    priceSource: sourceDescription,
  };
  return { evaluations: priced, summary };
}
