import { describe, expect, it } from '@jest/globals';
import { arnPattern, findExemption, tagRuleIds } from '../../engine/exemptions.js';
import { parseSettings } from '../../engine/settings.js';
import rdsInstanceMultiAz from '../../rules/multi-az/rds-instance-multi-az.js';
import { item } from '../support/items.js';

const catalog = [rdsInstanceMultiAz];
const db = (tags: Record<string, string> = {}) =>
  item('AWS::RDS::DBInstance', 'db-1', { multiAZ: false }, { ARN: 'arn:aws:rds:eu-west-1:111122223333:db:orders', tags });

describe('exemptions', () => {
  it('matches ARN patterns with * across separators and ? for one character, everything else literal', () => {
    expect(arnPattern('arn:aws:rds:*:111122223333:db:orders').test('arn:aws:rds:eu-west-1:111122223333:db:orders')).toBe(true);
    expect(arnPattern('arn:aws:s3:::logs-?').test('arn:aws:s3:::logs-1')).toBe(true);
    expect(arnPattern('arn:aws:s3:::logs-?').test('arn:aws:s3:::logs-12')).toBe(false);
    expect(arnPattern('arn:aws:s3:::a.b').test('arn:aws:s3:::aXb')).toBe(false);
    expect(arnPattern('arn:aws:s3:::logs').test('arn:aws:s3:::logs-extra')).toBe(false);
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
