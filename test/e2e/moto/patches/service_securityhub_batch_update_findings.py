"""
Security Hub BatchUpdateFindings (`PATCH /findings/batchupdate`), which moto 5.2 does not
implement (its Security Hub has BatchImportFindings and GetFindings, no customer updates).

AWS: BatchUpdateFindings takes 1–100 `FindingIdentifiers` ({Id, ProductArn}) and updates the
customer-controlled fields of each — Workflow.Status, Note {Text, UpdatedBy}, Severity,
Confidence, Criticality, Types, UserDefinedFields, VerificationState, RelatedFindings — answering
`ProcessedFindings` and `UnprocessedFindings` ({FindingIdentifier, ErrorCode, ErrorMessage}, e.g.
`FindingNotFound`, `DuplicatedFindingIdentifier`). Updates from BatchUpdateFindings do not change
the finding's UpdatedAt. A later BatchImportFindings of the same finding by its provider does not
overwrite Workflow or Note (gatewatch never sends them on import, so moto's merge keeps them).
https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_BatchUpdateFindings.html
https://docs.aws.amazon.com/securityhub/latest/userguide/finding-update-batchupdatefindings.html

Another module of this folder may add the same operation: whichever applies first wins, the other
leaves it alone (each marks what it installed; this one also checks for a method moto may gain).
"""
import datetime
import json

from moto.securityhub import urls
from moto.securityhub.exceptions import InvalidInputException
from moto.securityhub.models import SecurityHubBackend
from moto.securityhub.responses import SecurityHubResponse

_PATH = "{0}/findings/batchupdate$"
_MAX_IDENTIFIERS = 100
_WORKFLOW_STATUSES = {"NEW", "NOTIFIED", "RESOLVED", "SUPPRESSED"}
_VERBATIM = ("Confidence", "Criticality", "Types", "UserDefinedFields", "VerificationState", "RelatedFindings")


def _batch_update_findings(backend, identifiers, changes):
    if not identifiers or len(identifiers) > _MAX_IDENTIFIERS:
        raise InvalidInputException(op="BatchUpdateFindings", msg=f"FindingIdentifiers must hold 1 to {_MAX_IDENTIFIERS} entries")
    status = (changes.get("Workflow") or {}).get("Status")
    if status is not None and status not in _WORKFLOW_STATUSES:
        raise InvalidInputException(op="BatchUpdateFindings", msg=f"Workflow.Status must be one of {sorted(_WORKFLOW_STATUSES)}")
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"
    processed, unprocessed, seen = [], [], set()
    for identifier in identifiers:
        key = (identifier.get("Id"), identifier.get("ProductArn"))
        if key in seen:
            unprocessed.append({"FindingIdentifier": identifier, "ErrorCode": "DuplicatedFindingIdentifier", "ErrorMessage": "The finding identifier is listed more than once"})
            continue
        seen.add(key)
        finding = next((f for f in backend.findings if f.id == key[0] and f.data.get("ProductArn") == key[1]), None)
        if finding is None:
            unprocessed.append({"FindingIdentifier": identifier, "ErrorCode": "FindingNotFound", "ErrorMessage": "Finding not found"})
            continue
        data = finding.data
        if status is not None:
            data["Workflow"] = {"Status": status}
        note = changes.get("Note")
        if note is not None:
            data["Note"] = {"Text": note.get("Text"), "UpdatedBy": note.get("UpdatedBy"), "UpdatedAt": now}
        severity = changes.get("Severity")
        if severity is not None:
            data["Severity"] = {**data.get("Severity", {}), **severity}
        for field in _VERBATIM:
            if changes.get(field) is not None:
                data[field] = changes[field]
        processed.append({"Id": key[0], "ProductArn": key[1]})
    return processed, unprocessed


def apply():
    if hasattr(SecurityHubResponse, "batch_update_findings"):
        return

    def batch_update_findings(self):
        body = json.loads(self.body) if self.body else {}
        identifiers = body.get("FindingIdentifiers") or []
        processed, unprocessed = _batch_update_findings(self.securityhub_backend, identifiers, body)
        return json.dumps({"ProcessedFindings": processed, "UnprocessedFindings": unprocessed})

    SecurityHubResponse.batch_update_findings = batch_update_findings
    SecurityHubBackend.batch_update_findings = lambda self, identifiers, changes: _batch_update_findings(self, identifiers, changes)
    urls.url_paths.setdefault(_PATH, SecurityHubResponse.dispatch)
