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
 * A listed bucket never vanishes from the report. One that a per-bucket call answers `NoSuchBucket`
 * (deleted between ListBuckets and that call) is still emitted, with a `NoSuchBucket` error of that
 * call for it, so its rules are UNKNOWN for it. A listed bucket without a name, or whose Region
 * GetBucketLocation cannot tell, cannot be placed in a Region: it is recorded for buckets in every
 * Region of the scan (incomplete there), and the listing goes on.
 *
 * Tags come from the Resource Groups Tagging API (`s3:bucket`), one walk per Region that holds
 * buckets — that API lists a bucket in the bucket's Region — instead of GetBucketTagging per bucket.
 *
 * Every listed bucket of a scanned Region is emitted under its own Region; buckets of Regions
 * outside the scan have no scope to be judged in, so no call is made for them.
 *
 * A change event reads only the buckets it names (by name: the bucket's id), see collectNamed.
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
import { CallFailure } from '../../../aws/call-failure.js';
import { asAwsError } from '../../../aws/errors.js';
import { arnOf, taggingFilter } from '../../../model/resource-types/index.js';
import { namedResources, type CollectContext, type Collector, type RawItem, type TagsByArn } from '../collector.js';

const BUCKET = 'AWS::S3::Bucket' as const satisfies ResourceType;

interface Bucket {
  readonly name: string;
  readonly region: string;
  readonly creationDate: Date | undefined;
}

/** What the per-bucket calls found; a key is absent when the call failed (recorded) or the setting is not configured. */
type Supplementary = Record<string, unknown>;

const NO_SUCH_BUCKET = 'NoSuchBucket';

/** An "is not configured" answer becomes `undefined`; anything else — `NoSuchBucket` included — is thrown. */
function absentOn(code: string) {
  return (error: unknown): undefined => {
    if (error instanceof S3ServiceException && error.name === code) return undefined;
    throw error;
  };
}

/**
 * Runs a per-bucket call; a `NoSuchBucket` answer is rethrown with a message that says what it
 * means (the bucket was listed, then deleted), for the bucket's error.
 */
async function bucketCall<O>(context: CollectContext, operation: string, bucket: string, region: string, request: () => Promise<O>): Promise<O> {
  try {
    return await context.call(operation, request, { region });
  } catch (error) {
    if (error instanceof CallFailure && (error.cause instanceof NoSuchBucket || error.code === NO_SUCH_BUCKET)) {
      const message = `bucket ${bucket} was listed by ListBuckets, then s3:${operation} answered ${NO_SUCH_BUCKET}: deleted since the listing, it cannot be judged`;
      throw new CallFailure(error.service, operation, NO_SUCH_BUCKET, { name: NO_SUCH_BUCKET, message });
    }
    throw error;
  }
}

/** GetBucketLocation's answer as a Region: empty means us-east-1, `EU` is eu-west-1's old name. */
function locationRegion(constraint: string | undefined): string {
  if (constraint === undefined || constraint === '') return 'us-east-1';
  return constraint === 'EU' ? 'eu-west-1' : constraint;
}

/**
 * Every bucket with its Region; with `named`, only that bucket, listed with its name as prefix (S3
 * has no call that reads one bucket's entry by name: a listing by prefix is the narrowest), else
 * located by GetBucketLocation when the listing does not show it yet; its failures recorded for
 * it alone, and absent when S3 no longer knows it.
 */
async function listBuckets(context: CollectContext, s3: S3Client, named?: string): Promise<Bucket[]> {
  const buckets: Bucket[] = [];
  const failureScope = named === undefined ? {} : { resourceIds: [named] };
  // A failure here leaves buckets unknown in every Region (none can be placed): no `region` scope.
  await context.attempt(
    [BUCKET],
    async () => {
      const pages = context.pages(
        'ListBuckets',
        (ContinuationToken) => s3.send(new ListBucketsCommand({ MaxBuckets: 10_000, ContinuationToken, ...(named === undefined ? {} : { Prefix: named }) })),
        (page) => page.ContinuationToken,
      );
      for await (const page of pages) {
        for (const bucket of page.Buckets ?? []) {
          const name = bucket.Name;
          // The other buckets the prefix lists were not asked for: no call for them.
          if (named !== undefined && name !== named) continue;
          if (name === undefined || name === '') {
            const message = `ListBuckets returned a bucket without a Name (created ${bucket.CreationDate?.toISOString() ?? 'at an unknown date'}, Region ${bucket.BucketRegion ?? 'not given'}): it cannot be judged`;
            // Recorded in its Region when the list gives one; otherwise it cannot be placed, and buckets of every scanned Region are incomplete.
            const scope = bucket.BucketRegion === undefined || bucket.BucketRegion === '' ? {} : { region: bucket.BucketRegion };
            await context.attempt([BUCKET], () => Promise.reject(new CallFailure('s3', 'ListBuckets', 'MalformedResponse', { name: 'MalformedResponse', message })), scope);
            continue;
          }
          if (bucket.BucketRegion !== undefined && bucket.BucketRegion !== '') {
            buckets.push({ name, region: bucket.BucketRegion, creationDate: bucket.CreationDate });
            continue;
          }
          // Endpoints that predate BucketRegion (S3-compatible stores) need one GetBucketLocation per
          // bucket. One that fails leaves that bucket unplaced — recorded, with no `region` scope, for
          // buckets of every scanned Region — and the listing goes on.
          await context.attempt(
            [BUCKET],
            async () => {
              const location = await bucketCall(context, 'GetBucketLocation', name, context.region, () => s3.send(new GetBucketLocationCommand({ Bucket: name }))).catch((error: unknown) => {
                // A named bucket S3 no longer knows is gone, not a failure.
                if (named !== undefined && error instanceof CallFailure && error.code === NO_SUCH_BUCKET) return undefined;
                if (!(error instanceof CallFailure) || error.code === NO_SUCH_BUCKET) throw error;
                const message = `bucket ${name}: ${asAwsError(error.cause).message ?? error.message}; its Region is unknown`;
                throw new CallFailure(error.service, error.operation, error.code, { name: error.code, message });
              });
              if (location !== undefined) buckets.push({ name, region: locationRegion(location.LocationConstraint), creationDate: bucket.CreationDate });
            },
            failureScope,
          );
        }
      }
      // ListBuckets is eventually consistent: a bucket created a moment ago (the CreateBucket that
      // sent this event) may not be listed yet. Its location says whether it exists: `NoSuchBucket`
      // means gone; otherwise it is read without the creation date only the listing gives.
      if (named !== undefined && buckets.length === 0) {
        const location = await bucketCall(context, 'GetBucketLocation', named, context.region, () => s3.send(new GetBucketLocationCommand({ Bucket: named }))).catch((error: unknown) => {
          if (error instanceof CallFailure && error.code === NO_SUCH_BUCKET) return undefined;
          throw error;
        });
        if (location !== undefined) buckets.push({ name: named, region: locationRegion(location.LocationConstraint), creationDate: undefined });
      }
    },
    failureScope,
  );
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

/**
 * The three per-bucket reads, on the bucket's Region. A failed read — `NoSuchBucket` included — is
 * recorded for that bucket and leaves its key absent; the bucket is emitted all the same. With
 * `gone` (a read of named buckets), a `NoSuchBucket` answer is no failure: the bucket was deleted
 * since it was listed a moment ago, and it goes into `gone`, to be left out like any bucket that
 * no longer exists.
 */
async function readBucket(context: CollectContext, bucket: Bucket, gone?: Set<string>): Promise<Supplementary> {
  const s3 = context.client(S3Client, bucket.region);
  const Bucket = bucket.name;
  const scope = { resourceIds: [bucket.name], region: bucket.region };
  const supplementary: Supplementary = {};
  const read = (task: () => Promise<void>) => async () => {
    try {
      await task();
    } catch (error) {
      if (gone !== undefined && error instanceof CallFailure && error.code === NO_SUCH_BUCKET) gone.add(bucket.name);
      else throw error;
    }
  };

  await Promise.all([
    context.attempt(
      [BUCKET],
      read(async () => {
        const output = await bucketCall(context, 'GetBucketEncryption', Bucket, bucket.region, () =>
          s3.send(new GetBucketEncryptionCommand({ Bucket })).catch(absentOn('ServerSideEncryptionConfigurationNotFoundError')),
        );
        // S3's explicit "no default encryption" answer is evidence, recorded as an empty rule list
        // (s3-bucket-encrypted-at-rest FAILs it); an absent key would read as "not recorded".
        if (output === undefined) supplementary['ServerSideEncryptionConfiguration'] = { rules: [] };
        else if (output.ServerSideEncryptionConfiguration !== undefined) {
          supplementary['ServerSideEncryptionConfiguration'] = encryptionConfiguration(output.ServerSideEncryptionConfiguration);
        }
      }),
      scope,
    ),
    context.attempt(
      [BUCKET],
      read(async () => {
        const output = await bucketCall(context, 'GetBucketPolicy', Bucket, bucket.region, () => s3.send(new GetBucketPolicyCommand({ Bucket })).catch(absentOn('NoSuchBucketPolicy')));
        // AWS Config records a bucket without a policy as `policyText: null`.
        supplementary['BucketPolicy'] = { policyText: output?.Policy ?? null };
      }),
      scope,
    ),
    context.attempt(
      [BUCKET],
      read(async () => {
        const output = await bucketCall(context, 'GetPublicAccessBlock', Bucket, bucket.region, () =>
          s3.send(new GetPublicAccessBlockCommand({ Bucket })).catch(absentOn('NoSuchPublicAccessBlockConfiguration')),
        );
        if (output?.PublicAccessBlockConfiguration !== undefined) {
          const { BlockPublicAcls, IgnorePublicAcls, BlockPublicPolicy, RestrictPublicBuckets } = output.PublicAccessBlockConfiguration;
          supplementary['PublicAccessBlockConfiguration'] = {
            ...(BlockPublicAcls === undefined ? {} : { blockPublicAcls: BlockPublicAcls }),
            ...(IgnorePublicAcls === undefined ? {} : { ignorePublicAcls: IgnorePublicAcls }),
            ...(BlockPublicPolicy === undefined ? {} : { blockPublicPolicy: BlockPublicPolicy }),
            ...(RestrictPublicBuckets === undefined ? {} : { restrictPublicBuckets: RestrictPublicBuckets }),
          };
        }
      }),
      scope,
    ),
  ]);
  return supplementary;
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

/**
 * The named buckets only: each one's entry by a listing of its name as prefix (its Region and
 * creation date, which no per-bucket call gives), the three per-bucket reads, and its tags by ARN
 * (one GetResources per Region, no walk). A bucket the listing does not show, or that a per-bucket
 * call answers `NoSuchBucket`, no longer exists: it is absent. Every other failure is recorded for
 * that bucket.
 */
async function collectNamed(context: CollectContext, names: readonly string[], scanned: ReadonlySet<string>): Promise<void> {
  const s3 = context.client(S3Client);
  const listed = await Promise.all([...new Set(names)].map((name) => listBuckets(context, s3, name)));
  const buckets = listed.flat().filter((bucket) => scanned.has(bucket.region));
  if (buckets.length === 0) return;

  const tags = new Map<string, Readonly<Record<string, string>>>();
  const byRegion = new Map<string, Bucket[]>();
  for (const bucket of buckets) byRegion.set(bucket.region, [...(byRegion.get(bucket.region) ?? []), bucket]);
  const tagReads = Promise.all(
    [...byRegion].map(([region, inRegion]) =>
      context.attempt(
        [BUCKET],
        async () => {
          for (const [arn, tagSet] of await context.tagsOf(inRegion.map((bucket) => arnOf(BUCKET, context, bucket.name)), region)) tags.set(arn, tagSet);
        },
        { aspect: 'tags', region, resourceIds: inRegion.map((bucket) => bucket.name) },
      ),
    ),
  );
  const gone = new Set<string>();
  const reads = await Promise.all(buckets.map((bucket) => readBucket(context, bucket, gone)));
  await tagReads;
  buckets.forEach((bucket, index) => {
    if (!gone.has(bucket.name)) context.emit(bucketItem(context, bucket, reads[index] ?? {}, tags));
  });
}

export const s3Collector: Collector = {
  service: 's3',
  produces: [BUCKET],
  global: true,
  async collect(context, types) {
    if (!types.has(BUCKET)) return;
    // Buckets of Regions outside the scan have no scope to be judged in: no calls for them.
    const scanned = new Set(context.regions);
    const named = namedResources(context, BUCKET);
    if (named !== undefined) {
      await collectNamed(
        context,
        named.map((resource) => resource.resourceId),
        scanned,
      );
      return;
    }
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

    // Every listed bucket is emitted; what could not be read is recorded for it (see readBucket).
    buckets.forEach((bucket, index) => context.emit(bucketItem(context, bucket, reads[index] ?? {}, tags)));
  },
};
