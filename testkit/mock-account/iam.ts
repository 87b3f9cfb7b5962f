/**
 * IAM of the mocked account (global): users, groups, roles and customer managed policies, read in one
 * bulk call, and the credential report of its users and root user (ready at once, as AWS answers
 * when the current report is less than 4 hours old).
 */

import {
  GenerateCredentialReportCommand,
  GetAccountAuthorizationDetailsCommand,
  GetCredentialReportCommand,
  IAMClient,
  ListPolicyTagsCommand,
  type GetAccountAuthorizationDetailsCommandInput,
  type GetAccountAuthorizationDetailsCommandOutput,
  type GroupDetail,
  type ListPolicyTagsCommandInput,
  type ListPolicyTagsCommandOutput,
  type ManagedPolicyDetail,
  type RoleDetail,
  type UserDetail,
} from '@aws-sdk/client-iam';
import { mockClient } from 'aws-sdk-client-mock';
import { ACCOUNT, awsError, CREATED, ec2Tags, hex, nth, type Out, paginate, type Restorable, type Tags, tagsOf } from './kit.js';

const encoded = (document: unknown): string => encodeURIComponent(JSON.stringify(document));

export interface IamData {
  readonly users: UserDetail[];
  readonly groups: GroupDetail[];
  readonly roles: RoleDetail[];
  readonly policies: ManagedPolicyDetail[];
  readonly policyTags: Map<string, Tags>;
}

export function iamData(n: number): IamData {
  const allow = (action: string, resource: string) => encoded({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: resource }] });
  const trust = encoded({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
  const policies: ManagedPolicyDetail[] = Array.from({ length: n }, (_, index) => ({
    PolicyName: `app-policy-${index}`,
    PolicyId: `ANPA${hex(index, 17).toUpperCase()}`,
    Arn: `arn:aws:iam::${ACCOUNT}:policy/app-policy-${index}`,
    Path: '/',
    DefaultVersionId: 'v2',
    AttachmentCount: 1,
    PermissionsBoundaryUsageCount: 0,
    IsAttachable: true,
    Description: 'application access',
    CreateDate: CREATED,
    UpdateDate: CREATED,
    PolicyVersionList: [
      { Document: allow('s3:GetObject', `arn:aws:s3:::gatewatch-bench-${index}/*`), VersionId: 'v2', IsDefaultVersion: true, CreateDate: CREATED },
      { Document: allow('s3:ListBucket', `arn:aws:s3:::gatewatch-bench-${index}`), VersionId: 'v1', IsDefaultVersion: false, CreateDate: CREATED },
    ],
  }));
  const policyRef = (index: number) => {
    const policy = nth(policies, index);
    return { PolicyName: policy.PolicyName, PolicyArn: policy.Arn };
  };
  const groups: GroupDetail[] = Array.from({ length: n }, (_, index) => ({
    Path: '/',
    GroupName: `team-${index}`,
    GroupId: `AGPA${hex(index, 17).toUpperCase()}`,
    Arn: `arn:aws:iam::${ACCOUNT}:group/team-${index}`,
    CreateDate: CREATED,
    GroupPolicyList: [],
    AttachedManagedPolicies: [policyRef(index)],
  }));
  const users: UserDetail[] = Array.from({ length: n }, (_, index) => ({
    Path: '/',
    UserName: `user-${index}`,
    UserId: `AIDA${hex(index, 17).toUpperCase()}`,
    Arn: `arn:aws:iam::${ACCOUNT}:user/user-${index}`,
    CreateDate: CREATED,
    UserPolicyList: index % 5 === 0 ? [{ PolicyName: 'inline-read', PolicyDocument: allow('ec2:Describe*', '*') }] : [],
    GroupList: [`team-${index}`],
    AttachedManagedPolicies: [],
    Tags: ec2Tags(tagsOf('user', index)),
  }));
  const roles: RoleDetail[] = Array.from({ length: n }, (_, index) => ({
    Path: '/',
    RoleName: `app-role-${index}`,
    RoleId: `AROA${hex(index, 17).toUpperCase()}`,
    Arn: `arn:aws:iam::${ACCOUNT}:role/app-role-${index}`,
    CreateDate: CREATED,
    AssumeRolePolicyDocument: trust,
    InstanceProfileList: [],
    RolePolicyList: [],
    AttachedManagedPolicies: [policyRef(index), { PolicyName: 'ReadOnlyAccess', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }],
    RoleLastUsed: { LastUsedDate: CREATED, Region: 'eu-west-1' },
    Tags: ec2Tags(tagsOf('role', index)),
  }));
  const policyTags = new Map(policies.map((policy, index) => [policy.Arn ?? '', tagsOf('policy', index)] as const));
  return { users, groups, roles, policies, policyTags };
}

const REPORT_HEADER =
  'user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,' +
  'access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,' +
  'access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,' +
  'cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated';
const DAY_MS = 86_400_000;
/** The report's timestamps: `2026-11-23T11:00:00+00:00`. */
const reportDate = (time: number): string => new Date(time).toISOString().replace(/\.\d{3}Z$/, '+00:00');

/**
 * The credential report at `generated`: every other user has a console password, every fourth MFA,
 * every user an active key — rotated 400 days before and never used for every third (stale), else
 * rotated 10 days and used 1 day before. The root user has MFA and no access key. Dates are relative
 * to the report's time, so verdicts do not move with the clock.
 */
export function credentialReportCsv(users: readonly UserDetail[], generated: number): string {
  const created = reportDate(CREATED.getTime());
  const rows = users.map((user, index) => {
    const password = index % 2 === 0;
    const stale = index % 3 === 0;
    const rotated = reportDate(generated - (stale ? 400 : 10) * DAY_MS);
    const used = stale ? 'N/A' : reportDate(generated - DAY_MS);
    return [
      user.UserName,
      user.Arn,
      created,
      String(password),
      password ? 'no_information' : 'N/A',
      password ? created : 'N/A',
      'N/A',
      String(index % 4 === 0),
      'true',
      rotated,
      used,
      stale ? 'N/A' : 'eu-west-1',
      stale ? 'N/A' : 's3',
      'false',
      'N/A',
      'N/A',
      'N/A',
      'N/A',
      'false',
      'N/A',
      'false',
      'N/A',
    ].join(',');
  });
  const root = `<root_account>,arn:aws:iam::${ACCOUNT}:root,${created},not_supported,${reportDate(generated - 30 * DAY_MS)},not_supported,not_supported,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A`;
  return [REPORT_HEADER, root, ...rows].join('\n') + '\n';
}

export function mockIam(data: IamData): Restorable[] {
  const iam = mockClient(IAMClient);
  const { users, groups, roles, policies, policyTags } = data;
  const entities = [
    ...users.map((entity) => ({ filter: 'User', entity })),
    ...groups.map((entity) => ({ filter: 'Group', entity })),
    ...roles.map((entity) => ({ filter: 'Role', entity })),
    ...policies.map((entity) => ({ filter: 'LocalManagedPolicy', entity })),
  ];
  iam.on(GetAccountAuthorizationDetailsCommand).callsFake(async (input: GetAccountAuthorizationDetailsCommandInput): Promise<Out<GetAccountAuthorizationDetailsCommandOutput>> => {
    const filter = new Set<string>(input.Filter ?? ['User', 'Group', 'Role', 'LocalManagedPolicy', 'AWSManagedPolicy']);
    const page = paginate(`GetAccountAuthorizationDetails:${[...filter].sort().join(',')}`, entities.filter((entry) => filter.has(entry.filter)), input.Marker, input.MaxItems, 1000, 100);
    const of = <T>(kind: string) => page.items.filter((entry) => entry.filter === kind).map((entry) => entry.entity as T);
    return {
      UserDetailList: of<UserDetail>('User'),
      GroupDetailList: of<GroupDetail>('Group'),
      RoleDetailList: of<RoleDetail>('Role'),
      Policies: of<ManagedPolicyDetail>('LocalManagedPolicy'),
      IsTruncated: page.next !== undefined,
      Marker: page.next,
    };
  });
  iam.on(ListPolicyTagsCommand).callsFake(async (input: ListPolicyTagsCommandInput): Promise<Out<ListPolicyTagsCommandOutput>> => {
    const tags = policyTags.get(input.PolicyArn ?? '');
    if (tags === undefined) throw awsError('NoSuchEntity', `no policy ${String(input.PolicyArn)}`);
    const page = paginate(`ListPolicyTags:${input.PolicyArn ?? ''}`, ec2Tags(tags), input.Marker, input.MaxItems, 1000, 100);
    return { Tags: page.items.map((tag) => ({ Key: tag.Key ?? '', Value: tag.Value ?? '' })), IsTruncated: page.next !== undefined, Marker: page.next };
  });
  iam.on(GenerateCredentialReportCommand).resolves({ State: 'COMPLETE' });
  iam.on(GetCredentialReportCommand).callsFake(async () => {
    // An hour old whatever the clock: the tests' frozen clock and the real one both accept it.
    const generated = Date.now() - 3_600_000;
    return { Content: new TextEncoder().encode(credentialReportCsv(users, generated)), GeneratedTime: new Date(generated), ReportFormat: 'text/csv' };
  });
  return [iam];
}
