import { mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { stateScope, type FindingState } from '../../findings/finding-state.js';
import { defaultStateFile, FileStateStore } from '../../findings/file-state-store.js';
import { InputError } from '../../model/input-error.js';
import { findingState as state } from '../support/finding-states.js';

const ACCOUNT = '111122223333';
const REGION = 'eu-west-1';


function minimal(id: string): FindingState {
  const { compliance: _c, alertedAt: _a, workflow: _w, failure: _f, finding: _g, ...rest } = state(id);
  return rest;
}

let dir: string;
let counter = 0;
/** A fresh file path in the temporary directory (the file does not exist). */
function freshFile(): string {
  counter += 1;
  return join(dir, `case-${counter}`, 'findings-state.json');
}

async function writeJson(content: unknown, raw = false): Promise<string> {
  const file = freshFile();
  await mkdir(join(file, '..'), { recursive: true });
  await writeFile(file, raw ? String(content) : JSON.stringify(content));
  return file;
}

async function readJson(file: string): Promise<unknown> {
  return JSON.parse(await readFile(file, 'utf8')) as unknown;
}

async function loadError(file: string): Promise<InputError> {
  const error = await new FileStateStore(file).load(ACCOUNT, REGION).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(InputError);
  return error as InputError;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gatewatch-state-'));
});

describe('FileStateStore', () => {
  it('describes itself by its file', () => {
    expect(new FileStateStore('/tmp/x/findings-state.json').description).toBe('file /tmp/x/findings-state.json');
  });

  it('treats a missing file as an empty store and does not create it by loading', async () => {
    const file = freshFile();
    await expect(new FileStateStore(file).load(ACCOUNT, REGION)).resolves.toEqual([]);
    await expect(readFile(file)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('creates the parent directory and writes {version: 1, findings} sorted by scope and id', async () => {
    const file = freshFile();
    const iam = state('iam', { scope: stateScope(ACCOUNT, 'global'), region: 'global' });
    await new FileStateStore(file).save([state('b'), iam, minimal('a')]);

    expect(await readJson(file)).toStrictEqual({ version: 1, findings: [minimal('a'), state('b'), iam] });
    expect(await readdir(join(file, '..'))).toEqual(['findings-state.json']);
  });

  it('round-trips full and minimal records through the file, absent fields staying absent', async () => {
    const file = freshFile();
    await new FileStateStore(file).save([state('full'), minimal('min')]);

    const loaded = await new FileStateStore(file).load(ACCOUNT, REGION);
    expect(loaded).toStrictEqual([state('full'), minimal('min')]);
    expect('workflow' in (loaded[1] ?? {})).toBe(false);
  });

  it('loads one scope only', async () => {
    const file = freshFile();
    const other = state('other', { scope: stateScope('444455556666', REGION), accountId: '444455556666' });
    await new FileStateStore(file).save([state('mine'), other]);

    const store = new FileStateStore(file);
    await expect(store.load(ACCOUNT, REGION)).resolves.toStrictEqual([state('mine')]);
    await expect(store.load('444455556666', REGION)).resolves.toStrictEqual([other]);
    await expect(store.load(ACCOUNT, 'us-east-1')).resolves.toEqual([]);
  });

  it('merges by id: a saved record replaces the one with its id, the others stay', async () => {
    const file = freshFile();
    await new FileStateStore(file).save([state('a'), state('b')]);
    const store = new FileStateStore(file);
    await store.save([state('a', { compliance: 'PASSED' }), state('c')]);

    const expected = [state('a', { compliance: 'PASSED' }), state('b'), state('c')];
    await expect(store.load(ACCOUNT, REGION)).resolves.toStrictEqual(expected);
    expect(await readJson(file)).toStrictEqual({ version: 1, findings: expected });
  });

  it('reads the file once, lazily on first use', async () => {
    const file = freshFile();
    const store = new FileStateStore(file);
    // Written after the store was made but before its first load: seen.
    await new FileStateStore(file).save([state('a')]);
    await expect(store.load(ACCOUNT, REGION)).resolves.toStrictEqual([state('a')]);
    // Changed behind its back after the first read: not read again.
    await writeFile(file, JSON.stringify({ version: 1, findings: [state('z')] }));
    await expect(store.load(ACCOUNT, REGION)).resolves.toStrictEqual([state('a')]);
    await store.save([state('b')]);
    expect(await readJson(file)).toStrictEqual({ version: 1, findings: [state('a'), state('b')] });
  });

  it('keeps both of two saves made at once', async () => {
    const file = freshFile();
    const store = new FileStateStore(file);
    await Promise.all([store.save([state('a')]), store.save([state('b')])]);
    expect(await readJson(file)).toStrictEqual({ version: 1, findings: [state('a'), state('b')] });
  });

  it('returns copies: changing a loaded record does not change the store', async () => {
    const store = new FileStateStore(freshFile());
    await store.save([state('a')]);
    const [loaded] = (await store.load(ACCOUNT, REGION)) as unknown as { workflow: { note: string } }[];
    if (loaded === undefined) throw new Error('nothing loaded');
    loaded.workflow.note = 'changed';
    await expect(store.load(ACCOUNT, REGION)).resolves.toStrictEqual([state('a')]);
  });

  it('writes through a temporary file beside the target and leaves the old file whole when that fails', async () => {
    const file = freshFile();
    await new FileStateStore(file).save([state('a')]);
    const before = await readFile(file, 'utf8');
    // A directory where the temporary file goes: the write fails before the rename.
    await mkdir(`${file}.tmp-${process.pid}`);

    const store = new FileStateStore(file);
    await expect(store.save([state('b')])).rejects.toThrow(`${file}: cannot write the finding-state file (EISDIR)`);
    expect(await readFile(file, 'utf8')).toBe(before);
    // The failed save did not change what the store holds either.
    await expect(store.load(ACCOUNT, REGION)).resolves.toStrictEqual([state('a')]);
  });

  describe('a malformed file', () => {
    const START_OVER = 'delete the file to start over: gatewatch then treats every failure as new';

    it('not JSON: names the file and the fix', async () => {
      const file = await writeJson('{"version": 1, "findings": [', true);
      const error = await loadError(file);
      expect(error.message).toContain(`${file}: the finding-state file is not valid JSON (`);
      expect(error.message).toContain(START_OVER);
    });

    it('another version', async () => {
      const file = await writeJson({ version: 2, findings: [] });
      expect((await loadError(file)).message).toMatch(new RegExp(`^${file}: version: .*1.* — .*${START_OVER}$`));
    });

    it('a record missing a field: names the record index and the field', async () => {
      const { ruleId: _r, ...noRule } = state('b');
      const file = await writeJson({ version: 1, findings: [state('a'), noRule] });
      expect((await loadError(file)).message).toMatch(new RegExp(`^${file}: findings\\[1\\]\\.ruleId: .* — .*${START_OVER}$`));
    });

    it('a field of the wrong type, nested', async () => {
      const file = await writeJson({ version: 1, findings: [{ ...state('a'), workflow: { status: 'SUPPRESSED', note: 7 } }] });
      expect((await loadError(file)).message).toMatch(new RegExp(`^${file}: findings\\[0\\]\\.workflow\\.note: .*string`));
    });

    it('a value outside its set', async () => {
      const file = await writeJson({ version: 1, findings: [state('a'), state('b'), { ...state('c'), recordState: 'DELETED' }] });
      expect((await loadError(file)).message).toMatch(new RegExp(`^${file}: findings\\[2\\]\\.recordState: `));
    });

    it('an unknown field', async () => {
      const file = await writeJson({ version: 1, findings: [{ ...state('a'), severity: 'HIGH' }] });
      expect((await loadError(file)).message).toMatch(new RegExp(`^${file}: findings\\[0\\]: unknown field "severity"`));
    });

    it('two records with one scope and id', async () => {
      const file = await writeJson({ version: 1, findings: [state('a'), state('b'), state('a')] });
      expect((await loadError(file)).message).toContain(`${file}: findings[2]: the same scope and id as findings[0]`);
    });

    it('is never overwritten by a save', async () => {
      const file = await writeJson({ version: 2, findings: [] });
      await expect(new FileStateStore(file).save([state('a')])).rejects.toBeInstanceOf(InputError);
      expect(await readJson(file)).toEqual({ version: 2, findings: [] });
    });
  });

  it('an unreadable path is an InputError naming the file and the code', async () => {
    const file = freshFile();
    await mkdir(file, { recursive: true });
    expect((await loadError(file)).message).toBe(`${file}: cannot read the finding-state file (EISDIR)`);
  });
});

describe('defaultStateFile', () => {
  it('is under XDG_STATE_HOME when set', () => {
    expect(defaultStateFile({ XDG_STATE_HOME: '/var/state' }, '/home/ana')).toBe('/var/state/gatewatch/findings-state.json');
  });

  it('is under ~/.local/state otherwise', () => {
    expect(defaultStateFile({}, '/home/ana')).toBe('/home/ana/.local/state/gatewatch/findings-state.json');
    expect(defaultStateFile({ XDG_STATE_HOME: '' }, '/home/ana')).toBe('/home/ana/.local/state/gatewatch/findings-state.json');
  });

  it('ignores a relative XDG_STATE_HOME, as the XDG specification says', () => {
    expect(defaultStateFile({ XDG_STATE_HOME: 'state' }, '/home/ana')).toBe('/home/ana/.local/state/gatewatch/findings-state.json');
  });
});
