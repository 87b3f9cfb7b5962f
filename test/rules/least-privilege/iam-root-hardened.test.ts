import rule from '../../../rules/least-privilege/iam-root-hardened.js';
import { ACCOUNT } from '../../support/items.js';
import { testRule } from '../../support/rule-tester.js';
import { NO_KEY, reportFailed, root } from './credential-report-fixtures.js';

const OTHER = '444455556666';
const KEY = { active: true, lastRotated: '2024-01-01T00:00:00.000Z', lastUsedDate: null };

testRule(
  rule,
  [
    {
      name: 'a root user with MFA and no access key passes',
      items: [root({ mfaActive: true })],
      expect: [{ resourceId: ACCOUNT, status: 'PASS', messageId: 'hardened', data: { account: ACCOUNT } }],
    },
    {
      name: 'a root user without MFA fails',
      items: [root({ mfaActive: false })],
      expect: [{ resourceId: ACCOUNT, status: 'FAIL', messageId: 'noMfa', data: { account: ACCOUNT } }],
    },
    {
      name: 'a root user with MFA and an active access key fails, naming the key',
      items: [root({ mfaActive: true, keys: [NO_KEY, KEY] })],
      expect: [{ resourceId: ACCOUNT, status: 'FAIL', messageId: 'activeKeys', data: { keys: 'access key 2' } }],
    },
    {
      name: 'no MFA and two active keys: both named',
      items: [root({ mfaActive: false, keys: [KEY, KEY] })],
      expect: [{ resourceId: ACCOUNT, status: 'FAIL', messageId: 'noMfaActiveKeys', data: { keys: 'access keys 1 and 2' } }],
    },
    {
      name: 'an inactive key is no live credential: MFA and an inactive key passes',
      items: [root({ mfaActive: true, keys: [{ ...KEY, active: false }] })],
      expect: [{ resourceId: ACCOUNT, status: 'PASS', messageId: 'hardened' }],
    },
    {
      name: 'a root item without a report row (a plain AWS Config snapshot) is unknown',
      items: [root(undefined)],
      expect: [{ resourceId: ACCOUNT, status: 'UNKNOWN', messageId: 'notRead', data: { account: ACCOUNT } }],
    },
    {
      name: 'no root item at all: the Inventory synthesises one, which is unknown, never absent',
      items: [],
      expect: [{ resourceId: ACCOUNT, status: 'UNKNOWN', messageId: 'notRead' }],
    },
    {
      name: 'a report that could not be read makes the root unknown, naming the call, with no listing UNKNOWN beside it',
      items: [root({ mfaActive: true })],
      failed: [reportFailed(['AWS::IAM::User', 'AWS::IAM::RootUser'])],
      expect: [{ resourceId: ACCOUNT, status: 'UNKNOWN', messageId: 'collectionFailed', data: { cause: 'iam:GetCredentialReport in global failed (ReportUnparsable: report did not parse: line 3 has 21 fields, the header 22)' } }],
    },
    {
      name: 'a deadline that cut the IAM collection leaves the synthesised root unknown once',
      items: [],
      failed: [{ accountId: ACCOUNT, region: 'global', resourceTypes: ['AWS::IAM::RootUser'], service: 'iam', operation: 'collect', code: 'DeadlineReached', message: 'the deadline was reached' }],
      expect: [{ resourceId: ACCOUNT, status: 'UNKNOWN', messageId: 'collectionFailed' }],
    },
    {
      name: 'each account is judged on its own root',
      items: [root({ mfaActive: true }), root({ mfaActive: false }, OTHER)],
      expect: [
        { resourceId: ACCOUNT, accountId: ACCOUNT, status: 'PASS', messageId: 'hardened' },
        { resourceId: OTHER, accountId: OTHER, status: 'FAIL', messageId: 'noMfa', data: { account: OTHER } },
      ],
    },
  ],
  { noNotApplicable: 'every account has a root user, and the least-privilege gate covers every account, so the rule applies everywhere' },
);
