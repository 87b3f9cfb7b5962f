/** IAM of the mocked account (global): users, groups, roles and customer managed policies, read in one bulk call. */

import {
  GetAccountAuthorizationDetailsCommand,
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
  return [iam];
}
