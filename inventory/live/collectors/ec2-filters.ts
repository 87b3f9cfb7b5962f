/**
 * Targeted reads of EC2 types: the Describe call of the type with a filter, instead of a walk of
 * the Region.
 *
 * Named resources are read by the type's id filter (`instance-id`, `subnet-id` …), not by the
 * `…Ids` parameter: a describe by ids fails whole (`InvalidInstanceID.NotFound`,
 * `InvalidSubnetID.NotFound` …) as soon as one id no longer exists, while a filter answers the ones
 * that do — so a resource that is gone is simply absent from the answer, and the others are read.
 * Related resources are read by the type's filter for the relation (`vpc-id`, or
 * `attachment.vpc-id` for internet gateways). A filter answers page by page like a walk, and every
 * page is followed.
 */
import type { Filter } from '@aws-sdk/client-ec2';
import type { RelatedFilter, Restriction } from '../../source.js';
import { chunks } from '../../../aws/batches.js';

/** EC2 takes at most 200 values in one filter. */
const VALUES_PER_FILTER = 200;

/** One filtered request of a targeted read. */
export interface Ec2Selection {
  readonly filters: Filter[];
  /** The named resources it reads, for a failure's `resourceIds`; absent for a related filter (it names none). */
  readonly resourceIds?: string[];
}

/**
 * The filtered requests of a restricted EC2 type; `undefined` when the type is read whole (no
 * restriction, or a relation the type has no filter for). An empty list reads nothing.
 * @param idFilter the filter on the type's own id (`instance-id`)
 * @param related the type's filter for each relation it has (`{ 'vpc-id': 'vpc-id' }`)
 */
export function ec2Selections(restriction: Restriction | undefined, idFilter: string, related: Partial<Record<RelatedFilter, string>>): Ec2Selection[] | undefined {
  if (restriction === undefined) return undefined;
  if (restriction.kind === 'named') {
    const ids = [...new Set(restriction.resources.map((resource) => resource.resourceId))];
    return chunks(ids, VALUES_PER_FILTER).map((Values) => ({ filters: [{ Name: idFilter, Values }], resourceIds: Values }));
  }
  const name = related[restriction.filter];
  if (name === undefined) return undefined;
  return chunks([...new Set(restriction.values)], VALUES_PER_FILTER).map((Values) => ({ filters: [{ Name: name, Values }] }));
}
