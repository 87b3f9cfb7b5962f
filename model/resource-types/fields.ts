/**
 * Building blocks of the configuration schemas. Each schema is loose: it names only the fields
 * gatewatch reads and lets every other field through untouched. AWS Config writes `null` for
 * absent values, hence `nullish()` throughout.
 */
import { z } from 'zod';

export const str = z.string().nullish();
export const bool = z.boolean().nullish();
export const int = z.number().int().nullish();
export const strList = z.array(z.string()).nullish();
export const loose = z.looseObject;

/** Tags as some Config APIs return them (a list of key/value pairs) rather than a map. */
export const tagList = z.array(loose({ key: z.string(), value: z.string().nullish() })).nullish();

/**
 * A list of Availability Zone names. AWS Config's published schema gives some such lists as
 * `availabilityZones.value` (a list of `{value}` objects) and others as plain strings; both are
 * accepted and read as a list of names.
 */
export const zoneList = z
  .array(z.union([z.string(), loose({ value: z.string() })]))
  .transform((zones) => zones.map((zone) => (typeof zone === 'string' ? zone : zone.value)))
  .nullish();

/** CloudTrail's basic event selectors, as gatewatch records them (management-event fields only). */
export const eventSelectorList = z.array(loose({ ReadWriteType: str, IncludeManagementEvents: bool, ExcludeManagementEventSources: strList })).nullish();

/** Every operator of a field selector: `NotStartsWith`/`NotEndsWith` exclude event sources as surely as `NotEquals`. */
export const advancedEventSelectorList = z
  .array(
    loose({
      Name: str,
      FieldSelectors: z
        .array(loose({ Field: str, Equals: strList, StartsWith: strList, EndsWith: strList, NotEquals: strList, NotStartsWith: strList, NotEndsWith: strList }))
        .nullish(),
    }),
  )
  .nullish();
