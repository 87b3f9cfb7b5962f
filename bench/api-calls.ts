/**
 * The API-call section of `npm run bench`: one scan of a mocked account, the calls of every
 * operation against its minimum. It fails when the total exceeds 110 % of the minimum total or any
 * operation exceeds its own allowance (110 % of its minimum; minimum + 1 per Region where a final
 * empty page cannot be avoided, marked †).
 */
import { runApiCallBenchmark, violations, type BenchmarkResult } from '../testkit/api-calls.js';
import type { BenchSection } from './section.js';

function ratio(calls: number, minimum: number): string {
  return minimum === 0 ? (calls === 0 ? '—' : '∞') : (calls / minimum).toFixed(2);
}

function table(headers: readonly string[], rows: readonly (readonly string[])[], rightAligned: ReadonlySet<number>): string {
  const widths = headers.map((header, column) => Math.max(header.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) => {
        const width = widths[column] ?? cell.length;
        return rightAligned.has(column) ? cell.padStart(width) : cell.padEnd(width);
      })
      .join('  ')
      .trimEnd();
  return [line(headers), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n');
}

function report(result: BenchmarkResult): string {
  const rows = result.rows.map((row) => [
    `${row.service}:${row.operation}${row.finalEmptyPage === undefined ? '' : ' †'}`,
    String(row.calls),
    String(row.minimum),
    ratio(row.calls, row.minimum),
    row.formula,
  ]);
  const { calls, minimum, allowed } = result.totals;
  const notes = result.rows.flatMap((row) => (row.finalEmptyPage === undefined ? [] : [`† ${row.service}:${row.operation} may make minimum + 1 per Region: ${row.finalEmptyPage}.`]));
  return [
    `API calls of one scan: ${result.perType} resources of each type in ${result.regions.join(', ')} (+ global), ${result.items} items, collected in ${Math.round(result.collectMs)} ms`,
    '',
    table(['operation', 'calls', 'minimum', 'ratio', 'minimum formula'], rows, new Set([1, 2, 3])),
    '',
    `total: ${calls} calls, minimum ${minimum}, ratio ${ratio(calls, minimum)} (at most ${allowed} allowed)`,
    ...notes,
    ...result.unlisted.map((entry) => `not in the formula table: ${entry.service}:${entry.operation} (${entry.calls} calls)`),
  ].join('\n');
}

/** The formula table with the measured calls, as the README's Markdown table (one row per operation, grouped by service). */
export function markdown(result: BenchmarkResult): string {
  const escape = (text: string) => text.replaceAll('|', '\\|');
  const lines = [
    `| service | operation | minimum calls | scope | calls at ${result.perType}/type | minimum at ${result.perType}/type |`,
    '|---|---|---|---|--:|--:|',
    ...result.rows.map((row, index) => {
      const service = index > 0 && result.rows[index - 1]?.service === row.service ? '' : row.service;
      return `| ${service} | ${row.operation}${row.finalEmptyPage === undefined ? '' : ' †'} | ${escape(row.formula)} | ${row.scope} | ${row.calls} | ${row.minimum} |`;
    }),
    `| **total** | | | | **${result.totals.calls}** | **${result.totals.minimum}** |`,
  ];
  return lines.join('\n');
}

export interface ApiCallOptions {
  readonly perType?: number | undefined;
  readonly regions?: readonly string[] | undefined;
}

export async function apiCallResult(options: ApiCallOptions = {}): Promise<BenchmarkResult> {
  return runApiCallBenchmark({ ...(options.perType === undefined ? {} : { perType: options.perType }), ...(options.regions === undefined ? {} : { regions: [...options.regions] }) });
}

export async function apiCallsSection(options: ApiCallOptions = {}): Promise<BenchSection> {
  const result = await apiCallResult(options);
  const problems = violations(result);
  const { calls, minimum } = result.totals;
  return {
    name: 'api-calls',
    title: 'API calls of one live scan against their minimum',
    lines: report(result).split('\n'),
    figures: [
      {
        name: `API calls of a scan, ${result.perType} resources per type`,
        value: `${calls} (minimum ${minimum}, ratio ${ratio(calls, minimum)})`,
        target: '≤ 1.10 × minimum, every operation within its allowance',
        pass: problems.length === 0,
      },
      ...problems.map((problem) => ({ name: 'API-call allowance', value: problem, target: 'none over', pass: false })),
    ],
  };
}
