/**
 * A FindingStateStore held in memory: for tests, and for a CLI run that is told to remember
 * nothing between runs.
 */
import { findingIdPrefix } from './asff.js';
import { stateScope, type FindingState, type FindingStateStore, type StateKey } from './finding-state.js';

/** A copy of a record that shares no object with it (its nested workflow and failure are copied too). */
export function copyFindingState(state: FindingState): FindingState {
  const { workflow, failure } = state;
  return {
    ...state,
    ...(workflow === undefined ? {} : { workflow: { ...workflow } }),
    ...(failure === undefined ? {} : { failure: { ...failure } }),
  };
}

/** Records keyed by scope, then id — the same key as the DynamoDB table's. */
export class MemoryStateStore implements FindingStateStore {
  readonly description = 'memory';
  private readonly scopes = new Map<string, Map<string, FindingState>>();

  /** Copies of the scope's records: mutating them does not change the store. */
  async load(accountId: string, region: string): Promise<FindingState[]> {
    const records = this.scopes.get(stateScope(accountId, region));
    return records === undefined ? [] : [...records.values()].map((state) => copyFindingState(state));
  }

  async loadRules(accountId: string, region: string, ruleIds: readonly string[]): Promise<FindingState[]> {
    const prefixes = ruleIds.map((ruleId) => findingIdPrefix(ruleId, accountId, region));
    const records = this.scopes.get(stateScope(accountId, region));
    return records === undefined ? [] : [...records.values()].filter((state) => prefixes.some((prefix) => state.id.startsWith(prefix))).map((state) => copyFindingState(state));
  }

  async get(keys: readonly StateKey[]): Promise<FindingState[]> {
    return keys.flatMap((key) => {
      const state = this.scopes.get(key.scope)?.get(key.id);
      return state === undefined ? [] : [copyFindingState(state)];
    });
  }

  /** Keeps copies of the records, replacing any with the same scope and id. */
  async save(states: readonly FindingState[]): Promise<void> {
    for (const state of states) {
      let records = this.scopes.get(state.scope);
      if (records === undefined) {
        records = new Map();
        this.scopes.set(state.scope, records);
      }
      records.set(state.id, copyFindingState(state));
    }
  }

  /** Copies of every record of every scope, for tests. */
  all(): FindingState[] {
    return [...this.scopes.values()].flatMap((records) => [...records.values()].map((state) => copyFindingState(state)));
  }
}
