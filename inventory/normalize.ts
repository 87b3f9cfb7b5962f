/**
 * Turns a configuration item as AWS Config delivers it (snapshot file, query result, event) into
 * a validated {@link ConfigurationItem}: the envelope checked, `configuration` parsed when it
 * arrives as a JSON string, tags made a map, policy documents decoded, and the fields rules read
 * checked against their schema.
 */
import { z } from 'zod';
import { configurationSchemas, supplementarySchemas } from '../model/configuration-schemas.js';
import { isResourceType, type AnyConfigurationItem } from '../model/configuration-item.js';

const tagPairs = z.array(z.looseObject({ key: z.string(), value: z.string().nullish() }));
/**
 * A tag map. `__proto__` is a tag key AWS allows, but a record built by assignment (as zod's is)
 * loses it: a map holding it is read as the list of its pairs instead, which keeps it.
 */
const tagMap = z.preprocess(
  (value) =>
    typeof value === 'object' && value !== null && !Array.isArray(value) && Object.hasOwn(value, '__proto__')
      ? Object.entries(value).map(([key, tagValue]) => ({ key, value: tagValue as unknown }))
      : value,
  z.union([z.record(z.string(), z.string().nullable()), tagPairs]),
);

const envelopeSchema = z.looseObject({
  resourceType: z.string().min(1),
  resourceId: z.string().min(1),
  resourceName: z.string().nullish(),
  ARN: z.string().nullish(),
  awsAccountId: z.string().regex(/^\d{12}$/, 'expected a 12-digit account id'),
  awsRegion: z.string().min(1),
  availabilityZone: z.string().nullish(),
  configurationItemStatus: z.string().nullish(),
  configurationItemCaptureTime: z.string().nullish(),
  tags: tagMap.nullish(),
  relationships: z
    .array(
      z.looseObject({
        resourceType: z.string(),
        resourceId: z.string().nullish(),
        resourceName: z.string().nullish(),
        name: z.string().nullish(),
      }),
    )
    .nullish(),
  configuration: z.unknown(),
  supplementaryConfiguration: z.record(z.string(), z.unknown()).nullish(),
});

/** Statuses of items that describe a resource that no longer exists or is no longer recorded. */
const GONE_STATUSES = new Set(['ResourceDeleted', 'ResourceDeletedNotRecorded', 'ResourceNotRecorded']);

export type NormalizeResult =
  | { readonly kind: 'item'; readonly item: AnyConfigurationItem }
  | { readonly kind: 'skipped'; readonly reason: 'unknown-type' | 'gone'; readonly resourceType: string };

/** A field path and what is wrong with it, e.g. `configuration.multiAZ: expected boolean`. */
export class ItemError extends Error {
  constructor(
    readonly field: string,
    readonly problem: string,
  ) {
    super(`${field}: ${problem}`);
  }
}

function firstIssue(error: z.ZodError, prefix: string): ItemError {
  const issue = error.issues[0];
  const path = [prefix, ...(issue?.path ?? []).map(String)].filter((part) => part !== '').join('.');
  return new ItemError(path === '' ? '(item)' : path, issue?.message ?? 'invalid');
}

function parseJsonIfString(value: unknown, field: string): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    throw new ItemError(field, 'is a string but not valid JSON');
  }
}

/** The tags as a map; Object.fromEntries defines each key, so `__proto__` stays a tag. */
function toTagMap(tags: z.infer<typeof envelopeSchema>['tags']): Record<string, string> {
  if (tags === null || tags === undefined) return {};
  const entries: [string, string | null | undefined][] = Array.isArray(tags) ? tags.map(({ key, value }) => [key, value]) : Object.entries(tags);
  return Object.fromEntries(entries.map(([key, value]) => [key, value ?? '']));
}

/**
 * Validates and normalizes one raw configuration item.
 * @throws {ItemError} naming the field and the problem.
 */
export function normalizeItem(raw: unknown): NormalizeResult {
  const envelope = envelopeSchema.safeParse(raw);
  if (!envelope.success) throw firstIssue(envelope.error, '');
  const item = envelope.data;
  if (!isResourceType(item.resourceType)) {
    return { kind: 'skipped', reason: 'unknown-type', resourceType: item.resourceType };
  }
  if (GONE_STATUSES.has(item.configurationItemStatus ?? '')) {
    return { kind: 'skipped', reason: 'gone', resourceType: item.resourceType };
  }
  const type = item.resourceType;

  const rawConfiguration = parseJsonIfString(item.configuration ?? {}, 'configuration');
  const configuration = configurationSchemas[type].safeParse(rawConfiguration);
  if (!configuration.success) throw firstIssue(configuration.error, 'configuration');

  const rawSupplementary: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(item.supplementaryConfiguration ?? {})) {
    rawSupplementary[key] = parseJsonIfString(value, `supplementaryConfiguration.${key}`);
  }
  let supplementaryConfiguration: Record<string, unknown> = rawSupplementary;
  if (type in supplementarySchemas) {
    const schema = supplementarySchemas[type as keyof typeof supplementarySchemas];
    const parsed = schema.safeParse(rawSupplementary);
    if (!parsed.success) throw firstIssue(parsed.error, 'supplementaryConfiguration');
    supplementaryConfiguration = parsed.data;
  }

  const normalized = {
    resourceType: type,
    resourceId: item.resourceId,
    resourceName: item.resourceName ?? undefined,
    ARN: item.ARN ?? undefined,
    awsAccountId: item.awsAccountId,
    awsRegion: item.awsRegion,
    availabilityZone: item.availabilityZone ?? undefined,
    configurationItemCaptureTime: item.configurationItemCaptureTime ?? undefined,
    tags: toTagMap(item.tags),
    relationships: (item.relationships ?? []).map((relationship) => ({
      resourceType: relationship.resourceType,
      resourceId: relationship.resourceId ?? undefined,
      resourceName: relationship.resourceName ?? undefined,
      name: relationship.name ?? undefined,
    })),
    configuration: configuration.data,
    supplementaryConfiguration,
  };
  // The envelope and both configuration parts were validated against the schemas that define
  // ConfigurationItem's types just above; TypeScript cannot follow the per-type correlation.
  return { kind: 'item', item: normalized as unknown as AnyConfigurationItem };
}
