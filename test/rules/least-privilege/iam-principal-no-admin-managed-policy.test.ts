import rule from '../../../rules/least-privilege/iam-principal-no-admin-managed-policy.js';
import { testRule } from '../../support/rule-tester.js';
import { ADMINISTRATOR_ACCESS, attached, group, role, user } from './iam-fixtures.js';

const readOnly = attached('ReadOnlyAccess', 'arn:aws:iam::aws:policy/ReadOnlyAccess');
const powerUser = attached('PowerUserAccess', 'arn:aws:iam::aws:policy/PowerUserAccess');
const ordersReadOnly = attached('OrdersReadOnly', 'arn:aws:iam::111122223333:policy/OrdersReadOnly');

testRule(rule, [
  {
    name: 'a role with scoped managed policies passes',
    items: [role('orders-app', { attached: [ordersReadOnly, readOnly] })],
    expect: [{ resourceId: 'AROAORDERS-APP', status: 'PASS', messageId: 'noAdminPolicy', data: { principal: 'role orders-app', count: 2 } }],
  },
  {
    name: 'a role with no managed policies passes',
    items: [role('bare', { attached: [] })],
    expect: [{ resourceId: 'AROABARE', status: 'PASS', messageId: 'noAdminPolicy', data: { count: 0 } }],
  },
  {
    name: 'AdministratorAccess attached to a role fails',
    items: [role('break-glass', { attached: [readOnly, ADMINISTRATOR_ACCESS] })],
    expect: [
      {
        resourceId: 'AROABREAK-GLASS',
        status: 'FAIL',
        messageId: 'adminPolicyAttached',
        data: { principal: 'role break-glass', policies: 'arn:aws:iam::aws:policy/AdministratorAccess' },
      },
    ],
  },
  {
    name: 'AdministratorAccess in another partition fails too',
    items: [user('gov-admin', [], [attached('AdministratorAccess', 'arn:aws-us-gov:iam::aws:policy/AdministratorAccess')])],
    expect: [{ resourceId: 'AIDAGOV-ADMIN', status: 'FAIL', messageId: 'adminPolicyAttached', data: { principal: 'user gov-admin' } }],
  },
  {
    name: 'AdministratorAccess attached to a group fails',
    items: [group('admins', [], [ADMINISTRATOR_ACCESS])],
    expect: [{ resourceId: 'AGPAADMINS', status: 'FAIL', messageId: 'adminPolicyAttached', data: { principal: 'group admins' } }],
  },
  {
    name: 'a customer managed policy named AdministratorAccess is not AWS managed (left to iam-policy-no-full-admin)',
    items: [user('ivy', [], [attached('AdministratorAccess', 'arn:aws:iam::111122223333:policy/AdministratorAccess')])],
    expect: [{ resourceId: 'AIDAIVY', status: 'PASS', messageId: 'noAdminPolicy' }],
  },
  {
    name: 'PowerUserAccess and AWS managed policies under a path are not "*" on "*"',
    items: [
      role('power', {
        attached: [powerUser, attached('AdministratorAccess-Amplify', 'arn:aws:iam::aws:policy/AdministratorAccess-Amplify'), attached('x', 'arn:aws:iam::aws:policy/job-function/AdministratorAccess')],
      }),
    ],
    expect: [{ resourceId: 'AROAPOWER', status: 'PASS', messageId: 'noAdminPolicy', data: { count: 3 } }],
  },
  {
    name: 'a service-linked role is not applicable, even with broad policies',
    items: [role('AWSServiceRoleForSupport', { path: '/aws-service-role/support.amazonaws.com/', attached: [ADMINISTRATOR_ACCESS] })],
    expect: [{ resourceId: 'AROAAWSSERVICEROLEFORSUPPORT', status: 'NOT_APPLICABLE', messageId: 'serviceLinked', data: { principal: 'role AWSServiceRoleForSupport' } }],
  },
  {
    name: 'an IAM Identity Center role is not applicable',
    items: [role('AWSReservedSSO_AdministratorAccess_0123456789abcdef', { path: '/aws-reserved/sso.amazonaws.com/eu-west-1/', attached: [ADMINISTRATOR_ACCESS] })],
    expect: [{ resourceId: 'AROAAWSRESERVEDSSO_ADMINISTRATORACCESS_0123456789ABCDEF', status: 'NOT_APPLICABLE', messageId: 'identityCenter' }],
  },
  {
    name: 'without a path the ARN tells a service-linked role',
    items: [role('AWSServiceRoleForRDS', { path: null, attached: [] })],
    expect: [{ resourceId: 'AROAAWSSERVICEROLEFORRDS', status: 'PASS', messageId: 'noAdminPolicy' }],
  },
  {
    name: 'a role named like Identity Center roles outside its path is judged',
    items: [role('AWSReservedSSO_Fake', { attached: [ADMINISTRATOR_ACCESS] })],
    expect: [{ resourceId: 'AROAAWSRESERVEDSSO_FAKE', status: 'FAIL', messageId: 'adminPolicyAttached' }],
  },
  {
    name: 'unrecorded attachments are unknown',
    items: [user('judy', [], null)],
    expect: [{ resourceId: 'AIDAJUDY', status: 'UNKNOWN', messageId: 'attachmentsUnknown', data: { principal: 'user judy' } }],
  },
  {
    name: 'an AdministratorAccess attachment without an ARN is unknown',
    items: [group('ops', [], [readOnly, attached('AdministratorAccess', null)])],
    expect: [{ resourceId: 'AGPAOPS', status: 'UNKNOWN', messageId: 'attachmentUnnamed', data: { policies: 'AdministratorAccess' } }],
  },
  {
    name: 'an attachment without an ARN fails nothing when another is the admin policy',
    items: [group('mixed', [], [attached('AdministratorAccess', null), ADMINISTRATOR_ACCESS])],
    expect: [{ resourceId: 'AGPAMIXED', status: 'FAIL', messageId: 'adminPolicyAttached' }],
  },
  {
    name: 'roles, users and groups are judged together',
    items: [role('ci', { attached: [ADMINISTRATOR_ACCESS] }), user('kim', [], [readOnly]), group('devs', [], [])],
    expect: [
      { resourceId: 'AROACI', status: 'FAIL', messageId: 'adminPolicyAttached' },
      { resourceId: 'AIDAKIM', status: 'PASS', messageId: 'noAdminPolicy' },
      { resourceId: 'AGPADEVS', status: 'PASS', messageId: 'noAdminPolicy' },
    ],
  },
  {
    name: 'users that could not be listed are unknown for the account',
    items: [role('ci', { attached: [ADMINISTRATOR_ACCESS] })],
    failed: ['AWS::IAM::User'],
    expect: [
      { resourceId: 'AROACI', status: 'FAIL', messageId: 'adminPolicyAttached' },
      { resourceId: '*', status: 'UNKNOWN', messageId: 'listFailed', data: { resourceType: 'AWS::IAM::User' } },
    ],
  },
]);
