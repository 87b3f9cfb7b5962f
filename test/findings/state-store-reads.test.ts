/**
 * The reads a change makes — a rule's records of a scope, records by key — behave alike in the
 * memory and file stores (the DynamoDB store has its own tests, on dynalite and on mocks).
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { findingIdOfKey } from '../../findings/asff.js';
import { stateScope, type FindingState, type FindingStateStore } from '../../findings/finding-state.js';
import { FileStateStore } from '../../findings/file-state-store.js';
import { MemoryStateStore } from '../../findings/memory-state-store.js';
import { findingState, STATE_ACCOUNT as ACCOUNT, STATE_REGION as REGION } from '../support/finding-states.js';

const record = (ruleId: string, resource: string, region = REGION): FindingState =>
  findingState(findingIdOfKey(ruleId, ACCOUNT, region, resource), { ruleId, resource, region, scope: stateScope(ACCOUNT, region) });

const stores: [string, () => Promise<FindingStateStore>][] = [
  ['MemoryStateStore', async () => new MemoryStateStore()],
  ['FileStateStore', async () => new FileStateStore(join(await mkdtemp(join(tmpdir(), 'gatewatch-state-')), 'state.json'))],
];

describe.each(stores)('%s reads of a change', (_name, make) => {
  const wanted = [record('ebs-volume-encrypted', 'vol-1'), record('ebs-volume-encrypted', 'vol-2')];
  const lookalike = record('ebs-volume-encrypted-kms', 'vol-1');
  const otherRule = record('s3-bucket-encrypted', 'bucket');
  const otherScope = record('ebs-volume-encrypted', 'vol-1', 'us-east-1');

  it("loadRules returns the rule's records of that scope only (a rule whose id extends it is another rule)", async () => {
    const store = await make();
    await store.save([...wanted, lookalike, otherRule, otherScope]);
    const loaded = await store.loadRules(ACCOUNT, REGION, ['ebs-volume-encrypted']);
    expect(loaded.map((state) => state.id).sort()).toEqual(wanted.map((state) => state.id).sort());
    expect(await store.loadRules(ACCOUNT, REGION, ['ebs-volume-encrypted', 's3-bucket-encrypted'])).toHaveLength(3);
    expect(await store.loadRules(ACCOUNT, REGION, [])).toEqual([]);
  });

  it('get returns the records of the keys that have one, as copies', async () => {
    const store = await make();
    await store.save([...wanted, otherScope]);
    const got = await store.get([
      { scope: stateScope(ACCOUNT, REGION), id: wanted[0]?.id ?? '' },
      { scope: stateScope(ACCOUNT, REGION), id: 'gatewatch/none' },
      // The id of a record of another scope, asked in this scope: not the same record.
      { scope: stateScope(ACCOUNT, REGION), id: otherScope.id },
    ]);
    expect(got).toStrictEqual([wanted[0]]);
    (got[0] as { resource: string }).resource = 'changed';
    expect((await store.get([{ scope: stateScope(ACCOUNT, REGION), id: wanted[0]?.id ?? '' }]))[0]?.resource).toBe('vol-1');
  });
});
