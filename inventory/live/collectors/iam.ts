/**
 * IAM customer managed policies, roles, users and groups as AWS Config records them, all from one
 * GetAccountAuthorizationDetails walk (1000 entities per page, `Filter` limited to the requested
 * types). Policy documents stay URL-encoded, as IAM returns them and AWS Config stores them;
 * inventory/policy-document.ts decodes them.
 *
 * Roles and users carry their tags in that walk; customer managed policies do not, and IAM has no
 * bulk call for them (the Resource Groups Tagging API does not serve IAM), so ListPolicyTags runs
 * once per policy, each in its own tags-only `attempt`. Groups cannot be tagged.
 *
 * Nothing the walk returns is dropped silently. AWS Config keys every IAM type by its unique id
 * (`resourceId` is the PolicyId ANPA…, RoleId AROA…, UserId AIDA…, GroupId AGPA…), and so do
 * Config events, relationships and the finding Ids: an entity the walk returns without its id
 * cannot be keyed (an ARN key would be another resource to Security Hub, and an ARN outlives a
 * deleted and recreated entity), so it is recorded as a `MalformedResponse` of
 * GetAccountAuthorizationDetails for its whole type (that type is UNKNOWN and incomplete in the
 * account). One with its id but without its name or ARN is emitted and recorded for that id
 * alone (UNKNOWN for every rule on it). A policy deleted between the walk and ListPolicyTags is
 * still emitted, with a `NoSuchEntity` error of ListPolicyTags for it: a listed resource never
 * vanishes from the report.
 *
 * Users and the root user (`AWS::IAM::RootUser`) also carry their row of the credential report
 * (iam-credentials.ts) in `supplementaryConfiguration.CredentialReport`, matched by ARN: one report
 * for the whole account, no per-user call. A report that cannot be read is recorded under the aspect
 * `credentialReport` (only the rules reading it are UNKNOWN); a user the report does not list
 * (created after it) is recorded for that user alone, and a report without the `<root_account>` row
 * for the root user. The root user is emitted whenever it is requested, with its row or without.
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
import { CallFailure } from '../../../aws/call-failure.js';
import { camel, tagMap, type CollectContext, type Collector, type RawItem } from '../collector.js';
import { CREDENTIAL_REPORT, ROOT_ROW, readCredentialReport, type CredentialReport, type ReportRow } from './iam-credentials.js';

const POLICY = 'AWS::IAM::Policy' as const satisfies ResourceType;
const ROLE = 'AWS::IAM::Role' as const satisfies ResourceType;
const USER = 'AWS::IAM::User' as const satisfies ResourceType;
const GROUP = 'AWS::IAM::Group' as const satisfies ResourceType;
const ROOT = 'AWS::IAM::RootUser' as const satisfies ResourceType;

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

export function policyItem(policy: ManagedPolicyDetail & { PolicyId: string }, tags: Readonly<Record<string, string>>): RawItem {
  const { PolicyName, PolicyId, Arn, Path, DefaultVersionId, AttachmentCount, PermissionsBoundaryUsageCount, IsAttachable, Description, CreateDate, UpdateDate } = policy;
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

function roleItem(role: RoleDetail & { RoleId: string }, names: Names): RawItem {
  const { Path, RoleName, RoleId, Arn, CreateDate, AssumeRolePolicyDocument } = role;
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

function userItem(user: UserDetail & { UserId: string }, names: Names, report: ReportRow | undefined): RawItem {
  const { Path, UserName, UserId, Arn, CreateDate, GroupList } = user;
  return {
    ...(report === undefined ? {} : { supplementaryConfiguration: { CredentialReport: report } }),
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

function groupItem(group: GroupDetail & { GroupId: string }, names: Names): RawItem {
  const { Path, GroupName, GroupId, Arn, CreateDate } = group;
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

/** The root user of the account, with its report row when the report has one. */
function rootItem(context: CollectContext, report: ReportRow | undefined): RawItem {
  const arn = `arn:${context.partition}:iam::${context.accountId}:root`;
  return {
    resourceType: ROOT,
    resourceId: context.accountId,
    resourceName: 'root',
    ARN: arn,
    availabilityZone: 'Not Applicable',
    configuration: { accountId: context.accountId, arn },
    ...(report === undefined ? {} : { supplementaryConfiguration: { CredentialReport: report } }),
  };
}

/** The credential report, for the requested types among users and root; undefined when it could not be read (recorded). */
async function credentialReport(context: CollectContext, iam: IAMClient, types: readonly ResourceType[]): Promise<CredentialReport | undefined> {
  let report: CredentialReport | undefined;
  await context.attempt(
    types,
    async () => {
      report = await readCredentialReport(context, iam);
    },
    { aspect: CREDENTIAL_REPORT },
  );
  return report;
}

const WALK = 'GetAccountAuthorizationDetails';
/** gatewatch's code for a response that lacks what AWS documents it always holds. */
const MALFORMED = 'MalformedResponse';

/** Records a failure no SDK call threw (a malformed or contradicting answer) through the context, like any failed call. */
function recordFailure(
  context: CollectContext,
  types: readonly ResourceType[],
  operation: string,
  code: string,
  message: string,
  resourceIds?: readonly string[],
  aspect?: string,
): Promise<void> {
  return context.attempt(types, () => Promise.reject(new CallFailure('iam', operation, code, { name: code, message })), {
    ...(resourceIds === undefined ? {} : { resourceIds }),
    ...(aspect === undefined ? {} : { aspect }),
  });
}

/** How the walk names each type's identifiers, for the checks and their messages. */
const KINDS: ReadonlyMap<ResourceType, { readonly label: string; readonly id: string; readonly name: string }> = new Map([
  [POLICY, { label: 'customer managed policy', id: 'PolicyId', name: 'PolicyName' }],
  [ROLE, { label: 'role', id: 'RoleId', name: 'RoleName' }],
  [USER, { label: 'user', id: 'UserId', name: 'UserName' }],
  [GROUP, { label: 'group', id: 'GroupId', name: 'GroupName' }],
]);

interface Identity {
  readonly id: string | undefined;
  readonly name: string | undefined;
  readonly arn: string | undefined;
}

/**
 * The entities of the walk that can be keyed as AWS Config keys them (by their unique id), each
 * with its id. One without its id is recorded as a MalformedResponse for its whole type; one
 * without its name or ARN is kept and recorded for its id alone.
 */
async function keyed<T>(context: CollectContext, type: ResourceType, entities: readonly T[], identity: (entity: T) => Identity): Promise<{ entity: T; id: string }[]> {
  const kind = KINDS.get(type) ?? { label: type, id: 'id', name: 'name' };
  const kept: { entity: T; id: string }[] = [];
  for (const entity of entities) {
    const { id, name, arn } = identity(entity);
    if (id === undefined || id === '') {
      await recordFailure(
        context,
        [type],
        WALK,
        MALFORMED,
        `${WALK} returned a ${kind.label} without ${kind.id} (${kind.name} ${name ?? 'absent'}, Arn ${arn ?? 'absent'}): ` +
          `AWS Config keys ${type} by its ${kind.id}, so it cannot be judged and ${type} is incomplete in this account`,
      );
      continue;
    }
    const missing = [name === undefined || name === '' ? kind.name : undefined, arn === undefined || arn === '' ? 'Arn' : undefined].filter((field) => field !== undefined);
    if (missing.length > 0) {
      await recordFailure(context, [type], WALK, MALFORMED, `${WALK} returned ${kind.label} ${id} without ${missing.join(' and ')}: it cannot be judged`, [id]);
    }
    kept.push({ entity, id });
  }
  return kept;
}

/** The tags of a customer managed policy: a map, `gone` if it was deleted since the walk, or undefined if they could not be read (recorded). */
async function policyTags(context: CollectContext, iam: IAMClient, policy: ManagedPolicyDetail, PolicyId: string): Promise<Record<string, string> | 'gone' | undefined> {
  const { Arn } = policy;
  // Without an ARN there is no call to make: `keyed` recorded the policy as malformed.
  if (Arn === undefined || Arn === '') return undefined;
  let result: Record<string, string> | 'gone' | undefined;
  await context.attempt(
    [POLICY],
    async () => {
      const tags: Record<string, string> = {};
      const pages = context.pages(
        'ListPolicyTags',
        (Marker) =>
          iam.send(new ListPolicyTagsCommand({ PolicyArn: Arn, MaxItems: 1000, Marker })).catch((error: unknown) => {
            // Deleted between the walk and now: a fact about this policy, recorded by the caller.
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
  produces: [POLICY, ROLE, USER, GROUP, ROOT],
  global: true,
  async collect(context, types) {
    const requested = [POLICY, ROLE, USER, GROUP].filter((type) => types.has(type));
    const reportTypes = [USER, ROOT].filter((type) => types.has(type));
    if (requested.length === 0 && reportTypes.length === 0) return;
    const iam = context.client(IAMClient);
    // The report and the walk are independent: run them side by side.
    const [report, details] = await Promise.all([
      reportTypes.length === 0 ? undefined : credentialReport(context, iam, reportTypes),
      requested.length === 0 ? { policies: [], roles: [], users: [], groups: [] } : authorizationDetails(context, iam, requested),
    ]);
    if (types.has(ROOT)) {
      if (report !== undefined && report.root === undefined) {
        await recordFailure(context, [ROOT], 'GetCredentialReport', 'RootNotInReport', `the credential report generated at ${report.generatedTime} has no ${ROOT_ROW} row`, undefined, CREDENTIAL_REPORT);
      }
      context.emit(rootItem(context, report?.root));
    }
    const names = new Names(details);

    const policies = await keyed(context, POLICY, details.policies, (policy) => ({ id: policy.PolicyId, name: policy.PolicyName, arn: policy.Arn }));
    const roles = await keyed(context, ROLE, details.roles, (role) => ({ id: role.RoleId, name: role.RoleName, arn: role.Arn }));
    const users = await keyed(context, USER, details.users, (user) => ({ id: user.UserId, name: user.UserName, arn: user.Arn }));
    const groups = await keyed(context, GROUP, details.groups, (group) => ({ id: group.GroupId, name: group.GroupName, arn: group.Arn }));

    // The tagging gate may read policy tags, and only ListPolicyTags has them: one call per policy.
    const tags = await Promise.all(policies.map(({ entity, id }) => policyTags(context, iam, entity, id)));
    for (const [index, { entity, id }] of policies.entries()) {
      const policyTagMap = tags[index];
      if (policyTagMap === 'gone') {
        // Still emitted, with what the walk gave: the error makes it UNKNOWN for every rule instead of vanishing.
        await recordFailure(
          context,
          [POLICY],
          'ListPolicyTags',
          'NoSuchEntity',
          `customer managed policy ${entity.PolicyName ?? id} (${id}) was returned by ${WALK} but no longer exists (NoSuchEntity): deleted since the walk?`,
          [id],
        );
      }
      context.emit(policyItem({ ...entity, PolicyId: id }, policyTagMap === 'gone' ? {} : (policyTagMap ?? {})));
    }
    for (const { entity, id } of roles) context.emit(roleItem({ ...entity, RoleId: id }, names));
    for (const { entity, id } of users) {
      const row = report?.users.get(entity.Arn ?? '');
      if (report !== undefined && row === undefined) {
        await recordFailure(
          context,
          [USER],
          'GetCredentialReport',
          'UserNotInReport',
          `user ${entity.UserName ?? id} is not in the credential report generated at ${report.generatedTime} (created after it?)`,
          [id],
          CREDENTIAL_REPORT,
        );
      }
      context.emit(userItem({ ...entity, UserId: id }, names, row));
    }
    for (const { entity, id } of groups) context.emit(groupItem({ ...entity, GroupId: id }, names));
  },
};
