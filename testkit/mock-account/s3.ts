/**
 * S3 in the mocked account: buckets per Region, listed once for the account (on the home Region's
 * client); the per-bucket calls must use the bucket's Region.
 */

import {
  GetBucketEncryptionCommand,
  GetBucketLocationCommand,
  GetBucketPolicyCommand,
  GetPublicAccessBlockCommand,
  ListBucketsCommand,
  S3Client,
  S3ServiceException,
  type BucketLocationConstraint,
  type GetBucketEncryptionCommandInput,
  type GetBucketEncryptionCommandOutput,
  type GetBucketLocationCommandInput,
  type GetBucketLocationCommandOutput,
  type GetBucketPolicyCommandInput,
  type GetBucketPolicyCommandOutput,
  type GetPublicAccessBlockCommandInput,
  type GetPublicAccessBlockCommandOutput,
  type ListBucketsCommandInput,
  type ListBucketsCommandOutput,
} from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { awsError, type Build, CREATED, type GetClient, hex, type Out, paginate, regionOf, type Restorable, tagsOf } from './kit.js';

export interface Bucket {
  readonly name: string;
  readonly region: string;
  readonly policy: string | undefined;
  readonly kmsKey: string | undefined;
}

export interface S3Data {
  readonly buckets: Bucket[];
}

export function s3Data(build: Build): S3Data {
  const { region, n, arn, register } = build;
  const buckets: Bucket[] = Array.from({ length: n }, (_, index) => {
    const name = `gatewatch-bench-${region}-${index}`;
    register(`arn:aws:s3:::${name}`, 's3', 'bucket', tagsOf('bucket', index));
    return {
      name,
      region,
      policy:
        index % 3 === 0
          ? JSON.stringify({
              Version: '2012-10-17',
              Statement: [{ Sid: 'DenyInsecureTransport', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: [`arn:aws:s3:::${name}`, `arn:aws:s3:::${name}/*`], Condition: { Bool: { 'aws:SecureTransport': 'false' } } }],
            })
          : undefined,
      kmsKey: index % 2 === 0 ? arn('kms', 'key/0b1c2d3e-0000-4000-8000-000000000008') : undefined,
    };
  });
  return { buckets };
}

/**
 * `listsBucketRegions: false` answers ListBuckets without BucketRegion, as endpoints that predate it
 * do (S3-compatible stores), so the collector asks GetBucketLocation per bucket.
 */
export function mockS3(regions: readonly S3Data[], listsBucketRegions = true): Restorable[] {
  const s3 = mockClient(S3Client);
  const buckets = new Map(regions.flatMap((data) => data.buckets.map((bucket) => [bucket.name, bucket] as const)));
  const allBuckets = [...buckets.values()];
  const bucketAt = async (name: string | undefined, getClient: GetClient): Promise<Bucket> => {
    const bucket = buckets.get(name ?? '');
    if (bucket === undefined) throw awsError('NoSuchBucket', `no bucket ${String(name)}`);
    const region = await regionOf(getClient);
    if (region !== bucket.region) throw awsError('PermanentRedirect', `bucket ${bucket.name} is in ${bucket.region}, not ${region}`);
    return bucket;
  };
  const notConfigured = (name: string, message: string) => new S3ServiceException({ name, $fault: 'client', $metadata: { httpStatusCode: 404, attempts: 1 }, message });
  s3.on(ListBucketsCommand).callsFake(async (input: ListBucketsCommandInput): Promise<Out<ListBucketsCommandOutput>> => {
    // Prefix and BucketRegion narrow the listing, as S3 applies them.
    const { Prefix, BucketRegion } = input;
    const listed = Prefix === undefined && BucketRegion === undefined ? allBuckets : allBuckets.filter((bucket) => bucket.name.startsWith(Prefix ?? '') && (BucketRegion === undefined || bucket.region === BucketRegion));
    const page = paginate(`ListBuckets:${Prefix ?? ''}:${BucketRegion ?? ''}`, listed, input.ContinuationToken, input.MaxBuckets, 10_000);
    return {
      Buckets: page.items.map((bucket) => ({ Name: bucket.name, CreationDate: CREATED, ...(listsBucketRegions ? { BucketRegion: bucket.region } : {}) })),
      Owner: { ID: hex(1, 64) },
      ContinuationToken: page.next,
    };
  });
  // Any Region's client answers; us-east-1 is the empty constraint.
  s3.on(GetBucketLocationCommand).callsFake(async (input: GetBucketLocationCommandInput): Promise<Out<GetBucketLocationCommandOutput>> => {
    const bucket = buckets.get(input.Bucket ?? '');
    if (bucket === undefined) throw awsError('NoSuchBucket', `no bucket ${String(input.Bucket)}`);
    return bucket.region === 'us-east-1' ? {} : { LocationConstraint: bucket.region as BucketLocationConstraint };
  });
  s3.on(GetBucketEncryptionCommand).callsFake(async (input: GetBucketEncryptionCommandInput, getClient): Promise<Out<GetBucketEncryptionCommandOutput>> => {
    const bucket = await bucketAt(input.Bucket, getClient);
    return {
      ServerSideEncryptionConfiguration: {
        Rules: [
          bucket.kmsKey === undefined
            ? { ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' }, BucketKeyEnabled: false }
            : { ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: bucket.kmsKey }, BucketKeyEnabled: true },
        ],
      },
    };
  });
  s3.on(GetBucketPolicyCommand).callsFake(async (input: GetBucketPolicyCommandInput, getClient): Promise<Out<GetBucketPolicyCommandOutput>> => {
    const bucket = await bucketAt(input.Bucket, getClient);
    if (bucket.policy === undefined) throw notConfigured('NoSuchBucketPolicy', 'The bucket policy does not exist');
    return { Policy: bucket.policy };
  });
  s3.on(GetPublicAccessBlockCommand).callsFake(async (input: GetPublicAccessBlockCommandInput, getClient): Promise<Out<GetPublicAccessBlockCommandOutput>> => {
    await bucketAt(input.Bucket, getClient);
    return { PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true } };
  });
  return [s3];
}
