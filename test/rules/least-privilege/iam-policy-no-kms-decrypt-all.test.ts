import rule from '../../../rules/least-privilege/iam-policy-no-kms-decrypt-all.js';
import { testRule } from '../../support/rule-tester.js';
import { awsManagedPolicy, doc, group, inline, policy, role, urlEncoded, user, version, versionedPolicy } from './iam-fixtures.js';

const key = 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const decryptKey = { Sid: 'OrdersKey', Effect: 'Allow', Action: ['kms:Decrypt', 'kms:GenerateDataKey'], Resource: key };
const decryptAll = { Sid: 'AnyKey', Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*' };

testRule(rule, [
  {
    name: 'decryption on a named key passes',
    items: [policy('orders-key', urlEncoded(doc(decryptKey)))],
    expect: [{ resourceId: 'ANPAORDERS-KEY', status: 'PASS', messageId: 'namedKeys', data: { policy: 'orders-key' } }],
  },
  {
    name: 'kms:Decrypt on Resource "*" fails (object Statement, string Action)',
    items: [policy('any-key', urlEncoded(doc(decryptAll)))],
    expect: [{ resourceId: 'ANPAANY-KEY', status: 'FAIL', messageId: 'decryptAll', data: { policy: 'any-key', statement: 'AnyKey', actions: 'kms:Decrypt', keys: 'Resource *' } }],
  },
  {
    name: 'kms:ReEncryptFrom on every key ARN of every account fails',
    items: [policy('reencrypt', doc([{ Effect: 'Allow', Action: ['kms:ReEncryptFrom', 'kms:ReEncryptTo'], Resource: ['arn:aws:kms:*:*:key/*'] }]))],
    expect: [{ resourceId: 'ANPAREENCRYPT', status: 'FAIL', messageId: 'decryptAll', data: { statement: '#0', actions: 'kms:ReEncryptFrom', keys: 'Resource arn:aws:kms:*:*:key/*' } }],
  },
  {
    name: 'every key of the own account in every Region is all keys',
    items: [policy('own-keys', doc({ Effect: 'Allow', Action: 'kms:Decrypt', Resource: 'arn:aws:kms:*:111122223333:*' }))],
    expect: [{ resourceId: 'ANPAOWN-KEYS', status: 'FAIL', messageId: 'decryptAll', data: { keys: 'Resource arn:aws:kms:*:111122223333:*' } }],
  },
  {
    name: 'kms:* grants both decrypt actions, named with the entry that grants them',
    items: [policy('kms-all', doc({ Effect: 'Allow', Action: 'kms:*', Resource: '*' }))],
    expect: [{ resourceId: 'ANPAKMS-ALL', status: 'FAIL', messageId: 'decryptAll', data: { actions: 'kms:Decrypt (via kms:*) and kms:ReEncryptFrom (via kms:*)' } }],
  },
  {
    name: 'prefix patterns (kms:De*) and case do not hide kms:Decrypt',
    items: [policy('de', doc({ Effect: 'Allow', Action: ['KMS:de*'], Resource: '*' }))],
    expect: [{ resourceId: 'ANPADE', status: 'FAIL', messageId: 'decryptAll', data: { actions: 'kms:Decrypt (via KMS:de*)' } }],
  },
  {
    name: 'Action "*" on "*" decrypts everything',
    items: [policy('admin', doc({ Effect: 'Allow', Action: '*', Resource: '*' }))],
    expect: [{ resourceId: 'ANPAADMIN', status: 'FAIL', messageId: 'decryptAll', data: { actions: 'kms:Decrypt (via *) and kms:ReEncryptFrom (via *)' } }],
  },
  {
    name: 'NotAction that does not exclude kms:Decrypt grants it',
    items: [policy('all-but-iam', doc({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }))],
    expect: [
      {
        resourceId: 'ANPAALL-BUT-IAM',
        status: 'FAIL',
        messageId: 'decryptAll',
        data: { actions: 'kms:Decrypt (NotAction iam:*) and kms:ReEncryptFrom (NotAction iam:*)' },
      },
    ],
  },
  {
    name: 'NotAction that excludes kms:* grants no decryption',
    items: [policy('all-but-kms', doc({ Effect: 'Allow', NotAction: ['kms:*', 'iam:*'], Resource: '*' }))],
    expect: [{ resourceId: 'ANPAALL-BUT-KMS', status: 'PASS', messageId: 'namedKeys' }],
  },
  {
    name: 'NotResource that excludes one key still reaches every other key',
    items: [policy('all-but-one', doc({ Effect: 'Allow', Action: 'kms:Decrypt', NotResource: key }))],
    expect: [{ resourceId: 'ANPAALL-BUT-ONE', status: 'FAIL', messageId: 'decryptAll', data: { keys: `NotResource ${key}` } }],
  },
  {
    name: 'NotResource that excludes every key grants none',
    items: [policy('no-keys', doc({ Effect: 'Allow', Action: 'kms:Decrypt', NotResource: ['arn:aws:kms:*:*:key/*'] }))],
    expect: [{ resourceId: 'ANPANO-KEYS', status: 'PASS', messageId: 'namedKeys' }],
  },
  {
    name: 'keys of one Region or of another account are not all keys',
    items: [
      policy(
        'regional',
        doc([
          { Effect: 'Allow', Action: 'kms:Decrypt', Resource: 'arn:aws:kms:eu-west-1:111122223333:key/*' },
          { Effect: 'Allow', Action: 'kms:Decrypt', Resource: ['arn:aws:kms:*:444455556666:key/*', 'arn:aws:kms:*:*:alias/orders'] },
        ]),
      ),
    ],
    expect: [{ resourceId: 'ANPAREGIONAL', status: 'PASS', messageId: 'namedKeys' }],
  },
  {
    name: 'other KMS actions on "*" are left to the resources-scoped rule',
    items: [policy('encrypt-any', doc({ Effect: 'Allow', Action: ['kms:Encrypt', 'kms:GenerateDataKey*', 'kms:ListKeys'], Resource: '*' }))],
    expect: [{ resourceId: 'ANPAENCRYPT-ANY', status: 'PASS', messageId: 'namedKeys' }],
  },
  {
    name: 'a condition does not narrow the keys',
    items: [policy('via-secrets', doc({ Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*', Condition: { StringEquals: { 'kms:ViaService': 'secretsmanager.eu-west-1.amazonaws.com' } } }))],
    expect: [{ resourceId: 'ANPAVIA-SECRETS', status: 'FAIL', messageId: 'decryptAll' }],
  },
  {
    name: 'a Deny on every key is no grant',
    items: [policy('deny', doc([{ Effect: 'Deny', Action: 'kms:Decrypt', Resource: '*' }, decryptKey]))],
    expect: [{ resourceId: 'ANPADENY', status: 'PASS', messageId: 'namedKeys' }],
  },
  {
    name: 'only the default version counts',
    items: [versionedPolicy('tightened', [version('v1', false, doc(decryptAll)), version('v2', true, doc(decryptKey))], 'v2')],
    expect: [{ resourceId: 'ANPATIGHTENED', status: 'PASS', messageId: 'namedKeys' }],
  },
  {
    name: 'a default version without a document is unknown',
    items: [versionedPolicy('no-doc', [version('v1', true, null)])],
    expect: [{ resourceId: 'ANPANO-DOC', status: 'UNKNOWN', messageId: 'noDocument' }],
  },
  {
    name: 'a policy without its default version is unknown',
    items: [versionedPolicy('lost', [version('v1', false, doc(decryptKey))], 'v4')],
    expect: [{ resourceId: 'ANPALOST', status: 'UNKNOWN', messageId: 'noDefaultVersion', data: { version: 'v4' } }],
  },
  {
    name: 'an AWS managed policy is not applicable',
    items: [awsManagedPolicy('AWSKeyManagementServicePowerUser', doc({ Effect: 'Allow', Action: 'kms:*', Resource: '*' }))],
    expect: [{ resourceId: 'ANPAAWSKEYMANAGEMENTSERVICEPOWERUSER', status: 'NOT_APPLICABLE', messageId: 'awsManaged' }],
  },
  {
    name: 'inline decryption on all keys (KMS.2) fails, every statement counted',
    items: [group('support', [inline('keys', urlEncoded(doc([decryptAll, { Sid: 'Reencrypt', Effect: 'Allow', Action: 'kms:ReEncrypt*', Resource: '*' }])))])],
    expect: [
      {
        resourceId: 'AGPASUPPORT',
        status: 'FAIL',
        messageId: 'decryptAllSeveral',
        data: { policy: 'keys of group support', statement: 'AnyKey', count: 2, statements: 'AnyKey of keys of group support, Reencrypt of keys of group support' },
      },
    ],
  },
  {
    name: 'an inline policy without a document is unknown',
    items: [role('worker', { inline: [inline('key', doc(decryptKey)), inline('lost', null)] })],
    expect: [{ resourceId: 'AROAWORKER', status: 'UNKNOWN', messageId: 'inlineNoDocument', data: { policies: 'lost of role worker' } }],
  },
  {
    name: 'principals and policies are judged together',
    items: [
      policy('orders-key', doc(decryptKey)),
      role('worker', { inline: [inline('key', urlEncoded(doc(decryptKey)))] }),
      user('gina', [inline('any', urlEncoded(doc(decryptAll)))]),
      user('hank', null),
    ],
    expect: [
      { resourceId: 'ANPAORDERS-KEY', status: 'PASS', messageId: 'namedKeys' },
      { resourceId: 'AROAWORKER', status: 'PASS', messageId: 'inlineNamedKeys', data: { principal: 'role worker', policies: 'key' } },
      { resourceId: 'AIDAGINA', status: 'FAIL', messageId: 'decryptAll', data: { policy: 'any of user gina' } },
      { resourceId: 'AIDAHANK', status: 'NOT_APPLICABLE', messageId: 'noInlinePolicies' },
    ],
  },
  {
    name: 'policies that could not be listed are unknown for the account',
    items: [user('gina', [inline('any', doc(decryptAll))])],
    failed: ['AWS::IAM::Policy'],
    expect: [
      { resourceId: 'AIDAGINA', status: 'FAIL', messageId: 'decryptAll' },
      { resourceId: '*', status: 'UNKNOWN', messageId: 'listFailed', data: { resourceType: 'AWS::IAM::Policy' } },
    ],
  },
]);
