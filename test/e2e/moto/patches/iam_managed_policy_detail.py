"""
GetAccountAuthorizationDetails lists each managed policy with its PolicyName and PolicyId.

AWS: every ManagedPolicyDetail of the `Policies` list carries `PolicyName` and `PolicyId` ("The
stable and unique string identifying the policy"), beside its Arn and versions
(https://docs.aws.amazon.com/IAM/latest/APIReference/API_ManagedPolicyDetail.html,
https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetAccountAuthorizationDetails.html).

moto 5.2 serialises its policy objects by attribute name: they hold `name` and `id`, so both
fields are left out of the answer.
"""
from moto.iam.models import Policy


def apply():
    if not hasattr(Policy, "policy_name"):
        Policy.policy_name = property(lambda self: self.name)
    if not hasattr(Policy, "policy_id"):
        Policy.policy_id = property(lambda self: self.id)
