/**
 * EC2 instances and launch templates as AWS Config records them.
 *
 * Instances: DescribeInstances, 1000 per page, reservations flattened, tags included. Terminated
 * and shutting-down instances are emitted too, with their state, as Config records them until they
 * vanish; rules treat them as not applicable.
 *
 * Launch templates: DescribeLaunchTemplates (200 per page, tags included) for the templates, and
 * DescribeLaunchTemplateVersions with `Versions: ['$Default']` and no template named, which
 * describes the default version of every template in the Region in bulk (200 per page). A
 * template whose default version the bulk walk did not return (created between the two walks)
 * has its default version described on its own, as a per-resource call.
 *
 * A change event reads only the instances it names (DescribeInstances filtered on `instance-id`,
 * see ec2-filters.ts) and the launch templates it names (by id, with their default version).
 */
import {
  DescribeInstancesCommand,
  DescribeLaunchTemplatesCommand,
  DescribeLaunchTemplateVersionsCommand,
  EC2Client,
  type Filter,
  type Instance,
  type LaunchTemplate,
  type LaunchTemplateVersion,
  type ResponseLaunchTemplateData,
} from '@aws-sdk/client-ec2';
import type { ResourceType } from '../../../model/configuration-item.js';
import { arnOf } from '../../../model/resource-types/index.js';
import { CallFailure } from '../../../aws/call-failure.js';
import { camel, namedResources, plain, tagMap, type CollectContext, type Collector, type RawItem } from '../collector.js';
import { ec2Selections } from './ec2-filters.js';
import { pickFields, type Fields } from './fields.js';

const INSTANCE = 'AWS::EC2::Instance' as const satisfies ResourceType;
const LAUNCH_TEMPLATE = 'AWS::EC2::LaunchTemplate' as const satisfies ResourceType;

export const PAGE_SIZE = {
  /** DescribeInstances: 5–1000. */
  DescribeInstances: 1000,
  /** DescribeLaunchTemplates: 1–200. */
  DescribeLaunchTemplates: 200,
  /** DescribeLaunchTemplateVersions: 1–200. */
  DescribeLaunchTemplateVersions: 200,
} as const;

/** The default version of every launch template in the Region (valid only with no template named). */
const DEFAULT_VERSIONS = ['$Default'];

/** Answers meaning the launch template no longer exists (deleted between the walks). */
const TEMPLATE_GONE = new Set(['InvalidLaunchTemplateId.NotFound', 'InvalidLaunchTemplateName.NotFoundException']);

type Relationship = NonNullable<RawItem['relationships']>[number];

function related(resourceType: string, ids: readonly (string | undefined)[], name: string): Relationship[] {
  return [...new Set(ids)].flatMap((resourceId) => (resourceId === undefined || resourceId === '' ? [] : [{ resourceType, resourceId, name }]));
}

const IP_ASSOCIATION = { CarrierIp: true, IpOwnerId: true, PublicDnsName: true, PublicIp: true } as const;

/**
 * The Instance fields AWS Config records (its published properties). `state.code` is left out:
 * the schema types it as a string while EC2 returns a number, and no rule reads it.
 */
const INSTANCE_FIELDS: Fields<Instance> = {
  AmiLaunchIndex: true,
  Architecture: true,
  BlockDeviceMappings: { DeviceName: true, Ebs: { AttachTime: true, DeleteOnTermination: true, Status: true, VolumeId: true } },
  BootMode: true,
  CapacityReservationId: true,
  CapacityReservationSpecification: {
    CapacityReservationPreference: true,
    CapacityReservationTarget: { CapacityReservationId: true, CapacityReservationResourceGroupArn: true },
  },
  ClientToken: true,
  CpuOptions: { CoreCount: true, ThreadsPerCore: true },
  CurrentInstanceBootMode: true,
  EbsOptimized: true,
  ElasticGpuAssociations: { ElasticGpuAssociationId: true, ElasticGpuAssociationState: true, ElasticGpuAssociationTime: true, ElasticGpuId: true },
  ElasticInferenceAcceleratorAssociations: {
    ElasticInferenceAcceleratorArn: true,
    ElasticInferenceAcceleratorAssociationId: true,
    ElasticInferenceAcceleratorAssociationState: true,
    ElasticInferenceAcceleratorAssociationTime: true,
  },
  EnaSupport: true,
  EnclaveOptions: { Enabled: true },
  HibernationOptions: { Configured: true },
  Hypervisor: true,
  IamInstanceProfile: { Arn: true, Id: true },
  ImageId: true,
  InstanceId: true,
  InstanceLifecycle: true,
  InstanceType: true,
  Ipv6Address: true,
  KernelId: true,
  KeyName: true,
  LaunchTime: true,
  MaintenanceOptions: { AutoRecovery: true },
  MetadataOptions: { HttpEndpoint: true, HttpPutResponseHopLimit: true, HttpTokens: true, State: true },
  Monitoring: { State: true },
  NetworkInterfaces: {
    Association: IP_ASSOCIATION,
    Attachment: { AttachTime: true, AttachmentId: true, DeleteOnTermination: true, DeviceIndex: true, NetworkCardIndex: true, Status: true },
    Description: true,
    Groups: { GroupId: true, GroupName: true },
    InterfaceType: true,
    Ipv6Addresses: { Ipv6Address: true },
    MacAddress: true,
    NetworkInterfaceId: true,
    OwnerId: true,
    PrivateDnsName: true,
    PrivateIpAddress: true,
    PrivateIpAddresses: { Association: IP_ASSOCIATION, Primary: true, PrivateDnsName: true, PrivateIpAddress: true },
    SourceDestCheck: true,
    Status: true,
    SubnetId: true,
    VpcId: true,
  },
  OutpostArn: true,
  Placement: {
    Affinity: true,
    AvailabilityZone: true,
    GroupName: true,
    HostId: true,
    HostResourceGroupArn: true,
    PartitionNumber: true,
    SpreadDomain: true,
    Tenancy: true,
  },
  Platform: true,
  PlatformDetails: true,
  PrivateDnsName: true,
  PrivateDnsNameOptions: { EnableResourceNameDnsAAAARecord: true, EnableResourceNameDnsARecord: true, HostnameType: true },
  PrivateIpAddress: true,
  ProductCodes: { ProductCodeId: true, ProductCodeType: true },
  PublicDnsName: true,
  PublicIpAddress: true,
  RamdiskId: true,
  RootDeviceName: true,
  RootDeviceType: true,
  SecurityGroups: { GroupId: true, GroupName: true },
  SourceDestCheck: true,
  SpotInstanceRequestId: true,
  State: { Name: true },
  StateReason: { Code: true, Message: true },
  StateTransitionReason: true,
  SubnetId: true,
  TpmSupport: true,
  UsageOperation: true,
  UsageOperationUpdateTime: true,
  VirtualizationType: true,
  VpcId: true,
};

const MIN_MAX = { Min: true, Max: true } as const;

/**
 * The launch template data fields AWS Config records (AWS::EC2::LaunchTemplate's published
 * properties, PascalCase). The network interfaces' `Ipv4Prefixes` / `Ipv6Prefixes` are left out:
 * the schema types them as IP addresses while EC2 returns prefixes (CIDR blocks); `UserData` is
 * not recorded.
 */
const LAUNCH_TEMPLATE_DATA_FIELDS: Fields<ResponseLaunchTemplateData> = {
  BlockDeviceMappings: {
    DeviceName: true,
    Ebs: { DeleteOnTermination: true, Encrypted: true, Iops: true, KmsKeyId: true, SnapshotId: true, Throughput: true, VolumeSize: true, VolumeType: true },
    NoDevice: true,
    VirtualName: true,
  },
  CapacityReservationSpecification: {
    CapacityReservationPreference: true,
    CapacityReservationTarget: { CapacityReservationId: true, CapacityReservationResourceGroupArn: true },
  },
  CpuOptions: { AmdSevSnp: true, CoreCount: true, ThreadsPerCore: true },
  CreditSpecification: { CpuCredits: true },
  DisableApiStop: true,
  DisableApiTermination: true,
  EbsOptimized: true,
  ElasticGpuSpecifications: { Type: true },
  ElasticInferenceAccelerators: { Count: true, Type: true },
  EnclaveOptions: { Enabled: true },
  HibernationOptions: { Configured: true },
  IamInstanceProfile: { Arn: true, Name: true },
  ImageId: true,
  InstanceInitiatedShutdownBehavior: true,
  InstanceMarketOptions: {
    MarketType: true,
    SpotOptions: { BlockDurationMinutes: true, InstanceInterruptionBehavior: true, MaxPrice: true, SpotInstanceType: true, ValidUntil: true },
  },
  InstanceRequirements: {
    AcceleratorCount: MIN_MAX,
    AcceleratorManufacturers: true,
    AcceleratorNames: true,
    AcceleratorTotalMemoryMiB: MIN_MAX,
    AcceleratorTypes: true,
    AllowedInstanceTypes: true,
    BareMetal: true,
    BaselineEbsBandwidthMbps: MIN_MAX,
    BurstablePerformance: true,
    CpuManufacturers: true,
    ExcludedInstanceTypes: true,
    InstanceGenerations: true,
    LocalStorage: true,
    LocalStorageTypes: true,
    MemoryGiBPerVCpu: MIN_MAX,
    MemoryMiB: MIN_MAX,
    NetworkBandwidthGbps: MIN_MAX,
    NetworkInterfaceCount: MIN_MAX,
    OnDemandMaxPricePercentageOverLowestPrice: true,
    RequireHibernateSupport: true,
    SpotMaxPricePercentageOverLowestPrice: true,
    TotalLocalStorageGB: MIN_MAX,
    VCpuCount: MIN_MAX,
  },
  InstanceType: true,
  KernelId: true,
  KeyName: true,
  LicenseSpecifications: { LicenseConfigurationArn: true },
  MaintenanceOptions: { AutoRecovery: true },
  MetadataOptions: { HttpEndpoint: true, HttpProtocolIpv6: true, HttpPutResponseHopLimit: true, HttpTokens: true, InstanceMetadataTags: true, State: true },
  Monitoring: { Enabled: true },
  NetworkInterfaces: {
    AssociateCarrierIpAddress: true,
    AssociatePublicIpAddress: true,
    DeleteOnTermination: true,
    DeviceIndex: true,
    Groups: true,
    InterfaceType: true,
    Ipv4PrefixCount: true,
    Ipv6AddressCount: true,
    Ipv6Addresses: { Ipv6Address: true },
    Ipv6PrefixCount: true,
    NetworkCardIndex: true,
    NetworkInterfaceId: true,
    PrivateIpAddress: true,
    PrivateIpAddresses: { Primary: true, PrivateIpAddress: true },
    SecondaryPrivateIpAddressCount: true,
    SubnetId: true,
  },
  Placement: {
    Affinity: true,
    AvailabilityZone: true,
    GroupId: true,
    GroupName: true,
    HostId: true,
    HostResourceGroupArn: true,
    PartitionNumber: true,
    SpreadDomain: true,
    Tenancy: true,
  },
  PrivateDnsNameOptions: { EnableResourceNameDnsAAAARecord: true, EnableResourceNameDnsARecord: true, HostnameType: true },
  RamDiskId: true,
  SecurityGroupIds: true,
  SecurityGroups: true,
};

export function instanceItem(context: CollectContext, instance: Instance): RawItem | undefined {
  const id = instance.InstanceId;
  if (id === undefined) return undefined;
  return {
    resourceType: INSTANCE,
    resourceId: id,
    ARN: arnOf(INSTANCE, context, id),
    availabilityZone: instance.Placement?.AvailabilityZone,
    resourceCreationTime: instance.LaunchTime?.toISOString(),
    tags: tagMap(instance.Tags),
    relationships: [
      ...related('AWS::EC2::NetworkInterface', (instance.NetworkInterfaces ?? []).map((eni) => eni.NetworkInterfaceId), 'Contains NetworkInterface'),
      ...related('AWS::EC2::SecurityGroup', (instance.SecurityGroups ?? []).map((group) => group.GroupId), 'Is associated with SecurityGroup'),
      ...related('AWS::EC2::Subnet', [instance.SubnetId], 'Is contained in Subnet'),
      ...related('AWS::EC2::VPC', [instance.VpcId], 'Is contained in Vpc'),
      ...related('AWS::EC2::Volume', (instance.BlockDeviceMappings ?? []).map((mapping) => mapping.Ebs?.VolumeId), 'Is attached to Volume'),
    ],
    configuration: camel(pickFields(instance, INSTANCE_FIELDS)) as Record<string, unknown>,
  };
}

/**
 * A launch template with its default version's data, PascalCase as AWS Config records the type.
 * Config records the version numbers as strings (the CloudFormation type's attributes), so the
 * numbers EC2 returns are written as strings.
 */
export function launchTemplateItem(context: CollectContext, template: LaunchTemplate, defaultVersion: LaunchTemplateVersion): RawItem | undefined {
  const id = template.LaunchTemplateId;
  if (id === undefined) return undefined;
  const data = defaultVersion.LaunchTemplateData;
  const configuration: Record<string, unknown> = {
    Id: id,
    LaunchTemplateName: template.LaunchTemplateName,
    DefaultVersionNumber: template.DefaultVersionNumber?.toString(),
    LatestVersionNumber: template.LatestVersionNumber?.toString(),
    LaunchTemplateData: data === undefined ? undefined : pickFields(data, LAUNCH_TEMPLATE_DATA_FIELDS),
  };
  return {
    resourceType: LAUNCH_TEMPLATE,
    resourceId: id,
    resourceName: template.LaunchTemplateName,
    ARN: arnOf(LAUNCH_TEMPLATE, context, id),
    availabilityZone: 'Regional',
    resourceCreationTime: template.CreateTime?.toISOString(),
    tags: tagMap(template.Tags),
    configuration: plain(configuration) as Record<string, unknown>,
  };
}

/** One walk of DescribeInstances: the Region's, or one filtered to the selected instances. */
async function walkInstances(context: CollectContext, ec2: EC2Client, filters: Filter[] | undefined): Promise<void> {
  const pages = context.pages(
    'DescribeInstances',
    (NextToken) => ec2.send(new DescribeInstancesCommand({ MaxResults: PAGE_SIZE.DescribeInstances, NextToken, ...(filters === undefined ? {} : { Filters: filters }) })),
    (page) => page.NextToken,
  );
  for await (const page of pages) {
    for (const reservation of page.Reservations ?? []) {
      for (const instance of reservation.Instances ?? []) {
        const item = instanceItem(context, instance);
        if (item !== undefined) context.emit(item);
      }
    }
  }
}

/** The Region's instances, or only those the request names (`instance-id`) or those of given VPCs (`vpc-id`). */
async function collectInstances(context: CollectContext, ec2: EC2Client): Promise<void> {
  const selections = ec2Selections(context.restriction(INSTANCE), 'instance-id', { 'vpc-id': 'vpc-id' });
  if (selections === undefined) {
    await context.attempt([INSTANCE], () => walkInstances(context, ec2, undefined));
    return;
  }
  await Promise.all(
    selections.map(({ filters, resourceIds }) => context.attempt([INSTANCE], () => walkInstances(context, ec2, filters), resourceIds === undefined ? {} : { resourceIds })),
  );
}

async function allTemplates(context: CollectContext, ec2: EC2Client): Promise<LaunchTemplate[]> {
  const templates: LaunchTemplate[] = [];
  const pages = context.pages(
    'DescribeLaunchTemplates',
    (NextToken) => ec2.send(new DescribeLaunchTemplatesCommand({ MaxResults: PAGE_SIZE.DescribeLaunchTemplates, NextToken })),
    (page) => page.NextToken,
  );
  for await (const page of pages) templates.push(...(page.LaunchTemplates ?? []));
  return templates;
}

/** The default version of every launch template in the Region, by template id. */
async function allDefaultVersions(context: CollectContext, ec2: EC2Client): Promise<Map<string, LaunchTemplateVersion>> {
  const versions = new Map<string, LaunchTemplateVersion>();
  const pages = context.pages(
    'DescribeLaunchTemplateVersions',
    (NextToken) => ec2.send(new DescribeLaunchTemplateVersionsCommand({ Versions: DEFAULT_VERSIONS, MaxResults: PAGE_SIZE.DescribeLaunchTemplateVersions, NextToken })),
    (page) => page.NextToken,
  );
  for await (const page of pages) {
    for (const version of page.LaunchTemplateVersions ?? []) {
      if (version.LaunchTemplateId !== undefined && version.DefaultVersion !== false) versions.set(version.LaunchTemplateId, version);
    }
  }
  return versions;
}

/** One template's default version, or undefined when the template is gone. */
async function defaultVersionOf(context: CollectContext, ec2: EC2Client, templateId: string): Promise<LaunchTemplateVersion | undefined> {
  try {
    const output = await context.call('DescribeLaunchTemplateVersions', () =>
      ec2.send(new DescribeLaunchTemplateVersionsCommand({ LaunchTemplateId: templateId, Versions: DEFAULT_VERSIONS })),
    );
    return output.LaunchTemplateVersions?.find((version) => version.LaunchTemplateId === templateId);
  } catch (error) {
    if (error instanceof CallFailure && TEMPLATE_GONE.has(error.code)) return undefined;
    throw error;
  }
}

/**
 * The named launch templates, one by id: DescribeLaunchTemplates (it has no filter on the id, and
 * an id list fails whole when one is gone), then its default version. A template EC2 answers it
 * does not know (TEMPLATE_GONE) is absent.
 */
async function collectNamedTemplates(context: CollectContext, ec2: EC2Client, ids: readonly string[]): Promise<void> {
  await Promise.all(
    [...new Set(ids)].map((id) =>
      context.attempt(
        [LAUNCH_TEMPLATE],
        async () => {
          let template: LaunchTemplate | undefined;
          try {
            const output = await context.call('DescribeLaunchTemplates', () => ec2.send(new DescribeLaunchTemplatesCommand({ LaunchTemplateIds: [id] })));
            template = output.LaunchTemplates?.find((candidate) => candidate.LaunchTemplateId === id);
          } catch (error) {
            if (error instanceof CallFailure && TEMPLATE_GONE.has(error.code)) return;
            throw error;
          }
          if (template === undefined) return;
          const version = await defaultVersionOf(context, ec2, id);
          if (version === undefined) return;
          const item = launchTemplateItem(context, template, version);
          if (item !== undefined) context.emit(item);
        },
        { resourceIds: [id] },
      ),
    ),
  );
}

async function collectLaunchTemplates(context: CollectContext, ec2: EC2Client): Promise<void> {
  const named = namedResources(context, LAUNCH_TEMPLATE);
  if (named !== undefined) {
    await collectNamedTemplates(
      context,
      ec2,
      named.map((resource) => resource.resourceId),
    );
    return;
  }
  let templates: LaunchTemplate[] = [];
  let versions = new Map<string, LaunchTemplateVersion>();
  // Both bulk walks must succeed: a template without its data would pass rules on missing data.
  await context.attempt([LAUNCH_TEMPLATE], async () => {
    const [listed, described] = await Promise.allSettled([allTemplates(context, ec2), allDefaultVersions(context, ec2)]);
    if (listed.status === 'rejected') throw listed.reason;
    if (described.status === 'rejected') throw described.reason;
    templates = listed.value;
    versions = described.value;
    for (const template of templates) {
      const id = template.LaunchTemplateId;
      const version = id === undefined ? undefined : versions.get(id);
      if (version === undefined) continue;
      const item = launchTemplateItem(context, template, version);
      if (item !== undefined) context.emit(item);
    }
  });
  // Templates created after the bulk version walk began: their default version, one by one.
  for (const template of templates) {
    const id = template.LaunchTemplateId;
    if (id === undefined || versions.has(id)) continue;
    await context.attempt(
      [LAUNCH_TEMPLATE],
      async () => {
        const version = await defaultVersionOf(context, ec2, id);
        if (version === undefined) return;
        const item = launchTemplateItem(context, template, version);
        if (item !== undefined) context.emit(item);
      },
      { resourceIds: [id] },
    );
  }
}

export const ec2InstancesCollector: Collector = {
  service: 'ec2',
  produces: [INSTANCE, LAUNCH_TEMPLATE],
  async collect(context, types) {
    const ec2 = context.client(EC2Client);
    const tasks: Promise<void>[] = [];
    if (types.has(INSTANCE)) tasks.push(collectInstances(context, ec2));
    if (types.has(LAUNCH_TEMPLATE)) tasks.push(collectLaunchTemplates(context, ec2));
    await Promise.all(tasks);
  },
};
