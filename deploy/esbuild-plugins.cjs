/**
 * The esbuild plugins of the Lambda packaging (serverless.yml, custom.esbuild.plugins).
 * serverless-esbuild builds each function on its own, all into one folder
 * (.esbuild/.build/functions/), and zips for a function every file of that folder except those
 * named after another function's bundle (`scan-target.*` stays out of summarize.zip). So:
 *
 * - chunks are named after their function's entry (`scan-target.chunk-HASH.mjs`): with code
 *   splitting, each zip takes its own chunks and no other function's;
 * - files a module reads beside itself at run time are copied beside the bundles that hold that
 *   module: the IAM action index, read by rules/lib/iam-actions.ts (serverless.yml then leaves it
 *   out of the zips of the functions that evaluate no rule).
 *
 * CommonJS: serverless-esbuild loads the file with require().
 */
/* global require, module */
/* eslint-disable @typescript-eslint/no-require-imports */
const { copyFileSync } = require('node:fs');
const { basename, extname, join } = require('node:path');

/** Modules that read files beside themselves, and those files (paths from the service folder). */
const READ_BESIDE = [{ module: 'rules/lib/iam-actions.ts', files: ['rules/lib/iam-action-index.json'] }];

/** The one entry point of a serverless-esbuild build. */
function entryOf(options) {
  const entries = Array.isArray(options.entryPoints) ? options.entryPoints : Object.values(options.entryPoints ?? {});
  if (entries.length !== 1) throw new Error(`expected one entry point per build (serverless-esbuild builds each function alone), got ${entries.length}`);
  const [entry] = entries;
  return typeof entry === 'string' ? entry : entry.in;
}

module.exports = [
  {
    name: 'gatewatch-chunks-named-after-their-function',
    setup(build) {
      const entry = entryOf(build.initialOptions);
      build.initialOptions.chunkNames = `${basename(entry, extname(entry))}.[name]-[hash]`;
    },
  },
  {
    name: 'gatewatch-files-read-beside-the-bundle',
    setup(build) {
      const options = build.initialOptions;
      options.metafile = true;
      build.onEnd((result) => {
        if (result.errors.length > 0 || result.metafile === undefined) return;
        const root = options.absWorkingDir ?? process.cwd();
        for (const { module, files } of READ_BESIDE) {
          if (result.metafile.inputs[module] === undefined) continue;
          for (const file of files) copyFileSync(join(root, file), join(options.outdir, basename(file)));
        }
      });
    },
  },
];
