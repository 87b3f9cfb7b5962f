/**
 * The `configuration` and `supplementaryConfiguration` shapes that rules read, per resource type,
 * written as AWS Config records them (camelCase or PascalCase exactly as Config does per type).
 * Each type's schemas are part of its description (model/resource-types/); this module gathers them
 * by type.
 *
 * Each schema is loose: it names only the fields gatewatch reads and lets every other field
 * through untouched. The same schema validates input (a snapshot, a Config query result) and
 * gives rules their TypeScript types, so a rule can never read a field that input was not
 * checked for. AWS Config writes `null` for absent values, hence `nullish()` throughout.
 *
 * Beside what AWS Config records (S3), gatewatch adds a few supplementary facts that Config's item
 * lacks but rules need, each collected by the live source and listed as a gatewatch extension in
 * the schema tests: a trail's logging status and event selectors, the TLS-relevant parameter
 * values of a DB instance's parameter group, and the subnets of an ElastiCache cluster's cache
 * subnet group.
 */
import { tagList } from './resource-types/fields.js';
import { RESOURCE_TYPE_DESCRIPTIONS, type Descriptions } from './resource-types/index.js';

type ConfigurationSchemas = { readonly [K in keyof Descriptions]: Descriptions[K]['schema'] };
type SupplementarySchemas = {
  readonly [K in keyof Descriptions as Descriptions[K] extends { readonly supplementary: unknown } ? K : never]: Descriptions[K] extends { readonly supplementary: infer S } ? S : never;
};

/** The configuration schema of every resource type. */
export const configurationSchemas = Object.fromEntries(Object.entries(RESOURCE_TYPE_DESCRIPTIONS).map(([type, description]) => [type, description.schema])) as ConfigurationSchemas;

/** The supplementary configuration schemas, for the types that have one. */
export const supplementarySchemas = Object.fromEntries(
  Object.entries(RESOURCE_TYPE_DESCRIPTIONS).flatMap(([type, description]) => ('supplementary' in description ? [[type, description.supplementary]] : [])),
) as SupplementarySchemas;

/** Tags as some Config APIs return them (a list of key/value pairs) rather than a map. */
export const tagListSchema = tagList;
