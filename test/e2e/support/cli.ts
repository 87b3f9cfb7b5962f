/**
 * Runs the gatewatch command (`node bin/gatewatch.js …`) as a user would, with the given
 * environment on top of a clean one (no jest NODE_OPTIONS, no AWS variables of the test process).
 */
import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPOSITORY = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  /** Without the AWS SDK's Node.js version warning (the SDK prints it on Node 20). */
  readonly stderr: string;
}

/** The SDK's NodeVersionSupportWarning, several lines long, and Node's hint that follows it. */
function withoutSdkWarning(stderr: string): string {
  return stderr
    .replace(/^\(node:\d+\) Warning: NodeVersionSupportWarning:[\s\S]*?More information can be found at: \S+\n/m, '')
    .replace(/^\(Use `node --trace-warnings \.\.\.` to show where the warning was created\)\n/m, '');
}

export function runCli(args: readonly string[], env: Readonly<Record<string, string>>, timeoutMs = 90_000): Promise<CliRun> {
  const base = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !key.startsWith('AWS_') && key !== 'NODE_OPTIONS' && !key.startsWith('POWERTOOLS_') && !key.startsWith('JEST_')),
  );
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [join(REPOSITORY, 'bin', 'gatewatch.js'), ...args],
      { cwd: REPOSITORY, env: { ...base, ...env, NO_COLOR: '1' }, timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : undefined;
        if (code === undefined) reject(new Error(`gatewatch ${args.join(' ')}: ${error?.message ?? 'did not run'}\n${stderr}`));
        else resolve({ code, stdout, stderr: withoutSdkWarning(stderr) });
      },
    );
  });
}
