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

const scopeKey = (scope: Scope): string => `${scope.accountId}/${scope.region}`;

export class SnapshotSource implements Source {
  readonly description: string;

  constructor(private readonly file: string) {
    this.description = `snapshot ${file}`;
  }

  async collect(request: CollectRequest): Promise<Collection> {
    const snapshot = await readSnapshot(this.file);
    const wanted = (region: string): boolean =>
      region === GLOBAL_REGION || request.regions === undefined || request.regions.includes(region);

    const covered = new Map<string, Scope>();
    for (const scope of snapshot.coverage?.scopes ?? snapshot.items) {
      const region = 'region' in scope ? scope.region : scope.awsRegion;
      const accountId = 'accountId' in scope ? scope.accountId : scope.awsAccountId;
      if (region !== GLOBAL_REGION && wanted(region)) covered.set(scopeKey({ accountId, region }), { accountId, region });
    }
    const scopes = [...covered.values()];

    const errors: CollectionError[] = (snapshot.coverage?.errors ?? []).filter((error) => wanted(error.region));
    const accounts = new Set([...scopes.map((scope) => scope.accountId), ...snapshot.items.map((item) => item.awsAccountId)]);
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
      items: snapshot.items.filter((item) => request.resourceTypes.has(item.resourceType) && wanted(item.awsRegion)),
      scopes,
      errors,
      skippedTypes: snapshot.skippedTypes,
    };
  }
}
