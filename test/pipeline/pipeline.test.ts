/**
 * The one pipeline: scan → narrow → account check → publish → digest, as the nightly target,
 * resource-change and the CLI run it (each of those has its own end-to-end tests too).
 */
import { describe, expect, it } from '@jest/globals';
import { defaultSettings } from '../../engine/settings.js';
import { MemoryStateStore } from '../../findings/memory-state-store.js';
import type { RunDigest } from '../../findings/digest.js';
import type { Collection, Source } from '../../inventory/source.js';
import { AccountMismatchError, onlyAccount, runPipeline, type PipelineInput } from '../../pipeline/pipeline.js';
import { catalog } from '../../rules/index.js';
import { ACCOUNT, REGION, item } from '../support/items.js';

const OTHER = '444455556666';
const NOW = new Date('2026-06-01T00:00:00Z');

/** Two unencrypted volumes, one in another account when asked. */
function source(withOther = false): Source {
  const volume = (id: string, accountId = ACCOUNT) => item('AWS::EC2::Volume', id, { encrypted: false, volumeId: id, attachments: [{ instanceId: 'i-1', state: 'attached' }] }, { awsAccountId: accountId });
  const collection: Collection = {
    items: [volume('vol-1'), volume('vol-2'), ...(withOther ? [volume('vol-9', OTHER)] : [])],
    scopes: [{ accountId: ACCOUNT, region: REGION }, ...(withOther ? [{ accountId: OTHER, region: REGION }] : [])],
    errors: [],
    calls: [],
  };
  return { description: 'test', collect: async () => collection };
}

const rules = catalog.filter((rule) => rule.meta.id === 'ebs-volume-encrypted');

function input(overrides: Partial<PipelineInput> = {}): PipelineInput & { store: MemoryStateStore } {
  const store = new MemoryStateStore();
  return {
    scan: { source: source(), target: { regions: [REGION], includeGlobal: false }, rules },
    settings: defaultSettings(catalog),
    catalog,
    now: () => NOW,
    account: { accountId: ACCOUNT, others: 'refuse', label: `${ACCOUNT}/${REGION}`, hint: 'check the scan role' },
    outlets: { store, homeRegion: REGION },
    store,
    ...overrides,
  };
}

describe('runPipeline', () => {
  it('scans, keeps the finding states, counts open failures and makes the digest', async () => {
    const digests: RunDigest[] = [];
    const run = input({ digest: { errorPrefix: 'x: ', deliver: async (digest) => void digests.push(digest), onError: 'throw' } });
    const outcome = await runPipeline(run);
    expect(outcome.failing).toBe(2);
    expect(outcome.report.transitions.newFailures).toBe(2);
    expect((await run.store.load(ACCOUNT, REGION)).map((state) => [state.ruleId, state.recordState])).toEqual([['ebs-volume-encrypted', 'ACTIVE'], ['ebs-volume-encrypted', 'ACTIVE']]);
    expect(digests).toHaveLength(1);
    expect(digests[0]?.newFailures).toBe(2);
    expect(outcome.errors).toEqual([]);
  });

  it('publishes only what the narrowing keeps', async () => {
    const outcome = await runPipeline(
      input({ narrow: (result) => ({ result: { ...result, evaluations: result.evaluations.filter((evaluation) => evaluation.resource.id === 'vol-2') } }) }),
    );
    expect(outcome.result.evaluations.map((evaluation) => evaluation.resource.id)).toEqual(['vol-2']);
    expect(outcome.report.transitions.newFailures).toBe(1);
  });

  it('refuses a scan that read another account, before publishing anything', async () => {
    const run = input({ scan: { source: source(true), target: { regions: [REGION] }, rules } });
    await expect(runPipeline(run)).rejects.toThrow(new AccountMismatchError(`${ACCOUNT}/${REGION}: the credentials for account ${ACCOUNT} read account ${OTHER}; check the scan role`));
    expect(await run.store.load(ACCOUNT, REGION)).toEqual([]);
  });

  it("publishes the caller's account and names the others when told to skip them", async () => {
    const run = input({ scan: { source: source(true), target: { regions: [REGION] }, rules }, account: { accountId: ACCOUNT, others: 'skip', label: 'cli', hint: 'use --role-arn' } });
    const outcome = await runPipeline(run);
    expect(outcome.report.transitions.newFailures).toBe(2);
    expect(outcome.errors).toEqual([`findings of account ${OTHER} not published: Security Hub takes findings only from their own account — use --role-arn`]);
    expect(await run.store.load(OTHER, REGION)).toEqual([]);
  });

  it('reports a digest that could not be delivered, or throws it, as the caller chooses', async () => {
    const failing = async () => {
      throw new Error('topic gone');
    };
    const reported = await runPipeline(input({ digest: { deliver: failing, onError: 'report' } }));
    expect(reported.errors).toEqual(['run digest not published: topic gone']);
    await expect(runPipeline(input({ digest: { deliver: failing, onError: 'throw' } }))).rejects.toThrow('topic gone');
  });

  it('takes a finished scan as it is (the CLI writes its report first)', async () => {
    const first = await runPipeline(input());
    const outcome = await runPipeline(input({ scan: { result: onlyAccount(first.result, ACCOUNT) } }));
    expect(outcome.result).toEqual(first.result);
  });
});
