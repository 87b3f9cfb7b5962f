import { describe, expect, it } from '@jest/globals';
import {
  DESCRIPTION_MAX,
  SNS_MAX_PAYLOAD_BYTES,
  TITLE_MAX,
  buildAlert,
  fitLines,
  oneLine,
  payloadBytes,
  toSnsMessage,
  truncate,
  type AlertEntry,
  type CustomNotification,
  type SnsMessage,
} from '../../findings/notification.js';

const ACCOUNT = '111122223333';
const REGION = 'eu-west-1';

function entry(overrides: Partial<AlertEntry> = {}): AlertEntry {
  return {
    ruleId: 'rds-encrypted',
    gate: 'encryption',
    severity: 'HIGH',
    resource: `arn:aws:rds:${REGION}:${ACCOUNT}:db:orders`,
    resourceName: 'orders',
    message: 'storage is not encrypted',
    remediation: { text: 'Restore an encrypted copy of a snapshot.', url: 'https://docs.aws.amazon.com/rds/encryption' },
    ...overrides,
  };
}

function parse(message: SnsMessage): CustomNotification {
  return JSON.parse(message.message) as CustomNotification;
}

function alert(entries: readonly AlertEntry[], maxListed = 20): SnsMessage {
  return buildAlert({ accountId: ACCOUNT, region: REGION, entries, maxListed });
}

describe('buildAlert', () => {
  it('builds one custom notification for one new failure, field by field', () => {
    const message = alert([entry()]);
    expect(parse(message)).toEqual({
      version: '1.0',
      source: 'custom',
      content: {
        textType: 'client-markdown',
        title: 'gatewatch: 1 new failure in 111122223333 eu-west-1',
        description: '• *HIGH* `rds-encrypted` — orders: storage is not encrypted',
        nextSteps: ['rds-encrypted: Restore an encrypted copy of a snapshot. <https://docs.aws.amazon.com/rds/encryption|docs>'],
        keywords: ['HIGH', 'encryption'],
      },
      metadata: {
        threadId: 'gatewatch-111122223333-eu-west-1',
        summary: '1 new failure in 111122223333 eu-west-1, highest severity HIGH',
        eventType: 'NewFailures',
        relatedResources: ['arn:aws:rds:eu-west-1:111122223333:db:orders'],
      },
    });
    expect(message.attributes).toEqual({
      severity: { DataType: 'String', StringValue: 'HIGH' },
      gates: { DataType: 'String.Array', StringValue: '["encryption"]' },
      account: { DataType: 'String', StringValue: ACCOUNT },
      region: { DataType: 'String', StringValue: REGION },
      eventType: { DataType: 'String', StringValue: 'NewFailures' },
    });
  });

  it('lists several failures most severe first, then by rule id, then by resource, with distinct gates in catalogue order', () => {
    const message = alert([
      entry({ ruleId: 'tags-required', gate: 'tagging', severity: 'LOW', resource: 'arn:b', resourceName: 'b', message: 'no owner tag' }),
      entry({ ruleId: 'rds-multi-az', gate: 'multi-az', severity: 'HIGH', resource: 'arn:z', resourceName: 'z', message: 'single AZ' }),
      entry({ ruleId: 'rds-encrypted', gate: 'encryption', severity: 'HIGH', resource: 'arn:y', resourceName: 'y', message: 'not encrypted' }),
      entry({ ruleId: 'rds-encrypted', gate: 'encryption', severity: 'HIGH', resource: 'arn:x', resourceName: 'x', message: 'not encrypted' }),
      entry({ ruleId: 'trail-on', gate: 'audit-detection', severity: 'CRITICAL', resource: 'arn:t', resourceName: 't', message: 'no trail' }),
    ]);
    const notification = parse(message);
    expect(notification.content.title).toBe('gatewatch: 5 new failures in 111122223333 eu-west-1');
    expect(notification.content.description.split('\n')).toEqual([
      '• *CRITICAL* `trail-on` — t: no trail',
      '• *HIGH* `rds-encrypted` — x: not encrypted',
      '• *HIGH* `rds-encrypted` — y: not encrypted',
      '• *HIGH* `rds-multi-az` — z: single AZ',
      '• *LOW* `tags-required` — b: no owner tag',
    ]);
    // One next step per distinct rule, in listing order.
    expect(notification.content.nextSteps?.map((step) => step.split(':')[0])).toEqual(['trail-on', 'rds-encrypted', 'rds-multi-az', 'tags-required']);
    expect(notification.content.keywords).toEqual(['CRITICAL', 'multi-az', 'encryption', 'audit-detection', 'tagging']);
    expect(notification.metadata?.summary).toBe('5 new failures in 111122223333 eu-west-1, highest severity CRITICAL');
    expect(notification.metadata?.relatedResources).toEqual(['arn:t', 'arn:x', 'arn:y', 'arn:z', 'arn:b']);
    expect(message.attributes['severity']).toEqual({ DataType: 'String', StringValue: 'CRITICAL' });
    expect(message.attributes['gates']).toEqual({ DataType: 'String.Array', StringValue: '["multi-az","encryption","audit-detection","tagging"]' });
  });

  it('is the same whatever order the entries come in', () => {
    const entries = [entry({ resource: 'arn:2', severity: 'LOW' }), entry({ resource: 'arn:1' }), entry({ ruleId: 'a-rule', resource: 'arn:3' })];
    expect(alert(entries)).toEqual(alert([...entries].reverse()));
  });

  it('cuts the list at maxListed with "…and N more", and relates and remediates only what it lists', () => {
    const entries = [1, 2, 3, 4, 5].map((index) => entry({ ruleId: `rule-${index}`, resource: `arn:${index}`, resourceName: `r${index}` }));
    const notification = parse(alert(entries, 2));
    expect(notification.content.title).toBe('gatewatch: 5 new failures in 111122223333 eu-west-1');
    expect(notification.content.description.split('\n')).toEqual([
      '• *HIGH* `rule-1` — r1: storage is not encrypted',
      '• *HIGH* `rule-2` — r2: storage is not encrypted',
      '…and 3 more',
    ]);
    expect(notification.metadata?.relatedResources).toEqual(['arn:1', 'arn:2']);
    expect(notification.content.nextSteps?.map((step) => step.split(':')[0])).toEqual(['rule-1', 'rule-2']);
  });

  it('gives at most 5 next steps, one per rule', () => {
    const entries = Array.from({ length: 8 }, (_, index) => entry({ ruleId: `rule-${index}`, resource: `arn:${index}` }));
    const twice = [...entries, ...entries.map((one) => ({ ...one, resource: `${one.resource}-b` }))];
    const steps = parse(alert(twice)).content.nextSteps ?? [];
    expect(steps.map((step) => step.split(':')[0])).toEqual(['rule-0', 'rule-1', 'rule-2', 'rule-3', 'rule-4']);
  });

  it('keeps a resource name with line breaks, markup and great length on one capped line', () => {
    const name = `evil\nname\r\n<!channel> ${'x'.repeat(500)}`;
    const notification = parse(alert([entry({ resourceName: name, message: 'line one\nline two' }), entry({ resource: 'arn:other', resourceName: 'ok' })]));
    const lines = notification.content.description.split('\n');
    expect(lines).toHaveLength(2);
    const evil = lines.find((line) => line.includes('evil'));
    expect(evil).toBeDefined();
    // The name is cut at 80 characters, the message follows on the same line.
    expect(evil).toBe(`• *HIGH* \`rds-encrypted\` — evil name ‹!channel› ${'x'.repeat(58)}…: line one line two`);
    expect(notification.content.description).not.toContain('<');
    expect(lines).toContain('• *HIGH* `rds-encrypted` — ok: storage is not encrypted');
  });

  it('cuts a long message so that the whole line stays at 200 characters', () => {
    const line = parse(alert([entry({ message: `long\n${'m'.repeat(400)}` })])).content.description;
    expect(line).toHaveLength(200);
    const prefix = '• *HIGH* `rds-encrypted` — orders: long ';
    expect(line).toBe(`${prefix}${'m'.repeat(199 - prefix.length)}…`);
  });

  it('uses the resource when the name is empty', () => {
    expect(parse(alert([entry({ resourceName: '' })])).content.description).toBe('• *HIGH* `rds-encrypted` — arn:aws:rds:eu-west-1:111122223333:db:orders: storage is not encrypted');
  });

  it('threads global (IAM) alerts per account', () => {
    const message = buildAlert({ accountId: ACCOUNT, region: 'global', entries: [entry()], maxListed: 5 });
    expect(parse(message).metadata?.threadId).toBe('gatewatch-111122223333-global');
    expect(message.attributes['region']).toEqual({ DataType: 'String', StringValue: 'global' });
  });

  it('stays inside Slack and SNS limits with 10,000 entries of long names and ARNs', () => {
    const entries = Array.from({ length: 10_000 }, (_, index) =>
      entry({
        ruleId: `rule-${index % 40}`,
        severity: index % 3 === 0 ? 'CRITICAL' : 'MEDIUM',
        resource: `arn:aws:s3:::${'b'.repeat(1_000)}-${index}`,
        resourceName: `${'n'.repeat(300)}-${index}`,
        message: 'm'.repeat(1_000),
        remediation: { text: 't'.repeat(1_000), url: 'https://docs.aws.amazon.com/x' },
      }),
    );
    const message = buildAlert({ accountId: ACCOUNT, region: REGION, entries, maxListed: 10_000 });
    const notification = parse(message);
    expect(payloadBytes(message)).toBeLessThan(SNS_MAX_PAYLOAD_BYTES);
    expect(notification.content.title.length).toBeLessThanOrEqual(TITLE_MAX);
    expect(notification.content.description.length).toBeLessThanOrEqual(DESCRIPTION_MAX);
    const lines = notification.content.description.split('\n');
    const listed = lines.length - 1;
    expect(listed).toBeGreaterThan(5);
    expect(lines.at(-1)).toBe(`…and ${10_000 - listed} more`);
    expect(notification.metadata?.relatedResources).toHaveLength(listed);
    expect(notification.content.nextSteps?.length).toBeLessThanOrEqual(5);
    for (const step of notification.content.nextSteps ?? []) expect(step).toMatch(/^rule-\d+: t+… <https:\/\/docs\.aws\.amazon\.com\/x\|docs>$/);
  });

  it('refuses an alert about nothing and a maxListed below 1', () => {
    expect(() => alert([])).toThrow('no entries');
    expect(() => alert([entry()], 0)).toThrow('maxListed');
    expect(() => buildAlert({ accountId: '', region: REGION, entries: [entry()], maxListed: 1 })).toThrow('account');
  });
});

describe('message helpers', () => {
  it('truncate cuts with an ellipsis and never splits a surrogate pair', () => {
    expect(truncate('abcdef', 6)).toBe('abcdef');
    expect(truncate('abcdef', 4)).toBe('abc…');
    expect(truncate('ab😀cd', 4)).toBe('ab…');
  });

  it('oneLine flattens breaks and control characters and neutralises Slack angle brackets', () => {
    expect(oneLine('a\n\tb\u2028c <@U123>')).toBe('a b c ‹@U123›');
    expect(oneLine('x'.repeat(300))).toHaveLength(200);
  });

  it('fitLines keeps what fits and says how many are left out, within the budget', () => {
    expect(fitLines(['aaaa', 'bbbb', 'cccc'], 100)).toEqual({ lines: ['aaaa', 'bbbb', 'cccc'], listed: 3 });
    const fitted = fitLines(['aaaa', 'bbbb', 'cccc'], 20);
    expect(fitted).toEqual({ lines: ['aaaa', '…and 2 more'], listed: 1 });
    expect(fitted.lines.join('\n').length).toBeLessThanOrEqual(20);
    expect(fitLines(['aaaa'], 100, 7)).toEqual({ lines: ['aaaa', '…and 6 more'], listed: 1 });
  });

  it('payloadBytes counts the body and every attribute name, type and value in UTF-8 bytes', () => {
    expect(payloadBytes({ message: 'é', attributes: { ab: { DataType: 'String', StringValue: 'xyz' } } })).toBe(2 + 2 + 6 + 3);
  });

  it('toSnsMessage drops related resources until the payload fits, and refuses an oversized title', () => {
    const notification: CustomNotification = {
      version: '1.0',
      source: 'custom',
      content: { textType: 'client-markdown', title: 't', description: 'd' },
      metadata: { relatedResources: Array.from({ length: 1_000 }, (_, index) => `${'r'.repeat(1_000)}${index}`) },
    };
    const message = toSnsMessage(notification, {});
    expect(payloadBytes(message)).toBeLessThanOrEqual(SNS_MAX_PAYLOAD_BYTES);
    const related = parse(message).metadata?.relatedResources ?? [];
    expect(related.length).toBeGreaterThan(100);
    expect(related).toEqual(notification.metadata?.relatedResources?.slice(0, related.length));
    expect(() => toSnsMessage({ ...notification, content: { ...notification.content, title: 'x'.repeat(251) } }, {})).toThrow('title');
  });
});
