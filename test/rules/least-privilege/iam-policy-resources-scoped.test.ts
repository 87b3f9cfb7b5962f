import { describe, expect, it } from '@jest/globals';
import rule from '../../../rules/least-privilege/iam-policy-resources-scoped.js';
import type { MessageData } from '../../../rules/lib/types.js';
import { accessLevelsOf, actionsMatching } from '../../../rules/lib/iam-actions.js';
import { runCase, testRule, type RuleCase } from '../../support/rule-tester.js';
import { awsManagedPolicy, doc, group, inline, policy, role, urlEncoded, user, versionedPolicy, version, type Statement } from './iam-fixtures.js';
import type { Status } from '../../../model/gates.js';

/**
 * The table of policy documents the issue asks for: every legal form (Statement object or array;
 * Action/NotAction and Resource/NotResource as a string or a list; URL-encoded as AWS Config
 * stores them, or already parsed) with the verdict each must get. Each becomes a customer managed
 * policy `doc-<n>` whose default version is the document.
 */
interface DocumentCase {
  readonly name: string;
  readonly statement: Statement | readonly Statement[];
  /** `parsed`: the document as an object (the IAM API's decoded form); default: URL-encoded. */
  readonly stored?: 'parsed';
  /** The rule's options; default none (List actions pass on "*"). */
  readonly options?: { readonly strictList: boolean };
  readonly status: Status;
  readonly messageId: string;
  readonly data?: MessageData;
}

const bucket = 'arn:aws:s3:::kestrel-invoices';
const objects = 'arn:aws:s3:::kestrel-invoices/*';
const table = 'arn:aws:dynamodb:eu-west-1:111122223333:table/orders';

const documents: readonly DocumentCase[] = [
  // ── PASS: resources named, or only List and wildcard-only actions on "*" ──
  { name: 'a resource-level action on a named object ARN (object Statement, string Action and Resource)', statement: { Effect: 'Allow', Action: 's3:GetObject', Resource: objects }, status: 'PASS', messageId: 'scoped' },
  { name: 'resource-level actions on named ARNs (array Statement, list Action and Resource)', statement: [{ Effect: 'Allow', Action: ['dynamodb:GetItem', 'dynamodb:Query'], Resource: [table, `${table}/index/*`] }], status: 'PASS', messageId: 'scoped' },
  { name: 'a wildcard-only action on Resource "*"', statement: { Effect: 'Allow', Action: 'ec2:DescribeInstances', Resource: '*' }, status: 'PASS', messageId: 'scoped' },
  { name: 'wildcard-only actions on Resource ["*"]', statement: [{ Sid: 'Inventory', Effect: 'Allow', Action: ['s3:ListAllMyBuckets', 'ec2:DescribeInstances', 'sts:GetCallerIdentity'], Resource: ['*'] }], status: 'PASS', messageId: 'scoped' },
  { name: 'a wildcard-only action written in lower case', statement: { Effect: 'Allow', Action: 'ec2:describeinstances', Resource: '*' }, status: 'PASS', messageId: 'scoped' },
  { name: 'a "?" pattern that matches only a wildcard-only action', statement: { Effect: 'Allow', Action: 'ec2:DescribeInstance?', Resource: '*' }, status: 'PASS', messageId: 'scoped' },
  { name: 'a "*" pattern whose every match is wildcard-only (autoscaling:Describe*)', statement: { Effect: 'Allow', Action: ['autoscaling:Describe*', 'tag:Get*'], Resource: '*' }, status: 'PASS', messageId: 'scoped' },
  { name: 'a Deny of s3:* on "*" is no grant', statement: [{ Sid: 'DenyAll', Effect: 'Deny', Action: 's3:*', Resource: '*' }, { Effect: 'Allow', Action: 's3:GetObject', Resource: objects }], status: 'PASS', messageId: 'scoped' },
  { name: 'Action "*" on named resources is left to the full-admin and service-wildcard rules', statement: { Effect: 'Allow', Action: '*', Resource: [bucket, objects] }, status: 'PASS', messageId: 'scoped' },
  { name: 'NotAction on a named resource', statement: { Effect: 'Allow', NotAction: 's3:DeleteObject', Resource: objects }, status: 'PASS', messageId: 'scoped' },
  { name: 'NotAction "*" on "*" grants nothing', statement: { Effect: 'Allow', NotAction: ['*'], Resource: '*' }, status: 'PASS', messageId: 'scoped' },
  { name: 'NotResource with wildcard-only actions only', statement: { Effect: 'Allow', Action: ['s3:ListAllMyBuckets'], NotResource: bucket }, status: 'PASS', messageId: 'scoped' },
  { name: 'a bucket-wide ARN pattern is not Resource "*"', statement: { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::*' }, status: 'PASS', messageId: 'scoped' },
  { name: 'wildcard-only on "*" beside resource-level on ARNs, with a condition', statement: [{ Effect: 'Allow', Action: 'cloudwatch:DescribeAlarmsForMetric', Resource: '*' }, { Effect: 'Allow', Action: 'kms:Decrypt', Resource: 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab', Condition: { StringEquals: { 'kms:ViaService': 's3.eu-west-1.amazonaws.com' } } }], status: 'PASS', messageId: 'scoped' },
  { name: 'an unknown action on a named resource needs no judging', statement: { Effect: 'Allow', Action: 's3:GetObjcet', Resource: objects }, status: 'PASS', messageId: 'scoped' },
  { name: 'the issue\'s policy: ec2:Describe* and s3:ListAllMyBuckets on "*" (List actions, some resource-level)', statement: { Sid: 'ReadOnlyInventory', Effect: 'Allow', Action: ['ec2:Describe*', 's3:ListAllMyBuckets'], Resource: '*' }, status: 'PASS', messageId: 'scoped', data: { judged: 'Read, Write, Permissions management or Tagging' } },
  { name: 'logs:Describe* on "*": List actions, three of them resource-level', statement: { Effect: 'Allow', Action: 'logs:Describe*', Resource: '*' }, status: 'PASS', messageId: 'scoped' },
  { name: 'cloudwatch:List* on "*"', statement: { Effect: 'Allow', Action: 'cloudwatch:List*', Resource: '*' }, status: 'PASS', messageId: 'scoped' },
  { name: 'iam:List* on "*": 24 resource-level List actions', statement: { Effect: 'Allow', Action: 'iam:List*', Resource: ['*'] }, status: 'PASS', messageId: 'scoped' },
  { name: 'a resource-level List action named alone on "*" (iam:ListRoleTags)', statement: { Effect: 'Allow', Action: 'iam:ListRoleTags', Resource: '*' }, status: 'PASS', messageId: 'scoped' },
  { name: 'List actions with NotResource', statement: { Effect: 'Allow', Action: 'ec2:Describe*', NotResource: bucket }, status: 'PASS', messageId: 'scoped' },
  { name: 'a parsed (not URL-encoded) document with named resources', statement: { Effect: 'Allow', Action: ['sqs:SendMessage'], Resource: 'arn:aws:sqs:eu-west-1:111122223333:orders' }, stored: 'parsed', status: 'PASS', messageId: 'scoped' },
  // ── FAIL: "*" (or NotResource) on Read, Write, Permissions management or Tagging actions that support resource-level permissions ──
  { name: 'a resource-level action on Resource "*" (object Statement)', statement: { Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }, status: 'FAIL', messageId: 'unscoped', data: { statement: '#0', resources: 'Resource "*"', actions: 'Read: s3:GetObject', levels: 'Read', count: 1, grant: '1 action that supports resource-level permissions — Read: s3:GetObject' } },
  { name: 'a resource-level action on Resource ["*"] (array Statement, Sid)', statement: [{ Sid: 'ReadAll', Effect: 'Allow', Action: ['s3:GetObject'], Resource: ['*'] }], status: 'FAIL', messageId: 'unscoped', data: { statement: 'ReadAll', resources: 'Resource "*"', actions: 'Read: s3:GetObject' } },
  { name: 'a Resource list that holds "*" beside an ARN', statement: { Effect: 'Allow', Action: 'dynamodb:PutItem', Resource: [table, '*'] }, status: 'FAIL', messageId: 'unscoped', data: { actions: 'Write: dynamodb:PutItem', levels: 'Write' } },
  { name: 'an action in upper case is matched and named as AWS spells it', statement: { Effect: 'Allow', Action: 'S3:GETOBJECT', Resource: '*' }, status: 'FAIL', messageId: 'unscoped', data: { actions: 'Read: s3:GetObject' } },
  { name: 'a "?" pattern expands to s3:GetObject', statement: { Effect: 'Allow', Action: 's3:?etObject', Resource: '*' }, status: 'FAIL', messageId: 'unscoped', data: { actions: 'Read: s3:GetObject' } },
  { name: 'a prefix pattern (s3:Get*) on "*"', statement: { Effect: 'Allow', Action: 's3:Get*', Resource: '*' }, status: 'FAIL', messageId: 'unscoped', data: { resources: 'Resource "*"', levels: 'Read', count: 61 } },
  { name: 'iam:PassRole on "*" (Write)', statement: { Effect: 'Allow', Action: 'iam:PassRole', Resource: '*' }, status: 'FAIL', messageId: 'unscoped', data: { actions: 'Write: iam:PassRole', levels: 'Write' } },
  { name: 'ssm:GetParameter* on "*" (Read)', statement: { Effect: 'Allow', Action: 'ssm:GetParameter*', Resource: '*' }, status: 'FAIL', messageId: 'unscoped', data: { actions: 'Read: ssm:GetParameter, ssm:GetParameterHistory, ssm:GetParameters and 1 more', levels: 'Read', count: 4 } },
  { name: 'secretsmanager:GetSecretValue on "*" beside List actions', statement: { Effect: 'Allow', Action: ['secretsmanager:GetSecretValue', 'secretsmanager:ListSecrets'], Resource: '*' }, status: 'FAIL', messageId: 'unscoped', data: { actions: 'Read: secretsmanager:GetSecretValue', count: 1 } },
  { name: 'Permissions management and Tagging actions are each named under their level', statement: { Effect: 'Allow', Action: ['iam:PutRolePolicy', 'iam:TagRole', 'iam:GetRole', 'iam:ListRoles'], Resource: '*' }, status: 'FAIL', messageId: 'unscoped', data: { levels: 'Read, Permissions management, Tagging', count: 3, actions: 'Read: iam:GetRole; Permissions management: iam:PutRolePolicy; Tagging: iam:TagRole', grant: '3 actions that support resource-level permissions — Read: iam:GetRole; Permissions management: iam:PutRolePolicy; Tagging: iam:TagRole' } },
  { name: 'a pattern without a service prefix (*Object) spans services', statement: { Effect: 'Allow', Action: '*Object', Resource: '*' }, status: 'FAIL', messageId: 'unscoped' },
  { name: 'a wildcard service prefix (s3*:GetObject)', statement: { Effect: 'Allow', Action: 's3*:GetObject', Resource: '*' }, status: 'FAIL', messageId: 'unscoped', data: { actions: 'Read: s3-object-lambda:GetObject, s3-outposts:GetObject, s3:GetObject' } },
  { name: 'Action "*" on Resource "*"', statement: { Effect: 'Allow', Action: '*', Resource: '*' }, status: 'FAIL', messageId: 'unscoped', data: { levels: 'Read, Write, Permissions management, Tagging' } },
  { name: 'a service wildcard (s3:*) on "*"', statement: { Effect: 'Allow', Action: ['s3:*'], Resource: '*' }, status: 'FAIL', messageId: 'unscoped', data: { levels: 'Read, Write, Permissions management, Tagging' } },
  { name: 'only the resource-level entries of a mixed list are named', statement: { Effect: 'Allow', Action: ['ec2:DescribeInstances', 'dynamodb:GetItem', 'sts:GetCallerIdentity'], Resource: '*' }, status: 'FAIL', messageId: 'unscoped', data: { actions: 'Read: dynamodb:GetItem' } },
  { name: 'NotAction (string) on Resource "*"', statement: { Sid: 'AllButIam', Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }, status: 'FAIL', messageId: 'unscoped', data: { statement: 'AllButIam', levels: 'Read, Write, Permissions management, Tagging' } },
  { name: 'NotAction (list) on Resource ["*"]', statement: [{ Effect: 'Allow', NotAction: ['iam:*', 'organizations:*'], Resource: ['*'] }], status: 'FAIL', messageId: 'unscoped', data: { levels: 'Read, Write, Permissions management, Tagging' } },
  { name: 'NotAction that leaves no judged action the data knows still grants newer ones', statement: { Effect: 'Allow', NotAction: ['*:*a*', '*:*e*', '*:*i*', '*:*o*', '*:*u*'], Resource: '*' }, status: 'FAIL', messageId: 'unscoped', data: { count: 0, levels: '' } },
  { name: 'NotResource (string) with a resource-level action', statement: { Effect: 'Allow', Action: 's3:GetObject', NotResource: objects }, status: 'FAIL', messageId: 'unscoped', data: { resources: `every resource except ${objects} (NotResource)` } },
  { name: 'NotResource (list) with a resource-level action', statement: { Effect: 'Allow', Action: ['s3:PutObject'], NotResource: [bucket, objects] }, status: 'FAIL', messageId: 'unscoped', data: { resources: `every resource except ${bucket}, ${objects} (NotResource)`, actions: 'Write: s3:PutObject' } },
  { name: 'NotAction with NotResource', statement: { Effect: 'Allow', NotAction: 'iam:*', NotResource: bucket }, status: 'FAIL', messageId: 'unscoped' },
  { name: 'a condition does not scope the resources', statement: { Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*', Condition: { StringEquals: { 'kms:ViaService': 'secretsmanager.eu-west-1.amazonaws.com' } } }, status: 'FAIL', messageId: 'unscoped', data: { actions: 'Write: kms:Decrypt' } },
  { name: 'log reads on "*" (logs:GetLogEvents names a log stream) beside a List action', statement: { Effect: 'Allow', Action: ['logs:GetLogEvents', 'logs:DescribeLogGroups'], Resource: '*' }, status: 'FAIL', messageId: 'unscoped', data: { actions: 'Read: logs:GetLogEvents', count: 1 } },
  { name: 'an unknown entry does not hide a resource-level one beside it', statement: { Effect: 'Allow', Action: ['s3:GetObjcet', 's3:PutObject'], Resource: '*' }, status: 'FAIL', messageId: 'unscoped', data: { actions: 'Write: s3:PutObject' } },
  { name: 'two failing statements are counted', statement: [{ Sid: 'Read', Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }, { Effect: 'Allow', Action: 'ec2:DescribeInstances', Resource: '*' }, { Sid: 'Write', Effect: 'Allow', Action: 'dynamodb:PutItem', Resource: ['*'] }], status: 'FAIL', messageId: 'unscopedSeveral', data: { statement: 'Read', statementCount: 2, statements: 'Read of doc-@, Write of doc-@' } },
  { name: 'a parsed document with "*" on a resource-level action', statement: [{ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: '*' }], stored: 'parsed', status: 'FAIL', messageId: 'unscoped', data: { actions: 'Write: sqs:SendMessage' } },
  // ── strictList: List actions that support resource-level permissions fail on "*" as well ──
  { name: 'strictList: ec2:Describe* on "*"', statement: { Effect: 'Allow', Action: 'ec2:Describe*', Resource: '*' }, options: { strictList: true }, status: 'FAIL', messageId: 'unscoped', data: { levels: 'List', count: 17, actions: 'List: ec2:DescribeCapacityBlockExtensionOfferings, ec2:DescribeClientVpnAuthorizationRules, ec2:DescribeClientVpnConnections and 14 more' } },
  { name: 'strictList: the issue\'s policy', statement: { Effect: 'Allow', Action: ['ec2:Describe*', 's3:ListAllMyBuckets'], Resource: '*' }, options: { strictList: true }, status: 'FAIL', messageId: 'unscoped', data: { levels: 'List', count: 17 } },
  { name: 'strictList: logs:Describe* on "*"', statement: { Effect: 'Allow', Action: 'logs:Describe*', Resource: '*' }, options: { strictList: true }, status: 'FAIL', messageId: 'unscoped', data: { levels: 'List', count: 3 } },
  { name: 'strictList: cloudwatch:List* on "*"', statement: { Effect: 'Allow', Action: 'cloudwatch:List*', Resource: '*' }, options: { strictList: true }, status: 'FAIL', messageId: 'unscoped', data: { levels: 'List', count: 3 } },
  { name: 'strictList: iam:List* on "*"', statement: { Effect: 'Allow', Action: 'iam:List*', Resource: '*' }, options: { strictList: true }, status: 'FAIL', messageId: 'unscoped', data: { levels: 'List', count: 24 } },
  { name: 'strictList: List and Read together are named by level', statement: { Effect: 'Allow', Action: ['iam:ListRoleTags', 's3:GetObject'], Resource: '*' }, options: { strictList: true }, status: 'FAIL', messageId: 'unscoped', data: { levels: 'List, Read', actions: 'List: iam:ListRoleTags; Read: s3:GetObject' } },
  { name: 'strictList: a List action that supports no resource-level permissions still passes', statement: { Effect: 'Allow', Action: ['s3:ListAllMyBuckets', 'ec2:DescribeInstances'], Resource: '*' }, options: { strictList: true }, status: 'PASS', messageId: 'scoped', data: { judged: 'List, Read, Write, Permissions management or Tagging' } },
  { name: 'strictList: a resource-level List action on a named resource passes', statement: { Effect: 'Allow', Action: 'iam:ListRoleTags', Resource: 'arn:aws:iam::111122223333:role/ci' }, options: { strictList: true }, status: 'PASS', messageId: 'scoped' },
  // ── UNKNOWN: "*" on actions the IAM data does not know ──
  { name: 'a misspelt action on "*" is reported, not ignored', statement: { Sid: 'Typo', Effect: 'Allow', Action: 's3:GetObjcet', Resource: '*' }, status: 'UNKNOWN', messageId: 'unknownActions', data: { statement: 'Typo', actions: 's3:GetObjcet', resources: 'Resource "*"' } },
  { name: 'an unknown service on "*"', statement: { Effect: 'Allow', Action: ['kestrelsvc:*'], Resource: ['*'] }, status: 'UNKNOWN', messageId: 'unknownActions', data: { actions: 'kestrelsvc:*' } },
  { name: 'a pattern that matches no known action on "*"', statement: { Effect: 'Allow', Action: 'ec2:DescribeNothing*', Resource: '*' }, status: 'UNKNOWN', messageId: 'unknownActions', data: { actions: 'ec2:DescribeNothing*' } },
  { name: 'wildcard-only actions beside an unknown one are not a pass', statement: { Effect: 'Allow', Action: ['ec2:DescribeInstances', 'ec2:DescribeFutureThing'], Resource: '*' }, status: 'UNKNOWN', messageId: 'unknownActions', data: { actions: 'ec2:DescribeFutureThing' } },
  { name: 'an unknown action with NotResource', statement: { Effect: 'Allow', Action: 'ses:SendEmail2', NotResource: 'arn:aws:ses:eu-west-1:111122223333:identity/kestrel.example' }, status: 'UNKNOWN', messageId: 'unknownActions' },
];

const stored = (entry: DocumentCase): unknown => (entry.stored === 'parsed' ? doc(entry.statement) : urlEncoded(doc(entry.statement)));

/** `doc-@` in a case's data stands for the case's own policy name. */
const named = (data: MessageData | undefined, name: string): MessageData =>
  Object.fromEntries(Object.entries(data ?? {}).map(([key, value]) => [key, typeof value === 'string' ? value.replaceAll('doc-@', name) : value]));

const documentCases: RuleCase[] = documents.map((entry, index) => ({
  name: `doc-${index}: ${entry.name}`,
  items: [policy(`doc-${index}`, stored(entry))],
  ...(entry.options === undefined ? {} : { options: entry.options }),
  expect: [{ resourceId: `ANPADOC-${index}`, status: entry.status, messageId: entry.messageId, data: { policy: `doc-${index}`, ...named(entry.data, `doc-${index}`) } }],
}));

const readAll = { Sid: 'ReadAll', Effect: 'Allow', Action: 's3:GetObject', Resource: '*' };
const describe_ = { Effect: 'Allow', Action: 'ec2:DescribeInstances', Resource: '*' };

testRule(rule, [
  ...documentCases,
  {
    name: 'only the default version counts: an unscoped older version passes',
    items: [versionedPolicy('tightened', [version('v1', false, urlEncoded(doc(readAll))), version('v2', true, urlEncoded(doc(describe_)))], 'v2')],
    expect: [{ resourceId: 'ANPATIGHTENED', status: 'PASS', messageId: 'scoped' }],
  },
  {
    name: 'a bad non-default version (s3:Get* on "*") beside a good default one (List actions on "*") passes',
    items: [
      versionedPolicy(
        'read-only',
        [version('v1', false, urlEncoded(doc({ Effect: 'Allow', Action: 's3:Get*', Resource: '*' }))), version('v2', true, urlEncoded(doc({ Effect: 'Allow', Action: ['ec2:Describe*', 's3:ListAllMyBuckets'], Resource: '*' })))],
        'v2',
      ),
    ],
    expect: [{ resourceId: 'ANPAREAD-ONLY', status: 'PASS', messageId: 'scoped' }],
  },
  {
    name: 'with strictList the same default version fails',
    items: [versionedPolicy('read-only-strict', [version('v1', true, urlEncoded(doc({ Effect: 'Allow', Action: ['ec2:Describe*', 's3:ListAllMyBuckets'], Resource: '*' })))], 'v1')],
    options: { strictList: true },
    expect: [{ resourceId: 'ANPAREAD-ONLY-STRICT', status: 'FAIL', messageId: 'unscoped', data: { levels: 'List' } }],
  },
  {
    name: 'a default version without a recorded document is unknown',
    items: [versionedPolicy('no-doc', [version('v1', false, doc(describe_)), version('v2', true, null)], 'v2')],
    expect: [{ resourceId: 'ANPANO-DOC', status: 'UNKNOWN', messageId: 'noDocument', data: { policy: 'no-doc', version: 'v2' } }],
  },
  {
    name: 'a policy whose default version is not in its version list is unknown',
    items: [versionedPolicy('no-versions', [], 'v3')],
    expect: [{ resourceId: 'ANPANO-VERSIONS', status: 'UNKNOWN', messageId: 'noDefaultVersion', data: { version: 'v3' } }],
  },
  {
    name: 'an AWS managed policy is left to the attachment rule',
    items: [awsManagedPolicy('ReadOnlyAccess', doc({ Effect: 'Allow', Action: 's3:Get*', Resource: '*' }))],
    expect: [{ resourceId: 'ANPAREADONLYACCESS', status: 'NOT_APPLICABLE', messageId: 'awsManaged' }],
  },
  {
    name: 'an unscoped inline policy of a role fails and is named with its role',
    items: [role('orders-worker', { inline: [inline('logs', urlEncoded(doc(describe_))), inline('read-all', urlEncoded(doc([describe_, readAll])))] })],
    expect: [
      {
        resourceId: 'AROAORDERS-WORKER',
        status: 'FAIL',
        messageId: 'unscoped',
        data: { policy: 'read-all of role orders-worker', statement: 'ReadAll', actions: 'Read: s3:GetObject' },
      },
    ],
  },
  {
    name: 'unscoped statements across inline policies of a user are all counted',
    items: [user('dana', [inline('one', doc(readAll)), inline('two', urlEncoded(doc({ Sid: 'Put', Effect: 'Allow', Action: 's3:PutObject', NotResource: 'arn:aws:s3:::x/*' })))])],
    expect: [
      {
        resourceId: 'AIDADANA',
        status: 'FAIL',
        messageId: 'unscopedSeveral',
        data: { policy: 'one of user dana', statement: 'ReadAll', statementCount: 2, statements: 'ReadAll of one of user dana, Put of two of user dana' },
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
    items: [group('ops', [inline('inventory', doc(describe_)), inline('mystery', null)])],
    expect: [{ resourceId: 'AGPAOPS', status: 'UNKNOWN', messageId: 'inlineNoDocument', data: { policies: 'mystery of group ops' } }],
  },
  {
    name: 'an unknown action in an inline policy is unknown, not a pass',
    items: [group('future', [inline('new-service', urlEncoded(doc({ Effect: 'Allow', Action: 'kestrelsvc:Get*', Resource: '*' })))])],
    expect: [{ resourceId: 'AGPAFUTURE', status: 'UNKNOWN', messageId: 'unknownActions', data: { policy: 'new-service of group future', actions: 'kestrelsvc:Get*' } }],
  },
  {
    name: 'policies, roles, users and groups are judged together, type by type',
    items: [
      group('readers', [inline('inventory', urlEncoded(doc(describe_)))]),
      role('ci', { inline: [inline('all', doc({ Effect: 'Allow', Action: '*', Resource: '*' }))] }),
      user('carol', []),
      policy('scoped', urlEncoded(doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: objects }))),
    ],
    expect: [
      { resourceId: 'ANPASCOPED', status: 'PASS', messageId: 'scoped' },
      { resourceId: 'AROACI', status: 'FAIL', messageId: 'unscoped', data: { policy: 'all of role ci', resources: 'Resource "*"' } },
      { resourceId: 'AIDACAROL', status: 'NOT_APPLICABLE', messageId: 'noInlinePolicies' },
      { resourceId: 'AGPAREADERS', status: 'PASS', messageId: 'inlineScoped', data: { principal: 'group readers', policies: 'inventory' } },
    ],
  },
  {
    name: 'users that could not be listed are unknown for the account',
    items: [policy('scoped', doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: objects }))],
    failed: ['AWS::IAM::User'],
    expect: [
      { resourceId: 'ANPASCOPED', status: 'PASS', messageId: 'scoped' },
      { resourceId: '*', status: 'UNKNOWN', messageId: 'listFailed', data: { resourceType: 'AWS::IAM::User', region: 'global' } },
    ],
  },
]);

describe('iam-policy-resources-scoped messages', () => {
  it('has a table of at least 40 documents', () => {
    expect(documents.length).toBeGreaterThanOrEqual(40);
  });

  it('lists at most three actions of each level, sorted, then how many more, and says how many in all', () => {
    const [evaluation] = runCase(rule, { name: 'prefix', items: [policy('gets', doc({ Effect: 'Allow', Action: ['s3:Get*', 's3:Put*'], Resource: '*' }))], expect: [] });
    const grant = String(evaluation?.data['grant']);
    expect(grant).toMatch(/^\d+ actions that support resource-level permissions — Read: s3:Get\w+(, s3:Get\w+){2} and \d+ more; Write: s3:Put\w+(, s3:Put\w+){2} and \d+ more; Permissions management: s3:Put\w+(, s3:Put\w+){2} and \d+ more; Tagging: s3:Put\w+/);
    const listed = String(evaluation?.data['actions'])
      .split('; ')
      .map((level) => level.replace(/^[\w ]+: /, '').replace(/ and \d+ more$/, '').split(', '));
    for (const ids of listed) expect(ids).toEqual([...ids].sort());
    expect(evaluation?.data['levels']).toBe('Read, Write, Permissions management, Tagging');
    // Each action is counted once, under one level: the total is the sum of the levels'.
    const perLevel = [...String(evaluation?.data['actions']).matchAll(/: ([^;]+?)(?: and (\d+) more)?(?:;|$)/g)].map((match) => (match[1] ?? '').split(', ').length + Number(match[2] ?? 0));
    expect(perLevel.reduce((sum, count) => sum + count, 0)).toBe(evaluation?.data['count']);
  });

  it('counts Action "*" by level: every judged resource-level action of the data, List left out unless strictList', () => {
    const every = actionsMatching('*').filter((action) => action.resourceLevel);
    const items = [policy('star', doc({ Effect: 'Allow', Action: '*', Resource: '*' }))];
    const [lenient] = runCase(rule, { name: 'star', items, expect: [] });
    const [strict] = runCase(rule, { name: 'star strict', items, options: { strictList: true }, expect: [] });
    const list = every.filter((action) => accessLevelsOf(action).join() === 'List').length;
    expect(list).toBeGreaterThan(1000);
    expect(strict?.data['count']).toBe(every.length);
    expect(lenient?.data['count']).toBe(every.length - list);
    expect(String(lenient?.data['grant'])).toMatch(/ — Read: .+; Write: .+; Permissions management: .+; Tagging: .+ and \d+ more$/);
    expect(strict?.data['levels']).toBe('List, Read, Write, Permissions management, Tagging');
  });

  it('renders the FAIL message naming the levels', () => {
    const [evaluation] = runCase(rule, { name: 'text', items: [policy('reader', doc({ Sid: 'Reads', Effect: 'Allow', Action: ['s3:GetObject', 'iam:PassRole', 'ec2:Describe*'], Resource: '*' }))], expect: [] });
    expect(evaluation?.message).toBe('Policy reader: statement Reads allows on Resource "*" 2 actions that support resource-level permissions — Read: s3:GetObject; Write: iam:PassRole.');
  });

  it('refuses an option it does not know, and a strictList that is no boolean', () => {
    expect(rule.meta.options?.safeParse({ strictList: 'yes' }).success).toBe(false);
    expect(rule.meta.options?.safeParse({ strict: true }).success).toBe(false);
    expect(rule.meta.options?.parse({})).toEqual({ strictList: false });
  });
});
