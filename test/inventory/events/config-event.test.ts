/**
 * AWS Config "Configuration Item Change" events: normal (evaluate), oversized (re-read), deleted
 * and not recorded (archive), types gatewatch has no rule for and other message types (ignored),
 * and details not of Config's shape (rejected, naming the field).
 */
import { readFileSync } from 'node:fs';
import { parseChangeEvent } from '../../../inventory/events/parse-event.js';

const ACCOUNT = '111122223333';
const VOLUME_ARN = `arn:aws:ec2:eu-west-1:${ACCOUNT}:volume/vol-0123456789abcdef0`;
const INSTANCE_ARN = `arn:aws:ec2:eu-west-1:${ACCOUNT}:instance/i-0abc1234def567890`;
const CHANGE = 'config:ConfigurationItemChangeNotification';
const OVERSIZED = 'config:OversizedConfigurationItemChangeNotification';

type Json = Record<string, unknown>;

function fixture(name: string): Json {
  return JSON.parse(readFileSync(new URL(`./fixtures/${name}.json`, import.meta.url), 'utf8')) as Json;
}

function objectAt(root: Json, path: readonly string[]): Json {
  let node: unknown = root;
  for (const key of path) {
    if (typeof node !== 'object' || node === null) throw new Error(`fixture has no ${path.join('.')}`);
    node = (node as Json)[key];
  }
  if (typeof node !== 'object' || node === null) throw new Error(`fixture has no object at ${path.join('.')}`);
  return node as Json;
}

/** A fixture with `detail.<path>.<key>` replaced (`undefined` removes it). */
function edited(name: string, path: readonly string[], key: string, value: unknown): Json {
  const event = fixture(name);
  const target = objectAt(event, ['detail', ...path]);
  if (value === undefined) delete target[key];
  else target[key] = value;
  return event;
}

describe('Config: normal configuration item change', () => {
  it('evaluates the item Config sent, normalized, with no call for the resource', () => {
    const raw = objectAt(fixture('config-item-change'), ['detail', 'configurationItem']);
    expect(parseChangeEvent(fixture('config-item-change'))).toEqual({
      kind: 'evaluate',
      accountId: ACCOUNT,
      region: 'eu-west-1',
      origin: CHANGE,
      item: {
        resourceType: 'AWS::EC2::Volume',
        resourceId: 'vol-0123456789abcdef0',
        ARN: VOLUME_ARN,
        awsAccountId: ACCOUNT,
        awsRegion: 'eu-west-1',
        availabilityZone: 'eu-west-1a',
        configurationItemCaptureTime: '2026-03-02T10:20:01.874Z',
        tags: { Name: 'data-1' },
        relationships: [{ resourceType: 'AWS::EC2::Instance', resourceId: 'i-0abc1234def567890', name: 'Is attached to Instance' }],
        configuration: raw['configuration'],
        supplementaryConfiguration: {},
      },
    });
  });

  it('takes the Region from the item, not from the envelope (a global type is delivered in a Region)', () => {
    const event = fixture('config-item-change');
    event['region'] = 'us-east-1';
    expect(parseChangeEvent(event)).toMatchObject({ kind: 'evaluate', accountId: ACCOUNT, region: 'eu-west-1' });
  });

  it('evaluates an item Config discovered for the first time', () => {
    const event = edited('config-item-change', ['configurationItem'], 'configurationItemStatus', 'ResourceDiscovered');
    expect(parseChangeEvent(event)).toMatchObject({ kind: 'evaluate', item: { resourceId: 'vol-0123456789abcdef0' } });
  });
});

describe('Config: oversized configuration item change', () => {
  it('re-reads the resource the summary names', () => {
    expect(parseChangeEvent(fixture('config-oversized'))).toEqual({
      kind: 'reread',
      accountId: ACCOUNT,
      region: 'eu-west-1',
      resources: [{ resourceType: 'AWS::EC2::Instance', resourceId: 'i-0abc1234def567890', arn: INSTANCE_ARN }],
      origin: OVERSIZED,
    });
  });

  it.each(['ResourceDeleted', 'ResourceDeletedNotRecorded', 'ResourceNotRecorded'])('archives the resource when the summary says %s', (status) => {
    const event = edited('config-oversized', ['configurationItemSummary'], 'configurationItemStatus', status);
    expect(parseChangeEvent(event)).toEqual({
      kind: 'deleted',
      accountId: ACCOUNT,
      region: 'eu-west-1',
      resources: [{ resourceType: 'AWS::EC2::Instance', resourceId: 'i-0abc1234def567890', arn: INSTANCE_ARN }],
      origin: OVERSIZED,
    });
  });

  it('re-reads a summary without an ARN by its id alone', () => {
    const event = edited('config-oversized', ['configurationItemSummary'], 'ARN', null);
    expect(parseChangeEvent(event)).toEqual({
      kind: 'reread',
      accountId: ACCOUNT,
      region: 'eu-west-1',
      resources: [{ resourceType: 'AWS::EC2::Instance', resourceId: 'i-0abc1234def567890' }],
      origin: OVERSIZED,
    });
  });

  it('ignores the summary of a type gatewatch has no rule for', () => {
    const event = edited('config-oversized', ['configurationItemSummary'], 'resourceType', 'AWS::EC2::SecurityGroup');
    expect(parseChangeEvent(event)).toEqual({ kind: 'ignored', reason: 'AWS::EC2::SecurityGroup is not a resource type gatewatch has rules for', origin: OVERSIZED });
  });

  it('records a global type under `global`', () => {
    const event = fixture('config-oversized');
    const summary = objectAt(event, ['detail', 'configurationItemSummary']);
    Object.assign(summary, { resourceType: 'AWS::IAM::Policy', resourceId: 'ANPAEXAMPLEPOLICYID12', ARN: `arn:aws:iam::${ACCOUNT}:policy/invoices-read`, awsRegion: 'global' });
    expect(parseChangeEvent(event)).toEqual({
      kind: 'reread',
      accountId: ACCOUNT,
      region: 'global',
      resources: [{ resourceType: 'AWS::IAM::Policy', resourceId: 'ANPAEXAMPLEPOLICYID12', arn: `arn:aws:iam::${ACCOUNT}:policy/invoices-read` }],
      origin: OVERSIZED,
    });
  });

  it.each<[string, string, unknown, string]>([
    ['no summary', 'configurationItemSummary', undefined, 'detail.configurationItemSummary: expected an object'],
    ['no resource id', 'resourceId', undefined, 'detail.configurationItemSummary.resourceId: expected a non-empty string'],
    ['a numeric resource type', 'resourceType', 7, 'detail.configurationItemSummary.resourceType: expected a non-empty string'],
    ['a short account id', 'awsAccountId', '1234', 'detail.configurationItemSummary.awsAccountId: expected a 12-digit account id'],
    ['no Region', 'awsRegion', undefined, 'detail.configurationItemSummary.awsRegion: expected a non-empty string'],
    ['an ARN of another type', 'ARN', ['arn'], 'detail.configurationItemSummary.ARN: expected a string or null'],
    ['a status of another type', 'configurationItemStatus', true, 'detail.configurationItemSummary.configurationItemStatus: expected a string'],
  ])('rejects a summary with %s', (_, key, value, reason) => {
    const event = key === 'configurationItemSummary' ? edited('config-oversized', [], key, value) : edited('config-oversized', ['configurationItemSummary'], key, value);
    expect(parseChangeEvent(event)).toEqual({ kind: 'rejected', reason });
  });
});

describe('Config: deleted and no longer recorded resources', () => {
  it('archives a deleted resource', () => {
    expect(parseChangeEvent(fixture('config-deleted'))).toEqual({
      kind: 'deleted',
      accountId: ACCOUNT,
      region: 'eu-west-1',
      resources: [{ resourceType: 'AWS::EC2::Instance', resourceId: 'i-0abc1234def567890', arn: INSTANCE_ARN }],
      origin: CHANGE,
    });
  });

  it('archives a deleted IAM role under `global`, by the id Config and the IAM collector give it', () => {
    expect(parseChangeEvent(fixture('config-deleted-iam-role'))).toEqual({
      kind: 'deleted',
      accountId: ACCOUNT,
      region: 'global',
      resources: [{ resourceType: 'AWS::IAM::Role', resourceId: 'AROAEXAMPLEWORKER1234', arn: `arn:aws:iam::${ACCOUNT}:role/payments-worker` }],
      origin: CHANGE,
    });
  });

  it('archives a resource Config no longer records', () => {
    const topic = `arn:aws:sns:eu-west-1:${ACCOUNT}:order-events`;
    expect(parseChangeEvent(fixture('config-not-recorded'))).toEqual({
      kind: 'deleted',
      accountId: ACCOUNT,
      region: 'eu-west-1',
      resources: [{ resourceType: 'AWS::SNS::Topic', resourceId: topic, arn: topic }],
      origin: CHANGE,
    });
  });

  it('archives a resource deleted while not recorded', () => {
    const event = edited('config-deleted', ['configurationItem'], 'configurationItemStatus', 'ResourceDeletedNotRecorded');
    expect(parseChangeEvent(event)).toMatchObject({ kind: 'deleted', resources: [{ resourceId: 'i-0abc1234def567890' }] });
  });
});

describe('Config: events with nothing to do', () => {
  it('ignores an item of a type gatewatch has no rule for', () => {
    expect(parseChangeEvent(fixture('config-unknown-type'))).toEqual({
      kind: 'ignored',
      reason: 'AWS::EC2::SecurityGroup is not a resource type gatewatch has rules for',
      origin: CHANGE,
    });
  });

  it('ignores the deletion of an item of a type gatewatch has no rule for', () => {
    const event = edited('config-unknown-type', ['configurationItem'], 'configurationItemStatus', 'ResourceDeleted');
    expect(parseChangeEvent(event)).toMatchObject({ kind: 'ignored', reason: 'AWS::EC2::SecurityGroup is not a resource type gatewatch has rules for' });
  });

  it('ignores other message types', () => {
    const event = fixture('config-item-change');
    event['detail'] = {
      s3ObjectKey: `AWSLogs/${ACCOUNT}/Config/eu-west-1/2026/3/2/ConfigHistory/${ACCOUNT}_Config_eu-west-1_ConfigHistory_AWS::EC2::Volume_20260302T101500Z_20260302T111500Z_1.json.gz`,
      s3Bucket: `config-bucket-${ACCOUNT}`,
      notificationCreationTime: '2026-03-02T11:20:00.000Z',
      messageType: 'ConfigurationHistoryDeliveryCompleted',
      recordVersion: '1.1',
    };
    expect(parseChangeEvent(event)).toEqual({
      kind: 'ignored',
      reason: 'Config message type ConfigurationHistoryDeliveryCompleted carries no configuration item',
      origin: 'config:ConfigurationHistoryDeliveryCompleted',
    });
  });
});

describe('Config: an item that does not belong to the event is rejected, naming the field and both values', () => {
  it('rejects an item of another account than the event, naming both accounts', () => {
    const event = fixture('config-item-change');
    event['account'] = '999988887777';
    expect(parseChangeEvent(event)).toEqual({
      kind: 'rejected',
      reason: `detail.configurationItem.awsAccountId: ${ACCOUNT} is not the event's account 999988887777: Config sends an account's items only from that account`,
    });
  });

  it.each(['config-deleted', 'config-unknown-type', 'config-oversized'])('rejects it for a deleted, unknown-type or oversized item too (%s)', (name) => {
    const event = fixture(name);
    event['account'] = '999988887777';
    expect(parseChangeEvent(event)).toMatchObject({ kind: 'rejected', reason: expect.stringMatching(/awsAccountId: 111122223333 is not the event's account 999988887777/) as unknown });
  });

  it.each<[string, string, string, unknown, string]>([
    ['a path for a Region', 'config-item-change', 'configurationItem', '../../x', 'detail.configurationItem.awsRegion: expected a Region name such as eu-west-1, got "../../x"'],
    ['an upper-case Region', 'config-item-change', 'configurationItem', 'EU-WEST-1', 'detail.configurationItem.awsRegion: expected a Region name such as eu-west-1, got "EU-WEST-1"'],
    [
      '`global` for a regional type',
      'config-item-change',
      'configurationItem',
      'global',
      'detail.configurationItem.awsRegion: "global" is only for global types (IAM, CloudFront), and AWS::EC2::Volume is regional: expected a Region name such as eu-west-1',
    ],
    ['a path for a deleted item\'s Region', 'config-deleted', 'configurationItem', 'eu-west-1/../x', 'detail.configurationItem.awsRegion: expected a Region name such as eu-west-1, got "eu-west-1/../x"'],
    [
      'a path for an IAM item\'s Region',
      'config-deleted-iam-role',
      'configurationItem',
      '../global',
      'detail.configurationItem.awsRegion: expected a Region name such as eu-west-1 (or "global" for a global type), got "../global"',
    ],
    ['a path for an oversized item\'s Region', 'config-oversized', 'configurationItemSummary', '../../x', 'detail.configurationItemSummary.awsRegion: expected a Region name such as eu-west-1, got "../../x"'],
  ])('rejects %s', (_, name, container, value, reason) => {
    expect(parseChangeEvent(edited(name, [container], 'awsRegion', value))).toEqual({ kind: 'rejected', reason });
  });

  it('accepts `global` for a global type, and a Region name for it too', () => {
    expect(parseChangeEvent(fixture('config-deleted-iam-role'))).toMatchObject({ kind: 'deleted', region: 'global' });
    expect(parseChangeEvent(edited('config-deleted-iam-role', ['configurationItem'], 'awsRegion', 'us-east-1'))).toMatchObject({ kind: 'deleted', region: 'global' });
  });

  it.each<[string, string, string]>([
    ['config-item-change', 'configurationItem', 'detail.configurationItem.resourceId: expected a non-blank id, got "  "'],
    ['config-oversized', 'configurationItemSummary', 'detail.configurationItemSummary.resourceId: expected a non-blank id, got "  "'],
  ])('rejects a blank resource id (%s)', (name, container, reason) => {
    expect(parseChangeEvent(edited(name, [container], 'resourceId', '  '))).toEqual({ kind: 'rejected', reason });
  });
});

describe('Config: details not of Config shape are rejected, naming the field', () => {
  it.each<[string, readonly string[], string, unknown, string]>([
    ['no message type', [], 'messageType', undefined, 'detail.messageType: expected a non-empty string'],
    ['a message type of another type', [], 'messageType', ['ConfigurationItemChangeNotification'], 'detail.messageType: expected a non-empty string'],
    ['no configuration item', [], 'configurationItem', undefined, 'detail.configurationItem: expected an object'],
    ['a configuration item that is a string', [], 'configurationItem', '{}', 'detail.configurationItem: expected an object'],
    ['an item without resource id', ['configurationItem'], 'resourceId', undefined, 'detail.configurationItem.resourceId: Invalid input: expected string, received undefined'],
    ['an item with a bad account id', ['configurationItem'], 'awsAccountId', 'acct-1', 'detail.configurationItem.awsAccountId: expected a 12-digit account id'],
  ])('%s', (_, path, key, value, reason) => {
    expect(parseChangeEvent(edited('config-item-change', path, key, value))).toEqual({ kind: 'rejected', reason });
  });

  it('names the configuration field that does not fit the type', () => {
    const event = edited('config-item-change', ['configurationItem', 'configuration'], 'encrypted', 'no');
    expect(parseChangeEvent(event)).toEqual({ kind: 'rejected', reason: 'detail.configurationItem.configuration.encrypted: Invalid input: expected boolean, received string' });
  });

  it('rejects a deleted item whose envelope is broken', () => {
    const event = edited('config-deleted', ['configurationItem'], 'awsRegion', '');
    expect(parseChangeEvent(event)).toMatchObject({ kind: 'rejected', reason: expect.stringMatching(/^detail\.configurationItem\.awsRegion: /) as unknown });
  });
});
