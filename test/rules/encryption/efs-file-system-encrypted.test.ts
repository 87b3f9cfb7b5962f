import rule from '../../../rules/encryption/efs-file-system-encrypted.js';
import { item } from '../../support/items.js';
import { testRule } from '../../support/rule-tester.js';

const fileSystem = (id: string, configuration: Record<string, unknown>, tags: Record<string, string> = {}) =>
  item('AWS::EFS::FileSystem', id, { FileSystemId: id, ...configuration }, { tags });

testRule(
  rule,
  [
    {
      name: 'an encrypted file system passes',
      items: [fileSystem('fs-a', { Encrypted: true, KmsKeyId: 'arn:aws:kms:eu-west-1:111122223333:key/k' })],
      expect: [{ resourceId: 'fs-a', status: 'PASS', messageId: 'encrypted', data: { fileSystem: 'fs-a' } }],
    },
    {
      name: 'an unencrypted file system fails',
      items: [fileSystem('fs-a', { Encrypted: false })],
      expect: [{ resourceId: 'fs-a', status: 'FAIL', messageId: 'unencrypted', data: { fileSystem: 'fs-a' } }],
    },
    {
      name: 'the message names the file system by id and Name tag',
      items: [fileSystem('fs-a', { Encrypted: false }, { Name: 'media-uploads' })],
      expect: [{ resourceId: 'fs-a', status: 'FAIL', messageId: 'unencrypted', data: { fileSystem: 'fs-a (media-uploads)' } }],
    },
    {
      name: 'an unencrypted One Zone file system fails too',
      items: [fileSystem('fs-a', { Encrypted: false, AvailabilityZoneName: 'eu-west-1a' })],
      expect: [{ resourceId: 'fs-a', status: 'FAIL', messageId: 'unencrypted' }],
    },
    {
      name: 'a file system with Encrypted null is unknown, never passed',
      items: [fileSystem('fs-a', { Encrypted: null })],
      expect: [{ resourceId: 'fs-a', status: 'UNKNOWN', messageId: 'missing', data: { fileSystem: 'fs-a' } }],
    },
    {
      name: 'a file system with no Encrypted field is unknown, even with a KMS key recorded',
      items: [fileSystem('fs-a', { KmsKeyId: 'arn:aws:kms:eu-west-1:111122223333:key/k' })],
      expect: [{ resourceId: 'fs-a', status: 'UNKNOWN', messageId: 'missing' }],
    },
    {
      name: 'file systems that could not be listed are unknown for the scope',
      items: [],
      failed: ['AWS::EFS::FileSystem'],
      expect: [{ resourceId: '*', status: 'UNKNOWN', messageId: 'listFailed' }],
    },
    {
      name: 'several file systems are each judged on their own, in ARN order',
      items: [fileSystem('fs-c', {}), fileSystem('fs-b', { Encrypted: false }), fileSystem('fs-a', { Encrypted: true })],
      expect: [
        { resourceId: 'fs-a', status: 'PASS', messageId: 'encrypted' },
        { resourceId: 'fs-b', status: 'FAIL', messageId: 'unencrypted' },
        { resourceId: 'fs-c', status: 'UNKNOWN', messageId: 'missing' },
      ],
    },
  ],
  { noNotApplicable: 'every EFS file system holds data and chooses its encryption at creation; none is outside this rule' },
);
