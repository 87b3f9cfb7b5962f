/**
 * EC2: instances and launch templates, the network (VPCs, subnets, route tables, internet
 * gateways, VPC endpoints, network interfaces) and volumes. Every EC2 id tells its type by its
 * prefix, which is how the event adapter reads the ids a call names.
 */
import { z } from 'zod';
import { slashNamed } from './arn.js';
import { calls, type CallDetail, type ChangedResource, type Path, type Reading } from './calls.js';
import { describeService } from './describe.js';
import { bool, int, loose, str } from './fields.js';

/** An EC2 resource by its id, with the ARN the EC2 collectors give it; an id of another kind rejects the call. */
function ec2RefOf(call: CallDetail, id: string, path: Path): ChangedResource {
  return call.idRef('ec2', id) ?? call.reject(path, `${id} is not an EC2 id of the expected kind`);
}

const ec2At =
  (path: Path) =>
  (call: CallDetail): Reading => [ec2RefOf(call, call.text(path), path)];

/** The launched instances, and the network interfaces the launch created with them (a private-network rule judges those). */
const instancesLaunched = (call: CallDetail): Reading =>
  call.list(['responseElements', 'instancesSet', 'items']).flatMap((_, index) => {
    const base = ['responseElements', 'instancesSet', 'items', index];
    const instance = ec2RefOf(call, call.text([...base, 'instanceId']), [...base, 'instanceId']);
    const interfaces = call.value([...base, 'networkInterfaceSet', 'items']);
    const enis = (Array.isArray(interfaces) ? (interfaces as readonly unknown[]) : []).flatMap((_, eni) => {
      const path = [...base, 'networkInterfaceSet', 'items', eni, 'networkInterfaceId'];
      const id = call.optionalText(path);
      return id === undefined ? [] : [ec2RefOf(call, id, path)];
    });
    return [instance, ...enis];
  });

/** An Elastic IP goes to an instance or to a network interface: re-read whichever the call names. */
function addressAssociated(call: CallDetail): Reading {
  const instance = call.optionalText(['requestParameters', 'instanceId']);
  if (instance !== undefined) return [ec2RefOf(call, instance, ['requestParameters', 'instanceId'])];
  const eni = call.optionalText(['requestParameters', 'networkInterfaceId']);
  if (eni !== undefined) return [ec2RefOf(call, eni, ['requestParameters', 'networkInterfaceId'])];
  return call.reject(['requestParameters', 'instanceId'], 'expected a non-empty string, or a networkInterfaceId');
}

/** CreateTags/DeleteTags: the ids of the described EC2 types, by prefix; the others (sg-, ami-, …) skipped. */
function ec2Tagged(call: CallDetail): Reading {
  const path = ['requestParameters', 'resourcesSet', 'items'];
  const ids = call.list(path).map((_, index) => call.text([...path, index, 'resourceId']));
  const refs = ids.flatMap((id) => call.idRef('ec2', id) ?? []);
  return refs.length > 0 ? refs : { ignored: `${call.eventName} on ${ids.join(', ')}: no resource of a type gatewatch has rules for` };
}

export const ec2 = describeService({
  types: {
    'AWS::EC2::Instance': {
      schema: loose({
        instanceId: str,
        subnetId: str,
        vpcId: str,
        publicIpAddress: str,
        state: loose({ name: str }).nullish(),
        networkInterfaces: z
          .array(
            loose({
              networkInterfaceId: str,
              subnetId: str,
              association: loose({ publicIp: str }).nullish(),
              /** The public IP of each private address: an Elastic IP on a secondary private address shows only here. */
              privateIpAddresses: z.array(loose({ privateIpAddress: str, association: loose({ publicIp: str }).nullish() })).nullish(),
            }),
          )
          .nullish(),
      }),
      taggable: true,
      asff: 'AwsEc2Instance',
      arn: slashNamed('ec2', 'instance', { idPrefix: 'i-' }),
      reads: ['ec2:DescribeInstances'],
      changedBy: [
        calls('ec2', ['RunInstances'], instancesLaunched),
        calls('ec2', ['ModifyInstanceAttribute'], ec2At(['requestParameters', 'instanceId'])),
        calls('ec2', ['AssociateAddress'], addressAssociated),
      ],
    },
    'AWS::EC2::LaunchTemplate': {
      schema: loose({
        LaunchTemplateName: str,
        DefaultVersionNumber: z.union([z.string(), z.number()]).nullish(),
        /** The data of the default version. */
        LaunchTemplateData: loose({
          NetworkInterfaces: z.array(loose({ AssociatePublicIpAddress: bool, DeviceIndex: int, SubnetId: str })).nullish(),
        }).nullish(),
      }),
      taggable: true,
      asff: 'AwsEc2LaunchTemplate',
      arn: slashNamed('ec2', 'launch-template', { idPrefix: 'lt-' }),
      reads: ['ec2:DescribeLaunchTemplateVersions', 'ec2:DescribeLaunchTemplates'],
    },
    'AWS::EC2::VPC': {
      schema: loose({ vpcId: str, cidrBlock: str, isDefault: bool }),
      taggable: true,
      asff: 'AwsEc2Vpc',
      arn: slashNamed('ec2', 'vpc', { idPrefix: 'vpc-' }),
      reads: ['ec2:DescribeVpcs'],
    },
    'AWS::EC2::Subnet': {
      schema: loose({
        subnetId: str,
        vpcId: str,
        availabilityZone: str,
        mapPublicIpOnLaunch: bool,
        defaultForAz: bool,
        cidrBlock: str,
      }),
      taggable: true,
      asff: 'AwsEc2Subnet',
      arn: slashNamed('ec2', 'subnet', { idPrefix: 'subnet-' }),
      reads: ['ec2:DescribeSubnets'],
    },
    'AWS::EC2::RouteTable': {
      schema: loose({
        routeTableId: str,
        vpcId: str,
        associations: z.array(loose({ main: bool, subnetId: str, gatewayId: str, routeTableAssociationId: str })).nullish(),
        routes: z
          .array(
            loose({
              destinationCidrBlock: str,
              destinationIpv6CidrBlock: str,
              gatewayId: str,
              natGatewayId: str,
              egressOnlyInternetGatewayId: str,
              state: str,
            }),
          )
          .nullish(),
      }),
      taggable: true,
      asff: 'AwsEc2RouteTable',
      arn: slashNamed('ec2', 'route-table', { idPrefix: 'rtb-' }),
      reads: ['ec2:DescribeRouteTables'],
    },
    'AWS::EC2::InternetGateway': {
      schema: loose({
        internetGatewayId: str,
        attachments: z.array(loose({ vpcId: str, state: str })).nullish(),
      }),
      taggable: true,
      asff: 'Other',
      arn: slashNamed('ec2', 'internet-gateway', { idPrefix: 'igw-' }),
      reads: ['ec2:DescribeInternetGateways'],
    },
    'AWS::EC2::VPCEndpoint': {
      schema: loose({
        vpcEndpointId: str,
        vpcId: str,
        serviceName: str,
        vpcEndpointType: str,
        state: str,
      }),
      taggable: true,
      asff: 'Other',
      arn: slashNamed('ec2', 'vpc-endpoint', { idPrefix: 'vpce-' }),
      reads: ['ec2:DescribeVpcEndpoints'],
    },
    'AWS::EC2::NetworkInterface': {
      schema: loose({
        networkInterfaceId: str,
        subnetId: str,
        vpcId: str,
        interfaceType: str,
        requesterId: str,
        requesterManaged: bool,
        description: str,
        /** `in-use`, `available` (attached to nothing), `attaching`, `detaching`, `associated`. */
        status: str,
        attachment: loose({ instanceId: str, instanceOwnerId: str }).nullish(),
        association: loose({ publicIp: str }).nullish(),
      }),
      taggable: true,
      asff: 'AwsEc2NetworkInterface',
      arn: slashNamed('ec2', 'network-interface', { idPrefix: 'eni-' }),
      reads: ['ec2:DescribeNetworkInterfaces'],
    },
    'AWS::EC2::Volume': {
      schema: loose({
        volumeId: str,
        encrypted: bool,
        kmsKeyId: str,
        attachments: z.array(loose({ instanceId: str, state: str })).nullish(),
      }),
      taggable: true,
      asff: 'AwsEc2Volume',
      arn: slashNamed('ec2', 'volume', { idPrefix: 'vol-' }),
      reads: ['ec2:DescribeVolumes'],
      changedBy: [
        calls('ec2', ['CreateVolume'], ec2At(['responseElements', 'volumeId'])),
        calls('ec2', ['ModifyVolume'], ec2At(['requestParameters', 'ModifyVolumeRequest', 'VolumeId'])),
      ],
    },
  },
  changedBy: [calls('ec2', ['CreateTags', 'DeleteTags'], ec2Tagged)],
});
