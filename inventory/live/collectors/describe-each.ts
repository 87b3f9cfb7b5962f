/**
 * The shape shared by services that list resources in bulk but describe them one per call (SNS,
 * SQS, DynamoDB, Kinesis: AWS offers no bulk describe for them); and the targeted reads of the
 * resources a change event names, one call by id each, that many collectors share (describeNamed,
 * readNamed, goneOn).
 */
import type { ResourceType } from '../../../model/configuration-item.js';
import { CallFailure } from '../../../aws/call-failure.js';
import type { CollectContext, RawItem, TagsByArn } from '../collector.js';

/** The outcome of reading one listed resource: its detail, or failed (recorded by `attempt`). */
type Read<D> = { readonly kind: 'read'; readonly detail: D } | { readonly kind: 'failed' };

export interface DescribeEach<R, D> {
  readonly type: ResourceType;
  /** Tagging API filters for the type (`service[:resourceType]`). */
  readonly tagFilters: readonly string[];
  /** What the bulk listing returned. */
  readonly listed: readonly R[];
  /** The id a failed read is recorded under (the resource's `resourceId`). */
  readonly resourceId: (resource: R) => string;
  /**
   * The per-resource read. It runs inside its own `attempt` scoped to that resource, so a throw
   * (a failed call, a resource deleted since it was listed, an answer without the detail) is
   * recorded and makes that resource alone UNKNOWN.
   */
  readonly read: (resource: R) => Promise<D>;
  /** The item; `detail` is undefined when the read failed (the resource then shows as UNKNOWN). */
  readonly item: (resource: R, detail: D | undefined, tags: TagsByArn) => RawItem;
}

async function readOne<R, D>(context: CollectContext, options: DescribeEach<R, D>, resource: R): Promise<Read<D>> {
  let read: Read<D> = { kind: 'failed' };
  await context.attempt(
    [options.type],
    async () => {
      read = { kind: 'read', detail: await options.read(resource) };
    },
    { resourceIds: [options.resourceId(resource)] },
  );
  return read;
}

/**
 * One tag walk (its failure a tags-only error), the per-resource reads in parallel under the
 * service's limit, and every listed resource emitted in list order — with only what the listing
 * gave when its read failed, so it is judged UNKNOWN rather than vanishing.
 */
export async function describeEach<R, D>(context: CollectContext, options: DescribeEach<R, D>): Promise<void> {
  if (options.listed.length === 0) return;
  let tags: TagsByArn = new Map();
  const tagWalk = context.attempt(
    [options.type],
    async () => {
      tags = await context.taggingApi(options.tagFilters);
    },
    { aspect: 'tags' },
  );
  const reads = await Promise.all(options.listed.map((resource) => readOne(context, options, resource)));
  await tagWalk;
  options.listed.forEach((resource, index) => {
    const read = reads[index];
    if (read === undefined) return;
    context.emit(options.item(resource, read.kind === 'read' ? read.detail : undefined, tags));
  });
}

/** What a per-resource read knows of the listing that named the resource. */
export interface Listed {
  /** `queue https://…`, `table orders`: the resource as a person names it. */
  readonly resource: string;
  /** The listing call that named it (`ListQueues`). */
  readonly listing: string;
  /** The service's not-found error code (`QueueDoesNotExist`, `ResourceNotFoundException`). */
  readonly notFound: string;
  /** Whether an SDK error is that not-found error (its exception class). */
  readonly isNotFound: (cause: unknown) => boolean;
}

/**
 * A failed per-resource read as it is recorded: a not-found answer once the listing named the
 * resource says it was deleted in between (or cannot be read), recorded so for that resource
 * (UNKNOWN, never a silent skip); any other failure as it is.
 */
export function listedThenFailed(error: unknown, listed: Listed): unknown {
  if (!(error instanceof CallFailure && (listed.isNotFound(error.cause) || error.code === listed.notFound))) return error;
  const message = `${listed.resource} was listed by ${listed.listing}, then ${error.service}:${error.operation} answered ${listed.notFound}: deleted in between, or not readable; judged on the next scan`;
  return new CallFailure(error.service, error.operation, listed.notFound, { name: listed.notFound, message });
}

/** The outcome of reading one named resource: its detail, gone (AWS says it does not exist), or failed (recorded). */
type NamedRead<D> = Read<D> | { readonly kind: 'gone' };

export interface DescribeNamed<R, D> {
  readonly type: ResourceType;
  /** The resources a change event names, as the per-resource call takes them (a queue URL, a topic ARN, a table name …). */
  readonly named: readonly R[];
  /** The id a failed read is recorded under (the resource's `resourceId`). */
  readonly resourceId: (resource: R) => string;
  /**
   * The per-resource read, in its own `attempt` scoped to that resource; `undefined` when AWS
   * answers with the API's not-found code (see {@link goneOn}): the resource no longer exists.
   */
  readonly read: (resource: R) => Promise<D | undefined>;
  /** The ARN of the item (the one its tags are read under). */
  readonly arn: (resource: R, detail: D | undefined) => string;
  /** The item; `detail` is undefined when the read failed (the resource then shows as UNKNOWN). */
  readonly item: (resource: R, detail: D | undefined, tags: TagsByArn) => RawItem;
}

/**
 * The targeted read of the services that describe one resource per call: the named resources'
 * reads in parallel, their tags by ARN (one GetResources for up to 100, no walk of the Region),
 * and every named resource emitted — but for those AWS says no longer exist, which are absent as
 * they are from a listing, so their findings can be archived. A failed read is recorded for that
 * resource and the resource emitted with what the name gives, so it is UNKNOWN rather than gone.
 */
export async function describeNamed<R, D>(context: CollectContext, options: DescribeNamed<R, D>): Promise<void> {
  const reads = await Promise.all(
    options.named.map(async (resource): Promise<NamedRead<D>> => {
      let read: NamedRead<D> = { kind: 'failed' };
      await context.attempt(
        [options.type],
        async () => {
          const detail = await options.read(resource);
          read = detail === undefined ? { kind: 'gone' } : { kind: 'read', detail };
        },
        { resourceIds: [options.resourceId(resource)] },
      );
      return read;
    }),
  );
  const present = options.named.flatMap((resource, index) => {
    const read = reads[index];
    return read === undefined || read.kind === 'gone' ? [] : [{ resource, detail: read.kind === 'read' ? read.detail : undefined }];
  });
  if (present.length === 0) return;
  let tags: TagsByArn = new Map();
  await context.attempt(
    [options.type],
    async () => {
      tags = await context.tagsOf(present.map(({ resource, detail }) => options.arn(resource, detail)));
    },
    { aspect: 'tags', resourceIds: present.map(({ resource }) => options.resourceId(resource)) },
  );
  for (const { resource, detail } of present) context.emit(options.item(resource, detail, tags));
}

/**
 * For a targeted read: `undefined` when the failed call answered the service's not-found error —
 * the resource no longer exists — and the failure rethrown otherwise.
 * @param codes the API's not-found error codes, exactly (the SDK's exception name, and the query protocol's code where it differs)
 */
export function goneOn(error: unknown, codes: readonly string[], isNotFound: (cause: unknown) => boolean): undefined {
  if (error instanceof CallFailure && (isNotFound(error.cause) || codes.includes(error.code))) return undefined;
  throw error;
}

/**
 * Reads each named resource with its describe call by id, in its own `attempt` scoped to it: the
 * resources `read` returns (`undefined` or none when AWS says the resource does not exist, see
 * {@link goneOn}: it is then absent), any other failure recorded for that resource.
 */
export async function readNamed<R>(context: CollectContext, type: ResourceType, ids: readonly string[], read: (id: string) => Promise<readonly R[] | undefined>): Promise<R[]> {
  const found: R[] = [];
  await Promise.all(
    [...new Set(ids)].map((id) =>
      context.attempt(
        [type],
        async () => {
          found.push(...((await read(id)) ?? []));
        },
        { resourceIds: [id] },
      ),
    ),
  );
  return found;
}
