import { afterAll, afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mockClient } from 'aws-sdk-client-mock';
import { BatchImportFindingsCommand, SecurityHubClient } from '@aws-sdk/client-securityhub';
import { PublishCommand } from '@aws-sdk/client-sns';
import { GetAccountAuthorizationDetailsCommand, IAMClient } from '@aws-sdk/client-iam';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { MockAccount } from '../../testkit/mock-account/index.js';
import { createHandler } from '../../functions/scan-target.js';
import { recordScanMetrics } from '../../functions/lib/scan-metrics.js';
import { scanTarget } from '../../functions/lib/scan-one.js';
import { context, NotifierSNSClient, testDependencies, TOPIC } from './support.js';
import { mockedLiveSource } from '../../testkit/live.js';
import { collectors } from '../../inventory/live/collectors/index.js';
import { acceptEverything } from '../support/security-hub.js';

const hub = mockClient(SecurityHubClient);
let restoreAccount: (() => void) | undefined;
afterAll(() => hub.restore());
/** The notifier's own client, mocked alone: the mocked account answers SNS inventory calls. */
function notifier() {
  const sns = mockClient(NotifierSNSClient);
  sns.on(PublishCommand).resolves({ MessageId: 'm-1' });
  return sns;
}
beforeEach(() => {
  hub.reset();
  acceptEverything(hub);
  restoreAccount = new MockAccount(2, ['eu-west-1']).install();
});
afterEach(() => restoreAccount?.());

const sent = () => hub.commandCalls(BatchImportFindingsCommand).flatMap((call) => call.args[0].input.Findings ?? []);

describe('scan-target', () => {
  it('scans one account × Region, publishes its findings and alerts, keeps its digest, returns a small summary', async () => {
    const deps = testDependencies({ settings: { regions: ['eu-west-1'], alerts: { minSeverity: 'LOW' } } });
    const sns = notifier();
    // The handler's live source, over the mocked account (no waiting between retries).
    const outcome = await scanTarget({ runId: 'run-1', accountId: '111122223333', region: 'eu-west-1', includeGlobal: true }, deps, () => mockedLiveSource(collectors));
    expect(outcome.result.errors).toEqual([]);
    expect(deps.accountsAsked).toEqual(['111122223333']);
    const regions = new Set(sent().map((finding) => finding.Region));
    expect([...regions]).toEqual(['eu-west-1']);
    expect(sent().length).toBe(outcome.summary.failing + outcome.result.evaluations.filter((evaluation) => evaluation.status === 'FAIL' && evaluation.exemption !== undefined).length);
    expect(sent().some((finding) => finding.Resources?.[0]?.Type === 'AwsIamRole')).toBe(true);
    expect(sns.commandCalls(PublishCommand).every((call) => call.args[0].input.TopicArn === TOPIC)).toBe(true);
    expect(sns.commandCalls(PublishCommand).map((call) => call.args[0].input.MessageAttributes?.['eventType']?.StringValue)).toEqual(expect.arrayContaining(['NewFailures']));
    expect([...(deps.digests.digests.get('run-1')?.keys() ?? [])]).toEqual(['111122223333/eu-west-1']);
    expect(outcome.summary).toEqual({ target: '111122223333/eu-west-1', ok: true, failing: expect.any(Number), newFailures: outcome.summary.failing, resolved: 0, unknown: 0, problems: 0 });
    expect(JSON.stringify(outcome.summary).length).toBeLessThan(300);
  });

  it('leaves IAM to the home-Region target: no IAM call, no IAM finding, nothing archived there', async () => {
    const iam = mockClient(IAMClient);
    try {
      iam.on(GetAccountAuthorizationDetailsCommand).resolves({ UserDetailList: [], RoleDetailList: [], GroupDetailList: [], Policies: [] });
      const deps = testDependencies({ settings: { regions: ['eu-west-1'] } });
      await scanTarget({ runId: 'run-1', accountId: '111122223333', region: 'eu-west-1', includeGlobal: false }, deps, () => mockedLiveSource(collectors));
      expect(iam).toHaveReceivedCommandTimes(GetAccountAuthorizationDetailsCommand, 0);
      expect(sent().some((finding) => finding.Resources?.[0]?.Type?.startsWith('AwsIam') === true)).toBe(false);
    } finally {
      iam.restore();
    }
  });

  it('runs as a Lambda handler with the live source and answers the state machine with the summary', async () => {
    notifier();
    const deps = testDependencies({ settings: { regions: ['eu-west-1'] } });
    const summary = await createHandler(deps)({ runId: 'run-3', accountId: '111122223333', region: 'eu-west-1', includeGlobal: false }, context);
    expect(summary).toMatchObject({ target: '111122223333/eu-west-1', ok: true, unknown: 0 });
    expect(summary.failing).toBeGreaterThan(0);
    expect(deps.digests.digests.get('run-3')?.get('111122223333/eu-west-1')?.targets).toBe(1);
  });

  it('refuses to publish when the credentials of an account lead into another one', async () => {
    const deps = testDependencies({ settings: { regions: ['eu-west-1'] } });
    await expect(scanTarget({ runId: 'run-4', accountId: '444455556666', region: 'eu-west-1', includeGlobal: false }, deps, () => mockedLiveSource(collectors))).rejects.toThrow(
      /444455556666\/eu-west-1: the credentials for account 444455556666 read account 111122223333; check the scan role \(gatewatch-scan\)/,
    );
    expect(hub).toHaveReceivedCommandTimes(BatchImportFindingsCommand, 0);
    expect(deps.digests.digests.size).toBe(0);
  });

  it('rejects a malformed target, naming the field', async () => {
    const handler = createHandler(testDependencies());
    await expect(handler({ runId: 'r', accountId: '1234', region: 'eu-west-1', includeGlobal: false }, context)).rejects.toThrow(/scan-target: invalid input — accountId: expected a 12-digit account id/);
    await expect(handler({ runId: 'r', accountId: '111122223333', region: 'eu-west-1' }, context)).rejects.toThrow(/includeGlobal/);
  });

  it('emits failures by gate and severity, API calls and duration as CloudWatch EMF', async () => {
    const deps = testDependencies({ settings: { regions: ['eu-west-1'] } });
    const { result, report } = await scanTarget({ runId: 'run-2', accountId: '111122223333', region: 'eu-west-1', includeGlobal: false }, deps, () => mockedLiveSource(collectors));
    const metrics = new Metrics({ namespace: 'gatewatch', serviceName: 'gatewatch' });
    const emitted: string[] = [];
    const single = metrics.singleMetric.bind(metrics);
    // Each gate × severity goes out as its own EMF document: capture them as they are flushed.
    metrics.singleMetric = () => {
      const child = single();
      child.publishStoredMetrics = () => {
        emitted.push(JSON.stringify(child.serializeMetrics()));
        return child;
      };
      return child;
    };
    recordScanMetrics(metrics, result, report, 1234);
    const main = metrics.serializeMetrics();
    const names = main._aws.CloudWatchMetrics[0]?.Metrics.map((metric) => metric.Name);
    expect(names).toEqual(expect.arrayContaining(['ApiCalls', 'ScanDuration', 'UnknownEvaluations', 'NewFailures']));
    expect((main as unknown as Record<string, unknown>)['ScanDuration']).toBe(1234);
    expect(emitted.length).toBeGreaterThan(0);
    const failing = result.evaluations.filter((evaluation) => evaluation.status === 'FAIL' && evaluation.exemption === undefined);
    const series = emitted.map((document) => JSON.parse(document) as Record<string, unknown> & { _aws: { CloudWatchMetrics: { Dimensions: string[][]; Metrics: { Name: string }[] }[] } });
    for (const document of series) expect(document._aws.CloudWatchMetrics[0]?.Metrics[0]?.Name).toBe('FailingFindings');
    const sumOver = (dimension: string) =>
      series.filter((document) => document._aws.CloudWatchMetrics[0]?.Dimensions[0]?.includes(dimension) === true).reduce((sum, document) => sum + Number(document['FailingFindings']), 0);
    expect(sumOver('gate')).toBe(failing.length);
    expect(sumOver('severity')).toBe(failing.length);
    expect(series.length).toBe(new Set(failing.map((evaluation) => evaluation.gate)).size + new Set(failing.map((evaluation) => evaluation.severity)).size);
  });
});
