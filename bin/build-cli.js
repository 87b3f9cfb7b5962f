#!/usr/bin/env node
/**
 * Builds the compiled CLI into dist/ (bin/compiled.js says what it holds): cli/main.ts bundled by
 * esbuild as the Lambda functions are (serverless.yml): the dependencies' ES module builds, which
 * it tree-shakes; whitespace and syntax minified, identifiers kept; linked source maps without the
 * sources' text (NODE_OPTIONS=--enable-source-maps maps a stack trace to the .ts lines); what the
 * code imports with import() in chunks of its own, loaded when used. The IAM action index goes
 * beside it (rules/lib/iam-actions.ts reads it beside itself), the manifest last.
 *
 *   node bin/build-cli.js [--outdir DIR]     (npm run build; npm ci runs it as the prepare script)
 */
import { copyFileSync, existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';
import { BUNDLE, DIST, digest, MANIFEST, ROOT } from './compiled.js';

/** Files a build depends on beyond the sources it bundles: the index it copies, the dependencies, this script. */
const ALSO = ['rules/lib/iam-action-index.json', 'package-lock.json', relative(ROOT, fileURLToPath(import.meta.url))];

/** Builds into `dist` (emptied first: until the manifest is written, bin/gatewatch.js runs the sources). */
export async function buildCli({ dist = DIST } = {}) {
  rmSync(dist, { recursive: true, force: true });
  mkdirSync(dist, { recursive: true });
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: { [BUNDLE.replace(/\.mjs$/, '')]: 'cli/main.ts' },
    outdir: dist,
    outExtension: { '.js': '.mjs' },
    // Flat, beside the bundle: iam-actions.ts, whichever chunk holds it, finds the index beside itself.
    chunkNames: 'gatewatch.[name]-[hash]',
    bundle: true,
    splitting: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    mainFields: ['module', 'main'],
    minifyWhitespace: true,
    minifySyntax: true,
    sourcemap: 'linked',
    sourcesContent: false,
    // ESM bundles still meet CommonJS dependencies that call require().
    banner: { js: "import { createRequire as gatewatchRequire } from 'module'; const require = gatewatchRequire(import.meta.url);" },
    metafile: true,
    logLevel: 'warning',
  });
  copyFileSync(join(ROOT, 'rules', 'lib', 'iam-action-index.json'), join(dist, 'iam-action-index.json'));
  const sources = Object.keys(result.metafile.inputs).filter((input) => !input.includes('node_modules/') && existsSync(join(ROOT, input)));
  const inputs = Object.fromEntries([...new Set([...sources, ...ALSO])].sort().map((file) => [file, digest(join(ROOT, file))]));
  const manifest = join(dist, MANIFEST);
  writeFileSync(`${manifest}.tmp`, `${JSON.stringify({ inputs }, null, 2)}\n`);
  renameSync(`${manifest}.tmp`, manifest);
  return { sources: sources.length };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { outdir: { type: 'string' } } });
  const dist = values.outdir === undefined ? DIST : resolve(values.outdir);
  const started = Date.now();
  const { sources } = await buildCli({ dist });
  process.stdout.write(`built ${relative(process.cwd(), join(dist, BUNDLE))} from ${sources} sources in ${Date.now() - started} ms\n`);
}
