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
    ['an exemption without expiry', { exemptions: [{ rule: 'test-rule', resource: 'arn:aws:s3:::b', reason: 'r' }] }, 'gatewatch.yaml: exemptions.0.expires: Invalid input'],
    ['an exemption with a bad date', { exemptions: [{ rule: 'test-rule', resource: 'arn:aws:s3:::b', reason: 'r', expires: 'soon' }] }, 'gatewatch.yaml: exemptions.0.expires: expected a date such as 2027-01-31'],
    ['an exemption with a non-ARN pattern', { exemptions: [{ rule: 'test-rule', resource: 'bucket-b', reason: 'r', expires: '2027-01-01' }] }, 'gatewatch.yaml: exemptions.0.resource: expected an ARN pattern such as arn:aws:s3:::logs-*'],
    ['a required aws: tag', { requiredTags: [{ key: 'aws:cloudformation:stack-name' }] }, 'gatewatch.yaml: requiredTags.0.key: aws: tags belong to AWS and cannot be required — remove this entry'],
    ['a top level that is not a mapping', ['eu-west-1'], 'gatewatch.yaml: (top level): Invalid input: expected object, received array'],
    ['a snapshot size without a number', { snapshot: { maxSize: 'large' } }, 'gatewatch.yaml: snapshot.maxSize: expected a size such as 4 GiB, 500 MB or a number of bytes'],
    ['a snapshot size of zero', { snapshot: { maxSize: 0 } }, 'gatewatch.yaml: snapshot.maxSize: expected a size such as 4 GiB'],
    ['a snapshot size in an unknown unit', { snapshot: { maxSize: '4 GiBs' } }, 'gatewatch.yaml: snapshot.maxSize: expected a size such as 4 GiB'],
    ['a misspelt snapshot key', { snapshot: { maxBytes: 5 } }, 'gatewatch.yaml: snapshot.maxBytes: unknown key — remove it or check its spelling'],
  ])('rejects %s, naming the field', (_name, raw, message) => {
    expect(rejection(raw)).toContain(message);
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
    expect((await loadSettings(jsonFile, catalog)).regions).toEqual(['eu-west-1']);
  });

  it('gives a one-line error for a file that is not YAML, or not there', async () => {
    const broken = join(dir, 'broken.yaml');
    writeFileSync(broken, 'regions: [eu-west-1\n');
    await expect(loadSettings(broken, catalog)).rejects.toThrow(/broken\.yaml: not valid YAML or JSON \(.+\)$/);
    await expect(loadSettings(join(dir, 'absent.yaml'), catalog)).rejects.toThrow(/absent\.yaml: cannot read the settings file \(ENOENT\)/);
  });
});
