/** Who the credentials are: `sts:GetCallerIdentity`, the one call every caller makes for it. */
import { GetCallerIdentityCommand, type STSClient } from '@aws-sdk/client-sts';
import { attemptsOf } from './errors.js';

export interface CallerIdentity {
  readonly accountId: string;
  /** `aws`, `aws-cn`, `aws-us-gov`: from the caller's ARN (undefined when STS gave no ARN). */
  readonly partition: string | undefined;
  /** Requests the SDK sent (its own retries included), for the call statistics. */
  readonly attempts: number;
}

/**
 * The account and partition of the client's credentials.
 * @throws the SDK's error when the call fails, or an Error when STS names no account.
 */
export async function callerIdentity(sts: STSClient): Promise<CallerIdentity> {
  const output = await sts.send(new GetCallerIdentityCommand({}));
  const accountId = output.Account;
  const partition = output.Arn?.split(':')[1];
  if (accountId === undefined || accountId === '') throw new Error('sts:GetCallerIdentity returned no account');
  return { accountId, partition: partition === '' ? undefined : partition, attempts: attemptsOf(output) };
}
