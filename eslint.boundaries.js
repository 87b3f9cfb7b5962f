/**
 * The import rules of gatewatch, enforced by `npm run lint` (ESLint's no-restricted-imports) and
 * explained in docs/architecture.md. Each product folder lists what it may import; everything
 * else of the project is refused. Lower layers first:
 *
 *   model      the configuration item, its schemas, the gates — the vocabulary every layer shares
 *   aws        SDK plumbing: clients, errors, retry, limits, pacing, call statistics
 *   rules      pure rules and their toolkit: configuration items in, verdicts out (no AWS SDK)
 *   inventory  the sources of configuration items (live, snapshot, events) and the Inventory
 *   engine     select rules → collect → evaluate → result; settings; exemptions (no AWS SDK)
 *   findings   ASFF, the finding lifecycle and states, Security Hub, SNS messages
 *   pipeline   scan → publish → alert → digest, the one wiring of every run
 *   functions, cli   the Lambda handlers and the command: parsing, wiring and output only
 *
 * Tooling (test, bench, testkit, scripts, deploy) may import the product; the product never
 * imports tooling, functions or cli; test and bench never import each other.
 */

/** Every top-level folder an import can name. */
export const FOLDERS = ['model', 'aws', 'rules', 'inventory', 'engine', 'findings', 'pipeline', 'functions', 'cli', 'test', 'bench', 'testkit', 'scripts', 'deploy', 'bin'];

/**
 * folder → what it may import: whole folders, or single modules (`inventory/inventory.js`).
 * Listed modules of a folder are the only ones allowed from it.
 */
export const ALLOWED = {
  model: [],
  aws: ['model'],
  // Rules read the Inventory (its index and network facts), never a source.
  rules: ['model', 'inventory/inventory.js', 'inventory/network.js'],
  inventory: ['model', 'aws'],
  engine: ['model', 'aws', 'rules', 'inventory'],
  // Findings read the scan result and rule metadata; they never collect.
  findings: ['model', 'aws', 'engine/result.js', 'rules/lib/types.js'],
  pipeline: ['model', 'aws', 'rules', 'inventory', 'engine', 'findings'],
  functions: ['model', 'aws', 'rules', 'inventory', 'engine', 'findings', 'pipeline'],
  cli: ['model', 'aws', 'rules', 'inventory', 'engine', 'findings', 'pipeline'],
  test: ['model', 'aws', 'rules', 'inventory', 'engine', 'findings', 'pipeline', 'functions', 'cli', 'testkit', 'scripts', 'deploy', 'bin'],
  // The product as docs/architecture.md states it: the handlers too (a change event is measured through its handler).
  bench: ['model', 'aws', 'rules', 'inventory', 'engine', 'findings', 'pipeline', 'functions', 'testkit'],
  testkit: ['model', 'aws', 'rules', 'inventory', 'engine', 'findings', 'pipeline'],
};

/** Packages a folder may not import: rules, the model and the engine are pure (no AWS SDK). */
export const FORBIDDEN_PACKAGES = {
  model: ['@aws-sdk/*', '@smithy/*', '@middy/*', '@aws-lambda-powertools/*'],
  rules: ['@aws-sdk/*', '@smithy/*', '@middy/*', '@aws-lambda-powertools/*'],
  engine: ['@aws-sdk/*', '@smithy/*', '@middy/*', '@aws-lambda-powertools/*'],
};

const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The regular expressions (on the import specifier) a folder's files may not match, with why. */
export function deniedPatterns(folder) {
  const allowed = ALLOWED[folder];
  const patterns = [];
  for (const other of FOLDERS) {
    if (other === folder) continue;
    const modules = allowed.filter((entry) => entry.startsWith(`${other}/`)).map((entry) => entry.slice(other.length + 1));
    if (allowed.includes(other)) continue;
    const only = modules.length === 0 ? '' : `(?!(${modules.map(escape).join('|')})$)`;
    const what = modules.length === 0 ? `${other}/` : `${other}/ (except ${modules.join(', ')})`;
    patterns.push({
      regex: `(^|/)${other}/${only}`,
      message: `${folder}/ may not import ${what}: see the import rules in docs/architecture.md (eslint.boundaries.js).`,
    });
  }
  for (const name of FORBIDDEN_PACKAGES[folder] ?? []) {
    patterns.push({ group: [name], message: `${folder}/ is pure: no ${name} (see docs/architecture.md).` });
  }
  return patterns;
}

/** Flat-config entries: no-restricted-imports for each folder with import rules. */
export function boundaries() {
  return Object.keys(ALLOWED).map((folder) => ({
    files: [`${folder}/**/*.ts`, `${folder}/**/*.js`],
    rules: { 'no-restricted-imports': ['error', { patterns: deniedPatterns(folder) }] },
  }));
}
