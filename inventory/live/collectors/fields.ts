/**
 * An explicit, type-checked pick of SDK fields for a configuration item: the fields AWS Config
 * records for a type, named as the SDK names them, so that any SDK field the published schema
 * does not list stays out of the item, and a misspelt field fails to compile.
 */

/** Values copied as they are (Dates become ISO strings). */
type Scalar = string | number | boolean | Date;

/** How to copy one field: `true` for a scalar or a list of scalars, a nested pick for an object or a list of objects. */
type FieldPick<V> = V extends Scalar
  ? true
  : V extends readonly (infer E)[]
    ? NonNullable<E> extends Scalar
      ? true
      : Fields<NonNullable<E>>
    : V extends object
      ? Fields<V>
      : true;

/** The fields to keep of an SDK shape `T`, by their SDK (PascalCase) names. */
export type Fields<T> = { readonly [K in keyof T]?: FieldPick<NonNullable<T[K]>> };

function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

function copy(value: unknown, pick: unknown): unknown {
  if (Array.isArray(value)) return value.map((element: unknown) => copy(element, pick));
  if (value instanceof Date) return value.toISOString();
  if (pick === true) return value;
  if (isRecord(value) && isRecord(pick)) return project(value, pick);
  return undefined;
}

function project(value: Readonly<Record<string, unknown>>, pick: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [key, fieldPick] of Object.entries(pick)) {
    const entry = value[key];
    if (entry === undefined || entry === null) continue;
    const copied = copy(entry, fieldPick);
    if (copied !== undefined) result[key] = copied;
  }
  return result;
}

/**
 * The fields of `value` listed in `fields`, deeply, under their SDK names (run the result through
 * `camel` for types AWS Config records in camelCase). Dates become ISO strings; absent fields
 * stay absent.
 */
export function pickFields<T extends object>(value: T, fields: Fields<T>): Record<string, unknown> {
  return project(value as Readonly<Record<string, unknown>>, fields as Readonly<Record<string, unknown>>);
}

/**
 * Runs every task to its end, then fails with the first failure: inside one `attempt`, every
 * parent's children are read and one recorded error stands for the failed ones.
 */
export async function settleAll(tasks: readonly (() => Promise<void>)[]): Promise<void> {
  const results = await Promise.allSettled(tasks.map((task) => task()));
  const failure = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (failure !== undefined) throw failure.reason;
}
