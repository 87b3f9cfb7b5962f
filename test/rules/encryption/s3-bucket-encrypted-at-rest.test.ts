import rule from '../../../rules/encryption/s3-bucket-encrypted-at-rest.js';
import { ACCOUNT, REGION, item } from '../../support/items.js';
import { testRule } from '../../support/rule-tester.js';

const KEY = 'arn:aws:kms:eu-west-1:111122223333:key/0380adbe-26f1-423c-a281-1a9b0e3c46a9';

const bucket = (name: string, supplementaryConfiguration: Record<string, unknown>) =>
  item('AWS::S3::Bucket', name, { name }, { ARN: `arn:aws:s3:::${name}`, supplementaryConfiguration });
const withDefault = (sseAlgorithm: string | null, kmsMasterKeyID: string | null = null) => ({
  ServerSideEncryptionConfiguration: { rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm, kmsMasterKeyID }, bucketKeyEnabled: false }] },
});

testRule(
  rule,
  [
    {
      name: 'an SSE-KMS bucket passes',
      items: [bucket('invoices', withDefault('aws:kms', KEY))],
      expect: [{ resourceId: 'invoices', status: 'PASS', messageId: 'encrypted', data: { bucket: 'invoices', algorithm: 'SSE-KMS (aws:kms)' } }],
    },
    {
      name: 'an SSE-S3 bucket passes by default',
      items: [bucket('assets', withDefault('AES256'))],
      expect: [{ resourceId: 'assets', status: 'PASS', messageId: 'encrypted', data: { algorithm: 'SSE-S3 (AES256)' } }],
    },
    {
      name: 'a DSSE-KMS bucket passes',
      items: [bucket('ledger', withDefault('aws:kms:dsse', KEY))],
      expect: [{ resourceId: 'ledger', status: 'PASS', messageId: 'encrypted', data: { algorithm: 'DSSE-KMS (aws:kms:dsse)' } }],
    },
    {
      name: 'with requireKms, an SSE-S3 bucket fails',
      items: [bucket('assets', withDefault('AES256'))],
      options: { requireKms: true },
      expect: [{ resourceId: 'assets', status: 'FAIL', messageId: 'notKms', data: { bucket: 'assets', algorithm: 'SSE-S3 (AES256)' } }],
    },
    {
      name: 'with requireKms, SSE-KMS and DSSE-KMS buckets pass, with or without a named key',
      items: [bucket('a-kms', withDefault('aws:kms')), bucket('b-dsse', withDefault('aws:kms:dsse', KEY))],
      options: { requireKms: true },
      expect: [
        { resourceId: 'a-kms', status: 'PASS', messageId: 'encryptedKms', data: { algorithm: 'SSE-KMS (aws:kms)' } },
        { resourceId: 'b-dsse', status: 'PASS', messageId: 'encryptedKms', data: { algorithm: 'DSSE-KMS (aws:kms:dsse)' } },
      ],
    },
    {
      name: 'requireKms false keeps the default',
      items: [bucket('assets', withDefault('AES256'))],
      options: { requireKms: false },
      expect: [{ resourceId: 'assets', status: 'PASS', messageId: 'encrypted' }],
    },
    {
      name: 'a bucket whose record lacks the encryption configuration is unknown, neither failed nor passed',
      // An AWS Config item of an old bucket, recorded before S3 applied SSE-S3 to every bucket.
      items: [bucket('legacy', { BucketPolicy: { policyText: null } })],
      expect: [{ resourceId: 'legacy', status: 'UNKNOWN', messageId: 'missing', data: { bucket: 'legacy' } }],
    },
    {
      name: 'with requireKms, a bucket whose record lacks the encryption configuration is still unknown',
      items: [bucket('legacy', {})],
      options: { requireKms: true },
      expect: [{ resourceId: 'legacy', status: 'UNKNOWN', messageId: 'missing' }],
    },
    {
      name: 'an encryption configuration with no recorded rules is unknown',
      items: [bucket('odd', { ServerSideEncryptionConfiguration: { rules: null } })],
      expect: [{ resourceId: 'odd', status: 'UNKNOWN', messageId: 'missing' }],
    },
    {
      name: 'a recorded encryption configuration with no rule fails',
      items: [bucket('bare', { ServerSideEncryptionConfiguration: { rules: [] } })],
      expect: [{ resourceId: 'bare', status: 'FAIL', messageId: 'noDefault', data: { bucket: 'bare' } }],
    },
    {
      name: 'a recorded rule without a default encryption fails',
      items: [bucket('bare', { ServerSideEncryptionConfiguration: { rules: [{ applyServerSideEncryptionByDefault: null, bucketKeyEnabled: true }] } })],
      expect: [{ resourceId: 'bare', status: 'FAIL', messageId: 'noDefault' }],
    },
    {
      name: 'a default rule with no recorded algorithm is unknown',
      items: [bucket('odd', withDefault(null))],
      expect: [{ resourceId: 'odd', status: 'UNKNOWN', messageId: 'algorithmMissing' }],
    },
    {
      name: 'an algorithm gatewatch does not know is unknown, not passed',
      items: [bucket('odd', withDefault('aws:fsx'))],
      options: { requireKms: true },
      expect: [{ resourceId: 'odd', status: 'UNKNOWN', messageId: 'unrecognised', data: { algorithm: 'aws:fsx' } }],
    },
    {
      name: 'the supplementary configuration as AWS Config delivers it, a JSON string, is read',
      items: [bucket('invoices', { ServerSideEncryptionConfiguration: JSON.stringify(withDefault('aws:kms', KEY).ServerSideEncryptionConfiguration) })],
      options: { requireKms: true },
      expect: [{ resourceId: 'invoices', status: 'PASS', messageId: 'encryptedKms' }],
    },
    {
      name: 'a bucket whose encryption could not be read is unknown, whatever its item says',
      // The live collector leaves the key out when GetBucketEncryption fails, and records the failure.
      items: [bucket('denied', {}), bucket('fine', withDefault('AES256'))],
      failed: [
        {
          accountId: ACCOUNT,
          region: REGION,
          resourceTypes: ['AWS::S3::Bucket'],
          resourceIds: ['denied'],
          service: 's3',
          operation: 'GetBucketEncryption',
          code: 'AccessDenied',
          message: 'denied by the test',
        },
      ],
      expect: [
        { resourceId: 'denied', status: 'UNKNOWN', messageId: 'collectionFailed' },
        { resourceId: 'fine', status: 'PASS', messageId: 'encrypted' },
      ],
    },
    {
      name: 'buckets that could not be listed are unknown for the scope',
      items: [],
      failed: ['AWS::S3::Bucket'],
      expect: [{ resourceId: '*', status: 'UNKNOWN', messageId: 'listFailed' }],
    },
    {
      name: 'several buckets are each judged on their own, in ARN order',
      items: [
        bucket('d-legacy', {}),
        bucket('c-bare', { ServerSideEncryptionConfiguration: { rules: [] } }),
        bucket('b-assets', withDefault('AES256')),
        bucket('a-invoices', withDefault('aws:kms', KEY)),
      ],
      options: { requireKms: true },
      expect: [
        { resourceId: 'a-invoices', status: 'PASS', messageId: 'encryptedKms' },
        { resourceId: 'b-assets', status: 'FAIL', messageId: 'notKms' },
        { resourceId: 'c-bare', status: 'FAIL', messageId: 'noDefault' },
        { resourceId: 'd-legacy', status: 'UNKNOWN', messageId: 'missing' },
      ],
    },
  ],
  { noNotApplicable: 'every S3 bucket stores objects that default encryption applies to; no bucket is outside the rule' },
);
