/**
 * IAM: customer managed policies, roles, users and groups, read in one bulk call. No call on them
 * is re-read: IAM is collected whole, so a change re-scans least privilege (see
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
      taggable: true,
      global: true,
      asff: 'AwsIamUser',
      arn: iamArn('user'),
      reads: ['iam:GetAccountAuthorizationDetails'],
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
