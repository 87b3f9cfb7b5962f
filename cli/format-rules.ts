/** `gatewatch rules`: the catalog, by gate — id, severity, controls, title. */
import type { AnyRule } from '../rules/lib/types.js';
import { wrapText, type Style } from './terminal.js';
import { REPORT_WIDTH } from './format-table.js';
import { GATES } from '../model/gates.js';

export function formatRulesTable(rules: readonly AnyRule[], style: Style): string {
  const out: string[] = [];
  for (const gate of GATES) {
    const inGate = rules.filter((rule) => rule.meta.gate === gate.id).sort((a, b) => a.meta.id.localeCompare(b.meta.id));
    if (inGate.length === 0) continue;
    out.push(`${style.bold(gate.id.toUpperCase())} · ${gate.title}`);
    for (const { meta } of inGate) {
      const controls = meta.controls.length > 0 ? meta.controls.join(', ') : '—';
      out.push(`  ${style.bold(meta.id.padEnd(42))} ${meta.severity.padEnd(13)} ${meta.priority}`);
      out.push(...wrapText(meta.title, REPORT_WIDTH - 6).map((line) => `      ${line}`));
      out.push(...wrapText(`controls: ${controls}`, REPORT_WIDTH - 6).map((line) => `      ${style.dim(line)}`));
    }
    out.push('');
  }
  out.push(`${rules.length} ${rules.length === 1 ? 'rule' : 'rules'}`);
  return `${out.join('\n')}\n`;
}

export function rulesAsJson(rules: readonly AnyRule[]): string {
  const rows = rules.map(({ meta }) => ({
    id: meta.id,
    gate: meta.gate,
    severity: meta.severity,
    priority: meta.priority,
    controls: meta.controls,
    title: meta.title,
    resourceTypes: meta.resourceTypes,
    remediation: meta.remediation,
  }));
  return `${JSON.stringify(rows, null, 2)}\n`;
}
