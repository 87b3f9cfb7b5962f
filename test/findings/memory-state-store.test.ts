import { describe, expect, it } from '@jest/globals';
import { stateScope, type FindingState } from '../../findings/finding-state.js';
import { MemoryStateStore } from '../../findings/memory-state-store.js';
import { findingState as state } from '../support/finding-states.js';


describe('MemoryStateStore', () => {
  it('describes itself as memory', () => {
    expect(new MemoryStateStore().description).toBe('memory');
  });

  it('loads nothing for a scope it never saw', async () => {
    const store = new MemoryStateStore();
    await store.save([state('a')]);
    await expect(store.load('111122223333', 'us-east-1')).resolves.toEqual([]);
  });

  it('loads what was saved, one scope at a time', async () => {
    const store = new MemoryStateStore();
    const iam = state('iam', { scope: stateScope('111122223333', 'global'), region: 'global', hubRegion: 'us-east-1' });
    await store.save([state('a'), iam, state('b')]);

    await expect(store.load('111122223333', 'eu-west-1')).resolves.toStrictEqual([state('a'), state('b')]);
    await expect(store.load('111122223333', 'global')).resolves.toStrictEqual([iam]);
    expect(store.all()).toHaveLength(3);
  });

  it('replaces a record with the same id', async () => {
    const store = new MemoryStateStore();
    await store.save([state('a'), state('b')]);
    await store.save([state('a', { compliance: 'PASSED' })]);

    const loaded = await store.load('111122223333', 'eu-west-1');
    expect(loaded.map((record) => [record.id, record.compliance])).toEqual([
      ['a', 'PASSED'],
      ['b', 'FAILED'],
    ]);
  });

  it('keeps absent optional fields absent', async () => {
    const store = new MemoryStateStore();
    const { compliance: _c, alertedAt: _a, workflow: _w, failure: _f, finding: _g, ...minimal } = state('m');
    await store.save([minimal]);
    const [loaded] = await store.load('111122223333', 'eu-west-1');
    expect(loaded).toStrictEqual(minimal);
    expect(Object.keys(loaded ?? {}).sort()).toEqual(
      ['id', 'scope', 'ruleId', 'accountId', 'region', 'resource', 'hubRegion', 'recordState', 'createdAt', 'firstObservedAt', 'updatedAt'].sort(),
    );
  });

  it('keeps copies: neither the saved object nor a loaded one can change the store', async () => {
    const store = new MemoryStateStore();
    const saved = state('a') as { workflow: { note: string }; failure: { code: string }; ruleId: string };
    await store.save([saved as unknown as FindingState]);
    saved.ruleId = 'changed after save';
    saved.workflow.note = 'changed after save';
    saved.failure.code = 'changed after save';

    const [loaded] = (await store.load('111122223333', 'eu-west-1')) as unknown as { workflow: { note: string }; ruleId: string }[];
    if (loaded === undefined) throw new Error('nothing loaded');
    loaded.ruleId = 'changed after load';
    loaded.workflow.note = 'changed after load';
    const [fromAll] = store.all() as unknown as { ruleId: string }[];
    if (fromAll === undefined) throw new Error('nothing in all()');
    fromAll.ruleId = 'changed through all()';

    await expect(store.load('111122223333', 'eu-west-1')).resolves.toStrictEqual([state('a')]);
  });
});
