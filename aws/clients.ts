/**
 * SDK clients, made one way for every caller (collectors, publishers, handlers, the CLI):
 * adaptive retry, enforced timeouts, the given credentials, and path-style S3 addressing when an
 * endpoint override points the scanner at another AWS-compatible endpoint.
 */
import { S3Client } from '@aws-sdk/client-s3';
import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import type { AwsCredentialIdentityProvider } from '@smithy/types';

/** An SDK client class, e.g. `EC2Client`. */
export type ClientClass<C> = new (config: Record<string, unknown>) => C;

/** SDK clients of one account: `clients(Type, region)`. */
export type ClientFactory = <C>(type: ClientClass<C>, region: string) => C;

/** Options for the SDK clients the CLI and Lambdas create. */
export interface ClientSettings {
  readonly credentials?: AwsCredentialIdentityProvider | undefined;
  readonly maxAttempts?: number;
  readonly requestTimeoutMs?: number;
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/**
 * The standard client factory: adaptive retry, a per-request timeout, the given credentials, and
 * path-style S3 addressing whenever an endpoint override (`AWS_ENDPOINT_URL`, `AWS_ENDPOINT_URL_S3`)
 * points the scanner at another AWS-compatible endpoint; the SDK reads those variables itself.
 */
export function standardClientFactory(settings: ClientSettings = {}): ClientFactory {
  const env = settings.env ?? process.env;
  const customEndpoint = env['AWS_ENDPOINT_URL'] !== undefined || env['AWS_ENDPOINT_URL_S3'] !== undefined;
  return <C>(type: ClientClass<C>, region: string): C =>
    new type({
      region,
      retryMode: 'adaptive',
      maxAttempts: settings.maxAttempts ?? 5,
      requestHandler: { requestTimeout: settings.requestTimeoutMs ?? 20_000, connectionTimeout: 5_000 },
      ...(settings.credentials === undefined ? {} : { credentials: settings.credentials }),
      ...(customEndpoint && (type as unknown) === S3Client ? { forcePathStyle: true } : {}),
    });
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
