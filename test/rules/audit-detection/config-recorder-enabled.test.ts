import rule from '../../../rules/audit-detection/config-recorder-enabled.js';
import { ACCOUNT, item } from '../../support/items.js';
import { testRule } from '../../support/rule-tester.js';

const OTHER_ACCOUNT = '444455556666';
const EU = { accountId: ACCOUNT, region: 'eu-west-1' };
const US = { accountId: ACCOUNT, region: 'us-east-1' };

interface Recorder {
  readonly name?: string | null;
  readonly recording?: boolean | null;
  readonly lastStatus?: string | null;
}

/** The account × Region item (no ARN, as gatewatch writes it) with the recorders the live collector reports (absent: not collected). */
const account = (recorders: readonly Recorder[] | null | undefined, overrides: { awsRegion?: string; awsAccountId?: string } = {}) =>
  item(
    'AWS::::Account',
    overrides.awsAccountId ?? ACCOUNT,
    { ebsEncryptionByDefault: true, ...(recorders === undefined ? {} : { configurationRecorders: recorders }) },
    { ARN: null, ...overrides },
  );

const on = (name = 'default'): Recorder => ({ name, recording: true, lastStatus: 'Success' });
const off = (name = 'default'): Recorder => ({ name, recording: false, lastStatus: 'Success' });

testRule(
  rule,
  [
    {
      name: 'a recording recorder passes and is named',
      items: [account([on()])],
      expect: [{ resourceId: ACCOUNT, status: 'PASS', messageId: 'recording', data: { recorder: 'default', account: ACCOUNT, region: 'eu-west-1' } }],
    },
    {
      name: 'a recorder still pending its first recording passes',
      items: [account([{ name: 'default', recording: true, lastStatus: 'Pending' }])],
      expect: [{ resourceId: ACCOUNT, status: 'PASS', messageId: 'recording' }],
    },
    {
      name: 'an empty list of recorders fails: no recorder',
      items: [account([])],
      expect: [{ resourceId: ACCOUNT, status: 'FAIL', messageId: 'noRecorder', data: { account: ACCOUNT, region: 'eu-west-1' } }],
    },
    {
      name: 'a stopped recorder fails and is named',
      items: [account([off()])],
      expect: [{ resourceId: ACCOUNT, status: 'FAIL', messageId: 'stopped', data: { recorders: 'default' } }],
    },
    {
      name: 'a recorder that is on but whose last recording failed fails',
      items: [account([{ name: 'default', recording: true, lastStatus: 'Failure' }])],
      expect: [{ resourceId: ACCOUNT, status: 'FAIL', messageId: 'failing', data: { recorders: 'default' } }],
    },
    {
      name: 'one working recorder is enough beside a stopped and a failing one',
      items: [account([off('old'), { name: 'broken', recording: true, lastStatus: 'FAILURE' }, on('service-linked')])],
      expect: [{ resourceId: ACCOUNT, status: 'PASS', messageId: 'recording', data: { recorder: 'service-linked' } }],
    },
    {
      name: 'an account item without the recorders fact (a plain Config snapshot) is unknown, never passed',
      items: [account(undefined)],
      expect: [{ resourceId: ACCOUNT, status: 'UNKNOWN', messageId: 'notCollected', data: { account: ACCOUNT, region: 'eu-west-1' } }],
    },
    {
      name: 'a null recorders fact is unknown too',
      items: [account(null)],
      expect: [{ resourceId: ACCOUNT, status: 'UNKNOWN', messageId: 'notCollected' }],
    },
    {
      name: 'a Region with no account item at all (synthesised, empty) is unknown',
      items: [],
      scopes: [EU],
      expect: [{ resourceId: ACCOUNT, status: 'UNKNOWN', messageId: 'notCollected' }],
    },
    {
      name: 'a recorder without a recorded status is unknown, even beside a stopped one',
      items: [account([off('old'), { name: 'new', recording: null, lastStatus: null }])],
      expect: [{ resourceId: ACCOUNT, status: 'UNKNOWN', messageId: 'statusUnknown', data: { recorders: 'new' } }],
    },
    {
      name: 'a recorder with no recording field and no name is named by its position',
      items: [account([{ lastStatus: 'Success' }])],
      expect: [{ resourceId: ACCOUNT, status: 'UNKNOWN', messageId: 'statusUnknown', data: { recorders: '#0' } }],
    },
    {
      name: 'each Region and account is judged on its own',
      items: [
        account([on()]),
        account([], { awsRegion: 'us-east-1' }),
        account(undefined, { awsAccountId: OTHER_ACCOUNT }),
        account([off('default')], { awsAccountId: OTHER_ACCOUNT, awsRegion: 'us-east-1' }),
      ],
      expect: [
        { resourceId: ACCOUNT, region: 'eu-west-1', status: 'PASS', messageId: 'recording' },
        { resourceId: ACCOUNT, region: 'us-east-1', status: 'FAIL', messageId: 'noRecorder', data: { region: 'us-east-1' } },
        { resourceId: OTHER_ACCOUNT, region: 'eu-west-1', status: 'UNKNOWN', messageId: 'notCollected', data: { account: OTHER_ACCOUNT } },
        { resourceId: OTHER_ACCOUNT, region: 'us-east-1', status: 'FAIL', messageId: 'stopped', data: { account: OTHER_ACCOUNT } },
      ],
    },
    {
      name: 'a failed recorder read leaves the Region unknown, and the other Region is still judged',
      items: [account(undefined), account([on()], { awsRegion: 'us-east-1' })],
      scopes: [EU, US],
      failed: [
        {
          accountId: ACCOUNT,
          region: 'eu-west-1',
          resourceTypes: ['AWS::::Account'],
          service: 'config',
          operation: 'DescribeConfigurationRecorders',
          code: 'AccessDeniedException',
          message: 'denied by the test',
          aspect: 'configurationRecorders',
        },
      ],
      expect: [
        { resourceId: ACCOUNT, region: 'eu-west-1', status: 'UNKNOWN', messageId: 'collectionFailed', data: { cause: 'config:DescribeConfigurationRecorders in eu-west-1 failed (AccessDeniedException: denied by the test)' } },
        { resourceId: ACCOUNT, region: 'us-east-1', status: 'PASS', messageId: 'recording' },
      ],
    },
    {
      name: 'an exempted Region stays failed and carries the exemption',
      items: [account([])],
      settings: {
        exemptions: [{ rule: 'config-recorder-enabled', resource: `${ACCOUNT}/eu-west-1/AWS::::Account/*`, reason: 'sandbox Region', expires: '2026-12-31' }],
      },
      expect: [{ resourceId: ACCOUNT, status: 'FAIL', messageId: 'noRecorder', exempted: true }],
    },
  ],
  {
    noNotApplicable:
      'every account × Region should record its resource configurations, and the audit-detection gate covers every account × Region, so nothing is out of scope',
  },
);
