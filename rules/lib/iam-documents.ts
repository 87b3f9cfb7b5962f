/**
 * The identity-policy documents a least-privilege rule judges for one IAM item: the default
 * version of a customer managed policy, or the inline policies of a role, user or group (their
 * attached managed policies are items of their own, or AWS managed and judged by attachment).
 * Each document carries the name messages use for it (`deploy of role ci-deployer`).
 */
import { displayName, type ConfigurationItem } from '../../model/configuration-item.js';
import type { PolicyDocument } from '../../model/policy-document.js';

export type IdentityPolicyType = 'AWS::IAM::Policy' | 'AWS::IAM::Role' | 'AWS::IAM::User' | 'AWS::IAM::Group';
export const IDENTITY_POLICY_TYPES = ['AWS::IAM::Policy', 'AWS::IAM::Role', 'AWS::IAM::User', 'AWS::IAM::Group'] as const satisfies readonly IdentityPolicyType[];

/** AWS managed policies live under the `aws` account in their ARN (`arn:aws:iam::aws:policy/…`). */
export const AWS_MANAGED_POLICY_ARN = /^arn:aws[a-z-]*:iam::aws:policy\//;

/** A document to judge and the name messages use for it. */
export interface NamedDocument {
  readonly policy: string;
  readonly document: PolicyDocument;
}

/** What an IAM item gives a policy rule to judge, or why it gives nothing. */
export type IdentityDocuments =
  /** A customer managed policy: the document of its default version. */
  | { readonly kind: 'managed'; readonly policy: string; readonly documents: readonly NamedDocument[] }
  /** A principal's inline policies; `missing` names those whose document was not recorded. */
  | {
      readonly kind: 'inline';
      readonly principal: string;
      readonly policies: string;
      readonly documents: readonly NamedDocument[];
      readonly missing: readonly string[];
    }
  | { readonly kind: 'awsManaged'; readonly policy: string }
  | { readonly kind: 'noDefaultVersion'; readonly policy: string; readonly version: string }
  | { readonly kind: 'noDocument'; readonly policy: string; readonly version: string }
  | { readonly kind: 'noInlinePolicies'; readonly principal: string };

/** The default version of a customer managed policy: flagged as default, else named by defaultVersionId. */
function defaultVersion(item: ConfigurationItem<'AWS::IAM::Policy'>) {
  const versions = item.configuration.policyVersionList ?? [];
  const { defaultVersionId } = item.configuration;
  return (
    versions.find((version) => version.isDefaultVersion === true) ??
    (defaultVersionId ? versions.find((version) => version.versionId === defaultVersionId) : undefined)
  );
}

/** The principal's kind and name (`role deployer`) and its inline policies. */
export function principalOf(item: ConfigurationItem<Exclude<IdentityPolicyType, 'AWS::IAM::Policy'>>): {
  readonly principal: string;
  readonly inline: readonly { readonly policyName: string; readonly policyDocument?: PolicyDocument | null | undefined }[];
} {
  switch (item.resourceType) {
    case 'AWS::IAM::Role':
      return { principal: `role ${item.configuration.roleName ?? displayName(item)}`, inline: item.configuration.rolePolicyList ?? [] };
    case 'AWS::IAM::User':
      return { principal: `user ${item.configuration.userName ?? displayName(item)}`, inline: item.configuration.userPolicyList ?? [] };
    case 'AWS::IAM::Group':
      return { principal: `group ${item.configuration.groupName ?? displayName(item)}`, inline: item.configuration.groupPolicyList ?? [] };
  }
}

/** The documents of an IAM item that a policy rule judges. */
export function identityDocumentsOf(item: ConfigurationItem<IdentityPolicyType>): IdentityDocuments {
  if (item.resourceType === 'AWS::IAM::Policy') {
    const policy = item.configuration.policyName ?? displayName(item);
    if (AWS_MANAGED_POLICY_ARN.test(item.configuration.arn ?? item.ARN ?? '')) return { kind: 'awsManaged', policy };
    const version = defaultVersion(item);
    if (version === undefined) return { kind: 'noDefaultVersion', policy, version: item.configuration.defaultVersionId ?? 'none' };
    if (version.document === null || version.document === undefined) {
      return { kind: 'noDocument', policy, version: version.versionId ?? item.configuration.defaultVersionId ?? 'unnamed' };
    }
    return { kind: 'managed', policy, documents: [{ policy, document: version.document }] };
  }
  const { principal, inline } = principalOf(item);
  if (inline.length === 0) return { kind: 'noInlinePolicies', principal };
  const documents: NamedDocument[] = [];
  const missing: string[] = [];
  for (const entry of inline) {
    const policy = `${entry.policyName} of ${principal}`;
    if (entry.policyDocument === null || entry.policyDocument === undefined) missing.push(policy);
    else documents.push({ policy, document: entry.policyDocument });
  }
  return { kind: 'inline', principal, policies: inline.map((entry) => entry.policyName).join(', '), documents, missing };
}

/** At most `max` entries of a list, then "and K more": `a, b, c and 4 more`. */
export function listSome(entries: readonly string[], max = 5): string {
  return listCounted(entries.slice(0, max), entries.length, max);
}

/** {@link listSome} of a list known by its first entries and its length: `first` holds at least `max` entries, or all of them. */
export function listCounted(first: readonly string[], total: number, max = 5): string {
  if (total <= max) return first.slice(0, total).join(', ');
  return `${first.slice(0, max).join(', ')} and ${total - max} more`;
}

/** The kinds of {@link IdentityDocuments} that give a rule nothing to judge. */
export type NothingToJudge = Exclude<IdentityDocuments, { readonly kind: 'managed' | 'inline' }>;

/**
 * The verdict for an item with nothing to judge, shaped as a rule's verdict (the rule defines
 * the four message ids): an AWS managed policy or a principal without inline policies is not
 * applicable; a policy whose default version or its document was not recorded is unknown.
 */
export function nothingToJudge(subject: NothingToJudge): {
  readonly status: 'NOT_APPLICABLE' | 'UNKNOWN';
  readonly messageId: NothingToJudge['kind'];
  readonly data: Readonly<Record<string, string>>;
} {
  switch (subject.kind) {
    case 'awsManaged':
      return { status: 'NOT_APPLICABLE', messageId: subject.kind, data: { policy: subject.policy } };
    case 'noInlinePolicies':
      return { status: 'NOT_APPLICABLE', messageId: subject.kind, data: { principal: subject.principal } };
    case 'noDefaultVersion':
    case 'noDocument':
      return { status: 'UNKNOWN', messageId: subject.kind, data: { policy: subject.policy, version: subject.version } };
  }
}
