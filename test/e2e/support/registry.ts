/**
 * What the seed created: every resource a live scan should find, under a logical name the expected
 * verdicts use (`eu:subnet-public-a`, `iam:role-public`), with the id gatewatch keys it by (its
 * AWS Config resourceId) and the tags it was given; and the counts of the API-call formulas.
 */
import type { ResourceType } from '../../../model/configuration-item.js';

export interface SeededResource {
  /** Logical name: `eu:…` (eu-west-1), `us:…` (us-east-1), `iam:…` / `cf:…` (global). */
  readonly key: string;
  readonly type: ResourceType;
  /** AWS Config's awsRegion: the Region, or `global`. */
  readonly region: string;
  /** The AWS Config resourceId gatewatch gives it. */
  readonly id: string;
  readonly tags: Readonly<Record<string, string>>;
  /** The Tagging API filter that lists it, when its collector reads tags there. */
  readonly tagging?: string;
}

export const REGIONS = ['eu-west-1', 'us-east-1'] as const;
export type SeedRegion = (typeof REGIONS)[number];
export const SHORT: Readonly<Record<SeedRegion, string>> = { 'eu-west-1': 'eu', 'us-east-1': 'us' };

/** The tag sets of the seed; `requiredTags` of the suite's settings is Environment and Team. */
export const TAGS = {
  prod: { Environment: 'prod', Team: 'platform' },
  dev: { Environment: 'dev', Team: 'sandbox' },
  /** Lacks Team: fails the tagging rule, still production for the multi-az gate. */
  prodUntagged: { Environment: 'prod' },
  none: {},
} as const satisfies Record<string, Record<string, string>>;

export type Tags = Readonly<Record<string, string>>;

/** `[{Key, Value}]` as a map. */
export const tagMap = (tags: readonly { Key?: string | undefined; Value?: string | undefined }[] | undefined): Record<string, string> =>
  Object.fromEntries((tags ?? []).flatMap(({ Key, Value }) => (Key === undefined ? [] : [[Key, Value ?? '']])));

/** `[{Key, Value}]` as most APIs take tags. */
export const tagList = (tags: Tags): { Key: string; Value: string }[] => Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));

export class Registry {
  private readonly resources = new Map<string, SeededResource>();

  add(resource: SeededResource): SeededResource {
    if (this.resources.has(resource.key)) throw new Error(`seed: ${resource.key} added twice`);
    this.resources.set(resource.key, resource);
    return resource;
  }

  get(key: string): SeededResource {
    const resource = this.resources.get(key);
    if (resource === undefined) throw new Error(`seed: no resource ${key}`);
    return resource;
  }

  has(key: string): boolean {
    return this.resources.has(key);
  }

  remove(key: string): void {
    this.resources.delete(key);
  }

  all(): SeededResource[] {
    return [...this.resources.values()];
  }

  of(type: ResourceType, region?: string): SeededResource[] {
    return this.all().filter((resource) => resource.type === type && (region === undefined || resource.region === region));
  }

  /** Tagged resources of a Region the Tagging API lists for these filters (`service[:type]`). */
  tagged(region: string, filters: readonly string[]): number {
    return this.all().filter(
      (resource) =>
        resource.region === region &&
        resource.tagging !== undefined &&
        Object.keys(resource.tags).length > 0 &&
        filters.some((filter) => resource.tagging === filter || resource.tagging?.startsWith(`${filter}:`) === true || filter === resource.tagging?.split(':')[0]),
    ).length;
  }
}
