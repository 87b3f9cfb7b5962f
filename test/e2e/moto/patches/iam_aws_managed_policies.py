"""
AWS managed policies exist in every account: a role, user or group can be attached to
`arn:aws:iam::aws:policy/AdministratorAccess` without creating anything first.

AWS: "An AWS managed policy is a standalone policy that is created and administered by AWS ...
AWS managed policies are designed to provide permissions for many common use cases", attachable in
every account (https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_managed-vs-inline.html#aws-managed-policies;
AdministratorAccess: https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AdministratorAccess.html).

moto 5.2 loads them only when MOTO_IAM_LOAD_MANAGED_POLICIES is true (its documented setting);
without it, attaching one fails with NoSuchEntity. GetAccountAuthorizationDetails still lists them
only for the `AWSManagedPolicy` filter, as AWS does.
"""
import os


def apply():
    os.environ["MOTO_IAM_LOAD_MANAGED_POLICIES"] = "true"
