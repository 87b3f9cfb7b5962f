/**
 * JUnit XML for CI systems: a test suite per gate, a test case per evaluation. FAIL is a
 * <failure>, UNKNOWN an <error> (not checked is not passed), NOT_APPLICABLE and exempted
 * failures are <skipped> with the reason.
 */
import { isOpenFailure, type Evaluation, type ScanResult } from '../engine/result.js';
import { GATES } from '../model/gates.js';

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** Escapes text for XML; characters XML 1.0 forbids are dropped. */
export function escapeXml(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '').replace(/[&<>"']/g, (char) => ENTITIES[char] ?? char);
}

function testCase(evaluation: Evaluation): string {
  const { resource } = evaluation;
  const name = escapeXml(resource.arn ?? `${resource.accountId}/${resource.region}/${resource.type}/${resource.id}`);
  const open = `    <testcase classname="${escapeXml(`${evaluation.gate}.${evaluation.ruleId}`)}" name="${name}">`;
  const message = escapeXml(evaluation.message);
  let body = '';
  if (evaluation.status === 'FAIL' && evaluation.exemption !== undefined) {
    body = `<skipped message="${escapeXml(`exempt: ${evaluation.exemption.reason}`)}"/>`;
  } else if (evaluation.status === 'FAIL') {
    body = `<failure type="${evaluation.severity}" message="${message}">${message}</failure>`;
  } else if (evaluation.status === 'UNKNOWN') {
    body = `<error type="UNKNOWN" message="${message}">${message}</error>`;
  } else if (evaluation.status === 'NOT_APPLICABLE') {
    body = `<skipped message="${message}"/>`;
  }
  return body === '' ? `${open.slice(0, -1)}/>` : `${open}\n      ${body}\n    </testcase>`;
}

export function formatJunit(result: ScanResult): string {
  const scanned = new Set(result.rules.map((rule) => rule.gate));
  const suites = GATES.filter((gate) => scanned.has(gate.id)).map((gate) => {
    const evaluations = result.evaluations.filter((evaluation) => evaluation.gate === gate.id);
    const failures = evaluations.filter(isOpenFailure).length;
    const errors = evaluations.filter((evaluation) => evaluation.status === 'UNKNOWN').length;
    const skipped = evaluations.length - failures - errors - evaluations.filter((evaluation) => evaluation.status === 'PASS').length;
    const attributes = `name="${gate.id}" tests="${evaluations.length}" failures="${failures}" errors="${errors}" skipped="${skipped}"`;
    if (evaluations.length === 0) return `  <testsuite ${attributes}/>`;
    return `  <testsuite ${attributes}>\n${evaluations.map(testCase).join('\n')}\n  </testsuite>`;
  });
  const total = result.evaluations.length;
  const failures = result.evaluations.filter(isOpenFailure).length;
  const errors = result.counts.total.UNKNOWN;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="gatewatch" tests="${total}" failures="${failures}" errors="${errors}">`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
}
