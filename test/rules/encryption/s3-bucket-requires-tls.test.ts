import rule from '../../../rules/encryption/s3-bucket-requires-tls.js';
import { ACCOUNT, REGION, item } from '../../support/items.js';
import { testRule } from '../../support/rule-tester.js';

const NAME = 'kestrel-orders';
const BUCKET = `arn:aws:s3:::${NAME}`;
const OBJECTS = `${BUCKET}/*`;
const INSECURE = { Bool: { 'aws:SecureTransport': 'false' } };
const NOTHING_COVERED = `no complete Deny covers the bucket itself (${BUCKET}) or its objects (${OBJECTS})`;

type Statement = Record<string, unknown>;

const deny = (overrides: Statement = {}): Statement => ({
  Sid: 'DenyInsecureTransport',
  Effect: 'Deny',
  Principal: '*',
  Action: 's3:*',
  Resource: [BUCKET, OBJECTS],
  Condition: INSECURE,
  ...overrides,
});
const policy = (...statements: Statement[]) => ({ BucketPolicy: { policyText: JSON.stringify({ Version: '2012-10-17', Statement: statements }) } });
const bucket = (supplementaryConfiguration: Record<string, unknown>, name = NAME, arn = `arn:aws:s3:::${name}`) =>
  item('AWS::S3::Bucket', name, { name }, { ARN: arn, supplementaryConfiguration });

testRule(
  rule,
  [
    // ---- policies that require TLS ----
    {
      name: 'the canonical Deny on aws:SecureTransport = false passes',
      items: [bucket(policy(deny()))],
      expect: [{ resourceId: NAME, status: 'PASS', messageId: 'requiresTls', data: { bucket: NAME, statements: 'statement DenyInsecureTransport' } }],
    },
    {
      name: 'Principal {AWS: "*"}, an action list holding s3:* and a boolean false pass',
      items: [bucket(policy(deny({ Principal: { AWS: '*' }, Action: ['s3:GetObject', 's3:*'], Condition: { Bool: { 'aws:SecureTransport': false } } })))],
      expect: [{ resourceId: NAME, status: 'PASS', messageId: 'requiresTls' }],
    },
    {
      name: 'BoolIfExists, a value list, and any case of key and value pass',
      items: [bucket(policy(deny({ Principal: { AWS: ['*'] }, Condition: { BoolIfExists: { 'AWS:SecureTransport': ['False'] } } })))],
      expect: [{ resourceId: NAME, status: 'PASS', messageId: 'requiresTls' }],
    },
    {
      name: 'Action "*" on Resource "*" passes',
      items: [bucket(policy(deny({ Action: '*', Resource: '*' })))],
      expect: [{ resourceId: NAME, status: 'PASS', messageId: 'requiresTls' }],
    },
    {
      name: 'one statement for the bucket and another for its objects pass together',
      items: [bucket(policy(deny({ Sid: 'DenyBucket', Resource: BUCKET }), deny({ Sid: 'DenyObjects', Resource: OBJECTS })))],
      expect: [{ resourceId: NAME, status: 'PASS', messageId: 'requiresTls', data: { statements: 'statements DenyBucket, DenyObjects' } }],
    },
    {
      name: 'a wildcard that covers the bucket and every object passes',
      items: [bucket(policy(deny({ Resource: `${BUCKET}*` })))],
      expect: [{ resourceId: NAME, status: 'PASS', messageId: 'requiresTls' }],
    },
    {
      name: 'a complete Deny passes even beside a narrower one, and a statement without Sid is named by position',
      items: [bucket(policy(deny({ Sid: 'OnlyReads', Action: 's3:GetObject' }), deny({ Sid: undefined, Action: 'S3:*' })))],
      expect: [{ resourceId: NAME, status: 'PASS', messageId: 'requiresTls', data: { statements: 'statement #1' } }],
    },
    {
      name: 'a policy document as AWS Config stores it among other statements passes',
      items: [
        bucket(
          policy(
            { Sid: 'AppReads', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:role/orders-app' }, Action: 's3:GetObject', Resource: OBJECTS },
            deny(),
          ),
        ),
      ],
      expect: [{ resourceId: NAME, status: 'PASS', messageId: 'requiresTls' }],
    },
    {
      name: 'a bucket in the China partition is judged against its own partition',
      items: [
        bucket(policy(deny({ Resource: ['arn:aws-cn:s3:::cn-bucket', 'arn:aws-cn:s3:::cn-bucket/*'] })), 'cn-bucket', 'arn:aws-cn:s3:::cn-bucket'),
        bucket(policy(deny({ Resource: ['arn:aws:s3:::cn-other', 'arn:aws:s3:::cn-other/*'] })), 'cn-other', 'arn:aws-cn:s3:::cn-other'),
      ],
      expect: [
        { resourceId: 'cn-bucket', status: 'PASS', messageId: 'requiresTls' },
        { resourceId: 'cn-other', status: 'FAIL', messageId: 'partial' },
      ],
    },
    // ---- policies that do not ----
    {
      name: 'a Deny on the objects only fails and says the bucket is not covered',
      items: [bucket(policy(deny({ Resource: OBJECTS })))],
      expect: [{ resourceId: NAME, status: 'FAIL', messageId: 'partial', data: { detail: `no complete Deny covers the bucket itself (${BUCKET})` } }],
    },
    {
      name: 'a Deny on the bucket only fails and says its objects are not covered',
      items: [bucket(policy(deny({ Resource: BUCKET })))],
      expect: [{ resourceId: NAME, status: 'FAIL', messageId: 'partial', data: { detail: `no complete Deny covers its objects (${OBJECTS})` } }],
    },
    {
      name: 'a Deny on one prefix of the objects does not cover every object',
      items: [bucket(policy(deny({ Resource: [BUCKET, `${BUCKET}/uploads/*`, `${BUCKET}/?`] })))],
      expect: [{ resourceId: NAME, status: 'FAIL', messageId: 'partial', data: { detail: `no complete Deny covers its objects (${OBJECTS})` } }],
    },
    {
      name: "a Deny on another bucket's ARN covers nothing here",
      items: [bucket(policy(deny({ Resource: ['arn:aws:s3:::kestrel-orders-archive', 'arn:aws:s3:::kestrel-orders-archive/*'] })))],
      expect: [
        {
          resourceId: NAME,
          status: 'FAIL',
          messageId: 'partial',
          data: { detail: NOTHING_COVERED },
        },
      ],
    },
    {
      name: 'a Deny on some actions only fails and names them',
      items: [bucket(policy(deny({ Action: ['s3:GetObject', 's3:PutObject'] })))],
      expect: [
        {
          resourceId: NAME,
          status: 'FAIL',
          messageId: 'partial',
          data: { detail: `statement DenyInsecureTransport denies only s3:GetObject, s3:PutObject rather than s3:*; ${NOTHING_COVERED}` },
        },
      ],
    },
    {
      name: 'a Deny with NotAction fails',
      items: [bucket(policy(deny({ Action: undefined, NotAction: 's3:GetObject' })))],
      expect: [{ resourceId: NAME, status: 'FAIL', messageId: 'partial', data: { detail: `statement DenyInsecureTransport uses NotAction (s3:GetObject) rather than every action; ${NOTHING_COVERED}` } }],
    },
    {
      name: 'a Deny for one account only fails and names the principal',
      items: [bucket(policy(deny({ Principal: { AWS: 'arn:aws:iam::111122223333:root' } })))],
      expect: [
        {
          resourceId: NAME,
          status: 'FAIL',
          messageId: 'partial',
          data: {
            detail: `statement DenyInsecureTransport applies to principal {"AWS":"arn:aws:iam::111122223333:root"} rather than to every principal; ${NOTHING_COVERED}`,
          },
        },
      ],
    },
    {
      name: 'a Deny with NotPrincipal fails',
      items: [bucket(policy(deny({ Principal: undefined, NotPrincipal: { AWS: 'arn:aws:iam::111122223333:role/etl' } })))],
      expect: [{ resourceId: NAME, status: 'FAIL', messageId: 'partial', data: { detail: `statement DenyInsecureTransport uses NotPrincipal, which exempts some principals; ${NOTHING_COVERED}` } }],
    },
    {
      name: 'a Deny further limited by another condition fails and names it',
      items: [bucket(policy(deny({ Condition: { ...INSECURE, StringNotEquals: { 'aws:PrincipalAccount': '111122223333' } } })))],
      expect: [
        {
          resourceId: NAME,
          status: 'FAIL',
          messageId: 'partial',
          data: { detail: `statement DenyInsecureTransport is further limited by the condition StringNotEquals aws:PrincipalAccount; ${NOTHING_COVERED}` },
        },
      ],
    },
    {
      name: 'a Deny with NotResource is not credited',
      items: [bucket(policy(deny({ Resource: undefined, NotResource: 'arn:aws:s3:::kestrel-public/*' })))],
      expect: [{ resourceId: NAME, status: 'FAIL', messageId: 'partial', data: { detail: `${NOTHING_COVERED} (statement DenyInsecureTransport uses NotResource, which is not credited)` } }],
    },
    {
      name: 'a policy that only allows over TLS, without a Deny, fails',
      items: [bucket(policy({ Sid: 'TlsReads', Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: OBJECTS, Condition: { Bool: { 'aws:SecureTransport': 'true' } } }))],
      expect: [{ resourceId: NAME, status: 'FAIL', messageId: 'noTlsDeny', data: { bucket: NAME } }],
    },
    {
      name: 'a Deny on aws:SecureTransport = true is not a TLS requirement',
      items: [bucket(policy(deny({ Condition: { Bool: { 'aws:SecureTransport': 'true' } } })))],
      expect: [{ resourceId: NAME, status: 'FAIL', messageId: 'noTlsDeny' }],
    },
    {
      name: 'a bucket without a policy fails',
      items: [bucket({ BucketPolicy: { policyText: null } })],
      expect: [{ resourceId: NAME, status: 'FAIL', messageId: 'noPolicy', data: { bucket: NAME } }],
    },
    // ---- unknowns ----
    {
      name: 'a bucket with no recorded policy setting is unknown',
      items: [bucket({})],
      expect: [{ resourceId: NAME, status: 'UNKNOWN', messageId: 'missing', data: { bucket: NAME } }],
    },
    {
      name: 'a recorded policy setting without its text is unknown',
      items: [bucket({ BucketPolicy: {} })],
      expect: [{ resourceId: NAME, status: 'UNKNOWN', messageId: 'missing' }],
    },
    {
      name: 'a bucket whose policy could not be read is unknown',
      items: [bucket({ BucketPolicy: { policyText: null } })],
      failed: [
        {
          accountId: ACCOUNT,
          region: REGION,
          resourceTypes: ['AWS::S3::Bucket'],
          resourceIds: [NAME],
          service: 's3',
          operation: 'GetBucketPolicy',
          code: 'AccessDenied',
          message: 'denied by the test',
        },
      ],
      expect: [{ resourceId: NAME, status: 'UNKNOWN', messageId: 'collectionFailed' }],
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
        bucket({}, 'd-unrecorded'),
        bucket({ BucketPolicy: { policyText: null } }, 'c-no-policy'),
        bucket(policy(deny({ Resource: 'arn:aws:s3:::b-objects-only/*' })), 'b-objects-only'),
        bucket(policy(deny({ Resource: '*' })), 'a-tls'),
      ],
      expect: [
        { resourceId: 'a-tls', status: 'PASS', messageId: 'requiresTls' },
        { resourceId: 'b-objects-only', status: 'FAIL', messageId: 'partial' },
        { resourceId: 'c-no-policy', status: 'FAIL', messageId: 'noPolicy' },
        { resourceId: 'd-unrecorded', status: 'UNKNOWN', messageId: 'missing' },
      ],
    },
  ],
  { noNotApplicable: 'every S3 bucket can be reached over plain HTTP unless its policy denies it; no bucket is outside the rule' },
);
