/**
 * Builders of IAM items for the least-privilege tests: documents in every stored form, customer
 * managed policies with versions, and roles, users and groups with inline and attached policies.
 */
import { item } from '../../support/items.js';

export type Statement = Readonly<Record<string, unknown>>;

export const doc = (statement: Statement | readonly Statement[]) => ({ Version: '2012-10-17', Statement: statement });
/** A document as AWS Config stores IAM documents: URL-encoded JSON. */
export const urlEncoded = (document: unknown) => encodeURIComponent(JSON.stringify(document));

export const version = (versionId: string, isDefaultVersion: boolean, document: unknown) => ({ versionId, isDefaultVersion, document });
export const inline = (policyName: string, policyDocument: unknown) => ({ policyName, policyDocument });
export const attached = (policyName: string, policyArn: string | null) => ({ policyName, policyArn });
export const ADMINISTRATOR_ACCESS = attached('AdministratorAccess', 'arn:aws:iam::aws:policy/AdministratorAccess');

/** A customer managed policy whose only (default) version is `document`. */
export const policy = (name: string, document: unknown) =>
  item('AWS::IAM::Policy', `ANPA${name.toUpperCase()}`, {
    policyName: name,
    arn: `arn:aws:iam::111122223333:policy/${name}`,
    defaultVersionId: 'v1',
    policyVersionList: [version('v1', true, document)],
  });

export const versionedPolicy = (name: string, versions: readonly Record<string, unknown>[], defaultVersionId = 'v1') =>
  item('AWS::IAM::Policy', `ANPA${name.toUpperCase()}`, {
    policyName: name,
    arn: `arn:aws:iam::111122223333:policy/${name}`,
    defaultVersionId,
    policyVersionList: versions,
  });

export const awsManagedPolicy = (name: string, document: unknown) =>
  item('AWS::IAM::Policy', `ANPA${name.toUpperCase()}`, {
    policyName: name,
    arn: `arn:aws:iam::aws:policy/${name}`,
    defaultVersionId: 'v1',
    policyVersionList: [version('v1', true, document)],
  });

export interface RoleShape {
  readonly inline?: readonly unknown[] | null;
  readonly attached?: readonly unknown[] | null;
  readonly trust?: unknown;
  readonly path?: string | null;
}

const SERVICE_TRUST = doc({ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' });

export const role = (name: string, shape: RoleShape = {}) =>
  item('AWS::IAM::Role', `AROA${name.toUpperCase()}`, {
    roleName: name,
    path: shape.path === undefined ? '/' : shape.path,
    arn: `arn:aws:iam::111122223333:role${shape.path ?? '/'}${name}`,
    assumeRolePolicyDocument: shape.trust === undefined ? urlEncoded(SERVICE_TRUST) : shape.trust,
    rolePolicyList: shape.inline === undefined ? [] : shape.inline,
    attachedManagedPolicies: shape.attached === undefined ? [] : shape.attached,
  });

export const user = (name: string, inlinePolicies: readonly unknown[] | null, attachedPolicies: readonly unknown[] | null = []) =>
  item('AWS::IAM::User', `AIDA${name.toUpperCase()}`, { userName: name, userPolicyList: inlinePolicies, attachedManagedPolicies: attachedPolicies });

export const group = (name: string, inlinePolicies: readonly unknown[] | null, attachedPolicies: readonly unknown[] | null = []) =>
  item('AWS::IAM::Group', `AGPA${name.toUpperCase()}`, { groupName: name, groupPolicyList: inlinePolicies, attachedManagedPolicies: attachedPolicies });
