import rule from '../../../rules/encryption/ebs-encryption-by-default.js';
import { ACCOUNT, item } from '../../support/items.js';
import { testRule } from '../../support/rule-tester.js';

const OTHER_ACCOUNT = '444455556666';
const EU = { accountId: ACCOUNT, region: 'eu-west-1' };
const US = { accountId: ACCOUNT, region: 'us-east-1' };

const account = (configuration: Record<string, unknown>, overrides: { awsRegion?: string; awsAccountId?: string } = {}) =>
  item('AWS::::Account', overrides.awsAccountId ?? ACCOUNT, configuration, { ARN: null, ...overrides });

testRule(
  rule,
  [
    {
      name: 'a Region with EBS encryption by default passes',
      items: [account({ ebsEncryptionByDefault: true })],
      expect: [{ resourceId: ACCOUNT, status: 'PASS', messageId: 'enabled', data: { account: ACCOUNT, region: 'eu-west-1' } }],
    },
    {
      name: 'a Region with EBS encryption by default off fails',
      items: [account({ ebsEncryptionByDefault: false }, { awsRegion: 'us-east-1' })],
      expect: [{ resourceId: ACCOUNT, status: 'FAIL', messageId: 'disabled', data: { account: ACCOUNT, region: 'us-east-1' } }],
    },
    {
      name: 'a recorded null setting is unknown, never passed',
      items: [account({ ebsEncryptionByDefault: null })],
      expect: [{ resourceId: ACCOUNT, status: 'UNKNOWN', messageId: 'missing', data: { region: 'eu-west-1' } }],
    },
    {
      name: 'an account item that carries other facts only is unknown',
      items: [account({ configurationRecorders: [{ name: 'default', recording: true, lastStatus: 'SUCCESS' }] })],
      expect: [{ resourceId: ACCOUNT, status: 'UNKNOWN', messageId: 'missing' }],
    },
    {
      name: 'a Region with no account item at all (a Config snapshot) is unknown',
      items: [],
      scopes: [EU],
      expect: [{ resourceId: ACCOUNT, status: 'UNKNOWN', messageId: 'missing', data: { region: 'eu-west-1' } }],
    },
    {
      // The engine judges the synthesised account item itself; the scope is marked incomplete with the cause.
      name: 'a failed GetEbsEncryptionByDefault leaves the Region unknown, naming the call',
      items: [],
      scopes: [EU],
      failed: [
        {
          accountId: ACCOUNT,
          region: 'eu-west-1',
          resourceTypes: ['AWS::::Account'],
          service: 'ec2',
          operation: 'GetEbsEncryptionByDefault',
          code: 'UnauthorizedOperation',
          message: 'denied by the test',
          aspect: 'ebsEncryptionByDefault',
        },
      ],
      expect: [{ resourceId: ACCOUNT, status: 'UNKNOWN', messageId: 'collectionFailed', data: { cause: 'ec2:GetEbsEncryptionByDefault in eu-west-1 failed (UnauthorizedOperation: denied by the test)' } }],
    },
    {
      name: 'a failed call of the account item that is not its fact still leaves the Region unknown, with the call as the cause',
      items: [],
      scopes: [EU],
      failed: ['AWS::::Account'],
      expect: [{ resourceId: ACCOUNT, status: 'UNKNOWN', messageId: 'collectionFailed' }],
    },
    {
      name: 'each account × Region is judged on its own setting',
      items: [
        account({ ebsEncryptionByDefault: true }),
        account({ ebsEncryptionByDefault: false }, { awsRegion: 'us-east-1' }),
        account({ ebsEncryptionByDefault: true }, { awsAccountId: OTHER_ACCOUNT, awsRegion: 'us-east-1' }),
      ],
      scopes: [EU, US, { accountId: OTHER_ACCOUNT, region: 'eu-west-1' }, { accountId: OTHER_ACCOUNT, region: 'us-east-1' }],
      expect: [
        { resourceId: ACCOUNT, region: 'eu-west-1', status: 'PASS', messageId: 'enabled' },
        { resourceId: ACCOUNT, region: 'us-east-1', status: 'FAIL', messageId: 'disabled' },
        { resourceId: OTHER_ACCOUNT, region: 'eu-west-1', status: 'UNKNOWN', messageId: 'missing' },
        { resourceId: OTHER_ACCOUNT, region: 'us-east-1', status: 'PASS', messageId: 'enabled', data: { account: OTHER_ACCOUNT } },
      ],
    },
  ],
  { noNotApplicable: 'EBS encryption by default is a setting of every account × Region, which every scan covers' },
);
