/**
 * The CloudTrail calls that change a resource type, as its description states them: which mutating
 * calls (`eventSource` + `eventName`) change resources of the type, and a pure reader that finds,
 * in the call's event, the resources to re-read — with the ids and ARNs the collectors give them.
 *
 * Readers work on a {@link CallDetail}: the event adapter (inventory/events/) checks the event and
 * hands each reader accessors that reject a malformed event with the path of the field, so a
 * reader is data access and id building only.
 */
import type { ArnScope } from './arn.js';

/** A path into the event's `detail` (`['requestParameters', 'bucketName']`). */
export type Path = readonly (string | number)[];

/**
 * A resource a call changed. `resourceType` is one gatewatch describes (the event adapter checks
 * it); `resourceId` is the collector's id, or a name with `arn` set where the event carries only a
 * name (see inventory/events/change-request.ts).
 */
export interface ChangedResource {
  readonly resourceType: string;
  readonly resourceId: string;
  readonly arn?: string | undefined;
}

/** What a reader found: the resources the call changed, or why the call changes none gatewatch judges. */
export type Reading = readonly ChangedResource[] | { readonly ignored: string };

/**
 * One call's event, as a reader sees it: where it ran (partition, Region, account: an
 * {@link ArnScope}) and its fields. Every accessor throws the adapter's input error, naming the
 * path from `detail.` and the call, when the field is not what it must be.
 */
export interface CallDetail extends ArnScope {
  readonly eventName: string;
  /** The value at `path`, unchecked (`undefined` when absent). */
  value(path: Path): unknown;
  /** A string the reader needs: absent, empty or of another type rejects the event. */
  text(path: Path): string;
  /** A string used when present (a response can be absent); a value of another type rejects the event. */
  optionalText(path: Path): string | undefined;
  /** A non-empty list the reader needs. */
  list(path: Path): readonly unknown[];
  /** The strings of a non-empty list the reader needs. */
  texts(path: Path): string[];
  /** Rejects the event: `detail.PATH: PROBLEM (EventName)`. */
  reject(path: Path, problem: string): never;
  /** The resources of described types these ARNs name, or why none of them is one. */
  arns(arns: readonly string[]): Reading;
  /** The resource of `service` a bare id names, by the id prefixes of the descriptions (EC2's `i-`, `vol-` …), in the call's scope. */
  idRef(service: string, id: string): ChangedResource | undefined;
}

/** Calls of one event source that change resources the same way. */
export interface ChangeCalls {
  /** The event source's service (`ec2` for `ec2.amazonaws.com`); `*` matches the call name from any service. */
  readonly service: string;
  readonly eventNames: readonly string[];
  readonly read: (call: CallDetail) => Reading;
  /** The Region the resources are in, when it is not the call's (a new bucket's LocationConstraint). */
  readonly region?: (call: CallDetail) => string;
}

export function calls(service: string, eventNames: readonly string[], read: (call: CallDetail) => Reading, region?: (call: CallDetail) => string): ChangeCalls {
  return region === undefined ? { service, eventNames, read } : { service, eventNames, read, region };
}

/** The resources named by the ARN at `path` (a tagging call's `resourceName`, `resourceId` …). */
export const arnAt =
  (path: Path) =>
  (call: CallDetail): Reading =>
    call.arns([call.text(path)]);
