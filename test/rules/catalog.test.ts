/**
 * The meta-test over the catalog (rules/index.ts): every rule file is listed, its id equals its
 * file name and sits in its gate's folder, ids are unique, each rule has a test file, titles
 * state the compliant state, and every message's placeholders are well formed.
 */
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import { catalog } from '../../rules/index.js';
import { GATE_IDS } from '../../model/gates.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

function ruleFiles(): string[] {
  return GATE_IDS.flatMap((gate) => {
    const folder = join(root, 'rules', gate);
    if (!existsSync(folder)) return [];
    return readdirSync(folder)
      .filter((file) => file.endsWith('.ts'))
      .map((file) => relative(root, join(folder, file)));
  }).sort();
}

describe('the rule catalog', () => {
  it('lists every rule file under rules/<gate>/, and nothing else', () => {
    const listed = catalog.map((rule) => `rules/${rule.meta.gate}/${rule.meta.id}.ts`).sort();
    expect(listed).toEqual(ruleFiles());
  });

  it('has unique ids', () => {
    const ids = catalog.map((rule) => rule.meta.id);
    expect(ids.filter((id, index) => ids.indexOf(id) !== index)).toEqual([]);
  });

  it.each(catalog.map((rule) => [rule.meta.id, rule] as const))('%s has a test file beside its gate', (id, rule) => {
    expect(existsSync(join(root, 'test', 'rules', rule.meta.gate, `${id}.test.ts`))).toBe(true);
  });

  it.each(catalog.map((rule) => [rule.meta.id, rule] as const))('%s states the compliant state in its title', (_id, rule) => {
    expect(rule.meta.title).not.toMatch(/^(ensure|check|verify|make sure)\b/i);
    expect(rule.meta.title).not.toMatch(/\.$/);
    expect(rule.meta.title.length).toBeLessThanOrEqual(72);
  });

  it.each(catalog.map((rule) => [rule.meta.id, rule] as const))('%s has remediation and well-formed messages', (_id, rule) => {
    expect(rule.meta.remediation.text.length).toBeGreaterThan(20);
    expect(rule.meta.remediation.url).toMatch(/^https:\/\/docs\.aws\.amazon\.com\//);
    for (const template of Object.values<string>(rule.meta.messages)) {
      expect(template.replace(/\{\{\s*[A-Za-z0-9_]+\s*\}\}/g, '')).not.toMatch(/[{}]/);
    }
  });
});
