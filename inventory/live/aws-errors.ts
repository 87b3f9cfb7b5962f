/**
 * Classifies AWS SDK errors by their typed fields (name, $fault, $retryable, $metadata), never by
 * matching message text.
 */

export interface AwsErrorShape {
  readonly name?: string;
  readonly message?: string;
  readonly $fault?: 'client' | 'server';
  readonly $retryable?: { readonly throttling?: boolean };
  readonly $metadata?: { readonly httpStatusCode?: number; readonly attempts?: number };
}

const THROTTLING_CODES = new Set([
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'RequestThrottledException',
  'TooManyRequestsException',
  'ProvisionedThroughputExceededException',
  'TransactionInProgressException',
  'RequestLimitExceeded',
  'BandwidthLimitExceeded',
  'LimitExceededException',
  'RequestThrottled',
  'SlowDown',
  'PriorRequestNotComplete',
  'EC2ThrottledException',
]);

export function asAwsError(error: unknown): AwsErrorShape {
  return typeof error === 'object' && error !== null ? (error as AwsErrorShape) : { message: String(error) };
}

/** The error code: the SDK's exception name (`AccessDeniedException`, …). */
export function errorCode(error: unknown): string {
  const { name } = asAwsError(error);
  return name !== undefined && name !== '' && name !== 'Error' ? name : 'Error';
}

export function isThrottling(error: unknown): boolean {
  const shape = asAwsError(error);
  return shape.$retryable?.throttling === true || THROTTLING_CODES.has(shape.name ?? '') || shape.$metadata?.httpStatusCode === 429;
}

export function attemptsOf(value: unknown): number {
  const attempts = asAwsError(value).$metadata?.attempts;
  return typeof attempts === 'number' && attempts > 0 ? attempts : 1;
}
