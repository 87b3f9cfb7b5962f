/**
 * SDK clients, made one way for every caller (collectors, publishers, handlers, the CLI):
 * adaptive retry, enforced timeouts, a check that every successful response is what its protocol
 * promises (aws/response-check.ts), the given credentials, and path-style S3 addressing when an
 * endpoint override points the scanner at another AWS-compatible endpoint.
 */
import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import { addResponseCheck } from './response-check.js';

/** An SDK client class, e.g. `EC2Client`. */
export type ClientClass<C> = new (config: Record<string, unknown>) => C;

/** SDK clients of one account: `clients(Type, region)`. */
export type ClientFactory = <C>(type: ClientClass<C>, region: string) => C;

/**
 * The timeouts of one attempt (the SDK retries an attempt that times out, up to `maxAttempts`):
 * connecting, then the response headers (counted from the start of the attempt, so connecting
 * included), then the whole body; the socket may also stay idle no longer than the request
 * timeout. An attempt therefore ends within about `requestTimeoutMs + bodyTimeoutMs`.
 */
export const TIMEOUTS = {
  /** A TCP (and TLS) connection to an AWS endpoint takes milliseconds; 5 s is a network problem. */
  connectionTimeoutMs: 5_000,
  /** The slowest reads gatewatch makes (IAM GetAccountAuthorizationDetails pages) answer within seconds. */
  requestTimeoutMs: 20_000,
  /** A page of at most a few MB. */
  bodyTimeoutMs: 20_000,
} as const;

/** Options for the SDK clients the CLI and Lambdas create. */
export interface ClientSettings {
  readonly credentials?: AwsCredentialIdentityProvider | undefined;
  readonly maxAttempts?: number;
  /** Until the response headers, per attempt, connecting included (default {@link TIMEOUTS}). */
  readonly requestTimeoutMs?: number;
  /** Until the connection is made, per attempt. */
  readonly connectionTimeoutMs?: number;
  /** Until the whole response body has arrived, once the headers did, per attempt. */
  readonly bodyTimeoutMs?: number;
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/**
 * The standard client factory: adaptive retry, enforced timeouts, the response check, the given
 * credentials, and path-style S3 addressing whenever an endpoint override (`AWS_ENDPOINT_URL`,
 * `AWS_ENDPOINT_URL_S3`) points the scanner at another AWS-compatible endpoint; the SDK reads
 * those variables itself.
 *
 * The request handler is the SDK's own (Node's HTTP/1.1 `NodeHttpHandler` for every client here
 * but Kinesis, which uses `NodeHttp2Handler`). `NodeHttpHandler` only logs a warning when
 * `requestTimeout` passes unless `throwOnRequestTimeout` is set, and its request timeout stops at
 * the headers: `socketTimeout` bounds an idle socket through the body, and the response check
 * bounds the whole body. `NodeHttp2Handler` reads `requestTimeout` as a stream idle timeout that
 * throws, and ignores the other options.
 */
export function standardClientFactory(settings: ClientSettings = {}): ClientFactory {
  const env = settings.env ?? process.env;
  const customEndpoint = env['AWS_ENDPOINT_URL'] !== undefined || env['AWS_ENDPOINT_URL_S3'] !== undefined;
  const requestTimeout = settings.requestTimeoutMs ?? TIMEOUTS.requestTimeoutMs;
  const requestHandler = {
    connectionTimeout: settings.connectionTimeoutMs ?? TIMEOUTS.connectionTimeoutMs,
    requestTimeout,
    throwOnRequestTimeout: true,
    socketTimeout: requestTimeout,
  };
  const check = { bodyTimeoutMs: settings.bodyTimeoutMs ?? TIMEOUTS.bodyTimeoutMs };
  return <C>(type: ClientClass<C>, region: string): C => {
    const client = new type({
      region,
      retryMode: 'adaptive',
      maxAttempts: settings.maxAttempts ?? 5,
      requestHandler,
      ...(settings.credentials === undefined ? {} : { credentials: settings.credentials }),
      // S3 behind a custom endpoint (moto, an S3-compatible store) needs path-style URLs; other clients ignore the option.
      ...(customEndpoint ? { forcePathStyle: true } : {}),
    });
    addResponseCheck(client, check);
    return client;
  };
}

/** The partition of a Region: `aws-cn` for China, `aws-us-gov` for GovCloud, else `aws`. */
export function partitionOf(region: string): string {
  return region.startsWith('cn-') ? 'aws-cn' : region.startsWith('us-gov-') ? 'aws-us-gov' : 'aws';
}

export interface AssumedRole {
  readonly accountId: string;
  readonly roleName: string;
  readonly externalId?: string | undefined;
  /** The Region of the STS calls (and so the partition of the role's ARN). */
  readonly region: string;
  readonly sessionName: string;
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** Clients of another account, through a role assumed there (credentials refreshed by the SDK). */
export function assumedRoleClients(role: AssumedRole): ClientFactory {
  const credentials = fromTemporaryCredentials({
    clientConfig: { region: role.region },
    params: {
      RoleArn: `arn:${partitionOf(role.region)}:iam::${role.accountId}:role/${role.roleName}`,
      RoleSessionName: role.sessionName,
      DurationSeconds: 3600,
      ...(role.externalId === undefined ? {} : { ExternalId: role.externalId }),
    },
  });
  return standardClientFactory({ credentials, ...(role.env === undefined ? {} : { env: role.env }) });
}
