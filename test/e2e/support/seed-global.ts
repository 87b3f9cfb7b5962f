/**
 * The seed's account-wide resources: S3 buckets (in both Regions), IAM policies, roles, users and
 * groups, and CloudFront distributions.
 */
import {
  CreateBucketCommand,
  PutBucketEncryptionCommand,
  PutBucketPolicyCommand,
  PutBucketTaggingCommand,
  S3Client,
  type BucketLocationConstraint,
} from '@aws-sdk/client-s3';
import {
  AddUserToGroupCommand,
  AttachGroupPolicyCommand,
  CreateAccessKeyCommand,
  AttachRolePolicyCommand,
  CreateGroupCommand,
  CreateLoginProfileCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  CreateVirtualMFADeviceCommand,
  EnableMFADeviceCommand,
  GenerateCredentialReportCommand,
  IAMClient,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import { CloudFrontClient, CreateDistributionWithTagsCommand } from '@aws-sdk/client-cloudfront';
import type { ClientFactory } from '../../../aws/clients.js';
import { SHORT, TAGS, tagList, type Registry, type SeedRegion, type Tags } from './registry.js';
import { ACCOUNT, CUSTOMER_KEY } from './seed-databases.js';
import { TRAIL_BUCKET } from './seed-messaging.js';

/** A bucket policy that denies every request without TLS, on the bucket and its objects. */
export function tlsOnlyPolicy(bucket: string, resources: readonly string[] = [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`]): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Sid: 'DenyInsecureTransport', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: resources, Condition: { Bool: { 'aws:SecureTransport': 'false' } } }],
  });
}

interface BucketSpec {
  readonly name: string;
  readonly region: SeedRegion;
  readonly kms: boolean;
  readonly policy?: string;
  readonly tags: Tags;
}

export const BUCKETS: readonly BucketSpec[] = [
  { name: 'gw-e2e-secure', region: 'eu-west-1', kms: true, policy: tlsOnlyPolicy('gw-e2e-secure'), tags: TAGS.prod },
  // No policy; S3's default encryption (SSE-S3) only.
  { name: 'gw-e2e-plain', region: 'eu-west-1', kms: false, tags: TAGS.prodUntagged },
  // CloudTrail's delivery policy, no TLS condition.
  {
    name: TRAIL_BUCKET,
    region: 'eu-west-1',
    kms: false,
    policy: JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Sid: 'AWSCloudTrailWrite', Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 's3:PutObject', Resource: `arn:aws:s3:::${TRAIL_BUCKET}/AWSLogs/${ACCOUNT}/*` },
      ],
    }),
    tags: TAGS.prod,
  },
  // TLS denied on the objects only, not on the bucket itself.
  { name: 'gw-e2e-sandbox', region: 'us-east-1', kms: true, policy: tlsOnlyPolicy('gw-e2e-sandbox', ['arn:aws:s3:::gw-e2e-sandbox/*']), tags: TAGS.dev },
];

async function seedBuckets(clients: ClientFactory, registry: Registry): Promise<void> {
  for (const bucket of BUCKETS) {
    const s3 = clients(S3Client, bucket.region);
    await s3.send(
      new CreateBucketCommand({
        Bucket: bucket.name,
        ...(bucket.region === 'us-east-1' ? {} : { CreateBucketConfiguration: { LocationConstraint: bucket.region as BucketLocationConstraint } }),
      }),
    );
    if (bucket.kms) {
      await s3.send(
        new PutBucketEncryptionCommand({
          Bucket: bucket.name,
          ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: CUSTOMER_KEY }, BucketKeyEnabled: true }] },
        }),
      );
    }
    if (bucket.policy !== undefined) await s3.send(new PutBucketPolicyCommand({ Bucket: bucket.name, Policy: bucket.policy }));
    await s3.send(new PutBucketTaggingCommand({ Bucket: bucket.name, Tagging: { TagSet: tagList(bucket.tags) } }));
    registry.add({ key: `${SHORT[bucket.region]}:bucket-${bucket.name}`, type: 'AWS::S3::Bucket', region: bucket.region, id: bucket.name, tags: bucket.tags, tagging: 's3:bucket' });
  }
}

const document = (statements: readonly Record<string, unknown>[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });
const trust = (principal: Record<string, unknown> | string) =>
  document([{ Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole' }]);

export const ADMINISTRATOR_ACCESS = 'arn:aws:iam::aws:policy/AdministratorAccess';

/** Seeds IAM; returns the Lambda execution role's ARN. */
async function seedIam(clients: ClientFactory, registry: Registry): Promise<string> {
  const iam = clients(IAMClient, 'us-east-1');
  const policyArns = new Map<string, string>();
  const policy = async (name: string, statements: readonly Record<string, unknown>[], tags: Tags) => {
    const created = await iam.send(new CreatePolicyCommand({ PolicyName: name, PolicyDocument: document(statements), Tags: tagList(tags) }));
    policyArns.set(name, created.Policy?.Arn ?? '');
    registry.add({ key: `iam:policy-${name}`, type: 'AWS::IAM::Policy', region: 'global', id: created.Policy?.PolicyId ?? '', tags });
  };
  // Scoped to one bucket's objects: passes every policy rule.
  await policy('app-read', [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::gw-e2e-secure/*' }], TAGS.prod);
  // Everything on everything.
  await policy('ops-admin', [{ Effect: 'Allow', Action: '*', Resource: '*' }], TAGS.none);
  // Decrypt with every key.
  await policy('kms-reader', [{ Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*' }], TAGS.prod);

  const role = async (name: string, principal: Record<string, unknown> | string, tags: Tags, attach: readonly string[], inline?: readonly Record<string, unknown>[]) => {
    const created = await iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: trust(principal), Tags: tagList(tags) }));
    for (const arn of attach) await iam.send(new AttachRolePolicyCommand({ RoleName: name, PolicyArn: arn }));
    if (inline !== undefined) await iam.send(new PutRolePolicyCommand({ RoleName: name, PolicyName: `${name}-inline`, PolicyDocument: document(inline) }));
    registry.add({ key: `iam:role-${name}`, type: 'AWS::IAM::Role', region: 'global', id: created.Role?.RoleId ?? '', tags });
    return created.Role?.Arn ?? '';
  };
  await role('app', { Service: 'ec2.amazonaws.com' }, TAGS.prod, [policyArns.get('app-read') ?? '']);
  // Anyone may assume it, and it is an administrator.
  await role('partner', { AWS: '*' }, TAGS.prodUntagged, [ADMINISTRATOR_ACCESS]);
  const lambdaRole = await role('lambda-exec', { Service: 'lambda.amazonaws.com' }, TAGS.prod, [], [
    { Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:/aws/lambda/*` },
  ]);

  // A user with a service-wide wildcard inline, member of a group with AdministratorAccess attached.
  const user = await iam.send(new CreateUserCommand({ UserName: 'deployer', Tags: tagList(TAGS.prod) }));
  await iam.send(new PutUserPolicyCommand({ UserName: 'deployer', PolicyName: 'deploy', PolicyDocument: document([{ Effect: 'Allow', Action: 's3:*', Resource: 'arn:aws:s3:::gw-e2e-secure/*' }]) }));
  registry.add({ key: 'iam:user-deployer', type: 'AWS::IAM::User', region: 'global', id: user.User?.UserId ?? '', tags: TAGS.prod });
  const group = await iam.send(new CreateGroupCommand({ GroupName: 'admins' }));
  await iam.send(new AttachGroupPolicyCommand({ GroupName: 'admins', PolicyArn: ADMINISTRATOR_ACCESS }));
  await iam.send(new AddUserToGroupCommand({ GroupName: 'admins', UserName: 'deployer' }));
  registry.add({ key: 'iam:group-admins', type: 'AWS::IAM::Group', region: 'global', id: group.Group?.GroupId ?? '', tags: TAGS.none });
  await seedCredentials(iam, registry);
  return lambdaRole;
}

/**
 * Console and API credentials for the credential rules: `operator` signs in with a password and no
 * MFA and has a new access key; `auditor` signs in with a password and a virtual MFA device. The
 * account's root user is in the credential report (the launcher's patch adds its row: no MFA, no
 * key). The report is generated last, as an account with a current report has one: the scan's
 * GenerateCredentialReport then answers COMPLETE at once, as the call formula counts.
 */
async function seedCredentials(iam: IAMClient, registry: Registry): Promise<void> {
  const PASSWORD = 'Gatewatch-e2e-0!';
  const operator = await iam.send(new CreateUserCommand({ UserName: 'operator', Tags: tagList(TAGS.prod) }));
  await iam.send(new CreateLoginProfileCommand({ UserName: 'operator', Password: PASSWORD }));
  await iam.send(new CreateAccessKeyCommand({ UserName: 'operator' }));
  registry.add({ key: 'iam:user-operator', type: 'AWS::IAM::User', region: 'global', id: operator.User?.UserId ?? '', tags: TAGS.prod });
  const auditor = await iam.send(new CreateUserCommand({ UserName: 'auditor', Tags: tagList(TAGS.prod) }));
  await iam.send(new CreateLoginProfileCommand({ UserName: 'auditor', Password: PASSWORD }));
  const device = await iam.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'auditor' }));
  await iam.send(new EnableMFADeviceCommand({ UserName: 'auditor', SerialNumber: device.VirtualMFADevice?.SerialNumber, AuthenticationCode1: '123456', AuthenticationCode2: '654321' }));
  registry.add({ key: 'iam:user-auditor', type: 'AWS::IAM::User', region: 'global', id: auditor.User?.UserId ?? '', tags: TAGS.prod });
  registry.add({ key: 'iam:root', type: 'AWS::IAM::RootUser', region: 'global', id: ACCOUNT, tags: TAGS.none });
  await iam.send(new GenerateCredentialReportCommand({}));
}

async function seedCloudFront(clients: ClientFactory, registry: Registry): Promise<void> {
  const cloudfront = clients(CloudFrontClient, 'us-east-1');
  const distribution = async (name: string, viewerProtocolPolicy: 'redirect-to-https' | 'allow-all', tags: Tags) => {
    const created = await cloudfront.send(
      new CreateDistributionWithTagsCommand({
        DistributionConfigWithTags: {
          DistributionConfig: {
            CallerReference: name,
            Comment: name,
            Enabled: true,
            Origins: { Quantity: 1, Items: [{ Id: 'site', DomainName: 'gw-e2e-secure.s3.eu-west-1.amazonaws.com', S3OriginConfig: { OriginAccessIdentity: '' } }] },
            DefaultCacheBehavior: {
              TargetOriginId: 'site',
              ViewerProtocolPolicy: viewerProtocolPolicy,
              ForwardedValues: { QueryString: false, Cookies: { Forward: 'none' } },
              MinTTL: 0,
            },
          },
          Tags: { Items: tagList(tags) },
        },
      }),
    );
    registry.add({ key: `cf:${name}`, type: 'AWS::CloudFront::Distribution', region: 'global', id: created.Distribution?.Id ?? '', tags });
  };
  await distribution('site-https', 'redirect-to-https', TAGS.prod);
  await distribution('site-mixed', 'allow-all', TAGS.prodUntagged);
}

/** Seeds S3, IAM and CloudFront; returns the Lambda execution role's ARN. */
export async function seedGlobal(clients: ClientFactory, registry: Registry): Promise<string> {
  await seedBuckets(clients, registry);
  const lambdaRole = await seedIam(clients, registry);
  await seedCloudFront(clients, registry);
  return lambdaRole;
}
