/**
 * ebs-encryption-by-default: EBS encryption by default is on in every account × Region, so every
 * new volume (and every snapshot copy made from it) is encrypted whoever creates it (FSBP EC2.7).
 *
 * The fact comes from ec2:GetEbsEncryptionByDefault, which the live source adds to the synthetic
 * `AWS::::Account` item of each Region. An AWS Config snapshot has no such item, so there the
 * setting is absent and the rule is UNKNOWN: not recorded is not off, and not on either.
 */
import { scopeOf } from '../../inventory/inventory.js';
import { defineRule } from '../lib/define-rule.js';
import { free } from '../lib/fix-costs.js';

export default defineRule({
  meta: {
    id: 'ebs-encryption-by-default',
    gate: 'encryption',
    title: 'EBS encryption by default is on in every account and Region',
    // Security Hub rates EC2.7 MEDIUM; matching it keeps this finding and Security Hub's own
    // EC2.7 finding for the same account and Region at one severity.
    severity: 'MEDIUM',
    priority: 'P1',
    resourceTypes: ['AWS::::Account'],
    // The account fact it judges: where its call failed, the rule is UNKNOWN naming that call.
    reads: ['ebsEncryptionByDefault'],
    controls: ['EC2.7'],
    remediation: {
      text:
        'Turn on EBS encryption by default in this Region (EC2 console → Settings → Data protection and security, or ' +
        '`aws ec2 enable-ebs-encryption-by-default`), optionally with a customer managed default KMS key. It is a ' +
        'per-Region setting: repeat it in every Region of every account.',
      url: 'https://docs.aws.amazon.com/ebs/latest/userguide/encryption-by-default.html',
    },
    messages: {
      enabled: 'EBS encryption by default is on in account {{account}}, Region {{region}}.',
      disabled: 'EBS encryption by default is off in account {{account}}, Region {{region}}: new volumes are created unencrypted unless their creator asks otherwise.',
      // A failed ec2:GetEbsEncryptionByDefault never reaches this message: the engine makes the rule
      // UNKNOWN naming that call. Here the call was never made: the source does not carry the setting.
      missing:
        'EBS encryption by default is not in the inventory for account {{account}}, Region {{region}}: the source does not ' +
        'carry it (an AWS Config snapshot does not; a live scan reads it with ec2:GetEbsEncryptionByDefault).',
    },
    fixCost() {
      return free('encryption by default has no charge (with the AWS managed key)');
    },
  },
  check(item, context) {
    const { accountId: account, region } = scopeOf(item);
    const enabled = item.configuration.ebsEncryptionByDefault;
    if (enabled === undefined || enabled === null) return context.unknown('missing', { account, region });
    return enabled ? context.pass('enabled', { account, region }) : context.fail('disabled', { account, region });
  },
});
