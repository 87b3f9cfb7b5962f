/**
 * Writes what a source collected as an AWS Config snapshot file, so it can be scanned offline
 * later (`gatewatch scan --snapshot`) and replayed in tests. The file is a plain Config snapshot
 * plus a `gatewatch` block stating the scopes covered and every collection error, so an offline
 * scan of it is exactly as complete — and as UNKNOWN where it must be — as the live one.
 */
import { randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { InputError } from '../../model/input-error.js';
import type { Collection } from '../source.js';

const key = (item: Readonly<Record<string, unknown>>): string =>
  [item['awsAccountId'], item['awsRegion'], item['resourceType'], item['resourceId']].map(String).join('/');

/** The snapshot document for a collection (items in a stable order). */
export function snapshotDocument(collection: Collection, configSnapshotId: string = randomUUID()): Record<string, unknown> {
  const items = [...(collection.rawItems ?? [])].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  return {
    fileVersion: '1.0',
    configSnapshotId,
    configurationItems: items,
    gatewatch: { scopes: collection.scopes, errors: collection.errors },
  };
}

/** Writes the snapshot; a name ending in `.gz` is gzipped. */
export async function writeSnapshot(file: string, collection: Collection): Promise<void> {
  const text = `${JSON.stringify(snapshotDocument(collection), null, 2)}\n`;
  try {
    await writeFile(file, file.endsWith('.gz') ? gzipSync(text) : text);
  } catch (error) {
    throw new InputError(`${file}: cannot write the snapshot (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}
