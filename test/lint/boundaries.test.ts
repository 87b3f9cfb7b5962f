/**
 * The import rules are enforced by `npm run lint`: an import that breaks them is an ESLint error
 * naming the rule, and the allowed imports of each layer lint clean. The code is linted as if it
 * stood at the path given (nothing is written).
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import { ESLint } from 'eslint';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const eslint = new ESLint({ cwd: root });

/** A quoted module specifier (built, so that tools rewriting import statements leave the cases alone). */
const q = (specifier: string): string => `'${specifier}'`;

/** The no-restricted-imports messages of `code` linted as the file `path`. */
async function importErrors(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(root, path) });
  return (result?.messages ?? []).filter((message) => message.ruleId === 'no-restricted-imports').map((message) => message.message);
}

describe('import rules', () => {
  it.each([
    ['rules/encryption/x.ts', 'import { LiveSource } from ' + q('../../inventory/live/live-source.js') + ';', 'rules/ may not import inventory/ (except inventory.js, network.js)'],
    ['rules/encryption/x.ts', 'import { EC2Client } from ' + q('@aws-sdk/client-ec2') + ';', 'rules/ is pure: no @aws-sdk/*'],
    ['rules/lib/x.ts', 'import { publishFindings } from ' + q('../../findings/publish.js') + ';', 'rules/ may not import findings/'],
    ['engine/x.ts', 'import { STSClient } from ' + q('@aws-sdk/client-sts') + ';', 'engine/ is pure: no @aws-sdk/*'],
    ['engine/x.ts', 'import { runPipeline } from ' + q('../pipeline/pipeline.js') + ';', 'engine/ may not import pipeline/'],
    ['inventory/events/x.ts', 'import type { Gate } from ' + q('../../rules/lib/types.js') + ';', 'inventory/ may not import rules/'],
    ['findings/x.ts', 'import { collectors } from ' + q('../inventory/live/collectors/index.js') + ';', 'findings/ may not import inventory/'],
    ['findings/x.ts', 'import { scan } from ' + q('../engine/scan.js') + ';', 'findings/ may not import engine/ (except result.js)'],
    ['model/x.ts', 'import { Inventory } from ' + q('../inventory/inventory.js') + ';', 'model/ may not import inventory/'],
    ['aws/x.ts', 'import { catalog } from ' + q('../rules/index.js') + ';', 'aws/ may not import rules/'],
    ['pipeline/x.ts', 'import { handler } from ' + q('../functions/scan-target.js') + ';', 'pipeline/ may not import functions/'],
    ['functions/lib/x.ts', 'import { main } from ' + q('../../cli/main.js') + ';', 'functions/ may not import cli/'],
    ['cli/x.ts', 'import { handler } from ' + q('../functions/summarize.js') + ';', 'cli/ may not import functions/'],
    ['inventory/live/x.ts', 'import { item } from ' + q('../../test/support/items.js') + ';', 'inventory/ may not import test/'],
    ['bench/x.ts', 'import { item } from ' + q('../test/support/items.js') + ';', 'bench/ may not import test/'],
    ['test/engine/x.test.ts', 'import { run } from ' + q('../../bench/run.js') + ';', 'test/ may not import bench/'],
  ])('%s: %s is refused', async (path, code, message) => {
    const errors = await importErrors(path, `${code}\nexport {};\n`);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(message);
  });

  it.each([
    ['rules/encryption/x.ts', 'import { scopeOf } from ' + q('../../inventory/inventory.js') + ';\nimport type { Gate } from ' + q('../../model/gates.js') + ';\nimport { defineRule } from ' + q('../lib/define-rule.js') + ';'],
    ['inventory/events/x.ts', 'import type { Gate } from ' + q('../../model/gates.js') + ';\nimport { isThrottling } from ' + q('../../aws/errors.js') + ';'],
    ['findings/x.ts', 'import type { ScanResult } from ' + q('../engine/result.js') + ';\nimport type { AnyRule } from ' + q('../rules/lib/types.js') + ';'],
    ['engine/x.ts', 'import { Inventory } from ' + q('../inventory/inventory.js') + ';\nimport { catalog } from ' + q('../rules/index.js') + ';'],
    ['pipeline/x.ts', 'import { scan } from ' + q('../engine/scan.js') + ';\nimport { publishFindings } from ' + q('../findings/publish.js') + ';'],
    ['functions/x.ts', 'import { runPipeline } from ' + q('../pipeline/pipeline.js') + ';'],
    ['test/engine/x.test.ts', 'import { handler } from ' + q('../../functions/summarize.js') + ';\nimport { main } from ' + q('../../cli/main.js') + ';'],
  ])('%s may import what its layer allows', async (path, code) => {
    expect(await importErrors(path, `${code}\nexport {};\n`)).toEqual([]);
  });
});
