/**
 * iam-user-mfa-enabled: every IAM user who can sign in to the console with a password has an MFA
 * device.
 *
 * Reads the user's row of the IAM credential report (`password_enabled`, `mfa_active`), which the
 * live source reads once for the whole account (GenerateCredentialReport, GetCredentialReport) and
 * puts in `supplementaryConfiguration.CredentialReport`. AWS regenerates the report only when the
 * current one is more than 4 hours old, so a change made since can take up to 4 hours to show; the
 * collector refuses a report more than a day old. The rule is UNKNOWN, never PASS, where the report
 * could not be read or did not parse (the failed call is named), where the user is not in it
 * (created after the report) and in a plain AWS Config snapshot, which does not carry it. A user
 * without a console password (API access only, or no credentials) is NOT_APPLICABLE.
 */
import { displayName } from '../../model/configuration-item.js';
import { CREDENTIAL_REPORT_ASPECT, reportOf } from '../lib/credential-report.js';
import { defineRule } from '../lib/define-rule.js';

export default defineRule({
  meta: {
    id: 'iam-user-mfa-enabled',
    gate: 'least-privilege',
    title: 'IAM users with a console password have MFA enabled',
    // FSBP rates IAM.5 and IAM.19 MEDIUM; matching it keeps this finding and Security Hub's own at one severity.
    severity: 'MEDIUM',
    priority: 'P1',
    resourceTypes: ['AWS::IAM::User'],
    reads: [CREDENTIAL_REPORT_ASPECT],
    controls: ['IAM.5', 'IAM.19'],
    remediation: {
      text:
        'Assign an MFA device to the user (console: IAM → Users → the user → Security credentials → Assign MFA device; CLI: ' +
        '`aws iam create-virtual-mfa-device` then `aws iam enable-mfa-device`), or remove the console password if the user does not sign in ' +
        '(`aws iam delete-login-profile`). Better: move people to IAM Identity Center and require MFA there.',
      url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_mfa_enable.html',
    },
    messages: {
      mfa: 'IAM user {{user}} has a console password and an MFA device.',
      noMfa: 'IAM user {{user}} can sign in to the console with a password alone: no MFA device is active.',
      noPassword: 'IAM user {{user}} has no console password: MFA for console sign-in does not apply.',
      notRead:
        'The credential report of IAM user {{user}} was not read (an AWS Config snapshot does not carry it): whether it has MFA is unknown.',
      passwordUnknown: 'The credential report does not say whether IAM user {{user}} has a console password.',
    },
  },
  check(item, context) {
    const user = item.configuration.userName ?? displayName(item);
    const report = reportOf(item);
    if (report === undefined) return context.unknown('notRead', { user });
    if (report.passwordEnabled === null) return context.unknown('passwordUnknown', { user });
    if (!report.passwordEnabled) return context.notApplicable('noPassword', { user });
    return report.mfaActive ? context.pass('mfa', { user }) : context.fail('noMfa', { user });
  },
});
