/**
 * S3 buckets as AWS Config records them (AWS::S3::Bucket, with the supplementary configuration the
 * encryption rules read).
 *
 * ListBuckets (10 000 per page, every page) is the inventory, and gives each bucket's Region
 * (BucketRegion, returned whenever the request is paginated). S3 has no bulk call for a bucket's
 * encryption, policy or Public Access Block, so GetBucketEncryption, GetBucketPolicy and
 * GetPublicAccessBlock run once per bucket, on a client of the bucket's own Region, each in an
 * `attempt` scoped to that bucket: a failure makes that bucket UNKNOWN, not the others. "Not
 * configured" answers (ServerSideEncryptionConfigurationNotFoundError, NoSuchBucketPolicy,
 * NoSuchPublicAccessBlockConfiguration) are absent values, recognised by the error's name.
 *
 * Tags come from the Resource Groups Tagging API (`s3:bucket`), one walk per Region that holds
 * buckets — that API lists a bucket in the bucket's Region — instead of GetBucketTagging per bucket.
 *
 * Every listed bucket is emitted under its own Region: the context does not tell a collector the
 * scan's Regions, so buckets of Regions outside the scan cannot be skipped here (see the report).
 */
import {
  GetBucketEncryptionCommand,
  GetBucketLocationCommand,
  GetBucketPolicyCommand,
  GetPublicAccessBlockCommand,
  ListBucketsCommand,
  NoSuchBucket,
  S3Client,
  S3ServiceException,
  type ServerSideEncryptionConfiguration,
} from '@aws-sdk/client-s3';
import type { ResourceType } from '../../../model/configuration-item.js';
import { arnOf, taggingFilter } from '../../../model/resource-types/index.js';
import type { CollectContext, Collector, RawItem, TagsByArn } from '../collector.js';

const BUCKET = 'AWS::S3::Bucket' as const satisfies ResourceType;

interface Bucket {
  readonly name: string;
  readonly region: string;
  readonly creationDate: Date | undefined;
}

/** What the per-bucket calls found; a key is absent when the call failed (recorded) or the setting is not configured. */
type Supplementary = Record<string, unknown>;

/** The bucket was deleted between ListBuckets and a per-bucket call. */
const GONE = Symbol('gone');

/** An "is not configured" answer becomes `undefined`; a deleted bucket becomes {@link GONE}; anything else is thrown. */
function absentOn(code: string) {
  return (error: unknown): undefined | typeof GONE => {
    if (error instanceof NoSuchBucket) return GONE;
    if (error instanceof S3ServiceException && error.name === code) return undefined;
    throw error;
  };
}

/** GetBucketLocation's answer as a Region: empty means us-east-1, `EU` is eu-west-1's old name. */
function locationRegion(constraint: string | undefined): string {
  if (constraint === undefined || constraint === '') return 'us-east-1';
  return constraint === 'EU' ? 'eu-west-1' : constraint;
}

/** Every bucket with its Region. */
async function listBuckets(context: CollectContext, s3: S3Client): Promise<Bucket[]> {
  const buckets: Bucket[] = [];
  // A failure here leaves buckets unknown in every Region (none can be placed): no `region` scope.
  await context.attempt([BUCKET], async () => {
    const pages = context.pages(
      'ListBuckets',
      (ContinuationToken) => s3.send(new ListBucketsCommand({ MaxBuckets: 10_000, ContinuationToken })),
      (page) => page.ContinuationToken,
    );
    for await (const page of pages) {
      for (const bucket of page.Buckets ?? []) {
        if (bucket.Name === undefined) continue;
        const name = bucket.Name;
        // Endpoints that predate BucketRegion (S3-compatible stores) need one GetBucketLocation per bucket.
        const region =
          bucket.BucketRegion ??
          locationRegion((await context.call('GetBucketLocation', () => s3.send(new GetBucketLocationCommand({ Bucket: name })))).LocationConstraint);
        buckets.push({ name, region, creationDate: bucket.CreationDate });
      }
    }
  });
  return buckets;
}

function encryptionConfiguration(configuration: ServerSideEncryptionConfiguration): Record<string, unknown> {
  return {
    rules: (configuration.Rules ?? []).map((rule) => ({
      ...(rule.ApplyServerSideEncryptionByDefault === undefined
        ? {}
        : {
            applyServerSideEncryptionByDefault: {
              sseAlgorithm: rule.ApplyServerSideEncryptionByDefault.SSEAlgorithm,
              ...(rule.ApplyServerSideEncryptionByDefault.KMSMasterKeyID === undefined ? {} : { kmsMasterKeyID: rule.ApplyServerSideEncryptionByDefault.KMSMasterKeyID }),
            },
          }),
      ...(rule.BucketKeyEnabled === undefined ? {} : { bucketKeyEnabled: rule.BucketKeyEnabled }),
    })),
  };
}

/** The three per-bucket reads, on the bucket's Region; `GONE` when the bucket no longer exists. */
async function readBucket(context: CollectContext, bucket: Bucket): Promise<Supplementary | typeof GONE> {
  const s3 = context.client(S3Client, bucket.region);
  const Bucket = bucket.name;
  const scope = { resourceIds: [bucket.name], region: bucket.region };
  const supplementary: Supplementary = {};
  let gone = false;

  await Promise.all([
    context.attempt(
      [BUCKET],
      async () => {
        const output = await context.call('GetBucketEncryption', () =>
          s3.send(new GetBucketEncryptionCommand({ Bucket })).catch(absentOn('ServerSideEncryptionConfigurationNotFoundError')),
        );
        if (output === GONE) gone = true;
        // S3's explicit "no default encryption" answer is evidence, recorded as an empty rule list
        // (s3-bucket-encrypted-at-rest FAILs it); an absent key would read as "not recorded".
        else if (output === undefined) supplementary['ServerSideEncryptionConfiguration'] = { rules: [] };
        else if (output.ServerSideEncryptionConfiguration !== undefined) {
          supplementary['ServerSideEncryptionConfiguration'] = encryptionConfiguration(output.ServerSideEncryptionConfiguration);
        }
      },
      scope,
    ),
    context.attempt(
      [BUCKET],
      async () => {
        const output = await context.call('GetBucketPolicy', () => s3.send(new GetBucketPolicyCommand({ Bucket })).catch(absentOn('NoSuchBucketPolicy')));
        if (output === GONE) gone = true;
        // AWS Config records a bucket without a policy as `policyText: null`.
        else supplementary['BucketPolicy'] = { policyText: output?.Policy ?? null };
      },
      scope,
    ),
    context.attempt(
      [BUCKET],
      async () => {
        const output = await context.call('GetPublicAccessBlock', () =>
          s3.send(new GetPublicAccessBlockCommand({ Bucket })).catch(absentOn('NoSuchPublicAccessBlockConfiguration')),
        );
        if (output === GONE) gone = true;
        else if (output?.PublicAccessBlockConfiguration !== undefined) {
          const { BlockPublicAcls, IgnorePublicAcls, BlockPublicPolicy, RestrictPublicBuckets } = output.PublicAccessBlockConfiguration;
          supplementary['PublicAccessBlockConfiguration'] = {
            ...(BlockPublicAcls === undefined ? {} : { blockPublicAcls: BlockPublicAcls }),
            ...(IgnorePublicAcls === undefined ? {} : { ignorePublicAcls: IgnorePublicAcls }),
            ...(BlockPublicPolicy === undefined ? {} : { blockPublicPolicy: BlockPublicPolicy }),
            ...(RestrictPublicBuckets === undefined ? {} : { restrictPublicBuckets: RestrictPublicBuckets }),
          };
        }
      },
      scope,
    ),
  ]);
  return gone ? GONE : supplementary;
}

export function bucketItem(context: CollectContext, bucket: Bucket, supplementary: Supplementary, tags: TagsByArn): RawItem {
  const arn = arnOf(BUCKET, context, bucket.name);
  const created = bucket.creationDate?.toISOString();
  return {
    resourceType: BUCKET,
    awsRegion: bucket.region,
    resourceId: bucket.name,
    resourceName: bucket.name,
    ARN: arn,
    availabilityZone: 'Regional',
    resourceCreationTime: created,
    tags: tags.get(arn) ?? {},
    configuration: { name: bucket.name, ...(created === undefined ? {} : { creationDate: created }) },
    supplementaryConfiguration: supplementary,
  };
}

export const s3Collector: Collector = {
  service: 's3',
  produces: [BUCKET],
  global: true,
  async collect(context, types) {
    if (!types.has(BUCKET)) return;
    // Buckets of Regions outside the scan have no scope to be judged in: no calls for them.
    const scanned = new Set(context.regions);
    const buckets = (await listBuckets(context, context.client(S3Client))).filter((bucket) => scanned.has(bucket.region));
    if (buckets.length === 0) return;

    // One tag walk per Region that holds buckets; a failed walk leaves only that Region's bucket tags unknown.
    const tags = new Map<string, Readonly<Record<string, string>>>();
    const tagWalks = Promise.all(
      [...new Set(buckets.map((bucket) => bucket.region))].map((region) =>
        context.attempt(
          [BUCKET],
          async () => {
            for (const [arn, tagSet] of await context.taggingApi([taggingFilter(BUCKET)], region)) tags.set(arn, tagSet);
          },
          { aspect: 'tags', region },
        ),
      ),
    );
    const reads = await Promise.all(buckets.map((bucket) => readBucket(context, bucket)));
    await tagWalks;

    buckets.forEach((bucket, index) => {
      const read = reads[index];
      if (read === undefined || read === GONE) return;
      context.emit(bucketItem(context, bucket, read, tags));
    });
  },
};
