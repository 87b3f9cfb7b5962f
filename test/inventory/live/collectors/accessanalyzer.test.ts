import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { AccessAnalyzerClient, AccessDeniedException, ListAnalyzersCommand, type AnalyzerSummary } from '@aws-sdk/client-accessanalyzer';
import { mockClient } from 'aws-sdk-client-mock';
import { accessanalyzerCollector } from '../../../../inventory/live/collectors/accessanalyzer.js';
import { scan } from '../../../../engine/scan.js';
import { defaultSettings } from '../../../../engine/settings.js';
import accessAnalyzerEnabled from '../../../../rules/audit-detection/access-analyzer-enabled.js';
import { checkItemAgainstSchema } from '../../../support/config-schema.js';
import { ACCOUNT, REGION } from '../../../support/items.js';
import { callsOf, collect, mockedLiveSource, mockIdentity } from '../../../../testkit/live.js';

const TYPE = 'AWS::AccessAnalyzer::Analyzer';
const arnOf = (name: string) => `arn:aws:access-analyzer:${REGION}:${ACCOUNT}:analyzer/${name}`;
const analyzer = (name: string, type: AnalyzerSummary['type'], status: AnalyzerSummary['status'], extra: Partial<AnalyzerSummary> = {}): AnalyzerSummary => ({
  arn: arnOf(name),
  name,
  type,
  status,
  createdAt: new Date('2024-05-02T08:00:00Z'),
  lastResourceAnalyzed: `arn:aws:s3:::bucket-${name}`,
  tags: { Team: 'security' },
  ...extra,
});
const denied = () => new AccessDeniedException({ $metadata: { httpStatusCode: 403 }, message: 'AccessDeniedException from the test' });

let mocks: ReturnType<typeof mockIdentity>;
let accessanalyzer: ReturnType<typeof mockClient>;
beforeEach(() => {
  mocks = mockIdentity();
  accessanalyzer = mockClient(AccessAnalyzerClient);
});
afterEach(() => {
  accessanalyzer.restore();
  mocks.ec2.restore();
  mocks.sts.restore();
});

describe('Access Analyzer collector', () => {
  it('builds each analyzer in the shape AWS Config records, with its status as a supplementary fact', async () => {
    accessanalyzer.on(ListAnalyzersCommand).resolves({
      analyzers: [analyzer('external', 'ACCOUNT', 'ACTIVE'), analyzer('org', 'ORGANIZATION', 'DISABLED', { statusReason: { code: 'AWS_SERVICE_ACCESS_DISABLED' } })],
    });
    const collection = await collect([accessanalyzerCollector], [TYPE]);
    expect(collection.errors).toEqual([]);
    const raw = (collection.rawItems ?? []).find((entry) => entry['resourceId'] === 'external');
    expect(raw).toMatchObject({
      resourceType: TYPE,
      resourceName: 'external',
      ARN: arnOf('external'),
      awsRegion: REGION,
      resourceCreationTime: '2024-05-02T08:00:00.000Z',
      tags: { Team: 'security' },
      configuration: { AnalyzerName: 'external', Arn: arnOf('external'), Type: 'ACCOUNT' },
      supplementaryConfiguration: { AnalyzerStatus: { Status: 'ACTIVE' } },
    });
    // Nothing of the API's summary beyond what Config records (no lastResourceAnalyzed, no dates in the configuration).
    expect(raw?.['configuration']).toEqual({ AnalyzerName: 'external', Arn: arnOf('external'), Type: 'ACCOUNT' });
    const org = collection.items.find((item) => item.resourceId === 'org');
    expect(org?.supplementaryConfiguration).toEqual({ AnalyzerStatus: { Status: 'DISABLED', StatusReason: { Code: 'AWS_SERVICE_ACCESS_DISABLED' } } });
    for (const entry of collection.rawItems ?? []) expect(checkItemAgainstSchema(entry)).toEqual([]);
  });

  it('lists every type in one walk and follows every page', async () => {
    accessanalyzer
      .on(ListAnalyzersCommand)
      .resolvesOnce({ analyzers: [analyzer('unused', 'ACCOUNT_UNUSED_ACCESS', 'ACTIVE')], nextToken: 'page-2' })
      .resolvesOnce({ analyzers: [analyzer('external', 'ACCOUNT', 'ACTIVE')] });
    const collection = await collect([accessanalyzerCollector], [TYPE]);
    expect(collection.errors).toEqual([]);
    expect(collection.items.filter((item) => item.resourceType === TYPE).map((item) => item.resourceId).sort()).toEqual(['external', 'unused']);
    expect(accessanalyzer).toHaveReceivedCommandTimes(ListAnalyzersCommand, 2);
    // No type filter (one walk for every type) and no page size (AWS documents none).
    expect(accessanalyzer.commandCalls(ListAnalyzersCommand).map((call) => call.args[0].input)).toEqual([{}, { nextToken: 'page-2' }]);
    expect(callsOf(collection, 'access-analyzer', 'ListAnalyzers')).toBe(2);
  });

  it('passes the rule on an active external analyzer and fails it where only an unused-access analyzer exists', async () => {
    accessanalyzer.on(ListAnalyzersCommand).resolves({ analyzers: [analyzer('unused', 'ACCOUNT_UNUSED_ACCESS', 'ACTIVE')] });
    const rules = [accessAnalyzerEnabled];
    const failing = await scan({ regions: [REGION] }, mockedLiveSource([accessanalyzerCollector]), defaultSettings(rules), rules);
    expect(failing.errors).toEqual([]);
    expect(failing.evaluations.map((evaluation) => [evaluation.status, evaluation.messageId])).toEqual([['FAIL', 'noExternalAnalyzer']]);
    accessanalyzer.on(ListAnalyzersCommand).resolves({ analyzers: [analyzer('unused', 'ACCOUNT_UNUSED_ACCESS', 'ACTIVE'), analyzer('external', 'ACCOUNT', 'ACTIVE')] });
    const passing = await scan({ regions: [REGION] }, mockedLiveSource([accessanalyzerCollector]), defaultSettings(rules), rules);
    expect(passing.evaluations.map((evaluation) => [evaluation.status, evaluation.messageId])).toEqual([['PASS', 'active']]);
  });

  it('makes the rule UNKNOWN, naming the call, when ListAnalyzers fails — never FAIL for "no analyzer"', async () => {
    accessanalyzer.on(ListAnalyzersCommand).rejects(denied());
    const rules = [accessAnalyzerEnabled];
    const result = await scan({ regions: [REGION] }, mockedLiveSource([accessanalyzerCollector]), defaultSettings(rules), rules);
    expect(result.errors).toEqual([expect.objectContaining({ service: 'access-analyzer', operation: 'ListAnalyzers', code: 'AccessDeniedException', resourceTypes: [TYPE] })]);
    expect(result.evaluations.map((evaluation) => [evaluation.status, evaluation.messageId])).toEqual([['UNKNOWN', 'collectionFailed']]);
    expect(result.evaluations[0]?.message).toContain('access-analyzer:ListAnalyzers in eu-west-1 failed (AccessDeniedException');
  });

  it('keeps the analyzers of the first page and still records the failure of a later one', async () => {
    accessanalyzer
      .on(ListAnalyzersCommand)
      .resolvesOnce({ analyzers: [analyzer('unused', 'ACCOUNT_UNUSED_ACCESS', 'ACTIVE')], nextToken: 'page-2' })
      .rejects(denied());
    const rules = [accessAnalyzerEnabled];
    const result = await scan({ regions: [REGION] }, mockedLiveSource([accessanalyzerCollector]), defaultSettings(rules), rules);
    // An unread page could hold the active external analyzer: UNKNOWN, not FAIL.
    expect(result.evaluations.map((evaluation) => [evaluation.status, evaluation.messageId])).toEqual([['UNKNOWN', 'collectionFailed']]);
  });
});
