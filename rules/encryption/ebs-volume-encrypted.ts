/**
 * ebs-volume-encrypted: EBS volumes are encrypted at rest. By default only attached volumes are
 * judged (as FSBP EC2.3 does); option `all` judges unattached volumes too.
 */
import { z } from 'zod';
import { defineRule } from '../lib/define-rule.js';

export default defineRule({
  meta: {
    id: 'ebs-volume-encrypted',
    gate: 'encryption',
    title: 'EBS volumes are encrypted at rest',
    // FSBP rates EC2.3 MEDIUM; matching it keeps this finding and Security Hub's own EC2.3
    // finding for the same volume at one severity.
    severity: 'MEDIUM',
    priority: 'P1',
    resourceTypes: ['AWS::EC2::Volume'],
    controls: ['EC2.3'],
    remediation: {
      text:
        'A volume cannot be encrypted in place: snapshot it, copy the snapshot with encryption on, create a volume from ' +
        'the copy and swap it in. Turn on EBS encryption by default so new volumes are encrypted.',
      url: 'https://docs.aws.amazon.com/ebs/latest/userguide/ebs-encryption.html',
    },
    messages: {
      encrypted: 'EBS volume {{volume}} is encrypted.',
      unencryptedAttached: 'EBS volume {{volume}}, attached to {{instance}}, is not encrypted.',
      unencrypted: 'EBS volume {{volume}} is not encrypted (it is not attached to any instance).',
      unattached: 'EBS volume {{volume}} is not attached to an instance; set the option `all` to judge unattached volumes too.',
      missing: 'EBS volume {{volume}} has no recorded encryption setting.',
    },
    options: z.strictObject({
      /** Judge unattached volumes too. */
      all: z.boolean().default(false),
    }),
  },
  check(item, context) {
    const volume = item.configuration.volumeId ?? item.resourceId;
    const attachments = item.configuration.attachments ?? [];
    const attached = attachments.length > 0;
    if (!attached && !context.options.all) return context.notApplicable('unattached', { volume });

    const encrypted = item.configuration.encrypted;
    if (encrypted === undefined || encrypted === null) return context.unknown('missing', { volume });
    if (encrypted) return context.pass('encrypted', { volume });
    if (!attached) return context.fail('unencrypted', { volume });
    const instances = attachments.map((attachment) => attachment.instanceId).filter((id): id is string => typeof id === 'string' && id !== '');
    const instance =
      instances.length === 0 ? 'an unrecorded instance' : `${instances.length === 1 ? 'instance' : 'instances'} ${instances.join(', ')}`;
    return context.fail('unencryptedAttached', { volume, instance });
  },
});
