import { describe, expect, it } from '@jest/globals';
import { RESOURCE_TYPES } from '../../../../model/configuration-item.js';
import { collectors } from '../../../../inventory/live/collectors/index.js';
import { neededTypes, selectRules } from '../../../../engine/scan.js';
import { defaultSettings } from '../../../../engine/settings.js';
import { catalog } from '../../../../rules/index.js';

describe('the collectors', () => {
  it('produce every resource type gatewatch knows', () => {
    const produced = new Set(collectors.flatMap((collector) => collector.produces));
    expect(RESOURCE_TYPES.filter((type) => !produced.has(type))).toEqual([]);
  });

  it('produce every type the rule catalog needs', () => {
    const produced = new Set(collectors.flatMap((collector) => collector.produces));
    const needed = neededTypes(selectRules(catalog, defaultSettings(catalog)));
    expect([...needed].filter((type) => !produced.has(type))).toEqual([]);
  });

  it('produce each type once (the account item aside, which gathers facts from several)', () => {
    const owners = new Map<string, string[]>();
    for (const collector of collectors) for (const type of collector.produces) owners.set(type, [...(owners.get(type) ?? []), collector.service]);
    expect([...owners].filter(([type, services]) => type !== 'AWS::::Account' && services.length > 1)).toEqual([]);
  });

  it('state what each collector produces, its service and scope exactly as the collector loaded on first use does', async () => {
    for (const collector of collectors) {
      const loaded = await collector.load();
      expect({ service: collector.service, produces: collector.produces, global: collector.global === true }).toEqual({
        service: loaded.service,
        produces: loaded.produces,
        global: loaded.global === true,
      });
    }
    // Each collector module is its own: no two entries load the same collector.
    const loaded = await Promise.all(collectors.map((collector) => collector.load()));
    expect(new Set(loaded).size).toBe(collectors.length);
  });
});
