/**
 * Running collectors against aws-sdk-client-mock in tests: a LiveSource whose clients are real
 * SDK client classes (mocked by `mockClient`) with fixed credentials, no waiting between
 * retries, and a fixed clock.
 */
import { mockClient } from 'aws-sdk-client-mock';
import { STSClient, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { EC2Client, DescribeRegionsCommand } from '@aws-sdk/client-ec2';
import type { ResourceType } from '../model/configuration-item.js';
import type { Collector } from '../inventory/live/collector.js';
import { LiveSource, type KnownIdentity, type Progress } from '../inventory/live/live-source.js';
import type { Collection } from '../inventory/source.js';
import { ACCOUNT, REGION } from './account.js';

export const CREDENTIALS = { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' };

/** A LiveSource over mocked clients. */
export function mockedLiveSource(
  collectors: readonly Collector[],
  options: { throttleRetries?: number; onProgress?: ((progress: Progress) => void) | undefined; identity?: KnownIdentity | undefined } = {},
): LiveSource {
  return new LiveSource({
    collectors,
    homeRegion: 'us-east-1',
    clientFactory: (type, region) => new type({ region, credentials: CREDENTIALS, maxAttempts: 1 }),
    sleep: async () => undefined,
    now: () => new Date('2026-11-23T12:00:00Z'),
    ...(options.throttleRetries === undefined ? {} : { throttleRetries: options.throttleRetries }),
    ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }),
    ...(options.identity === undefined ? {} : { identity: options.identity }),
  });
}

/** Mocks STS (the account) and EC2 DescribeRegions; returns the mocks to reset. */
export function mockIdentity(regions: readonly string[] = [REGION]) {
  const sts = mockClient(STSClient);
  sts.on(GetCallerIdentityCommand).resolves({ Account: ACCOUNT, Arn: `arn:aws:iam::${ACCOUNT}:user/scanner` });
  const ec2 = mockClient(EC2Client);
  ec2.on(DescribeRegionsCommand).resolves({ Regions: regions.map((RegionName) => ({ RegionName })) });
  return { sts, ec2 };
}

/** Collects `types` with the given collectors in the given Regions. */
export function collect(collectors: readonly Collector[], types: readonly ResourceType[], regions: readonly string[] = [REGION], options: { throttleRetries?: number } = {}): Promise<Collection> {
  return mockedLiveSource(collectors, options).collect({ resourceTypes: new Set(types), regions });
}

/** A typed SDK exception as the SDK throws it. */
export function awsError(name: string, message = `${name} from the test`, extra: Record<string, unknown> = {}): Error {
  const error = new Error(message);
  error.name = name;
  Object.assign(error, { $fault: 'client', $metadata: { httpStatusCode: name.includes('Throttl') ? 400 : 403, attempts: 1 } }, extra);
  return error;
}

/** Calls of one operation in the collection's accounting. */
export function callsOf(collection: Collection, service: string, operation: string): number {
  return collection.calls?.find((count) => count.service === service && count.operation === operation)?.calls ?? 0;
}
