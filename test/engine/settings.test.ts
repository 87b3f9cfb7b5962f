import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { z } from 'zod';
import { defaultSettings, loadSettings, parseSettings } from '../../engine/settings.js';
import { InputError } from '../../model/input-error.js';
import { defineRule } from '../../rules/lib/define-rule.js';
import type { AnyRule } from '../../rules/lib/types.js';

const rule = defineRule({
  meta: {
    id: 'test-rule',
    gate: 'encryption',
    title: 'Test things are fine',
    severity: 'MEDIUM',
    priority: 'P1',
    resourceTypes: ['AWS::EC2::Volume'],
    controls: [],
    remediation: { text: 'Make the thing fine again.', url: 'https://docs.aws.amazon.com/ebs/latest/userguide/ebs-encryption.html' },
    messages: { ok: 'ok' },
    options: z.strictObject({ all: z.boolean().default(false) }),
  },
  check(_item, context) {
    return context.pass('ok');
  },
});
const { options: _options, ...metaWithoutOptions } = rule.meta;
const plainRule = defineRule({ meta: { ...metaWithoutOptions, id: 'plain-rule' }, check: (_item, context) => context.pass('ok') });
const catalog: readonly AnyRule[] = [rule, plainRule];
const dir = mkdtempSync(join(tmpdir(), 'gatewatch-settings-'));

function rejection(raw: unknown): string {
  try {
    parseSettings(raw, catalog, 'gatewatch.yaml');
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as Error).message;
  }
  throw new Error('expected the settings to be rejected');
}

describe('settings', () => {
  it('has built-in defaults', () => {
    const settings = defaultSettings(catalog);
    expect(settings.regions).toBeUndefined();
    expect(settings.production).toEqual({ tag: 'Environment', values: ['prod', 'production'] });
    expect(settings.requiredTags.map((tag) => tag.key)).toEqual(['Environment', 'Project', 'Team', 'CostCenter']);
    expect(settings.vpcEndpoints).toEqual({ gateway: ['s3', 'dynamodb'], interface: ['ecr.api', 'ecr.dkr', 'logs', 'sts', 'ssm', 'secretsmanager', 'kms'] });
    expect(settings.exemptionTag).toBe('gatewatch:exempt');
    expect(settings.rules.get('test-rule')).toEqual({ enabled: true, severity: 'MEDIUM', options: { all: false } });
    expect(settings.costControls).toEqual({ budgetThresholds: [50, 80, 100], anomalyMonitorTypes: ['SERVICE', 'LINKED_ACCOUNT', 'CUSTOM'] });
  });

  it('reads the cost-controls thresholds and monitor kinds, each part defaulting alone', () => {
    expect(parseSettings({ costControls: { budgetThresholds: [75, 100, 120.5] } }, catalog).costControls).toEqual({ budgetThresholds: [75, 100, 120.5], anomalyMonitorTypes: ['SERVICE', 'LINKED_ACCOUNT', 'CUSTOM'] });
    expect(parseSettings({ costControls: { anomalyMonitorTypes: ['SERVICE'] } }, catalog).costControls).toEqual({ budgetThresholds: [50, 80, 100], anomalyMonitorTypes: ['SERVICE'] });
  });

  it('limits snapshots to 2 GiB unless snapshot.maxSize says otherwise, in bytes or with a unit', () => {
    expect(defaultSettings(catalog).snapshot).toEqual({ maxSize: 2 * 1024 ** 3 });
    const sizes = { '8 GiB': 8 * 1024 ** 3, '500MB': 500e6, '1.5 gib': 1.5 * 1024 ** 3, '64 KiB': 65_536, '1000': 1000 };
    for (const [text, bytes] of Object.entries(sizes)) expect(parseSettings({ snapshot: { maxSize: text } }, catalog).snapshot.maxSize).toBe(bytes);
    expect(parseSettings({ snapshot: { maxSize: 123_456 } }, catalog).snapshot.maxSize).toBe(123_456);
  });

  it('applies per-rule enable, severity and options', () => {
    const settings = parseSettings({ rules: { 'test-rule': { enabled: false, severity: 'high', options: { all: true } } } }, catalog);
    expect(settings.rules.get('test-rule')).toEqual({ enabled: false, severity: 'HIGH', options: { all: true } });
  });

  it.each([
    ['an unknown top-level key', { region: ['eu-west-1'] }, 'gatewatch.yaml: region: unknown key — remove it or check its spelling'],
    ['an unknown nested key', { production: { tags: 'Env' } }, 'gatewatch.yaml: production.tags: unknown key — remove it or check its spelling'],
    ['a bad Region', { regions: ['eu-west'] }, 'gatewatch.yaml: regions.0: expected a Region name such as eu-west-1'],
    ['a bad severity', { rules: { 'test-rule': { severity: 'urgent' } } }, 'gatewatch.yaml: rules.test-rule.severity: expected one of CRITICAL, HIGH, MEDIUM, LOW, INFORMATIONAL'],
    ['an unknown rule id', { rules: { 'no-such-rule': { enabled: false } } }, 'gatewatch.yaml: rules.no-such-rule: unknown rule id — `gatewatch rules` lists them'],
    ['an unknown rule option', { rules: { 'test-rule': { options: { everything: true } } } }, 'gatewatch.yaml: rules.test-rule.options.everything: unknown key — remove it or check its spelling'],
    ['a mistyped rule option', { rules: { 'test-rule': { options: { all: 'yes' } } } }, 'gatewatch.yaml: rules.test-rule.options.all: Invalid input: expected boolean, received string'],
    ['options for a rule that takes none', { rules: { 'plain-rule': { options: { x: 1 } } } }, 'gatewatch.yaml: rules.plain-rule.options: this rule takes no options — remove them'],
    ['an exemption of an unknown rule', { exemptions: [{ rule: 'nope', resource: 'arn:aws:s3:::b', reason: 'r', expires: '2027-01-01' }] }, 'gatewatch.yaml: exemptions.0.rule: unknown rule id "nope" — `gatewatch rules` lists them'],
    ['an exemption without expiry', { exemptions: [{ rule: 'test-rule', resource: 'arn:aws:s3:::b', reason: 'r' }] }, 'gatewatch.yaml: exemptions.0.expires: required: the last day the exemption applies — expected a date such as 2027-01-31'],
    ['an exemption with a bad date', { exemptions: [{ rule: 'test-rule', resource: 'arn:aws:s3:::b', reason: 'r', expires: 'soon' }] }, 'gatewatch.yaml: exemptions.0.expires: "soon": expected a date such as 2027-01-31'],
    ['an exemption pattern longer than an ARN can be', { exemptions: [{ rule: 'test-rule', resource: `arn:${'*'.repeat(2045)}`, reason: 'r', expires: '2027-01-01' }] }, 'gatewatch.yaml: exemptions.0.resource: at most 2048 characters (the longest ARN) — shorten the pattern'],
    ['an exemption horizon of zero days', { exemptionHorizonDays: 0 }, 'gatewatch.yaml: exemptionHorizonDays: Too small'],
    ['an exemption with a non-ARN pattern', { exemptions: [{ rule: 'test-rule', resource: 'bucket-b', reason: 'r', expires: '2027-01-01' }] }, 'gatewatch.yaml: exemptions.0.resource: expected an ARN pattern such as arn:aws:s3:::logs-*'],
    ['a required aws: tag', { requiredTags: [{ key: 'aws:cloudformation:stack-name' }] }, 'gatewatch.yaml: requiredTags.0.key: aws: tags belong to AWS and cannot be required — remove this entry'],
    ['a top level that is not a mapping', ['eu-west-1'], 'gatewatch.yaml: (top level): Invalid input: expected object, received array'],
    ['a snapshot size without a number', { snapshot: { maxSize: 'large' } }, 'gatewatch.yaml: snapshot.maxSize: expected a size such as 4 GiB, 500 MB or a number of bytes'],
    ['a snapshot size of zero', { snapshot: { maxSize: 0 } }, 'gatewatch.yaml: snapshot.maxSize: expected a size such as 4 GiB'],
    ['a snapshot size in an unknown unit', { snapshot: { maxSize: '4 GiBs' } }, 'gatewatch.yaml: snapshot.maxSize: expected a size such as 4 GiB'],
    ['a misspelt snapshot key', { snapshot: { maxBytes: 5 } }, 'gatewatch.yaml: snapshot.maxBytes: unknown key — remove it or check its spelling'],
    ['a budget threshold of zero', { costControls: { budgetThresholds: [0, 80] } }, 'gatewatch.yaml: costControls.budgetThresholds.0: a threshold is a percentage from 1 to 1000'],
    ['a budget threshold over 1000', { costControls: { budgetThresholds: [50, 1001] } }, 'gatewatch.yaml: costControls.budgetThresholds.1: a threshold is a percentage from 1 to 1000'],
    ['a budget threshold as text', { costControls: { budgetThresholds: ['80%'] } }, 'gatewatch.yaml: costControls.budgetThresholds.0: Invalid input: expected number'],
    ['a repeated budget threshold', { costControls: { budgetThresholds: [80, 80] } }, 'gatewatch.yaml: costControls.budgetThresholds: each threshold once — remove the repeated one'],
    ['no budget threshold', { costControls: { budgetThresholds: [] } }, 'gatewatch.yaml: costControls.budgetThresholds: name at least one threshold, such as [50, 80, 100]'],
    ['an unknown anomaly monitor kind', { costControls: { anomalyMonitorTypes: ['TAG'] } }, 'gatewatch.yaml: costControls.anomalyMonitorTypes.0: expected one of SERVICE, LINKED_ACCOUNT, CUSTOM'],
    ['a repeated anomaly monitor kind', { costControls: { anomalyMonitorTypes: ['SERVICE', 'SERVICE'] } }, 'gatewatch.yaml: costControls.anomalyMonitorTypes: each monitor type once — remove the repeated one'],
    ['a misspelt cost-controls key', { costControls: { thresholds: [50] } }, 'gatewatch.yaml: costControls.thresholds: unknown key — remove it or check its spelling'],
  ])('rejects %s, naming the field', (_name, raw, message) => {
    expect(rejection(raw)).toContain(message);
  });

  describe('exemption expiry', () => {
    const NOW = new Date('2026-12-08T10:00:00Z');
    const exemption = (expires: unknown) => ({ rule: 'test-rule', resource: 'arn:aws:s3:::b', reason: 'r', expires });
    const expiryOf = (expires: unknown, extra: Record<string, unknown> = {}) => parseSettings({ exemptions: [exemption(expires)], ...extra }, catalog, 'gatewatch.yaml', NOW).exemptions[0]?.expires;
    const expiryRejection = (expires: unknown, extra: Record<string, unknown> = {}): string => {
      try {
        expiryOf(expires, extra);
      } catch (error) {
        expect(error).toBeInstanceOf(InputError);
        return (error as Error).message;
      }
      throw new Error(`expected ${JSON.stringify(expires)} to be rejected`);
    };

    it.each([
      ['2027-01-31', Date.parse('2027-01-31T23:59:59.999Z')],
      ['2024-02-29', Date.parse('2024-02-29T23:59:59.999Z')],
      ['2027-01-31T18:00:00Z', Date.parse('2027-01-31T18:00:00Z')],
      ['2027-01-31T18:00Z', Date.parse('2027-01-31T18:00:00Z')],
      ['2027-01-31T18:00:00.250+02:00', Date.parse('2027-01-31T16:00:00.250Z')],
      ['2027-01-31T23:30:00-05:30', Date.parse('2027-02-01T05:00:00Z')],
      // Past dates are accepted: the scan warns that they no longer apply.
      ['2020-02-29', Date.parse('2020-02-29T23:59:59.999Z')],
    ])('reads %s as an ISO 8601 date or time', (text, time) => {
      expect(expiryOf(text)).toEqual({ text, time });
    });

    it.each([
      ['an impossible day', '2020-02-30', 'exemptions.0.expires: "2020-02-30" is not a day of the calendar — expected a date such as 2027-01-31'],
      ['a 29 February outside a leap year', '2027-02-29', 'exemptions.0.expires: "2027-02-29" is not a day of the calendar'],
      ['a month 13', '2027-13-01', 'exemptions.0.expires: "2027-13-01" is not a day of the calendar'],
      ['a bare number as text', '1', 'exemptions.0.expires: "1": expected a date such as 2027-01-31'],
      ['a bare number', 20270131, 'exemptions.0.expires: 20270131: expected a date such as 2027-01-31'],
      ['an expanded year', '+099999-01-01', 'exemptions.0.expires: "+099999-01-01": expected a date such as 2027-01-31'],
      ['a date without leading zeros', '2027-1-31', 'exemptions.0.expires: "2027-1-31": expected a date'],
      ['a time without an offset', '2027-01-31T18:00:00', 'exemptions.0.expires: "2027-01-31T18:00:00": expected a date'],
      ['an hour 25', '2027-01-31T25:00:00Z', 'exemptions.0.expires: "2027-01-31T25:00:00Z" is not a time of day'],
      ['a written-out date', 'January 31, 2027', 'exemptions.0.expires: "January 31, 2027": expected a date'],
      ['an invalid Date object', new Date(Number.NaN), 'exemptions.0.expires: an invalid Date — expected a date such as 2027-01-31'],
    ])('rejects %s, naming the field', (_name, expires, message) => {
      expect(expiryRejection(expires)).toContain(`gatewatch.yaml: ${message}`);
    });

    it('accepts an expiry up to the end of the day a year after now, and not a day more', () => {
      expect(expiryOf('2027-12-08')?.time).toBe(Date.parse('2027-12-08T23:59:59.999Z'));
      expect(expiryOf('2027-12-08T23:59:59Z')?.time).toBe(Date.parse('2027-12-08T23:59:59Z'));
      expect(expiryRejection('2027-12-09')).toBe(
        'gatewatch.yaml: exemptions.0.expires: 2027-12-09 is more than 365 days after today (2026-12-08) — review the exemption by 2027-12-08 at the latest, or raise exemptionHorizonDays',
      );
      expect(expiryRejection('2099-12-31')).toContain('gatewatch.yaml: exemptions.0.expires: 2099-12-31 is more than 365 days after today');
      expect(expiryRejection('9999-12-31T00:00:00Z')).toContain('exemptions.0.expires: 9999-12-31T00:00:00Z is more than 365 days');
    });

    it('holds expiries to exemptionHorizonDays, naming the exemption that goes past it', () => {
      expect(parseSettings({ exemptionHorizonDays: 30 }, catalog, 'gatewatch.yaml', NOW).exemptionHorizonDays).toBe(30);
      expect(defaultSettings(catalog).exemptionHorizonDays).toBe(365);
      expect(expiryOf('2027-01-07', { exemptionHorizonDays: 30 })?.text).toBe('2027-01-07');
      const message = (() => {
        try {
          parseSettings({ exemptionHorizonDays: 30, exemptions: [exemption('2027-01-01'), exemption('2027-01-08')] }, catalog, 'gatewatch.yaml', NOW);
        } catch (error) {
          return (error as Error).message;
        }
        return 'accepted';
      })();
      expect(message).toBe('gatewatch.yaml: exemptions.1.expires: 2027-01-08 is more than 30 days after today (2026-12-08) — review the exemption by 2027-01-07 at the latest, or raise exemptionHorizonDays');
      expect(expiryOf('2036-01-01', { exemptionHorizonDays: 3650 })?.text).toBe('2036-01-01');
      expect(expiryRejection('2027-01-01', { exemptionHorizonDays: 3651 })).toContain('gatewatch.yaml: exemptionHorizonDays: Too big');
    });
  });

  describe('the name __proto__, which a JavaScript object would drop', () => {
    // JSON.parse and the YAML reader both keep "__proto__" as an own key of what they return.
    it.each([
      ['a rule id', '{"rules": {"__proto__": {"enabled": false}}}', 'rules.__proto__'],
      ['a rule option', '{"rules": {"test-rule": {"options": {"__proto__": {"all": true}}}}}', 'rules.test-rule.options.__proto__'],
      ['a deployment tag', '{"deployment": {"tags": {"__proto__": "x", "Team": "a"}}}', 'deployment.tags.__proto__'],
      ['a top-level key', '{"__proto__": {"regions": ["eu-west-1"]}}', '__proto__'],
      ['a key inside an exemption', '{"exemptions": [{"rule": "test-rule", "resource": "arn:aws:s3:::b", "reason": "r", "expires": "2027-01-01", "__proto__": {}}]}', 'exemptions.0.__proto__'],
    ])('rejects it as %s, with its path', (_name, json, path) => {
      expect(rejection(JSON.parse(json))).toBe(
        `gatewatch.yaml: ${path}: "__proto__" cannot be used as a name (JavaScript objects cannot hold it as a key, so it would be lost) — rename or remove it`,
      );
    });

    it.each([
      ['a required tag', { requiredTags: [{ key: 'Team' }, { key: '__proto__' }] }, 'requiredTags.1.key'],
      ['the production tag', { production: { tag: '__proto__' } }, 'production.tag'],
      ['the exemption tag', { exemptionTag: '__proto__' }, 'exemptionTag'],
    ])('rejects it as the name of %s, with its path', (_name, raw, path) => {
      expect(rejection(raw)).toBe(`gatewatch.yaml: ${path}: "__proto__" cannot be a tag name here (JavaScript objects cannot hold it as a key) — use another tag`);
    });

    it('rejects it from a YAML file, where it is a plain key', async () => {
      const file = join(dir, 'proto.yaml');
      writeFileSync(file, 'rules:\n  __proto__:\n    enabled: false\n');
      await expect(loadSettings(file, catalog)).rejects.toThrow(`${file}: rules.__proto__: "__proto__" cannot be used as a name`);
    });
  });

  it('loads YAML and JSON files', async () => {
    const yamlFile = join(dir, 'settings.yaml');
    writeFileSync(yamlFile, 'regions: [eu-west-1]\nrequiredTags:\n  - key: Owner\n    values: [team-a, team-b]\nexemptions:\n  - rule: test-rule\n    resource: "arn:aws:ec2:*:111122223333:volume/*"\n    reason: scratch volumes\n    expires: 2027-01-31\n');
    const jsonFile = join(dir, 'settings.json');
    writeFileSync(jsonFile, JSON.stringify({ regions: ['eu-west-1'] }));
    const fromYaml = await loadSettings(yamlFile, catalog);
    expect(fromYaml.regions).toEqual(['eu-west-1']);
    expect(fromYaml.requiredTags).toEqual([{ key: 'Owner', values: ['team-a', 'team-b'] }]);
    expect(fromYaml.exemptions[0]?.expires).toEqual({ text: '2027-01-31', time: Date.parse('2027-01-31T23:59:59.999Z') });
    // An unquoted YAML date is text to the reader, checked like any other; the horizon runs from the given time.
    writeFileSync(yamlFile, 'exemptions:\n  - rule: test-rule\n    resource: "arn:aws:s3:::b"\n    reason: r\n    expires: 2020-02-30\n');
    await expect(loadSettings(yamlFile, catalog)).rejects.toThrow(`${yamlFile}: exemptions.0.expires: "2020-02-30" is not a day of the calendar`);
    writeFileSync(yamlFile, 'exemptions:\n  - rule: test-rule\n    resource: "arn:aws:s3:::b"\n    reason: r\n    expires: 2026-03-01\n');
    await expect(loadSettings(yamlFile, catalog, new Date('2025-01-01T00:00:00Z'))).rejects.toThrow(`${yamlFile}: exemptions.0.expires: 2026-03-01 is more than 365 days after today (2025-01-01)`);
    expect((await loadSettings(yamlFile, catalog, new Date('2025-06-01T00:00:00Z'))).exemptions[0]?.expires.text).toBe('2026-03-01');
    expect((await loadSettings(jsonFile, catalog)).regions).toEqual(['eu-west-1']);
  });

  it('gives a one-line error for a file that is not YAML, or not there', async () => {
    const broken = join(dir, 'broken.yaml');
    writeFileSync(broken, 'regions: [eu-west-1\n');
    await expect(loadSettings(broken, catalog)).rejects.toThrow(/broken\.yaml: not valid YAML or JSON \(.+\)$/);
    await expect(loadSettings(join(dir, 'absent.yaml'), catalog)).rejects.toThrow(/absent\.yaml: cannot read the settings file \(ENOENT\)/);
  });
});
