import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import {
  ConfigServiceClient,
  ConfigServiceServiceException,
  DescribeConfigurationRecordersCommand,
  DescribeConfigurationRecorderStatusCommand,
} from '@aws-sdk/client-config-service';
import { GetEbsEncryptionByDefaultCommand } from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import { configRecorderCollector } from '../../../../inventory/live/collectors/config-recorder.js';
import { ec2VolumesCollector } from '../../../../inventory/live/collectors/ec2-volumes.js';
import { scan } from '../../../../engine/scan.js';
import { defaultSettings } from '../../../../engine/settings.js';
import { defineRule } from '../../../../rules/lib/define-rule.js';
import { checkItemAgainstSchema } from '../../../support/config-schema.js';
import { ACCOUNT, REGION } from '../../../support/items.js';
import { callsOf, collect, mockedLiveSource, mockIdentity } from '../../../../testkit/live.js';

const OTHER = 'us-east-1';
const configError = (name: string) => new ConfigServiceServiceException({ name, $fault: 'client', $metadata: { httpStatusCode: name === 'ThrottlingException' ? 400 : 403 }, message: `${name} from the test` });
const commandsSent = (mock: ReturnType<typeof mockClient>) => mock.calls().map((call) => call.args[0].constructor.name);

/** A test rule in the manner of config-recorder-enabled: some recorder is recording. */
const recorderOn = defineRule({
  meta: {
    id: 'test-config-recording',
    gate: 'audit-detection',
    title: 'Test Regions have a recording AWS Config recorder',
    severity: 'LOW',
    priority: 'P2',
    resourceTypes: ['AWS::::Account'],
    reads: ['configurationRecorders'],
    controls: [],
    remediation: { text: 'Start the recorder.', url: 'https://docs.aws.amazon.com/config/latest/developerguide/stop-start-recorder.html' },
    messages: { recording: 'Recording.', off: 'Not recording.', unrecorded: 'Recorders not collected.' },
  },
  check(item, context) {
    const recorders = item.configuration.configurationRecorders;
    if (recorders === undefined || recorders === null) return context.unknown('unrecorded');
    return recorders.some((recorder) => recorder.recording === true) ? context.pass('recording') : context.fail('off');
  },
});

let mocks: ReturnType<typeof mockIdentity>;
let config: ReturnType<typeof mockClient>;
beforeEach(() => {
  mocks = mockIdentity([REGION, OTHER]);
  config = mockClient(ConfigServiceClient);
  config.on(DescribeConfigurationRecordersCommand).resolves({
    ConfigurationRecorders: [{ name: 'default', roleARN: `arn:aws:iam::${ACCOUNT}:role/config`, recordingGroup: { allSupported: true, includeGlobalResourceTypes: true } }],
  });
  config.on(DescribeConfigurationRecorderStatusCommand).resolves({
    ConfigurationRecordersStatus: [{ name: 'default', recording: true, lastStatus: 'Success', lastStartTime: new Date('2025-01-01T00:00:00Z') }],
  });
});
afterEach(() => {
  config.restore();
  mocks.ec2.restore();
  mocks.sts.restore();
});

describe('Config recorder collector', () => {
  it('records the Region\'s recorders as a fact of the account item', async () => {
    const collection = await collect([configRecorderCollector], ['AWS::::Account']);
    expect(collection.errors).toEqual([]);
    expect(collection.items).toHaveLength(1);
    expect(collection.items[0]).toMatchObject({ resourceType: 'AWS::::Account', awsRegion: REGION, configuration: { configurationRecorders: [{ name: 'default', recording: true, lastStatus: 'Success' }] } });
    // Only the three facts of the account schema: no role, no recording group, no dates.
    expect(collection.items[0]?.configuration).toEqual({ configurationRecorders: [{ name: 'default', recording: true, lastStatus: 'Success' }] });
    for (const raw of collection.rawItems ?? []) expect(checkItemAgainstSchema(raw)).toEqual([]);
  });

  it('records a Region without recorders as an empty list, which the rule can fail', async () => {
    config.on(DescribeConfigurationRecordersCommand).resolves({ ConfigurationRecorders: [] });
    config.on(DescribeConfigurationRecorderStatusCommand).resolves({ ConfigurationRecordersStatus: [] });
    const rules = [recorderOn];
    const result = await scan({ regions: [REGION] }, mockedLiveSource([configRecorderCollector]), defaultSettings(rules), rules);
    expect(result.errors).toEqual([]);
    expect(result.evaluations.map((evaluation) => [evaluation.status, evaluation.messageId])).toEqual([['FAIL', 'off']]);
  });

  it('makes one call of each API per Region: neither is paginated', async () => {
    const collection = await collect([configRecorderCollector], ['AWS::::Account'], [REGION, OTHER]);
    expect(collection.errors).toEqual([]);
    expect(collection.items.map((item) => [item.awsRegion, item.configuration])).toEqual([
      [REGION, { configurationRecorders: [{ name: 'default', recording: true, lastStatus: 'Success' }] }],
      [OTHER, { configurationRecorders: [{ name: 'default', recording: true, lastStatus: 'Success' }] }],
    ]);
    expect(config).toHaveReceivedCommandTimes(DescribeConfigurationRecordersCommand, 2);
    expect(config).toHaveReceivedCommandTimes(DescribeConfigurationRecorderStatusCommand, 2);
    expect(config).toHaveReceivedCommandWith(DescribeConfigurationRecordersCommand, {});
    expect(callsOf(collection, 'config', 'DescribeConfigurationRecorders')).toBe(2);
    expect(callsOf(collection, 'config', 'DescribeConfigurationRecorderStatus')).toBe(2);
  });

  it('retries throttling and counts the retry', async () => {
    config
      .on(DescribeConfigurationRecorderStatusCommand)
      .rejectsOnce(configError('ThrottlingException'))
      .resolves({ ConfigurationRecordersStatus: [{ name: 'default', recording: false, lastStatus: 'Failure' }] });
    const collection = await collect([configRecorderCollector], ['AWS::::Account']);
    expect(collection.errors).toEqual([]);
    expect(collection.items[0]?.configuration).toEqual({ configurationRecorders: [{ name: 'default', recording: false, lastStatus: 'Failure' }] });
    expect(collection.calls).toContainEqual({ service: 'config', operation: 'DescribeConfigurationRecorderStatus', calls: 2, retries: 1, errors: 0 });
  });

  it('leaves the fact out and records the error when the status is denied; other account facts stay', async () => {
    config.on(DescribeConfigurationRecorderStatusCommand).rejects(configError('AccessDeniedException'));
    mocks.ec2.on(GetEbsEncryptionByDefaultCommand).resolves({ EbsEncryptionByDefault: true });
    const collection = await collect([configRecorderCollector, ec2VolumesCollector], ['AWS::::Account']);
    expect(collection.errors).toEqual([
      {
        accountId: ACCOUNT,
        region: REGION,
        resourceTypes: ['AWS::::Account'],
        service: 'config',
        operation: 'DescribeConfigurationRecorderStatus',
        code: 'AccessDeniedException',
        message: 'AccessDeniedException from the test',
        aspect: 'configurationRecorders',
      },
    ]);
    expect(collection.items[0]?.configuration).toEqual({ ebsEncryptionByDefault: true });
  });

  it('makes a rule reading the recorders UNKNOWN, naming the failed call, never PASS or FAIL', async () => {
    config.on(DescribeConfigurationRecordersCommand).rejects(configError('AccessDeniedException'));
    const rules = [recorderOn];
    const result = await scan({ regions: [REGION] }, mockedLiveSource([configRecorderCollector]), defaultSettings(rules), rules);
    expect(result.evaluations.map((evaluation) => [evaluation.status, evaluation.messageId])).toEqual([['UNKNOWN', 'collectionFailed']]);
    expect(result.evaluations[0]?.message).toContain('config:DescribeConfigurationRecorders in eu-west-1 failed (AccessDeniedException');
    expect(result.completeness).toEqual([expect.objectContaining({ ruleId: 'test-config-recording', region: REGION, complete: false })]);
  });

  it('sends exactly the two bulk calls', async () => {
    await collect([configRecorderCollector], ['AWS::::Account']);
    expect(commandsSent(config).sort()).toEqual(['DescribeConfigurationRecorderStatusCommand', 'DescribeConfigurationRecordersCommand']);
  });
});
