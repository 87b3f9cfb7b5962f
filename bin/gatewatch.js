#!/usr/bin/env node
// The gatewatch command. Runs the compiled CLI (dist/, `npm run build`, which `npm ci` runs) when
// it was built from the files as they are now (bin/compiled.js); otherwise the TypeScript sources
// through tsx's loader: slower to start, never stale. GATEWATCH_FROM_SOURCE=1 always runs the
// sources; GATEWATCH_DIST names another build folder than dist/.
import module from 'node:module';
import { compiledCli } from './compiled.js';

// Node 22.1+ keeps the compiled code of the modules it loads in a cache under the temporary folder
// and skips most of compiling on the next run (about half of `gatewatch rules`); Node 20 has no such cache.
module.enableCompileCache?.();

const compiled = process.env.GATEWATCH_FROM_SOURCE === '1' ? undefined : compiledCli({ dist: process.env.GATEWATCH_DIST || undefined });
let cli;
if (compiled === undefined) {
  const { register } = await import('tsx/esm/api');
  register();
  cli = await import('../cli/main.ts');
} else {
  cli = await import(compiled);
}
process.exitCode = await cli.main(process.argv.slice(2));
