"""
JSON-protocol answers carry a JSON Content-Type, never text/html.

AWS: services of the JSON protocol answer with the protocol's media type — `Content-Type:
application/x-amz-json-1.0` / `1.1`, the same as the request's (e.g. DynamoDB ListTables,
https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_ListTables.html#API_ListTables_Examples;
CloudTrail, Config, ECS, Kinesis, the Tagging API alike); REST-JSON services answer
`Content-type: application/json` (e.g. Lambda ListFunctions, "Response Syntax",
https://docs.aws.amazon.com/lambda/latest/api/API_ListFunctions.html; GuardDuty, OpenSearch,
EFS, Security Hub alike).

moto 5.2 returns many of them without a Content-Type, so Flask labels them `text/html; charset=
utf-8` — which a client checking that it got the service's answer, not a proxy's page, rightly
refuses. This sets the documented type on 2xx answers whose body is a JSON document and whose
Content-Type moto left as text/html; XML answers and moto's own pages are left alone.
"""
from moto.core.utils import convert_to_flask_response


def apply():
    original = convert_to_flask_response.__call__

    def __call__(self, args=None, **kwargs):
        from flask import request

        response = original(self, args, **kwargs)
        if response.mimetype != "text/html" or not 200 <= response.status_code < 300:
            return response
        body = response.get_data()
        if body.lstrip()[:1] not in (b"{", b"["):
            return response
        sent = request.headers.get("Content-Type", "")
        response.headers["Content-Type"] = sent if sent.startswith("application/x-amz-json-") else "application/json"
        return response

    convert_to_flask_response.__call__ = __call__
