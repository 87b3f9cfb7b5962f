/**
 * IAM: customer managed policies, roles, users and groups, read in one bulk call, and the account's
 * credential report (users' passwords, MFA and access keys; the root user's). No call on them is
 * re-read: IAM is collected whole, so a change re-scans least privilege (see
 * inventory/events/rescan-calls.ts).
 */
import { z } from 'zod';
import type { ArnFormat } from './arn.js';
import { describeService } from './describe.js';
import { bool, loose, str } from './fields.js';
import { policyDocumentField } from '../policy-document.js';

/**
 * `arn:P:iam::ACCOUNT:KIND/PATH/NAME`, named by NAME with the ARN attached: the collector's id is
 * the unique id (AROA…), which no ARN carries. An AWS managed policy's account is `aws`: not the
 * account's.
 */
const iamArn = (kind: string): ArnFormat => ({ service: 'iam', regional: false, inAccount: true, resource: new RegExp(`^${kind}/(?:.*/)?([^/]+)$`), id: 'name' });

/**
 * A gatewatch extension: one row of the IAM credential report (GenerateCredentialReport, then
 * GetCredentialReport), in `supplementaryConfiguration.CredentialReport` of an IAM user and of the
 * root user. Dates are ISO 8601; `null` where the report says `N/A`, `no_information` or
 * `not_supported` (a key or password never used, no key in the slot, the root's password flag).
 * AWS Config's own items do not carry it, so a plain Config snapshot leaves it absent and the rules
 * reading it are UNKNOWN.
 */
export const credentialReportRow = z.looseObject({
  /** When AWS generated the report (GetCredentialReport's GeneratedTime). */
  generatedTime: z.string(),
  /** password_enabled; null for the root user (`not_supported`). */
  passwordEnabled: z.boolean().nullable(),
  /** password_last_used; null when never used or unknown. */
  passwordLastUsed: z.string().nullable(),
  mfaActive: z.boolean(),
  /** access_key_1_… and access_key_2_…: the report has two key slots. */
  accessKeys: z.array(
    z.looseObject({
      slot: z.number().int(),
      active: z.boolean(),
      /** When the key was created or last changed; null when the slot holds no key. */
      lastRotated: z.string().nullable(),
      /** When the key last signed a request; null when never. */
      lastUsedDate: z.string().nullable(),
    }),
  ),
});

const credentialReport = loose({ CredentialReport: credentialReportRow.nullish() });

const inlinePolicies = z.array(loose({ policyName: z.string(), policyDocument: policyDocumentField })).nullish();
const attachedPolicies = z.array(loose({ policyArn: str, policyName: str })).nullish();

export const iam = describeService({
  types: {
    'AWS::IAM::Policy': {
      schema: loose({
        policyName: str,
        arn: str,
        defaultVersionId: str,
        policyVersionList: z.array(loose({ versionId: str, isDefaultVersion: bool, document: policyDocumentField })).nullish(),
      }),
      taggable: true,
      global: true,
      asff: 'AwsIamPolicy',
      arn: iamArn('policy'),
      reads: ['iam:GetAccountAuthorizationDetails', 'iam:ListPolicyTags'],
    },
    'AWS::IAM::Role': {
      schema: loose({
        roleName: str,
        arn: str,
        path: str,
        assumeRolePolicyDocument: policyDocumentField,
        rolePolicyList: inlinePolicies,
        attachedManagedPolicies: attachedPolicies,
      }),
      taggable: true,
      global: true,
      asff: 'AwsIamRole',
      arn: iamArn('role'),
      reads: ['iam:GetAccountAuthorizationDetails'],
    },
    'AWS::IAM::User': {
      schema: loose({
        userName: str,
        arn: str,
        userPolicyList: inlinePolicies,
        attachedManagedPolicies: attachedPolicies,
      }),
      supplementary: credentialReport,
      taggable: true,
      global: true,
      asff: 'AwsIamUser',
      arn: iamArn('user'),
      reads: ['iam:GenerateCredentialReport', 'iam:GetAccountAuthorizationDetails', 'iam:GetCredentialReport'],
    },
    /**
     * A synthetic type: the account's root user, from the credential report's `<root_account>`
     * row. Keyed by the account id, ARN `arn:P:iam::ACCOUNT:root`. The Inventory synthesises an
     * empty one in each account's `global` scope where no source gave one, so the root never
     * vanishes from a report: without its row, its rules are UNKNOWN.
     */
    'AWS::IAM::RootUser': {
      schema: loose({ accountId: str, arn: str }),
      supplementary: credentialReport,
      taggable: false,
      global: true,
      asff: 'AwsAccount',
      arn: { service: 'iam', regional: false, inAccount: true, resource: /^(root)$/, id: (scope) => scope.accountId, build: (scope) => `arn:${scope.partition}:iam::${scope.accountId}:root` },
      reads: ['iam:GenerateCredentialReport', 'iam:GetCredentialReport'],
    },
    'AWS::IAM::Group': {
      schema: loose({
        groupName: str,
        arn: str,
        groupPolicyList: inlinePolicies,
        attachedManagedPolicies: attachedPolicies,
      }),
      taggable: false,
      global: true,
      asff: 'AwsIamGroup',
      arn: iamArn('group'),
      reads: ['iam:GetAccountAuthorizationDetails'],
    },
  },
});
