/**
 * Classifies AWS SDK errors by their typed fields (name, $fault, $retryable, $metadata), never by
 * matching message text. Throttling is the SDK's own classification (`@smithy/core/retry`), so
 * gatewatch's retries and the SDK's adaptive retry agree on what throttling is.
 */
import { isThrottlingError } from '@smithy/core/retry';

export interface AwsErrorShape {
  readonly name?: string;
  readonly message?: string;
  readonly $fault?: 'client' | 'server';
  readonly $retryable?: { readonly throttling?: boolean };
  readonly $metadata?: { readonly httpStatusCode?: number; readonly attempts?: number };
}

export function asAwsError(error: unknown): AwsErrorShape {
  return typeof error === 'object' && error !== null ? (error as AwsErrorShape) : { message: String(error) };
}

/**
 * The error code: the SDK's exception name (`AccessDeniedException`, …), else Node's code for a
 * network failure the SDK passes on as a plain Error (`ECONNRESET`, `ECONNREFUSED`, …).
 */
export function errorCode(error: unknown): string {
  const { name } = asAwsError(error);
  if (name !== undefined && name !== '' && name !== 'Error') return name;
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' && /^[A-Z][A-Z0-9_]+$/.test(code) ? code : 'Error';
}

/** Throttled, as the SDK classifies it: HTTP 429, a throttling error code, or the `$retryable.throttling` trait. */
export function isThrottling(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  return isThrottlingError(error as Parameters<typeof isThrottlingError>[0]);
}

/** Requests the SDK sent for one `send` (its own retries included), from the response or error metadata. */
export function attemptsOf(value: unknown): number {
  const attempts = asAwsError(value).$metadata?.attempts;
  return typeof attempts === 'number' && attempts > 0 ? attempts : 1;
}
