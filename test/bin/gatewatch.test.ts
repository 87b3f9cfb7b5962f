/**
 * bin/gatewatch.js runs the compiled CLI only while it was built from the files as they are now
 * (bin/compiled.js), and the TypeScript sources otherwise: a stale build never runs. The build
 * (bin/build-cli.js) goes to a temporary folder here, never the checkout's dist/, which other
 * test runs may be using.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
// @ts-expect-error: plain JavaScript, run before anything is compiled
import { buildCli } from '../../bin/build-cli.js';
// @ts-expect-error: plain JavaScript, run before anything is compiled
import { BUNDLE, compiledCli, digest, MANIFEST } from '../../bin/compiled.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const exec = promisify(execFile);
const DEMO = ['scan', '--snapshot', 'examples/demo-account.json', '--settings', 'examples/gatewatch.example.yaml', '--exit-zero'];

let dist: string;
let manifest: { inputs: Record<string, string> };

/** bin/gatewatch.js as a process, with the given build folder. */
async function gatewatch(args: readonly string[], env: Readonly<Record<string, string>> = {}): Promise<string> {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([key]) => key !== 'NODE_OPTIONS' && !key.startsWith('GATEWATCH_')));
  const { stdout } = await exec(process.execPath, [join(root, 'bin', 'gatewatch.js'), ...args], { cwd: root, env: { ...clean, NO_COLOR: '1', ...env }, maxBuffer: 16 * 1024 * 1024 });
  return stdout;
}

const writeManifest = (inputs: Record<string, string>) => writeFileSync(join(dist, MANIFEST), JSON.stringify({ inputs }));

beforeAll(async () => {
  dist = mkdtempSync(join(tmpdir(), 'gatewatch-dist-'));
  await buildCli({ dist });
  manifest = JSON.parse(readFileSync(join(dist, MANIFEST), 'utf8')) as typeof manifest;
}, 120_000);

afterAll(() => rmSync(dist, { recursive: true, force: true }));

describe('the compiled CLI', () => {
  it('records the sources it was built from, the IAM action index, the lockfile and the build script', () => {
    const files = Object.keys(manifest.inputs);
    expect(files).toEqual(expect.arrayContaining(['cli/main.ts', 'engine/scan.ts', 'rules/lib/iam-actions.ts', 'rules/lib/iam-action-index.json', 'package-lock.json', 'bin/build-cli.js']));
    expect(files.filter((file) => file.includes('node_modules'))).toEqual([]);
    for (const [file, recorded] of Object.entries(manifest.inputs)) expect([file, recorded]).toEqual([file, digest(join(root, file))]);
    expect(readFileSync(join(dist, 'iam-action-index.json'), 'utf8')).toBe(readFileSync(join(root, 'rules', 'lib', 'iam-action-index.json'), 'utf8'));
  });

  it('is current while every recorded file is as it was, and stale when one changed, is gone, or nothing is recorded', () => {
    expect(compiledCli({ root, dist })).toBe(pathToFileURL(join(dist, BUNDLE)).href);
    try {
      writeManifest({ ...manifest.inputs, 'engine/scan.ts': 'changed' });
      expect(compiledCli({ root, dist })).toBeUndefined();
      writeManifest({ ...manifest.inputs, 'cli/removed.ts': manifest.inputs['cli/main.ts'] ?? '' });
      expect(compiledCli({ root, dist })).toBeUndefined();
      writeManifest({});
      expect(compiledCli({ root, dist })).toBeUndefined();
      rmSync(join(dist, MANIFEST));
      expect(compiledCli({ root, dist })).toBeUndefined();
    } finally {
      writeManifest(manifest.inputs);
    }
  });

  it('prints what the sources print', async () => {
    const [compiledRules, sourceRules] = await Promise.all([gatewatch(['rules'], { GATEWATCH_DIST: dist }), gatewatch(['rules'], { GATEWATCH_FROM_SOURCE: '1' })]);
    expect(compiledRules).toBe(sourceRules);
    expect(compiledRules.trimEnd().split('\n').at(-1)).toMatch(/^\d+ rules$/);
    const [compiledDemo, sourceDemo] = await Promise.all([gatewatch([...DEMO, '--format', 'json'], { GATEWATCH_DIST: dist }), gatewatch([...DEMO, '--format', 'json'], { GATEWATCH_FROM_SOURCE: '1' })]);
    const evaluations = (json: string) => (JSON.parse(json) as { evaluations: unknown[] }).evaluations;
    expect(evaluations(compiledDemo)).toEqual(evaluations(sourceDemo));
    // The demo's policies reach the IAM action index beside the bundle.
    expect(compiledDemo).toContain('iam-policy-resources-scoped');
  }, 120_000);
});

describe('bin/gatewatch.js', () => {
  it('runs the build while it is current, and the sources once it is stale', async () => {
    const bundle = join(dist, BUNDLE);
    const original = readFileSync(bundle, 'utf8');
    try {
      // A marker in place of the bundle shows which one ran.
      writeFileSync(bundle, "export async function main() { process.stdout.write('the compiled CLI\\n'); return 0; }\n");
      expect(await gatewatch(['rules'], { GATEWATCH_DIST: dist })).toBe('the compiled CLI\n');
      expect(await gatewatch(['rules'], { GATEWATCH_DIST: dist, GATEWATCH_FROM_SOURCE: '1' })).toMatch(/\d+ rules\n$/);
      writeManifest({ ...manifest.inputs, 'cli/main.ts': 'an older main.ts' });
      expect(await gatewatch(['rules'], { GATEWATCH_DIST: dist })).toMatch(/\d+ rules\n$/);
    } finally {
      writeFileSync(bundle, original);
      writeManifest(manifest.inputs);
    }
  }, 60_000);
});
