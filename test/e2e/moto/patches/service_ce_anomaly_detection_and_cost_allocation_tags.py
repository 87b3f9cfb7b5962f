"""
Cost Explorer's Cost Anomaly Detection and cost allocation tags, which moto 5.2's Cost Explorer
does not serve: CreateAnomalyMonitor, GetAnomalyMonitors, CreateAnomalySubscription,
GetAnomalySubscriptions, ListCostAllocationTags and UpdateCostAllocationTagsStatus — enough for
the seed to create them and for gatewatch's collector to read them.

AWS:
- CreateAnomalyMonitor takes `AnomalyMonitor` {MonitorName, MonitorType: DIMENSIONAL | CUSTOM,
  MonitorDimension (SERVICE, LINKED_ACCOUNT, …, for DIMENSIONAL), MonitorSpecification (an
  Expression, for CUSTOM)} and answers `MonitorArn`; GetAnomalyMonitors (`MonitorArnList`,
  `NextPageToken`, `MaxResults`) answers `AnomalyMonitors` and `NextPageToken`
  (https://docs.aws.amazon.com/aws-cost-management/latest/APIReference/API_GetAnomalyMonitors.html).
- CreateAnomalySubscription takes `AnomalySubscription` {SubscriptionName, MonitorArnList,
  Subscribers [{Type: EMAIL | SNS, Address, Status}], Frequency, Threshold/ThresholdExpression}
  and answers `SubscriptionArn`; GetAnomalySubscriptions (`SubscriptionArnList`, `MonitorArn`,
  `NextPageToken`, `MaxResults`) answers `AnomalySubscriptions` and `NextPageToken`
  (https://docs.aws.amazon.com/aws-cost-management/latest/APIReference/API_GetAnomalySubscriptions.html).
- ListCostAllocationTags (`Status`, `TagKeys`, `Type`, `NextToken`, `MaxResults` ≤ 1000) answers
  `CostAllocationTags` [{TagKey, Type, Status}] and `NextToken`
  (https://docs.aws.amazon.com/aws-cost-management/latest/APIReference/API_ListCostAllocationTags.html);
  UpdateCostAllocationTagsStatus (`CostAllocationTagsStatus` [{TagKey, Status}]) sets them
  (https://docs.aws.amazon.com/aws-cost-management/latest/APIReference/API_UpdateCostAllocationTagsStatus.html).
  AWS lists a user-defined key only once billing has seen it on a resource; an emulator bills
  nothing, so here UpdateCostAllocationTagsStatus makes a key known (UserDefined) with its status.
"""
import json
import uuid

from moto.ce.models import CostExplorerBackend
from moto.ce.responses import CostExplorerResponse


def _state(backend):
    if not hasattr(backend, "_gw_monitors"):
        backend._gw_monitors = []
        backend._gw_subscriptions = []
        backend._gw_tags = {}
    return backend


def _page(items, token, size, default):
    size = min(int(size or default), default if default >= 1000 else 10_000)
    start = int(token or 0)
    page = items[start : start + size]
    return page, (str(start + size) if start + size < len(items) else None)


def create_anomaly_monitor(self):
    backend = _state(self.ce_backend)
    monitor = dict(json.loads(self.body)["AnomalyMonitor"])
    monitor["MonitorArn"] = f"arn:aws:ce::{self.current_account}:anomalymonitor/{uuid.uuid4()}"
    backend._gw_monitors.append(monitor)
    return json.dumps({"MonitorArn": monitor["MonitorArn"]})


def get_anomaly_monitors(self):
    backend = _state(self.ce_backend)
    params = json.loads(self.body or "{}")
    arns = params.get("MonitorArnList")
    monitors = [m for m in backend._gw_monitors if not arns or m["MonitorArn"] in arns]
    page, token = _page(monitors, params.get("NextPageToken"), params.get("MaxResults"), 100)
    return json.dumps({"AnomalyMonitors": page, **({"NextPageToken": token} if token else {})})


def create_anomaly_subscription(self):
    backend = _state(self.ce_backend)
    subscription = dict(json.loads(self.body)["AnomalySubscription"])
    subscription["SubscriptionArn"] = f"arn:aws:ce::{self.current_account}:anomalysubscription/{uuid.uuid4()}"
    subscription["AccountId"] = self.current_account
    backend._gw_subscriptions.append(subscription)
    return json.dumps({"SubscriptionArn": subscription["SubscriptionArn"]})


def get_anomaly_subscriptions(self):
    backend = _state(self.ce_backend)
    params = json.loads(self.body or "{}")
    monitor = params.get("MonitorArn")
    subscriptions = [s for s in backend._gw_subscriptions if not monitor or monitor in s.get("MonitorArnList", [])]
    page, token = _page(subscriptions, params.get("NextPageToken"), params.get("MaxResults"), 100)
    return json.dumps({"AnomalySubscriptions": page, **({"NextPageToken": token} if token else {})})


def update_cost_allocation_tags_status(self):
    backend = _state(self.ce_backend)
    for entry in json.loads(self.body).get("CostAllocationTagsStatus", []):
        backend._gw_tags[entry["TagKey"]] = {"TagKey": entry["TagKey"], "Type": "UserDefined", "Status": entry["Status"]}
    return json.dumps({"Errors": []})


def list_cost_allocation_tags(self):
    backend = _state(self.ce_backend)
    params = json.loads(self.body or "{}")
    tags = [
        tag
        for tag in backend._gw_tags.values()
        if (params.get("Status") in (None, tag["Status"]))
        and (params.get("Type") in (None, tag["Type"]))
        and (not params.get("TagKeys") or tag["TagKey"] in params["TagKeys"])
    ]
    page, token = _page(tags, params.get("NextToken"), params.get("MaxResults"), 1000)
    return json.dumps({"CostAllocationTags": page, **({"NextToken": token} if token else {})})


def apply():
    assert CostExplorerBackend is not None
    for handler in (
        create_anomaly_monitor,
        get_anomaly_monitors,
        create_anomaly_subscription,
        get_anomaly_subscriptions,
        update_cost_allocation_tags_status,
        list_cost_allocation_tags,
    ):
        setattr(CostExplorerResponse, handler.__name__, handler)
