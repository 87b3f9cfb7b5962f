/**
 * JUnit XML for CI systems: a test suite per gate, a test case per evaluation. FAIL is a
 * <failure>, UNKNOWN an <error> (not checked is not passed), NOT_APPLICABLE and exempted
 * failures are <skipped> with the reason.
 */
import { isOpenFailure, type Evaluation, type ScanResult } from '../engine/result.js';
import { GATES } from '../model/gates.js';
import { describeEvaluation, errorText, type ProblemSink } from './format-json.js';

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

/**
 * The JUnit report's chunks: a suite per gate, a test case per evaluation, written one case at a
 * time. An evaluation that cannot be written as a test case is written as an <error> case naming
 * the problem (so the counts stay true) and reported.
 */
export function* junitReport(result: ScanResult, onProblem: ProblemSink): Generator<string> {
  const scanned = new Set(result.rules.map((rule) => rule.gate));
  const counts = new Map<string, { tests: number; failures: number; errors: number; passed: number }>();
  let failures = 0;
  for (const evaluation of result.evaluations) {
    let count = counts.get(evaluation.gate);
    if (count === undefined) {
      count = { tests: 0, failures: 0, errors: 0, passed: 0 };
      counts.set(evaluation.gate, count);
    }
    count.tests += 1;
    if (isOpenFailure(evaluation)) {
      count.failures += 1;
      failures += 1;
    }
    if (evaluation.status === 'UNKNOWN') count.errors += 1;
    if (evaluation.status === 'PASS') count.passed += 1;
  }
  yield '<?xml version="1.0" encoding="UTF-8"?>\n';
  yield `<testsuites name="gatewatch" tests="${result.evaluations.length}" failures="${failures}" errors="${result.counts.total.UNKNOWN}">`;
  for (const gate of GATES.filter((candidate) => scanned.has(candidate.id))) {
    const count = counts.get(gate.id) ?? { tests: 0, failures: 0, errors: 0, passed: 0 };
    const skipped = count.tests - count.failures - count.errors - count.passed;
    const attributes = `name="${gate.id}" tests="${count.tests}" failures="${count.failures}" errors="${count.errors}" skipped="${skipped}"`;
    if (count.tests === 0) {
      yield `\n  <testsuite ${attributes}/>`;
      continue;
    }
    yield `\n  <testsuite ${attributes}>`;
    for (let index = 0; index < result.evaluations.length; index++) {
      const evaluation = result.evaluations[index];
      if (evaluation === undefined || evaluation.gate !== gate.id) continue;
      let text: string;
      try {
        text = testCase(evaluation);
      } catch (error) {
        const cause = errorText(error);
        onProblem({ format: 'junit', path: `evaluations[${index}]`, subject: describeEvaluation(evaluation), message: `${cause}; written as an <error> test case` });
        text = `    <testcase classname="${escapeXml(`${gate.id}.report`)}" name="evaluations[${index}]">\n      <error type="REPORT" message="${escapeXml(`could not be written: ${cause}`)}"/>\n    </testcase>`;
      }
      yield `\n${text}`;
    }
    yield '\n  </testsuite>';
  }
  yield '\n</testsuites>\n';
}

/** The whole JUnit report as one string (small results). */
export function formatJunit(result: ScanResult): string {
  return [...junitReport(result, () => undefined)].join('');
}
