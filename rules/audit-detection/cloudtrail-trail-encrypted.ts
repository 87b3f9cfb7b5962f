/**
 * cloudtrail-trail-encrypted: every CloudTrail trail encrypts its log files with a KMS key
 * (SSE-KMS, `kmsKeyId` set) rather than the bucket's default SSE-S3 encryption.
 *
 * CloudTrail reports a KMS key only when one is set, so an absent `kmsKeyId` on a trail whose
 * settings were recorded means "no KMS key"; a configuration that records none of the trail's
 * settings is UNKNOWN. An organization trail seen from a member account (its ARN names another
 * account) is NOT_APPLICABLE there: it is judged in the account that owns it.
 */
import { defineRule } from '../lib/define-rule.js';

/** The account id in a trail ARN (`arn:aws:cloudtrail:<region>:<account>:trail/<name>`). */
function ownerOf(arn: string | null | undefined): string | undefined {
  const account = arn?.split(':')[4];
  return account !== undefined && /^\d{12}$/.test(account) ? account : undefined;
}

export default defineRule({
  meta: {
    id: 'cloudtrail-trail-encrypted',
    gate: 'audit-detection',
    title: 'CloudTrail trails encrypt their log files with a KMS key',
    // FSBP rates CloudTrail.2 MEDIUM; matching it keeps this finding and Security Hub's own at one severity.
    severity: 'MEDIUM',
    priority: 'P1',
    resourceTypes: ['AWS::CloudTrail::Trail'],
    controls: ['CloudTrail.2'],
    remediation: {
      text:
        'Create (or pick) a customer managed KMS key whose key policy lets CloudTrail encrypt and your auditors decrypt, ' +
        'then set it on the trail (console: trail → General details → Edit → Log file SSE-KMS encryption; CLI: ' +
        '`aws cloudtrail update-trail --name <trail> --kms-key-id <key-arn>`).',
      url: 'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/encrypting-cloudtrail-log-files-with-aws-kms.html',
    },
    messages: {
      encrypted: 'CloudTrail trail {{trail}} encrypts its log files with KMS key {{key}}.',
      notEncrypted: 'CloudTrail trail {{trail}} has no KMS key: its log files are protected only by the bucket default (SSE-S3).',
      otherAccount: 'CloudTrail trail {{trail}} belongs to account {{owner}} (an organization trail); it is judged in that account.',
      notRecorded: "CloudTrail trail {{trail}}: the item records none of the trail's settings, so its encryption cannot be judged.",
    },
  },
  check(item, context) {
    const { name, trailARN, homeRegion, isMultiRegionTrail, logFileValidationEnabled, kmsKeyId } = item.configuration;
    const trail = name ?? item.resourceId;
    const owner = ownerOf(trailARN ?? item.ARN);
    if (owner !== undefined && owner !== item.awsAccountId) return context.notApplicable('otherAccount', { trail, owner });

    if (kmsKeyId) return context.pass('encrypted', { trail, key: kmsKeyId });
    // No key: a real "none" only if the item carries the trail's other settings.
    const recorded = Boolean(trailARN) || Boolean(homeRegion) || typeof isMultiRegionTrail === 'boolean' || typeof logFileValidationEnabled === 'boolean';
    return recorded ? context.fail('notEncrypted', { trail }) : context.unknown('notRecorded', { trail });
  },
});
