/** A call that failed for good, with the service and operation it was. */
export class CallFailure extends Error {
  override readonly name = 'CallFailure';

  constructor(
    readonly service: string,
    readonly operation: string,
    readonly code: string,
    override readonly cause: unknown,
  ) {
    super(`${service}:${operation} failed (${code})`);
  }
}
