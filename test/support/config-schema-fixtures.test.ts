/**
 * The vendored AWS Config schemas (test/fixtures/aws-config-schema) hold exactly the types
 * gatewatch reads: a file for every resource type it reads that has no schema of gatewatch's own,
 * and no file that nothing reads. See the folder's README for how to add one.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { RESOURCE_TYPES } from '../../model/configuration-item.js';
import { DEFAULT_SCHEMA_ROOT, SYNTHETIC_SCHEMAS, loadConfigSchema } from './config-schema.js';

const SUFFIX = '.properties.json';
const TYPES_FOLDER = join(DEFAULT_SCHEMA_ROOT, 'properties', 'resource-types');

const vendoredTypes = (): string[] =>
  readdirSync(TYPES_FOLDER)
    .map((name) => (name.endsWith(SUFFIX) ? name.slice(0, -SUFFIX.length) : name))
    .sort();

/** The types that need a published schema: every type gatewatch reads, less those it keeps a schema of its own for. */
const typesNeedingAFile = (): string[] => RESOURCE_TYPES.filter((type) => SYNTHETIC_SCHEMAS[type] === undefined).sort();

describe('the vendored AWS Config schemas', () => {
  test('the default schema folder is the one inside the repository', () => {
    expect(DEFAULT_SCHEMA_ROOT.replaceAll('\\', '/')).toMatch(/\/test\/fixtures\/aws-config-schema$/);
  });

  test('every resource type gatewatch reads has a vendored schema file', () => {
    const vendored = new Set(vendoredTypes());
    expect(typesNeedingAFile().filter((type) => !vendored.has(type))).toEqual([]);
  });

  test('every vendored schema file belongs to a resource type gatewatch reads', () => {
    const needed = new Set(typesNeedingAFile());
    expect(vendoredTypes().filter((type) => !needed.has(type))).toEqual([]);
  });

  test('only the synthetic types (the account item, the root user, the cost-control items) and the types AWS publishes no schema for go without a file', () => {
    expect(RESOURCE_TYPES.filter((type) => SYNTHETIC_SCHEMAS[type] !== undefined).sort()).toEqual([
      'AWS::::Account',
      'AWS::Budgets::Account',
      'AWS::CE::Account',
      'AWS::ElastiCache::CacheCluster',
      'AWS::ElastiCache::ReplicationGroup',
      'AWS::IAM::RootUser',
    ]);
    // A synthetic schema for a type gatewatch no longer reads is stale.
    const read = new Set<string>(RESOURCE_TYPES);
    expect(Object.keys(SYNTHETIC_SCHEMAS).filter((type) => !read.has(type))).toEqual([]);
  });

  test('the folder holds the upstream licence files, the README and the type files, nothing else', () => {
    expect(readdirSync(DEFAULT_SCHEMA_ROOT).sort()).toEqual(['LICENSE', 'NOTICE', 'README.md', 'properties']);
    expect(readdirSync(join(DEFAULT_SCHEMA_ROOT, 'properties'))).toEqual(['resource-types']);
    expect(readdirSync(TYPES_FOLDER).filter((name) => !name.endsWith(SUFFIX))).toEqual([]);
  });

  test('every vendored file loads as a non-empty schema', () => {
    const schema = loadConfigSchema();
    const empty = vendoredTypes().filter((type) => (schema.properties(type)?.size ?? 0) === 0);
    expect(empty).toEqual([]);
  });
});
