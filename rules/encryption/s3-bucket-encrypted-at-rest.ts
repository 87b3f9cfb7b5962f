/**
 * s3-bucket-encrypted-at-rest: an S3 bucket has default encryption; with option `requireKms`, with
 * an AWS KMS key (SSE-KMS or DSSE-KMS), as FSBP S3.17 demands.
 *
 * Since January 2023 S3 encrypts every new object with SSE-S3 at least, and reports that as the
 * bucket's default encryption configuration (DeleteBucketEncryption now resets it to SSE-S3 rather
 * than removing it). So an item whose supplementary configuration has no
 * `ServerSideEncryptionConfiguration` at all is not evidence of an unencrypted bucket: it is an
 * AWS Config record from before that change that was never re-recorded, or a record that simply
 * lacks the key. That is UNKNOWN, never FAIL (and never PASS). A live collection failure is
 * recorded as an error of its own and made UNKNOWN by the engine before this rule runs. Only a
 * recorded configuration that names no default algorithm is a FAIL.
 */
import { z } from 'zod';
import { defineRule } from '../lib/define-rule.js';
import { free } from '../lib/fix-costs.js';

/** The default-encryption algorithms of S3 and whether each uses an AWS KMS key. */
const ALGORITHMS: ReadonlyMap<string, { readonly label: string; readonly kms: boolean }> = new Map([
  ['aes256', { label: 'SSE-S3 (AES256)', kms: false }],
  ['aws:kms', { label: 'SSE-KMS (aws:kms)', kms: true }],
  ['aws:kms:dsse', { label: 'DSSE-KMS (aws:kms:dsse)', kms: true }],
]);

export default defineRule({
  meta: {
    id: 's3-bucket-encrypted-at-rest',
    gate: 'encryption',
    title: 'S3 buckets encrypt new objects by default',
    // Security Hub rates S3.17 MEDIUM; matching it keeps this finding and Security Hub's own
    // S3.17 finding for the same bucket at one severity.
    severity: 'MEDIUM',
    priority: 'P1',
    resourceTypes: ['AWS::S3::Bucket'],
    controls: ['S3.17'],
    remediation: {
      text:
        "Set the bucket's default encryption (Properties → Default encryption) to SSE-KMS or DSSE-KMS with a KMS key " +
        'whose key policy limits who may decrypt; enable S3 Bucket Keys to keep KMS request costs down. Existing ' +
        'objects keep their encryption until they are copied over themselves (e.g. with S3 Batch Operations).',
      url: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/default-bucket-encryption.html',
    },
    messages: {
      encrypted: 'S3 bucket {{bucket}} encrypts new objects by default with {{algorithm}}.',
      encryptedKms: 'S3 bucket {{bucket}} encrypts new objects by default with an AWS KMS key: {{algorithm}}.',
      notKms: 'S3 bucket {{bucket}} encrypts by default with {{algorithm}}, not with an AWS KMS key (SSE-KMS or DSSE-KMS), which the option requireKms demands.',
      noDefault: 'S3 bucket {{bucket}} has a recorded encryption configuration with no default encryption algorithm.',
      missing:
        'S3 bucket {{bucket}} has no recorded default encryption configuration. S3 has applied SSE-S3 to every bucket since ' +
        'January 2023, so the record is most likely stale: re-record the bucket.',
      algorithmMissing: 'S3 bucket {{bucket}} has a default encryption rule with no recorded algorithm.',
      unrecognised: 'S3 bucket {{bucket}} has default encryption algorithm {{algorithm}}, which gatewatch does not recognise.',
    },
    options: z.strictObject({
      /** Demand SSE-KMS or DSSE-KMS (FSBP S3.17); SSE-S3 then fails. */
      requireKms: z.boolean().default(false),
    }),
    fixCost() {
      return free('SSE-S3 encryption has no charge');
    },
  },
  check(item, context) {
    const bucket = item.configuration.name ?? item.resourceName ?? item.resourceId;
    const rules = item.supplementaryConfiguration.ServerSideEncryptionConfiguration?.rules;
    if (rules === undefined || rules === null) return context.unknown('missing', { bucket });

    const defaults = rules.flatMap((rule) => (rule.applyServerSideEncryptionByDefault ? [rule.applyServerSideEncryptionByDefault] : []));
    if (defaults.length === 0) return context.fail('noDefault', { bucket });

    const found: { label: string; kms: boolean }[] = [];
    for (const { sseAlgorithm } of defaults) {
      if (sseAlgorithm === undefined || sseAlgorithm === null || sseAlgorithm === '') return context.unknown('algorithmMissing', { bucket });
      const known = ALGORITHMS.get(sseAlgorithm.toLowerCase());
      if (known === undefined) return context.unknown('unrecognised', { bucket, algorithm: sseAlgorithm });
      found.push(known);
    }
    const algorithm = [...new Set(found.map((entry) => entry.label))].join(', ');
    if (!context.options.requireKms) return context.pass('encrypted', { bucket, algorithm });
    const notKms = found.filter((entry) => !entry.kms);
    if (notKms.length > 0) return context.fail('notKms', { bucket, algorithm: [...new Set(notKms.map((entry) => entry.label))].join(', ') });
    return context.pass('encryptedKms', { bucket, algorithm });
  },
});
