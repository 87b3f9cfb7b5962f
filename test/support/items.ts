/**
 * Builders for configuration items in tests. Items go through the same normalisation as a
 * snapshot (envelope check, policy decoding, schema), so a test cannot hand a rule an item that
 * real input could never produce.
 */
import type { AnyConfigurationItem, ConfigurationItem, ResourceType } from '../../model/configuration-item.js';
import { normalizeItem } from '../../inventory/normalize.js';
import { ACCOUNT, REGION } from '../../testkit/account.js';

export { ACCOUNT, REGION };

export interface ItemOverrides {
  readonly tags?: Readonly<Record<string, string>>;
  readonly awsAccountId?: string;
  readonly awsRegion?: string;
  readonly ARN?: string | null;
  readonly resourceName?: string;
  readonly availabilityZone?: string;
  readonly supplementaryConfiguration?: Readonly<Record<string, unknown>>;
}

/** A configuration item of `type` with `configuration` as Config would record it. */
export function item<T extends ResourceType>(
  type: T,
  resourceId: string,
  configuration: Readonly<Record<string, unknown>>,
  overrides: ItemOverrides = {},
): ConfigurationItem<T> {
  const region = overrides.awsRegion ?? (type.startsWith('AWS::IAM::') ? 'global' : REGION);
  const account = overrides.awsAccountId ?? ACCOUNT;
  const raw = {
    resourceType: type,
    resourceId,
    resourceName: overrides.resourceName ?? resourceId,
    ARN: overrides.ARN === undefined ? `arn:aws:test:${region}:${account}:${type.split('::')[2]?.toLowerCase() ?? 'x'}/${resourceId}` : overrides.ARN,
    awsAccountId: account,
    awsRegion: region,
    availabilityZone: overrides.availabilityZone,
    tags: overrides.tags ?? {},
    relationships: [],
    configuration,
    supplementaryConfiguration: overrides.supplementaryConfiguration ?? {},
  };
  const result = normalizeItem(raw);
  if (result.kind !== 'item') throw new Error(`test item ${type} ${resourceId} was skipped (${result.reason})`);
  return result.item as ConfigurationItem<T>;
}

export type { AnyConfigurationItem };
