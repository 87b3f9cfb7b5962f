import rule from '../../../rules/least-privilege/iam-user-mfa-enabled.js';
import { testRule } from '../../support/rule-tester.js';
import { reportFailed, user } from './credential-report-fixtures.js';

testRule(rule, [
  {
    name: 'a user with a console password and MFA passes',
    items: [user('alice', { passwordEnabled: true, mfaActive: true })],
    expect: [{ resourceId: 'AIDAALICE', status: 'PASS', messageId: 'mfa', data: { user: 'alice' } }],
  },
  {
    name: 'a user with a console password and no MFA fails',
    items: [user('bob', { passwordEnabled: true, mfaActive: false })],
    expect: [{ resourceId: 'AIDABOB', status: 'FAIL', messageId: 'noMfa', data: { user: 'bob' } }],
  },
  {
    name: 'a password never used still needs MFA',
    items: [user('carol', { passwordEnabled: true, passwordLastUsed: null, mfaActive: false })],
    expect: [{ resourceId: 'AIDACAROL', status: 'FAIL', messageId: 'noMfa' }],
  },
  {
    name: 'a user without a console password is not applicable, MFA or not',
    items: [user('ci', { passwordEnabled: false, passwordLastUsed: null, mfaActive: false }), user('api', { passwordEnabled: false, passwordLastUsed: null, mfaActive: true })],
    expect: [
      { resourceId: 'AIDAAPI', status: 'NOT_APPLICABLE', messageId: 'noPassword', data: { user: 'api' } },
      { resourceId: 'AIDACI', status: 'NOT_APPLICABLE', messageId: 'noPassword', data: { user: 'ci' } },
    ],
  },
  {
    name: 'a user without a report row (a plain AWS Config snapshot) is unknown, never passed',
    items: [user('dave', undefined)],
    expect: [{ resourceId: 'AIDADAVE', status: 'UNKNOWN', messageId: 'notRead', data: { user: 'dave' } }],
  },
  {
    name: 'a report row that does not say whether there is a password is unknown',
    items: [user('erin', { passwordEnabled: null, mfaActive: false })],
    expect: [{ resourceId: 'AIDAERIN', status: 'UNKNOWN', messageId: 'passwordUnknown' }],
  },
  {
    name: 'a report that could not be read makes every user unknown, naming the call, even one whose row looks fine',
    items: [user('alice', { mfaActive: true }), user('bob', { mfaActive: false })],
    failed: [reportFailed(['AWS::IAM::User', 'AWS::IAM::RootUser'])],
    expect: [
      { resourceId: 'AIDAALICE', status: 'UNKNOWN', messageId: 'collectionFailed', data: { cause: 'iam:GetCredentialReport in global failed (ReportUnparsable: report did not parse: line 3 has 21 fields, the header 22)' } },
      { resourceId: 'AIDABOB', status: 'UNKNOWN', messageId: 'collectionFailed' },
    ],
  },
  {
    name: 'a user missing from the report (created after it) is unknown alone; the others are judged',
    items: [user('alice', { mfaActive: true }), user('new', undefined)],
    failed: [{ ...reportFailed(['AWS::IAM::User'], ['AIDANEW']), code: 'UserNotInReport', message: 'user new is not in the credential report generated at 2026-06-01T08:00:00.000Z (created after it?)' }],
    expect: [
      { resourceId: 'AIDAALICE', status: 'PASS', messageId: 'mfa' },
      { resourceId: 'AIDANEW', status: 'UNKNOWN', messageId: 'collectionFailed', data: { cause: 'iam:GetCredentialReport in global failed (UserNotInReport: user new is not in the credential report generated at 2026-06-01T08:00:00.000Z (created after it?))' } },
    ],
  },
  {
    name: 'a failure to read another aspect (tags) does not touch the verdict',
    items: [user('bob', { mfaActive: false })],
    failed: [{ ...reportFailed(['AWS::IAM::User']), operation: 'ListUserTags', code: 'AccessDenied', aspect: 'tags' }],
    expect: [{ resourceId: 'AIDABOB', status: 'FAIL', messageId: 'noMfa' }],
  },
]);
