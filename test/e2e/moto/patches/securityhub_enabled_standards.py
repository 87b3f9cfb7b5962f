"""
Security Hub CSPM standards: GetEnabledStandards (`POST /standards/get`) and BatchEnableStandards
(`POST /standards/register`), which moto 5.2 does not implement, and the default standards that
EnableSecurityHub turns on (moto accepts `EnableDefaultStandards` and enables none).

AWS: "When you use the EnableSecurityHub operation to enable Security Hub CSPM, you also
automatically enable the following standards: Center for Internet Security (CIS) AWS Foundations
Benchmark v1.2.0, AWS Foundational Security Best Practices" unless EnableDefaultStandards is false
(https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_EnableSecurityHub.html).
GetEnabledStandards answers `StandardsSubscriptions` ({StandardsSubscriptionArn, StandardsArn,
StandardsInput, StandardsStatus}) with a NextToken, MaxResults 1–100
(https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_GetEnabledStandards.html); both
answer InvalidAccessException for an account that is not subscribed. A standard's status is
READY here at once (AWS passes through PENDING).
"""
import json

from moto.securityhub import urls
from moto.securityhub.exceptions import InvalidInputException
from moto.securityhub.exceptions import SecurityHubClientError as RESTError
from moto.securityhub.models import SecurityHubBackend
from moto.securityhub.responses import SecurityHubResponse

_GET = "{0}/standards/get$"
_REGISTER = "{0}/standards/register$"
_MAX_RESULTS = 100


def _default_standards(region):
    return [
        f"arn:aws:securityhub:{region}::standards/aws-foundational-security-best-practices/v/1.0.0",
        "arn:aws:securityhub:::ruleset/cis-aws-foundations-benchmark/v/1.2.0",
    ]


def _subscribed(backend):
    if not backend.enabled:
        raise RESTError("InvalidAccessException", f"Account {backend.account_id} is not subscribed to AWS Security Hub")


def _enable(backend, standards_arn, standards_input=None):
    subscriptions = backend.__dict__.setdefault("gatewatch_standards", [])
    if any(entry["StandardsArn"] == standards_arn for entry in subscriptions):
        return
    name = standards_arn.split(":", 5)[-1].split("/", 1)[-1]
    subscriptions.append(
        {
            "StandardsSubscriptionArn": f"arn:aws:securityhub:{backend.region_name}:{backend.account_id}:subscription/{name}",
            "StandardsArn": standards_arn,
            "StandardsInput": standards_input or {},
            "StandardsStatus": "READY",
        }
    )


def apply():
    if hasattr(SecurityHubResponse, "get_enabled_standards"):
        return
    original_enable = SecurityHubBackend.enable_security_hub
    original_disable = SecurityHubBackend.disable_security_hub

    def enable_security_hub(self, enable_default_standards=True, tags=None):
        was_enabled = self.enabled
        result = original_enable(self, enable_default_standards=enable_default_standards, tags=tags)
        if not was_enabled and enable_default_standards:
            for arn in _default_standards(self.region_name):
                _enable(self, arn)
        return result

    def disable_security_hub(self):
        result = original_disable(self)
        self.__dict__["gatewatch_standards"] = []
        return result

    def get_enabled_standards(self):
        params = json.loads(self.body) if self.body else {}
        backend = self.securityhub_backend
        _subscribed(backend)
        size = params.get("MaxResults") or _MAX_RESULTS
        if not 1 <= size <= _MAX_RESULTS:
            raise InvalidInputException(op="GetEnabledStandards", msg=f"MaxResults must be 1 to {_MAX_RESULTS}")
        wanted = params.get("StandardsSubscriptionArns")
        listed = [entry for entry in backend.__dict__.get("gatewatch_standards", []) if not wanted or entry["StandardsSubscriptionArn"] in wanted]
        start = int(params.get("NextToken") or 0)
        page = listed[start : start + size]
        answer = {"StandardsSubscriptions": page}
        if start + size < len(listed):
            answer["NextToken"] = str(start + size)
        return json.dumps(answer)

    def batch_enable_standards(self):
        params = json.loads(self.body) if self.body else {}
        backend = self.securityhub_backend
        _subscribed(backend)
        requests = params.get("StandardsSubscriptionRequests") or []
        for request in requests:
            _enable(backend, request["StandardsArn"], request.get("StandardsInput"))
        arns = {request["StandardsArn"] for request in requests}
        return json.dumps({"StandardsSubscriptions": [entry for entry in backend.__dict__["gatewatch_standards"] if entry["StandardsArn"] in arns]})

    SecurityHubBackend.enable_security_hub = enable_security_hub
    SecurityHubBackend.disable_security_hub = disable_security_hub
    SecurityHubResponse.get_enabled_standards = get_enabled_standards
    SecurityHubResponse.batch_enable_standards = batch_enable_standards
    urls.url_paths.setdefault(_GET, SecurityHubResponse.dispatch)
    urls.url_paths.setdefault(_REGISTER, SecurityHubResponse.dispatch)
