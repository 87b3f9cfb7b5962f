/** S3 buckets, with the supplementary configuration AWS Config records and the encryption rules read. */
import { z } from 'zod';
import type { BuiltArnFormat } from './arn.js';
import { calls, type CallDetail, type Reading } from './calls.js';
import { describeService } from './describe.js';
import { bool, loose, str } from './fields.js';
import { policyDocumentField } from '../policy-document.js';

/** A bucket's ARN has no Region, no account and no '/' (`arn:aws:s3:::bucket/key` is an object). */
const BUCKET_ARN: BuiltArnFormat = {
  service: 's3',
  regional: false,
  inAccount: false,
  resource: /^([^/]+)$/,
  id: 'name',
  build: (scope, name) => `arn:${scope.partition}:s3:::${name}`,
};

const bucketRead = (call: CallDetail): Reading => {
  const name = call.text(['requestParameters', 'bucketName']);
  return [{ resourceType: 'AWS::S3::Bucket', resourceId: name, arn: BUCKET_ARN.build(call, name) }];
};

/** A new bucket lives in its LocationConstraint (`EU` is Ireland's legacy name; none is us-east-1, where the call then ran). */
function bucketCreatedIn(call: CallDetail): string {
  const constraint = call.optionalText(['requestParameters', 'CreateBucketConfiguration', 'LocationConstraint']);
  if (constraint === undefined) return call.region;
  return constraint === 'EU' ? 'eu-west-1' : constraint;
}

export const s3 = describeService({
  types: {
    'AWS::S3::Bucket': {
      schema: loose({ name: str }),
      supplementary: loose({
        ServerSideEncryptionConfiguration: loose({
          rules: z
            .array(
              loose({
                applyServerSideEncryptionByDefault: loose({ sseAlgorithm: str, kmsMasterKeyID: str }).nullish(),
                bucketKeyEnabled: bool,
              }),
            )
            .nullish(),
        }).nullish(),
        BucketPolicy: loose({ policyText: policyDocumentField }).nullish(),
        PublicAccessBlockConfiguration: loose({
          blockPublicAcls: bool,
          ignorePublicAcls: bool,
          blockPublicPolicy: bool,
          restrictPublicBuckets: bool,
        }).nullish(),
      }),
      taggable: true,
      asff: 'AwsS3Bucket',
      tagging: 's3:bucket',
      arn: BUCKET_ARN,
      // GetBucketLocation only where the bucket list gives no Region (S3-compatible endpoints).
      reads: ['s3:GetBucketLocation', 's3:GetBucketPolicy', 's3:GetBucketPublicAccessBlock', 's3:GetEncryptionConfiguration', 's3:ListAllMyBuckets'],
      changedBy: [
        calls('s3', ['CreateBucket'], bucketRead, bucketCreatedIn),
        calls(
          's3',
          [
            'PutBucketEncryption',
            'DeleteBucketEncryption',
            'PutBucketPolicy',
            'DeleteBucketPolicy',
            'PutBucketPublicAccessBlock',
            'DeleteBucketPublicAccessBlock',
            'PutBucketTagging',
            'DeleteBucketTagging',
          ],
          bucketRead,
        ),
      ],
    },
  },
});
