import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import {
  GenerateCredentialReportCommand,
  GetAccountAuthorizationDetailsCommand,
  GetCredentialReportCommand,
  IAMClient,
  IAMServiceException,
  ListPolicyTagsCommand,
  NoSuchEntityException,
  type GroupDetail,
  type ManagedPolicyDetail,
  type RoleDetail,
  type UserDetail,
} from '@aws-sdk/client-iam';
import { mockClient } from 'aws-sdk-client-mock';
import { iamCollector } from '../../../../inventory/live/collectors/iam.js';
import { scan } from '../../../../engine/scan.js';
import { defaultSettings } from '../../../../engine/settings.js';
import iamPolicyNoFullAdmin from '../../../../rules/least-privilege/iam-policy-no-full-admin.js';
import { checkItemAgainstSchema } from '../../../support/config-schema.js';
import { ACCOUNT, REGION } from '../../../support/items.js';
import { callsOf, collect, mockedLiveSource, mockIdentity } from '../../../../testkit/live.js';

const encoded = (document: unknown) => encodeURIComponent(JSON.stringify(document));
const ADMIN = encoded({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] });
const READ_ONLY = encoded({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::bucket/*' }] });
const TRUST = encoded({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
const CREATED = new Date('2024-01-02T03:04:05Z');

const policy = (name: string, document: string): ManagedPolicyDetail => ({
  PolicyName: name,
  PolicyId: `ANPA${name.toUpperCase()}`,
  Arn: `arn:aws:iam::${ACCOUNT}:policy/${name}`,
  Path: '/',
  DefaultVersionId: 'v2',
  AttachmentCount: 1,
  PermissionsBoundaryUsageCount: 0,
  IsAttachable: true,
  Description: `${name} policy`,
  CreateDate: CREATED,
  UpdateDate: CREATED,
  PolicyVersionList: [
    { Document: document, VersionId: 'v2', IsDefaultVersion: true, CreateDate: CREATED },
    { Document: READ_ONLY, VersionId: 'v1', IsDefaultVersion: false, CreateDate: CREATED },
  ],
});

const role = (name: string): RoleDetail => ({
  Path: '/',
  RoleName: name,
  RoleId: `AROA${name.toUpperCase()}`,
  Arn: `arn:aws:iam::${ACCOUNT}:role/${name}`,
  CreateDate: CREATED,
  AssumeRolePolicyDocument: TRUST,
  InstanceProfileList: [
    {
      Path: '/',
      InstanceProfileName: name,
      InstanceProfileId: `AIPA${name.toUpperCase()}`,
      Arn: `arn:aws:iam::${ACCOUNT}:instance-profile/${name}`,
      CreateDate: CREATED,
      // Fields AWS Config does not record for an instance profile's roles must not leak in.
      Roles: [{ Path: '/', RoleName: name, RoleId: `AROA${name.toUpperCase()}`, Arn: `arn:aws:iam::${ACCOUNT}:role/${name}`, CreateDate: CREATED, AssumeRolePolicyDocument: TRUST, MaxSessionDuration: 3600 }],
      Tags: [{ Key: 'Team', Value: 'core' }],
    },
  ],
  RolePolicyList: [{ PolicyName: 'inline-read', PolicyDocument: READ_ONLY }],
  AttachedManagedPolicies: [
    { PolicyName: 'Admin', PolicyArn: `arn:aws:iam::${ACCOUNT}:policy/Admin` },
    { PolicyName: 'ReadOnlyAccess', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' },
  ],
  PermissionsBoundary: { PermissionsBoundaryType: 'PermissionsBoundaryPolicy', PermissionsBoundaryArn: `arn:aws:iam::${ACCOUNT}:policy/Boundary` },
  RoleLastUsed: { LastUsedDate: CREATED, Region: REGION },
  Tags: [{ Key: 'Team', Value: 'core' }],
});

const user: UserDetail = {
  Path: '/',
  UserName: 'alice',
  UserId: 'AIDAALICE',
  Arn: `arn:aws:iam::${ACCOUNT}:user/alice`,
  CreateDate: CREATED,
  UserPolicyList: [{ PolicyName: 'inline-admin', PolicyDocument: ADMIN }],
  GroupList: ['developers'],
  AttachedManagedPolicies: [],
  Tags: [{ Key: 'Team', Value: 'support' }],
};

const group: GroupDetail = {
  Path: '/',
  GroupName: 'developers',
  GroupId: 'AGPADEVELOPERS',
  Arn: `arn:aws:iam::${ACCOUNT}:group/developers`,
  CreateDate: CREATED,
  GroupPolicyList: [{ PolicyName: 'read', PolicyDocument: READ_ONLY }],
  AttachedManagedPolicies: [{ PolicyName: 'Admin', PolicyArn: `arn:aws:iam::${ACCOUNT}:policy/Admin` }],
};

const ALL = ['AWS::IAM::Policy', 'AWS::IAM::Role', 'AWS::IAM::User', 'AWS::IAM::Group'] as const;
const iamError = (name: string) => new IAMServiceException({ name, $fault: 'client', $metadata: { httpStatusCode: name === 'Throttling' ? 400 : 403 }, message: `${name} from the test` });
const commandsSent = (mock: ReturnType<typeof mockClient>) => mock.calls().map((call) => call.args[0].constructor.name);

/** The credential report the mocked account answers (two hours before the mocked clock): alice and the root user. */
const REPORT_HEADER =
  'user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,' +
  'access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,' +
  'access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,' +
  'cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated';
const REPORT = [
  REPORT_HEADER,
  `<root_account>,arn:aws:iam::${ACCOUNT}:root,2020-01-01T00:00:00+00:00,not_supported,2026-11-01T09:00:00+00:00,not_supported,not_supported,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A`,
  `alice,arn:aws:iam::${ACCOUNT}:user/alice,2024-01-02T03:04:05+00:00,true,2026-11-20T08:00:00+00:00,2024-01-02T03:04:05+00:00,N/A,false,true,2026-10-01T00:00:00+00:00,2026-11-22T17:00:00+00:00,eu-west-1,s3,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A`,
].join('\n');
const REPORT_CALLS = ['GenerateCredentialReportCommand', 'GetCredentialReportCommand'];

let mocks: ReturnType<typeof mockIdentity>;
let iam: ReturnType<typeof mockClient>;
beforeEach(() => {
  mocks = mockIdentity();
  iam = mockClient(IAMClient);
  iam.on(GenerateCredentialReportCommand).resolves({ State: 'COMPLETE' });
  iam.on(GetCredentialReportCommand).resolves({ Content: new TextEncoder().encode(REPORT), GeneratedTime: new Date('2026-11-23T10:00:00Z'), ReportFormat: 'text/csv' });
});
afterEach(() => {
  iam.restore();
  mocks.ec2.restore();
  mocks.sts.restore();
});

describe('IAM collector', () => {
  it('builds policies, roles, users and groups from one authorization-details walk, in the shape AWS Config records', async () => {
    iam.on(GetAccountAuthorizationDetailsCommand).resolves({ Policies: [policy('Admin', ADMIN)], RoleDetailList: [role('app')], UserDetailList: [user], GroupDetailList: [group], IsTruncated: false });
    iam.on(ListPolicyTagsCommand).resolves({ Tags: [{ Key: 'Team', Value: 'platform' }], IsTruncated: false });
    const collection = await collect([iamCollector], [...ALL]);
    expect(collection.errors).toEqual([]);
    expect(iam).toHaveReceivedCommandWith(GetAccountAuthorizationDetailsCommand, { Filter: ['LocalManagedPolicy', 'Role', 'User', 'Group'], MaxItems: 1000, Marker: undefined });
    expect(iam).toHaveReceivedCommandWith(ListPolicyTagsCommand, { PolicyArn: `arn:aws:iam::${ACCOUNT}:policy/Admin` });

    const raws = collection.rawItems ?? [];
    const byType = (type: string) => raws.find((raw) => raw['resourceType'] === type);
    expect(byType('AWS::IAM::Policy')).toMatchObject({
      resourceId: 'ANPAADMIN',
      resourceName: 'Admin',
      ARN: `arn:aws:iam::${ACCOUNT}:policy/Admin`,
      awsRegion: 'global',
      availabilityZone: 'Not Applicable',
      resourceCreationTime: '2024-01-02T03:04:05.000Z',
      tags: { Team: 'platform' },
      configuration: {
        policyName: 'Admin',
        policyId: 'ANPAADMIN',
        defaultVersionId: 'v2',
        attachmentCount: 1,
        isAttachable: true,
        // URL-encoded as IAM returns it and AWS Config stores it.
        policyVersionList: [{ document: ADMIN, versionId: 'v2', isDefaultVersion: true, createDate: '2024-01-02T03:04:05.000Z' }, { versionId: 'v1' }],
      },
    });
    expect(byType('AWS::IAM::Role')).toMatchObject({
      resourceId: 'AROAAPP',
      resourceName: 'app',
      awsRegion: 'global',
      tags: { Team: 'core' },
      relationships: [{ resourceType: 'AWS::IAM::Policy', resourceId: 'ANPAADMIN', resourceName: 'Admin', name: 'Is attached to CustomerManagedPolicy' }],
      configuration: {
        path: '/',
        roleName: 'app',
        assumeRolePolicyDocument: TRUST,
        rolePolicyList: [{ policyName: 'inline-read', policyDocument: READ_ONLY }],
        attachedManagedPolicies: [
          { policyName: 'Admin', policyArn: `arn:aws:iam::${ACCOUNT}:policy/Admin` },
          { policyName: 'ReadOnlyAccess', policyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' },
        ],
        permissionsBoundary: { permissionsBoundaryType: 'PermissionsBoundaryPolicy' },
        roleLastUsed: { lastUsedDate: '2024-01-02T03:04:05.000Z', region: REGION },
      },
    });
    expect(byType('AWS::IAM::User')).toMatchObject({
      resourceId: 'AIDAALICE',
      tags: { Team: 'support' },
      relationships: [{ resourceType: 'AWS::IAM::Group', resourceId: 'AGPADEVELOPERS', resourceName: 'developers', name: 'Is attached to Group' }],
      configuration: { userName: 'alice', groupList: ['developers'], userPolicyList: [{ policyName: 'inline-admin', policyDocument: ADMIN }] },
      // Its row of the credential report, matched by ARN.
      supplementaryConfiguration: {
        CredentialReport: {
          generatedTime: '2026-11-23T10:00:00.000Z',
          passwordEnabled: true,
          passwordLastUsed: '2026-11-20T08:00:00.000Z',
          mfaActive: false,
          accessKeys: [
            { slot: 1, active: true, lastRotated: '2026-10-01T00:00:00.000Z', lastUsedDate: '2026-11-22T17:00:00.000Z' },
            { slot: 2, active: false, lastRotated: null, lastUsedDate: null },
          ],
        },
      },
    });
    expect(byType('AWS::IAM::Group')).toMatchObject({
      resourceId: 'AGPADEVELOPERS',
      tags: {},
      relationships: [
        { resourceType: 'AWS::IAM::User', resourceId: 'AIDAALICE', resourceName: 'alice', name: 'Contains User' },
        { resourceType: 'AWS::IAM::Policy', resourceId: 'ANPAADMIN', name: 'Is attached to CustomerManagedPolicy' },
      ],
      configuration: { groupName: 'developers', groupPolicyList: [{ policyName: 'read', policyDocument: READ_ONLY }] },
    });
    // The instance profile's role carries only the fields AWS Config records.
    expect(byType('AWS::IAM::Role')?.['configuration']).toMatchObject({
      instanceProfileList: [{ instanceProfileName: 'app', roles: [{ roleName: 'app', roleId: 'AROAAPP', arn: `arn:aws:iam::${ACCOUNT}:role/app`, path: '/', createDate: '2024-01-02T03:04:05.000Z' }] }],
    });
    expect(JSON.stringify(byType('AWS::IAM::Role')?.['configuration'])).not.toMatch(/maxSessionDuration|"tags"/);

    // The normalised items carry the decoded documents the rules read.
    const normalized = collection.items.find((item) => item.resourceType === 'AWS::IAM::Policy');
    expect(normalized?.configuration).toMatchObject({ policyVersionList: [{ document: { Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] } }, {}] });
    for (const raw of raws) expect(checkItemAgainstSchema(raw)).toEqual([]);
    expect(raws).toHaveLength(5); // four IAM items and the Region's account item
  });

  it('follows the Marker across three pages at the maximum page size, filtered to the requested types', async () => {
    iam
      .on(GetAccountAuthorizationDetailsCommand)
      .resolvesOnce({ RoleDetailList: [role('one')], IsTruncated: true, Marker: 'm2' })
      .resolvesOnce({ RoleDetailList: [role('two')], IsTruncated: true, Marker: 'm3' })
      .resolvesOnce({ RoleDetailList: [role('three')], IsTruncated: false });
    const collection = await collect([iamCollector], ['AWS::IAM::Role']);
    expect(collection.errors).toEqual([]);
    expect(collection.items.filter((item) => item.resourceType === 'AWS::IAM::Role').map((item) => item.resourceName)).toEqual(['one', 'two', 'three']);
    expect(iam).toHaveReceivedCommandTimes(GetAccountAuthorizationDetailsCommand, 3);
    expect(iam).toHaveReceivedNthCommandWith(1, GetAccountAuthorizationDetailsCommand, { Filter: ['Role'], MaxItems: 1000, Marker: undefined });
    expect(iam).toHaveReceivedNthCommandWith(2, GetAccountAuthorizationDetailsCommand, { Filter: ['Role'], MaxItems: 1000, Marker: 'm2' });
    expect(iam).toHaveReceivedNthCommandWith(3, GetAccountAuthorizationDetailsCommand, { Filter: ['Role'], MaxItems: 1000, Marker: 'm3' });
    expect(callsOf(collection, 'iam', 'GetAccountAuthorizationDetails')).toBe(3);
  });

  it('retries throttling and counts the retry', async () => {
    iam.on(GetAccountAuthorizationDetailsCommand).rejectsOnce(iamError('Throttling')).resolves({ UserDetailList: [user], IsTruncated: false });
    const collection = await collect([iamCollector], ['AWS::IAM::User']);
    expect(collection.errors).toEqual([]);
    expect(collection.items.map((item) => item.resourceId)).toContain('AIDAALICE');
    expect(collection.calls).toContainEqual({ service: 'iam', operation: 'GetAccountAuthorizationDetails', calls: 2, retries: 1, errors: 0 });
  });

  it('records a denied walk as an error for exactly the requested IAM types, in the global scope', async () => {
    iam.on(GetAccountAuthorizationDetailsCommand).rejects(iamError('AccessDenied'));
    const collection = await collect([iamCollector], ['AWS::IAM::Role', 'AWS::IAM::User']);
    expect(collection.errors).toEqual([
      {
        accountId: ACCOUNT,
        region: 'global',
        resourceTypes: ['AWS::IAM::Role', 'AWS::IAM::User'],
        service: 'iam',
        operation: 'GetAccountAuthorizationDetails',
        code: 'AccessDenied',
        message: 'AccessDenied from the test',
      },
    ]);
    expect(collection.items.filter((item) => item.resourceType !== 'AWS::::Account')).toEqual([]);
  });

  it('records a denied ListPolicyTags as a tags-only error of that policy, and still collects everything else', async () => {
    iam.on(GetAccountAuthorizationDetailsCommand).resolves({ Policies: [policy('Admin', ADMIN), policy('Reader', READ_ONLY)], RoleDetailList: [role('app')], IsTruncated: false });
    iam
      .on(ListPolicyTagsCommand, { PolicyArn: `arn:aws:iam::${ACCOUNT}:policy/Admin` })
      .rejects(iamError('AccessDenied'))
      .on(ListPolicyTagsCommand, { PolicyArn: `arn:aws:iam::${ACCOUNT}:policy/Reader` })
      .resolves({ Tags: [{ Key: 'Team', Value: 'data' }] });
    const collection = await collect([iamCollector], ['AWS::IAM::Policy', 'AWS::IAM::Role']);
    expect(collection.errors).toEqual([
      {
        accountId: ACCOUNT,
        region: 'global',
        resourceTypes: ['AWS::IAM::Policy'],
        service: 'iam',
        operation: 'ListPolicyTags',
        code: 'AccessDenied',
        message: 'AccessDenied from the test',
        aspect: 'tags',
        resourceIds: ['ANPAADMIN'],
      },
    ]);
    const tagsOf = (id: string) => collection.items.find((item) => item.resourceId === id)?.tags;
    expect(tagsOf('ANPAADMIN')).toEqual({});
    expect(tagsOf('ANPAREADER')).toEqual({ Team: 'data' });
    expect(tagsOf('AROAAPP')).toEqual({ Team: 'core' });
  });

  it('keeps a policy deleted between the walk and ListPolicyTags, with a NoSuchEntity error for it', async () => {
    iam.on(GetAccountAuthorizationDetailsCommand).resolves({ Policies: [policy('Admin', ADMIN)], IsTruncated: false });
    iam.on(ListPolicyTagsCommand).rejects(new NoSuchEntityException({ $metadata: {}, message: 'gone' }));
    const collection = await collect([iamCollector], ['AWS::IAM::Policy']);
    expect(collection.errors).toEqual([
      {
        accountId: ACCOUNT,
        region: 'global',
        resourceTypes: ['AWS::IAM::Policy'],
        service: 'iam',
        operation: 'ListPolicyTags',
        code: 'NoSuchEntity',
        message: 'customer managed policy Admin (ANPAADMIN) was returned by GetAccountAuthorizationDetails but no longer exists (NoSuchEntity): deleted since the walk?',
        resourceIds: ['ANPAADMIN'],
      },
    ]);
    expect(collection.items.filter((item) => item.resourceType === 'AWS::IAM::Policy').map((item) => item.resourceId)).toEqual(['ANPAADMIN']);
  });

  describe('an entity the walk returns without its identifiers', () => {
    const malformed = (resourceType: string, message: string, resourceIds?: string[]) => ({
      accountId: ACCOUNT,
      region: 'global',
      resourceTypes: [resourceType],
      service: 'iam',
      operation: 'GetAccountAuthorizationDetails',
      code: 'MalformedResponse',
      message,
      ...(resourceIds === undefined ? {} : { resourceIds }),
    });

    it('records a policy without PolicyId as an error of AWS::IAM::Policy naming the call, keeps the others, and reads no tags for it', async () => {
      const { PolicyId: _dropped, ...noId } = policy('Ghost', ADMIN);
      iam.on(GetAccountAuthorizationDetailsCommand).resolves({ Policies: [noId, policy('Reader', READ_ONLY)], IsTruncated: false });
      iam.on(ListPolicyTagsCommand).resolves({ Tags: [] });
      const collection = await collect([iamCollector], ['AWS::IAM::Policy']);
      expect(collection.errors).toEqual([
        malformed(
          'AWS::IAM::Policy',
          `GetAccountAuthorizationDetails returned a customer managed policy without PolicyId (PolicyName Ghost, Arn arn:aws:iam::${ACCOUNT}:policy/Ghost): ` +
            'AWS Config keys AWS::IAM::Policy by its PolicyId, so it cannot be judged and AWS::IAM::Policy is incomplete in this account',
        ),
      ]);
      expect(collection.items.filter((item) => item.resourceType === 'AWS::IAM::Policy').map((item) => item.resourceId)).toEqual(['ANPAREADER']);
      expect(iam).toHaveReceivedCommandTimes(ListPolicyTagsCommand, 1);
      expect(iam).toHaveReceivedCommandWith(ListPolicyTagsCommand, { PolicyArn: `arn:aws:iam::${ACCOUNT}:policy/Reader` });
    });

    it('makes iam-policy-no-full-admin UNKNOWN for policies (incomplete), never PASS, when a policy comes without PolicyId', async () => {
      const { PolicyId: _dropped, ...noId } = policy('Ghost', ADMIN);
      iam.on(GetAccountAuthorizationDetailsCommand).resolves({ Policies: [noId, policy('Reader', READ_ONLY)], IsTruncated: false });
      iam.on(ListPolicyTagsCommand).resolves({ Tags: [] });
      const rules = [iamPolicyNoFullAdmin];
      const result = await scan({ regions: [REGION] }, mockedLiveSource([iamCollector]), defaultSettings(rules), rules);
      expect(result.evaluations.map((evaluation) => [evaluation.resource.type, evaluation.resource.id, evaluation.status, evaluation.messageId])).toEqual(
        expect.arrayContaining([
          ['AWS::IAM::Policy', 'ANPAREADER', 'PASS', expect.any(String)],
          ['AWS::IAM::Policy', '*', 'UNKNOWN', 'listFailed'],
        ]),
      );
      expect(result.evaluations.find((evaluation) => evaluation.resource.id === '*')?.message).toMatch(/iam:GetAccountAuthorizationDetails .*MalformedResponse/);
      expect(result.completeness).toEqual([expect.objectContaining({ ruleId: 'iam-policy-no-full-admin', region: 'global', complete: false })]);
    });

    it('keeps a policy with its PolicyId but without Arn or PolicyName, records it for that id alone, and calls nothing for it', async () => {
      const { Arn: _arn, PolicyName: _name, ...noArn } = policy('Nameless', ADMIN);
      iam.on(GetAccountAuthorizationDetailsCommand).resolves({ Policies: [noArn], IsTruncated: false });
      const collection = await collect([iamCollector], ['AWS::IAM::Policy']);
      expect(collection.errors).toEqual([
        malformed('AWS::IAM::Policy', 'GetAccountAuthorizationDetails returned customer managed policy ANPANAMELESS without PolicyName and Arn: it cannot be judged', ['ANPANAMELESS']),
      ]);
      expect(collection.items.filter((item) => item.resourceType === 'AWS::IAM::Policy').map((item) => item.resourceId)).toEqual(['ANPANAMELESS']);
      expect(iam).toHaveReceivedCommandTimes(ListPolicyTagsCommand, 0);
    });

    it('records a role, user or group without its id for its type, and keeps the rest', async () => {
      const { RoleId: _role, ...noRoleId } = role('ghost');
      const { UserId: _user, ...noUserId } = user;
      const { GroupId: _group, ...noGroupId } = group;
      iam.on(GetAccountAuthorizationDetailsCommand).resolves({ RoleDetailList: [noRoleId, role('app')], UserDetailList: [noUserId], GroupDetailList: [noGroupId], IsTruncated: false });
      const collection = await collect([iamCollector], ['AWS::IAM::Role', 'AWS::IAM::User', 'AWS::IAM::Group']);
      expect(collection.errors).toEqual([
        expect.objectContaining({ resourceTypes: ['AWS::IAM::Role'], operation: 'GetAccountAuthorizationDetails', code: 'MalformedResponse', message: expect.stringContaining('a role without RoleId (RoleName ghost') }),
        expect.objectContaining({ resourceTypes: ['AWS::IAM::User'], code: 'MalformedResponse', message: expect.stringContaining('a user without UserId (UserName alice') }),
        expect.objectContaining({ resourceTypes: ['AWS::IAM::Group'], code: 'MalformedResponse', message: expect.stringContaining('a group without GroupId (GroupName developers') }),
      ]);
      for (const error of collection.errors) expect(error).not.toHaveProperty('resourceIds');
      expect(collection.items.filter((item) => item.resourceType !== 'AWS::::Account').map((item) => item.resourceId)).toEqual(['AROAAPP']);
    });
  });

  it('makes iam-policy-no-full-admin UNKNOWN, never PASS, when the walk is denied', async () => {
    iam.on(GetAccountAuthorizationDetailsCommand).rejects(iamError('AccessDenied'));
    const rules = [iamPolicyNoFullAdmin];
    const result = await scan({ regions: [REGION] }, mockedLiveSource([iamCollector]), defaultSettings(rules), rules);
    expect(result.evaluations.map((evaluation) => [evaluation.resource.type, evaluation.status, evaluation.messageId])).toEqual([
      ['AWS::IAM::Policy', 'UNKNOWN', 'listFailed'],
      ['AWS::IAM::Role', 'UNKNOWN', 'listFailed'],
      ['AWS::IAM::User', 'UNKNOWN', 'listFailed'],
      ['AWS::IAM::Group', 'UNKNOWN', 'listFailed'],
    ]);
    expect(result.completeness).toEqual([expect.objectContaining({ ruleId: 'iam-policy-no-full-admin', region: 'global', complete: false })]);
  });

  it('lets iam-policy-no-full-admin judge what the walk returned', async () => {
    iam.on(GetAccountAuthorizationDetailsCommand).resolves({ Policies: [policy('Admin', ADMIN), policy('Reader', READ_ONLY)], RoleDetailList: [role('app')], UserDetailList: [user], GroupDetailList: [group], IsTruncated: false });
    iam.on(ListPolicyTagsCommand).resolves({ Tags: [] });
    const rules = [iamPolicyNoFullAdmin];
    const result = await scan({ regions: [REGION] }, mockedLiveSource([iamCollector]), defaultSettings(rules), rules);
    expect(result.errors).toEqual([]);
    expect(result.evaluations.map((evaluation) => [evaluation.resource.name, evaluation.status])).toEqual(
      expect.arrayContaining([
        ['Admin', 'FAIL'],
        ['Reader', 'PASS'],
        ['app', 'PASS'],
        ['alice', 'FAIL'],
        ['developers', 'PASS'],
      ]),
    );
  });

  it('makes one walk and one ListPolicyTags per customer managed policy, no call per role, user or group', async () => {
    iam.on(GetAccountAuthorizationDetailsCommand).resolves({
      Policies: [policy('Admin', ADMIN), policy('Reader', READ_ONLY)],
      RoleDetailList: Array.from({ length: 20 }, (_, index) => role(`role${index}`)),
      UserDetailList: [user],
      GroupDetailList: [group],
      IsTruncated: false,
    });
    iam.on(ListPolicyTagsCommand).resolves({ Tags: [] });
    await collect([iamCollector], [...ALL]);
    // The users' credentials come from one report for the account, not a call per user.
    expect(commandsSent(iam).sort()).toEqual([...REPORT_CALLS, 'GetAccountAuthorizationDetailsCommand', 'ListPolicyTagsCommand', 'ListPolicyTagsCommand'].sort());
  });

  it('costs no ListPolicyTags call when policies are not requested', async () => {
    iam.on(GetAccountAuthorizationDetailsCommand).resolves({ RoleDetailList: [role('app')], UserDetailList: [user], IsTruncated: false });
    await collect([iamCollector], ['AWS::IAM::Role', 'AWS::IAM::User']);
    expect(commandsSent(iam).sort()).toEqual([...REPORT_CALLS, 'GetAccountAuthorizationDetailsCommand'].sort());
    expect(iam).toHaveReceivedCommandWith(GetAccountAuthorizationDetailsCommand, { Filter: ['Role', 'User'] });
  });
});
