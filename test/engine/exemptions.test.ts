import { describe, expect, it } from '@jest/globals';
import { findExemption, matchesArnPattern, tagRuleIds, type MatchSteps } from '../../engine/exemptions.js';
import { parseSettings } from '../../engine/settings.js';
import rdsInstanceMultiAz from '../../rules/multi-az/rds-instance-multi-az.js';
import { item } from '../support/items.js';

const catalog = [rdsInstanceMultiAz];
const db = (tags: Record<string, string> = {}) =>
  item('AWS::RDS::DBInstance', 'db-1', { multiAZ: false }, { ARN: 'arn:aws:rds:eu-west-1:111122223333:db:orders', tags });

describe('exemptions', () => {
  it.each([
    ['arn:aws:rds:*:111122223333:db:orders', 'arn:aws:rds:eu-west-1:111122223333:db:orders', true],
    ['arn:aws:s3:::logs-?', 'arn:aws:s3:::logs-1', true],
    ['arn:aws:s3:::logs-?', 'arn:aws:s3:::logs-12', false],
    ['arn:aws:s3:::logs-?', 'arn:aws:s3:::logs-', false],
    ['arn:aws:s3:::a.b', 'arn:aws:s3:::aXb', false],
    ['arn:aws:s3:::a.b', 'arn:aws:s3:::a.b', true],
    ['arn:aws:s3:::logs', 'arn:aws:s3:::logs-extra', false],
    ['arn:aws:s3:::logs', 'arn:aws:s3:::log', false],
    ['arn:aws:s3:::logs-*', 'arn:aws:s3:::logs-', true],
    ['arn:aws:s3:::logs-*', 'arn:aws:s3:::logs-a/b:c', true],
    ['*', '', true],
    ['*', '111122223333/eu-west-1/AWS::::Account/111122223333', true],
    ['?', '', false],
    ['arn:aws:*:dbinstance/legacy', 'arn:aws:rds:eu-west-1:111122223333:dbinstance/legacy', true],
    ['arn:aws:*:dbinstance/legacy', 'arn:aws:rds:eu-west-1:111122223333:dbinstance/legacy-2', false],
    ['arn:*:db:*', 'arn:aws:rds:eu-west-1:111122223333:db:orders', true],
    ['arn:*:db:*:x', 'arn:aws:rds:eu-west-1:111122223333:db:orders', false],
    ['arn:**a', 'arn:aa', true],
    ['arn:*a*b*', 'arn:xxbxxaxx', false],
    ['arn:*a*b*', 'arn:xxaxxbxx', true],
    ['arn:aws:s3:::(a|b)+[x]$^{1}\\', 'arn:aws:s3:::(a|b)+[x]$^{1}\\', true],
    ['arn:aws:s3:::(a|b)+', 'arn:aws:s3:::aab', false],
    ['111122223333/eu-west-1/AWS::::Account/*', '111122223333/eu-west-1/AWS::::Account/111122223333', true],
    ['111122223333/eu-west-1/AWS::::Account/*', '111122223333/us-east-1/AWS::::Account/111122223333', false],
  ])('matches %s against %s: %s (* any run of characters, ? one, the rest literal)', (pattern, value, expected) => {
    expect(matchesArnPattern(pattern, value)).toBe(expected);
  });

  it('matches as the anchored regular expression the patterns used to compile to, on random patterns and values', () => {
    // The former matcher: * → .*, ? → ., the rest escaped (slow only on pathological patterns).
    const reference = (pattern: string): RegExp =>
      new RegExp(`^${[...pattern].map((char) => (char === '*' ? '.*' : char === '?' ? '.' : char.replace(/[.+^${}()|[\]\\]/g, '\\$&'))).join('')}$`);
    let seed = 7;
    const random = (n: number): number => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed % n;
    };
    const text = (alphabet: string, length: number): string => Array.from({ length }, () => alphabet[random(alphabet.length)]).join('');
    let matched = 0;
    for (let round = 0; round < 3000; round++) {
      const pattern = text('ab:*?', random(8));
      const value = text('ab:', random(10));
      const expected = reference(pattern).test(value);
      if (expected) matched += 1;
      expect([pattern, value, matchesArnPattern(pattern, value)]).toEqual([pattern, value, expected]);
    }
    // Both outcomes were exercised.
    expect(matched).toBeGreaterThan(300);
    expect(matched).toBeLessThan(2700);
  });

  it('matches the issue\'s pathological pattern in at most (pattern + 1) × (ARN + 1) steps, where a backtracking regex took minutes', () => {
    const arn = `arn:aws:s3:::${'a'.repeat(2000)}`;
    for (const pattern of ['arn:*?*?*?*?*?*?*?#', `arn:${'*?'.repeat(500)}#`, `${'*a'.repeat(1000)}#`]) {
      const counter: MatchSteps = { steps: 0 };
      expect(matchesArnPattern(pattern, arn, counter)).toBe(false);
      expect(counter.steps).toBeGreaterThan(arn.length);
      expect(counter.steps).toBeLessThanOrEqual((pattern.length + 1) * (arn.length + 1));
    }
    // And it still matches when the pattern fits.
    expect(matchesArnPattern('arn:*?*?*?*?*?*?*?a', arn)).toBe(true);
  });

  it('applies a settings exemption through the end of its expiry day (UTC), and not after', () => {
    const settings = parseSettings(
      { exemptions: [{ rule: 'rds-instance-multi-az', resource: 'arn:aws:rds:*:db:orders', reason: 'migration in Q1', expires: '2027-01-31' }] },
      catalog,
    );
    expect(findExemption('rds-instance-multi-az', db(), settings, new Date('2027-01-31T23:00:00Z'))).toEqual({ source: 'settings', reason: 'migration in Q1', expires: '2027-01-31' });
    expect(findExemption('rds-instance-multi-az', db(), settings, new Date('2027-02-01T00:00:00Z'))).toBeUndefined();
  });

  it('applies an exemption only to its rule, or to every rule with *', () => {
    const settings = parseSettings({ exemptions: [{ rule: '*', resource: 'arn:aws:rds:*', reason: 'all', expires: '2027-01-31' }] }, catalog);
    expect(findExemption('another-rule', db(), settings, new Date('2026-01-01'))?.reason).toBe('all');
    const narrow = parseSettings({ exemptions: [{ rule: 'rds-instance-multi-az', resource: 'arn:aws:rds:*', reason: 'one', expires: '2027-01-31' }] }, catalog);
    expect(findExemption('another-rule', db(), narrow, new Date('2026-01-01'))).toBeUndefined();
  });

  it('reads rule ids from the exemption tag, comma or space separated, under the configured key', () => {
    expect(tagRuleIds('a, b c,,d')).toEqual(['a', 'b', 'c', 'd']);
    const settings = parseSettings({ exemptionTag: 'compliance:skip' }, catalog);
    expect(findExemption('rds-instance-multi-az', db({ 'compliance:skip': 'x rds-instance-multi-az' }), settings, new Date())).toEqual({
      source: 'tag',
      reason: 'tag compliance:skip=x rds-instance-multi-az',
    });
    expect(findExemption('rds-instance-multi-az', db({ 'gatewatch:exempt': 'rds-instance-multi-az' }), settings, new Date())).toBeUndefined();
    expect(findExemption('rds-instance-multi-az', db({ 'compliance:skip': 'rds-instance-multi-az-2' }), settings, new Date())).toBeUndefined();
  });
});
