/** A command line gatewatch cannot run: unknown option, bad value, missing argument. Exit 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
