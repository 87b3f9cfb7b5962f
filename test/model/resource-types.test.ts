/**
 * A resource type is described once (model/resource-types/) and everything else that is per type
 * is derived from that description. These tests hold each description to the code it describes —
 * the collector's calls, the ARNs it emits, the tags it reads — against the mocked account, and
 * state what adding a type takes:
 *
 * 1. its description, in its service's file under model/resource-types/ (a new service: a new
 *    file, listed in model/resource-types/index.ts);
 * 2. its collector, in its service's file under inventory/live/collectors/, listed in that folder's
 *    index.ts;
 * 3. its AWS Config schema file, vendored under test/fixtures/aws-config-schema/ (see its README);
 * 4. its resources and fakes in its service's file of the mocked account (testkit/mock-account/),
 *    and its counts in the benchmark's census and formulas (testkit/api-calls.ts).
 *
 * Then `npm run generate:permissions` and `npm run generate:rules` rewrite the permission files and
 * the EventBridge rules; their tests fail until they are run.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { typeReadActions } from '../../deploy/generate-permissions.js';
import { resourceOfArn } from '../../inventory/events/arn.js';
import { collectors } from '../../inventory/live/collectors/index.js';
import type { Collection } from '../../inventory/source.js';
import { RESOURCE_TYPES, resourceTypeInfo, TAGGABLE_TYPES, type ResourceType } from '../../model/configuration-item.js';
import { configurationSchemas, supplementarySchemas } from '../../model/configuration-schemas.js';
import { parseArn } from '../../model/resource-types/arn.js';
import { descriptionOf, describedTypes, RESOURCE_TYPE_DESCRIPTIONS, SERVICES } from '../../model/resource-types/index.js';
import { actionsMatching } from '../../rules/lib/iam-actions.js';
import { iamActionOf } from '../../testkit/iam-actions.js';
import { mockedLiveSource } from '../../testkit/live.js';
import { MockAccount } from '../../testkit/mock-account/index.js';
import { DEFAULT_SCHEMA_ROOT, SYNTHETIC_SCHEMAS } from '../support/config-schema.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const REGION = 'eu-west-1';

/** One scan of `type` alone over the mocked account (S3: also over an endpoint whose bucket list gives no Region). */
async function collectOnly(type: ResourceType, listsBucketRegions: boolean): Promise<Collection> {
  const account = new MockAccount(2, [REGION], { listsBucketRegions });
  const restore = account.install();
  try {
    return await mockedLiveSource(collectors).collect({ resourceTypes: new Set([type]), regions: [REGION] });
  } finally {
    restore();
  }
}

describe('the resource type descriptions', () => {
  it('describe each type once, in one service file', () => {
    const described = SERVICES.flatMap((service) => Object.keys(service.types));
    expect(new Set(described).size).toBe(described.length);
    expect([...described].sort()).toEqual([...RESOURCE_TYPES]);
    expect(Object.keys(RESOURCE_TYPE_DESCRIPTIONS).sort()).toEqual([...RESOURCE_TYPES]);
  });

  it('are data and pure functions: no file of model/resource-types/ loads an AWS SDK or anything outside model/', () => {
    const folder = join(root, 'model', 'resource-types');
    for (const file of readdirSync(folder)) {
      const imports = [...readFileSync(join(folder, file), 'utf8').matchAll(/^import .* from '([^']+)';$/gm)].map((match) => match[1] ?? '');
      expect({ file, outside: imports.filter((name) => !(name === 'zod' || name.startsWith('./') || name.startsWith('../policy-document'))) }).toEqual({ file, outside: [] });
    }
  });

  it('make what the model derives: each type, its info, its schemas', () => {
    for (const [type, description] of describedTypes()) {
      expect(resourceTypeInfo[type]).toEqual({ taggable: description.taggable, ...(description.global === true ? { global: true } : {}) });
      expect(configurationSchemas[type]).toBe(description.schema);
      expect((supplementarySchemas as Readonly<Record<string, unknown>>)[type]).toBe(description.supplementary);
    }
    expect(TAGGABLE_TYPES).toEqual(RESOURCE_TYPES.filter((type) => descriptionOf(type).taggable));
  });

  it('name only actions IAM knows, sorted, each once', () => {
    for (const [type, { reads }] of describedTypes()) {
      expect({ type, reads: [...reads] }).toEqual({ type, reads: [...new Set(reads)].sort() });
      for (const action of reads) expect({ type, action, known: actionsMatching(action).length }).toEqual({ type, action, known: 1 });
    }
  });

  it('give every type but the account items an ARN format', () => {
    // AWS names no ARN for the account × Region facts nor for the account's budgets and Cost Explorer facts.
    expect(describedTypes().filter(([, description]) => description.arn === undefined).map(([type]) => type)).toEqual(['AWS::::Account', 'AWS::Budgets::Account', 'AWS::CE::Account']);
  });
});

describe('each description against its collector, over the mocked account', () => {
  const collections = new Map<ResourceType, readonly Collection[]>();

  beforeAll(async () => {
    for (const type of RESOURCE_TYPES) collections.set(type, [await collectOnly(type, true), await collectOnly(type, false)]);
  }, 60_000);

  const of = (type: ResourceType): readonly Collection[] => collections.get(type) ?? [];

  it.each(RESOURCE_TYPES)('%s: the collector calls exactly the actions the description reads', (type) => {
    expect(of(type).flatMap((collection) => collection.errors)).toEqual([]);
    const called = new Set(of(type).flatMap((collection) => (collection.calls ?? []).flatMap((count) => iamActionOf(count.service, count.operation) ?? [])));
    expect([...called].sort()).toEqual(typeReadActions(descriptionOf(type)));
  });

  it.each(RESOURCE_TYPES)('%s: the collector emits items of the type, whose ARNs the description recognises and builds', (type) => {
    const [collection] = of(type);
    const items = (collection?.items ?? []).filter((item) => item.resourceType === type);
    expect(items.length).toBeGreaterThan(0);
    const format = descriptionOf(type).arn;
    if (format === undefined) return;
    for (const item of items) {
      const arn = item.ARN ?? '';
      const ref = resourceOfArn(arn);
      // The collector's id, or the name in the ARN where the id is in none (DB instances and clusters, IAM).
      expect({ arn, type: ref?.resourceType, named: ref !== undefined && [item.resourceId, item.resourceName].includes(ref.resourceId) }).toEqual({ arn, type, named: true });
      const parsed = parseArn(arn);
      const name = parsed === undefined ? undefined : format.resource.exec(parsed.resource)?.[1];
      if (format.build !== undefined && parsed !== undefined && name !== undefined) {
        expect(format.build({ partition: parsed.partition, region: parsed.region, accountId: parsed.account }, name)).toBe(arn);
      }
    }
  });

  it.each(TAGGABLE_TYPES)('%s: the collector reads the tags of its items (the mocked account tags every resource)', (type) => {
    const [collection] = of(type);
    const items = (collection?.items ?? []).filter((item) => item.resourceType === type);
    expect(items.filter((item) => Object.keys(item.tags).length === 0).map((item) => item.resourceId)).toEqual([]);
  });
});

describe('adding a resource type', () => {
  const fixtures = join(DEFAULT_SCHEMA_ROOT, 'properties', 'resource-types');

  it.each(RESOURCE_TYPES)('%s has its description, its collector, its schema file and its mocked resources', (type) => {
    expect(SERVICES.filter((service) => Object.hasOwn(service.types, type))).toHaveLength(1);
    expect(collectors.filter((collector) => collector.produces.includes(type)).length).toBeGreaterThan(0);
    expect(SYNTHETIC_SCHEMAS[type] !== undefined || existsSync(join(fixtures, `${type}.properties.json`))).toBe(true);
  });

  it('needs nothing else: the modules derived from the descriptions hold no table by type', () => {
    const derived = [
      'model/configuration-item.ts',
      'model/configuration-schemas.ts',
      'findings/asff.ts',
      'deploy/generate-permissions.ts',
      ...readdirSync(join(root, 'inventory', 'events')).filter((file) => file.endsWith('.ts')).map((file) => `inventory/events/${file}`),
    ];
    for (const file of derived) {
      const text = readFileSync(join(root, file), 'utf8');
      expect({ file, named: RESOURCE_TYPES.filter((type) => text.includes(`'${type}'`)) }).toEqual({ file, named: [] });
    }
  });
});
