import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import {
  DescribeInstancesCommand,
  DescribeLaunchTemplatesCommand,
  DescribeLaunchTemplateVersionsCommand,
  DescribeRouteTablesCommand,
  DescribeSubnetsCommand,
  EC2ServiceException,
  type Instance,
  type LaunchTemplate,
  type LaunchTemplateVersion,
} from '@aws-sdk/client-ec2';
import { ec2InstancesCollector } from '../../../../inventory/live/collectors/ec2-instances.js';
import { ec2NetworkCollector } from '../../../../inventory/live/collectors/ec2-network.js';
import { scan } from '../../../../engine/scan.js';
import { defaultSettings } from '../../../../engine/settings.js';
import { defineRule } from '../../../../rules/lib/define-rule.js';
import ec2InstanceInPrivateSubnet from '../../../../rules/private-network/ec2-instance-in-private-subnet.js';
import { checkItemAgainstSchema } from '../../../support/config-schema.js';
import { ACCOUNT, REGION } from '../../../support/items.js';
import { callsOf, collect, mockedLiveSource, mockIdentity } from '../../../../testkit/live.js';

const SUBNET_ID = 'subnet-0a1b2c3d4e5f60012';
const VPC_ID = 'vpc-0a1b2c3d4e5f60001';

const instance = (id: string, state: 'running' | 'terminated' = 'running'): Instance =>
  state === 'terminated'
    ? {
        // A terminated instance keeps its id, type and state, and loses its network placement.
        InstanceId: id,
        InstanceType: 't3.micro',
        ImageId: 'ami-0b9f0a8c2e4d51f73',
        State: { Code: 48, Name: 'terminated' },
        StateReason: { Code: 'Client.UserInitiatedShutdown', Message: 'Client.UserInitiatedShutdown: User initiated shutdown' },
        StateTransitionReason: 'User initiated (2026-11-23 10:00:00 GMT)',
        LaunchTime: new Date('2026-11-20T09:00:00Z'),
        Placement: { AvailabilityZone: 'eu-west-1b', Tenancy: 'default' },
        NetworkInterfaces: [],
        Tags: [{ Key: 'Name', Value: `gone-${id}` }],
      }
    : {
        InstanceId: id,
        InstanceType: 't4g.large',
        ImageId: 'ami-0b9f0a8c2e4d51f73',
        AmiLaunchIndex: 0,
        Architecture: 'arm64',
        State: { Code: 16, Name: 'running' },
        SubnetId: SUBNET_ID,
        VpcId: VPC_ID,
        PrivateIpAddress: '10.0.10.101',
        PublicIpAddress: '34.242.61.10',
        PrivateDnsName: 'ip-10-0-10-101.eu-west-1.compute.internal',
        PublicDnsName: 'ec2-34-242-61-10.eu-west-1.compute.amazonaws.com',
        Ipv6Address: '2a05:d018:1a2:6b00::10',
        LaunchTime: new Date('2025-04-22T07:15:31Z'),
        Placement: { AvailabilityZone: 'eu-west-1a', AvailabilityZoneId: 'euw1-az3', GroupName: '', Tenancy: 'default', GroupId: 'pg-01' },
        Monitoring: { State: 'disabled' },
        BlockDeviceMappings: [
          {
            DeviceName: '/dev/xvda',
            Ebs: { AttachTime: new Date('2025-04-22T07:15:31Z'), DeleteOnTermination: true, Status: 'attached', VolumeId: 'vol-0741c020f60f481e9', VolumeOwnerId: ACCOUNT, Operator: { Managed: false } },
          },
        ],
        NetworkInterfaces: [
          {
            NetworkInterfaceId: `eni-of-${id}`,
            SubnetId: SUBNET_ID,
            VpcId: VPC_ID,
            Status: 'in-use',
            InterfaceType: 'interface',
            Description: '',
            MacAddress: '0a:54:2f:ad:b7:5f',
            OwnerId: ACCOUNT,
            PrivateIpAddress: '10.0.10.101',
            PrivateDnsName: 'ip-10-0-10-101.eu-west-1.compute.internal',
            SourceDestCheck: true,
            Association: { PublicIp: '34.242.61.10', IpOwnerId: 'amazon', PublicDnsName: 'ec2-34-242-61-10.eu-west-1.compute.amazonaws.com', CustomerOwnedIp: '192.0.2.1' },
            Attachment: { AttachTime: new Date('2025-04-22T07:15:31Z'), AttachmentId: 'eni-attach-01', DeleteOnTermination: true, DeviceIndex: 0, NetworkCardIndex: 0, Status: 'attached', EnaQueueCount: 2 },
            Groups: [{ GroupId: 'sg-050db5e1bb82ecda5', GroupName: 'shop-app' }],
            Ipv6Addresses: [{ Ipv6Address: '2a05:d018:1a2:6b00::10', IsPrimaryIpv6: true }],
            PrivateIpAddresses: [{ Primary: true, PrivateIpAddress: '10.0.10.101', Association: { PublicIp: '34.242.61.10' } }],
            Ipv4Prefixes: [{ Ipv4Prefix: '10.0.10.16/28' }],
            Operator: { Managed: false },
          },
        ],
        SecurityGroups: [{ GroupId: 'sg-050db5e1bb82ecda5', GroupName: 'shop-app' }],
        IamInstanceProfile: { Arn: `arn:aws:iam::${ACCOUNT}:instance-profile/orders-app`, Id: 'AIPATRZF1YDLLCBT2CKRE' },
        MetadataOptions: { State: 'applied', HttpTokens: 'required', HttpPutResponseHopLimit: 2, HttpEndpoint: 'enabled', HttpProtocolIpv6: 'disabled', InstanceMetadataTags: 'disabled' },
        CpuOptions: { CoreCount: 2, ThreadsPerCore: 1, AmdSevSnp: 'disabled' },
        MaintenanceOptions: { AutoRecovery: 'default', RebootMigration: 'default' },
        EbsOptimized: true,
        EnaSupport: true,
        Hypervisor: 'xen',
        RootDeviceName: '/dev/xvda',
        RootDeviceType: 'ebs',
        SourceDestCheck: true,
        VirtualizationType: 'hvm',
        UsageOperation: 'RunInstances',
        UsageOperationUpdateTime: new Date('2025-04-22T07:15:31Z'),
        Tags: [{ Key: 'Name', Value: `app-${id}` }, { Key: 'Team', Value: 'orders' }],
        // Fields AWS Config does not record must not leak into the item.
        SriovNetSupport: 'simple',
        Operator: { Managed: false },
        NetworkPerformanceOptions: { BandwidthWeighting: 'default' },
      };

const template = (id: string, defaultVersion = 2): LaunchTemplate => ({
  LaunchTemplateId: id,
  LaunchTemplateName: `tmpl-${id}`,
  CreateTime: new Date('2025-01-02T03:04:05Z'),
  CreatedBy: `arn:aws:iam::${ACCOUNT}:user/builder`,
  DefaultVersionNumber: defaultVersion,
  LatestVersionNumber: 3,
  Tags: [{ Key: 'Team', Value: 'platform' }],
  Operator: { Managed: false },
});

const defaultVersion = (templateId: string, publicIp: boolean, versionNumber = 2): LaunchTemplateVersion => ({
  LaunchTemplateId: templateId,
  LaunchTemplateName: `tmpl-${templateId}`,
  VersionNumber: versionNumber,
  DefaultVersion: true,
  CreateTime: new Date('2025-01-03T00:00:00Z'),
  LaunchTemplateData: {
    ImageId: 'ami-0b9f0a8c2e4d51f73',
    InstanceType: 't4g.micro',
    UserData: 'IyEvYmluL2Jhc2gKZWNobyBzZWNyZXQ=',
    MetadataOptions: { HttpTokens: 'required', HttpEndpoint: 'enabled', HttpPutResponseHopLimit: 2 },
    BlockDeviceMappings: [{ DeviceName: '/dev/xvda', Ebs: { Encrypted: true, VolumeSize: 8, VolumeType: 'gp3', Iops: 3000, Throughput: 125, VolumeInitializationRate: 100 } }],
    NetworkInterfaces: [
      {
        DeviceIndex: 0,
        AssociatePublicIpAddress: publicIp,
        SubnetId: SUBNET_ID,
        Groups: ['sg-050db5e1bb82ecda5'],
        DeleteOnTermination: true,
        Description: 'primary',
        Ipv4Prefixes: [{ Ipv4Prefix: '10.0.10.32/28' }],
        PrivateIpAddresses: [{ Primary: true, PrivateIpAddress: '10.0.10.50' }],
      },
    ],
    InstanceRequirements: { VCpuCount: { Min: 2, Max: 4 }, MemoryMiB: { Min: 4096 }, MemoryGiBPerVCpu: { Min: 1.5, Max: 4 }, CpuManufacturers: ['amazon-web-services'] },
    InstanceMarketOptions: { MarketType: 'spot', SpotOptions: { MaxPrice: '0.05', ValidUntil: new Date('2027-01-01T00:00:00Z') } },
    TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: 'Team', Value: 'platform' }] }],
  },
});

const ec2Error = (name: string, status = 403) =>
  new EC2ServiceException({ name, $fault: 'client', $metadata: { httpStatusCode: status }, message: `${name} from the test` });

/** A tiny rule on the launch template's default version, to show it is judged only on collected data. */
const launchTemplateNoPublicIp = defineRule({
  meta: {
    id: 'test-launch-template-no-public-ip',
    gate: 'private-network',
    title: 'Launch templates assign no public IP addresses',
    severity: 'MEDIUM',
    priority: 'P2',
    resourceTypes: ['AWS::EC2::LaunchTemplate'],
    controls: ['EC2.25'],
    remediation: { text: 'Set AssociatePublicIpAddress to false in a new default version.', url: 'https://docs.aws.amazon.com/autoscaling/ec2/userguide/create-launch-template.html' },
    messages: { ok: 'no public IP', publicIp: 'public IP' },
  },
  check(item, context) {
    const interfaces = item.configuration.LaunchTemplateData?.NetworkInterfaces ?? [];
    return interfaces.some((eni) => eni.AssociatePublicIpAddress === true) ? context.fail('publicIp', {}) : context.pass('ok', {});
  },
});

let mocks: ReturnType<typeof mockIdentity>;
beforeEach(() => {
  mocks = mockIdentity();
});
afterEach(() => {
  mocks.ec2.restore();
  mocks.sts.restore();
});

describe('EC2 instances collector', () => {
  it('builds instance items in the shape AWS Config records, terminated ones with their state', async () => {
    mocks.ec2.on(DescribeInstancesCommand).resolves({ Reservations: [{ Instances: [instance('i-0running'), instance('i-0gone', 'terminated')] }] });
    const collection = await collect([ec2InstancesCollector], ['AWS::EC2::Instance']);
    expect(collection.errors).toEqual([]);
    const raw = (collection.rawItems ?? []).filter((entry) => entry['resourceType'] === 'AWS::EC2::Instance');
    expect(raw).toHaveLength(2);
    const [running, gone] = raw;
    expect(running).toMatchObject({
      resourceId: 'i-0running',
      ARN: `arn:aws:ec2:${REGION}:${ACCOUNT}:instance/i-0running`,
      awsAccountId: ACCOUNT,
      awsRegion: REGION,
      availabilityZone: 'eu-west-1a',
      resourceCreationTime: '2025-04-22T07:15:31.000Z',
      tags: { Name: 'app-i-0running', Team: 'orders' },
      relationships: [
        { resourceType: 'AWS::EC2::NetworkInterface', resourceId: 'eni-of-i-0running', name: 'Contains NetworkInterface' },
        { resourceType: 'AWS::EC2::SecurityGroup', resourceId: 'sg-050db5e1bb82ecda5', name: 'Is associated with SecurityGroup' },
        { resourceType: 'AWS::EC2::Subnet', resourceId: SUBNET_ID, name: 'Is contained in Subnet' },
        { resourceType: 'AWS::EC2::VPC', resourceId: VPC_ID, name: 'Is contained in Vpc' },
        { resourceType: 'AWS::EC2::Volume', resourceId: 'vol-0741c020f60f481e9', name: 'Is attached to Volume' },
      ],
      configuration: {
        instanceId: 'i-0running',
        subnetId: SUBNET_ID,
        vpcId: VPC_ID,
        publicIpAddress: '34.242.61.10',
        state: { name: 'running' },
        launchTime: '2025-04-22T07:15:31.000Z',
        networkInterfaces: [{ networkInterfaceId: 'eni-of-i-0running', subnetId: SUBNET_ID, association: { publicIp: '34.242.61.10' }, attachment: { deviceIndex: 0 } }],
        blockDeviceMappings: [{ deviceName: '/dev/xvda', ebs: { volumeId: 'vol-0741c020f60f481e9', attachTime: '2025-04-22T07:15:31.000Z' } }],
        metadataOptions: { httpTokens: 'required' },
      },
    });
    // state.code: a number from EC2, a string in the published schema, read by no rule: left out.
    expect(running?.['configuration']).toHaveProperty('state', { name: 'running' });
    const text = JSON.stringify(running);
    for (const leaked of ['sriovNetSupport', 'operator', 'networkPerformanceOptions', 'httpProtocolIpv6', 'amdSevSnp', 'rebootMigration', 'volumeOwnerId', 'customerOwnedIp', 'enaQueueCount', 'isPrimaryIpv6', 'ipv4Prefixes', 'availabilityZoneId', 'groupId":"pg-01']) {
      expect(text).not.toContain(leaked);
    }
    expect(gone).toMatchObject({
      resourceId: 'i-0gone',
      availabilityZone: 'eu-west-1b',
      relationships: [],
      configuration: { instanceId: 'i-0gone', state: { name: 'terminated' }, stateReason: { code: 'Client.UserInitiatedShutdown' } },
    });
    for (const entry of raw) expect(checkItemAgainstSchema(entry)).toEqual([]);
  });

  it('builds launch template items with the default version data, PascalCase as AWS Config records them', async () => {
    mocks.ec2.on(DescribeLaunchTemplatesCommand).resolves({ LaunchTemplates: [template('lt-0aaa'), template('lt-0bbb', 1)] });
    mocks.ec2.on(DescribeLaunchTemplateVersionsCommand).resolves({ LaunchTemplateVersions: [defaultVersion('lt-0aaa', true), defaultVersion('lt-0bbb', false, 1)] });
    const collection = await collect([ec2InstancesCollector], ['AWS::EC2::LaunchTemplate']);
    expect(collection.errors).toEqual([]);
    const raw = (collection.rawItems ?? []).filter((entry) => entry['resourceType'] === 'AWS::EC2::LaunchTemplate');
    expect(raw.map((entry) => entry['resourceId'])).toEqual(['lt-0aaa', 'lt-0bbb']);
    expect(raw[0]).toMatchObject({
      resourceName: 'tmpl-lt-0aaa',
      ARN: `arn:aws:ec2:${REGION}:${ACCOUNT}:launch-template/lt-0aaa`,
      availabilityZone: 'Regional',
      resourceCreationTime: '2025-01-02T03:04:05.000Z',
      tags: { Team: 'platform' },
      configuration: {
        Id: 'lt-0aaa',
        LaunchTemplateName: 'tmpl-lt-0aaa',
        DefaultVersionNumber: '2',
        LatestVersionNumber: '3',
        LaunchTemplateData: {
          ImageId: 'ami-0b9f0a8c2e4d51f73',
          NetworkInterfaces: [{ DeviceIndex: 0, AssociatePublicIpAddress: true, SubnetId: SUBNET_ID, Groups: ['sg-050db5e1bb82ecda5'] }],
          InstanceMarketOptions: { SpotOptions: { ValidUntil: '2027-01-01T00:00:00.000Z' } },
        },
      },
    });
    expect(raw[1]).toMatchObject({ configuration: { DefaultVersionNumber: '1', LaunchTemplateData: { NetworkInterfaces: [{ AssociatePublicIpAddress: false }] } } });
    const text = JSON.stringify(raw[0]);
    for (const leaked of ['UserData', 'TagSpecifications', 'Ipv4Prefixes', 'VolumeInitializationRate', 'CreatedBy', 'Operator', '"Description"']) expect(text).not.toContain(leaked);
    for (const entry of raw) expect(checkItemAgainstSchema(entry)).toEqual([]);
    // The normalized item carries the fields the launch template rule reads.
    expect(collection.items.find((entry) => entry.resourceId === 'lt-0aaa')?.configuration).toMatchObject({ DefaultVersionNumber: '2' });
  });

  it('follows DescribeInstances pagination across three pages at 1000 per page, flattening reservations', async () => {
    mocks.ec2
      .on(DescribeInstancesCommand)
      .resolvesOnce({ Reservations: [{ Instances: [instance('i-1'), instance('i-2')] }, { Instances: [instance('i-3')] }], NextToken: 't2' })
      .resolvesOnce({ Reservations: [{ Instances: [instance('i-4', 'terminated')] }], NextToken: 't3' })
      .resolvesOnce({ Reservations: [{ Instances: [instance('i-5')] }] });
    const collection = await collect([ec2InstancesCollector], ['AWS::EC2::Instance']);
    expect(collection.errors).toEqual([]);
    expect(collection.items.filter((entry) => entry.resourceType === 'AWS::EC2::Instance').map((entry) => entry.resourceId)).toEqual(['i-1', 'i-2', 'i-3', 'i-4', 'i-5']);
    expect(mocks.ec2).toHaveReceivedCommandTimes(DescribeInstancesCommand, 3);
    expect(mocks.ec2).toHaveReceivedNthCommandWith(1, DescribeInstancesCommand, { MaxResults: 1000, NextToken: undefined });
    expect(mocks.ec2).toHaveReceivedNthCommandWith(2, DescribeInstancesCommand, { MaxResults: 1000, NextToken: 't2' });
    expect(mocks.ec2).toHaveReceivedNthCommandWith(3, DescribeInstancesCommand, { MaxResults: 1000, NextToken: 't3' });
    expect(callsOf(collection, 'ec2', 'DescribeInstances')).toBe(3);
  });

  it('follows both launch template walks across three pages at 200 per page, the versions walk for $Default of all templates', async () => {
    mocks.ec2
      .on(DescribeLaunchTemplatesCommand)
      .resolvesOnce({ LaunchTemplates: [template('lt-1')], NextToken: 'a2' })
      .resolvesOnce({ LaunchTemplates: [template('lt-2')], NextToken: 'a3' })
      .resolvesOnce({ LaunchTemplates: [template('lt-3')] });
    mocks.ec2
      .on(DescribeLaunchTemplateVersionsCommand)
      .resolvesOnce({ LaunchTemplateVersions: [defaultVersion('lt-3', false)], NextToken: 'b2' })
      .resolvesOnce({ LaunchTemplateVersions: [defaultVersion('lt-1', false)], NextToken: 'b3' })
      .resolvesOnce({ LaunchTemplateVersions: [defaultVersion('lt-2', true)] });
    const collection = await collect([ec2InstancesCollector], ['AWS::EC2::LaunchTemplate']);
    expect(collection.errors).toEqual([]);
    expect(collection.items.filter((entry) => entry.resourceType === 'AWS::EC2::LaunchTemplate').map((entry) => entry.resourceId)).toEqual(['lt-1', 'lt-2', 'lt-3']);
    expect(mocks.ec2).toHaveReceivedCommandTimes(DescribeLaunchTemplatesCommand, 3);
    expect(mocks.ec2).toHaveReceivedCommandTimes(DescribeLaunchTemplateVersionsCommand, 3);
    for (const [n, token] of [[1, undefined], [2, 'a2'], [3, 'a3']] as const) {
      expect(mocks.ec2).toHaveReceivedNthSpecificCommandWith(n, DescribeLaunchTemplatesCommand, { MaxResults: 200, NextToken: token });
    }
    for (const [n, token] of [[1, undefined], [2, 'b2'], [3, 'b3']] as const) {
      expect(mocks.ec2).toHaveReceivedNthSpecificCommandWith(n, DescribeLaunchTemplateVersionsCommand, { Versions: ['$Default'], MaxResults: 200, NextToken: token });
    }
    // The bulk walk names no template: it describes the default version of every one.
    for (const call of mocks.ec2.commandCalls(DescribeLaunchTemplateVersionsCommand)) {
      expect(call.args[0].input).not.toHaveProperty('LaunchTemplateId');
      expect(call.args[0].input).not.toHaveProperty('LaunchTemplateName');
    }
    expect(callsOf(collection, 'ec2', 'DescribeLaunchTemplates')).toBe(3);
    expect(callsOf(collection, 'ec2', 'DescribeLaunchTemplateVersions')).toBe(3);
  });

  it('retries throttling and counts the retry', async () => {
    mocks.ec2.on(DescribeInstancesCommand).rejectsOnce(ec2Error('RequestLimitExceeded', 503)).resolves({ Reservations: [{ Instances: [instance('i-1')] }] });
    mocks.ec2.on(DescribeLaunchTemplatesCommand).resolves({ LaunchTemplates: [template('lt-1')] });
    mocks.ec2.on(DescribeLaunchTemplateVersionsCommand).rejectsOnce(ec2Error('RequestLimitExceeded', 503)).resolves({ LaunchTemplateVersions: [defaultVersion('lt-1', false)] });
    const collection = await collect([ec2InstancesCollector], ['AWS::EC2::Instance', 'AWS::EC2::LaunchTemplate']);
    expect(collection.errors).toEqual([]);
    expect(collection.items.map((entry) => entry.resourceId)).toEqual(expect.arrayContaining(['i-1', 'lt-1']));
    expect(collection.calls).toContainEqual({ service: 'ec2', operation: 'DescribeInstances', calls: 2, retries: 1, errors: 0 });
    expect(collection.calls).toContainEqual({ service: 'ec2', operation: 'DescribeLaunchTemplateVersions', calls: 2, retries: 1, errors: 0 });
  });

  it('records a denied DescribeLaunchTemplateVersions for launch templates only, emits no template without its data, and still collects instances', async () => {
    mocks.ec2.on(DescribeInstancesCommand).resolves({ Reservations: [{ Instances: [instance('i-1')] }] });
    mocks.ec2.on(DescribeLaunchTemplatesCommand).resolves({ LaunchTemplates: [template('lt-1')] });
    mocks.ec2.on(DescribeLaunchTemplateVersionsCommand).rejects(ec2Error('UnauthorizedOperation'));
    const collection = await collect([ec2InstancesCollector], ['AWS::EC2::Instance', 'AWS::EC2::LaunchTemplate']);
    expect(collection.errors).toEqual([
      {
        accountId: ACCOUNT,
        region: REGION,
        resourceTypes: ['AWS::EC2::LaunchTemplate'],
        service: 'ec2',
        operation: 'DescribeLaunchTemplateVersions',
        code: 'UnauthorizedOperation',
        message: 'UnauthorizedOperation from the test',
      },
    ]);
    expect(collection.items.filter((entry) => entry.resourceType !== 'AWS::::Account').map((entry) => entry.resourceId)).toEqual(['i-1']);
  });

  it('records a denied DescribeInstances for instances only', async () => {
    mocks.ec2.on(DescribeInstancesCommand).rejects(ec2Error('UnauthorizedOperation'));
    mocks.ec2.on(DescribeLaunchTemplatesCommand).resolves({ LaunchTemplates: [template('lt-1')] });
    mocks.ec2.on(DescribeLaunchTemplateVersionsCommand).resolves({ LaunchTemplateVersions: [defaultVersion('lt-1', false)] });
    const collection = await collect([ec2InstancesCollector], ['AWS::EC2::Instance', 'AWS::EC2::LaunchTemplate']);
    expect(collection.errors).toEqual([
      { accountId: ACCOUNT, region: REGION, resourceTypes: ['AWS::EC2::Instance'], service: 'ec2', operation: 'DescribeInstances', code: 'UnauthorizedOperation', message: 'UnauthorizedOperation from the test' },
    ]);
    expect(collection.items.filter((entry) => entry.resourceType !== 'AWS::::Account').map((entry) => entry.resourceId)).toEqual(['lt-1']);
  });

  it('makes one call per walk for many resources: no call per instance or per template', async () => {
    mocks.ec2.on(DescribeInstancesCommand).resolves({ Reservations: Array.from({ length: 30 }, (_, index) => ({ Instances: [instance(`i-${index}`)] })) });
    mocks.ec2.on(DescribeLaunchTemplatesCommand).resolves({ LaunchTemplates: Array.from({ length: 25 }, (_, index) => template(`lt-${index}`)) });
    mocks.ec2.on(DescribeLaunchTemplateVersionsCommand).resolves({ LaunchTemplateVersions: Array.from({ length: 25 }, (_, index) => defaultVersion(`lt-${index}`, false)) });
    const collection = await collect([ec2InstancesCollector], ['AWS::EC2::Instance', 'AWS::EC2::LaunchTemplate']);
    expect(collection.errors).toEqual([]);
    expect(mocks.ec2.calls().map((call) => call.args[0].constructor.name).sort()).toEqual(
      ['DescribeInstancesCommand', 'DescribeLaunchTemplatesCommand', 'DescribeLaunchTemplateVersionsCommand'].sort(),
    );
    expect(collection.items).toHaveLength(56);

    mocks.ec2.resetHistory();
    await collect([ec2InstancesCollector], ['AWS::EC2::Instance']);
    expect(mocks.ec2.calls().map((call) => call.args[0].constructor.name)).toEqual(['DescribeInstancesCommand']);
  });

  it('describes on its own the default version of a template the bulk walk missed, and skips a template deleted meanwhile', async () => {
    mocks.ec2.on(DescribeLaunchTemplatesCommand).resolves({ LaunchTemplates: [template('lt-1'), template('lt-new'), template('lt-deleted')] });
    mocks.ec2.on(DescribeLaunchTemplateVersionsCommand).resolves({ LaunchTemplateVersions: [defaultVersion('lt-1', false)] });
    mocks.ec2.on(DescribeLaunchTemplateVersionsCommand, { LaunchTemplateId: 'lt-new' }).resolves({ LaunchTemplateVersions: [defaultVersion('lt-new', true)] });
    mocks.ec2.on(DescribeLaunchTemplateVersionsCommand, { LaunchTemplateId: 'lt-deleted' }).rejects(ec2Error('InvalidLaunchTemplateId.NotFound', 400));
    const collection = await collect([ec2InstancesCollector], ['AWS::EC2::LaunchTemplate']);
    expect(collection.errors).toEqual([]);
    expect(collection.items.filter((entry) => entry.resourceType === 'AWS::EC2::LaunchTemplate').map((entry) => entry.resourceId)).toEqual(['lt-1', 'lt-new']);
    expect(mocks.ec2).toHaveReceivedCommandWith(DescribeLaunchTemplateVersionsCommand, { LaunchTemplateId: 'lt-new', Versions: ['$Default'] });
    expect(mocks.ec2).toHaveReceivedCommandTimes(DescribeLaunchTemplateVersionsCommand, 3);
  });

  it('makes only that template UNKNOWN when its own default version call is denied', async () => {
    mocks.ec2.on(DescribeLaunchTemplatesCommand).resolves({ LaunchTemplates: [template('lt-1'), template('lt-new')] });
    mocks.ec2.on(DescribeLaunchTemplateVersionsCommand).resolves({ LaunchTemplateVersions: [defaultVersion('lt-1', false)] });
    mocks.ec2.on(DescribeLaunchTemplateVersionsCommand, { LaunchTemplateId: 'lt-new' }).rejects(ec2Error('UnauthorizedOperation'));
    const collection = await collect([ec2InstancesCollector], ['AWS::EC2::LaunchTemplate']);
    expect(collection.errors).toEqual([
      {
        accountId: ACCOUNT,
        region: REGION,
        resourceTypes: ['AWS::EC2::LaunchTemplate'],
        service: 'ec2',
        operation: 'DescribeLaunchTemplateVersions',
        code: 'UnauthorizedOperation',
        message: 'UnauthorizedOperation from the test',
        resourceIds: ['lt-new'],
      },
    ]);
    expect(collection.items.filter((entry) => entry.resourceType === 'AWS::EC2::LaunchTemplate').map((entry) => entry.resourceId)).toEqual(['lt-1']);
  });
});

describe('EC2 instances collector through a scan', () => {
  const collectors = [ec2InstancesCollector, ec2NetworkCollector];
  const instanceRules = [ec2InstanceInPrivateSubnet];

  beforeEach(() => {
    mocks.ec2.on(DescribeSubnetsCommand).resolves({ Subnets: [{ SubnetId: SUBNET_ID, VpcId: VPC_ID, OwnerId: ACCOUNT, AvailabilityZone: 'eu-west-1a', CidrBlock: '10.0.10.0/24' }] });
    mocks.ec2.on(DescribeRouteTablesCommand).resolves({
      RouteTables: [
        {
          RouteTableId: 'rtb-1',
          VpcId: VPC_ID,
          OwnerId: ACCOUNT,
          Associations: [{ Main: true, RouteTableAssociationId: 'rtbassoc-1', RouteTableId: 'rtb-1' }],
          Routes: [{ DestinationCidrBlock: '10.0.0.0/16', GatewayId: 'local', State: 'active' }],
        },
      ],
    });
  });

  it('judges running instances and treats terminated ones as not applicable', async () => {
    mocks.ec2.on(DescribeInstancesCommand).resolves({ Reservations: [{ Instances: [instance('i-0running'), instance('i-0gone', 'terminated')] }] });
    const result = await scan({ regions: [REGION] }, mockedLiveSource(collectors), defaultSettings(instanceRules), instanceRules);
    expect(result.errors).toEqual([]);
    expect(result.evaluations.map((evaluation) => [evaluation.resource.id, evaluation.status, evaluation.messageId])).toEqual([
      ['i-0gone', 'NOT_APPLICABLE', 'gone'],
      ['i-0running', 'PASS', 'private'],
    ]);
  });

  it('makes the instance rule UNKNOWN, never PASS, when DescribeInstances is denied', async () => {
    mocks.ec2.on(DescribeInstancesCommand).rejects(ec2Error('UnauthorizedOperation'));
    const result = await scan({ regions: [REGION] }, mockedLiveSource(collectors), defaultSettings(instanceRules), instanceRules);
    expect(result.evaluations.map((evaluation) => [evaluation.status, evaluation.messageId])).toEqual([['UNKNOWN', 'listFailed']]);
    expect(result.completeness).toEqual([expect.objectContaining({ ruleId: 'ec2-instance-in-private-subnet', region: REGION, complete: false })]);
  });

  it('judges launch templates on their default version, and makes them UNKNOWN, never PASS, when the versions cannot be read', async () => {
    const rules = [launchTemplateNoPublicIp];
    mocks.ec2.on(DescribeLaunchTemplatesCommand).resolves({ LaunchTemplates: [template('lt-1'), template('lt-2')] });
    mocks.ec2.on(DescribeLaunchTemplateVersionsCommand).resolves({ LaunchTemplateVersions: [defaultVersion('lt-1', false), defaultVersion('lt-2', true)] });
    const judged = await scan({ regions: [REGION] }, mockedLiveSource(collectors), defaultSettings(rules), rules);
    expect(judged.evaluations.map((evaluation) => [evaluation.resource.id, evaluation.status])).toEqual([
      ['lt-1', 'PASS'],
      ['lt-2', 'FAIL'],
    ]);

    mocks.ec2.on(DescribeLaunchTemplateVersionsCommand).rejects(ec2Error('UnauthorizedOperation'));
    const denied = await scan({ regions: [REGION] }, mockedLiveSource(collectors), defaultSettings(rules), rules);
    expect(denied.evaluations.map((evaluation) => [evaluation.status, evaluation.messageId])).toEqual([['UNKNOWN', 'listFailed']]);
  });
});
