/**
 * Helpers shared by the database collectors (RDS, ElastiCache, Redshift): the key casings AWS
 * Config uses for these types, and the item-level Availability Zone as AWS Config writes it.
 * Field selection is the shared type-checked pick of fields.ts.
 */

import { pickFields, type Fields } from './fields.js';

/** The selected fields of `value`, deeply, under their SDK names (see {@link pickFields}). */
export const select = pickFields;
export type Selection<T> = Fields<T>;

function isPlainObject(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

/**
 * Renames every key of `value`, deeply. `rename` maps an SDK key to AWS Config's name.
 */
export function renameKeys(value: unknown, rename: (key: string) => string): unknown {
  if (Array.isArray(value)) return value.map((element: unknown) => renameKeys(element, rename));
  if (isPlainObject(value)) return Object.fromEntries(Object.entries(value).map(([key, entry]) => [rename(key), renameKeys(entry, rename)]));
  return value;
}

/**
 * AWS Config's casing of the DB cluster types (`DBClusterIdentifier` → `dbclusterIdentifier`,
 * `IAMDatabaseAuthenticationEnabled` → `iamdatabaseAuthenticationEnabled`, `FQDN` → `fqdn`,
 * `DbClusterResourceId` → `dbClusterResourceId`, `MultiAZ` → `multiAZ`): every leading capital
 * lowered, as Java bean property names are derived.
 */
export function beanCase(key: string): string {
  const leading = /^[A-Z]*/.exec(key)?.[0].length ?? 0;
  const lowered = Math.max(leading, 1);
  return key.slice(0, lowered).toLowerCase() + key.slice(lowered);
}

/**
 * The item-level `availabilityZone` of a resource that lives in the given zones: the zone when
 * there is one, "Multiple Availability Zones" when several, "Not Applicable" when none is known.
 */
export function zoneOf(zones: readonly (string | undefined)[]): string {
  const distinct = [...new Set(zones.filter((zone): zone is string => zone !== undefined && zone !== ''))];
  if (distinct.length === 0) return 'Not Applicable';
  if (distinct.length === 1) return distinct[0] ?? 'Not Applicable';
  return 'Multiple Availability Zones';
}
