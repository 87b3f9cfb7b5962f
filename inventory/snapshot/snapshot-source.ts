/**
 * The offline source: configuration items from an AWS Config snapshot file.
 *
 * A plain AWS Config snapshot is taken as the complete inventory of the account × Regions its
 * items come from (AWS Config delivers one per Region and, recording all types, lists every
 * resource). A requested Region the file does not cover is reported as a collection error, so
 * its rules are UNKNOWN rather than passed. A snapshot written by gatewatch states its own
 * scopes and errors, which are used as they are.
 */
import { GLOBAL_REGION } from '../../model/configuration-item.js';
import type { Collection, CollectionError, CollectRequest, Scope, Source } from '../source.js';
import { readSnapshot } from './read-snapshot.js';

export interface SnapshotSourceOptions {
  /** The most bytes the file may hold, and decompress to (the settings' `snapshot.maxSize`). */
  readonly maxBytes?: number | undefined;
}

const scopeKey = (scope: Scope): string => `${scope.accountId}/${scope.region}`;

export class SnapshotSource implements Source {
  readonly description: string;

  constructor(
    private readonly file: string,
    private readonly options: SnapshotSourceOptions = {},
  ) {
    this.description = `snapshot ${file}`;
  }

  async collect(request: CollectRequest): Promise<Collection> {
    const wanted = (region: string): boolean =>
      region === GLOBAL_REGION || request.regions === undefined || request.regions.includes(region);
    // Only the items the scan reads are kept as they stream in; the scopes come from all of them.
    const snapshot = await readSnapshot(this.file, {
      maxBytes: this.options.maxBytes,
      keep: (item) => request.resourceTypes.has(item.resourceType) && wanted(item.awsRegion),
    });

    const covered = new Map<string, Scope>();
    for (const { accountId, region } of snapshot.coverage?.scopes ?? snapshot.recorded) {
      if (region !== GLOBAL_REGION && wanted(region)) covered.set(scopeKey({ accountId, region }), { accountId, region });
    }
    const scopes = [...covered.values()];

    const errors: CollectionError[] = (snapshot.coverage?.errors ?? []).filter((error) => wanted(error.region));
    const accounts = new Set([...scopes.map((scope) => scope.accountId), ...snapshot.recorded.map((scope) => scope.accountId)]);
    for (const region of request.regions ?? []) {
      for (const accountId of accounts) {
        if (covered.has(scopeKey({ accountId, region }))) continue;
        errors.push({
          accountId,
          region,
          resourceTypes: [...request.resourceTypes],
          service: 'snapshot',
          operation: 'read',
          code: 'RegionNotInSnapshot',
          message: `${this.file} holds no configuration items for ${region}`,
        });
      }
    }

    return {
      items: snapshot.items,
      scopes,
      errors,
      skippedTypes: snapshot.skippedTypes,
    };
  }
}
