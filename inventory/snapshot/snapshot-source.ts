/**
 * The offline source: configuration items from an AWS Config snapshot file.
 *
 * A plain AWS Config snapshot is taken as the complete inventory of the account × Regions its
 * items come from (AWS Config delivers one per Region and, recording all types, lists every
 * resource). A requested Region the file does not cover is reported as a collection error, so
 * its rules are UNKNOWN rather than passed. A snapshot written by gatewatch states its own
 * scopes and errors, which are used as they are.
 *
 * A large snapshot need not be held whole: {@link SnapshotSource.collectByAccount} hands each
 * account's items over as soon as they are all read, which it can tell when the file holds each
 * account's items together (AWS Config's snapshots hold one account; gatewatch writes them sorted)
 * and states no scopes of its own. When it finds otherwise it says so (`restart`) and reads the
 * file again, knowing what the first reading learnt.
 */
import { GLOBAL_REGION, type AnyConfigurationItem } from '../../model/configuration-item.js';
import type { Collection, CollectionError, CollectRequest, Scope, Source } from '../source.js';
import { readSnapshot, type Snapshot } from './read-snapshot.js';

export interface SnapshotSourceOptions {
  /** The most bytes the file may hold, and decompress to (the settings' `snapshot.maxSize`). */
  readonly maxBytes?: number | undefined;
  /**
   * Told, once per collection, what the file's items call for saying (resources listed twice, a
   * file with nothing to evaluate): the CLI writes it to stderr. The collection's `warnings`
   * carry the same lines into the scan's result.
   */
  readonly onWarning?: ((warning: string) => void) | undefined;
}

/** One account's part of a collection: all its items, its scopes and the errors about it. */
export interface AccountCollection {
  readonly accountId: string;
  readonly items: readonly AnyConfigurationItem[];
  readonly scopes: readonly Scope[];
  readonly errors: readonly CollectionError[];
}

/** Receives accounts as they are read. */
export interface AccountSink {
  account(collection: AccountCollection): void;
  /** Everything handed over so far is void: the accounts will be handed over again, or come in the collection's items. */
  restart(): void;
}

const scopeKey = (scope: Scope): string => `${scope.accountId}/${scope.region}`;

/** Thrown from inside the reading to stop it: the file does not hold each account's items together. */
class AccountsInterleaved extends Error {}

interface Coverage {
  readonly scopes: readonly Scope[];
  readonly errors: readonly CollectionError[];
}

export class SnapshotSource implements Source {
  readonly description: string;

  constructor(
    private readonly file: string,
    private readonly options: SnapshotSourceOptions = {},
  ) {
    this.description = `snapshot ${file}`;
  }

  async collect(request: CollectRequest): Promise<Collection> {
    return this.told(await this.collectWhole(request));
  }

  /** Tells `onWarning` the collection's warnings: once, for the reading whose collection is returned. */
  private told(collection: Collection): Collection {
    for (const warning of collection.warnings ?? []) this.options.onWarning?.(warning);
    return collection;
  }

  private async collectWhole(request: CollectRequest): Promise<Collection> {
    const wanted = wantedIn(request);
    // Only the items the scan reads are kept as they stream in; the scopes come from all of them.
    const snapshot = await readSnapshot(this.file, {
      maxBytes: this.options.maxBytes,
      keep: (item) => request.resourceTypes.has(item.resourceType) && wanted(item.awsRegion),
    });
    return { ...this.coverageOf(snapshot, snapshot.coverage, request), items: snapshot.items, skippedTypes: snapshot.skippedTypes, warnings: snapshot.warnings };
  }

  /**
   * Collects like {@link collect}, but hands each account over to `sink` as soon as its items are
   * read; the collection returned then holds no items (or, when the file mixes accounts, all of
   * them, after `sink.restart()`).
   */
  async collectByAccount(request: CollectRequest, sink: AccountSink): Promise<Collection> {
    // First reading: a plain AWS Config snapshot, whose scopes come from its items.
    const first = await this.readByAccount(request, sink, undefined);
    if (first === undefined) return this.collect(request);
    if (first.coverage === undefined) return this.told(first.collection);
    // The file states its scopes and errors (after its items): read it again knowing them.
    sink.restart();
    const second = await this.readByAccount(request, sink, first.coverage);
    if (second === undefined) return this.collect(request);
    return this.told(second.collection);
  }

  /** One reading account by account; undefined (after `sink.restart()`) when accounts are mixed. */
  private async readByAccount(request: CollectRequest, sink: AccountSink, coverage: Coverage | undefined): Promise<{ collection: Collection; coverage: Coverage | undefined } | undefined> {
    const wanted = wantedIn(request);
    const done = new Set<string>();
    let accountId: string | undefined;
    let run: AnyConfigurationItem[] = [];
    const regions = new Map<string, Set<string>>();
    const close = (): void => {
      if (accountId === undefined) return;
      const account = accountId;
      done.add(account);
      const items = run;
      run = [];
      // With the file's own coverage known, the account's scopes and errors are known; without it,
      // they follow from its items, all of which have been read.
      const part = coverage === undefined ? this.coverageOfAccount(account, regions.get(account) ?? new Set(), request) : this.accountPart(account, coverage, request);
      sink.account({ accountId: account, items, ...part });
    };
    let snapshot: Snapshot;
    try {
      snapshot = await readSnapshot(this.file, {
        maxBytes: this.options.maxBytes,
        accountsTogether: true,
        keep: (item) => {
          if (item.awsAccountId !== accountId) {
            if (done.has(item.awsAccountId)) throw new AccountsInterleaved();
            close();
            accountId = item.awsAccountId;
          }
          let seen = regions.get(item.awsAccountId);
          if (seen === undefined) {
            seen = new Set();
            regions.set(item.awsAccountId, seen);
          }
          seen.add(item.awsRegion);
          if (request.resourceTypes.has(item.resourceType) && wanted(item.awsRegion)) run.push(item);
          return false;
        },
      });
    } catch (error) {
      if (!(error instanceof AccountsInterleaved)) throw error;
      sink.restart();
      return undefined;
    }
    if (coverage === undefined && snapshot.coverage !== undefined) return { collection: { items: [], scopes: [], errors: [] }, coverage: snapshot.coverage };
    close();
    const collection = { ...this.coverageOf(snapshot, coverage, request), items: [], skippedTypes: snapshot.skippedTypes, warnings: snapshot.warnings };
    // Accounts the file states scopes of but holds no items of: handed over empty.
    const accounts = new Set([...collection.scopes.map((scope) => scope.accountId), ...snapshot.recorded.map((scope) => scope.accountId)]);
    for (const account of accounts) {
      if (done.has(account)) continue;
      done.add(account);
      sink.account({ accountId: account, items: [], ...this.partOf(account, collection) });
    }
    return { collection, coverage };
  }

  /** The scopes and errors of a whole snapshot. */
  private coverageOf(snapshot: Snapshot, coverage: Coverage | undefined, request: CollectRequest): { scopes: Scope[]; errors: CollectionError[] } {
    const wanted = wantedIn(request);
    const covered = new Map<string, Scope>();
    for (const { accountId, region } of coverage?.scopes ?? snapshot.recorded) {
      if (region !== GLOBAL_REGION && wanted(region)) covered.set(scopeKey({ accountId, region }), { accountId, region });
    }
    const scopes = [...covered.values()];

    const errors: CollectionError[] = (coverage?.errors ?? []).filter((error) => wanted(error.region));
    const accounts = new Set([...scopes.map((scope) => scope.accountId), ...snapshot.recorded.map((scope) => scope.accountId)]);
    for (const region of request.regions ?? []) {
      for (const accountId of accounts) {
        if (covered.has(scopeKey({ accountId, region }))) continue;
        errors.push(this.notInSnapshot(accountId, region, request));
      }
    }
    return { scopes, errors };
  }

  /** An account's scopes and errors in a plain snapshot, from the Regions of its items. */
  private coverageOfAccount(accountId: string, regions: ReadonlySet<string>, request: CollectRequest): { scopes: Scope[]; errors: CollectionError[] } {
    const wanted = wantedIn(request);
    const scopes = [...regions].filter((region) => region !== GLOBAL_REGION && wanted(region)).map((region) => ({ accountId, region }));
    const errors = (request.regions ?? []).filter((region) => !regions.has(region)).map((region) => this.notInSnapshot(accountId, region, request));
    return { scopes, errors };
  }

  /** An account's scopes and errors when the file states its coverage. */
  private accountPart(accountId: string, coverage: Coverage, request: CollectRequest): { scopes: Scope[]; errors: CollectionError[] } {
    const wanted = wantedIn(request);
    const scopes = coverage.scopes.filter((scope) => scope.accountId === accountId && scope.region !== GLOBAL_REGION && wanted(scope.region));
    const errors = coverage.errors.filter((error) => error.accountId === accountId && wanted(error.region));
    for (const region of request.regions ?? []) {
      if (!scopes.some((scope) => scope.region === region)) errors.push(this.notInSnapshot(accountId, region, request));
    }
    return { scopes, errors };
  }

  private partOf(accountId: string, collection: { scopes: readonly Scope[]; errors: readonly CollectionError[] }): { scopes: Scope[]; errors: CollectionError[] } {
    return { scopes: collection.scopes.filter((scope) => scope.accountId === accountId), errors: collection.errors.filter((error) => error.accountId === accountId) };
  }

  private notInSnapshot(accountId: string, region: string, request: CollectRequest): CollectionError {
    return {
      accountId,
      region,
      resourceTypes: [...request.resourceTypes],
      service: 'snapshot',
      operation: 'read',
      code: 'RegionNotInSnapshot',
      message: `${this.file} holds no configuration items for ${region}`,
    };
  }
}

/** Whether a source can hand its items over account by account. */
export function collectsByAccount(source: Source): source is Source & Pick<SnapshotSource, 'collectByAccount'> {
  return source instanceof SnapshotSource;
}

function wantedIn(request: CollectRequest): (region: string) => boolean {
  return (region) => region === GLOBAL_REGION || request.regions === undefined || request.regions.includes(region);
}
