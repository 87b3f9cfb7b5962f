import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from '@jest/globals';
import { readSnapshot } from '../../../inventory/snapshot/read-snapshot.js';
import { SnapshotSource } from '../../../inventory/snapshot/snapshot-source.js';
import { InputError } from '../../../model/input-error.js';
import { tagValue, type ResourceType } from '../../../model/configuration-item.js';

const dir = mkdtempSync(join(tmpdir(), 'gatewatch-snapshot-'));
let counter = 0;
function write(content: unknown, options: { gzip?: boolean; raw?: boolean } = {}): string {
  counter += 1;
  const file = join(dir, `snap-${counter}.json${options.gzip === true ? '.gz' : ''}`);
  const text = options.raw === true ? String(content) : JSON.stringify(content);
  writeFileSync(file, options.gzip === true ? gzipSync(text) : text);
  return file;
}

const envelope = (resourceType: string, resourceId: string, configuration: unknown, extra: Record<string, unknown> = {}) => ({
  configurationItemVersion: '1.3',
  configurationItemCaptureTime: '2026-11-01T10:00:00.000Z',
  configurationStateId: '1',
  awsAccountId: '111122223333',
  configurationItemStatus: 'OK',
  resourceType,
  resourceId,
  resourceName: resourceId,
  ARN: `arn:aws:test:eu-west-1:111122223333:${resourceId}`,
  awsRegion: 'eu-west-1',
  availabilityZone: 'Not Applicable',
  tags: { Name: resourceId },
  relatedEvents: [],
  relationships: [],
  configuration,
  supplementaryConfiguration: {},
  ...extra,
});
const snapshot = (items: unknown[]) => ({ fileVersion: '1.0', configSnapshotId: 'abc', configurationItems: items });
const policy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }] };

async function errorOf(file: string, maxBytes?: number): Promise<string> {
  try {
    await readSnapshot(file, { maxBytes });
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as Error).message;
  }
  throw new Error('expected the snapshot to be rejected');
}

describe('readSnapshot', () => {
  it('reads plain and gzipped snapshots alike, whatever the file name', async () => {
    const content = snapshot([envelope('AWS::EC2::Volume', 'vol-1', { volumeId: 'vol-1', encrypted: true })]);
    const plain = await readSnapshot(write(content));
    const gzipped = await readSnapshot(write(content, { gzip: true }));
    expect(plain.items).toHaveLength(1);
    expect(gzipped.items).toEqual(plain.items);
    expect(plain.items[0]).toMatchObject({ resourceType: 'AWS::EC2::Volume', resourceId: 'vol-1', tags: { Name: 'vol-1' }, configuration: { encrypted: true } });
  });

  it('decodes URL-encoded IAM documents and JSON-string bucket policies in one place', async () => {
    const encoded = encodeURIComponent(JSON.stringify(policy));
    const { items } = await readSnapshot(
      write(
        snapshot([
          envelope('AWS::IAM::Policy', 'ANPA1', { policyName: 'p', policyVersionList: [{ versionId: 'v1', isDefaultVersion: true, document: encoded }] }, { awsRegion: 'global' }),
          envelope('AWS::S3::Bucket', 'logs', { name: 'logs' }, { supplementaryConfiguration: { BucketPolicy: { policyText: JSON.stringify(policy) } } }),
        ]),
      ),
    );
    const [iamPolicy, bucket] = items;
    expect(iamPolicy?.resourceType === 'AWS::IAM::Policy' && iamPolicy.configuration.policyVersionList?.[0]?.document).toEqual(policy);
    expect(bucket?.resourceType === 'AWS::S3::Bucket' && bucket.supplementaryConfiguration.BucketPolicy?.policyText).toEqual(policy);
  });

  it('accepts configuration and supplementary values delivered as JSON strings, and tags as a list', async () => {
    const { items } = await readSnapshot(
      write(
        snapshot([
          envelope('AWS::S3::Bucket', 'b', JSON.stringify({ name: 'b' }), {
            tags: [{ key: 'Team', value: 'core' }],
            supplementaryConfiguration: { PublicAccessBlockConfiguration: JSON.stringify({ blockPublicAcls: true }) },
          }),
        ]),
      ),
    );
    expect(items[0]).toMatchObject({ tags: { Team: 'core' }, configuration: { name: 'b' }, supplementaryConfiguration: { PublicAccessBlockConfiguration: { blockPublicAcls: true } } });
  });

  it('reads zone lists in both forms AWS Config uses: names, or {value} objects', async () => {
    const { items } = await readSnapshot(
      write(
        snapshot([
          envelope('AWS::RDS::DBCluster', 'aurora', { availabilityZones: [{ value: 'eu-west-1a' }, { value: 'eu-west-1b' }] }),
          envelope('AWS::AutoScaling::AutoScalingGroup', 'web', { availabilityZones: ['eu-west-1a'] }),
        ]),
      ),
    );
    expect(items.map((entry) => (entry.configuration as { availabilityZones?: unknown }).availabilityZones)).toEqual([['eu-west-1a', 'eu-west-1b'], ['eu-west-1a']]);
  });

  it('skips deleted or unrecorded resources and types no rule reads, and counts the latter', async () => {
    const result = await readSnapshot(
      write(
        snapshot([
          envelope('AWS::EC2::Volume', 'vol-gone', null, { configurationItemStatus: 'ResourceDeleted' }),
          envelope('AWS::SSM::Parameter', 'p1', {}),
          envelope('AWS::SSM::Parameter', 'p2', {}),
          envelope('AWS::EC2::Volume', 'vol-1', { encrypted: false }),
        ]),
      ),
    );
    expect(result.items.map((entry) => entry.resourceId)).toEqual(['vol-1']);
    expect(result.skippedTypes).toEqual({ 'AWS::SSM::Parameter': 2 });
  });

  it('keeps a tag named __proto__ as a tag, in both the map and the list form, without touching the map\'s prototype', async () => {
    const text = JSON.stringify(snapshot([envelope('AWS::EC2::Volume', 'vol-1', {}, { tags: { Name: 'vol-1' } }), envelope('AWS::EC2::Volume', 'vol-2', {}, { tags: [{ key: '__proto__', value: 'pairs' }, { key: 'Team', value: 'a' }] })]));
    // JSON.stringify cannot write an own __proto__ key of an object literal: put it in the text.
    const { items } = await readSnapshot(write(text.replace('"tags":{"Name":"vol-1"}', '"tags":{"__proto__":"map","Name":"vol-1"}'), { raw: true }));
    const [first, second] = items;
    expect(first && Object.hasOwn(first.tags, '__proto__') && tagValue(first, '__proto__')).toBe('map');
    expect(first && Object.entries(first.tags)).toEqual([['__proto__', 'map'], ['Name', 'vol-1']]);
    expect(second && Object.entries(second.tags)).toEqual([['__proto__', 'pairs'], ['Team', 'a']]);
    for (const item of items) expect(Object.getPrototypeOf(item.tags)).toBe(Object.prototype);
  });

  it('keeps the first listing of a resource listed more than once, and names the repeated ones', async () => {
    const result = await readSnapshot(
      write(
        snapshot([
          envelope('AWS::EC2::Volume', 'vol-1', { encrypted: true }),
          envelope('AWS::EC2::Volume', 'vol-2', { encrypted: true }),
          envelope('AWS::EC2::Volume', 'vol-1', { encrypted: false }),
          envelope('AWS::EC2::Volume', 'vol-1', { encrypted: false }),
          // The same id in another Region, another account or as another type is another resource.
          envelope('AWS::EC2::Volume', 'vol-1', { encrypted: false }, { awsRegion: 'us-east-1', ARN: 'arn:aws:test:us-east-1:111122223333:vol-1' }),
          envelope('AWS::EC2::Volume', 'vol-1', { encrypted: false }, { awsAccountId: '444455556666' }),
          envelope('AWS::EC2::Subnet', 'vol-1', {}),
          envelope('AWS::EC2::Volume', 'vol-2', { encrypted: false }),
        ]),
      ),
    );
    expect(result.items.map((item) => `${item.awsAccountId}/${item.awsRegion}/${item.resourceType}/${item.resourceId}`)).toEqual([
      '111122223333/eu-west-1/AWS::EC2::Volume/vol-1',
      '111122223333/eu-west-1/AWS::EC2::Volume/vol-2',
      '111122223333/us-east-1/AWS::EC2::Volume/vol-1',
      '444455556666/eu-west-1/AWS::EC2::Volume/vol-1',
      '111122223333/eu-west-1/AWS::EC2::Subnet/vol-1',
    ]);
    expect(result.items[0]?.configuration).toMatchObject({ encrypted: true });
    expect(result.duplicates).toEqual({ count: 3, resources: 2, listed: ['arn:aws:test:eu-west-1:111122223333:vol-1', 'arn:aws:test:eu-west-1:111122223333:vol-2'] });
    expect(result.warnings).toEqual([
      `${result.file}: 3 configuration items repeat 2 resources listed before, ignored (the first listing of each resource is evaluated): arn:aws:test:eu-west-1:111122223333:vol-1, arn:aws:test:eu-west-1:111122223333:vol-2`,
    ]);
  });

  it('names at most ten repeated resources and counts the others', async () => {
    const ids = Array.from({ length: 12 }, (_, index) => `vol-${index}`);
    const listing = ids.map((id) => envelope('AWS::EC2::Volume', id, {}, { ARN: undefined }));
    const result = await readSnapshot(write(snapshot([...listing, ...listing, ...listing])));
    expect(result.items).toHaveLength(12);
    expect(result.duplicates).toMatchObject({ count: 24, resources: 12 });
    expect(result.duplicates.listed).toEqual(ids.slice(0, 10).map((id) => `111122223333/eu-west-1/AWS::EC2::Volume/${id}`));
    expect(result.warnings[0]).toMatch(/: 24 configuration items repeat 12 resources listed before, ignored .*: 111122223333\/eu-west-1\/AWS::EC2::Volume\/vol-0, .*AWS::EC2::Volume\/vol-9 and 2 more$/);
  });

  it.each([
    [
      'only deleted or unrecorded resources',
      [envelope('AWS::EC2::Volume', 'vol-1', null, { configurationItemStatus: 'ResourceDeleted' }), envelope('AWS::S3::Bucket', 'b', null, { configurationItemStatus: 'ResourceDeletedNotRecorded' })],
      'none of its 2 configuration items can be evaluated — 2 describe deleted or unrecorded resources (configurationItemStatus ResourceDeleted, ResourceDeletedNotRecorded or ResourceNotRecorded); nothing was evaluated',
    ],
    [
      'only types gatewatch does not know',
      [envelope('AWS::SSM::Parameter', 'p1', {}), envelope('AWS::SSM::Parameter', 'p2', {}), envelope('AWS::Made::Up', 'x', {})],
      'none of its 3 configuration items can be evaluated — 3 are of resource types gatewatch does not know (AWS::SSM::Parameter, AWS::Made::Up); nothing was evaluated',
    ],
    [
      'deleted resources and unknown types',
      [envelope('AWS::EC2::Volume', 'vol-1', null, { configurationItemStatus: 'ResourceNotRecorded' }), envelope('AWS::SSM::Parameter', 'p1', {})],
      'none of its 2 configuration items can be evaluated — 1 describe deleted or unrecorded resources (configurationItemStatus ResourceDeleted, ResourceDeletedNotRecorded or ResourceNotRecorded); 1 are of resource types gatewatch does not know (AWS::SSM::Parameter); nothing was evaluated',
    ],
    ['no items at all', [], 'holds no configuration items — nothing was evaluated'],
  ])('says so when a snapshot holds %s', async (_name, items, warning) => {
    const result = await readSnapshot(write(snapshot(items)));
    expect(result.items).toEqual([]);
    expect(result.warnings).toEqual([`${result.file}: ${warning}`]);
  });

  it('has nothing to say of a snapshot with one item to evaluate among deleted and unknown ones', async () => {
    const result = await readSnapshot(
      write(snapshot([envelope('AWS::EC2::Volume', 'vol-gone', null, { configurationItemStatus: 'ResourceDeleted' }), envelope('AWS::SSM::Parameter', 'p1', {}), envelope('AWS::EC2::Volume', 'vol-1', {})])),
      { keep: () => false },
    );
    expect(result.warnings).toEqual([]);
    expect(result.duplicates).toEqual({ count: 0, resources: 0, listed: [] });
  });

  it.each([
    ['a file that is not JSON', '{"fileVersion": ', /snap-\d+\.json: not valid JSON/],
    ['a file without configurationItems', JSON.stringify({ fileVersion: '1.0', configSnapshotId: 'x' }), /: configurationItems: .*an AWS Config snapshot is/],
  ])('rejects %s with the file name', async (_name, text, pattern) => {
    expect(await errorOf(write(text, { raw: true }))).toMatch(pattern);
  });

  it('names the file, the item index, the item and the field of a malformed item', async () => {
    const file = write(snapshot([envelope('AWS::EC2::Volume', 'vol-1', {}), envelope('AWS::RDS::DBInstance', 'db-1', { multiAZ: 'yes' })]));
    expect(await errorOf(file)).toBe(`${file}: configurationItems[1] (AWS::RDS::DBInstance db-1): configuration.multiAZ: Invalid input: expected boolean, received string`);
  });

  it('names a malformed envelope field', async () => {
    const file = write(snapshot([envelope('AWS::EC2::Volume', 'vol-1', {}, { awsAccountId: '12' })]));
    expect(await errorOf(file)).toBe(`${file}: configurationItems[0] (AWS::EC2::Volume vol-1): awsAccountId: expected a 12-digit account id`);
  });

  it('names a policy document that does not decode', async () => {
    const file = write(snapshot([envelope('AWS::IAM::Role', 'AROA1', { roleName: 'r', assumeRolePolicyDocument: '%7B%22broken' }, { awsRegion: 'global' })]));
    expect(await errorOf(file)).toMatch(/configurationItems\[0\] \(AWS::IAM::Role AROA1\): configuration\.assumeRolePolicyDocument: policy document is not valid JSON/);
  });

  it('says when a file cannot be read', async () => {
    expect(await errorOf(join(dir, 'missing.json'))).toMatch(/missing\.json: cannot read the snapshot \(ENOENT\)/);
  });

  it('reads items that span many read chunks, plain and gzipped, and items under an escaped key', async () => {
    const volumes = Array.from({ length: 3000 }, (_, index) => envelope('AWS::EC2::Volume', `vol-${index}`, { encrypted: index % 2 === 0, note: 'x'.repeat(400) }));
    const content = snapshot(volumes);
    expect(JSON.stringify(content).length).toBeGreaterThan(2 * 1024 ** 2);
    for (const file of [write(content), write(content, { gzip: true })]) {
      const { items } = await readSnapshot(file);
      expect(items.map((item) => item.resourceId)).toEqual(volumes.map((volume) => volume.resourceId));
    }
    const escaped = write(JSON.stringify(snapshot(volumes.slice(0, 2))).replace('"configurationItems"', '"configuration\\u0049tems"'), { raw: true });
    expect((await readSnapshot(escaped)).items.map((item) => item.resourceId)).toEqual(['vol-0', 'vol-1']);
  });

  it('keeps only what `keep` accepts, and records the account × Regions of every item', async () => {
    const file = write(snapshot([envelope('AWS::EC2::Volume', 'vol-1', {}), envelope('AWS::IAM::Role', 'AROA1', { roleName: 'r' }, { awsRegion: 'global', awsAccountId: '444455556666' })]));
    const result = await readSnapshot(file, { keep: (item) => item.resourceType === 'AWS::IAM::Role' });
    expect(result.items.map((item) => item.resourceId)).toEqual(['AROA1']);
    expect(result.recorded).toEqual([
      { accountId: '111122223333', region: 'eu-west-1' },
      { accountId: '444455556666', region: 'global' },
    ]);
  });

  it('refuses a FIFO, a character device and a directory at once, naming the path and what to give instead', async () => {
    const fifo = join(dir, 'pipe.json');
    execFileSync('mkfifo', [fifo]);
    const folder = join(dir, 'folder.json');
    mkdirSync(folder);
    // A FIFO nobody writes to would block a plain open, and /dev/zero never ends: both must fail fast.
    expect(await errorOf(fifo)).toBe(`${fifo}: a FIFO (named pipe), not a file — --snapshot reads an AWS Config snapshot file (JSON or gzip); save the data to a file and give its path`);
    expect(await errorOf('/dev/zero')).toMatch(/^\/dev\/zero: a character device, not a file — /);
    expect(await errorOf('/dev/urandom')).toMatch(/^\/dev\/urandom: a character device, not a file — /);
    expect(await errorOf(folder)).toMatch(/folder\.json: a directory, not a file — /);
  });

  it('refuses a file over the size limit before reading it, naming the setting that raises it', async () => {
    const file = write(snapshot([envelope('AWS::EC2::Volume', 'vol-1', { note: 'x'.repeat(3000) })]));
    expect(await errorOf(file, 2048)).toMatch(/snap-\d+\.json: 3\.\d KiB, more than the snapshot size limit of 2 KiB — raise snapshot\.maxSize in the settings file \(--settings\) to read it$/);
    expect((await readSnapshot(file, { maxBytes: 1024 ** 2 })).items).toHaveLength(1);
  });

  it('stops a gzip bomb at the size limit instead of decompressing it', async () => {
    // 64 MiB of spaces inside the array is valid JSON that gzips to about 64 KiB.
    const bomb = `{"fileVersion":"1.0","configSnapshotId":"x","configurationItems":[${' '.repeat(64 * 1024 ** 2)}]}`;
    const file = write(bomb, { gzip: true, raw: true });
    expect(await errorOf(file, 1024 ** 2)).toMatch(/snap-\d+\.json\.gz: it decompresses to more than the snapshot size limit of 1 MiB — raise snapshot\.maxSize/);
    expect((await readSnapshot(file, { maxBytes: 128 * 1024 ** 2 })).items).toEqual([]);
  });

  it('says so when a gzipped file is cut short or corrupt', async () => {
    const gzipped = gzipSync(JSON.stringify(snapshot([envelope('AWS::EC2::Volume', 'vol-1', { note: 'x'.repeat(5000) })])));
    const cut = join(dir, 'cut.json.gz');
    writeFileSync(cut, gzipped.subarray(0, Math.floor(gzipped.length / 2)));
    expect(await errorOf(cut)).toMatch(/cut\.json\.gz: looks gzipped but does not decompress \(unexpected end of file\)/);
  });

  it.each([
    ['a cut-short item', '{"fileVersion":"1.0","configSnapshotId":"x","configurationItems":[{"resourceType":"AWS::EC2::Volume"', /: not valid JSON \(the file ends inside configurationItems\[0\] \(is it cut short\?\)\)$/],
    ['an item that is not JSON', `{"fileVersion":"1.0","configSnapshotId":"x","configurationItems":[${JSON.stringify(envelope('AWS::EC2::Volume', 'vol-1', {}))}, {"a": tru}]}`, /: not valid JSON \(configurationItems\[1\]: .+\)$/],
    ['a top level that is not an object', '[{"resourceType": "AWS::EC2::Volume"}]', /: top level: Invalid input: expected object, received array — an AWS Config snapshot is/],
    ['random bytes', '\u0000\u0007}{]', /: not valid JSON \(a closing }\)$/],
  ])('rejects %s with the file name and where', async (_name, text, pattern) => {
    expect(await errorOf(write(text, { raw: true }))).toMatch(pattern);
  });
});

describe('SnapshotSource', () => {
  const types = new Set<ResourceType>(['AWS::EC2::Volume']);
  const content = snapshot([
    envelope('AWS::EC2::Volume', 'vol-1', { encrypted: true }),
    envelope('AWS::EC2::Subnet', 'subnet-1', {}),
    envelope('AWS::IAM::Role', 'AROA1', { roleName: 'r' }, { awsRegion: 'global' }),
  ]);

  it('returns only the requested types, and the Regions its items cover as scopes', async () => {
    const collection = await new SnapshotSource(write(content)).collect({ resourceTypes: types });
    expect(collection.items.map((entry) => entry.resourceId)).toEqual(['vol-1']);
    expect(collection.scopes).toEqual([{ accountId: '111122223333', region: 'eu-west-1' }]);
    expect(collection.errors).toEqual([]);
  });

  it('reports a requested Region the snapshot does not cover as a collection error, not as empty', async () => {
    const collection = await new SnapshotSource(write(content)).collect({ resourceTypes: types, regions: ['eu-west-1', 'us-east-1'] });
    expect(collection.errors).toEqual([
      expect.objectContaining({ accountId: '111122223333', region: 'us-east-1', code: 'RegionNotInSnapshot', resourceTypes: ['AWS::EC2::Volume'] }),
    ]);
  });

  it('tells its warnings once and lists them in the collection, whichever way the file is read', async () => {
    const volume = (account: string, id: string) => envelope('AWS::EC2::Volume', id, {}, { awsAccountId: account, ARN: `arn:aws:test:eu-west-1:${account}:${id}` });
    const together = [volume('111122223333', 'vol-1'), volume('111122223333', 'vol-1'), volume('444455556666', 'vol-2')];
    // Accounts mixed: the account-by-account reading starts over, reading the whole file.
    const mixed = [volume('111122223333', 'vol-1'), volume('444455556666', 'vol-2'), volume('111122223333', 'vol-1')];
    const coverage = { gatewatch: { scopes: [{ accountId: '111122223333', region: 'eu-west-1' }, { accountId: '444455556666', region: 'eu-west-1' }], errors: [] } };
    for (const document of [snapshot(together), snapshot(mixed), { ...snapshot(together), ...coverage }]) {
      const file = write(document);
      const expected = `${file}: 1 configuration item repeats a resource listed before, ignored (the first listing of each resource is evaluated): arn:aws:test:eu-west-1:111122223333:vol-1`;
      for (const byAccount of [false, true]) {
        const told: string[] = [];
        const handed: string[] = [];
        const source = new SnapshotSource(file, { onWarning: (warning) => told.push(warning) });
        const collection = byAccount
          ? await source.collectByAccount({ resourceTypes: types }, { account: (part) => handed.push(...part.items.map((item) => item.resourceId)), restart: () => handed.splice(0) })
          : await source.collect({ resourceTypes: types });
        expect({ byAccount, told, warnings: collection.warnings }).toEqual({ byAccount, told: [expected], warnings: [expected] });
        expect([...handed, ...collection.items.map((item) => item.resourceId)].sort()).toEqual(['vol-1', 'vol-2']);
      }
    }
  });

  it('uses the scopes and errors a gatewatch-written snapshot declares', async () => {
    const error = { accountId: '111122223333', region: 'eu-west-1', resourceTypes: ['AWS::EC2::Volume'], service: 'ec2', operation: 'DescribeVolumes', code: 'AccessDenied', message: 'no' };
    const file = write({ ...snapshot([]), gatewatch: { scopes: [{ accountId: '111122223333', region: 'eu-west-1' }], errors: [error] } });
    const collection = await new SnapshotSource(file).collect({ resourceTypes: types });
    expect(collection.scopes).toEqual([{ accountId: '111122223333', region: 'eu-west-1' }]);
    expect(collection.errors).toEqual([error]);
  });
});
