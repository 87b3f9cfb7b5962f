import { describe, expect, it } from '@jest/globals';
import type { EvaluatedResource, Evaluation } from '../../engine/result.js';
import { asffResourceType, defaultProductArn, findingId, findingsForFile, LIMITS, partitionOf, toFinding } from '../../findings/asff.js';
import { catalog } from '../../rules/index.js';
import type { AnyRule } from '../../rules/lib/types.js';

const rule = (id: string): AnyRule['meta'] => {
  const found = catalog.find((candidate) => candidate.meta.id === id);
  if (found === undefined) throw new Error(`no rule ${id}`);
  return found.meta;
};

const DB: EvaluatedResource = {
  type: 'AWS::RDS::DBInstance',
  id: 'db-ABC',
  arn: 'arn:aws:rds:eu-west-1:111122223333:db:orders',
  name: 'orders',
  accountId: '111122223333',
  region: 'eu-west-1',
  tags: { Environment: 'prod', Team: 'payments' },
};

function evaluation(overrides: Partial<Evaluation> = {}): Evaluation {
  return {
    ruleId: 'rds-instance-multi-az',
    gate: 'multi-az',
    severity: 'MEDIUM',
    status: 'FAIL',
    messageId: 'singleAz',
    message: 'orders runs in one Availability Zone',
    data: {},
    resource: DB,
    ...overrides,
  };
}

const times = { createdAt: '2026-11-01T00:00:00.000Z', firstObservedAt: '2026-11-02T00:00:00.000Z', now: '2026-11-23T00:00:00.000Z' };

describe('findingId', () => {
  it('is built from rule, account, Region and ARN only, so severity overrides do not change it', () => {
    expect(findingId('rds-instance-multi-az', DB)).toBe('gatewatch/rds-instance-multi-az/111122223333/eu-west-1/arn:aws:rds:eu-west-1:111122223333:db:orders');
    const critical = toFinding(evaluation({ severity: 'CRITICAL' }), rule('rds-instance-multi-az'), { hubRegion: 'eu-west-1', times });
    const medium = toFinding(evaluation(), rule('rds-instance-multi-az'), { hubRegion: 'eu-west-1', times });
    expect(critical.Id).toBe(medium.Id);
  });

  it('uses the item key for a resource without an ARN', () => {
    const account = { ...DB, type: 'AWS::::Account', id: '111122223333', arn: undefined };
    expect(findingId('guardduty-enabled', account)).toBe('gatewatch/guardduty-enabled/111122223333/eu-west-1/111122223333/eu-west-1/AWS::::Account/111122223333');
  });

  it('hashes a resource identity that would make the Id longer than 512 characters', () => {
    const long = { ...DB, arn: `arn:aws:s3:::${'b'.repeat(600)}` };
    const other = { ...DB, arn: `arn:aws:s3:::${'b'.repeat(599)}c` };
    const id = findingId('s3-bucket-encrypted-at-rest', long);
    expect(id.length).toBeLessThanOrEqual(LIMITS.id);
    expect(id).toMatch(/^gatewatch\/s3-bucket-encrypted-at-rest\/111122223333\/eu-west-1\/sha256:[0-9a-f]{64}$/);
    expect(findingId('s3-bucket-encrypted-at-rest', long)).toBe(id);
    expect(findingId('s3-bucket-encrypted-at-rest', other)).not.toBe(id);
  });
});

describe('toFinding', () => {
  it('maps an evaluation to every ASFF field the issue names', () => {
    const finding = toFinding(evaluation(), rule('rds-instance-multi-az'), { hubRegion: 'eu-west-1', times });
    expect(finding).toEqual({
      SchemaVersion: '2018-10-08',
      Id: 'gatewatch/rds-instance-multi-az/111122223333/eu-west-1/arn:aws:rds:eu-west-1:111122223333:db:orders',
      ProductArn: 'arn:aws:securityhub:eu-west-1:111122223333:product/111122223333/default',
      GeneratorId: 'gatewatch/rds-instance-multi-az',
      AwsAccountId: '111122223333',
      Region: 'eu-west-1',
      CreatedAt: times.createdAt,
      UpdatedAt: times.now,
      FirstObservedAt: times.firstObservedAt,
      LastObservedAt: times.now,
      Title: rule('rds-instance-multi-az').title,
      Description: expect.stringContaining('orders runs in one Availability Zone') as unknown as string,
      Remediation: { Recommendation: { Text: rule('rds-instance-multi-az').remediation.text, Url: rule('rds-instance-multi-az').remediation.url } },
      ProductFields: {
        'gatewatch/RuleId': 'rds-instance-multi-az',
        'gatewatch/Gate': 'multi-az',
        'gatewatch/MessageId': 'singleAz',
        'gatewatch/ResourceType': 'AWS::RDS::DBInstance',
      },
      Resources: [
        {
          Type: 'AwsRdsDbInstance',
          Id: 'arn:aws:rds:eu-west-1:111122223333:db:orders',
          Partition: 'aws',
          Region: 'eu-west-1',
          Tags: { Environment: 'prod', Team: 'payments' },
        },
      ],
      Compliance: { Status: 'FAILED', SecurityControlId: 'RDS.5', RelatedRequirements: ['RDS.5', 'gatewatch/multi-az/rds-instance-multi-az'] },
      FindingProviderFields: {
        Severity: { Label: 'MEDIUM', Original: 'MEDIUM' },
        Types: ['Software and Configuration Checks/AWS Security Best Practices/gatewatch multi-az'],
      },
      RecordState: 'ACTIVE',
    });
  });

  it('never writes the customer-owned Workflow or Note, nor top-level Severity and Types', () => {
    const finding = toFinding(evaluation({ exemption: { source: 'settings', reason: 'accepted', expires: '2027-01-01' } }), rule('rds-instance-multi-az'), { hubRegion: 'eu-west-1', times });
    for (const field of ['Workflow', 'WorkflowState', 'Note', 'UserDefinedFields', 'VerificationState', 'Severity', 'Types']) expect(finding).not.toHaveProperty(field);
  });

  it('PASS is PASSED, UNKNOWN is NOT_AVAILABLE; a rule without controls has no SecurityControlId', () => {
    const passed = toFinding(evaluation({ status: 'PASS' }), rule('rds-instance-multi-az'), { hubRegion: 'eu-west-1', times });
    expect(passed.Compliance?.Status).toBe('PASSED');
    const noControls = { ...rule('rds-instance-multi-az'), controls: [] };
    const unknown = toFinding(evaluation({ status: 'UNKNOWN' }), noControls, { hubRegion: 'eu-west-1', times });
    expect(unknown.Compliance).toEqual({ Status: 'NOT_AVAILABLE', RelatedRequirements: ['gatewatch/multi-az/rds-instance-multi-az'] });
  });

  it('keeps Title, Description, recommendation and tags within the ASFF limits', () => {
    const huge = evaluation({
      message: 'x'.repeat(5000),
      resource: { ...DB, tags: Object.fromEntries(Array.from({ length: 80 }, (_, index) => [`k${String(index).padStart(2, '0')}`, 'v'.repeat(400)])) },
    });
    const long = { ...rule('rds-instance-multi-az'), title: 't'.repeat(400), remediation: { text: 'r'.repeat(900), url: 'https://docs.aws.amazon.com/' } };
    const finding = toFinding(huge, long, { hubRegion: 'eu-west-1', times });
    expect(finding.Title?.length).toBe(LIMITS.title);
    expect(finding.Description?.length).toBe(LIMITS.description);
    expect(finding.Description?.endsWith('…')).toBe(true);
    expect(finding.Remediation?.Recommendation?.Text?.length).toBe(LIMITS.recommendation);
    const tags = finding.Resources?.[0]?.Tags ?? {};
    expect(Object.keys(tags)).toHaveLength(LIMITS.tags);
    expect(Object.values(tags).every((value) => value.length <= LIMITS.tagValue)).toBe(true);
  });

  it('puts a global resource in the home Region hub, with no Region on the resource', () => {
    const role: EvaluatedResource = { type: 'AWS::IAM::Role', id: 'AROA1', arn: 'arn:aws:iam::111122223333:role/app', name: 'app', accountId: '111122223333', region: 'global', tags: {} };
    const finding = toFinding(evaluation({ ruleId: 'iam-role-trust-not-public', gate: 'least-privilege', resource: role }), rule('iam-role-trust-not-public'), { hubRegion: 'us-east-1', times });
    expect(finding.Region).toBe('us-east-1');
    expect(finding.ProductArn).toBe('arn:aws:securityhub:us-east-1:111122223333:product/111122223333/default');
    expect(finding.Resources?.[0]).toEqual({ Type: 'AwsIamRole', Id: 'arn:aws:iam::111122223333:role/app', Partition: 'aws' });
    expect(finding.Id).toBe('gatewatch/iam-role-trust-not-public/111122223333/global/arn:aws:iam::111122223333:role/app');
  });

  it('archives when asked', () => {
    expect(toFinding(evaluation(), rule('rds-instance-multi-az'), { hubRegion: 'eu-west-1', times, recordState: 'ARCHIVED' }).RecordState).toBe('ARCHIVED');
  });
});

describe('resource types and partitions', () => {
  it('maps known types to ASFF names and the rest to Other', () => {
    expect(asffResourceType('AWS::S3::Bucket')).toBe('AwsS3Bucket');
    expect(asffResourceType('AWS::ElasticLoadBalancingV2::LoadBalancer')).toBe('AwsElbv2LoadBalancer');
    expect(asffResourceType('AWS::::Account')).toBe('AwsAccount');
    expect(asffResourceType('AWS::EC2::InternetGateway')).toBe('Other');
  });

  it('gives every type a rule evaluates either a mapping or Other', () => {
    for (const { meta } of catalog) for (const type of meta.resourceTypes) expect(asffResourceType(type)).toMatch(/^(Aws[A-Za-z0-9]+|Other)$/);
  });

  it('derives the partition from the Region', () => {
    expect(partitionOf('cn-north-1')).toBe('aws-cn');
    expect(partitionOf('us-gov-west-1')).toBe('aws-us-gov');
    expect(partitionOf('eu-west-1')).toBe('aws');
    expect(defaultProductArn('111122223333', 'cn-north-1')).toBe('arn:aws-cn:securityhub:cn-north-1:111122223333:product/111122223333/default');
  });
});

describe('findingsForFile', () => {
  it('writes FAIL, PASS and UNKNOWN evaluations; leaves out NOT_APPLICABLE and scope-level UNKNOWNs', () => {
    const scopeLevel = evaluation({ status: 'UNKNOWN', resource: { ...DB, id: '*', arn: undefined } });
    const findings = findingsForFile(
      [evaluation(), evaluation({ status: 'PASS', resource: { ...DB, arn: 'arn:aws:rds:eu-west-1:111122223333:db:b' } }), evaluation({ status: 'NOT_APPLICABLE' }), evaluation({ status: 'UNKNOWN', resource: { ...DB, arn: 'arn:aws:rds:eu-west-1:111122223333:db:c' } }), scopeLevel],
      catalog,
      { now: times.now, homeRegion: 'us-east-1' },
    );
    expect(findings.map((finding) => finding.Compliance?.Status)).toEqual(['FAILED', 'PASSED', 'NOT_AVAILABLE']);
    expect(findings.every((finding) => finding.CreatedAt === times.now)).toBe(true);
  });
});

describe('the fix estimate in ProductFields', () => {
  const options = { hubRegion: 'eu-west-1', times };
  const fields = (fixCost: Evaluation['fixCost']) => toFinding(evaluation({ fixCost }), rule('rds-instance-multi-az'), options).ProductFields ?? {};

  it('carries kind, monthly, currency and basis, not the effective date, so a re-dated offer does not change the finding', () => {
    const priced = { kind: 'priced', monthly: 182.5, currency: 'USD', effectiveDate: '2026-10-01', basis: '730 Hrs × $0.50 (…) − 730 Hrs × $0.25 (…)' } as const;
    expect(fields(priced)).toEqual({
      'gatewatch/RuleId': 'rds-instance-multi-az',
      'gatewatch/Gate': 'multi-az',
      'gatewatch/MessageId': 'singleAz',
      'gatewatch/ResourceType': 'AWS::RDS::DBInstance',
      'gatewatch/fixCost/kind': 'priced',
      'gatewatch/fixCost/monthly': '182.50',
      'gatewatch/fixCost/currency': 'USD',
      'gatewatch/fixCost/basis': '730 Hrs × $0.50 (…) − 730 Hrs × $0.25 (…)',
    });
    expect(fields({ ...priced, effectiveDate: '2026-11-01' })).toEqual(fields(priced));
  });

  it('says free and usage-based fixes, leaves out an unavailable estimate, and keeps the basis within 2048 characters', () => {
    expect(fields({ kind: 'free', basis: 'tags cost nothing' })).toMatchObject({ 'gatewatch/fixCost/kind': 'free', 'gatewatch/fixCost/basis': 'tags cost nothing' });
    expect(Object.keys(fields({ kind: 'unavailable', basis: 'not in price file p.json' })).filter((key) => key.startsWith('gatewatch/fixCost/'))).toEqual([]);
    const long = fields({ kind: 'usage-based', basis: 'x'.repeat(5000) })['gatewatch/fixCost/basis'] ?? '';
    expect(long.length).toBe(LIMITS.productFieldValue);
  });
});
