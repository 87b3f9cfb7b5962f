/**
 * efs-file-system-encrypted: EFS file systems encrypt file data at rest. Encryption is chosen when
 * a file system is created and cannot be turned on later, so a failure means a replacement.
 */
import { defineRule } from '../lib/define-rule.js';

export default defineRule({
  meta: {
    id: 'efs-file-system-encrypted',
    gate: 'encryption',
    title: 'EFS file systems are encrypted at rest',
    // FSBP rates EFS.1 MEDIUM; matching it keeps this finding and Security Hub's own EFS.1 finding
    // for the same file system at one severity.
    severity: 'MEDIUM',
    priority: 'P1',
    resourceTypes: ['AWS::EFS::FileSystem'],
    controls: ['EFS.1'],
    remediation: {
      text:
        'Encryption at rest cannot be turned on for an existing file system: create an encrypted file system (with a KMS ' +
        'key), copy the data across with EFS replication or AWS DataSync, move the mount targets of the clients and ' +
        'delete the old one.',
      url: 'https://docs.aws.amazon.com/efs/latest/ug/encryption-at-rest.html',
    },
    messages: {
      encrypted: 'EFS file system {{fileSystem}} is encrypted at rest.',
      unencrypted: 'EFS file system {{fileSystem}} is not encrypted at rest.',
      missing: 'EFS file system {{fileSystem}} has no recorded encryption setting.',
    },
  },
  check(item, context) {
    const id = item.configuration.FileSystemId ?? item.resourceId;
    const name = item.tags['Name'];
    const fileSystem = name !== undefined && name !== '' && name !== id ? `${id} (${name})` : id;
    const encrypted = item.configuration.Encrypted;
    if (encrypted === undefined || encrypted === null) return context.unknown('missing', { fileSystem });
    return encrypted ? context.pass('encrypted', { fileSystem }) : context.fail('unencrypted', { fileSystem });
  },
});
