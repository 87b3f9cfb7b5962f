import rule from '../../../rules/encryption/dynamodb-table-encrypted-with-kms.js';
import { ACCOUNT, item } from '../../support/items.js';
import { testRule } from '../../support/rule-tester.js';

const OWN_KEY = `arn:aws:kms:eu-west-1:${ACCOUNT}:key/7d1f0c3e-2b4a-4c5d-8e9f-0a1b2c3d4e5f`;
const SECURITY_ACCOUNT_KEY = 'arn:aws:kms:eu-west-1:999988887777:key/0b9a8c7d-6e5f-4a3b-2c1d-0e9f8a7b6c5d';
const REQUIRE_CMK = { requireCmk: true };

/** A described table (tableStatus set) with its SSEDescription as AWS Config records it (absent: AWS owned key). */
const table = (name: string, sse: Record<string, unknown> | null | undefined) =>
  item('AWS::DynamoDB::Table', name, {
    tableName: name,
    tableArn: `arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/${name}`,
    tableStatus: 'ACTIVE',
    ...(sse === undefined ? {} : { ssedescription: sse }),
  });
const kms = (key: string | null) => ({ status: 'ENABLED', ssetype: 'KMS', kmsmasterKeyArn: key });

testRule(
  rule,
  [
    {
      name: 'by default a table with an AWS owned key passes: DynamoDB always encrypts',
      items: [table('carts', undefined)],
      expect: [{ resourceId: 'carts', status: 'PASS', messageId: 'encrypted', data: { table: 'carts', key: 'an AWS owned key' } }],
    },
    {
      name: 'by default a table with a KMS key passes and names the key',
      items: [table('orders', kms(OWN_KEY))],
      expect: [{ resourceId: 'orders', status: 'PASS', messageId: 'encrypted', data: { key: `KMS key ${OWN_KEY}` } }],
    },
    {
      name: 'by default even an undescribed table passes, its key named as not recorded',
      items: [item('AWS::DynamoDB::Table', 'sessions', { tableName: 'sessions' })],
      expect: [{ resourceId: 'sessions', status: 'PASS', messageId: 'encrypted', data: { key: 'a key that is not recorded' } }],
    },
    {
      name: 'requireCmk: a described table without an SSE description (AWS owned key) fails',
      items: [table('carts', undefined)],
      options: REQUIRE_CMK,
      expect: [{ resourceId: 'carts', status: 'FAIL', messageId: 'awsOwnedKey', data: { table: 'carts' } }],
    },
    {
      name: 'requireCmk: a null SSE description on a described table is an AWS owned key too',
      items: [table('carts', null)],
      options: REQUIRE_CMK,
      expect: [{ resourceId: 'carts', status: 'FAIL', messageId: 'awsOwnedKey' }],
    },
    {
      name: 'requireCmk: a table that was never described is unknown, not failed',
      items: [item('AWS::DynamoDB::Table', 'sessions', { tableName: 'sessions' })],
      options: REQUIRE_CMK,
      expect: [{ resourceId: 'sessions', status: 'UNKNOWN', messageId: 'notDescribed', data: { table: 'sessions' } }],
    },
    {
      name: 'requireCmk: legacy AES256 encryption is an AWS owned key',
      items: [table('carts', { status: 'ENABLED', ssetype: 'AES256' })],
      options: REQUIRE_CMK,
      expect: [{ resourceId: 'carts', status: 'FAIL', messageId: 'awsOwnedKey' }],
    },
    {
      name: 'requireCmk: a table switching back to an AWS owned key (DISABLING) fails',
      items: [table('carts', { status: 'DISABLING', ssetype: 'KMS', kmsmasterKeyArn: OWN_KEY })],
      options: REQUIRE_CMK,
      expect: [{ resourceId: 'carts', status: 'FAIL', messageId: 'awsOwnedKey' }],
    },
    {
      name: 'requireCmk: the AWS managed key by its alias ARN fails',
      items: [table('orders', kms(`arn:aws:kms:eu-west-1:${ACCOUNT}:alias/aws/dynamodb`))],
      options: REQUIRE_CMK,
      expect: [{ resourceId: 'orders', status: 'FAIL', messageId: 'awsManagedKey', data: { key: `arn:aws:kms:eu-west-1:${ACCOUNT}:alias/aws/dynamodb` } }],
    },
    {
      name: 'requireCmk: the AWS managed key by its alias name fails',
      items: [table('orders', kms('alias/aws/dynamodb'))],
      options: REQUIRE_CMK,
      expect: [{ resourceId: 'orders', status: 'FAIL', messageId: 'awsManagedKey' }],
    },
    {
      name: 'requireCmk: a key under a customer alias passes',
      items: [table('orders', kms(`arn:aws:kms:eu-west-1:${ACCOUNT}:alias/webshop-orders`))],
      options: REQUIRE_CMK,
      expect: [{ resourceId: 'orders', status: 'PASS', messageId: 'customerManagedKey', data: { reason: 'a customer alias' } }],
    },
    {
      name: "requireCmk: a key of another account passes (AWS managed keys live in the table's account)",
      items: [table('orders', kms(SECURITY_ACCOUNT_KEY))],
      options: REQUIRE_CMK,
      expect: [{ resourceId: 'orders', status: 'PASS', messageId: 'customerManagedKey', data: { key: SECURITY_ACCOUNT_KEY, reason: 'a key of account 999988887777' } }],
    },
    {
      name: "requireCmk: a key ARN of the table's own account cannot be told apart from aws/dynamodb: unknown",
      items: [table('orders', kms(OWN_KEY))],
      options: REQUIRE_CMK,
      expect: [{ resourceId: 'orders', status: 'UNKNOWN', messageId: 'keyManagerUnknown', data: { key: OWN_KEY } }],
    },
    {
      name: 'requireCmk: KMS encryption without a recorded key is unknown',
      items: [table('orders', kms(null))],
      options: REQUIRE_CMK,
      expect: [{ resourceId: 'orders', status: 'UNKNOWN', messageId: 'keyMissing' }],
    },
    {
      name: 'requireCmk: an SSE description with neither type nor key is unknown',
      items: [table('orders', { status: 'ENABLED' })],
      options: REQUIRE_CMK,
      expect: [{ resourceId: 'orders', status: 'UNKNOWN', messageId: 'sseUnrecorded' }],
    },
    {
      name: 'requireCmk set to false keeps the default',
      items: [table('carts', undefined)],
      options: { requireCmk: false },
      expect: [{ resourceId: 'carts', status: 'PASS', messageId: 'encrypted' }],
    },
    {
      name: 'a table whose description could not be read is unknown, whatever the option',
      items: [item('AWS::DynamoDB::Table', 'orders', { tableName: 'orders' })],
      failed: [
        {
          accountId: ACCOUNT,
          region: 'eu-west-1',
          resourceTypes: ['AWS::DynamoDB::Table'],
          resourceIds: ['orders'],
          service: 'dynamodb',
          operation: 'DescribeTable',
          code: 'AccessDeniedException',
          message: 'denied by the test',
        },
      ],
      expect: [{ resourceId: 'orders', status: 'UNKNOWN', messageId: 'collectionFailed' }],
    },
    {
      name: 'several tables with requireCmk, in ARN order',
      items: [
        table('d-unknown', kms(OWN_KEY)),
        table('c-managed', kms('alias/aws/dynamodb')),
        table('b-owned', undefined),
        table('a-central', kms(SECURITY_ACCOUNT_KEY)),
      ],
      options: REQUIRE_CMK,
      expect: [
        { resourceId: 'a-central', status: 'PASS', messageId: 'customerManagedKey' },
        { resourceId: 'b-owned', status: 'FAIL', messageId: 'awsOwnedKey' },
        { resourceId: 'c-managed', status: 'FAIL', messageId: 'awsManagedKey' },
        { resourceId: 'd-unknown', status: 'UNKNOWN', messageId: 'keyManagerUnknown' },
      ],
    },
    {
      name: 'several tables by default all pass',
      items: [table('b-owned', undefined), table('a-kms', kms(OWN_KEY))],
      expect: [
        { resourceId: 'a-kms', status: 'PASS', messageId: 'encrypted' },
        { resourceId: 'b-owned', status: 'PASS', messageId: 'encrypted' },
      ],
    },
  ],
  {
    noNotApplicable:
      'every DynamoDB table keeps its data at rest under some key; without requireCmk every table passes, with it every table is judged',
  },
);
