/**
 * JSON reports written piece by piece: the document is produced as a sequence of strings, its
 * large arrays one element at a time, so no report is ever built as one string (V8 cannot hold a
 * string over about 512 MB, and a large scan's JSON is larger). The bytes are exactly those of
 * `JSON.stringify(document, null, 2)`: each element is serialised by `JSON.stringify` itself and
 * indented to its place.
 *
 * An element that cannot be serialised (a BigInt, a cycle, a throwing toJSON) does not cost the
 * report: it is written in a safe form, with the problem reported to the caller, and the rest of
 * the document follows.
 */
import type { ScanResult } from '../engine/result.js';
import { resourceKey } from '../findings/asff.js';

/** A part of the report that could not be written as it is. */
export interface FormatProblem {
  /** `json`, `asff`, `junit`, `table`. */
  readonly format: string;
  /** Where: `evaluations[12]`, `counts`. */
  readonly path: string;
  /** What: `rule s3-bucket-encrypted-at-rest on arn:aws:s3:::logs`. */
  readonly subject?: string | undefined;
  /** Why, and what was written instead. */
  readonly message: string;
}

export type ProblemSink = (problem: FormatProblem) => void;

/** A member of a document written element by element (an array, or an iterable made lazily). */
export class Elements {
  constructor(
    readonly elements: Iterable<unknown>,
    /** Names an element in a problem: `rule R on RESOURCE`. */
    readonly describe?: (element: unknown) => string | undefined,
  ) {}
}

/** An error's message on one line. */
export const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error)).replace(/\s*\n\s*/g, ' ');

/** A replacer that turns what JSON.stringify refuses into text: BigInts, repeated (cyclic) objects. */
function safeReplacer(): (this: unknown, key: string, value: unknown) => unknown {
  const ancestors: unknown[] = [];
  return function replace(this: unknown, _key: string, value: unknown): unknown {
    if (typeof value === 'bigint') return value.toString();
    if (typeof value !== 'object' || value === null) return value;
    // `this` is the object holding `value`: drop the ancestors that are not on its path.
    while (ancestors.length > 0 && ancestors.at(-1) !== this) ancestors.pop();
    if (ancestors.includes(value)) return '[Circular]';
    ancestors.push(value);
    return value;
  };
}

/**
 * `JSON.stringify(value, null, 2)` indented for its place in a larger document (`indent`: the
 * indentation of the line it starts on), or a safe rendering with the problem reported.
 */
function serialise(value: unknown, indent: string, inArray: boolean, problem: (message: string) => void): string | undefined {
  let json: string | undefined;
  try {
    json = JSON.stringify(value, null, 2) as string | undefined;
  } catch (error) {
    const cause = errorText(error);
    try {
      json = JSON.stringify(value, safeReplacer(), 2) as string | undefined;
      problem(`${cause}; written with the values JSON cannot hold as text`);
    } catch (second) {
      json = JSON.stringify({ unserialisable: `${cause}${errorText(second) === cause ? '' : `; ${errorText(second)}`}` }, null, 2);
      problem(`${cause}; written as {"unserialisable": …} in its place`);
    }
  }
  // JSON.stringify gives undefined for undefined, functions and symbols: null in an array, absent in an object.
  if (json === undefined) return inArray ? 'null' : undefined;
  return indent === '' ? json : json.replaceAll('\n', `\n${indent}`);
}

/** Elements serialised by one JSON.stringify call (far faster than one call each). */
const BATCH_ELEMENTS = 256;
const BATCH_PREFIX = '{\n  "e": [';
const BATCH_SUFFIX = '\n  ]\n}';

/**
 * `elements` (starting at index `start` of their array) as they appear inside a document's
 * top-level array: each on its line, indented by four, separated by commas. One JSON.stringify
 * call writes them all; when it fails, each is written on its own so only the culprit is replaced.
 */
function elementsText(format: string, key: string, member: Elements, elements: readonly unknown[], start: number, onProblem: ProblemSink): string {
  try {
    // Wrapped as the document holds them, so JSON.stringify indents them for their place:
    // '{\n  "e": [\n    a,\n    b\n  ]\n}' → '\n    a,\n    b'.
    const json = JSON.stringify({ e: elements }, null, 2);
    return json.slice(BATCH_PREFIX.length, -BATCH_SUFFIX.length);
  } catch {
    return elements
      .map((element, offset) => {
        const path = `${key}[${start + offset}]`;
        const text = serialise(element, '    ', true, (message) => onProblem({ format, path, subject: safeDescribe(member, element), message })) ?? 'null';
        return `\n    ${text}`;
      })
      .join(',');
  }
}

/**
 * The chunks of `JSON.stringify(Object.fromEntries(members), null, 2) + '\n'`, where an
 * {@link Elements} member is written as an array, one element at a time.
 */
export function* jsonDocument(format: string, members: Iterable<readonly [string, unknown]>, onProblem: ProblemSink): Generator<string> {
  let first = true;
  yield '{';
  for (const [key, member] of members) {
    if (member instanceof Elements) {
      yield `${first ? '' : ','}\n  ${JSON.stringify(key)}: `;
      first = false;
      let count = 0;
      let batch: unknown[] = [];
      const flush = (): string => {
        const text = elementsText(format, key, member, batch, count - batch.length, onProblem);
        batch = [];
        return text;
      };
      for (const element of member.elements) {
        batch.push(element);
        count += 1;
        if (batch.length === BATCH_ELEMENTS) {
          const text = flush();
          yield count === BATCH_ELEMENTS ? `[${text}` : `,${text}`;
        }
      }
      if (batch.length > 0) {
        const opening = count === batch.length ? '[' : ',';
        yield `${opening}${flush()}`;
      }
      yield count === 0 ? '[]' : '\n  ]';
      continue;
    }
    const text = serialise(member, '  ', false, (message) => onProblem({ format, path: key, message }));
    if (text === undefined) continue;
    yield `${first ? '' : ','}\n  ${JSON.stringify(key)}: ${text}`;
    first = false;
  }
  yield first ? '}\n' : '\n}\n';
}

function safeDescribe(member: Elements, element: unknown): string | undefined {
  try {
    return member.describe?.(element);
  } catch {
    return undefined;
  }
}

/** Names an evaluation in a problem. */
export function describeEvaluation(element: unknown): string | undefined {
  const evaluation = element as Partial<ScanResult['evaluations'][number]> | undefined;
  if (evaluation?.ruleId === undefined || evaluation.resource === undefined) return undefined;
  return `rule ${evaluation.ruleId} on ${resourceKey(evaluation.resource)}`;
}

/** The scan result as `gatewatch scan --format json` writes it: `JSON.stringify(result, null, 2)` and a newline. */
export function jsonReport(result: ScanResult, onProblem: ProblemSink): Generator<string> {
  const members = Object.entries(result).map(([key, value]): [string, unknown] => [
    key,
    Array.isArray(value) ? new Elements(value, key === 'evaluations' ? describeEvaluation : undefined) : value,
  ]);
  return jsonDocument('json', members, onProblem);
}
