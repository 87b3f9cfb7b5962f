/**
 * The compiled CLI: dist/gatewatch.mjs and its chunks, built by bin/build-cli.js (`npm run build`,
 * which `npm ci` runs as the prepare script), with dist/gatewatch.inputs.json, the digest of every
 * file it was built from (the TypeScript sources it bundled, the IAM action index, the lockfile,
 * the build script). It is current when every one of those files is still as it was:
 * bin/gatewatch.js runs it then, and the TypeScript sources otherwise, so a stale build never runs.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL, URL } from 'node:url';

/** The checkout. */
export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const DIST = join(ROOT, 'dist');
export const BUNDLE = 'gatewatch.mjs';
export const MANIFEST = 'gatewatch.inputs.json';

/** A file's digest as the manifest records it. */
export function digest(file) {
  return createHash('sha256').update(readFileSync(file)).digest('base64url');
}

/** The compiled CLI's URL when dist/ holds a build of the files as they are now; undefined when there is none, or it is stale. */
export function compiledCli({ root = ROOT, dist = DIST } = {}) {
  let inputs;
  try {
    inputs = JSON.parse(readFileSync(join(dist, MANIFEST), 'utf8')).inputs;
  } catch {
    return undefined;
  }
  if (typeof inputs !== 'object' || inputs === null || Object.keys(inputs).length === 0) return undefined;
  for (const [file, recorded] of Object.entries(inputs)) {
    try {
      if (digest(join(root, file)) !== recorded) return undefined;
    } catch {
      return undefined;
    }
  }
  return pathToFileURL(join(dist, BUNDLE)).href;
}
