/**
 * `gatewatch prices --output FILE`: the unit prices of the given queries, read from a price source
 * (the Price List Query API when credentials are at hand), written as a `gatewatch-prices/1` file
 * that `--prices FILE` reads in offline scans. Every `price` answer is written; the unavailable ones
 * are returned (query and reason) for the command to print, never written as a guess.
 */
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { plainUnitPrice, PRICE_FILE_FORMAT, priceFileSchema, queryKey, type PriceFile, type PriceQuery, type PriceSource } from '../model/fix-cost.js';

export interface PriceFileWritten {
  readonly file: string;
  /** Prices written. */
  readonly written: number;
  /** The queries whose price could not be read, with why (not in the file). */
  readonly unavailable: readonly { readonly query: PriceQuery; readonly reason: string }[];
}

/** The file's content for the source's answers to `queries` (distinct queries, in key order), validated. */
export async function priceFileOf(queries: readonly PriceQuery[], source: PriceSource, now: Date): Promise<{ readonly content: PriceFile; readonly unavailable: PriceFileWritten['unavailable'] }> {
  const distinct = [...new Map(queries.map((query) => [queryKey(query), query])).entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const answers = await source.prices(distinct.map(([, query]) => query));
  const prices: PriceFile['prices'] = [];
  const unavailable: { query: PriceQuery; reason: string }[] = [];
  for (const [key, query] of distinct) {
    const answer = answers.get(key);
    if (answer === undefined) {
      unavailable.push({ query, reason: `${source.description} gave no answer for it` });
    } else if (answer.kind === 'unavailable') {
      unavailable.push({ query, reason: answer.reason });
    } else {
      const { price } = answer;
      prices.push({
        query: { serviceCode: query.serviceCode, filters: { ...query.filters }, unit: query.unit },
        price: plainUnitPrice(price),
      });
    }
  }
  const parsed = priceFileSchema.safeParse({ format: PRICE_FILE_FORMAT, generatedAt: now.toISOString(), source: source.description, prices });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`the price file would not be valid (${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'no detail'}): nothing written`);
  }
  return { content: parsed.data, unavailable };
}

/**
 * Asks `source` for the queries' prices and writes the price file (through a temporary file
 * renamed into place, so a reader never sees half a file).
 * @throws {Error} naming the file and the error code when it cannot be written.
 */
export async function writePriceFile(queries: readonly PriceQuery[], source: PriceSource, file: string, now: Date): Promise<PriceFileWritten> {
  const { content, unavailable } = await priceFileOf(queries, source, now);
  const temporary = `${file}.tmp-${process.pid}`;
  try {
    await mkdir(dirname(file), { recursive: true });
    const handle = await open(temporary, 'w');
    try {
      await handle.writeFile(`${JSON.stringify(content, null, 2)}\n`, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true }).catch(() => undefined);
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new Error(`${file}: cannot write the price file (${code})`, { cause: error });
  }
  return { file, written: content.prices.length, unavailable };
}
