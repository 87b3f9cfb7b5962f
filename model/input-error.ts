/**
 * Input that gatewatch cannot use: a malformed snapshot, settings file or event.
 * The message names where (file, item index, field) and what is wrong, on one line.
 */
export class InputError extends Error {
  override readonly name = 'InputError';
}
