import rule from '../../../rules/least-privilege/iam-policy-no-full-admin.js';
import { item } from '../../support/items.js';
import { testRule } from '../../support/rule-tester.js';

type Statement = Readonly<Record<string, unknown>>;

const doc = (statement: Statement | readonly Statement[]) => ({ Version: '2012-10-17', Statement: statement });
/** A document as AWS Config stores IAM documents: URL-encoded JSON. */
const urlEncoded = (document: unknown) => encodeURIComponent(JSON.stringify(document));

const admin = { Effect: 'Allow', Action: '*', Resource: '*' };
const readLogs = { Sid: 'ReadLogs', Effect: 'Allow', Action: ['logs:GetLogEvents', 'logs:FilterLogEvents'], Resource: '*' };

const policy = (name: string, versions: readonly Record<string, unknown>[], defaultVersionId = 'v1') =>
  item('AWS::IAM::Policy', `ANPA${name.toUpperCase()}`, {
    policyName: name,
    arn: `arn:aws:iam::111122223333:policy/${name}`,
    defaultVersionId,
    policyVersionList: versions,
  });
const version = (versionId: string, isDefaultVersion: boolean, document: unknown) => ({ versionId, isDefaultVersion, document });
const inline = (policyName: string, policyDocument: unknown) => ({ policyName, policyDocument });
const role = (name: string, policies: readonly unknown[]) =>
  item('AWS::IAM::Role', `AROA${name.toUpperCase()}`, { roleName: name, rolePolicyList: policies });
const user = (name: string, policies: readonly unknown[] | null) =>
  item('AWS::IAM::User', `AIDA${name.toUpperCase()}`, { userName: name, userPolicyList: policies });
const group = (name: string, policies: readonly unknown[]) =>
  item('AWS::IAM::Group', `AGPA${name.toUpperCase()}`, { groupName: name, groupPolicyList: policies });

testRule(rule, [
  {
    name: 'a managed policy scoped to some actions passes',
    items: [policy('logs-reader', [version('v1', true, urlEncoded(doc([readLogs])))])],
    expect: [{ resourceId: 'ANPALOGS-READER', status: 'PASS', messageId: 'noAdmin', data: { policy: 'logs-reader' } }],
  },
  {
    name: 'a URL-encoded default version with a single-object Statement of * on * fails',
    items: [policy('break-glass', [version('v1', true, urlEncoded(doc(admin)))])],
    expect: [
      {
        resourceId: 'ANPABREAK-GLASS',
        status: 'FAIL',
        messageId: 'fullAdmin',
        data: { policy: 'break-glass', statement: '#0', grant: 'Action * on Resource *' },
      },
    ],
  },
  {
    name: 'Action *:* in a list, on a Resource list holding *, fails and names the Sid',
    items: [policy('ops', [version('v1', true, doc([readLogs, { Sid: 'Everything', Effect: 'Allow', Action: ['s3:GetObject', '*:*'], Resource: ['arn:aws:s3:::x', '*'] }]))])],
    expect: [
      { resourceId: 'ANPAOPS', status: 'FAIL', messageId: 'fullAdmin', data: { statement: 'Everything', grant: 'Action *:* on Resource *' } },
    ],
  },
  {
    name: 'an Allow with NotAction on Resource * fails',
    items: [policy('all-but-iam', [version('v1', true, doc([{ Effect: 'Allow', NotAction: ['iam:*', 'organizations:*'], Resource: '*' }]))])],
    expect: [
      {
        resourceId: 'ANPAALL-BUT-IAM',
        status: 'FAIL',
        messageId: 'fullAdmin',
        data: { statement: '#0', grant: 'every action except iam:*, organizations:* (NotAction) on Resource *' },
      },
    ],
  },
  {
    name: 'Action * with NotResource fails',
    items: [policy('not-prod', [version('v1', true, doc({ Sid: 'AllButProd', Effect: 'Allow', Action: '*', NotResource: 'arn:aws:s3:::prod-*' }))])],
    expect: [
      {
        resourceId: 'ANPANOT-PROD',
        status: 'FAIL',
        messageId: 'fullAdmin',
        data: { statement: 'AllButProd', grant: 'Action * on every resource except arn:aws:s3:::prod-* (NotResource)' },
      },
    ],
  },
  {
    name: 'a condition does not save a * on * statement',
    items: [policy('mfa-admin', [version('v1', true, doc({ Effect: 'Allow', Action: '*', Resource: '*', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } }))])],
    expect: [{ resourceId: 'ANPAMFA-ADMIN', status: 'FAIL', messageId: 'fullAdmin' }],
  },
  {
    name: 'Action * on specific resources passes',
    items: [policy('bucket-admin', [version('v1', true, doc({ Effect: 'Allow', Action: '*', Resource: ['arn:aws:s3:::logs', 'arn:aws:s3:::logs/*'] }))])],
    expect: [{ resourceId: 'ANPABUCKET-ADMIN', status: 'PASS', messageId: 'noAdmin' }],
  },
  {
    name: 'a Deny of * on * never fails',
    items: [policy('quarantine', [version('v1', true, doc({ Sid: 'DenyAll', Effect: 'Deny', Action: '*', Resource: '*' }))])],
    expect: [{ resourceId: 'ANPAQUARANTINE', status: 'PASS', messageId: 'noAdmin' }],
  },
  {
    name: 'only the default version counts: an admin older version passes',
    items: [policy('tightened', [version('v1', false, urlEncoded(doc(admin))), version('v2', true, urlEncoded(doc(readLogs)))], 'v2')],
    expect: [{ resourceId: 'ANPATIGHTENED', status: 'PASS', messageId: 'noAdmin' }],
  },
  {
    name: 'an admin default version fails even when an older version is fine',
    items: [policy('loosened', [version('v1', false, doc(readLogs)), version('v2', true, doc(admin))], 'v2')],
    expect: [{ resourceId: 'ANPALOOSENED', status: 'FAIL', messageId: 'fullAdmin' }],
  },
  {
    name: 'with no isDefaultVersion flag, defaultVersionId picks the version',
    items: [
      policy(
        'unflagged',
        [
          { versionId: 'v1', isDefaultVersion: null, document: doc(readLogs) },
          { versionId: 'v2', isDefaultVersion: null, document: doc(admin) },
        ],
        'v2',
      ),
    ],
    expect: [{ resourceId: 'ANPAUNFLAGGED', status: 'FAIL', messageId: 'fullAdmin' }],
  },
  {
    name: 'a default version without a recorded document is unknown',
    items: [policy('no-doc', [version('v1', false, doc(readLogs)), version('v2', true, null)], 'v2')],
    expect: [{ resourceId: 'ANPANO-DOC', status: 'UNKNOWN', messageId: 'noDocument', data: { policy: 'no-doc', version: 'v2' } }],
  },
  {
    name: 'a policy whose default version is not in its version list is unknown',
    items: [policy('no-versions', [], 'v3')],
    expect: [{ resourceId: 'ANPANO-VERSIONS', status: 'UNKNOWN', messageId: 'noDefaultVersion', data: { version: 'v3' } }],
  },
  {
    name: 'an AWS managed policy is left to the attachment rule',
    items: [
      item('AWS::IAM::Policy', 'ANPAADMIN', {
        policyName: 'AdministratorAccess',
        arn: 'arn:aws:iam::aws:policy/AdministratorAccess',
        defaultVersionId: 'v1',
        policyVersionList: [version('v1', true, doc(admin))],
      }),
    ],
    expect: [{ resourceId: 'ANPAADMIN', status: 'NOT_APPLICABLE', messageId: 'awsManaged' }],
  },
  {
    name: 'an admin inline policy of a role fails and is named with its role',
    items: [role('deployer', [inline('logs', urlEncoded(doc(readLogs))), inline('god-mode', urlEncoded(doc([readLogs, admin])))])],
    expect: [
      {
        resourceId: 'AROADEPLOYER',
        status: 'FAIL',
        messageId: 'fullAdmin',
        data: { policy: 'god-mode of role deployer', statement: '#1', grant: 'Action * on Resource *' },
      },
    ],
  },
  {
    name: 'several admin statements are all counted',
    items: [user('alice', [inline('one', doc(admin)), inline('two', doc({ Sid: 'Again', Effect: 'Allow', NotAction: 'iam:*', NotResource: 'arn:aws:iam::*:role/x' }))])],
    expect: [
      {
        resourceId: 'AIDAALICE',
        status: 'FAIL',
        messageId: 'fullAdminSeveral',
        data: { policy: 'one of user alice', statement: '#0', count: 2, statements: '#0 of one of user alice, Again of two of user alice' },
      },
    ],
  },
  {
    name: 'a principal without inline policies is not applicable',
    items: [user('bob', null)],
    expect: [{ resourceId: 'AIDABOB', status: 'NOT_APPLICABLE', messageId: 'noInlinePolicies', data: { principal: 'user bob' } }],
  },
  {
    name: 'an inline policy without a document is unknown when nothing else fails',
    items: [group('ops', [inline('logs', doc(readLogs)), inline('mystery', null)])],
    expect: [{ resourceId: 'AGPAOPS', status: 'UNKNOWN', messageId: 'inlineNoDocument', data: { policies: 'mystery of group ops' } }],
  },
  {
    name: 'an admin inline policy fails even when another inline document is missing',
    items: [group('admins', [inline('mystery', null), inline('all', doc(admin))])],
    expect: [{ resourceId: 'AGPAADMINS', status: 'FAIL', messageId: 'fullAdmin', data: { policy: 'all of group admins' } }],
  },
  {
    name: 'policies, roles, users and groups are judged together, type by type',
    items: [
      group('readers', [inline('read', doc(readLogs))]),
      role('ci', [inline('admin', doc(admin))]),
      user('carol', []),
      policy('scoped', [version('v1', true, doc(readLogs))]),
      role('app', [inline('read', doc({ Effect: 'Deny', NotAction: 's3:GetObject', Resource: '*' }))]),
    ],
    expect: [
      { resourceId: 'ANPASCOPED', status: 'PASS', messageId: 'noAdmin' },
      { resourceId: 'AROAAPP', status: 'PASS', messageId: 'inlineNoAdmin', data: { principal: 'role app', policies: 'read' } },
      { resourceId: 'AROACI', status: 'FAIL', messageId: 'fullAdmin', data: { policy: 'admin of role ci' } },
      { resourceId: 'AIDACAROL', status: 'NOT_APPLICABLE', messageId: 'noInlinePolicies' },
      { resourceId: 'AGPAREADERS', status: 'PASS', messageId: 'inlineNoAdmin' },
    ],
  },
  {
    name: 'roles that could not be listed are unknown for the account',
    items: [policy('scoped', [version('v1', true, doc(readLogs))])],
    failed: ['AWS::IAM::Role'],
    expect: [
      { resourceId: 'ANPASCOPED', status: 'PASS', messageId: 'noAdmin' },
      { resourceId: '*', status: 'UNKNOWN', messageId: 'listFailed', data: { resourceType: 'AWS::IAM::Role', region: 'global' } },
    ],
  },
  {
    name: 'IAM is judged once per account, however many Regions are scanned',
    items: [role('ci', [inline('admin', doc(admin))])],
    scopes: [
      { accountId: '111122223333', region: 'eu-west-1' },
      { accountId: '111122223333', region: 'us-east-1' },
    ],
    expect: [{ resourceId: 'AROACI', status: 'FAIL', messageId: 'fullAdmin' }],
  },
]);
