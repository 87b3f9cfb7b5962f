import rule from '../../../rules/audit-detection/securityhub-enabled.js';
import { ACCOUNT, item } from '../../support/items.js';
import { testRule } from '../../support/rule-tester.js';

const OTHER_ACCOUNT = '444455556666';
const EU = { accountId: ACCOUNT, region: 'eu-west-1' };
const US = { accountId: ACCOUNT, region: 'us-east-1' };

interface Standard {
  readonly standardsArn?: string | null;
  readonly status?: string | null;
}
interface Hub {
  readonly enabled: boolean;
  readonly hubArn?: string;
  readonly standards?: readonly Standard[] | null;
}

/** The account × Region item with the Security Hub fact the live collector reports (absent: not collected). */
const account = (hub: Hub | null | undefined, overrides: { awsRegion?: string; awsAccountId?: string } = {}) =>
  item('AWS::::Account', overrides.awsAccountId ?? ACCOUNT, { ebsEncryptionByDefault: true, ...(hub === undefined ? {} : { securityHub: hub }) }, { ARN: null, ...overrides });

const HUB = `arn:aws:securityhub:eu-west-1:${ACCOUNT}:hub/default`;
const FSBP = 'arn:aws:securityhub:eu-west-1::standards/aws-foundational-security-best-practices/v/1.0.0';
const CIS_12 = 'arn:aws:securityhub:::ruleset/cis-aws-foundations-benchmark/v/1.2.0';
const CIS_30 = 'arn:aws:securityhub:eu-west-1::standards/cis-aws-foundations-benchmark/v/3.0.0';
const enabled = (standards?: readonly Standard[] | null): Hub => ({ enabled: true, hubArn: HUB, ...(standards === undefined ? {} : { standards }) });

testRule(
  rule,
  [
    {
      name: 'an enabled hub passes',
      items: [account(enabled([]))],
      expect: [{ resourceId: ACCOUNT, status: 'PASS', messageId: 'enabled', data: { account: ACCOUNT, region: 'eu-west-1' } }],
    },
    {
      name: 'an enabled hub passes without standards read when none are required',
      items: [account(enabled())],
      expect: [{ resourceId: ACCOUNT, status: 'PASS', messageId: 'enabled' }],
    },
    {
      name: 'a Region where the account is not subscribed fails',
      items: [account({ enabled: false })],
      expect: [{ resourceId: ACCOUNT, status: 'FAIL', messageId: 'disabled', data: { account: ACCOUNT, region: 'eu-west-1' } }],
    },
    {
      name: 'an account item without the fact (a plain Config snapshot) is unknown, never passed',
      items: [account(undefined)],
      expect: [{ resourceId: ACCOUNT, status: 'UNKNOWN', messageId: 'notCollected' }],
    },
    {
      name: 'a null fact is unknown too',
      items: [account(null)],
      expect: [{ resourceId: ACCOUNT, status: 'UNKNOWN', messageId: 'notCollected' }],
    },
    {
      name: 'required standards that are READY pass and are named',
      items: [account(enabled([{ standardsArn: FSBP, status: 'READY' }, { standardsArn: CIS_30, status: 'READY' }]))],
      options: { requiredStandards: ['aws-foundational-security-best-practices', 'cis-aws-foundations-benchmark/v/3.0.0'] },
      expect: [{ resourceId: ACCOUNT, status: 'PASS', messageId: 'enabledWithStandards', data: { standards: 'aws-foundational-security-best-practices, cis-aws-foundations-benchmark/v/3.0.0' } }],
    },
    {
      name: "CIS v1.2.0's ruleset ARN names the standard too",
      items: [account(enabled([{ standardsArn: CIS_12, status: 'READY' }]))],
      options: { requiredStandards: ['cis-aws-foundations-benchmark'] },
      expect: [{ resourceId: ACCOUNT, status: 'PASS', messageId: 'enabledWithStandards' }],
    },
    {
      name: 'a required standard that is not enabled fails',
      items: [account(enabled([{ standardsArn: FSBP, status: 'READY' }]))],
      options: { requiredStandards: ['aws-foundational-security-best-practices', 'cis-aws-foundations-benchmark'] },
      expect: [{ resourceId: ACCOUNT, status: 'FAIL', messageId: 'standardsNotReady', data: { problems: 'cis-aws-foundations-benchmark (not enabled)' } }],
    },
    {
      name: 'a required version other than the enabled one fails',
      items: [account(enabled([{ standardsArn: CIS_12, status: 'READY' }]))],
      options: { requiredStandards: ['cis-aws-foundations-benchmark/v/3.0.0'] },
      expect: [{ resourceId: ACCOUNT, status: 'FAIL', messageId: 'standardsNotReady', data: { problems: 'cis-aws-foundations-benchmark/v/3.0.0 (not enabled)' } }],
    },
    {
      name: 'PENDING and INCOMPLETE standards are not ready, and their status is named',
      items: [account(enabled([{ standardsArn: FSBP, status: 'INCOMPLETE' }, { standardsArn: CIS_30, status: 'PENDING' }]))],
      options: { requiredStandards: ['aws-foundational-security-best-practices', 'cis-aws-foundations-benchmark'] },
      expect: [
        {
          resourceId: ACCOUNT,
          status: 'FAIL',
          messageId: 'standardsNotReady',
          data: { problems: 'aws-foundational-security-best-practices (INCOMPLETE), cis-aws-foundations-benchmark (PENDING)' },
        },
      ],
    },
    {
      name: 'one READY version of a standard is enough beside a failed one',
      items: [account(enabled([{ standardsArn: CIS_12, status: 'FAILED' }, { standardsArn: CIS_30, status: 'READY' }]))],
      options: { requiredStandards: ['cis-aws-foundations-benchmark'] },
      expect: [{ resourceId: ACCOUNT, status: 'PASS', messageId: 'enabledWithStandards' }],
    },
    {
      name: 'a required standard without a recorded status is unknown',
      items: [account(enabled([{ standardsArn: FSBP, status: null }]))],
      options: { requiredStandards: ['aws-foundational-security-best-practices'] },
      expect: [{ resourceId: ACCOUNT, status: 'UNKNOWN', messageId: 'standardStatusUnknown', data: { standards: 'aws-foundational-security-best-practices' } }],
    },
    {
      name: 'standards that were not read leave required standards unknown, never passed',
      items: [account(enabled())],
      options: { requiredStandards: ['aws-foundational-security-best-practices'] },
      expect: [{ resourceId: ACCOUNT, status: 'UNKNOWN', messageId: 'standardsUnread', data: { required: 'aws-foundational-security-best-practices' } }],
    },
    {
      name: 'a disabled hub fails whatever standards are required',
      items: [account({ enabled: false })],
      options: { requiredStandards: ['aws-foundational-security-best-practices'] },
      expect: [{ resourceId: ACCOUNT, status: 'FAIL', messageId: 'disabled' }],
    },
    {
      name: 'each Region and account is judged on its own',
      items: [
        account(enabled([])),
        account({ enabled: false }, { awsRegion: 'us-east-1' }),
        account(undefined, { awsAccountId: OTHER_ACCOUNT }),
        account(enabled([]), { awsAccountId: OTHER_ACCOUNT, awsRegion: 'us-east-1' }),
      ],
      expect: [
        { resourceId: ACCOUNT, region: 'eu-west-1', status: 'PASS', messageId: 'enabled' },
        { resourceId: ACCOUNT, region: 'us-east-1', status: 'FAIL', messageId: 'disabled', data: { region: 'us-east-1' } },
        { resourceId: OTHER_ACCOUNT, region: 'eu-west-1', status: 'UNKNOWN', messageId: 'notCollected', data: { account: OTHER_ACCOUNT } },
        { resourceId: OTHER_ACCOUNT, region: 'us-east-1', status: 'PASS', messageId: 'enabled', data: { account: OTHER_ACCOUNT } },
      ],
    },
    {
      name: 'a failed DescribeHub leaves the Region unknown naming the call, and the other Region is still judged',
      items: [account(undefined), account(enabled([]), { awsRegion: 'us-east-1' })],
      scopes: [EU, US],
      failed: [
        {
          accountId: ACCOUNT,
          region: 'eu-west-1',
          resourceTypes: ['AWS::::Account'],
          service: 'securityhub',
          operation: 'DescribeHub',
          code: 'AccessDeniedException',
          message: 'denied by the test',
          aspect: 'securityHub',
        },
      ],
      expect: [
        { resourceId: ACCOUNT, region: 'eu-west-1', status: 'UNKNOWN', messageId: 'collectionFailed', data: { cause: 'securityhub:DescribeHub in eu-west-1 failed (AccessDeniedException: denied by the test)' } },
        { resourceId: ACCOUNT, region: 'us-east-1', status: 'PASS', messageId: 'enabled' },
      ],
    },
    {
      name: "a failed GetEnabledStandards does not touch the verdict when no standard is required (its aspect is not the rule's)",
      items: [account(enabled())],
      failed: [
        {
          accountId: ACCOUNT,
          region: 'eu-west-1',
          resourceTypes: ['AWS::::Account'],
          service: 'securityhub',
          operation: 'GetEnabledStandards',
          code: 'AccessDeniedException',
          message: 'denied by the test',
          aspect: 'securityHubStandards',
        },
      ],
      expect: [{ resourceId: ACCOUNT, status: 'PASS', messageId: 'enabled' }],
    },
    {
      name: 'with required standards, a failed GetEnabledStandards makes the rule unknown naming the call',
      items: [account(enabled())],
      options: { requiredStandards: ['aws-foundational-security-best-practices'] },
      failed: [
        {
          accountId: ACCOUNT,
          region: 'eu-west-1',
          resourceTypes: ['AWS::::Account'],
          service: 'securityhub',
          operation: 'GetEnabledStandards',
          code: 'AccessDeniedException',
          message: 'denied by the test',
          aspect: 'securityHubStandards',
        },
      ],
      expect: [
        {
          resourceId: ACCOUNT,
          status: 'UNKNOWN',
          messageId: 'collectionFailed',
          data: { cause: 'securityhub:GetEnabledStandards in eu-west-1 failed (AccessDeniedException: denied by the test)' },
        },
      ],
    },
    {
      name: 'an exempted Region stays failed and carries the exemption',
      items: [account({ enabled: false })],
      settings: {
        exemptions: [{ rule: 'securityhub-enabled', resource: `${ACCOUNT}/eu-west-1/AWS::::Account/*`, reason: 'sandbox Region', expires: '2026-12-31' }],
      },
      expect: [{ resourceId: ACCOUNT, status: 'FAIL', messageId: 'disabled', exempted: true }],
    },
  ],
  {
    noNotApplicable: 'every account × Region should run Security Hub CSPM, and the audit-detection gate covers every account × Region, so nothing is out of scope',
  },
);
