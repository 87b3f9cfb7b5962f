"""
A trail created without event selectors logs all read and write management events, and
GetEventSelectors says so.

AWS: "By default, trails created without specific event selectors are configured to log all read
and write management events, and no data events"
(https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_PutEventSelectors.html;
https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-management-events-with-cloudtrail.html);
GetEventSelectors returns that default selector — ReadWriteType All, IncludeManagementEvents true
(https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_GetEventSelectors.html).

moto 5.2 returns no selectors at all for such a trail, which reads as "logs nothing".
"""
from moto.cloudtrail.models import Trail


def apply():
    original = Trail.get_event_selectors

    def get_event_selectors(self):
        basic, advanced = original(self)
        if not basic and not advanced:
            basic = [{"ReadWriteType": "All", "IncludeManagementEvents": True, "DataResources": [], "ExcludeManagementEventSources": []}]
        return basic, advanced

    Trail.get_event_selectors = get_event_selectors
