/**
 * `gatewatch scan --format asff`: `{"Findings": [...]}` as `JSON.stringify(…, null, 2)` writes it,
 * each finding made and written in turn, so the findings of a large scan are never all held at
 * once. An evaluation whose finding cannot be made is left out and reported (never silently).
 */
import type { AwsSecurityFinding } from '@aws-sdk/client-securityhub';
import type { ScanResult } from '../engine/result.js';
import { findingForFile, type FileFindingOptions } from '../findings/asff.js';
import type { AnyRule } from '../rules/lib/types.js';
import { describeEvaluation, Elements, errorText, jsonDocument, type ProblemSink } from './format-json.js';

function* findings(result: ScanResult, catalog: readonly AnyRule[], options: FileFindingOptions, onProblem: ProblemSink): Generator<AwsSecurityFinding> {
  const rules = new Map(catalog.map((rule) => [rule.meta.id, rule.meta]));
  let index = 0;
  for (const evaluation of result.evaluations) {
    let finding: AwsSecurityFinding | undefined;
    try {
      finding = findingForFile(evaluation, rules, options);
    } catch (error) {
      const message = `its finding could not be made (${errorText(error)}); left out of the findings`;
      onProblem({ format: 'asff', path: `evaluations[${index}]`, subject: describeEvaluation(evaluation), message });
    }
    index += 1;
    if (finding !== undefined) yield finding;
  }
}

const describeFinding = (element: unknown): string | undefined => (element as Partial<AwsSecurityFinding> | undefined)?.Id;

/** The ASFF report's chunks. */
export function asffReport(result: ScanResult, catalog: readonly AnyRule[], options: FileFindingOptions, onProblem: ProblemSink): Generator<string> {
  return jsonDocument('asff', [['Findings', new Elements(findings(result, catalog, options, onProblem), describeFinding)]], onProblem);
}
