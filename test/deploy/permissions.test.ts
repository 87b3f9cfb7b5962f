/**
 * The scan permissions are generated from the resource type descriptions
 * (deploy/generate-permissions.ts): each file is what the generator renders, and the actions are
 * exactly what a scan calls — each type's reads (held to its collector's calls in
 * test/model/resource-types.test.ts) and the live source's own call.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import { permissionFiles, readActions, SCAN_ACTIONS, scanPermissions, typeReadActions } from '../../deploy/generate-permissions.js';
import { collectors } from '../../inventory/live/collectors/index.js';
import { describedTypes } from '../../model/resource-types/index.js';
import { ACCOUNT } from '../../testkit/account.js';
import { iamActionOf } from '../../testkit/iam-actions.js';
import { mockedLiveSource, mockIdentity } from '../../testkit/live.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

describe('the generated permission files', () => {
  it.each(Object.entries(permissionFiles()))('%s is up to date with the descriptions (run `npm run generate:permissions` when it is not)', (path, text) => {
    expect(readFileSync(join(root, path), 'utf8')).toBe(text);
  });
});

describe('the actions', () => {
  it("are the types' reads, the Tagging API's where a type reads its tags there, and the live source's own call", () => {
    const ofTypes = describedTypes().flatMap(([, description]) => typeReadActions(description));
    expect(readActions()).toEqual([...new Set([...ofTypes, ...SCAN_ACTIONS])].sort());
    const { wildcardOnly, resourceLevel } = scanPermissions();
    expect([...wildcardOnly, ...resourceLevel].sort()).toEqual(readActions());
  });

  it("list as the live source's own only what a scan of no type calls: the Region list when no Regions are named", async () => {
    const identity = mockIdentity(['eu-west-1']);
    try {
      const collection = await mockedLiveSource(collectors).collect({ resourceTypes: new Set(), regions: undefined });
      expect(collection.scopes).toEqual([{ accountId: ACCOUNT, region: 'eu-west-1' }]);
      expect((collection.calls ?? []).flatMap((count) => iamActionOf(count.service, count.operation) ?? [])).toEqual([...SCAN_ACTIONS]);
    } finally {
      identity.sts.restore();
      identity.ec2.restore();
    }
  });
});
