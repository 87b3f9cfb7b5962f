import { describe, expect, it } from '@jest/globals';
import { JsonItemSplitter, JsonStructureError } from '../../../inventory/snapshot/json-items.js';

const LIMITS = { maxItemChars: 1_000_000, maxFrameChars: 1_000_000 };

/** Splits `text` fed in pieces of the given sizes (cycled); returns the items and the frame. */
function split(text: string, sizes: readonly number[] = [text.length || 1], limits = LIMITS): { items: string[]; frame: string } {
  const items: string[] = [];
  const splitter = new JsonItemSplitter((item, index) => {
    expect(index).toBe(items.length);
    items.push(item);
  }, limits);
  let offset = 0;
  for (let piece = 0; offset < text.length; piece++) {
    const size = Math.max(1, sizes[piece % sizes.length] ?? 1);
    splitter.push(text.slice(offset, offset + size));
    offset += size;
  }
  return { items, frame: splitter.end() };
}

function errorOf(text: string, sizes?: readonly number[], limits = LIMITS): string {
  try {
    split(text, sizes, limits);
  } catch (error) {
    expect(error).toBeInstanceOf(JsonStructureError);
    return (error as Error).message;
  }
  throw new Error('expected a structure error');
}

/** A deterministic pseudo-random generator (mulberry32). */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Strings that stress the scanner: quotes, backslash runs, brackets, commas, the key itself, non-ASCII.
const NASTY = ['"', '\\', '\\\\', '\\"', '"]', '{', '}', '[', ']', ',', ':', 'configurationItems', '"configurationItems": [', 'é', '€', '😀', '\u2028', ' ', '\n'];

function value(next: () => number, depth: number): unknown {
  const pick = Math.floor(next() * (depth > 3 ? 4 : 7));
  if (pick === 0) return Math.round(next() * 1e6) / 100;
  if (pick === 1) return next() < 0.5 ? null : next() < 0.5;
  if (pick <= 3) return Array.from({ length: Math.floor(next() * 4) }, () => NASTY[Math.floor(next() * NASTY.length)]).join('');
  if (pick === 4) return Array.from({ length: Math.floor(next() * 4) }, () => value(next, depth + 1));
  const object: Record<string, unknown> = {};
  for (let index = Math.floor(next() * 4); index > 0; index--) object[`${NASTY[Math.floor(next() * NASTY.length)] ?? ''}${index}`] = value(next, depth + 1);
  return object;
}

describe('JsonItemSplitter', () => {
  it('hands out each element of configurationItems and keeps the rest as the frame, in any chunking', () => {
    const items = [{ resourceType: 'AWS::EC2::Volume', configuration: { a: [1, { b: '}]"' }] } }, [1, 2], 'text', 42, null, true, {}];
    const document = { fileVersion: '1.0', configSnapshotId: 'x', configurationItems: items, gatewatch: { scopes: [], errors: [] } };
    for (const text of [JSON.stringify(document), JSON.stringify(document, null, 2)]) {
      for (const sizes of [[text.length], [1], [2, 3, 5, 7], [64]]) {
        const { items: texts, frame } = split(text, sizes);
        expect(texts.map((entry) => JSON.parse(entry) as unknown)).toEqual(items);
        expect(JSON.parse(frame)).toEqual({ ...document, configurationItems: [] });
      }
    }
  });

  it('agrees with JSON.parse on random documents with nasty strings, split at random places', () => {
    const next = random(12);
    for (let round = 0; round < 300; round++) {
      const items = Array.from({ length: Math.floor(next() * 6) }, () => value(next, 0));
      const document = { [NASTY[Math.floor(next() * NASTY.length)] ?? 'k']: value(next, 1), configurationItems: items, after: value(next, 1) };
      const text = JSON.stringify(document, null, next() < 0.5 ? 0 : 1);
      const sizes = Array.from({ length: 5 }, () => 1 + Math.floor(next() * 20));
      const { items: texts, frame } = split(text, sizes);
      expect(texts.map((entry) => JSON.parse(entry) as unknown)).toEqual(items);
      expect(JSON.parse(frame)).toEqual({ ...document, configurationItems: [] });
    }
  });

  it('leaves arrays named configurationItems below the top level, and escaped keys, in the frame', () => {
    const nested = { inner: { configurationItems: [1, 2] }, configurationItems: [3] };
    const { items, frame } = split(JSON.stringify(nested));
    expect(items).toEqual(['3']);
    expect(JSON.parse(frame)).toEqual({ inner: { configurationItems: [1, 2] }, configurationItems: [] });
    const escaped = split('{"configuration\\u0049tems": [1, 2]}');
    expect(escaped.items).toEqual([]);
    expect(JSON.parse(escaped.frame)).toEqual({ configurationItems: [1, 2] });
  });

  it.each([
    ['a trailing comma', '{"configurationItems": [{}, ]}', /a comma after the last item/],
    ['a leading comma', '{"configurationItems": [, {}]}', /configurationItems\[0\]: a comma where an item should be/],
    ['two items without a comma', '{"configurationItems": [{} {}]}', /configurationItems\[0\]: expected a comma or \] after the item/],
    ['a mismatched bracket in an item', '{"configurationItems": [{"a": [1}]}', /a mismatched } in configurationItems\[0\]/],
    ['a stray closing bracket', '}', /a closing }/],
    ['text after the document', '{"configurationItems": []} {}', /more text after the end/],
    ['a cut-short file', '{"fileVersion": "1.0", "configurationItems": [{"a": "b', /the file ends inside configurationItems\[0\]/],
    ['a cut-short frame', '{"fileVersion": ', /the file ends inside .*"fileVersion"/],
    ['an empty file', '  \n', /the file is empty/],
    ['a second configurationItems array', '{"configurationItems": [], "configurationItems": [1]}', /configurationItems appears twice/],
  ])('rejects %s', (_name, text, pattern) => {
    expect(errorOf(text)).toMatch(pattern);
    expect(errorOf(text, [1])).toMatch(pattern);
  });

  it('stops a runaway item or frame at its limit instead of buffering the rest of the input', () => {
    const limits = { maxItemChars: 100, maxFrameChars: 100 };
    expect(errorOf(`{"configurationItems": [{"a": "${'x'.repeat(500)}"}]}`, [10], limits)).toMatch(/configurationItems\[0\]: an item longer than 100 characters/);
    expect(errorOf(`[${'1,'.repeat(300)}1]`, [10], limits)).toMatch(/more than 100 characters outside configurationItems \(no configurationItems array found\)/);
  });
});
