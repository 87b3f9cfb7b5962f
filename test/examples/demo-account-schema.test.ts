/**
 * The built-in demo account (examples/demo-account.json) item by item against AWS's published
 * AWS Config resource property schema: every recorded path must be one AWS Config has, with the
 * type AWS gives it. The raw JSON is checked, not the normalized items.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { configurationSchemas } from '../../model/configuration-schemas.js';
import {
  RECORDED_BUT_UNPUBLISHED,
  SCHEMA_PATH_ALIASES,
  SYNTHETIC_SCHEMAS,
  checkExceptionTables,
  checkItemAgainstSchema,
  flattenItem,
  loadConfigSchema,
} from '../support/config-schema.js';

const DEMO_FILE = fileURLToPath(new URL('../../examples/demo-account.json', import.meta.url));

type RawItem = Readonly<Record<string, unknown>>;

function isRecord(value: unknown): value is RawItem {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function demoItems(): RawItem[] {
  const json: unknown = JSON.parse(readFileSync(DEMO_FILE, 'utf8'));
  if (!isRecord(json) || !Array.isArray(json['configurationItems'])) throw new Error(`${DEMO_FILE}: no configurationItems array`);
  return json['configurationItems'].map((raw: unknown, index: number) => {
    if (!isRecord(raw)) throw new Error(`${DEMO_FILE}: configurationItems[${index}] is not an object`);
    return raw;
  });
}

const label = (raw: RawItem, index: number): string =>
  `configurationItems[${index}] (${String(raw['resourceType'])} ${String(raw['resourceId'])})`;

/** A demo item picked by type and name (resource name or Name tag), copied so that a test may spoil it. */
function demoItem(resourceType: string, name: string): Record<string, unknown> {
  const found = demoItems().find((raw) => {
    const tags = raw['tags'];
    return raw['resourceType'] === resourceType && (raw['resourceName'] === name || (isRecord(tags) && tags['Name'] === name));
  });
  if (found === undefined) throw new Error(`the demo has no ${resourceType} named ${name}`);
  return structuredClone(found);
}

/** `item` with its configuration fields replaced by `changes`. */
function withConfiguration(item: Record<string, unknown>, changes: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const configuration = item['configuration'];
  if (!isRecord(configuration)) throw new Error('the item has no configuration object');
  return { ...item, configuration: { ...configuration, ...changes } };
}

describe('examples/demo-account.json against the published AWS Config schema', () => {
  test('the vendored schema folder (test/fixtures/aws-config-schema) is present', () => {
    const schema = loadConfigSchema();
    expect(schema.properties('AWS::EC2::Instance')?.get('configuration.instanceId')).toBe('string');
  });

  test('every item has the paths and value types AWS Config records for its type', () => {
    const schema = loadConfigSchema();
    const problems = demoItems().flatMap((raw, index) =>
      checkItemAgainstSchema(raw, schema).map((problem) => `${label(raw, index)}: ${problem}`),
    );
    expect(problems).toEqual([]);
  });

  test('the exception tables are consistent with the schema', () => {
    expect(checkExceptionTables(loadConfigSchema())).toEqual([]);
  });

  test('every exception in the tables is needed by some demo item', () => {
    const used = new Set<string>();
    for (const raw of demoItems()) {
      for (const [path] of flattenItem(raw)) used.add(`${String(raw['resourceType'])} ${path}`);
    }
    const entries = [
      ...Object.entries(SCHEMA_PATH_ALIASES).flatMap(([type, aliases]) => Object.keys(aliases).map((path) => `${type} ${path}`)),
      ...Object.entries(RECORDED_BUT_UNPUBLISHED).flatMap(([type, paths]) => [...paths.keys()].map((path) => `${type} ${path}`)),
    ];
    expect(entries.filter((entry) => !used.has(entry))).toEqual([]);
  });

  test('the AWS::::Account schema lists exactly the configuration fields gatewatch defines', () => {
    const accountSchema = SYNTHETIC_SCHEMAS['AWS::::Account'];
    const listed = [...new Set([...(accountSchema?.keys() ?? [])].filter((path) => path.startsWith('configuration.')).map((path) => path.split('.').slice(0, 2).join('.')))].sort();
    const defined = Object.keys(configurationSchemas['AWS::::Account'].shape).map((field) => `configuration.${field}`).sort();
    expect(listed).toEqual(defined);
  });

  test('the demo has at least one item of each main resource type', () => {
    const present = new Set(demoItems().map((raw) => raw['resourceType']));
    const required = [
      'AWS::EC2::VPC',
      'AWS::EC2::Subnet',
      'AWS::EC2::RouteTable',
      'AWS::EC2::InternetGateway',
      'AWS::EC2::Instance',
      'AWS::EC2::Volume',
      'AWS::EC2::NetworkInterface',
      'AWS::EC2::VPCEndpoint',
      'AWS::RDS::DBInstance',
      'AWS::S3::Bucket',
      'AWS::IAM::Role',
      'AWS::IAM::Policy',
      'AWS::CloudTrail::Trail',
      'AWS::GuardDuty::Detector',
    ];
    expect(required.filter((type) => !present.has(type))).toEqual([]);
  });
});

describe('checkItemAgainstSchema', () => {
  test('reports a wrongly typed value and an unlisted path of a DB instance', () => {
    const item = withConfiguration(demoItem('AWS::RDS::DBInstance', 'orders-db'), { multiAZ: 'yes', multiAz: true });
    expect(checkItemAgainstSchema(item, loadConfigSchema())).toEqual([
      'configuration.multiAZ: expected boolean, got "yes"',
      'configuration.multiAz: not listed for AWS::RDS::DBInstance in the AWS Config schema',
    ]);
  });

  test('checks integers, dates, IP addresses and CIDR blocks', () => {
    const subnet = withConfiguration(demoItem('AWS::EC2::Subnet', 'prod-private-a'), { availableIpAddressCount: 2.5, cidrBlock: '10.0.0.0/33' });
    const instance = withConfiguration(demoItem('AWS::EC2::Instance', 'bastion-prod'), { publicIpAddress: '34.242.61', launchTime: 'last Tuesday' });
    const schema = loadConfigSchema();
    expect(checkItemAgainstSchema(subnet, schema)).toEqual([
      'configuration.availableIpAddressCount: expected integer, got 2.5',
      'configuration.cidrBlock: expected cidr_block, got "10.0.0.0/33"',
    ]);
    expect(checkItemAgainstSchema(instance, schema)).toEqual([
      'configuration.launchTime: expected date, got "last Tuesday"',
      'configuration.publicIpAddress: expected ip, got "34.242.61"',
    ]);
  });

  test('maps the snapshot envelope and tag map onto the schema names', () => {
    const volume = demoItem('AWS::EC2::Volume', 'shop-app-prod-1-root');
    const schema = loadConfigSchema();
    expect(checkItemAgainstSchema(volume, schema)).toEqual([]);
    expect(checkItemAgainstSchema({ ...volume, accountId: '111122223333', tags: { Team: 7 } }, schema)).toEqual([
      'tags.value: expected string, got 7',
    ]);
    expect(checkItemAgainstSchema({ ...volume, configurationItemVersion: 1.3, relatedEvents: [{ id: 'x' }] }, schema)).toEqual([
      'version: expected string, got 1.3',
      'relatedEvents.id: not listed for AWS::EC2::Volume in the AWS Config schema',
    ]);
  });

  test('skips nulls and empty containers, and lists each problem once', () => {
    const volume = withConfiguration(demoItem('AWS::EC2::Volume', 'shop-app-prod-1-root'), {
      kmsKeyId: null,
      attachments: [{ state: 1 }, { state: 2 }],
      unknownEmpty: {},
      unknownList: [],
    });
    expect(checkItemAgainstSchema(volume, loadConfigSchema())).toEqual(['configuration.attachments.state: expected string, got 1', 'configuration.attachments.state: expected string, got 2']);
  });

  test('checks the synthetic account item against the schema gatewatch keeps for it', () => {
    const account = demoItems().find((raw) => raw['resourceType'] === 'AWS::::Account');
    if (account === undefined) throw new Error('the demo has no AWS::::Account item');
    const schema = loadConfigSchema();
    expect(checkItemAgainstSchema(account, schema)).toEqual([]);
    expect(
      checkItemAgainstSchema({ ...account, ARN: 'arn:aws:::111122223333', configuration: { ebsEncryptionByDefault: 'true', guardDuty: true } }, schema),
    ).toEqual([
      'configuration.ebsEncryptionByDefault: expected boolean, got "true"',
      'configuration.guardDuty: not listed for AWS::::Account in the AWS Config schema',
      'arn: not listed for AWS::::Account in the AWS Config schema',
    ]);
  });

  test('reports items it cannot check at all', () => {
    const schema = loadConfigSchema();
    expect(checkItemAgainstSchema([], schema)).toEqual(['(item): not a JSON object']);
    expect(checkItemAgainstSchema({ resourceId: 'x' }, schema)).toEqual(['resourceType: missing, so no schema applies']);
    expect(checkItemAgainstSchema({ resourceType: 'AWS::Made::Up', resourceId: 'x' }, schema)).toEqual([
      'resourceType: no AWS Config schema for AWS::Made::Up',
    ]);
  });

  test('fails clearly when the schema folder is missing', () => {
    expect(() => loadConfigSchema('/nonexistent/aws-config-schema')).toThrow(/AWS Config resource schema not found/);
  });
});
