"""
A subnet created in a VPC other than the default VPC is not a default subnet and does not
auto-assign public IPv4 addresses.

AWS: "By default, nondefault subnets have the IPv4 public addressing attribute set to false, and
default subnets have this attribute set to true"
(https://docs.aws.amazon.com/vpc/latest/userguide/subnet-public-ip.html); `DefaultForAz`
"indicates whether this is the default subnet for the Availability Zone", and default subnets are
the ones of the default VPC (https://docs.aws.amazon.com/vpc/latest/userguide/default-vpc.html,
https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_Subnet.html).

moto 5.2 makes the first subnet of any VPC in an Availability Zone with no subnet yet a default
subnet with MapPublicIpOnLaunch true — once the default VPC is deleted, every new VPC's first
subnet per zone.
"""
from moto.ec2.models.subnets import SubnetBackend


def apply():
    original = SubnetBackend.create_subnet

    def create_subnet(self, vpc_id, *args, **kwargs):
        subnet = original(self, vpc_id, *args, **kwargs)
        if not self.get_vpc(vpc_id).is_default:
            subnet.default_for_az = False
            subnet.map_public_ip_on_launch = False
        return subnet

    SubnetBackend.create_subnet = create_subnet
