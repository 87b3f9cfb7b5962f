/**
 * What a change event reads of the finding states: the records of the resources it touched, by
 * key, or the records of the re-scanned gate's rules — never the whole scope, so the cost of an
 * event does not grow with the account.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, jest } from '@jest/globals';
import { createHandler } from '../../functions/resource-change.js';
import { findingIdOfKey } from '../../findings/asff.js';
import { catalog } from '../../rules/index.js';
import { item } from '../support/items.js';
import { context, mockPublishing, priorFinding, RecordingSource, testDependencies, type TestDependencies } from './support.js';

const fixtures = join(dirname(fileURLToPath(import.meta.url)), '..', 'inventory', 'events', 'fixtures');
const fixture = (name: string): Record<string, unknown> => JSON.parse(readFileSync(join(fixtures, `${name}.json`), 'utf8')) as Record<string, unknown>;
const ACCOUNT = '111122223333';
const REGION = 'eu-west-1';
const VOLUME_ARN = `arn:aws:ec2:${REGION}:${ACCOUNT}:volume/vol-0123456789abcdef0`;

/** A scope holding `count` findings of every regional rule: what a whole-scope read would return. */
async function crowdedScope(deps: TestDependencies, count: number): Promise<void> {
  const rules = catalog.filter((rule) => !rule.meta.resourceTypes.every((type) => type.startsWith('AWS::IAM::')));
  await deps.store.save(rules.flatMap((rule) => Array.from({ length: count }, (_, index) => priorFinding(rule.meta.id, `arn:aws:test:${REGION}:${ACCOUNT}:thing/${rule.meta.id}-${index}`))));
}

mockPublishing();

function spies(deps: TestDependencies) {
  return { load: jest.spyOn(deps.store, 'load'), loadRules: jest.spyOn(deps.store, 'loadRules'), get: jest.spyOn(deps.store, 'get') };
}

describe('finding states read by a change event', () => {
  it('a Config change reads the records of its resource by key: one per rule judging its type', async () => {
    const deps = testDependencies({ settings: { regions: [REGION] } });
    await crowdedScope(deps, 20);
    await deps.store.save([priorFinding('ebs-volume-encrypted', VOLUME_ARN)]);
    const read = spies(deps);

    const outcome = await createHandler(deps, { live: () => new RecordingSource([]) })(fixture('config-item-change'), context);

    expect(read.load).not.toHaveBeenCalled();
    expect(read.loadRules).not.toHaveBeenCalled();
    expect(read.get).toHaveBeenCalledTimes(1);
    const volumeRules = catalog.filter((rule) => (rule.meta.resourceTypes as readonly string[]).includes('AWS::EC2::Volume')).map((rule) => rule.meta.id);
    expect(volumeRules.length).toBeGreaterThan(1);
    const keys = read.get.mock.calls[0]?.[0] ?? [];
    expect(keys.map((key) => key.id).sort()).toEqual(volumeRules.map((ruleId) => findingIdOfKey(ruleId, ACCOUNT, REGION, VOLUME_ARN)).sort());
    expect(outcome).toMatchObject({ status: 'done', states: { read: 1 } });
  });

  it('a deleted resource reads its records by key and writes only their archives', async () => {
    const deps = testDependencies({ settings: { regions: [REGION] } });
    await crowdedScope(deps, 20);
    const instanceArn = `arn:aws:ec2:${REGION}:${ACCOUNT}:instance/i-0abc1234def567890`;
    await deps.store.save([priorFinding('ec2-instance-in-private-subnet', instanceArn)]);
    const read = spies(deps);
    const save = jest.spyOn(deps.store, 'save');

    const outcome = await createHandler(deps, { live: () => new RecordingSource([]) })(fixture('config-deleted'), context);

    expect(read.load).not.toHaveBeenCalled();
    expect(read.get).toHaveBeenCalledTimes(1);
    expect(outcome).toMatchObject({ status: 'done', kind: 'deleted', states: { read: 1, written: 1 } });
    expect(save.mock.calls.flatMap(([states]) => states.map((saved) => [saved.resource, saved.recordState]))).toEqual([[instanceArn, 'ARCHIVED']]);
  });

  it("a gate re-scan reads the records of that gate's rules only, one range per rule", async () => {
    const deps = testDependencies({ settings: { regions: [REGION] } });
    await crowdedScope(deps, 5);
    const read = spies(deps);

    const outcome = await createHandler(deps, { live: () => new RecordingSource([]) })(fixture('cloudtrail-ec2-create-route'), context);

    expect(read.load).not.toHaveBeenCalled();
    const gateRules = catalog.filter((rule) => rule.meta.gate === 'private-network').map((rule) => rule.meta.id);
    expect(read.loadRules.mock.calls.map(([accountId, region, ruleIds]) => [accountId, region, [...ruleIds].sort()])).toEqual([[ACCOUNT, REGION, [...gateRules].sort()]]);
    // Every record read is one of the gate's: 5 per rule of the gate, none of the other gates'.
    expect(outcome).toMatchObject({ status: 'done', kind: 'rescan', states: { read: 5 * gateRules.length } });
  });

  it('the records read do not grow with the account: 10 or 200 findings per rule, one record read', async () => {
    const reads: number[] = [];
    for (const count of [10, 200]) {
      const deps = testDependencies({ settings: { regions: [REGION] } });
      await crowdedScope(deps, count);
      await deps.store.save([priorFinding('ebs-volume-encrypted', VOLUME_ARN)]);
      const outcome = await createHandler(deps, { live: () => new RecordingSource([item('AWS::EC2::Volume', 'vol-x', {})]) })(fixture('config-item-change'), context);
      reads.push(outcome.status === 'done' ? outcome.states.read : -1);
    }
    expect(reads).toEqual([1, 1]);
  });
});
