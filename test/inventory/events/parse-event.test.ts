/**
 * The adapter's front door: envelope checks (malformed input is `rejected`, naming the field)
 * and dispatch on source / detail-type (other well-formed events are `ignored`).
 */
import { readFileSync } from 'node:fs';
import { parseChangeEvent } from '../../../inventory/events/parse-event.js';

const ACCOUNT = '111122223333';

function fixture(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL(`./fixtures/${name}.json`, import.meta.url), 'utf8')) as Record<string, unknown>;
}

/** A fixture with top-level fields replaced (`undefined` removes the field). */
function envelope(name: string, changes: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const event = fixture(name);
  for (const [key, value] of Object.entries(changes)) {
    if (value === undefined) delete event[key];
    else event[key] = value;
  }
  return event;
}

describe('parseChangeEvent: dispatch', () => {
  it('translates a Config item change through the Config parser', () => {
    expect(parseChangeEvent(fixture('config-oversized'))).toEqual({
      kind: 'reread',
      accountId: ACCOUNT,
      region: 'eu-west-1',
      resources: [{ resourceType: 'AWS::EC2::Instance', resourceId: 'i-0abc1234def567890', arn: `arn:aws:ec2:eu-west-1:${ACCOUNT}:instance/i-0abc1234def567890` }],
      origin: 'config:OversizedConfigurationItemChangeNotification',
    });
  });

  it('translates a CloudTrail API call through the CloudTrail parser', () => {
    expect(parseChangeEvent(fixture('cloudtrail-guardduty-delete-detector'))).toEqual({
      kind: 'rescan',
      accountId: ACCOUNT,
      regions: ['eu-west-1'],
      gates: ['audit-detection'],
      origin: 'cloudtrail:guardduty:DeleteDetector',
    });
  });

  it('ignores a well-formed event of another detail-type', () => {
    const event = envelope('config-item-change', {
      'detail-type': 'Config Rules Compliance Change',
      detail: { messageType: 'ComplianceChangeNotification', configRuleName: 'encrypted-volumes', resourceType: 'AWS::EC2::Volume', resourceId: 'vol-0123456789abcdef0' },
    });
    expect(parseChangeEvent(event)).toEqual({
      kind: 'ignored',
      reason: '"Config Rules Compliance Change" events from aws.config are not events gatewatch handles',
      origin: 'event:aws.config:Config Rules Compliance Change',
    });
  });

  it('does not take a Config detail-type from another source for Config', () => {
    const event = envelope('config-item-change', { source: 'my.app' });
    expect(parseChangeEvent(event)).toEqual({
      kind: 'ignored',
      reason: '"Config Configuration Item Change" events from my.app are not events gatewatch handles',
      origin: 'event:my.app:Config Configuration Item Change',
    });
  });

  it('does not take a CloudTrail detail-type from a non-AWS source for CloudTrail', () => {
    const event = envelope('cloudtrail-ec2-create-route', { source: 'custom.ec2' });
    expect(parseChangeEvent(event)).toMatchObject({ kind: 'ignored', origin: 'event:custom.ec2:AWS API Call via CloudTrail' });
  });
});

describe('parseChangeEvent: malformed envelopes are rejected, naming the field', () => {
  it.each<[string, unknown, string]>([
    ['null', null, '(event): expected an EventBridge event object'],
    ['a string', '{"detail-type":"x"}', '(event): expected an EventBridge event object'],
    ['an array', [fixture('config-item-change')], '(event): expected an EventBridge event object'],
    ['no detail-type', envelope('config-item-change', { 'detail-type': undefined }), 'detail-type: expected a non-empty string'],
    ['a detail-type of another type', envelope('config-item-change', { 'detail-type': 42 }), 'detail-type: expected a non-empty string'],
    ['no source', envelope('config-item-change', { source: undefined }), 'source: expected a non-empty string'],
    ['an account that is not 12 digits', envelope('config-item-change', { account: '1111-2222-3333' }), 'account: expected a 12-digit account id'],
    ['no account', envelope('cloudtrail-ec2-create-route', { account: undefined }), 'account: expected a non-empty string'],
    ['an empty region', envelope('cloudtrail-ec2-create-route', { region: '' }), 'region: expected a non-empty string'],
    ['a region that is a path', envelope('config-item-change', { region: '../../x' }), 'region: expected a Region name such as eu-west-1, got "../../x"'],
    ['a region `global`', envelope('config-deleted-iam-role', { region: 'global' }), 'region: expected a Region name such as eu-west-1, got "global"'],
    ['a long region, cut in the message', envelope('cloudtrail-ec2-create-route', { region: 'x'.repeat(100) }), `region: expected a Region name such as eu-west-1, got "${'x'.repeat(56)}...`],
    ['no detail', envelope('cloudtrail-ec2-create-route', { detail: undefined }), 'detail: expected an object'],
    ['a detail that is an array', envelope('cloudtrail-ec2-create-route', { detail: [] }), 'detail: expected an object'],
    ['a detail that is a JSON string', envelope('config-item-change', { detail: '{"messageType":"ConfigurationItemChangeNotification"}' }), 'detail: expected an object'],
  ])('%s', (_, event, reason) => {
    expect(parseChangeEvent(event)).toEqual({ kind: 'rejected', reason });
  });
});
