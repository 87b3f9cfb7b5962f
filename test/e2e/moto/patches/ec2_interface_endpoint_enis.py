"""
The network interfaces of an interface VPC endpoint are requester-managed interfaces of type
`vpc_endpoint`, in use by the endpoint.

AWS: "A requester-managed network interface is a network interface that an AWS service creates in
your VPC on your behalf ... such as ... an interface VPC endpoint from AWS PrivateLink"
(https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/requester-managed-eni.html);
`InterfaceType` is `vpc_endpoint` for them and `RequesterManaged` is true
(https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_NetworkInterface.html); each endpoint
network interface "serves as an entry point for traffic" in its subnet
(https://docs.aws.amazon.com/vpc/latest/privatelink/privatelink-access-aws-services.html), so it
is in use, not available.

moto 5.2 creates them as plain, unattached (`available`) interfaces of type `interface`, not
requester-managed, with no description.
"""
from moto.ec2.models.vpcs import VPCBackend


def apply():
    original = VPCBackend.create_vpc_endpoint

    def create_vpc_endpoint(self, *args, **kwargs):
        endpoint = original(self, *args, **kwargs)
        for eni_id in endpoint.network_interface_ids or []:
            eni = self.get_network_interface(eni_id)
            eni.description = f"VPC Endpoint Interface {endpoint.id}"
            eni.interface_type = "vpc_endpoint"
            eni.requester_managed = True
            eni.status = "in-use"
        return endpoint

    VPCBackend.create_vpc_endpoint = create_vpc_endpoint
