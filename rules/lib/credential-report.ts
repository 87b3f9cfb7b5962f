/**
 * The IAM credential report as rules read it: the row the live collector puts in
 * `supplementaryConfiguration.CredentialReport` of an IAM user and of the root user
 * (inventory/live/collectors/iam-credentials.ts).
 *
 * Verdicts are judged as of the report's own GeneratedTime, not the scan's clock: the report is the
 * state it describes, at most a day old on a live read (older reports are refused by the collector),
 * and a verdict or a message that moved with the clock would re-import an unchanged finding every
 * day. Messages name dates (`2026-01-03`), never "N days ago".
 */
import type { z } from 'zod';
import type { credentialReportRow } from '../../model/resource-types/iam.js';

export type ReportRow = z.infer<typeof credentialReportRow>;
export type ReportKey = ReportRow['accessKeys'][number];

/** The `meta.reads` aspect of the report: where it could not be read, the rules reading it are UNKNOWN naming the call. */
export const CREDENTIAL_REPORT_ASPECT = 'credentialReport';

/** The day of an ISO 8601 time, as messages name it: `2026-01-03`. */
export function day(iso: string): string {
  return iso.slice(0, 10);
}

/** The report's row of an item, when the item carries one (a live read); undefined otherwise. */
export function reportOf(item: { readonly supplementaryConfiguration: { readonly CredentialReport?: ReportRow | null | undefined } }): ReportRow | undefined {
  return item.supplementaryConfiguration.CredentialReport ?? undefined;
}

/** "access key 1" or "access keys 1 and 2". */
export function keysText(keys: readonly ReportKey[]): string {
  return keys.length === 1 ? `access key ${keys[0]?.slot ?? ''}` : `access keys ${keys.map((key) => key.slot).join(' and ')}`;
}
