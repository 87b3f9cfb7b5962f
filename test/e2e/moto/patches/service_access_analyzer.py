"""
IAM Access Analyzer, which moto 5.2 does not emulate at all: CreateAnalyzer (`PUT /analyzer`) and
ListAnalyzers (`GET /analyzer`), enough for the seed to create analyzers and for gatewatch's
collector to list them.

AWS: CreateAnalyzer takes `analyzerName`, `type` (ACCOUNT, ORGANIZATION, ACCOUNT_UNUSED_ACCESS,
ORGANIZATION_UNUSED_ACCESS, ACCOUNT_INTERNAL_ACCESS, ORGANIZATION_INTERNAL_ACCESS), `tags`,
`archiveRules`, `configuration`, and answers the analyzer's `arn`
(`arn:aws:access-analyzer:REGION:ACCOUNT:analyzer/NAME`); a second analyzer of the same name
fails with ConflictException
(https://docs.aws.amazon.com/access-analyzer/latest/APIReference/API_CreateAnalyzer.html).
ListAnalyzers (query `type`, `maxResults`, `nextToken`) answers `analyzers` — AnalyzerSummary
{arn, name, type, createdAt, status, tags, …} — and a `nextToken`
(https://docs.aws.amazon.com/access-analyzer/latest/APIReference/API_ListAnalyzers.html). A new
analyzer is ACTIVE here at once (AWS passes through CREATING).

The service is added as moto adds its own: a backend per account × Region, its URL patterns, and
an entry in moto's index of hosts (the server finds a service by the signing name of the request).
"""
import datetime
import json
import re
import sys
import types

from moto import backend_index
from moto.core.base_backend import BackendDict, BaseBackend
from moto.core.common_models import BaseModel
from moto.core.exceptions import JsonRESTError
from moto.core.responses import BaseResponse

_PACKAGE = "moto.accessanalyzer"
_TYPES = {"ACCOUNT", "ORGANIZATION", "ACCOUNT_UNUSED_ACCESS", "ORGANIZATION_UNUSED_ACCESS", "ACCOUNT_INTERNAL_ACCESS", "ORGANIZATION_INTERNAL_ACCESS"}
_DEFAULT_PAGE = 100


class ConflictException(JsonRESTError):
    code = 409

    def __init__(self, message):
        super().__init__("ConflictException", message)


class ValidationException(JsonRESTError):
    code = 400

    def __init__(self, message):
        super().__init__("ValidationException", message)


class Analyzer(BaseModel):
    def __init__(self, account_id, region, name, analyzer_type, tags):
        self.arn = f"arn:aws:access-analyzer:{region}:{account_id}:analyzer/{name}"
        self.name = name
        self.type = analyzer_type
        self.tags = tags or {}
        self.created_at = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")

    def summary(self):
        return {"arn": self.arn, "name": self.name, "type": self.type, "createdAt": self.created_at, "status": "ACTIVE", "tags": self.tags}


class AccessAnalyzerBackend(BaseBackend):
    def __init__(self, region_name, account_id):
        super().__init__(region_name, account_id)
        self.analyzers = {}

    def create_analyzer(self, name, analyzer_type, tags):
        if not name:
            raise ValidationException("analyzerName is required")
        if analyzer_type not in _TYPES:
            raise ValidationException(f"type must be one of {sorted(_TYPES)}")
        if name in self.analyzers:
            raise ConflictException(f"An analyzer named {name} already exists")
        analyzer = Analyzer(self.account_id, self.region_name, name, analyzer_type, tags)
        self.analyzers[name] = analyzer
        return analyzer

    def list_analyzers(self, analyzer_type):
        return [analyzer for analyzer in self.analyzers.values() if analyzer_type is None or analyzer.type == analyzer_type]


class AccessAnalyzerResponse(BaseResponse):
    def __init__(self):
        super().__init__(service_name="accessanalyzer")

    @property
    def backend(self):
        return accessanalyzer_backends[self.current_account][self.region]

    def create_analyzer(self):
        params = json.loads(self.body) if self.body else {}
        analyzer = self.backend.create_analyzer(params.get("analyzerName"), params.get("type"), params.get("tags"))
        return json.dumps({"arn": analyzer.arn})

    def list_analyzers(self):
        analyzer_type = self._get_param("type")
        size = int(self._get_param("maxResults") or _DEFAULT_PAGE)
        start = int(self._get_param("nextToken") or 0)
        listed = self.backend.list_analyzers(analyzer_type)
        answer = {"analyzers": [analyzer.summary() for analyzer in listed[start : start + size]]}
        if start + size < len(listed):
            answer["nextToken"] = str(start + size)
        return json.dumps(answer)


url_bases = [r"https?://access-analyzer\.(.+)\.amazonaws\.com"]
url_paths = {"{0}/analyzer$": AccessAnalyzerResponse.dispatch}

accessanalyzer_backends = BackendDict(AccessAnalyzerBackend, "accessanalyzer")


def _module(name, **attributes):
    module = types.ModuleType(name)
    module.__dict__.update(attributes)
    sys.modules[name] = module
    return module


def apply():
    if _PACKAGE in sys.modules:
        return
    # moto finds a backend's URL module next to its models module (moto.X.models → moto.X.urls).
    for cls in (AccessAnalyzerBackend, AccessAnalyzerResponse, Analyzer):
        cls.__module__ = f"{_PACKAGE}.models"
    package = _module(_PACKAGE, accessanalyzer_backends=accessanalyzer_backends)
    package.__path__ = []
    package.models = _module(f"{_PACKAGE}.models", AccessAnalyzerBackend=AccessAnalyzerBackend, accessanalyzer_backends=accessanalyzer_backends)
    package.urls = _module(f"{_PACKAGE}.urls", url_bases=url_bases, url_paths=url_paths)
    backend_index.backend_url_patterns.append(("accessanalyzer", re.compile(url_bases[0])))
