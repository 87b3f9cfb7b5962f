/**
 * The scanned account, seeded in the emulator: a small account in two Regions with failures the
 * suite knows by name, the settings in an SSM parameter (as `settingsParameter` deploys them), and
 * a queue subscribed to the alerts topic to read what SNS delivered.
 *
 * eu-west-1: a VPC with two private subnets (one route table, an internet gateway attached but not
 * routed), a publicly accessible unencrypted RDS instance in them, an untagged instance `app` and a
 * tagged one `batch`, an unattached unencrypted volume, a bucket without a TLS-only policy and an
 * archive bucket whose same failure is exempted. us-east-1 (where global resources are judged): a
 * customer managed policy allowing everything, attached to a role, and a bucket.
 */
import { CreateInternetGatewayCommand, AttachInternetGatewayCommand, CreateRouteTableCommand, AssociateRouteTableCommand, CreateSubnetCommand, CreateVolumeCommand, CreateVpcCommand, DescribeImagesCommand, EC2Client, RunInstancesCommand } from '@aws-sdk/client-ec2';
import { AttachRolePolicyCommand, CreatePolicyCommand, CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { CreateDBInstanceCommand, CreateDBSubnetGroupCommand, RDSClient } from '@aws-sdk/client-rds';
import { CreateBucketCommand, PutBucketTaggingCommand, S3Client, type BucketLocationConstraint } from '@aws-sdk/client-s3';
import { EnableSecurityHubCommand, SecurityHubClient } from '@aws-sdk/client-securityhub';
import { SubscribeCommand, SNSClient } from '@aws-sdk/client-sns';
import { CreateQueueCommand, GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { clientOptions, type Emulator } from './stack.js';

export const ACCOUNT = '123456789012';
/** A member account with no gatewatch-scan role: its targets cannot be scanned. */
export const MEMBER_WITHOUT_ROLE = '210987654321';
export const REGION = 'eu-west-1';
export const HOME = 'us-east-1';

export interface SeededAccount {
  readonly vpcId: string;
  readonly subnets: readonly string[];
  readonly routeTableId: string;
  readonly internetGatewayId: string;
  readonly db: { readonly id: string; readonly arn: string };
  readonly app: { readonly id: string; readonly arn: string; readonly az: string };
  readonly batch: { readonly id: string; readonly arn: string };
  readonly volume: { readonly id: string; readonly arn: string; readonly az: string };
  readonly ordersBucket: string;
  readonly archiveBucket: string;
  readonly usBucket: string;
  readonly adminPolicyArn: string;
  readonly adminRoleArn: string;
  /** The queue subscribed to the alerts topic (raw message delivery off: SNS envelopes). */
  readonly readerQueueUrl: string;
}

/** The settings the deployed functions read from SSM. */
export function settingsYaml(archiveBucket: string): string {
  return [
    `regions: [${REGION}, ${HOME}]`,
    'requiredTags:',
    '  - key: Team',
    'securityHub:',
    `  homeRegion: ${HOME}`,
    'alerts:',
    '  minSeverity: HIGH',
    'exemptions:',
    '  - rule: s3-bucket-requires-tls',
    `    resource: "arn:aws:s3:::${archiveBucket}"`,
    '    reason: Archive bucket, read only through its access point (E2E-1)',
    // Within the settings' exemption horizon (a year from the scan) whenever the suite runs.
    `    expires: ${new Date(Date.now() + 180 * 86_400_000).toISOString().slice(0, 10)}`,
    '',
  ].join('\n');
}

const tags = (entries: Record<string, string>) => Object.entries(entries).map(([Key, Value]) => ({ Key, Value }));

export async function seedAccount(emulator: Emulator, stack: { readonly settingsParameter: string; readonly topicArn: string }): Promise<SeededAccount> {
  const at = (region: string) => clientOptions(emulator, region);
  const ec2 = new EC2Client(at(REGION));
  const ordersBucket = `gw-e2e-orders-${ACCOUNT}`;
  const archiveBucket = `gw-e2e-archive-${ACCOUNT}`;
  const usBucket = `gw-e2e-us-${ACCOUNT}`;

  await new SSMClient(at(HOME)).send(new PutParameterCommand({ Name: stack.settingsParameter, Type: 'String', Value: settingsYaml(archiveBucket), Overwrite: true }));
  for (const region of [REGION, HOME]) await new SecurityHubClient(at(region)).send(new EnableSecurityHubCommand({ EnableDefaultStandards: false }));

  // The network: two private subnets behind one route table; the internet gateway is attached, not routed.
  const vpcId = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.20.0.0/16', TagSpecifications: [{ ResourceType: 'vpc', Tags: tags({ Name: 'orders', Team: 'payments' }) }] }))).Vpc?.VpcId ?? '';
  const subnets: string[] = [];
  for (const [index, az] of ['eu-west-1a', 'eu-west-1b'].entries()) {
    const subnet = await ec2.send(
      new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: `10.20.${index + 1}.0/24`, AvailabilityZone: az, TagSpecifications: [{ ResourceType: 'subnet', Tags: tags({ Name: `orders-private-${az}`, Team: 'payments' }) }] }),
    );
    subnets.push(subnet.Subnet?.SubnetId ?? '');
  }
  const routeTableId = (await ec2.send(new CreateRouteTableCommand({ VpcId: vpcId, TagSpecifications: [{ ResourceType: 'route-table', Tags: tags({ Name: 'orders-private', Team: 'payments' }) }] }))).RouteTable?.RouteTableId ?? '';
  for (const subnet of subnets) await ec2.send(new AssociateRouteTableCommand({ RouteTableId: routeTableId, SubnetId: subnet }));
  const internetGatewayId = (await ec2.send(new CreateInternetGatewayCommand({ TagSpecifications: [{ ResourceType: 'internet-gateway', Tags: tags({ Team: 'payments' }) }] }))).InternetGateway?.InternetGatewayId ?? '';
  await ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: internetGatewayId, VpcId: vpcId }));

  // A database that fails two gates (public, unencrypted) in private subnets.
  const rds = new RDSClient(at(REGION));
  await rds.send(new CreateDBSubnetGroupCommand({ DBSubnetGroupName: 'orders-private', DBSubnetGroupDescription: 'orders, private subnets', SubnetIds: subnets, Tags: tags({ Team: 'payments' }) }));
  const db = await rds.send(
    new CreateDBInstanceCommand({
      DBInstanceIdentifier: 'orders-db',
      Engine: 'postgres',
      DBInstanceClass: 'db.t3.micro',
      AllocatedStorage: 20,
      MasterUsername: 'orders',
      MasterUserPassword: 'not-a-secret-e2e',
      DBSubnetGroupName: 'orders-private',
      PubliclyAccessible: true,
      StorageEncrypted: false,
      MultiAZ: false,
      Tags: tags({ Team: 'payments' }),
    }),
  );

  // Instances in the first private subnet: `app` lacks the Team tag, `batch` has it.
  const image = (await ec2.send(new DescribeImagesCommand({ Owners: ['amazon'] }))).Images?.[0]?.ImageId ?? '';
  const launch = async (name: string, extra: Record<string, string>) => {
    const reservation = await ec2.send(
      new RunInstancesCommand({ ImageId: image, InstanceType: 't3.micro', MinCount: 1, MaxCount: 1, SubnetId: subnets[0], TagSpecifications: [{ ResourceType: 'instance', Tags: tags({ Name: name, ...extra }) }] }),
    );
    const id = reservation.Instances?.[0]?.InstanceId ?? '';
    return { id, arn: `arn:aws:ec2:${REGION}:${ACCOUNT}:instance/${id}`, az: reservation.Instances?.[0]?.Placement?.AvailabilityZone ?? 'eu-west-1a' };
  };
  const app = await launch('app', {});
  const batch = await launch('batch', { Team: 'ops' });
  const volume = await ec2.send(
    new CreateVolumeCommand({ AvailabilityZone: app.az, Size: 100, VolumeType: 'gp3', Encrypted: false, TagSpecifications: [{ ResourceType: 'volume', Tags: tags({ Name: 'data-1' }) }] }),
  );

  // Buckets: neither policy demands TLS; the archive's failure is exempted in the settings.
  const bucket = async (name: string, region: string) => {
    const s3 = new S3Client({ ...at(region), forcePathStyle: true });
    await s3.send(new CreateBucketCommand({ Bucket: name, ...(region === 'us-east-1' ? {} : { CreateBucketConfiguration: { LocationConstraint: region as BucketLocationConstraint } }) }));
    await s3.send(new PutBucketTaggingCommand({ Bucket: name, Tagging: { TagSet: tags({ Team: 'payments' }) } }));
  };
  await bucket(ordersBucket, REGION);
  await bucket(archiveBucket, REGION);
  await bucket(usBucket, HOME);

  // IAM (global, judged in the us-east-1 target): a policy allowing everything, attached to a role.
  const iam = new IAMClient(at(HOME));
  const policy = await iam.send(
    new CreatePolicyCommand({ PolicyName: 'gw-e2e-full-admin', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }), Tags: tags({ Team: 'platform' }) }),
  );
  const role = await iam.send(
    new CreateRoleCommand({
      RoleName: 'gw-e2e-admin',
      AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] }),
      Tags: tags({ Team: 'platform' }),
    }),
  );
  await iam.send(new AttachRolePolicyCommand({ RoleName: 'gw-e2e-admin', PolicyArn: policy.Policy?.Arn }));

  // What SNS delivers, read back through SQS.
  const sqs = new SQSClient(at(HOME));
  const readerQueueUrl = (await sqs.send(new CreateQueueCommand({ QueueName: 'gw-e2e-alerts-reader' }))).QueueUrl ?? '';
  const readerArn = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: readerQueueUrl, AttributeNames: ['QueueArn'] }))).Attributes?.['QueueArn'];
  await new SNSClient(at(stack.topicArn.split(':')[3] ?? HOME)).send(new SubscribeCommand({ TopicArn: stack.topicArn, Protocol: 'sqs', Endpoint: readerArn }));

  const volumeId = volume.VolumeId ?? '';
  return {
    vpcId,
    subnets,
    routeTableId,
    internetGatewayId,
    db: { id: 'orders-db', arn: db.DBInstance?.DBInstanceArn ?? `arn:aws:rds:${REGION}:${ACCOUNT}:db:orders-db` },
    app,
    batch,
    volume: { id: volumeId, arn: `arn:aws:ec2:${REGION}:${ACCOUNT}:volume/${volumeId}`, az: app.az },
    ordersBucket,
    archiveBucket,
    usBucket,
    adminPolicyArn: policy.Policy?.Arn ?? '',
    adminRoleArn: role.Role?.Arn ?? '',
    readerQueueUrl,
  };
}
