/** `--stats`: API calls per service and operation, with retries and failures. */
import type { CallCount } from '../aws/call-stats.js';

export function formatStats(calls: readonly CallCount[]): string {
  if (calls.length === 0) return 'API calls: none (offline scan)\n';
  const rows = calls.map((count) => [`${count.service}:${count.operation}`, String(count.calls), String(count.retries), String(count.errors)]);
  const total = calls.reduce((sum, count) => sum + count.calls, 0);
  const retries = calls.reduce((sum, count) => sum + count.retries, 0);
  const errors = calls.reduce((sum, count) => sum + count.errors, 0);
  const all = [['API call', 'calls', 'retries', 'failed'], ...rows, ['total', String(total), String(retries), String(errors)]];
  const width = Math.max(...all.map((row) => row[0]?.length ?? 0));
  const line = (row: string[]): string => `${(row[0] ?? '').padEnd(width)}  ${(row[1] ?? '').padStart(6)}  ${(row[2] ?? '').padStart(7)}  ${(row[3] ?? '').padStart(6)}`;
  return `${all.map(line).join('\n')}\n`;
}
