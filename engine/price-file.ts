/**
 * A price file as a PriceSource: the unit prices `gatewatch prices --output FILE` wrote (format
 * `gatewatch-prices/1`, see model/fix-cost.ts), for offline scans (`--prices FILE`). It answers
 * only what the file holds; any other product is "not in price file FILE", never a guess.
 */
import { readFile, stat } from 'node:fs/promises';
import type { z } from 'zod';
import { InputError } from '../model/input-error.js';
import { plainUnitPrice, priceFileSchema, queryKey, type PriceAnswer, type PriceFile, type PriceQuery, type PriceSource } from '../model/fix-cost.js';

/** A price file holds the prices of the fixes of one scan: a few hundred products at most. 16 MiB is far beyond. */
export const MAX_PRICE_FILE_BYTES = 16 * 1024 * 1024;

function issueText(issue: z.core.$ZodIssue): string {
  const path = issue.path.map((part) => (typeof part === 'number' ? `[${part}]` : `.${String(part)}`)).join('').replace(/^\./, '');
  return `${path === '' ? '(top level)' : path}: ${issue.message}`;
}

/** Validates a parsed price file; `origin` names it in errors. @throws {InputError} naming the field and the fix. */
export function parsePriceFile(raw: unknown, origin: string): PriceFile {
  const parsed = priceFileSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InputError(`${origin}: ${issue === undefined ? 'invalid' : issueText(issue)} — write it with \`gatewatch prices --output FILE\` (format gatewatch-prices/1)`);
  }
  const seen = new Map<string, number>();
  parsed.data.prices.forEach((entry, index) => {
    const key = queryKey(entry.query);
    const first = seen.get(key);
    if (first !== undefined) throw new InputError(`${origin}: prices[${index}].query: the same product as prices[${first}] — keep one price per product`);
    seen.set(key, index);
  });
  return parsed.data;
}

export class PriceFileSource implements PriceSource {
  readonly description: string;
  private readonly answers: ReadonlyMap<string, PriceAnswer>;

  constructor(
    file: PriceFile,
    private readonly origin: string,
  ) {
    this.description = `price file ${origin}`;
    this.answers = new Map(
      file.prices.map(({ query, price }): [string, PriceAnswer] => [
        queryKey(query),
        {
          kind: 'price',
          price: plainUnitPrice(price),
        },
      ]),
    );
  }

  prices(queries: readonly PriceQuery[]): Promise<ReadonlyMap<string, PriceAnswer>> {
    const missing: PriceAnswer = { kind: 'unavailable', reason: `not in price file ${this.origin}` };
    return Promise.resolve(new Map(queries.map((query) => [queryKey(query), this.answers.get(queryKey(query)) ?? missing])));
  }
}

/**
 * Reads and validates a price file.
 * @throws {InputError} for a file that cannot be read, is too large, is not JSON or does not fit the format.
 */
export async function loadPriceFile(file: string, options: { maxBytes?: number } = {}): Promise<PriceFileSource> {
  const maxBytes = options.maxBytes ?? MAX_PRICE_FILE_BYTES;
  let text: string;
  try {
    const { size } = await stat(file);
    if (size > maxBytes) throw new InputError(`${file}: the price file is ${size} bytes, over the limit of ${maxBytes} — a price file holds the prices of one scan's fixes`);
    text = await readFile(file, 'utf8');
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(`${file}: cannot read the price file (${(error as NodeJS.ErrnoException).code ?? 'unreadable'})`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new InputError(`${file}: not JSON (${(error as Error).message.split('\n')[0] ?? 'syntax error'}) — write it with \`gatewatch prices --output FILE\``);
  }
  return new PriceFileSource(parsePriceFile(raw, file), file);
}
