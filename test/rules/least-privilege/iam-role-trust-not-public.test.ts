import rule from '../../../rules/least-privilege/iam-role-trust-not-public.js';
import { testRule } from '../../support/rule-tester.js';
import { doc, role, urlEncoded, type Statement } from './iam-fixtures.js';

const assume = (principal: unknown, extra: Statement = {}): Statement => ({ Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole', ...extra });
const trusting = (name: string, statement: Statement | readonly Statement[]) => role(name, { trust: urlEncoded(doc(statement)) });
const org = { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } };

testRule(rule, [
  {
    name: 'a service principal is not public',
    items: [trusting('lambda-exec', assume({ Service: 'lambda.amazonaws.com' }))],
    expect: [{ resourceId: 'AROALAMBDA-EXEC', status: 'PASS', messageId: 'notPublic', data: { role: 'lambda-exec' } }],
  },
  {
    name: 'a federated principal (GitHub OIDC) is not public',
    items: [
      trusting('ci', {
        Effect: 'Allow',
        Principal: { Federated: 'arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com' },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: { StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:kestrel-outfitters/webshop:*' } },
      }),
    ],
    expect: [{ resourceId: 'AROACI', status: 'PASS', messageId: 'notPublic' }],
  },
  {
    name: 'a named account principal is not public',
    items: [trusting('audit', assume({ AWS: ['arn:aws:iam::444455556666:root', 'arn:aws:iam::111122223333:role/ops'] }))],
    expect: [{ resourceId: 'AROAAUDIT', status: 'PASS', messageId: 'notPublic' }],
  },
  {
    name: 'Principal "*" without a condition fails',
    items: [trusting('open-door', { Sid: 'Anyone', Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole' })],
    expect: [
      { resourceId: 'AROAOPEN-DOOR', status: 'FAIL', messageId: 'publicTrust', data: { role: 'open-door', statement: 'Anyone', principal: 'Principal "*"' } },
    ],
  },
  {
    name: 'Principal {AWS: "*"} without a condition fails',
    items: [trusting('aws-star', [assume({ AWS: '*' })])],
    expect: [{ resourceId: 'AROAAWS-STAR', status: 'FAIL', messageId: 'publicTrust', data: { statement: '#0', principal: 'Principal {"AWS": "*"}' } }],
  },
  {
    name: 'an AWS principal list holding "*" fails',
    items: [trusting('aws-list', [assume({ Service: 'ec2.amazonaws.com' }), assume({ AWS: ['arn:aws:iam::444455556666:root', '*'] })])],
    expect: [{ resourceId: 'AROAAWS-LIST', status: 'FAIL', messageId: 'publicTrust', data: { statement: '#1', principal: 'Principal {"AWS": ["arn:aws:iam::444455556666:root","*"]}' } }],
  },
  {
    name: '"*" pinned to the organization by aws:PrincipalOrgID passes',
    items: [trusting('org-readers', assume({ AWS: '*' }, { Condition: org }))],
    expect: [{ resourceId: 'AROAORG-READERS', status: 'PASS', messageId: 'notPublic' }],
  },
  {
    name: '"*" pinned by sts:ExternalId passes',
    items: [trusting('vendor', assume('*', { Condition: { StringEquals: { 'sts:ExternalId': 'kestrel-7f3e9a' } } }))],
    expect: [{ resourceId: 'AROAVENDOR', status: 'PASS', messageId: 'notPublic' }],
  },
  {
    name: '"*" pinned by aws:PrincipalArn with ArnLike and a literal account passes',
    items: [trusting('ops-any-role', assume({ AWS: '*' }, { Condition: { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::111122223333:role/ops-*' } } }))],
    expect: [{ resourceId: 'AROAOPS-ANY-ROLE', status: 'PASS', messageId: 'notPublic' }],
  },
  {
    name: '"*" pinned by aws:PrincipalAccount in a list, via ForAnyValue:, with a key in other case, passes',
    items: [trusting('accounts', assume('*', { Condition: { 'ForAnyValue:StringEquals': { 'AWS:PRINCIPALACCOUNT': ['111122223333', '444455556666'] } } }))],
    expect: [{ resourceId: 'AROAACCOUNTS', status: 'PASS', messageId: 'notPublic' }],
  },
  {
    name: '"*" pinned by an organization path with a literal org id passes',
    items: [trusting('ou-members', assume('*', { Condition: { 'ForAnyValue:StringLike': { 'aws:PrincipalOrgPaths': ['o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/*'] } } }))],
    expect: [{ resourceId: 'AROAOU-MEMBERS', status: 'PASS', messageId: 'notPublic' }],
  },
  {
    name: 'a condition value that is itself "*" pins nothing',
    items: [trusting('star-org', assume('*', { Condition: { StringLike: { 'aws:PrincipalOrgID': '*' } } }))],
    expect: [
      {
        resourceId: 'AROASTAR-ORG',
        status: 'FAIL',
        messageId: 'publicTrustLooseCondition',
        data: { conditions: 'StringLike aws:PrincipalOrgID = *' },
      },
    ],
  },
  {
    name: 'a list of values with one wildcard pins nothing',
    items: [trusting('loose-list', assume({ AWS: '*' }, { Condition: { StringEquals: { 'aws:SourceAccount': ['111122223333', '*'] } } }))],
    expect: [{ resourceId: 'AROALOOSE-LIST', status: 'FAIL', messageId: 'publicTrustLooseCondition' }],
  },
  {
    name: 'a principal ARN with a wildcard account pins nothing',
    items: [trusting('any-deployer', assume({ AWS: '*' }, { Condition: { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/deployer' } } }))],
    expect: [{ resourceId: 'AROAANY-DEPLOYER', status: 'FAIL', messageId: 'publicTrustLooseCondition' }],
  },
  {
    name: 'an …IfExists operator admits callers without the key',
    items: [trusting('if-exists', assume('*', { Condition: { StringEqualsIfExists: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } } }))],
    expect: [{ resourceId: 'AROAIF-EXISTS', status: 'FAIL', messageId: 'publicTrustLooseCondition' }],
  },
  {
    name: 'a negated operator or a condition on another key pins nothing',
    items: [
      trusting('not-org', assume('*', { Condition: { StringNotEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' }, Bool: { 'aws:MultiFactorAuthPresent': 'true' } } })),
    ],
    expect: [
      {
        resourceId: 'AROANOT-ORG',
        status: 'FAIL',
        messageId: 'publicTrustLooseCondition',
        data: { conditions: 'StringNotEquals aws:PrincipalOrgID = o-a1b2c3d4e5, Bool aws:MultiFactorAuthPresent = true' },
      },
    ],
  },
  {
    name: 'Allow with NotPrincipal admits everyone else',
    items: [trusting('not-principal', { Effect: 'Allow', NotPrincipal: { AWS: 'arn:aws:iam::444455556666:root' }, Action: 'sts:AssumeRole' })],
    expect: [{ resourceId: 'AROANOT-PRINCIPAL', status: 'FAIL', messageId: 'publicTrust', data: { principal: 'every principal but {"AWS":"arn:aws:iam::444455556666:root"} (NotPrincipal)' } }],
  },
  {
    name: 'a Deny with "*" is no grant, nor is "*" allowed only sts:TagSession',
    items: [trusting('guarded', [{ Effect: 'Deny', Principal: '*', Action: 'sts:AssumeRole' }, assume('*', { Action: 'sts:TagSession' }), assume({ Service: 'ecs-tasks.amazonaws.com' })])],
    expect: [{ resourceId: 'AROAGUARDED', status: 'PASS', messageId: 'notPublic' }],
  },
  {
    name: 'web identity and wildcard assume actions count',
    items: [trusting('web', [{ Effect: 'Allow', Principal: '*', Action: ['sts:AssumeRole*'] }])],
    expect: [{ resourceId: 'AROAWEB', status: 'FAIL', messageId: 'publicTrust' }],
  },
  {
    name: 'a parsed (not URL-encoded) trust policy is read too',
    items: [role('parsed', { trust: doc(assume('*')) })],
    expect: [{ resourceId: 'AROAPARSED', status: 'FAIL', messageId: 'publicTrust' }],
  },
  {
    name: 'a service-linked role is not applicable',
    items: [role('AWSServiceRoleForRDS', { path: '/aws-service-role/rds.amazonaws.com/', trust: urlEncoded(doc(assume({ Service: 'rds.amazonaws.com' }))) })],
    expect: [{ resourceId: 'AROAAWSSERVICEROLEFORRDS', status: 'NOT_APPLICABLE', messageId: 'serviceLinked', data: { role: 'AWSServiceRoleForRDS' } }],
  },
  {
    name: 'a role without a recorded trust policy is unknown',
    items: [role('blank', { trust: null })],
    expect: [{ resourceId: 'AROABLANK', status: 'UNKNOWN', messageId: 'noTrustPolicy', data: { role: 'blank' } }],
  },
  {
    name: 'several roles are judged one by one',
    items: [
      trusting('org-readers', assume({ AWS: '*' }, { Condition: org })),
      trusting('open-door', assume('*')),
      role('AWSServiceRoleForECS', { path: '/aws-service-role/ecs.amazonaws.com/' }),
    ],
    expect: [
      { resourceId: 'AROAAWSSERVICEROLEFORECS', status: 'NOT_APPLICABLE', messageId: 'serviceLinked' },
      { resourceId: 'AROAOPEN-DOOR', status: 'FAIL', messageId: 'publicTrust' },
      { resourceId: 'AROAORG-READERS', status: 'PASS', messageId: 'notPublic' },
    ],
  },
  {
    name: 'roles that could not be listed are unknown for the account',
    items: [],
    failed: ['AWS::IAM::Role'],
    expect: [{ resourceId: '*', status: 'UNKNOWN', messageId: 'listFailed', data: { resourceType: 'AWS::IAM::Role', region: 'global' } }],
  },
]);
