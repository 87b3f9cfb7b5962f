"""
sts:AssumeRole of a role that does not exist is refused (moto 5.2 hands out credentials for any
role ARN, existing or not: "Note that the role does not need to exist").

AWS: a principal can assume a role only when the role's trust policy allows it; a role that does
not exist has none, and STS answers HTTP 403 `AccessDenied` — "User: <caller> is not authorized to
perform: sts:AssumeRole on resource: <role ARN>".
https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html (Errors; "The trust
policy ... specifies who can assume the role")
https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_roles.html ("I can't assume a role")

What gatewatch's packaged service meets: the nightly run assumes `gatewatch-scan` in each member
account; a member without that role must fail its target (and the Map's Catch report it), not be
scanned as if the role were there. The role is looked up in the target account's IAM; its trust
policy is not evaluated (moto evaluates no IAM policy by default either).
"""
import re

from moto.core.responses import ActionResult
from moto.iam.exceptions import NotFoundException
from moto.iam.models import iam_backends
from moto.sts.exceptions import STSClientError
from moto.sts.responses import TokenResponse

_ROLE_ARN = re.compile(r"^arn:(aws[a-z-]*):iam::(\d{12}):role/(?:.*/)?[\w+=,.@-]+$")
_MARK = "_gatewatch_assume_role_needs_the_role"


def _role_exists(role_arn):
    match = _ROLE_ARN.match(role_arn or "")
    if match is None:
        return False
    partition, account = match.group(1), match.group(2)
    try:
        iam_backends[account][partition].get_role_by_arn(role_arn)
    except NotFoundException:
        return False
    return True


def apply():
    original = TokenResponse.assume_role
    if getattr(original, _MARK, False):
        return

    def assume_role(self):
        role_arn = self._get_param("RoleArn")
        if not _role_exists(role_arn):
            _, caller, _ = self.backend.get_caller_identity(self.get_access_key(), self.region)
            error = STSClientError(
                "AccessDenied",
                f"User: {caller} is not authorized to perform: sts:AssumeRole on resource: {role_arn}",
            )
            _, headers, body = self.serialized(ActionResult(error))
            headers["status"] = 403
            return body, headers
        return original(self)

    setattr(assume_role, _MARK, True)
    TokenResponse.assume_role = assume_role
