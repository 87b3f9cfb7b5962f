/**
 * End to end over a mocked account (the benchmark's, which pages like AWS): a live scan with the
 * whole catalog evaluates every rule, completely, and every emitted item has AWS Config's shape.
 */
import { describe, expect, it } from '@jest/globals';
import { MockAccount } from '../../../testkit/mock-account/index.js';
import { collectors } from '../../../inventory/live/collectors/index.js';
import { scan } from '../../../engine/scan.js';
import { defaultSettings } from '../../../engine/settings.js';
import { catalog } from '../../../rules/index.js';
import { RESOURCE_TYPES } from '../../../model/configuration-item.js';
import { checkItemAgainstSchema } from '../../support/config-schema.js';
import { mockedLiveSource } from '../../../testkit/live.js';

const REGIONS = ['eu-west-1', 'us-east-1'];

describe('a live scan of a mocked account', () => {
  it('evaluates every rule of the catalog in every scope, with no collection error and nothing UNKNOWN', async () => {
    const account = new MockAccount(3, REGIONS);
    const restore = account.install();
    try {
      const result = await scan({ regions: REGIONS }, mockedLiveSource(collectors), defaultSettings(catalog), catalog);
      expect(result.errors).toEqual([]);
      expect(result.counts.total.UNKNOWN).toBe(0);
      expect(result.completeness.filter((entry) => !entry.complete)).toEqual([]);
      const evaluated = new Set(result.evaluations.map((evaluation) => evaluation.ruleId));
      expect(catalog.map((rule) => rule.meta.id).filter((id) => !evaluated.has(id))).toEqual([]);
      expect(result.scopes.map((scope) => scope.region)).toEqual([...REGIONS].sort().concat('global'));
    } finally {
      restore();
    }
  });

  it('emits items of every resource type, each in the shape AWS Config records', async () => {
    const account = new MockAccount(2, ['eu-west-1']);
    const restore = account.install();
    try {
      const collection = await mockedLiveSource(collectors).collect({ resourceTypes: new Set(RESOURCE_TYPES), regions: ['eu-west-1'] });
      expect(collection.errors).toEqual([]);
      expect([...new Set(collection.items.map((item) => item.resourceType))].sort()).toEqual([...RESOURCE_TYPES].sort());
      const problems = (collection.rawItems ?? [])
        .flatMap((raw) => checkItemAgainstSchema(raw).map((problem) => `${String(raw['resourceType'])} ${String(raw['resourceId'])}: ${problem}`));
      expect(problems).toEqual([]);
    } finally {
      restore();
    }
  });
});
