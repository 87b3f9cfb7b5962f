/**
 * A snapshot is evaluated account by account while it is read: the result must be the one a scan
 * holding every item at once gives, whatever the file's order, its coverage block or the Regions asked.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import { scan } from '../../engine/scan.js';
import { loadSettings } from '../../engine/settings.js';
import type { Collection, CollectRequest, Source } from '../../inventory/source.js';
import { SnapshotSource, type AccountCollection } from '../../inventory/snapshot/snapshot-source.js';
import { catalog } from '../../rules/index.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'gatewatch-by-account-'));
const NOW = new Date('2026-11-23T12:00:00Z');
const demo = JSON.parse(readFileSync(join(root, 'examples', 'demo-account.json'), 'utf8')) as { configurationItems: { awsAccountId: string; awsRegion: string }[] };
const settingsFile = join(root, 'examples', 'gatewatch.example.yaml');

/** The same snapshot file, read the way scan() read every source before: all items at once. */
class WholeSource implements Source {
  readonly description: string;
  private readonly inner: SnapshotSource;
  constructor(file: string) {
    this.inner = new SnapshotSource(file);
    this.description = `snapshot ${file}`;
  }
  collect(request: CollectRequest): Promise<Collection> {
    return this.inner.collect(request);
  }
}

let counter = 0;
function write(document: unknown): string {
  counter += 1;
  const file = join(dir, `snapshot-${counter}.json`);
  writeFileSync(file, JSON.stringify(document));
  return file;
}

/** The demo's items as four accounts: its two, and a copy of both under other ids. */
function fourAccounts(): { awsAccountId: string; awsRegion: string }[] {
  const copy = JSON.parse(JSON.stringify(demo.configurationItems).replaceAll('111122223333', '777788889999').replaceAll('444455556666', '555566667777')) as typeof demo.configurationItems;
  return [...demo.configurationItems, ...copy];
}

async function both(file: string, regions?: string[]) {
  const settings = await loadSettings(settingsFile, catalog);
  const options = { now: () => NOW };
  const streamed = await scan({ regions }, new SnapshotSource(file), settings, catalog, options);
  const whole = await scan({ regions }, new WholeSource(file), settings, catalog, options);
  return { streamed, whole };
}

async function accountsHandedOver(file: string, regions?: string[]): Promise<{ handed: string[]; restarts: number; collection: Collection }> {
  const handed: string[] = [];
  let restarts = 0;
  const collection = await new SnapshotSource(file).collectByAccount(
    { resourceTypes: new Set(['AWS::EC2::Volume', 'AWS::IAM::Role', 'AWS::::Account']), regions },
    { account: (part: AccountCollection) => handed.push(`${part.accountId}:${part.items.length}:${part.scopes.length}:${part.errors.length}`), restart: () => (restarts += 1) },
  );
  return { handed, restarts, collection };
}

describe('a snapshot scanned account by account', () => {
  it('gives the result of a scan holding every item, for accounts kept together', async () => {
    const file = write({ fileVersion: '1.0', configSnapshotId: 'x', configurationItems: fourAccounts() });
    const { handed, restarts, collection } = await accountsHandedOver(file);
    expect(restarts).toBe(0);
    expect(handed.map((entry) => entry.split(':')[0])).toEqual(['111122223333', '444455556666', '777788889999', '555566667777']);
    expect(collection.items).toEqual([]);
    const { streamed, whole } = await both(file);
    expect(streamed.evaluations.length).toBeGreaterThan(300);
    expect(streamed).toEqual(whole);
  });

  it('reports the Regions asked for that an account lacks, account by account, as the whole scan does', async () => {
    const file = write({ fileVersion: '1.0', configSnapshotId: 'x', configurationItems: fourAccounts() });
    const { handed } = await accountsHandedOver(file, ['eu-west-1', 'ap-south-1']);
    // Each account covers eu-west-1 and lacks ap-south-1.
    expect(handed).toEqual(['111122223333', '444455556666', '777788889999', '555566667777'].map((account) => expect.stringMatching(new RegExp(`^${account}:\\d+:1:1$`))));
    const { streamed, whole } = await both(file, ['eu-west-1', 'ap-south-1']);
    expect(streamed.errors.filter((error) => error.code === 'RegionNotInSnapshot')).toHaveLength(4);
    expect(streamed).toEqual(whole);
  });

  it('starts over holding every item when the file mixes accounts, with the same result', async () => {
    const items = fourAccounts();
    const mixed = items.map((_, index) => items[index % 2 === 0 ? index / 2 : Math.floor(items.length / 2) + (index - 1) / 2]).filter((entry) => entry !== undefined);
    const file = write({ fileVersion: '1.0', configSnapshotId: 'x', configurationItems: mixed });
    const { restarts, collection } = await accountsHandedOver(file);
    expect(restarts).toBe(1);
    expect(collection.items.length).toBeGreaterThan(0);
    const { streamed, whole } = await both(file);
    expect(streamed).toEqual(whole);
  });

  it('judges a resource listed twice once, on its first listing, and says so in the warnings, read either way', async () => {
    const items = fourAccounts() as ({ resourceType: string; resourceId: string; ARN: string; configuration: Record<string, unknown> } & (typeof demo.configurationItems)[number])[];
    const index = items.findIndex((item) => item.resourceType === 'AWS::EC2::Volume' && item.awsAccountId === '111122223333');
    const volume = items[index];
    if (volume === undefined) throw new Error('the demo has no volume');
    // The repeat, with another configuration, comes later in the same account's items.
    const repeat = { ...volume, configuration: { ...volume.configuration, encrypted: !(volume.configuration['encrypted'] as boolean) } };
    const file = write({ fileVersion: '1.0', configSnapshotId: 'x', configurationItems: [...items.slice(0, index + 2), repeat, ...items.slice(index + 2)] });
    const single = write({ fileVersion: '1.0', configSnapshotId: 'x', configurationItems: items });
    const { streamed, whole } = await both(file);
    const { streamed: reference } = await both(single);
    const warning = `${file}: 1 configuration item repeats a resource listed before, ignored (the first listing of each resource is evaluated): ${volume.ARN}`;
    expect(streamed.warnings).toContain(warning);
    expect(streamed).toEqual(whole);
    // Every evaluation as without the repeat: one per rule on the volume, judged on its first listing.
    const judged = (result: typeof streamed) => result.evaluations.map(({ ruleId, status, resource }) => `${ruleId} ${status} ${resource.arn ?? resource.id}`);
    expect(judged(streamed)).toEqual(judged(reference));
    expect(judged(streamed).filter((entry) => entry.endsWith(volume.ARN)).length).toBeGreaterThan(0);
  });

  it('reads a gatewatch snapshot again once its scopes and errors are known, with the same result', async () => {
    const error = { accountId: '777788889999', region: 'eu-west-1', resourceTypes: ['AWS::EC2::Volume'], service: 'ec2', operation: 'DescribeVolumes', code: 'AccessDenied', message: 'no' };
    const scopes = [
      { accountId: '111122223333', region: 'eu-west-1' },
      { accountId: '777788889999', region: 'eu-west-1' },
      // An account the file covers but holds no items of.
      { accountId: '999900001111', region: 'eu-west-1' },
    ];
    const file = write({ fileVersion: '1.0', configSnapshotId: 'x', configurationItems: fourAccounts(), gatewatch: { scopes, errors: [error] } });
    const { handed, restarts } = await accountsHandedOver(file);
    expect(restarts).toBe(1);
    expect(handed.slice(-5).map((entry) => entry.split(':')[0])).toEqual(['111122223333', '444455556666', '777788889999', '555566667777', '999900001111']);
    const { streamed, whole } = await both(file);
    expect(streamed.evaluations.some((evaluation) => evaluation.resource.accountId === '999900001111')).toBe(true);
    expect(streamed.evaluations.some((evaluation) => evaluation.status === 'UNKNOWN' && evaluation.message.includes('AccessDenied'))).toBe(true);
    expect(streamed).toEqual(whole);
  });
});
