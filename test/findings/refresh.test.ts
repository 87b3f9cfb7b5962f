/**
 * Nightly writes follow transitions: a still-failing finding whose content has not changed is not
 * imported again, and its state not rewritten, until `refreshDays` have passed since its last
 * delivery — unless it still needs an alert or its last delivery failed.
 */
import { afterAll, describe, expect, it } from '@jest/globals';
import { mockClient } from 'aws-sdk-client-mock';
import { BatchImportFindingsCommand, SecurityHubClient } from '@aws-sdk/client-securityhub';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { scan } from '../../engine/scan.js';
import { parseSettings } from '../../engine/settings.js';
import { MemoryStateStore } from '../../findings/memory-state-store.js';
import { publishFindings, type PublishReport } from '../../findings/publish.js';
import type { FindingState } from '../../findings/finding-state.js';
import type { AnyConfigurationItem } from '../../model/configuration-item.js';
import type { Collection, Source } from '../../inventory/source.js';
import { defineRule } from '../../rules/lib/define-rule.js';
import type { AnyRule } from '../../rules/lib/types.js';
import { ACCOUNT, REGION, item } from '../support/items.js';
import { acceptEverything, importedFindings, instantPublishing } from '../support/security-hub.js';

const volumeRule = defineRule({
  meta: {
    id: 'test-volume-encrypted',
    gate: 'encryption',
    title: 'Test volumes are encrypted',
    severity: 'HIGH',
    priority: 'P1',
    resourceTypes: ['AWS::EC2::Volume'],
    controls: ['EC2.3'],
    remediation: { text: 'Encrypt the volume by copying a snapshot.', url: 'https://docs.aws.amazon.com/ebs/latest/userguide/ebs-encryption.html' },
    messages: { bad: '{{id}} is not encrypted ({{size}} GiB)', ok: '{{id}} is encrypted' },
  },
  check(volume, context) {
    const size = String(volume.configuration['size'] ?? 0);
    return volume.configuration.encrypted === true ? context.pass('ok', { id: volume.resourceId }) : context.fail('bad', { id: volume.resourceId, size });
  },
});
const catalog: readonly AnyRule[] = [volumeRule];
const volume = (id: string, encrypted: boolean, size = 8) => item('AWS::EC2::Volume', id, { volumeId: id, encrypted, size });

class FixedSource implements Source {
  readonly description = 'test';
  constructor(private readonly items: readonly AnyConfigurationItem[]) {}
  async collect(): Promise<Collection> {
    return { items: this.items, scopes: [{ accountId: ACCOUNT, region: REGION }], errors: [] };
  }
}

/** A memory store that counts what is written. */
class CountingStore extends MemoryStateStore {
  written = 0;
  override async save(states: readonly FindingState[]): Promise<void> {
    this.written += states.length;
    await super.save(states);
  }
}

const hub = mockClient(SecurityHubClient);
const sns = mockClient(SNSClient);
afterAll(() => {
  hub.restore();
  sns.restore();
});

async function night(store: CountingStore, day: string, items: readonly AnyConfigurationItem[], options: { refreshDays?: number; publishFails?: boolean; notify?: boolean } = {}): Promise<PublishReport> {
  hub.reset();
  sns.reset();
  acceptEverything(hub);
  if (options.publishFails === true) sns.on(PublishCommand).rejects(new Error('sns down'));
  else sns.on(PublishCommand).resolves({ MessageId: 'm' });
  store.written = 0;
  const now = () => new Date(`${day}T03:00:00.000Z`);
  const result = await scan({ regions: [REGION] }, new FixedSource(items), parseSettings({}, catalog), catalog, { now });
  const publishing = instantPublishing(store, catalog, now, options.refreshDays ?? 7);
  return publishFindings(result, options.notify === false ? { ...publishing, notifier: undefined } : publishing);
}

const account = (count: number, failing: number) => Array.from({ length: count }, (_, index) => volume(`vol-${index}`, index >= failing));

describe('nightly writes follow transitions', () => {
  it('a second run over an unchanged account imports nothing and writes no state', async () => {
    const store = new CountingStore();
    const first = await night(store, '2026-11-01', account(100, 40));
    expect(first.transitions.newFailures).toBe(40);
    expect(store.written).toBe(40);

    const second = await night(store, '2026-11-02', account(100, 40));
    expect(hub).toHaveReceivedCommandTimes(BatchImportFindingsCommand, 0);
    expect(store.written).toBe(0);
    expect(second.states).toEqual({ read: 40, written: 0 });
    // Still failing is still counted for the digest, though nothing was sent.
    expect(second.transitions).toEqual({ newFailures: 0, stillFailing: 40, resolved: 0, archived: 0, held: 0 });
  });

  it('writes exactly the transitions: one fixed, one new, one changed', async () => {
    const store = new CountingStore();
    await night(store, '2026-11-01', account(10, 5));
    const changed = account(10, 5).map((candidate, index) => (index === 0 ? volume('vol-0', true) : index === 1 ? volume('vol-1', false, 16) : index === 9 ? volume('vol-9', false) : candidate));
    const report = await night(store, '2026-11-02', changed);

    expect(importedFindings(hub).map((finding) => [finding.Id?.split('/').at(-1), finding.Compliance?.Status, finding.Description?.split(' (')[0]])).toEqual([
      ['vol-0', 'PASSED', 'vol-0 is encrypted'],
      ['vol-1', 'FAILED', 'vol-1 is not encrypted'],
      ['vol-9', 'FAILED', 'vol-9 is not encrypted'],
    ]);
    expect(importedFindings(hub)[1]?.Description).toContain('(16 GiB)');
    expect(store.written).toBe(3);
    expect(report.transitions).toEqual({ newFailures: 1, stillFailing: 4, resolved: 1, archived: 0, held: 0 });
  });

  it('refreshes an unchanged failure once its last delivery is refreshDays old, keeping CreatedAt and FirstObservedAt', async () => {
    const store = new CountingStore();
    await night(store, '2026-11-01', account(3, 1));
    await night(store, '2026-11-07', account(3, 1));
    expect(hub).toHaveReceivedCommandTimes(BatchImportFindingsCommand, 0);

    await night(store, '2026-11-08', account(3, 1));
    expect(importedFindings(hub).map((finding) => [finding.CreatedAt, finding.FirstObservedAt, finding.UpdatedAt])).toEqual([
      ['2026-11-01T03:00:00.000Z', '2026-11-01T03:00:00.000Z', '2026-11-08T03:00:00.000Z'],
    ]);
    expect(store.written).toBe(1);
    // The interval starts again from the refresh.
    await night(store, '2026-11-14', account(3, 1));
    expect(hub).toHaveReceivedCommandTimes(BatchImportFindingsCommand, 0);
  });

  it('keeps sending a failure until its alert went out, then stops', async () => {
    const store = new CountingStore();
    await night(store, '2026-11-01', account(2, 1), { publishFails: true });
    expect(store.all()[0]?.alertedAt).toBeUndefined();

    await night(store, '2026-11-02', account(2, 1));
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 1);
    expect(hub).toHaveReceivedCommandTimes(BatchImportFindingsCommand, 1);

    await night(store, '2026-11-03', account(2, 1));
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 0);
    expect(hub).toHaveReceivedCommandTimes(BatchImportFindingsCommand, 0);
  });

  it('without a notifier, a failure never alerted is not sent again for its alert', async () => {
    const store = new CountingStore();
    await night(store, '2026-11-01', account(2, 1), { notify: false });
    expect(store.all()[0]?.alertedAt).toBeUndefined();
    await night(store, '2026-11-02', account(2, 1), { notify: false });
    expect(hub).toHaveReceivedCommandTimes(BatchImportFindingsCommand, 0);
    // Alerts turned on later: the failure was never alerted, so it is alerted (and imported) now.
    await night(store, '2026-11-03', account(2, 1));
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 1);
    expect(hub).toHaveReceivedCommandTimes(BatchImportFindingsCommand, 1);
  });

  it('sends again a failure whose last delivery Security Hub refused', async () => {
    const store = new CountingStore();
    await night(store, '2026-11-01', account(1, 1));
    const [state] = store.all();
    if (state === undefined) throw new Error('no state');
    await store.save([{ ...state, failure: { at: '2026-11-01T03:00:00.000Z', code: 'InvalidInput', message: 'refused' } }]);

    await night(store, '2026-11-02', account(1, 1));
    expect(hub).toHaveReceivedCommandTimes(BatchImportFindingsCommand, 1);
    expect(store.all()[0]?.failure).toBeUndefined();
  });

  it('refreshDays 1 refreshes every nightly run', async () => {
    const store = new CountingStore();
    await night(store, '2026-11-01', account(2, 2), { refreshDays: 1 });
    await night(store, '2026-11-02', account(2, 2), { refreshDays: 1 });
    expect(hub).toHaveReceivedCommandTimes(BatchImportFindingsCommand, 1);
    expect(importedFindings(hub)).toHaveLength(2);
  });
});
