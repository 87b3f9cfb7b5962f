import rule from '../../../rules/audit-detection/access-analyzer-enabled.js';
import { ACCOUNT, item } from '../../support/items.js';
import { testRule, type RuleCase } from '../../support/rule-tester.js';

const OTHER_ACCOUNT = '444455556666';
const EU = { accountId: ACCOUNT, region: 'eu-west-1' };
const US = { accountId: ACCOUNT, region: 'us-east-1' };

/** An analyzer as the live collector records it; `status: undefined` leaves the status out (a plain Config item). */
const analyzer = (
  name: string,
  type: string | null,
  status: string | null | undefined,
  overrides: { awsRegion?: string; awsAccountId?: string; reason?: string } = {},
) =>
  item('AWS::AccessAnalyzer::Analyzer', name, { AnalyzerName: name, Type: type }, {
    ...(overrides.awsRegion === undefined ? {} : { awsRegion: overrides.awsRegion }),
    ...(overrides.awsAccountId === undefined ? {} : { awsAccountId: overrides.awsAccountId }),
    supplementaryConfiguration:
      status === undefined ? {} : { AnalyzerStatus: { Status: status, ...(overrides.reason === undefined ? {} : { StatusReason: { Code: overrides.reason } }) } },
  });

const cases: RuleCase[] = [
  {
    name: 'an active account analyzer passes and is named',
    items: [analyzer('external', 'ACCOUNT', 'ACTIVE')],
    expect: [{ resourceId: ACCOUNT, status: 'PASS', messageId: 'active', data: { analyzer: 'external', type: 'ACCOUNT', account: ACCOUNT, region: 'eu-west-1' } }],
  },
  {
    name: 'an active organization analyzer passes',
    items: [analyzer('org-external', 'ORGANIZATION', 'ACTIVE')],
    expect: [{ resourceId: ACCOUNT, status: 'PASS', messageId: 'active', data: { analyzer: 'org-external', type: 'ORGANIZATION' } }],
  },
  {
    name: 'a Region without an analyzer fails',
    items: [],
    scopes: [EU],
    expect: [{ resourceId: ACCOUNT, status: 'FAIL', messageId: 'noAnalyzer', data: { account: ACCOUNT, region: 'eu-west-1' } }],
  },
  {
    name: 'unused-access and internal-access analyzers do not count, and are named with their type',
    items: [analyzer('unused', 'ACCOUNT_UNUSED_ACCESS', 'ACTIVE'), analyzer('internal', 'ORGANIZATION_INTERNAL_ACCESS', 'ACTIVE')],
    expect: [{ resourceId: ACCOUNT, status: 'FAIL', messageId: 'noExternalAnalyzer', data: { analyzers: 'internal (ORGANIZATION_INTERNAL_ACCESS), unused (ACCOUNT_UNUSED_ACCESS)' } }],
  },
  {
    name: 'an external analyzer that is creating, disabled or failed does not count, and its status and reason are named',
    items: [analyzer('new', 'ACCOUNT', 'CREATING'), analyzer('org', 'ORGANIZATION', 'DISABLED', { reason: 'AWS_SERVICE_ACCESS_DISABLED' }), analyzer('broken', 'ACCOUNT', 'FAILED')],
    expect: [
      {
        resourceId: ACCOUNT,
        status: 'FAIL',
        messageId: 'notActive',
        data: { analyzers: 'broken (ACCOUNT, FAILED), new (ACCOUNT, CREATING), org (ORGANIZATION, DISABLED: AWS_SERVICE_ACCESS_DISABLED)' },
      },
    ],
  },
  {
    name: 'an external analyzer without a recorded status (a plain Config item) is unknown, never passed',
    items: [analyzer('external', 'ACCOUNT', undefined)],
    expect: [{ resourceId: ACCOUNT, status: 'UNKNOWN', messageId: 'statusUnrecorded', data: { analyzers: 'external' } }],
  },
  {
    name: 'a null status is unknown too, even beside a failed analyzer',
    items: [analyzer('broken', 'ACCOUNT', 'FAILED'), analyzer('org', 'ORGANIZATION', null)],
    expect: [{ resourceId: ACCOUNT, status: 'UNKNOWN', messageId: 'statusUnrecorded', data: { analyzers: 'org' } }],
  },
  {
    name: 'an analyzer without a recorded type is unknown: it could be an external one',
    items: [analyzer('mystery', null, 'ACTIVE'), analyzer('unused', 'ACCOUNT_UNUSED_ACCESS', 'ACTIVE')],
    expect: [{ resourceId: ACCOUNT, status: 'UNKNOWN', messageId: 'typeUnrecorded', data: { analyzers: 'mystery' } }],
  },
  {
    name: 'one active external analyzer is enough beside unknown and unused ones',
    items: [analyzer('mystery', null, null), analyzer('unused', 'ACCOUNT_UNUSED_ACCESS', 'ACTIVE'), analyzer('external', 'ACCOUNT', 'ACTIVE')],
    expect: [{ resourceId: ACCOUNT, status: 'PASS', messageId: 'active', data: { analyzer: 'external' } }],
  },
  {
    name: 'each Region needs its own analyzer, and another account’s does not count',
    items: [analyzer('external', 'ACCOUNT', 'ACTIVE'), analyzer('org-external', 'ORGANIZATION', 'ACTIVE', { awsAccountId: OTHER_ACCOUNT, awsRegion: 'us-east-1' })],
    scopes: [EU, US, { accountId: OTHER_ACCOUNT, region: 'us-east-1' }],
    expect: [
      { resourceId: ACCOUNT, status: 'PASS', messageId: 'active', data: { region: 'eu-west-1' } },
      { resourceId: ACCOUNT, status: 'FAIL', messageId: 'noAnalyzer', data: { region: 'us-east-1' } },
      { resourceId: OTHER_ACCOUNT, status: 'PASS', messageId: 'active', data: { account: OTHER_ACCOUNT, region: 'us-east-1' } },
    ],
  },
  {
    name: 'analyzers that could not be listed make the Region unknown, not failed',
    items: [analyzer('external', 'ACCOUNT', 'ACTIVE', { awsRegion: 'us-east-1' })],
    scopes: [EU, US],
    failed: [
      {
        accountId: ACCOUNT,
        region: 'eu-west-1',
        resourceTypes: ['AWS::AccessAnalyzer::Analyzer'],
        service: 'access-analyzer',
        operation: 'ListAnalyzers',
        code: 'AccessDeniedException',
        message: 'denied by the test',
      },
    ],
    expect: [
      { resourceId: ACCOUNT, status: 'UNKNOWN', messageId: 'collectionFailed', data: { cause: 'access-analyzer:ListAnalyzers in eu-west-1 failed (AccessDeniedException: denied by the test)' } },
      { resourceId: ACCOUNT, status: 'PASS', messageId: 'active', data: { region: 'us-east-1' } },
    ],
  },
  {
    name: 'an exempted Region (a member covered by its organization’s analyzer) stays failed and carries the exemption',
    items: [],
    scopes: [EU],
    settings: {
      exemptions: [{ rule: 'access-analyzer-enabled', resource: `${ACCOUNT}/eu-west-1/AWS::::Account/*`, reason: 'covered by the organization analyzer of the security account', expires: '2026-12-31' }],
    },
    expect: [{ resourceId: ACCOUNT, status: 'FAIL', messageId: 'noAnalyzer', exempted: true }],
  },
];

testRule(rule, cases, {
  noNotApplicable: 'every account × Region needs an external access analyzer, and the audit-detection gate covers every account × Region, so nothing is out of scope',
});
