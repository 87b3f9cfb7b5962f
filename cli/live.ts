/** The live source as the CLI configures it: credentials, role, Regions, progress. */
import { fromNodeProviderChain, fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import { collectors } from '../inventory/live/collectors/index.js';
import { standardClientFactory } from '../aws/clients.js';
import { priceListSource, type PriceListSource } from '../aws/price-list.js';
export { writePriceFile } from '../aws/write-price-file.js';
import { LiveSource, type Progress } from '../inventory/live/live-source.js';
import { homeRegion } from './home-region.js';

export interface LiveCliOptions {
  readonly profile?: string | undefined;
  readonly roleArn?: string | undefined;
  readonly externalId?: string | undefined;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly onProgress?: ((progress: Progress) => void) | undefined;
}


/** SDK clients with the CLI's credentials (--profile, --role-arn), adaptive retry and timeouts. */
export function cliClientFactory(options: Omit<LiveCliOptions, 'onProgress'>) {
  const region = homeRegion(options.env);
  // The default provider chain (environment, SSO, shared files, container and instance roles),
  // with --profile choosing the profile; --role-arn assumes a role on top of it.
  const base = fromNodeProviderChain(options.profile === undefined ? {} : { profile: options.profile });
  const credentials =
    options.roleArn === undefined
      ? base
      : fromTemporaryCredentials({
          masterCredentials: base,
          clientConfig: { region },
          params: {
            RoleArn: options.roleArn,
            RoleSessionName: 'gatewatch-scan',
            ...(options.externalId === undefined ? {} : { ExternalId: options.externalId }),
          },
        });
  return standardClientFactory({ credentials, env: options.env });
}

export function liveSource(options: LiveCliOptions): LiveSource {
  return new LiveSource({
    collectors,
    homeRegion: homeRegion(options.env),
    clientFactory: cliClientFactory(options),
    ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }),
  });
}

/**
 * Unit prices from the AWS Price List Query API (us-east-1), with the CLI's credentials: what a live
 * scan given no --prices uses, and what `gatewatch prices` writes. A price it cannot read makes that
 * estimate "price not available" with the failed call named; it never changes a verdict.
 */
export function livePriceSource(options: Omit<LiveCliOptions, 'onProgress'>): PriceListSource {
  return priceListSource(cliClientFactory(options));
}
