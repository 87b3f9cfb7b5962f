/**
 * The one data shape of gatewatch: the AWS Config configuration item (CI).
 *
 * `resourceType` discriminates; `configuration` and `supplementaryConfiguration` are typed by the
 * schemas of each type's description (model/resource-types/, gathered in configuration-schemas.ts).
 */
import type { z } from 'zod';
import type { configurationSchemas, supplementarySchemas } from './configuration-schemas.js';
import { describedTypes } from './resource-types/index.js';

export type TypedResourceType = keyof typeof configurationSchemas;

/** Every resource type gatewatch knows; `AWS::::Account` is the synthetic account × Region item. */
export type ResourceType = TypedResourceType;

type Schemas = typeof configurationSchemas;
type SupplementarySchemas = typeof supplementarySchemas;

export type Configuration<T extends ResourceType> = z.output<Schemas[T]>;
export type SupplementaryConfiguration<T extends ResourceType> = T extends keyof SupplementarySchemas
  ? z.output<SupplementarySchemas[T]>
  : Readonly<Record<string, unknown>>;

export interface Relationship {
  readonly resourceType: string;
  readonly resourceId?: string | undefined;
  readonly resourceName?: string | undefined;
  readonly name?: string | undefined;
}

/** A configuration item of resource type `T` (a union of items when `T` is a union). */
export type ConfigurationItem<T extends ResourceType = ResourceType> = T extends ResourceType
  ? {
      readonly resourceType: T;
      readonly resourceId: string;
      readonly resourceName?: string | undefined;
      readonly ARN?: string | undefined;
      readonly awsAccountId: string;
      /** A Region, or `global` for global services (IAM), as AWS Config records them. */
      readonly awsRegion: string;
      readonly availabilityZone?: string | undefined;
      readonly configurationItemCaptureTime?: string | undefined;
      readonly tags: Readonly<Record<string, string>>;
      readonly relationships: readonly Relationship[];
      readonly configuration: Configuration<T>;
      readonly supplementaryConfiguration: SupplementaryConfiguration<T>;
    }
  : never;

export type AnyConfigurationItem = ConfigurationItem;

interface ResourceTypeInfo {
  /** Recorded once per account (AWS Config's Region `global`), not per Region. */
  readonly global?: true;
  /** The resource type supports tags, so the tagging gate applies to it. */
  readonly taggable: boolean;
}

/** What gatewatch knows of each resource type besides its shape, from its description (model/resource-types/). */
export const resourceTypeInfo: Readonly<Record<ResourceType, ResourceTypeInfo>> = Object.fromEntries(
  describedTypes().map(([type, { taggable, global }]) => [type, global === true ? { taggable, global } : { taggable }]),
) as Record<ResourceType, ResourceTypeInfo>;

export const RESOURCE_TYPES = Object.keys(resourceTypeInfo).sort() as readonly ResourceType[];
export const TAGGABLE_TYPES = RESOURCE_TYPES.filter((type) => resourceTypeInfo[type].taggable);
export const GLOBAL_REGION = 'global';

export function isResourceType(value: string): value is ResourceType {
  return Object.hasOwn(resourceTypeInfo, value);
}

export function isGlobalType(type: ResourceType): boolean {
  return resourceTypeInfo[type].global === true;
}

/** The Region under which a type is recorded for a scan of `region`: `global` for IAM. */
export function recordingRegion(type: ResourceType, region: string): string {
  return isGlobalType(type) ? GLOBAL_REGION : region;
}

/** A stable identity for a CI: its ARN, else account/Region/type/id. */
export function itemKey(item: Pick<AnyConfigurationItem, 'ARN' | 'awsAccountId' | 'awsRegion' | 'resourceType' | 'resourceId'>): string {
  return item.ARN ?? `${item.awsAccountId}/${item.awsRegion}/${item.resourceType}/${item.resourceId}`;
}

/**
 * The value of a tag, or undefined when the resource does not carry it. Own keys only: a tag
 * map is a plain object, and `tags['constructor']` must not find Object's prototype.
 */
export function tagValue(item: Pick<AnyConfigurationItem, 'tags'>, key: string): string | undefined {
  return Object.hasOwn(item.tags, key) ? item.tags[key] : undefined;
}

/** A readable name for messages: the `Name` tag, the resource name, else the id. */
export function displayName(item: AnyConfigurationItem): string {
  const name = tagValue(item, 'Name');
  if (name !== undefined && name !== '') return name;
  return item.resourceName ?? item.resourceId;
}
