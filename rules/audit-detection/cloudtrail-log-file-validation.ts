/**
 * cloudtrail-log-file-validation: every CloudTrail trail writes signed digest files
 * (`logFileValidationEnabled`), so a log file altered or deleted after delivery can be detected.
 *
 * A trail is judged in the account that owns it: an organization trail that a member account
 * merely sees (its ARN names the management account) is NOT_APPLICABLE there.
 */
import { defineRule } from '../lib/define-rule.js';

/** The account id in a trail ARN (`arn:aws:cloudtrail:<region>:<account>:trail/<name>`). */
function ownerOf(arn: string | null | undefined): string | undefined {
  const account = arn?.split(':')[4];
  return account !== undefined && /^\d{12}$/.test(account) ? account : undefined;
}

export default defineRule({
  meta: {
    id: 'cloudtrail-log-file-validation',
    gate: 'audit-detection',
    title: 'CloudTrail trails have log file validation enabled',
    // FSBP rates CloudTrail.4 LOW; matching it keeps this finding and Security Hub's own at one severity.
    severity: 'LOW',
    priority: 'P1',
    resourceTypes: ['AWS::CloudTrail::Trail'],
    controls: ['CloudTrail.4'],
    remediation: {
      text:
        'Turn on log file validation for the trail (console: trail → General details → Edit → Log file validation; CLI: ' +
        '`aws cloudtrail update-trail --name <trail> --enable-log-file-validation`). Validation covers log files delivered ' +
        'from then on; check them with `aws cloudtrail validate-logs`.',
      url: 'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-validation-enabling.html',
    },
    messages: {
      validated: 'CloudTrail trail {{trail}} has log file validation enabled.',
      notValidated: 'CloudTrail trail {{trail}} has log file validation disabled: altered or deleted log files would go unnoticed.',
      otherAccount: 'CloudTrail trail {{trail}} belongs to account {{owner}} (an organization trail); it is judged in that account.',
      missing: 'CloudTrail trail {{trail}} has no recorded log file validation setting.',
    },
  },
  check(item, context) {
    const trail = item.configuration.name ?? item.resourceId;
    const owner = ownerOf(item.configuration.trailARN ?? item.ARN);
    if (owner !== undefined && owner !== item.awsAccountId) return context.notApplicable('otherAccount', { trail, owner });

    const enabled = item.configuration.logFileValidationEnabled;
    if (enabled === undefined || enabled === null) return context.unknown('missing', { trail });
    return enabled ? context.pass('validated', { trail }) : context.fail('notValidated', { trail });
  },
});
