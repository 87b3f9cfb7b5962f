/**
 * iam-user-no-stale-access-keys: no IAM user has an active access key unused, or not rotated, for
 * more than `maxAgeDays` (default 90).
 *
 * Reads the user's row of the IAM credential report (`access_key_N_active`, `…_last_rotated`,
 * `…_last_used_date` for its two key slots), read once for the whole account by the live source.
 * A key is judged as of the report's GeneratedTime: it is stale when it was last rotated (created)
 * more than `maxAgeDays` before, or last used more than `maxAgeDays` before — a key never used
 * counts from its creation. Judging against the report's time rather than the scan's clock keeps
 * verdicts and messages stable (messages name dates, never "N days ago"); the live collector refuses
 * a report more than a day old, and AWS regenerates it when it is more than 4 hours old, so a key
 * may turn stale up to a day later than the clock would say.
 *
 * UNKNOWN, never PASS, where the report could not be read or did not parse (the failed call is
 * named), where the user is not in it (created after it), in a plain AWS Config snapshot (which does
 * not carry it), and for an active key without its rotation date. A user with no active access key
 * is NOT_APPLICABLE.
 */
import { z } from 'zod';
import { displayName } from '../../model/configuration-item.js';
import { CREDENTIAL_REPORT_ASPECT, day, keysText, reportOf, type ReportKey } from '../lib/credential-report.js';
import { defineRule } from '../lib/define-rule.js';

const DAY_MS = 86_400_000;

/** Why one active key is stale, for the message; undefined when it is not. */
function staleness(key: ReportKey & { lastRotated: string }, asOf: number, maxAgeDays: number): string | undefined {
  const older = (iso: string) => asOf - Date.parse(iso) > maxAgeDays * DAY_MS;
  const unrotated = older(key.lastRotated);
  const unused = key.lastUsedDate === null ? unrotated : older(key.lastUsedDate);
  if (!unrotated && !unused) return undefined;
  const used = key.lastUsedDate === null ? 'never used' : `last used ${day(key.lastUsedDate)}`;
  // A key in use but not rotated: its last use moves every day, so the message names only its rotation.
  return unused ? `access key ${key.slot} ${used}, last rotated ${day(key.lastRotated)}` : `access key ${key.slot} last rotated ${day(key.lastRotated)}`;
}

export default defineRule({
  meta: {
    id: 'iam-user-no-stale-access-keys',
    gate: 'least-privilege',
    title: 'IAM users have no active access key unused or unrotated for 90+ days',
    // FSBP rates IAM.3 and IAM.8 MEDIUM; matching it keeps this finding and Security Hub's own at one severity.
    severity: 'MEDIUM',
    priority: 'P1',
    resourceTypes: ['AWS::IAM::User'],
    reads: [CREDENTIAL_REPORT_ASPECT],
    controls: ['IAM.3', 'IAM.8'],
    remediation: {
      text:
        'Prefer IAM roles (instance profiles, IAM Roles Anywhere, IAM Identity Center) to long-lived access keys. Deactivate and delete a key ' +
        'that is no longer used (`aws iam update-access-key --status Inactive`, then `aws iam delete-access-key`); rotate one still needed: ' +
        'create a second key, move its users to it, then deactivate and delete the old one.',
      url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html#rotating_access_keys_console',
    },
    messages: {
      fresh: 'IAM user {{user}} has its active {{keys}} rotated and used within {{maxAgeDays}} days of the credential report.',
      stale: 'IAM user {{user}} has an access key unused or unrotated for more than {{maxAgeDays}} days: {{details}}.',
      noActiveKey: 'IAM user {{user}} has no active access key.',
      notRead:
        'The credential report of IAM user {{user}} was not read (an AWS Config snapshot does not carry it): its access keys are unknown.',
      noRotationDate: 'The credential report gives no rotation date for the active access key {{slot}} of IAM user {{user}}.',
    },
    options: z.strictObject({
      /** The most days an active key may go unused, or unrotated. */
      maxAgeDays: z.number().int().positive().default(90),
    }),
  },
  check(item, context) {
    const user = item.configuration.userName ?? displayName(item);
    const { maxAgeDays } = context.options;
    const report = reportOf(item);
    if (report === undefined) return context.unknown('notRead', { user });
    const active = report.accessKeys.filter((key) => key.active);
    if (active.length === 0) return context.notApplicable('noActiveKey', { user });
    const asOf = Date.parse(report.generatedTime);
    const details: string[] = [];
    for (const key of active) {
      const { lastRotated } = key;
      if (lastRotated === null) return context.unknown('noRotationDate', { user, slot: key.slot });
      const stale = staleness({ ...key, lastRotated }, asOf, maxAgeDays);
      if (stale !== undefined) details.push(stale);
    }
    if (details.length > 0) return context.fail('stale', { user, maxAgeDays, details: details.join('; ') });
    return context.pass('fresh', { user, maxAgeDays, keys: keysText(active) });
  },
});
