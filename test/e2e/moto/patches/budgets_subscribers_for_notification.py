"""
AWS Budgets' DescribeSubscribersForNotification, which moto 5.2 does not serve (it keeps each
notification's subscribers from CreateBudget/CreateNotification, but answers no call for them).

AWS: DescribeSubscribersForNotification takes `AccountId`, `BudgetName`, `Notification`
(NotificationType, ComparisonOperator, Threshold, ThresholdType), `MaxResults` (1–100) and
`NextToken`, and answers `Subscribers` — [{SubscriptionType: SNS | EMAIL, Address}] — and a
`NextToken`; an unknown budget or notification is a NotFoundException
(https://docs.aws.amazon.com/aws-cost-management/latest/APIReference/API_budgets_DescribeSubscribersForNotification.html).
"""
import json

from moto.budgets.exceptions import NotFoundException
from moto.budgets.responses import BudgetsResponse

_KEYS = ("NotificationType", "ComparisonOperator", "Threshold", "ThresholdType")


def _same(a, b):
    return all(a.get(key) == b.get(key) for key in _KEYS)


def describe_subscribers_for_notification(self):
    account_id = self._get_param("AccountId")
    budget_name = self._get_param("BudgetName")
    wanted = self._get_param("Notification") or {}
    budget = self.backend.budgets[account_id].get(budget_name)
    if budget is None:
        raise NotFoundException(f"Unable to get budget: {budget_name} - the budget doesn't exist.")
    found = next((notification for notification in budget.notifications if _same(notification.details, wanted)), None)
    if found is None:
        raise NotFoundException("Unable to get notification - the notification doesn't exist.")
    subscribers = list(found.subscribers or [])
    size = min(int(self._get_param("MaxResults") or 100), 100)
    start = int(self._get_param("NextToken") or 0)
    page = subscribers[start : start + size]
    answer = {"Subscribers": page}
    if start + size < len(subscribers):
        answer["NextToken"] = str(start + size)
    return json.dumps(answer)


def apply():
    BudgetsResponse.describe_subscribers_for_notification = describe_subscribers_for_notification
