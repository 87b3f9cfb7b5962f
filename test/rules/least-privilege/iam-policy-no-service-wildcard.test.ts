import { describe, expect, it } from '@jest/globals';
import rule from '../../../rules/least-privilege/iam-policy-no-service-wildcard.js';
import { accessLevelsOf, actionsMatching, type IamAction } from '../../../rules/lib/iam-actions.js';
import { runCase, testRule } from '../../support/rule-tester.js';
import { awsManagedPolicy, doc, group, inline, policy, role, urlEncoded, user, version, versionedPolicy } from './iam-fixtures.js';

const objects = 'arn:aws:s3:::kestrel-invoices/*';
const readObjects = { Sid: 'Read', Effect: 'Allow', Action: ['s3:GetObject', 'ec2:Describe*'], Resource: objects };
const s3All = { Sid: 'S3All', Effect: 'Allow', Action: 's3:*', Resource: [objects] };

const LEVEL_ORDER = ['List', 'Read', 'Write', 'Permissions management', 'Tagging'];
/** The level the test expects an action under: of two, Permissions management or Tagging over Write. */
const levelOf = (action: IamAction): string => {
  const levels = accessLevelsOf(action);
  return levels.find((level) => level === 'Permissions management' || level === 'Tagging') ?? levels[0] ?? 'none';
};
/** Every action the entries match, expanded, deduplicated and counted by level. */
function expectedLevels(entries: readonly string[], except: readonly string[] = []) {
  const excluded = new Set(except.flatMap((entry) => actionsMatching(entry)));
  const actions = [...new Set(entries.flatMap((entry) => actionsMatching(entry)))].filter((action) => !excluded.has(action));
  const counts = LEVEL_ORDER.map((level) => [level, actions.filter((action) => levelOf(action) === level).length] as const).filter(([, count]) => count > 0);
  return { actionCount: actions.length, levels: counts.map(([level]) => level).join(', '), counted: counts.map(([level, count]) => `${count} ${level}`).join(', ') };
}
const s3Levels = expectedLevels(['s3:*']);
const everyLevel = expectedLevels(['*']);
const allButIam = expectedLevels(['*'], ['iam:*', 'organizations:*']);
const tableLevels = expectedLevels(['dynamodb:*', 'sns:*']);

testRule(rule, [
  {
    name: 'named actions and prefix wildcards (ec2:Describe*) pass',
    items: [policy('reader', urlEncoded(doc([readObjects])))],
    expect: [{ resourceId: 'ANPAREADER', status: 'PASS', messageId: 'noWildcard', data: { policy: 'reader' } }],
  },
  {
    name: 's3:* fails even on a named bucket (object Statement, string Action)',
    items: [policy('media', urlEncoded(doc(s3All)))],
    expect: [{ resourceId: 'ANPAMEDIA', status: 'FAIL', messageId: 'serviceWildcard', data: { policy: 'media', statement: 'S3All', grant: 'Action s3:*', granted: `${s3Levels.actionCount} actions: ${s3Levels.counted}`, levels: 'List, Read, Write, Permissions management, Tagging', actionCount: s3Levels.actionCount } }],
  },
  {
    name: 'every service wildcard of a list is named, whatever its case',
    items: [policy('tables', doc([readObjects, { Effect: 'Allow', Action: ['DynamoDB:*', 'sqs:SendMessage', 'SNS:*'], Resource: '*' }]))],
    expect: [{ resourceId: 'ANPATABLES', status: 'FAIL', messageId: 'serviceWildcard', data: { statement: '#1', grant: 'Action DynamoDB:*, SNS:*', granted: `${tableLevels.actionCount} actions: ${tableLevels.counted}`, actionCount: tableLevels.actionCount } }],
  },
  {
    name: 'Action "*" on named resources is reported here (full-admin passes it)',
    items: [policy('bucket-admin', doc({ Effect: 'Allow', Action: '*', Resource: objects }))],
    expect: [{ resourceId: 'ANPABUCKET-ADMIN', status: 'FAIL', messageId: 'serviceWildcard', data: { grant: 'every action of every service (Action *)', granted: `${everyLevel.actionCount} actions: ${everyLevel.counted}`, levels: 'List, Read, Write, Permissions management, Tagging' } }],
  },
  {
    name: 'Action "*:*" on "*" is every service too',
    items: [policy('star-star', doc({ Effect: 'Allow', Action: ['*:*'], Resource: '*' }))],
    expect: [{ resourceId: 'ANPASTAR-STAR', status: 'FAIL', messageId: 'serviceWildcard', data: { grant: 'every action of every service (Action *:*)' } }],
  },
  {
    name: 'a wildcard service prefix with "*" actions (s3*:*) fails',
    items: [policy('s3-family', doc({ Effect: 'Allow', Action: 's3*:*', Resource: '*' }))],
    expect: [{ resourceId: 'ANPAS3-FAMILY', status: 'FAIL', messageId: 'serviceWildcard', data: { grant: 'Action s3*:*' } }],
  },
  {
    name: 'NotAction grants every other service whole',
    items: [policy('all-but-iam', urlEncoded(doc({ Sid: 'AllButIam', Effect: 'Allow', NotAction: ['iam:*', 'organizations:*'], Resource: '*' })))],
    expect: [
      {
        resourceId: 'ANPAALL-BUT-IAM',
        status: 'FAIL',
        messageId: 'serviceWildcard',
        data: {
          statement: 'AllButIam',
          grant: 'every action except iam:*, organizations:* (NotAction), which is "service:*" for every other service',
          granted: `${allButIam.actionCount} actions the IAM action data knows (${allButIam.counted}) and any newer one`,
          actionCount: allButIam.actionCount,
        },
      },
    ],
  },
  {
    name: 'a wildcard of a service the IAM action data does not know still fails (IAM.21 judges the text)',
    items: [policy('future', doc({ Effect: 'Allow', Action: 'kestrelsvc:*', Resource: '*' }))],
    expect: [{ resourceId: 'ANPAFUTURE', status: 'FAIL', messageId: 'serviceWildcard', data: { grant: 'Action kestrelsvc:*', granted: 'actions the IAM action data does not know (kestrelsvc:*)', levels: '', actionCount: 0 } }],
  },
  {
    name: 'a known and an unknown service wildcard: the known one counted, the unknown one named',
    items: [policy('mixed', doc({ Effect: 'Allow', Action: ['s3:*', 'kestrelsvc:*'], Resource: objects }))],
    expect: [{ resourceId: 'ANPAMIXED', status: 'FAIL', messageId: 'serviceWildcard', data: { granted: `${s3Levels.actionCount} actions: ${s3Levels.counted}; the IAM action data does not know kestrelsvc:*` } }],
  },
  {
    name: 'NotAction "*" grants nothing',
    items: [policy('nothing', doc({ Effect: 'Allow', NotAction: '*', Resource: '*' }))],
    expect: [{ resourceId: 'ANPANOTHING', status: 'PASS', messageId: 'noWildcard' }],
  },
  {
    name: 'a Deny of s3:* is no grant',
    items: [policy('guard', doc([{ Effect: 'Deny', Action: 's3:*', NotResource: objects }, readObjects]))],
    expect: [{ resourceId: 'ANPAGUARD', status: 'PASS', messageId: 'noWildcard' }],
  },
  {
    name: 'partial wildcards are not service wildcards (s3:*Object, s3:Get*, *Object)',
    items: [policy('partial', doc({ Effect: 'Allow', Action: ['s3:*Object', 's3:Get*', '*Object', 's3:?etObject'], Resource: '*' }))],
    expect: [{ resourceId: 'ANPAPARTIAL', status: 'PASS', messageId: 'noWildcard' }],
  },
  {
    name: 'access levels do not change the verdict: read-only prefixes and resource-level reads on "*" are no service wildcards',
    items: [
      policy(
        'levels',
        doc([
          { Effect: 'Allow', Action: ['logs:Describe*', 'cloudwatch:List*', 'ec2:Describe*', 'iam:List*'], Resource: '*' },
          { Effect: 'Allow', Action: ['s3:Get*', 'iam:PassRole', 'ssm:GetParameter*', 'secretsmanager:GetSecretValue'], Resource: '*' },
        ]),
      ),
    ],
    expect: [{ resourceId: 'ANPALEVELS', status: 'PASS', messageId: 'noWildcard' }],
  },
  {
    name: 'a condition does not save a service wildcard',
    items: [policy('tagged', doc({ Effect: 'Allow', Action: 'ec2:*', Resource: '*', Condition: { StringEquals: { 'aws:ResourceTag/Project': 'webshop' } } }))],
    expect: [{ resourceId: 'ANPATAGGED', status: 'FAIL', messageId: 'serviceWildcard', data: { grant: 'Action ec2:*' } }],
  },
  {
    name: 'only the default version counts',
    items: [versionedPolicy('tightened', [version('v1', false, urlEncoded(doc(s3All))), version('v2', true, urlEncoded(doc(readObjects)))], 'v2')],
    expect: [{ resourceId: 'ANPATIGHTENED', status: 'PASS', messageId: 'noWildcard' }],
  },
  {
    name: 'a default version without a document is unknown',
    items: [versionedPolicy('no-doc', [version('v1', true, null)])],
    expect: [{ resourceId: 'ANPANO-DOC', status: 'UNKNOWN', messageId: 'noDocument', data: { version: 'v1' } }],
  },
  {
    name: 'a policy without its default version is unknown',
    items: [versionedPolicy('no-versions', [], 'v2')],
    expect: [{ resourceId: 'ANPANO-VERSIONS', status: 'UNKNOWN', messageId: 'noDefaultVersion', data: { version: 'v2' } }],
  },
  {
    name: 'an AWS managed policy is not applicable',
    items: [awsManagedPolicy('AmazonS3FullAccess', doc({ Effect: 'Allow', Action: 's3:*', Resource: '*' }))],
    expect: [{ resourceId: 'ANPAAMAZONS3FULLACCESS', status: 'NOT_APPLICABLE', messageId: 'awsManaged' }],
  },
  {
    name: 'inline service wildcards of a role, across policies, are all counted',
    items: [role('uploader', { inline: [inline('read', urlEncoded(doc(readObjects))), inline('s3', urlEncoded(doc(s3All))), inline('queues', doc({ Sid: 'Q', Effect: 'Allow', Action: 'sqs:*', Resource: '*' }))] })],
    expect: [
      {
        resourceId: 'AROAUPLOADER',
        status: 'FAIL',
        messageId: 'serviceWildcardSeveral',
        data: { policy: 's3 of role uploader', statement: 'S3All', count: 2, statements: 'S3All of s3 of role uploader, Q of queues of role uploader' },
      },
    ],
  },
  {
    name: 'an inline policy without a document is unknown when nothing else fails',
    items: [user('erin', [inline('read', doc(readObjects)), inline('lost', null)])],
    expect: [{ resourceId: 'AIDAERIN', status: 'UNKNOWN', messageId: 'inlineNoDocument', data: { policies: 'lost of user erin' } }],
  },
  {
    name: 'a principal without inline policies is not applicable',
    items: [group('empty', [])],
    expect: [{ resourceId: 'AGPAEMPTY', status: 'NOT_APPLICABLE', messageId: 'noInlinePolicies', data: { principal: 'group empty' } }],
  },
  {
    name: 'policies, roles, users and groups are judged together',
    items: [
      policy('reader', doc(readObjects)),
      role('app', { inline: [inline('read', urlEncoded(doc(readObjects)))] }),
      user('frank', [inline('everything', urlEncoded(doc({ Effect: 'Allow', Action: '*', Resource: '*' })))]),
      group('devs', null),
    ],
    expect: [
      { resourceId: 'ANPAREADER', status: 'PASS', messageId: 'noWildcard' },
      { resourceId: 'AROAAPP', status: 'PASS', messageId: 'inlineNoWildcard', data: { principal: 'role app', policies: 'read' } },
      { resourceId: 'AIDAFRANK', status: 'FAIL', messageId: 'serviceWildcard', data: { policy: 'everything of user frank' } },
      { resourceId: 'AGPADEVS', status: 'NOT_APPLICABLE', messageId: 'noInlinePolicies' },
    ],
  },
  {
    name: 'groups that could not be listed are unknown for the account',
    items: [policy('reader', doc(readObjects))],
    failed: ['AWS::IAM::Group'],
    expect: [
      { resourceId: 'ANPAREADER', status: 'PASS', messageId: 'noWildcard' },
      { resourceId: '*', status: 'UNKNOWN', messageId: 'listFailed', data: { resourceType: 'AWS::IAM::Group' } },
    ],
  },
]);

describe('iam-policy-no-service-wildcard levels', () => {
  it('counts each action once, under one level: the levels add up to every action of the service', () => {
    expect(s3Levels.actionCount).toBe(actionsMatching('s3:*').length);
    const sum = s3Levels.counted.split(', ').reduce((total, part) => total + Number(part.split(' ')[0]), 0);
    expect(sum).toBe(s3Levels.actionCount);
  });

  it('renders the FAIL message naming the levels the wildcard grants', () => {
    const [evaluation] = runCase(rule, { name: 'text', items: [policy('media', urlEncoded(doc(s3All)))], expect: [] });
    expect(evaluation?.message).toBe(`Policy media: statement S3All allows Action s3:* — ${s3Levels.actionCount} actions: ${s3Levels.counted}.`);
    expect(evaluation?.message).toMatch(/: \d+ List, \d+ Read, \d+ Write, \d+ Permissions management, \d+ Tagging\.$/);
  });
});
