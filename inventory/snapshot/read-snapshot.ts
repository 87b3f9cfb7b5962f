/**
 * Reads an AWS Config snapshot file (`{fileVersion, configSnapshotId, configurationItems}`) as
 * AWS Config delivers it to S3: plain JSON or gzip (recognised by its magic bytes, whatever the
 * name). A snapshot written by gatewatch may carry a `gatewatch` block with the exact scopes it
 * covered and what its collection failed to read.
 */
import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { z } from 'zod';
import { InputError } from '../../model/input-error.js';
import { ItemError, normalizeItem } from '../normalize.js';
import type { AnyConfigurationItem, ResourceType } from '../../model/configuration-item.js';
import { isResourceType } from '../../model/configuration-item.js';
import type { CollectionError, Scope } from '../source.js';

const scopeSchema = z.strictObject({ accountId: z.string().regex(/^\d{12}$/), region: z.string().min(1) });
const errorSchema = z.strictObject({
  accountId: z.string().regex(/^\d{12}$/),
  region: z.string().min(1),
  resourceTypes: z.array(z.string().refine(isResourceType, 'unknown resource type')),
  service: z.string(),
  operation: z.string(),
  code: z.string(),
  message: z.string(),
  aspect: z.string().min(1).optional(),
  resourceIds: z.array(z.string()).optional(),
});

const fileSchema = z.looseObject({
  fileVersion: z.string(),
  configSnapshotId: z.string(),
  configurationItems: z.array(z.unknown()),
  gatewatch: z
    .strictObject({ scopes: z.array(scopeSchema), errors: z.array(errorSchema) })
    .optional(),
});

export interface Snapshot {
  readonly file: string;
  readonly configSnapshotId: string;
  readonly items: readonly AnyConfigurationItem[];
  /** Counts of items skipped because gatewatch has no use for their type. */
  readonly skippedTypes: Readonly<Record<string, number>>;
  /** Present only in snapshots written by gatewatch. */
  readonly coverage?: { readonly scopes: readonly Scope[]; readonly errors: readonly CollectionError[] } | undefined;
}

const GZIP_MAGIC = [0x1f, 0x8b] as const;

async function readText(file: string): Promise<string> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new InputError(`${file}: cannot read the snapshot (${code})`);
  }
  if (bytes[0] === GZIP_MAGIC[0] && bytes[1] === GZIP_MAGIC[1]) {
    try {
      bytes = gunzipSync(bytes);
    } catch {
      throw new InputError(`${file}: looks gzipped but does not decompress`);
    }
  }
  return bytes.toString('utf8');
}

function describeItem(raw: unknown): string {
  if (typeof raw !== 'object' || raw === null) return '';
  const { resourceType, resourceId } = raw as Record<string, unknown>;
  return typeof resourceType === 'string' && typeof resourceId === 'string' ? ` (${resourceType} ${resourceId})` : '';
}

/**
 * Reads and validates a snapshot.
 * @throws {InputError} naming the file, the item index and the field for any malformed input.
 */
export async function readSnapshot(file: string): Promise<Snapshot> {
  const text = await readText(file);
  let json: unknown;
  try {
    json = JSON.parse(text) as unknown;
  } catch (error) {
    throw new InputError(`${file}: not valid JSON (${(error as Error).message})`);
  }
  const parsed = fileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.map(String).join('.') ?? '';
    throw new InputError(
      `${file}: ${field === '' ? 'top level' : field}: ${issue?.message ?? 'invalid'} — an AWS Config snapshot is {"fileVersion", "configSnapshotId", "configurationItems": [...]}`,
    );
  }

  const items: AnyConfigurationItem[] = [];
  const skippedTypes: Record<string, number> = {};
  parsed.data.configurationItems.forEach((raw, index) => {
    try {
      const result = normalizeItem(raw);
      if (result.kind === 'item') items.push(result.item);
      else if (result.reason === 'unknown-type') skippedTypes[result.resourceType] = (skippedTypes[result.resourceType] ?? 0) + 1;
    } catch (error) {
      if (!(error instanceof ItemError)) throw error;
      throw new InputError(`${file}: configurationItems[${index}]${describeItem(raw)}: ${error.message}`);
    }
  });

  const extension = parsed.data.gatewatch;
  return {
    file,
    configSnapshotId: parsed.data.configSnapshotId,
    items,
    skippedTypes,
    coverage:
      extension === undefined
        ? undefined
        : {
            scopes: extension.scopes,
            errors: extension.errors.map((error) => ({ ...error, resourceTypes: error.resourceTypes as ResourceType[] })),
          },
  };
}
