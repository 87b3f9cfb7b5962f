/**
 * The terminal report: grouped by gate, failures and unknowns in full, passes and
 * not-applicables counted (listed too with `verbose`). Fits an 80-column terminal.
 */
import type { Evaluation, ScanResult } from '../engine/result.js';
import { money, type FixCostTotal } from '../engine/fix-costs.js';
import type { FixCost } from '../model/fix-cost.js';
import { wrapText, type Style } from './terminal.js';
import { GATES, type Status } from '../model/gates.js';

export const REPORT_WIDTH = 80;
const INDENT = '        ';

export interface TableOptions {
  readonly style: Style;
  /** List passes and not-applicables too. */
  readonly verbose?: boolean;
}

function statusLabel(evaluation: Evaluation, style: Style): string {
  const label: Record<Status, string> = {
    FAIL: style.red('FAIL'),
    UNKNOWN: style.yellow('UNKN'),
    PASS: style.green('PASS'),
    NOT_APPLICABLE: style.dim('N/A '),
  };
  return label[evaluation.status];
}

function resourceLine(evaluation: Evaluation): string {
  const { resource } = evaluation;
  const name = resource.name === resource.id ? resource.id : `${resource.name} (${resource.id})`;
  return `${name} · ${resource.type} · ${resource.region}`;
}

function renderEvaluation(evaluation: Evaluation, style: Style): string[] {
  const width = REPORT_WIDTH - INDENT.length;
  const head = `  ${statusLabel(evaluation, style)}  ${evaluation.severity.padEnd(13)} ${style.bold(evaluation.ruleId)}`;
  const lines = [head, ...wrapText(resourceLine(evaluation), width).map((line) => INDENT + style.dim(line))];
  lines.push(...wrapText(evaluation.message, width).map((line) => INDENT + line));
  if (evaluation.fixCost !== undefined) lines.push(...wrapText(fixCostLine(evaluation.fixCost), width).map((line) => INDENT + style.dim(line)));
  if (evaluation.exemption !== undefined) {
    const until = evaluation.exemption.expires === undefined ? '' : ` until ${evaluation.exemption.expires}`;
    lines.push(...wrapText(`exempt${until}: ${evaluation.exemption.reason}`, width).map((line) => INDENT + style.yellow(line)));
  }
  return lines;
}

/** A FAIL's estimate on one (wrapped) line: "fix ≈ $52.56/month: 730 Hrs × $0.144 (…)". */
export function fixCostLine(cost: FixCost): string {
  switch (cost.kind) {
    case 'priced':
      return `fix ≈ ${money(cost.monthly, cost.currency)}/month${cost.per === undefined ? '' : ` per ${cost.per}`}: ${cost.basis} (prices of ${cost.effectiveDate.slice(0, 10)})`;
    case 'free':
      return `fix: no charge (${cost.basis})`;
    case 'usage-based':
      return `fix: usage-based (${cost.basis})`;
    default:
      return `fix: ${cost.basis}`;
  }
}

/** "≈ $412.80/month (prices of 2026-11-01, USD); 4 free, 1 usage-based, 2 price not available". */
export function fixTotalText(total: FixCostTotal): string {
  const priced =
    total.priced === 0
      ? 'nothing priced'
      : total.monthly === undefined || total.currency === undefined
        ? `${counted(total.priced, 'fix', 'fixes')} priced in several currencies (not added up)`
        : `≈ ${money(total.monthly, total.currency)}/month (${counted(total.priced, 'fix', 'fixes')}; prices of ${total.effectiveDate?.slice(0, 10) ?? 'unknown date'}, ${total.currency})`;
  const others = [
    total.perUnit > 0 ? `${total.perUnit} priced per unit (not added)` : '',
    total.free > 0 ? `${total.free} free` : '',
    total.usageBased > 0 ? `${total.usageBased} usage-based` : '',
    total.unavailable > 0 ? `${total.unavailable} price not available` : '',
  ].filter((part) => part !== '');
  return others.length === 0 ? priced : `${priced}; ${others.join(', ')}`;
}

function plural(count: number, word: string): string {
  return `${count} ${word}`;
}

function counted(count: number, singular: string, pluralForm: string): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}

/** One line: "3 failed (1 exempt) · 1 unknown · 20 passed · 4 not applicable". */
export function summaryLine(result: ScanResult): string {
  const { total, exempted } = result.counts;
  const failed = exempted > 0 ? `${plural(total.FAIL, 'failed')} (${exempted} exempt)` : plural(total.FAIL, 'failed');
  return [failed, plural(total.UNKNOWN, 'unknown'), plural(total.PASS, 'passed'), plural(total.NOT_APPLICABLE, 'not applicable')].join(' · ');
}

/** The table report's chunks: one line at a time (with --verbose a large scan has millions). */
export function* tableReport(result: ScanResult, options: TableOptions): Generator<string> {
  const { style } = options;
  const lines = function* (...texts: string[]): Generator<string> {
    for (const text of texts) yield `${text}\n`;
  };
  const accounts = [...new Set(result.scopes.map((scope) => scope.accountId))];
  const regions = [...new Set(result.scopes.map((scope) => scope.region))];
  yield* lines(style.bold(`gatewatch · ${result.source}`));
  yield* lines(...wrapText(`account ${accounts.join(', ') || '(none)'} · ${regions.join(', ') || '(no Regions)'} · ${counted(result.rules.length, 'rule', 'rules')}`, REPORT_WIDTH));

  for (const gate of GATES) {
    const hasRules = result.rules.some((rule) => rule.gate === gate.id);
    if (!hasRules) continue;
    const counts = result.counts.byGate[gate.id];
    const tally = [
      counts.FAIL > 0 ? style.red(`${counts.FAIL} fail`) : '0 fail',
      counts.UNKNOWN > 0 ? style.yellow(`${counts.UNKNOWN} unknown`) : '',
      `${counts.PASS} pass`,
      `${counts.NOT_APPLICABLE} n/a`,
    ].filter((part) => part !== '');
    yield* lines('', `${style.bold(gate.id.toUpperCase())} · ${gate.title}`, `  ${tally.join(' · ')}`);
    for (const evaluation of result.evaluations) {
      if (evaluation.gate !== gate.id) continue;
      if (options.verbose === true || evaluation.status === 'FAIL' || evaluation.status === 'UNKNOWN') yield* lines(...renderEvaluation(evaluation, style));
    }
  }

  const fixCosts = result.fixCosts;
  if (fixCosts !== undefined) {
    yield* lines('', style.bold(`What fixing the open failures costs (from ${fixCosts.priceSource}):`));
    for (const gate of GATES) {
      const total = fixCosts.byGate[gate.id];
      if (total === undefined) continue;
      yield* lines(...wrapText(`Fixing the ${gate.id} failures: ${fixTotalText(total)}`, REPORT_WIDTH - 2).map((line) => `  ${line}`));
    }
    yield* lines(...wrapText(`All gates: ${fixTotalText(fixCosts.overall)}`, REPORT_WIDTH - 2).map((line) => `  ${line}`));
  }

  if (result.errors.length > 0) {
    yield* lines('', style.bold('Collection errors (rules that needed this data are UNKNOWN):'));
    for (const error of result.errors) {
      yield* lines(...wrapText(`${error.service}:${error.operation} ${error.accountId}/${error.region}: ${error.code}: ${error.message}`, REPORT_WIDTH - 2).map((line) => `  ${line}`));
    }
  }
  if (result.warnings.length > 0) {
    yield* lines('', style.bold('Warnings:'));
    for (const warning of result.warnings) yield* lines(...wrapText(warning, REPORT_WIDTH - 2).map((line) => `  ${line}`));
  }
  yield* lines('', style.bold(`Summary: ${summaryLine(result)}`));
}

/** The whole table report as one string (small results). */
export function formatTable(result: ScanResult, options: TableOptions): string {
  return [...tableReport(result, options)].join('');
}
