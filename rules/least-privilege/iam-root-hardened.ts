/**
 * iam-root-hardened: the root user of every account has MFA and no active access key.
 *
 * Reads the `<root_account>` row of the IAM credential report (`mfa_active`,
 * `access_key_N_active`), which the live source puts on the synthetic `AWS::IAM::RootUser` item of
 * the account. AWS regenerates the report only when the current one is more than 4 hours old, so a
 * change made since can take up to 4 hours to show; the collector refuses a report more than a day
 * old. Every account has a root user: the Inventory synthesises the item where no source gave one,
 * and the rule is then UNKNOWN (a plain AWS Config snapshot does not carry the report), as it is
 * where the report could not be read, did not parse or has no root row — never PASS.
 *
 * Access keys: IAM.4 asks that no root access key exist. The report marks a key active or not, and
 * AWS documents its dates as N/A for a key that is not active, so an inactive key cannot be told
 * from no key; an inactive key signs no request, so only active keys fail. MFA: the report says
 * whether an MFA device is active, not whether it is a hardware device, so this rule does not claim
 * IAM.6 (hardware MFA for the root user).
 */
import { CREDENTIAL_REPORT_ASPECT, keysText, reportOf } from '../lib/credential-report.js';
import { defineRule } from '../lib/define-rule.js';

export default defineRule({
  meta: {
    id: 'iam-root-hardened',
    gate: 'least-privilege',
    title: 'The root user has MFA and no active access key',
    // FSBP rates IAM.4 and IAM.9 CRITICAL; matching it keeps this finding and Security Hub's own at one severity.
    severity: 'CRITICAL',
    priority: 'P1',
    resourceTypes: ['AWS::IAM::RootUser'],
    reads: [CREDENTIAL_REPORT_ASPECT],
    controls: ['IAM.4', 'IAM.9'],
    remediation: {
      text:
        'Sign in as the root user and, under Security credentials, assign an MFA device (a hardware key or passkey is best) and delete every ' +
        'access key; use IAM roles or IAM Identity Center for daily work. In an organization, consider centralised root access management, ' +
        'which removes member accounts\' root credentials.',
      url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/root-user-best-practices.html',
    },
    messages: {
      hardened: 'The root user of account {{account}} has MFA and no active access key.',
      noMfa: 'The root user of account {{account}} has no MFA device.',
      activeKeys: 'The root user of account {{account}} has an active {{keys}}.',
      noMfaActiveKeys: 'The root user of account {{account}} has no MFA device and an active {{keys}}.',
      notRead:
        'The credential report of account {{account}} was not read (an AWS Config snapshot does not carry it): its root user is not judged.',
    },
  },
  check(item, context) {
    const account = item.awsAccountId;
    const report = reportOf(item);
    if (report === undefined) return context.unknown('notRead', { account });
    const active = report.accessKeys.filter((key) => key.active);
    if (!report.mfaActive && active.length > 0) return context.fail('noMfaActiveKeys', { account, keys: keysText(active) });
    if (!report.mfaActive) return context.fail('noMfa', { account });
    if (active.length > 0) return context.fail('activeKeys', { account, keys: keysText(active) });
    return context.pass('hardened', { account });
  },
});
