/**
 * A FindingStateStore in one local JSON file, for the CLI: `{ "version": 1, "findings": [...] }`.
 * The file is read once, on first use; every save rewrites it atomically (a temporary file in the
 * same directory, then a rename), so an interrupted run leaves the previous file whole.
 */
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join } from 'node:path';
import { z } from 'zod';
import { InputError } from '../model/input-error.js';
import { copyFindingState } from './memory-state-store.js';
import { findingIdPrefix } from './asff.js';
import { stateScope, type FindingState, type FindingStateStore, type StateKey } from './finding-state.js';

/** The version of the file format this code reads and writes. */
export const STATE_FILE_VERSION = 1;

const START_OVER = 'delete the file to start over: gatewatch then treats every failure as new';

// Typed against FindingState, so that a field added to it and not here fails to compile.
const findingStateShape = {
  id: z.string().min(1),
  scope: z.string().min(1),
  ruleId: z.string(),
  accountId: z.string(),
  region: z.string(),
  resource: z.string(),
  hubRegion: z.string(),
  compliance: z.enum(['FAILED', 'PASSED']).optional(),
  recordState: z.enum(['ACTIVE', 'ARCHIVED']),
  createdAt: z.string(),
  firstObservedAt: z.string(),
  updatedAt: z.string(),
  alertedAt: z.string().optional(),
  workflow: z.strictObject({ status: z.literal('SUPPRESSED'), note: z.string() }).optional(),
  failure: z.strictObject({ at: z.string(), code: z.string(), message: z.string() }).optional(),
  finding: z.string().optional(),
} satisfies { readonly [K in keyof FindingState]-?: z.ZodType<FindingState[K]> };

const findingStateSchema = z.strictObject(findingStateShape);

const fileSchema = z.strictObject({
  version: z.literal(STATE_FILE_VERSION),
  findings: z.array(findingStateSchema),
});

/**
 * Where the CLI keeps finding states by default: `$XDG_STATE_HOME/gatewatch/findings-state.json`,
 * else `~/.local/state/gatewatch/findings-state.json` (a relative XDG_STATE_HOME is ignored, as the
 * XDG Base Directory specification says).
 */
export function defaultStateFile(env: Readonly<Record<string, string | undefined>> = process.env, home: string = homedir()): string {
  const stateHome = env['XDG_STATE_HOME'];
  const base = stateHome !== undefined && isAbsolute(stateHome) ? stateHome : join(home, '.local', 'state');
  return join(base, 'gatewatch', 'findings-state.json');
}

/** `findings[3].workflow.note` from a zod issue path. */
function fieldPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((text, key) => (typeof key === 'number' ? `${text}[${key}]` : `${text}${text === '' ? '' : '.'}${String(key)}`), '');
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const field = fieldPath(issue.path);
  const at = field === '' ? 'top level' : field;
  if (issue.code === 'unrecognized_keys') return `${at}: unknown field ${issue.keys.map((key) => `"${key}"`).join(', ')}`;
  return `${at}: ${issue.message}`;
}

const key = (state: StateKey): string => `${state.scope}\u0000${state.id}`;

/** Records in a stable order (scope, then id), so that the file diffs well. */
function byScopeAndId(a: FindingState, b: FindingState): number {
  if (a.scope !== b.scope) return a.scope < b.scope ? -1 : 1;
  if (a.id !== b.id) return a.id < b.id ? -1 : 1;
  return 0;
}

/** Finding states in a JSON file; records are keyed by scope and id, like the DynamoDB table's. */
export class FileStateStore implements FindingStateStore {
  readonly description: string;
  private records: Promise<Map<string, FindingState>> | undefined;
  /** Saves run one after another: they share the temporary file name and the in-memory records. */
  private saving: Promise<void> = Promise.resolve();

  constructor(readonly file: string) {
    this.description = `file ${file}`;
  }

  /**
   * The scope's records (copies).
   * @throws {InputError} when the file cannot be read or is malformed.
   */
  async load(accountId: string, region: string): Promise<FindingState[]> {
    const scope = stateScope(accountId, region);
    const records = await this.read();
    return [...records.values()].filter((state) => state.scope === scope).map((state) => copyFindingState(state));
  }

  /** The records of these rules in the scope (copies). */
  async loadRules(accountId: string, region: string, ruleIds: readonly string[]): Promise<FindingState[]> {
    const prefixes = ruleIds.map((ruleId) => findingIdPrefix(ruleId, accountId, region));
    return (await this.load(accountId, region)).filter((state) => prefixes.some((prefix) => state.id.startsWith(prefix)));
  }

  /** The records with these keys (copies). */
  async get(keys: readonly StateKey[]): Promise<FindingState[]> {
    const records = await this.read();
    return keys.flatMap((wanted) => {
      const state = records.get(key(wanted));
      return state === undefined ? [] : [copyFindingState(state)];
    });
  }

  /**
   * Merges the records into the file (replacing those with the same scope and id) and rewrites it.
   * @throws {InputError} when the existing file is malformed; an Error naming the file when it cannot be written.
   */
  save(states: readonly FindingState[]): Promise<void> {
    const copies = states.map((state) => copyFindingState(state));
    const run = this.saving.then(() => this.merge(copies));
    // The next save waits for this one whether or not it succeeded; this one's caller sees its failure.
    this.saving = run.catch(() => undefined);
    return run;
  }

  private async merge(states: readonly FindingState[]): Promise<void> {
    const merged = new Map(await this.read());
    for (const state of states) merged.set(key(state), state);
    await this.write([...merged.values()].sort(byScopeAndId));
    // Only once the file holds them: a failed write leaves the store as the file is.
    this.records = Promise.resolve(merged);
  }

  private read(): Promise<Map<string, FindingState>> {
    this.records ??= this.readFile();
    return this.records;
  }

  private async readFile(): Promise<Map<string, FindingState>> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return new Map();
      throw new InputError(`${this.file}: cannot read the finding-state file (${code ?? String(error)})`, { cause: error });
    }
    let json: unknown;
    try {
      json = JSON.parse(text) as unknown;
    } catch (error) {
      throw new InputError(`${this.file}: the finding-state file is not valid JSON (${(error as Error).message}) — ${START_OVER}`, { cause: error });
    }
    const parsed = fileSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const problem = issue === undefined ? 'invalid' : describeIssue(issue);
      throw new InputError(`${this.file}: ${problem} — a finding-state file is {"version": ${STATE_FILE_VERSION}, "findings": [...]}; ${START_OVER}`);
    }
    const records = new Map<string, FindingState>();
    const indexes = new Map<string, number>();
    parsed.data.findings.forEach((state, index) => {
      const first = indexes.get(key(state));
      if (first !== undefined) {
        throw new InputError(`${this.file}: findings[${index}]: the same scope and id as findings[${first}] (${state.scope} ${state.id}) — ${START_OVER}`);
      }
      indexes.set(key(state), index);
      records.set(key(state), state);
    });
    return records;
  }

  private async write(states: readonly FindingState[]): Promise<void> {
    const temporary = `${this.file}.tmp-${process.pid}`;
    const text = `${JSON.stringify({ version: STATE_FILE_VERSION, findings: states }, null, 2)}\n`;
    try {
      await mkdir(dirname(this.file), { recursive: true });
      const handle = await open(temporary, 'w');
      try {
        await handle.writeFile(text, 'utf8');
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temporary, this.file);
    } catch (error) {
      // The write's error is the one to report; a temporary file left behind is overwritten next time.
      await rm(temporary, { force: true }).catch(() => undefined);
      const code = (error as NodeJS.ErrnoException).code ?? String(error);
      throw new Error(`${this.file}: cannot write the finding-state file (${code})`, { cause: error });
    }
  }
}
