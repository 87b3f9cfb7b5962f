import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import { parse } from 'yaml';
import { apiCallPatterns, apiCallRules, HEADER, MAX_PATTERN_CHARACTERS } from '../../deploy/generate-api-call-rules.js';
import { CLOUDTRAIL_CALLS } from '../../inventory/events/cloudtrail-event.js';

const file = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'deploy', 'api-call-rules.yml');

describe('deploy/api-call-rules.yml', () => {
  it('is up to date with the event adapter table (run `npm run generate:rules` when it is not)', () => {
    const text = readFileSync(file, 'utf8');
    expect(text.startsWith(HEADER)).toBe(true);
    expect(parse(text)).toEqual(apiCallRules());
  });

  it('covers every mapped call once, in patterns that fit the quota', () => {
    const patterns = apiCallPatterns();
    const matched = patterns.flatMap((pattern) => pattern.detail.$or.flatMap((branch) => (branch.eventSource ?? ['*']).flatMap((source) => branch.eventName.map((name) => `${source} ${name}`))));
    expect(matched.sort()).toEqual(CLOUDTRAIL_CALLS.map((row) => `${row.eventSource} ${row.eventName}`).sort());
    expect(new Set(matched).size).toBe(matched.length);
    for (const pattern of patterns) expect(JSON.stringify(pattern).length).toBeLessThanOrEqual(MAX_PATTERN_CHARACTERS);
  });
});
