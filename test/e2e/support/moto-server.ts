/**
 * The emulator for the e2e suite: a moto server on a free loopback port, started by the test that
 * needs it and stopped at its end. `python3 test/e2e/moto/launch.py PORT` patches moto's known
 * fidelity gaps (each patch cites AWS's documented behaviour) before serving.
 *
 * Nothing listens beyond 127.0.0.1. When moto is missing the start fails with one line saying how
 * to install it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const LAUNCHER = join(dirname(fileURLToPath(import.meta.url)), '..', 'moto', 'launch.py');
const PYTHON = process.env['GATEWATCH_E2E_PYTHON'] ?? 'python3';

/** One request as moto's recorder keeps it. */
export interface RecordedRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

export interface MotoServer {
  /** `http://127.0.0.1:PORT` */
  readonly endpoint: string;
  readonly port: number;
  /** The environment that points the AWS SDK at this server (fake credentials, no IMDS). */
  env(region?: string): Record<string, string>;
  /** Forgets every resource (moto's reset API). */
  reset(): Promise<void>;
  /** Starts recording requests afresh. */
  startRecording(): Promise<void>;
  /** The requests recorded since startRecording (moto's API calls themselves excluded). */
  recording(): Promise<RecordedRequest[]>;
  stop(): Promise<void>;
}

/** A free TCP port on 127.0.0.1. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function waitReady(endpoint: string, child: ChildProcess, output: () => string, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`moto server exited (${child.exitCode}): ${output().trim().split('\n').slice(-3).join(' | ')}`);
    try {
      const response = await fetch(`${endpoint}/moto-api/data.json`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > until) throw new Error(`moto server did not answer on ${endpoint} within ${timeoutMs} ms: ${output().trim().split('\n').slice(-3).join(' | ')}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Starts moto (patched) on a free loopback port. */
export async function startMoto(options: { readonly timeoutMs?: number } = {}): Promise<MotoServer> {
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  // moto keeps its recording in a file (default: ./moto_recording): one of its own per server.
  const scratch = mkdtempSync(join(tmpdir(), 'gatewatch-moto-'));
  const child = spawn(PYTHON, [LAUNCHER, String(port)], {
    cwd: scratch,
    env: { ...process.env, MOTO_ENABLE_RECORDING: 'True', MOTO_RECORDER_FILEPATH: join(scratch, 'recording.jsonl'), PYTHONUNBUFFERED: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000)));
  child.stderr?.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000)));
  const spawned = await new Promise<Error | undefined>((resolve) => {
    child.once('spawn', () => resolve(undefined));
    child.once('error', (error) => resolve(error));
  });
  if (spawned !== undefined) throw new Error(`cannot start ${PYTHON} for the moto server (${spawned.message}): install Python 3 and pip install 'moto[server]'`);
  try {
    await waitReady(endpoint, child, () => output, options.timeoutMs ?? 30_000);
  } catch (error) {
    child.kill('SIGKILL');
    if (output.includes('moto server is not installed')) throw new Error("moto server is not installed: pip install 'moto[server]' (python3 -m moto.server)");
    throw error;
  }
  const api = async (path: string, method = 'POST'): Promise<string> => {
    const response = await fetch(`${endpoint}/moto-api/${path}`, { method });
    if (!response.ok) throw new Error(`moto ${path}: HTTP ${response.status}`);
    return response.text();
  };
  return {
    endpoint,
    port,
    env: (region = 'eu-west-1') => ({
      AWS_ENDPOINT_URL: endpoint,
      AWS_ACCESS_KEY_ID: 'testing',
      AWS_SECRET_ACCESS_KEY: 'testing',
      AWS_SESSION_TOKEN: 'testing',
      AWS_REGION: region,
      AWS_DEFAULT_REGION: region,
      AWS_EC2_METADATA_DISABLED: 'true',
    }),
    reset: async () => void (await api('reset')),
    startRecording: async () => {
      await api('recorder/reset-recording');
      await api('recorder/start-recording');
    },
    recording: async () => {
      const text = await api('recorder/download-recording', 'GET');
      return text
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => JSON.parse(line) as Record<string, unknown>)
        .filter((entry) => !String(entry['url']).includes('/moto-api/'))
        .map((entry) => {
          const raw = String(entry['body'] ?? '');
          const body = entry['body_encoded'] === true ? Buffer.from(raw, 'base64').toString('utf8') : raw;
          return { method: String(entry['method']), url: String(entry['url']), headers: entry['headers'] as Record<string, string>, body };
        });
    },
    stop: async () => {
      if (child.exitCode !== null) {
        rmSync(scratch, { recursive: true, force: true });
        return;
      }
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 3_000);
      await exited;
      clearTimeout(timer);
      rmSync(scratch, { recursive: true, force: true });
    },
  };
}
