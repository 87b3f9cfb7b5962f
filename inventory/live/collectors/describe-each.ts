/**
 * The shape shared by services that list resources in bulk but describe them one per call (SNS,
 * SQS, DynamoDB, Kinesis: AWS offers no bulk describe for them).
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
