import { describe, expect, it } from '@jest/globals';
import { z } from 'zod';
import type { AnyConfigurationItem } from '../../model/configuration-item.js';
import type { Collection, CollectionError, CollectRequest, Source } from '../../inventory/source.js';
import { scan, selectRules, neededTypes } from '../../engine/scan.js';
import { parseSettings } from '../../engine/settings.js';
import { defineRule } from '../../rules/lib/define-rule.js';
import type { AnyRule } from '../../rules/lib/types.js';
import { ACCOUNT, REGION, item } from '../support/items.js';

/** A source that hands out fixed items and records what it was asked for. */
class FakeSource implements Source {
  readonly description = 'fake';
  readonly requests: CollectRequest[] = [];
  constructor(private readonly collection: Collection) {}
  async collect(request: CollectRequest): Promise<Collection> {
    this.requests.push(request);
    return this.collection;
  }
}

const volumeRule = defineRule({
  meta: {
    id: 'test-volume-encrypted',
    gate: 'encryption',
    title: 'Test volumes are encrypted',
    severity: 'MEDIUM',
    priority: 'P1',
    resourceTypes: ['AWS::EC2::Volume'],
    needs: ['AWS::EC2::Instance'],
    controls: [],
    remediation: { text: 'Encrypt the volume by copying a snapshot.', url: 'https://docs.aws.amazon.com/ebs/latest/userguide/ebs-encryption.html' },
    messages: { ok: '{{id}} encrypted', bad: '{{id}} not encrypted' },
    options: z.strictObject({ strict: z.boolean().default(false) }),
  },
  check(volume, context) {
    if (volume.resourceId === 'vol-boom') throw new Error('boom');
    return volume.configuration.encrypted === true ? context.pass('ok', { id: volume.resourceId }) : context.fail('bad', { id: volume.resourceId });
  },
});

const roleRule = defineRule({
  meta: {
    id: 'test-role-path',
    gate: 'least-privilege',
    title: 'Test roles live under a path',
    severity: 'LOW',
    priority: 'P2',
    resourceTypes: ['AWS::IAM::Role'],
    controls: [],
    remediation: { text: 'Recreate the role under a path of its own.', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles.html' },
    messages: { ok: 'has a path' },
  },
  check(_role, context) {
    return context.pass('ok');
  },
});

/** roleRule's metadata without `fixCost` (typed on the role's item), to reuse for rules of other types. */
const roleMeta: Omit<typeof roleRule.meta, 'fixCost'> = roleRule.meta;

const catalog: readonly AnyRule[] = [roleRule, volumeRule];
const volume = (id: string, encrypted: boolean, region = REGION) => item('AWS::EC2::Volume', id, { volumeId: id, encrypted }, { awsRegion: region });
const denied = (resourceTypes: CollectionError['resourceTypes'], region = REGION): CollectionError => ({
  accountId: ACCOUNT,
  region,
  resourceTypes,
  service: 'ec2',
  operation: 'DescribeInstances',
  code: 'AccessDenied',
  message: 'not authorized',
});
const collection = (items: AnyConfigurationItem[], errors: CollectionError[] = [], regions = [REGION]): Collection => ({
  items,
  scopes: regions.map((region) => ({ accountId: ACCOUNT, region })),
  errors,
});
const run = (source: Source, raw: Record<string, unknown> = {}, filter = {}) =>
  scan({}, source, parseSettings(raw, catalog), catalog, { ...filter, now: () => new Date('2026-06-01T00:00:00Z') });

describe('scan', () => {
  it('asks the source for exactly the types the selected rules read', async () => {
    const source = new FakeSource(collection([]));
    await run(source, {}, { gates: ['encryption'] });
    expect([...(source.requests[0]?.resourceTypes ?? [])].sort()).toEqual(['AWS::EC2::Instance', 'AWS::EC2::Volume']);
  });

  it('does not collect for disabled rules or rules below the minimum severity', async () => {
    const disabled = new FakeSource(collection([]));
    await run(disabled, { rules: { 'test-volume-encrypted': { enabled: false } } });
    expect([...(disabled.requests[0]?.resourceTypes ?? [])]).toEqual(['AWS::IAM::Role']);
    const severe = new FakeSource(collection([]));
    await run(severe, {}, { minSeverity: 'MEDIUM' });
    expect([...(severe.requests[0]?.resourceTypes ?? [])].sort()).toEqual(['AWS::EC2::Instance', 'AWS::EC2::Volume']);
  });

  it('passes the settings Regions to the source', async () => {
    const source = new FakeSource(collection([]));
    await run(source, { regions: ['eu-west-1', 'us-east-1'] });
    expect(source.requests[0]?.regions).toEqual(['eu-west-1', 'us-east-1']);
  });

  it('turns a failed dependency into UNKNOWN, never PASS, and marks the scope incomplete', async () => {
    const result = await run(new FakeSource(collection([volume('vol-a', true)], [denied(['AWS::EC2::Instance'])])));
    const evaluation = result.evaluations.find((candidate) => candidate.ruleId === 'test-volume-encrypted');
    expect(evaluation).toMatchObject({ status: 'UNKNOWN', messageId: 'collectionFailed' });
    expect(evaluation?.message).toContain('ec2:DescribeInstances in eu-west-1 failed (AccessDenied: not authorized)');
    expect(result.completeness).toContainEqual({
      ruleId: 'test-volume-encrypted',
      accountId: ACCOUNT,
      region: REGION,
      complete: false,
      causes: ['ec2:DescribeInstances in eu-west-1 failed (AccessDenied: not authorized)'],
    });
    expect(result.completeness).toContainEqual(expect.objectContaining({ ruleId: 'test-role-path', region: 'global', complete: true }));
  });

  it('keeps what was collected when listing a type failed part way, and adds a scope-level UNKNOWN', async () => {
    const result = await run(new FakeSource(collection([volume('vol-a', false)], [denied(['AWS::EC2::Volume'])])));
    const volumes = result.evaluations.filter((candidate) => candidate.ruleId === 'test-volume-encrypted');
    expect(volumes.map((evaluation) => [evaluation.resource.id, evaluation.status, evaluation.messageId])).toEqual([
      ['vol-a', 'FAIL', 'bad'],
      ['*', 'UNKNOWN', 'listFailed'],
    ]);
  });

  it('scopes errors by account and Region: an error in one Region leaves the other complete', async () => {
    const items = [volume('vol-eu', true), volume('vol-us', true, 'us-east-1')];
    const result = await run(new FakeSource(collection(items, [denied(['AWS::EC2::Instance'], 'us-east-1')], [REGION, 'us-east-1'])));
    const statuses = result.evaluations.filter((e) => e.ruleId === 'test-volume-encrypted').map((e) => [e.resource.id, e.status]);
    expect(statuses).toEqual([
      ['vol-eu', 'PASS'],
      ['vol-us', 'UNKNOWN'],
    ]);
  });

  it('makes a Region the source failed in entirely a scope, so its rules show as UNKNOWN', async () => {
    const result = await run(new FakeSource(collection([], [denied(['AWS::EC2::Volume', 'AWS::EC2::Instance'], 'ap-south-1')], [])));
    expect(result.evaluations.filter((e) => e.ruleId === 'test-volume-encrypted').map((e) => [e.resource.region, e.status])).toEqual([
      ['ap-south-1', 'UNKNOWN'],
    ]);
  });

  it('judges the account item of a failed scope once, with no extra scope-level UNKNOWN', async () => {
    const accountRule = defineRule({
      meta: { ...roleMeta, id: 'test-account', gate: 'audit-detection', resourceTypes: ['AWS::::Account'], needs: ['AWS::GuardDuty::Detector'] },
      check: (_account, context) => context.pass('ok'),
    });
    const rules: readonly AnyRule[] = [accountRule];
    const failed = denied(['AWS::::Account', 'AWS::GuardDuty::Detector'], 'us-west-2');
    const result = await scan({}, new FakeSource(collection([], [failed])), parseSettings({}, rules), rules);
    expect(result.evaluations.map((e) => [e.resource.region, e.status, e.messageId])).toEqual([
      [REGION, 'PASS', 'ok'],
      ['us-west-2', 'UNKNOWN', 'collectionFailed'],
    ]);
  });

  it('counts a needsAccountWide error in any Region of the account in every scope, where it could undo the verdict', async () => {
    const accountRule = defineRule({
      meta: {
        ...roleMeta,
        id: 'test-account-wide',
        gate: 'audit-detection',
        resourceTypes: ['AWS::::Account'],
        needsAccountWide: ['AWS::GuardDuty::Detector'],
        messages: { ok: 'covered', bad: 'not covered' },
      },
      check: (account, context) => (account.awsRegion === 'us-east-1' ? context.pass('ok') : context.fail('bad')),
    });
    const rules: readonly AnyRule[] = [accountRule];
    const source = new FakeSource(collection([], [denied(['AWS::GuardDuty::Detector'], 'ap-south-1')], [REGION, 'us-east-1', 'ap-south-1']));
    const result = await scan({}, source, parseSettings({}, rules), rules);
    expect([...(source.requests[0]?.resourceTypes ?? [])].sort()).toEqual(['AWS::::Account', 'AWS::GuardDuty::Detector']);
    // In its own Region the error acts as a need's; elsewhere a FAIL becomes UNKNOWN and a PASS stands.
    expect(result.evaluations.map((e) => [e.resource.region, e.status, e.messageId])).toEqual([
      ['ap-south-1', 'UNKNOWN', 'collectionFailed'],
      [REGION, 'UNKNOWN', 'collectionFailed'],
      ['us-east-1', 'PASS', 'ok'],
    ]);
    expect(result.evaluations.find((e) => e.resource.region === REGION)?.data).toEqual({
      cause: 'ec2:DescribeInstances in ap-south-1 failed (AccessDenied: not authorized)',
    });
    expect(result.completeness.map((entry) => [entry.region, entry.complete])).toEqual([
      ['ap-south-1', false],
      [REGION, false],
      ['us-east-1', false],
    ]);

    // Another account's error touches only that account's scopes; a `global` one every Region of its account.
    const otherAccount: CollectionError = { ...denied(['AWS::GuardDuty::Detector'], 'us-west-2'), accountId: '999988887777' };
    const other = await scan({}, new FakeSource(collection([], [otherAccount])), parseSettings({}, rules), rules);
    expect(other.evaluations.map((e) => [e.resource.accountId, e.resource.region, e.status])).toEqual([
      [ACCOUNT, REGION, 'FAIL'],
      ['999988887777', 'us-west-2', 'UNKNOWN'],
    ]);
    const global = await scan({}, new FakeSource(collection([], [denied(['AWS::GuardDuty::Detector'], 'global')])), parseSettings({}, rules), rules);
    expect(global.evaluations.map((e) => [e.resource.region, e.status])).toEqual([[REGION, 'UNKNOWN']]);
  });

  it('makes only tag-reading rules UNKNOWN where just the tags could not be read', async () => {
    const tagRule = defineRule({
      meta: { ...roleMeta, id: 'test-tags', gate: 'tagging', resourceTypes: ['AWS::EC2::Volume'], readsTags: true },
      check: (_volume, context) => context.pass('ok'),
    });
    const prodRule = defineRule({
      meta: { ...roleMeta, id: 'test-prod', gate: 'multi-az', resourceTypes: ['AWS::EC2::Volume'] },
      check: (_volume, context) => context.pass('ok'),
    });
    const rules: readonly AnyRule[] = [tagRule, prodRule, volumeRule];
    const tagsFailed: CollectionError = { ...denied(['AWS::EC2::Volume']), operation: 'GetResources', aspect: 'tags' };
    // vol-b carries no tags as collected: its production scope is unknown, not "no Environment tag".
    const items = [item('AWS::EC2::Volume', 'vol-a', { encrypted: true }, { tags: { Environment: 'prod' } }), item('AWS::EC2::Volume', 'vol-b', { encrypted: true })];
    const result = await scan({}, new FakeSource(collection(items, [tagsFailed])), parseSettings({}, rules), rules);
    expect(result.evaluations.map((e) => [e.ruleId, e.resource.id, e.status])).toEqual([
      ['test-prod', 'vol-a', 'UNKNOWN'],
      ['test-prod', 'vol-b', 'UNKNOWN'],
      ['test-volume-encrypted', 'vol-a', 'PASS'],
      ['test-volume-encrypted', 'vol-b', 'PASS'],
      ['test-tags', 'vol-a', 'UNKNOWN'],
      ['test-tags', 'vol-b', 'UNKNOWN'],
    ]);
  });

  it('makes only rules reading a supplementary fact UNKNOWN where that fact could not be read', async () => {
    const tlsRule = defineRule({
      meta: { ...roleMeta, id: 'test-tls', gate: 'encryption', resourceTypes: ['AWS::EC2::Volume'], reads: ['DBParameters'] },
      check: (_volume, context) => context.pass('ok'),
    });
    const rules: readonly AnyRule[] = [tlsRule, volumeRule];
    const failed: CollectionError = { ...denied(['AWS::EC2::Volume']), operation: 'DescribeDBParameters', aspect: 'DBParameters', resourceIds: ['vol-a'] };
    const result = await scan({}, new FakeSource(collection([volume('vol-a', true)], [failed])), parseSettings({}, rules), rules);
    expect(result.evaluations.map((e) => [e.ruleId, e.status])).toEqual([
      ['test-tls', 'UNKNOWN'],
      ['test-volume-encrypted', 'PASS'],
    ]);
  });

  it('makes only the named resources UNKNOWN when a per-resource call failed', async () => {
    const perVolume: CollectionError = { ...denied(['AWS::EC2::Volume']), operation: 'DescribeVolumeAttribute', resourceIds: ['vol-b'] };
    const result = await run(new FakeSource(collection([volume('vol-a', false), volume('vol-b', true)], [perVolume])));
    expect(result.evaluations.filter((e) => e.ruleId === 'test-volume-encrypted').map((e) => [e.resource.id, e.status])).toEqual([
      ['vol-a', 'FAIL'],
      ['vol-b', 'UNKNOWN'],
    ]);
    expect(result.completeness.find((entry) => entry.ruleId === 'test-volume-encrypted')?.complete).toBe(false);
  });

  it('turns a rule that throws into UNKNOWN for that resource and goes on', async () => {
    const result = await run(new FakeSource(collection([volume('vol-boom', true), volume('vol-ok', true)])));
    expect(result.evaluations.filter((e) => e.ruleId === 'test-volume-encrypted').map((e) => [e.resource.id, e.status, e.messageId])).toEqual([
      ['vol-boom', 'UNKNOWN', 'ruleError'],
      ['vol-ok', 'PASS', 'ok'],
    ]);
  });

  it('evaluates global (IAM) items once per account, however many Regions', async () => {
    const role = item('AWS::IAM::Role', 'AROAEXAMPLE', { roleName: 'app' });
    const result = await run(new FakeSource(collection([role], [], [REGION, 'us-east-1'])));
    expect(result.evaluations.filter((e) => e.ruleId === 'test-role-path')).toHaveLength(1);
  });

  it('gives the same evaluations in the same order whatever the order of input', async () => {
    const items = [volume('vol-c', false), volume('vol-a', true), volume('vol-b', false, 'us-east-1')];
    const first = await run(new FakeSource(collection(items, [], [REGION, 'us-east-1'])));
    const second = await run(new FakeSource(collection([...items].reverse(), [], ['us-east-1', REGION])));
    expect(second.evaluations).toEqual(first.evaluations);
    expect(first.evaluations.map((e) => e.resource.id)).toEqual(['vol-a', 'vol-c', 'vol-b']);
  });

  it('counts evaluations per status and gate, exempted failures included in FAIL', async () => {
    const exemptions = [{ rule: 'test-volume-encrypted', resource: 'arn:aws:test:*:volume/vol-c', reason: 'legacy', expires: '2026-12-31' }];
    const result = await run(new FakeSource(collection([volume('vol-c', false), volume('vol-a', true)])), { exemptions });
    expect(result.counts.total).toEqual({ FAIL: 1, UNKNOWN: 0, PASS: 1, NOT_APPLICABLE: 0 });
    expect(result.counts.exempted).toBe(1);
    expect(result.counts.byGate.encryption).toEqual({ FAIL: 1, UNKNOWN: 0, PASS: 1, NOT_APPLICABLE: 0 });
  });

  it('applies severity overrides from the settings', async () => {
    const result = await run(new FakeSource(collection([volume('vol-a', false)])), { rules: { 'test-volume-encrypted': { severity: 'critical' } } });
    expect(result.evaluations.find((e) => e.ruleId === 'test-volume-encrypted')?.severity).toBe('CRITICAL');
  });

  it('warns about items of an account × Region outside the scan, which no rule judged', async () => {
    const result = await run(new FakeSource(collection([volume('vol-a', false), volume('vol-far', false, 'ap-south-1')])));
    expect(result.evaluations.map((e) => e.resource.id)).not.toContain('vol-far');
    expect(result.warnings).toContain(`1 items of account × Regions outside the scan's scopes were not evaluated (${ACCOUNT}/ap-south-1)`);
  });

  it('warns about expired exemptions', async () => {
    const exemptions = [{ rule: '*', resource: 'arn:aws:test:*', reason: 'old', expires: '2026-01-31' }];
    const result = await run(new FakeSource(collection([])), { exemptions });
    expect(result.warnings).toEqual(['exemption of * for arn:aws:test:* expired 2026-01-31; it no longer applies']);
  });
});

describe('selectRules and neededTypes', () => {
  it('select by gate and severity after overrides', () => {
    const settings = parseSettings({ rules: { 'test-role-path': { severity: 'HIGH' } } }, catalog);
    expect(selectRules(catalog, settings, { minSeverity: 'HIGH' }).map(({ rule }) => rule.meta.id)).toEqual(['test-role-path']);
    expect([...neededTypes(selectRules(catalog, settings, { gates: ['least-privilege'] }))]).toEqual(['AWS::IAM::Role']);
  });
});

describe('scan target without global resources', () => {
  it('collects no global type, evaluates no global scope, and so can resolve nothing there', async () => {
    const source = new FakeSource({ items: [volume('vol-1', true)], scopes: [{ accountId: ACCOUNT, region: REGION }], errors: [] });
    const settings = parseSettings({}, catalog);
    const result = await scan({ regions: [REGION], includeGlobal: false }, source, settings, catalog);
    expect([...(source.requests[0]?.resourceTypes ?? [])]).toEqual(['AWS::EC2::Volume', 'AWS::EC2::Instance']);
    expect(result.completeness.map((entry) => `${entry.ruleId}/${entry.region}`)).toEqual([`test-volume-encrypted/${REGION}`]);
    expect(result.scopes.every((scope) => scope.region !== 'global')).toBe(true);

    const withGlobal = await scan({ regions: [REGION] }, new FakeSource({ items: [volume('vol-1', true)], scopes: [{ accountId: ACCOUNT, region: REGION }], errors: [] }), settings, catalog);
    expect(withGlobal.completeness.map((entry) => `${entry.ruleId}/${entry.region}`)).toContain('test-role-path/global');
  });
});
