/**
 * IAM customer managed policies, roles, users and groups as AWS Config records them, all from one
 * GetAccountAuthorizationDetails walk (1000 entities per page, `Filter` limited to the requested
 * types). Policy documents stay URL-encoded, as IAM returns them and AWS Config stores them;
 * inventory/policy-document.ts decodes them.
 *
 * Roles and users carry their tags in that walk; customer managed policies do not, and IAM has no
 * bulk call for them (the Resource Groups Tagging API does not serve IAM), so ListPolicyTags runs
 * once per policy, each in its own tags-only `attempt`. Groups cannot be tagged.
 */
import {
  GetAccountAuthorizationDetailsCommand,
  IAMClient,
  ListPolicyTagsCommand,
  NoSuchEntityException,
  type AttachedPermissionsBoundary,
  type AttachedPolicy,
  type EntityType,
  type GroupDetail,
  type InstanceProfile,
  type ManagedPolicyDetail,
  type PolicyDetail,
  type RoleDetail,
  type UserDetail,
} from '@aws-sdk/client-iam';
import type { ResourceType } from '../../../model/configuration-item.js';
import { camel, tagMap, type CollectContext, type Collector, type RawItem } from '../collector.js';

const POLICY = 'AWS::IAM::Policy' as const satisfies ResourceType;
const ROLE = 'AWS::IAM::Role' as const satisfies ResourceType;
const USER = 'AWS::IAM::User' as const satisfies ResourceType;
const GROUP = 'AWS::IAM::Group' as const satisfies ResourceType;

/** The GetAccountAuthorizationDetails filter value of each type (customer managed policies only). */
const FILTERS: ReadonlyMap<ResourceType, EntityType> = new Map<ResourceType, EntityType>([
  [POLICY, 'LocalManagedPolicy'],
  [ROLE, 'Role'],
  [USER, 'User'],
  [GROUP, 'Group'],
]);

/** AWS managed policies live under the `aws` account: `arn:aws:iam::aws:policy/…`. */
const AWS_MANAGED_ARN = /^arn:aws[a-z-]*:iam::aws:policy\//;

interface Details {
  readonly policies: ManagedPolicyDetail[];
  readonly roles: RoleDetail[];
  readonly users: UserDetail[];
  readonly groups: GroupDetail[];
}

type Relationship = NonNullable<RawItem['relationships']>[number];

/** A relationship, naming the target's id only when it was collected in the same walk. */
function relationship(resourceType: ResourceType, resourceId: string | undefined, resourceName: string | undefined, name: string): Relationship {
  return { resourceType, ...(resourceId === undefined ? {} : { resourceId }), ...(resourceName === undefined ? {} : { resourceName }), name };
}

const iso = (date: Date | undefined): string | undefined => date?.toISOString();

const inlinePolicies = (policies: readonly PolicyDetail[] | undefined) =>
  policies?.map(({ PolicyName, PolicyDocument }) => ({ PolicyName, PolicyDocument }));

const attachedPolicies = (policies: readonly AttachedPolicy[] | undefined) => policies?.map(({ PolicyName, PolicyArn }) => ({ PolicyName, PolicyArn }));

const boundary = (value: AttachedPermissionsBoundary | undefined) =>
  value === undefined ? undefined : { PermissionsBoundaryType: value.PermissionsBoundaryType, PermissionsBoundaryArn: value.PermissionsBoundaryArn };

/** Instance profiles with the role fields AWS Config records for them (no documents, no tags). */
const instanceProfiles = (profiles: readonly InstanceProfile[] | undefined) =>
  profiles?.map(({ Path, InstanceProfileName, InstanceProfileId, Arn, CreateDate, Roles }) => ({
    Path,
    InstanceProfileName,
    InstanceProfileId,
    Arn,
    CreateDate,
    Roles: Roles?.map((role) => ({ Path: role.Path, RoleName: role.RoleName, RoleId: role.RoleId, Arn: role.Arn, CreateDate: role.CreateDate })),
  }));

/** Finds the ids of policies and groups collected in the same walk, for relationships. */
class Names {
  private readonly policyIds = new Map<string, string>();
  private readonly groupIds = new Map<string, string>();
  private readonly groupMembers = new Map<string, { id: string | undefined; name: string }[]>();

  constructor(details: Details) {
    for (const policy of details.policies) if (policy.Arn !== undefined && policy.PolicyId !== undefined) this.policyIds.set(policy.Arn, policy.PolicyId);
    for (const group of details.groups) if (group.GroupName !== undefined && group.GroupId !== undefined) this.groupIds.set(group.GroupName, group.GroupId);
    for (const user of details.users) {
      if (user.UserName === undefined) continue;
      for (const group of user.GroupList ?? []) {
        this.groupMembers.set(group, [...(this.groupMembers.get(group) ?? []), { id: user.UserId, name: user.UserName }]);
      }
    }
  }

  /** "Is attached to CustomerManagedPolicy", for each attached customer managed policy. */
  attachments(policies: readonly AttachedPolicy[] | undefined): Relationship[] {
    return (policies ?? []).flatMap(({ PolicyArn, PolicyName }) =>
      PolicyArn === undefined || AWS_MANAGED_ARN.test(PolicyArn)
        ? []
        : [relationship(POLICY, this.policyIds.get(PolicyArn), PolicyName, 'Is attached to CustomerManagedPolicy')],
    );
  }

  groupsOf(user: UserDetail): Relationship[] {
    return (user.GroupList ?? []).map((group) => relationship(GROUP, this.groupIds.get(group), group, 'Is attached to Group'));
  }

  /** The users of a group, known only when users were collected too. */
  membersOf(group: GroupDetail): Relationship[] {
    return (this.groupMembers.get(group.GroupName ?? '') ?? []).map((user) => relationship(USER, user.id, user.name, 'Contains User'));
  }
}

export function policyItem(policy: ManagedPolicyDetail, tags: Readonly<Record<string, string>>): RawItem | undefined {
  const { PolicyName, PolicyId, Arn, Path, DefaultVersionId, AttachmentCount, PermissionsBoundaryUsageCount, IsAttachable, Description, CreateDate, UpdateDate } = policy;
  if (PolicyId === undefined) return undefined;
  const PolicyVersionList = policy.PolicyVersionList?.map(({ Document, VersionId, IsDefaultVersion, CreateDate: created }) => ({ Document, VersionId, IsDefaultVersion, CreateDate: created }));
  return {
    resourceType: POLICY,
    resourceId: PolicyId,
    resourceName: PolicyName,
    ARN: Arn,
    availabilityZone: 'Not Applicable',
    resourceCreationTime: iso(CreateDate),
    tags,
    configuration: camel({ PolicyName, PolicyId, Arn, Path, DefaultVersionId, AttachmentCount, PermissionsBoundaryUsageCount, IsAttachable, Description, CreateDate, UpdateDate, PolicyVersionList }) as Record<string, unknown>,
  };
}

function roleItem(role: RoleDetail, names: Names): RawItem | undefined {
  const { Path, RoleName, RoleId, Arn, CreateDate, AssumeRolePolicyDocument } = role;
  if (RoleId === undefined) return undefined;
  const RoleLastUsed = role.RoleLastUsed === undefined ? undefined : { LastUsedDate: role.RoleLastUsed.LastUsedDate, Region: role.RoleLastUsed.Region };
  return {
    resourceType: ROLE,
    resourceId: RoleId,
    resourceName: RoleName,
    ARN: Arn,
    availabilityZone: 'Not Applicable',
    resourceCreationTime: iso(CreateDate),
    tags: tagMap(role.Tags),
    relationships: names.attachments(role.AttachedManagedPolicies),
    configuration: camel({
      Path,
      RoleName,
      RoleId,
      Arn,
      CreateDate,
      AssumeRolePolicyDocument,
      InstanceProfileList: instanceProfiles(role.InstanceProfileList),
      RolePolicyList: inlinePolicies(role.RolePolicyList),
      AttachedManagedPolicies: attachedPolicies(role.AttachedManagedPolicies),
      PermissionsBoundary: boundary(role.PermissionsBoundary),
      RoleLastUsed,
    }) as Record<string, unknown>,
  };
}

function userItem(user: UserDetail, names: Names): RawItem | undefined {
  const { Path, UserName, UserId, Arn, CreateDate, GroupList } = user;
  if (UserId === undefined) return undefined;
  return {
    resourceType: USER,
    resourceId: UserId,
    resourceName: UserName,
    ARN: Arn,
    availabilityZone: 'Not Applicable',
    resourceCreationTime: iso(CreateDate),
    tags: tagMap(user.Tags),
    relationships: [...names.groupsOf(user), ...names.attachments(user.AttachedManagedPolicies)],
    configuration: camel({
      Path,
      UserName,
      UserId,
      Arn,
      CreateDate,
      UserPolicyList: inlinePolicies(user.UserPolicyList),
      GroupList,
      AttachedManagedPolicies: attachedPolicies(user.AttachedManagedPolicies),
      PermissionsBoundary: boundary(user.PermissionsBoundary),
    }) as Record<string, unknown>,
  };
}

function groupItem(group: GroupDetail, names: Names): RawItem | undefined {
  const { Path, GroupName, GroupId, Arn, CreateDate } = group;
  if (GroupId === undefined) return undefined;
  return {
    resourceType: GROUP,
    resourceId: GroupId,
    resourceName: GroupName,
    ARN: Arn,
    availabilityZone: 'Not Applicable',
    resourceCreationTime: iso(CreateDate),
    relationships: [...names.membersOf(group), ...names.attachments(group.AttachedManagedPolicies)],
    configuration: camel({
      Path,
      GroupName,
      GroupId,
      Arn,
      CreateDate,
      GroupPolicyList: inlinePolicies(group.GroupPolicyList),
      AttachedManagedPolicies: attachedPolicies(group.AttachedManagedPolicies),
    }) as Record<string, unknown>,
  };
}

/** One GetAccountAuthorizationDetails walk for the requested types; what arrived before a failure is kept. */
async function authorizationDetails(context: CollectContext, iam: IAMClient, requested: readonly ResourceType[]): Promise<Details> {
  const details: Details = { policies: [], roles: [], users: [], groups: [] };
  const Filter = requested.flatMap((type) => FILTERS.get(type) ?? []);
  await context.attempt(requested, async () => {
    const pages = context.pages(
      'GetAccountAuthorizationDetails',
      (Marker) => iam.send(new GetAccountAuthorizationDetailsCommand({ Filter, MaxItems: 1000, Marker })),
      (page) => (page.IsTruncated === true ? page.Marker : undefined),
    );
    for await (const page of pages) {
      details.policies.push(...(page.Policies ?? []));
      details.roles.push(...(page.RoleDetailList ?? []));
      details.users.push(...(page.UserDetailList ?? []));
      details.groups.push(...(page.GroupDetailList ?? []));
    }
  });
  return details;
}

/** The tags of a customer managed policy: a map, `gone` if it was deleted since the walk, or undefined if the call failed (recorded). */
async function policyTags(context: CollectContext, iam: IAMClient, policy: ManagedPolicyDetail): Promise<Record<string, string> | 'gone' | undefined> {
  const { Arn, PolicyId } = policy;
  if (Arn === undefined || PolicyId === undefined) return undefined;
  let result: Record<string, string> | 'gone' | undefined;
  await context.attempt(
    [POLICY],
    async () => {
      const tags: Record<string, string> = {};
      const pages = context.pages(
        'ListPolicyTags',
        (Marker) =>
          iam.send(new ListPolicyTagsCommand({ PolicyArn: Arn, MaxItems: 1000, Marker })).catch((error: unknown) => {
            // Deleted between the walk and now: no failure, and no policy to report.
            if (error instanceof NoSuchEntityException) return 'gone' as const;
            throw error;
          }),
        (page) => (page !== 'gone' && page.IsTruncated === true ? page.Marker : undefined),
      );
      for await (const page of pages) {
        if (page === 'gone') {
          result = 'gone';
          return;
        }
        Object.assign(tags, tagMap(page.Tags));
      }
      result = tags;
    },
    { aspect: 'tags', resourceIds: [PolicyId] },
  );
  return result;
}

export const iamCollector: Collector = {
  service: 'iam',
  produces: [POLICY, ROLE, USER, GROUP],
  global: true,
  async collect(context, types) {
    const requested = [POLICY, ROLE, USER, GROUP].filter((type) => types.has(type));
    if (requested.length === 0) return;
    const iam = context.client(IAMClient);
    const details = await authorizationDetails(context, iam, requested);
    const names = new Names(details);

    // The tagging gate may read policy tags, and only ListPolicyTags has them: one call per policy.
    const tags = await Promise.all(details.policies.map((policy) => policyTags(context, iam, policy)));
    details.policies.forEach((policy, index) => {
      const policyTagMap = tags[index];
      if (policyTagMap === 'gone') return;
      const item = policyItem(policy, policyTagMap ?? {});
      if (item !== undefined) context.emit(item);
    });
    for (const role of details.roles) {
      const item = roleItem(role, names);
      if (item !== undefined) context.emit(item);
    }
    for (const user of details.users) {
      const item = userItem(user, names);
      if (item !== undefined) context.emit(item);
    }
    for (const group of details.groups) {
      const item = groupItem(group, names);
      if (item !== undefined) context.emit(item);
    }
  },
};
