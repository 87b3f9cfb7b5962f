/**
 * Reads an AWS Config snapshot file (`{fileVersion, configSnapshotId, configurationItems}`) as
 * AWS Config delivers it to S3: plain JSON or gzip (recognised by its magic bytes, whatever the
 * name). A snapshot written by gatewatch may carry a `gatewatch` block with the exact scopes it
 * covered and what its collection failed to read.
 *
 * The file is read as a stream, item by item: each item is parsed, validated and normalized
 * before the next one is read, so neither the file's text nor its raw items are ever held whole.
 * Only regular files are read (a FIFO or a device never ends), and no more than `maxBytes` of
 * them, before and after decompression (a gzip bomb stops at the limit).
 */
import { constants } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { createGunzip } from 'node:zlib';
import { z } from 'zod';
import { InputError } from '../../model/input-error.js';
import { ItemError, normalizeItem } from '../normalize.js';
import type { AnyConfigurationItem, ResourceType } from '../../model/configuration-item.js';
import { isResourceType, itemKey } from '../../model/configuration-item.js';
import type { CollectionError, Scope } from '../source.js';
import { JsonItemSplitter, JsonStructureError } from './json-items.js';
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

/** The default limit on a snapshot's size, in bytes (the settings' `snapshot.maxSize`). */
export const DEFAULT_SNAPSHOT_MAX_BYTES = 2 * 1024 ** 3;

/** The longest item, and the longest text outside `configurationItems`, read (characters). */
const MAX_ITEM_CHARS = 64 * 1024 ** 2;
const MAX_FRAME_CHARS = 64 * 1024 ** 2;
const CHUNK_BYTES = 1024 ** 2;

const SHAPE = 'an AWS Config snapshot is {"fileVersion", "configSnapshotId", "configurationItems": [...]}';

export interface ReadSnapshotOptions {
  /** The most bytes read from the file, and the most it may decompress to (default 2 GiB). */
  readonly maxBytes?: number | undefined;
  /** Keeps only the items this accepts (the types and Regions a scan reads); default: every item. */
  readonly keep?: ((item: AnyConfigurationItem) => boolean) | undefined;
  /**
   * The caller stops the reading (by throwing from `keep`) when an account's items are not all
   * together: the check for resources listed twice then remembers the current account's alone.
   */
  readonly accountsTogether?: boolean | undefined;
}

/** Resources listed more than once, of which only the first listing is read. */
export interface Duplicates {
  /** The listings ignored. */
  readonly count: number;
  /** The resources they list. */
  readonly resources: number;
  /** The first few resources listed more than once (their ARN, else account/Region/type/id). */
  readonly listed: readonly string[];
}

export interface Snapshot {
  readonly file: string;
  readonly configSnapshotId: string;
  /** The items kept (all of them, unless `keep` was given), in file order. */
  readonly items: readonly AnyConfigurationItem[];
  /** Every account × Region (`global` included) the file holds items of, kept or not, in order of first appearance. */
  readonly recorded: readonly Scope[];
  /** Counts of items skipped because gatewatch has no use for their type. */
  readonly skippedTypes: Readonly<Record<string, number>>;
  /** Resources the file lists more than once; only the first listing of each is kept. */
  readonly duplicates: Duplicates;
  /**
   * What a scan of this file should say beside its findings: the resources listed more than
   * once, or that none of its items can be evaluated (all deleted, or of unknown types).
   */
  readonly warnings: readonly string[];
  /** Present only in snapshots written by gatewatch. */
  readonly coverage?: { readonly scopes: readonly Scope[]; readonly errors: readonly CollectionError[] } | undefined;
}

const GZIP_MAGIC = [0x1f, 0x8b] as const;

/** Resources named in the warning about resources listed more than once. */
const DUPLICATES_LISTED = 10;
/** Unknown resource types named in the warning of a file with nothing to evaluate. */
const UNKNOWN_TYPES_LISTED = 5;

/** Distinct strings kept for sharing; when full, the table starts afresh with the items being read. */
const INTERNED_MAX = 65_536;

/**
 * One copy of each string many items share: their type, Region, account and zone, their
 * relationships' types and names, their tag values. A scan's result keeps every resource's type,
 * Region, account and tags, so a large scan would otherwise hold millions of copies of a few
 * hundred strings. (A string is a value: which copy an item holds changes nothing else.)
 */
function interner(): (item: AnyConfigurationItem) => void {
  let table = new Map<string, string>();
  const intern = <T>(value: T): T => {
    if (typeof value !== 'string') return value;
    const known = table.get(value);
    if (known !== undefined) return known as T;
    if (table.size >= INTERNED_MAX) table = new Map();
    table.set(value, value);
    return value;
  };
  return (item) => {
    // The item was just made by normalizeItem, for this reader alone.
    const fields = item as unknown as Record<string, unknown>;
    for (const key of ['resourceType', 'awsRegion', 'awsAccountId', 'availabilityZone'] as const) fields[key] = intern(fields[key]);
    const tags = item.tags as Record<string, string>;
    for (const [key, value] of Object.entries(tags)) tags[key] = intern(value);
    for (const relationship of item.relationships as unknown as Record<string, unknown>[]) {
      relationship['resourceType'] = intern(relationship['resourceType']);
      relationship['name'] = intern(relationship['name']);
    }
  };
}

/** `1.5 GiB`, `512 MiB`, `300 B`. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const text = unit === 0 || Number.isInteger(value) ? String(value) : value.toFixed(1).replace(/\.0$/, '');
  return `${text} ${units[unit] ?? 'B'}`;
}

function kindOf(stats: Stats): string {
  if (stats.isDirectory()) return 'a directory';
  if (stats.isFIFO()) return 'a FIFO (named pipe)';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isSocket()) return 'a socket';
  return 'not a regular file';
}

const tooLarge = (file: string, what: string, maxBytes: number): InputError =>
  new InputError(`${file}: ${what} more than the snapshot size limit of ${formatBytes(maxBytes)} — raise snapshot.maxSize in the settings file (--settings) to read it`);

/**
 * Opens the snapshot: a regular file within the size limit. O_NONBLOCK keeps a FIFO from blocking
 * the open; the check is made on the opened file, so it cannot be swapped in between.
 */
async function openSnapshot(file: string, maxBytes: number): Promise<FileHandle> {
  let handle: FileHandle;
  try {
    handle = await open(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new InputError(`${file}: cannot read the snapshot (${code})`);
  }
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) {
      throw new InputError(`${file}: ${kindOf(stats)}, not a file — --snapshot reads an AWS Config snapshot file (JSON or gzip); save the data to a file and give its path`);
    }
    if (stats.size > maxBytes) throw tooLarge(file, `${formatBytes(stats.size)},`, maxBytes);
    return handle;
  } catch (error) {
    await handle.close();
    throw error;
  }
}

/** The file's bytes, decompressed when it is gzip, each chunk counted against the limit. */
async function* bytesOf(file: string, handle: FileHandle, maxBytes: number): AsyncGenerator<Buffer> {
  const head = Buffer.alloc(2);
  const { bytesRead } = await handle.read(head, 0, 2, 0);
  const gzipped = bytesRead === 2 && head[0] === GZIP_MAGIC[0] && head[1] === GZIP_MAGIC[1];
  const raw = handle.createReadStream({ start: 0, highWaterMark: CHUNK_BYTES, autoClose: false });
  let read = 0;
  if (!gzipped) {
    try {
      for await (const chunk of raw as AsyncIterable<Buffer>) {
        read += chunk.length;
        // A file that grows while it is read is held to the limit too.
        if (read > maxBytes) throw tooLarge(file, 'it has grown to', maxBytes);
        yield chunk;
      }
    } catch (error) {
      if (error instanceof InputError) throw error;
      throw new InputError(`${file}: cannot read the snapshot (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
    } finally {
      raw.destroy();
    }
    return;
  }
  let limitError: InputError | undefined;
  raw.on('data', (chunk: string | Buffer) => {
    read += chunk.length;
    if (read > maxBytes && limitError === undefined) {
      limitError = tooLarge(file, 'it has grown to', maxBytes);
      raw.destroy(limitError);
    }
  });
  const gunzip = createGunzip({ chunkSize: 64 * 1024 });
  raw.on('error', (error) => gunzip.destroy(error));
  raw.pipe(gunzip);
  let inflated = 0;
  try {
    for await (const chunk of gunzip as Readable as AsyncIterable<Buffer>) {
      inflated += chunk.length;
      if (inflated > maxBytes) throw tooLarge(file, 'it decompresses to', maxBytes);
      yield chunk;
    }
  } catch (error) {
    if (error instanceof InputError) throw error;
    if (limitError !== undefined) throw limitError;
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== undefined && code.startsWith('Z_')) throw new InputError(`${file}: looks gzipped but does not decompress (${(error as Error).message})`);
    throw new InputError(`${file}: cannot read the snapshot (${code ?? (error as Error).message})`);
  } finally {
    raw.unpipe(gunzip);
    gunzip.destroy();
    raw.destroy();
  }
}

function describeItem(raw: unknown): string {
  if (typeof raw !== 'object' || raw === null) return '';
  const { resourceType, resourceId } = raw as Record<string, unknown>;
  return typeof resourceType === 'string' && typeof resourceId === 'string' ? ` (${resourceType} ${resourceId})` : '';
}

/** JSON.parse's message without the position, which would point into a fragment of the file. */
function syntaxMessage(error: unknown): string {
  return (error as Error).message.replace(/ (in JSON )?at position \d+.*$/, '');
}

/**
 * Reads and validates a snapshot, item by item.
 * @throws {InputError} naming the file, the item index and the field for any malformed input, a
 *   file that is not a regular file, or one over the size limit.
 */
export async function readSnapshot(file: string, options: ReadSnapshotOptions = {}): Promise<Snapshot> {
  const maxBytes = options.maxBytes ?? DEFAULT_SNAPSHOT_MAX_BYTES;
  const keep = options.keep;
  const items: AnyConfigurationItem[] = [];
  const skippedTypes: Record<string, number> = {};
  const recorded = new Map<string, Scope>();
  const share = interner();
  // Each resource once: AWS Config lists a resource once per snapshot, and a resource judged
  // twice would count twice (and, listed with two configurations, be judged on both). The first
  // listing is kept, in every reading alike, so the account-by-account reading and the whole
  // one agree; the others are named in a warning.
  const seen = new Set<string>();
  let seenAccount: string | undefined;
  let duplicateCount = 0;
  const repeated = new Set<string>();
  const duplicatesListed: string[] = [];
  let usable = 0;
  let gone = 0;

  const ingest = (raw: unknown, index: number): void => {
    let result;
    try {
      result = normalizeItem(raw);
    } catch (error) {
      if (!(error instanceof ItemError)) throw error;
      throw new InputError(`${file}: configurationItems[${index}]${describeItem(raw)}: ${error.message}`);
    }
    if (result.kind === 'item') {
      const { item } = result;
      usable += 1;
      if (options.accountsTogether === true && item.awsAccountId !== seenAccount) {
        seen.clear();
        seenAccount = item.awsAccountId;
      }
      const identity = `${item.awsAccountId}\u0000${item.awsRegion}\u0000${item.resourceType}\u0000${item.resourceId}`;
      if (seen.has(identity)) {
        duplicateCount += 1;
        if (!repeated.has(identity)) {
          repeated.add(identity);
          if (duplicatesListed.length < DUPLICATES_LISTED) duplicatesListed.push(itemKey(item));
        }
        return;
      }
      seen.add(identity);
      share(item);
      const key = `${item.awsAccountId}/${item.awsRegion}`;
      if (!recorded.has(key)) recorded.set(key, { accountId: item.awsAccountId, region: item.awsRegion });
      if (keep === undefined || keep(item)) items.push(item);
    } else if (result.reason === 'unknown-type') skippedTypes[result.resourceType] = (skippedTypes[result.resourceType] ?? 0) + 1;
    else gone += 1;
  };

  const splitter = new JsonItemSplitter(
    (text, index) => {
      let raw: unknown;
      try {
        raw = JSON.parse(text) as unknown;
      } catch (error) {
        throw new InputError(`${file}: not valid JSON (configurationItems[${index}]: ${syntaxMessage(error)})`);
      }
      ingest(raw, index);
    },
    { maxItemChars: MAX_ITEM_CHARS, maxFrameChars: MAX_FRAME_CHARS },
  );

  const handle = await openSnapshot(file, maxBytes);
  let frame: string;
  try {
    const decoder = new StringDecoder('utf8');
    for await (const chunk of bytesOf(file, handle, maxBytes)) splitter.push(decoder.write(chunk));
    splitter.push(decoder.end());
    frame = splitter.end();
  } catch (error) {
    if (error instanceof JsonStructureError) {
      const shape = error.message.startsWith('more than');
      throw new InputError(shape ? `${file}: ${error.message} — ${SHAPE}` : `${file}: not valid JSON (${error.message})`);
    }
    throw error;
  } finally {
    await handle.close();
  }

  let json: unknown;
  try {
    json = JSON.parse(frame) as unknown;
  } catch (error) {
    throw new InputError(`${file}: not valid JSON (${syntaxMessage(error)})`);
  }
  const parsed = fileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.map(String).join('.') ?? '';
    throw new InputError(`${file}: ${field === '' ? 'top level' : field}: ${issue?.message ?? 'invalid'} — ${SHAPE}`);
  }
  // Items the scanner did not stream (a key written with escapes) arrive in the frame.
  parsed.data.configurationItems.forEach((raw, index) => ingest(raw, splitter.count + index));

  seen.clear();
  const total = splitter.count + parsed.data.configurationItems.length;
  const duplicates = { count: duplicateCount, resources: repeated.size, listed: duplicatesListed };
  repeated.clear();
  const extension = parsed.data.gatewatch;
  return {
    duplicates,
    warnings: snapshotWarnings(file, { total, usable, gone, skippedTypes, duplicates }),
    file,
    configSnapshotId: parsed.data.configSnapshotId,
    items,
    recorded: [...recorded.values()],
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

/** What a scan of the file should say about its items, beside its findings. */
function snapshotWarnings(
  file: string,
  counts: { readonly total: number; readonly usable: number; readonly gone: number; readonly skippedTypes: Readonly<Record<string, number>>; readonly duplicates: Duplicates },
): string[] {
  const warnings: string[] = [];
  const { count, resources, listed } = counts.duplicates;
  if (count > 0) {
    const more = resources > listed.length ? ` and ${resources - listed.length} more` : '';
    const items = count === 1 ? '1 configuration item repeats' : `${count} configuration items repeat`;
    warnings.push(`${file}: ${items} ${resources === 1 ? 'a resource' : `${resources} resources`} listed before, ignored (the first listing of each resource is evaluated): ${listed.join(', ')}${more}`);
  }
  if (counts.usable === 0) {
    if (counts.total === 0) warnings.push(`${file}: holds no configuration items — nothing was evaluated`);
    else {
      const unknown = Object.entries(counts.skippedTypes);
      const unknownCount = unknown.reduce((sum, [, n]) => sum + n, 0);
      const types = unknown.slice(0, UNKNOWN_TYPES_LISTED).map(([type]) => type).join(', ') + (unknown.length > UNKNOWN_TYPES_LISTED ? ', …' : '');
      const reasons = [
        counts.gone > 0 ? `${counts.gone} describe deleted or unrecorded resources (configurationItemStatus ResourceDeleted, ResourceDeletedNotRecorded or ResourceNotRecorded)` : undefined,
        unknownCount > 0 ? `${unknownCount} are of resource types gatewatch does not know (${types})` : undefined,
      ].filter((reason) => reason !== undefined);
      warnings.push(`${file}: none of its ${counts.total} configuration items can be evaluated — ${reasons.join('; ')}; nothing was evaluated`);
    }
  }
  return warnings;
}
