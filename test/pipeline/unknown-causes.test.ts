/**
 * Every UNKNOWN names its cause, and only the rules that read what failed are blamed: a failed call
 * feeding one fact of the account × Region item (`ebsEncryptionByDefault`, `configurationRecorders`,
 * `cloudTrails`) makes UNKNOWN exactly the rules that read that fact, each naming the call in its
 * message, its data and its scope's completeness causes; the other account rules are judged as if
 * nothing had failed, and their completeness names no foreign call.
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mockClient } from 'aws-sdk-client-mock';
import { DescribeVolumesCommand, GetEbsEncryptionByDefaultCommand } from '@aws-sdk/client-ec2';
import { CloudTrailClient, DescribeTrailsCommand } from '@aws-sdk/client-cloudtrail';
import { ConfigServiceClient, DescribeConfigurationRecordersCommand, DescribeConfigurationRecorderStatusCommand } from '@aws-sdk/client-config-service';
import { scan } from '../../engine/scan.js';
import { defaultSettings } from '../../engine/settings.js';
import type { Collector } from '../../inventory/live/collector.js';
import { cloudtrailCollector } from '../../inventory/live/collectors/cloudtrail.js';
import { configRecorderCollector } from '../../inventory/live/collectors/config-recorder.js';
import { ec2VolumesCollector } from '../../inventory/live/collectors/ec2-volumes.js';
import { catalog } from '../../rules/index.js';
import { awsError, mockedLiveSource, mockIdentity } from '../../testkit/live.js';

const REGION = 'eu-west-1';
const NOW = new Date('2026-11-23T12:00:00Z');
const COLLECTORS: readonly Collector[] = [ec2VolumesCollector, configRecorderCollector, cloudtrailCollector];
const PRODUCED = new Set(COLLECTORS.flatMap((collector) => collector.produces));
/** The rules judging the account item whose every input these collectors produce. */
const RULES = catalog.filter(
  (rule) => rule.meta.resourceTypes.includes('AWS::::Account') && [...rule.meta.resourceTypes, ...(rule.meta.needs ?? []), ...(rule.meta.needsAccountWide ?? [])].every((type) => PRODUCED.has(type)),
);

interface Fault {
  readonly fact: string;
  readonly call: string;
  fail(): void;
}

let identity: ReturnType<typeof mockIdentity>;
const mockConfig = () => mockClient(ConfigServiceClient);
const mockCloudTrail = () => mockClient(CloudTrailClient);
let config: ReturnType<typeof mockConfig>;
let cloudtrail: ReturnType<typeof mockCloudTrail>;

beforeEach(() => {
  identity = mockIdentity([REGION]);
  identity.ec2.on(DescribeVolumesCommand).resolves({ Volumes: [] });
  identity.ec2.on(GetEbsEncryptionByDefaultCommand).resolves({ EbsEncryptionByDefault: true });
  config = mockConfig();
  config.on(DescribeConfigurationRecordersCommand).resolves({ ConfigurationRecorders: [{ name: 'default' }] });
  config.on(DescribeConfigurationRecorderStatusCommand).resolves({ ConfigurationRecordersStatus: [{ name: 'default', recording: true, lastStatus: 'Success' }] });
  cloudtrail = mockCloudTrail();
  cloudtrail.on(DescribeTrailsCommand).resolves({ trailList: [] });
});
afterEach(() => {
  identity.ec2.restore();
  identity.sts.restore();
  config.restore();
  cloudtrail.restore();
});

const FAULTS: readonly Fault[] = [
  { fact: 'ebsEncryptionByDefault', call: 'ec2:GetEbsEncryptionByDefault', fail: () => identity.ec2.on(GetEbsEncryptionByDefaultCommand).rejects(awsError('UnauthorizedOperation', 'denied by the test')) },
  { fact: 'configurationRecorders', call: 'config:DescribeConfigurationRecorders', fail: () => config.on(DescribeConfigurationRecordersCommand).rejects(awsError('AccessDeniedException', 'denied by the test')) },
  { fact: 'cloudTrails', call: 'cloudtrail:DescribeTrails', fail: () => cloudtrail.on(DescribeTrailsCommand).rejects(awsError('AccessDeniedException', 'denied by the test')) },
];

async function run() {
  const result = await scan({ regions: [REGION] }, mockedLiveSource(COLLECTORS), defaultSettings(catalog), RULES, { now: () => NOW });
  return {
    evaluation: (ruleId: string) => result.evaluations.find((evaluation) => evaluation.ruleId === ruleId && evaluation.resource.region === REGION),
    causes: (ruleId: string) => result.completeness.filter((entry) => entry.ruleId === ruleId).flatMap((entry) => entry.causes),
  };
}

const readers = (fact: string) => RULES.filter((rule) => (rule.meta.reads ?? []).includes(fact)).map((rule) => rule.meta.id);

describe('a failed call of an account fact', () => {
  it('covers a reader of each fact', () => {
    for (const fault of FAULTS) expect(readers(fault.fact).length).toBeGreaterThan(0);
    expect(RULES.map((rule) => rule.meta.id)).toEqual(expect.arrayContaining(['ebs-encryption-by-default', 'config-recorder-enabled', 'cloudtrail-multi-region-enabled']));
  });

  it.each(FAULTS.map((fault) => [fault.call, fault] as const))('%s blames exactly the rules that read its fact', async (_call, fault) => {
    const baseline = await run();
    fault.fail();
    const faulted = await run();
    for (const rule of RULES) {
      const id = rule.meta.id;
      const evaluation = faulted.evaluation(id);
      if (readers(fault.fact).includes(id)) {
        expect(evaluation).toMatchObject({ status: 'UNKNOWN', messageId: 'collectionFailed' });
        expect(evaluation?.message).toContain(`${fault.call} in ${REGION} failed (`);
        expect(String(evaluation?.data['cause'])).toContain(fault.call);
        expect(faulted.causes(id).join('\n')).toContain(fault.call);
      } else {
        // Not blamed: the same verdict as without the fault, and no mention of the call anywhere.
        expect(evaluation?.status).toBe(baseline.evaluation(id)?.status);
        expect(evaluation?.message).toBe(baseline.evaluation(id)?.message);
        expect(faulted.causes(id).join('\n')).not.toContain(fault.call);
      }
    }
  });

  it('with every fact failing at once, each rule names only the calls it reads', async () => {
    for (const fault of FAULTS) fault.fail();
    const faulted = await run();
    for (const fault of FAULTS) {
      for (const id of readers(fault.fact)) expect(faulted.evaluation(id)?.message).toContain(fault.call);
      for (const rule of RULES.filter((candidate) => !readers(fault.fact).includes(candidate.meta.id))) {
        expect(faulted.evaluation(rule.meta.id)?.message ?? '').not.toContain(fault.call);
        expect(faulted.causes(rule.meta.id).join('\n')).not.toContain(fault.call);
      }
    }
  });
});
