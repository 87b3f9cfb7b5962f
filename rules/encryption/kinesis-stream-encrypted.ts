/**
 * kinesis-stream-encrypted: Kinesis data streams use server-side encryption with a KMS key
 * (`StreamEncryption.EncryptionType` = `KMS`).
 *
 * The live collector records the encryption type as Kinesis reports it, `NONE` included, so an
 * unencrypted stream is told apart from one whose encryption was never read. An item without
 * `StreamEncryption` (or with an encryption type this rule does not know) is therefore UNKNOWN,
 * never judged.
 */
import { defineRule } from '../lib/define-rule.js';

export default defineRule({
  meta: {
    id: 'kinesis-stream-encrypted',
    gate: 'encryption',
    title: 'Kinesis data streams are encrypted at rest',
    // FSBP rates Kinesis.1 MEDIUM; matching it keeps this finding and Security Hub's own at one severity.
    severity: 'MEDIUM',
    priority: 'P2',
    resourceTypes: ['AWS::Kinesis::Stream'],
    controls: ['Kinesis.1'],
    remediation: {
      text:
        'Turn on server-side encryption for the stream (console: stream → Configuration → Encryption; CLI: ' +
        '`aws kinesis start-stream-encryption --stream-name <name> --encryption-type KMS --key-id <key>`). It applies to ' +
        'records written from then on, without downtime; producers and consumers need kms:GenerateDataKey / kms:Decrypt on the key.',
      url: 'https://docs.aws.amazon.com/streams/latest/dev/getting-started-with-sse.html',
    },
    messages: {
      encrypted: 'Kinesis stream {{stream}} is encrypted at rest with KMS key {{key}}.',
      unencrypted: 'Kinesis stream {{stream}} is not encrypted at rest (encryption type NONE).',
      unexpectedType: 'Kinesis stream {{stream}} has encryption type {{type}}, which this rule does not recognise.',
      missing: 'Kinesis stream {{stream}} has no recorded encryption setting.',
    },
  },
  check(item, context) {
    const stream = item.configuration.Name ?? item.resourceId;
    const encryption = item.configuration.StreamEncryption;
    const type = encryption?.EncryptionType;
    if (type === undefined || type === null || type === '') return context.unknown('missing', { stream });
    if (type.toUpperCase() === 'KMS') return context.pass('encrypted', { stream, key: encryption?.KeyId ?? 'not recorded' });
    if (type.toUpperCase() === 'NONE') return context.fail('unencrypted', { stream });
    return context.unknown('unexpectedType', { stream, type });
  },
});
