/**
 * What one EventBridge event asks of gatewatch: the output of the event adapter
 * ({@link parseChangeEvent}), which the resource-change handler turns into a narrow scan.
 * The adapter only translates; it calls nothing and logs nothing, so every outcome — including
 * "nothing to do" and "not an event we accept" — is a value with its reason.
 */
import type { AnyConfigurationItem, ResourceType } from '../../model/configuration-item.js';
import type { Gate } from '../../model/gates.js';

/**
 * One resource to re-read or archive.
 *
 * `resourceId` is the id gatewatch's collectors (and AWS Config) give the resource — a bucket's
 * name, an SNS topic's ARN, an SQS queue's URL, a DB instance's `DbiResourceId` — whenever the
 * event carries it. Where the event carries only a name (a DB instance created without its
 * response, an IAM role tagged through the Tagging API), `resourceId` is that name and `arn` is
 * set: match on `arn` whenever it is present, it is the one key that never differs.
 */
export interface ResourceRef {
  readonly resourceType: ResourceType;
  readonly resourceId: string;
  readonly arn?: string | undefined;
}

/** `regions: [ALL_REGIONS]` in a rescan: every Region the service scans for the account. */
export const ALL_REGIONS = '*';

export type ChangeRequest =
  /** Config sent the whole item: evaluate it as is, with no call for the resource itself. */
  | { readonly kind: 'evaluate'; readonly accountId: string; readonly region: string; readonly item: AnyConfigurationItem; readonly origin: string }
  /**
   * Re-read these resources (oversized Config items; CloudTrail calls on one resource).
   * `region` is the Region they are in, `global` when all are of global types (IAM, CloudFront);
   * a resource of a global type among regional ones is recorded under
   * `recordingRegion(type, region)`, that is `global`.
   */
  | { readonly kind: 'reread'; readonly accountId: string; readonly region: string; readonly resources: readonly ResourceRef[]; readonly origin: string }
  /**
   * A change that can move verdicts of many resources (routes, subnets, trails, detectors, IAM policies):
   * re-scan these gates in these Regions of the account. `global` is IAM's Region; {@link ALL_REGIONS}
   * (`*`) means every Region the service scans (a trail can be multi-Region, so a trail change can
   * move the audit verdict of any Region).
   */
  | {
      readonly kind: 'rescan';
      readonly accountId: string;
      readonly regions: readonly string[];
      readonly gates: readonly Gate[];
      readonly origin: string;
      /** When the call changed IAM credentials (CloudTrail's eventTime, ISO 8601): see CollectRequest.credentialsChangedAt. */
      readonly credentialsChangedAt?: string;
    }
  /** The resource is gone or no longer recorded: archive its findings. */
  | { readonly kind: 'deleted'; readonly accountId: string; readonly region: string; readonly resources: readonly ResourceRef[]; readonly origin: string }
  /** A well-formed event gatewatch has nothing to do for (failed call, type it has no rule for, unmapped event). */
  | { readonly kind: 'ignored'; readonly reason: string; readonly origin: string }
  /** Not an event of a shape gatewatch accepts: the reason names the field and what was expected. */
  | { readonly kind: 'rejected'; readonly reason: string };

/** The EventBridge envelope fields the adapter reads, checked by {@link parseChangeEvent} before dispatch. */
export interface EventEnvelope {
  readonly detailType: string;
  readonly source: string;
  /** The account the event was delivered for (12 digits). */
  readonly account: string;
  readonly region: string;
  readonly detail: Readonly<Record<string, unknown>>;
}

/** True for a JSON object (not null, not an array). */
export function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A 12-digit AWS account id. */
export const ACCOUNT_ID = /^\d{12}$/;

/** An AWS Region name (`eu-west-1`, `us-gov-west-1`, `cn-north-1`), as the settings and the targets accept it. */
export const REGION_NAME = /^[a-z]{2}(-[a-z]+)+-\d+$/;

/** A value as a one-line message shows it: JSON, cut to 60 characters. */
export function shown(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
