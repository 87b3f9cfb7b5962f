/**
 * cost-anomaly-monitor: AWS Cost Anomaly Detection watches the account's spend and alerts someone —
 * a monitor covers the account and a subscription on that monitor has at least one subscriber.
 *
 * Reads the synthetic `AWS::CE::Account` item: `anomalyMonitors` (GetAnomalyMonitors, every page),
 * `anomalySubscriptions` (GetAnomalySubscriptions, every page) and, where it decides, `organization`.
 * A monitor covers the account when it is of a kind the settings accept
 * (`costControls.anomalyMonitorTypes`, default all three):
 * - SERVICE: a DIMENSIONAL monitor of dimension SERVICE in the account (AWS's default monitor);
 * - LINKED_ACCOUNT: a DIMENSIONAL monitor of dimension LINKED_ACCOUNT, which only an organization's
 *   management account can create and which watches its linked accounts — it counts in a
 *   management account, where the scan reads it;
 * - CUSTOM: a CUSTOM monitor whose specification (a JSON expression, as CloudFormation holds it)
 *   names the account under the LINKED_ACCOUNT dimension (in an `And`/`Or`, not under a `Not`); a
 *   specification that does not parse makes the rule UNKNOWN where it would decide.
 * A subscriber counts unless its status is DECLINED.
 *
 * A LINKED_ACCOUNT monitor counts only in a known management account: where the organization was
 * not read and such a monitor would decide, the rule is UNKNOWN (`organization` is not in `reads`,
 * so a failed DescribeOrganization does not hide a verdict the other monitors give). A failed
 * GetAnomalyMonitors or GetAnomalySubscriptions makes the rule UNKNOWN naming the call. Every
 * account can create monitors, so the rule has no NOT_APPLICABLE.
 *
 * AWS Well-Architected: COST03-BP05 "Configure billing and cost management tools" and COST02-BP05
 * "Implement cost controls". No Security Hub control checks it, so `controls` is empty.
 */
import { defineRule } from '../lib/define-rule.js';

/** Whether a Cost Explorer expression names the account under LINKED_ACCOUNT (outside a `Not`). */
function namesAccount(expression: unknown, account: string): boolean {
  if (typeof expression !== 'object' || expression === null) return false;
  const node = expression as { Dimensions?: { Key?: unknown; Values?: unknown }; And?: unknown; Or?: unknown };
  const dimension = node.Dimensions;
  if (dimension?.Key === 'LINKED_ACCOUNT' && Array.isArray(dimension.Values) && dimension.Values.includes(account)) return true;
  return [node.And, node.Or].some((list) => Array.isArray(list) && list.some((child) => namesAccount(child, account)));
}

export default defineRule({
  meta: {
    id: 'cost-anomaly-monitor',
    gate: 'cost-controls',
    title: 'A Cost Anomaly Detection monitor covers the account and alerts someone',
    severity: 'MEDIUM',
    priority: 'P2',
    resourceTypes: ['AWS::CE::Account'],
    reads: ['anomalyMonitors', 'anomalySubscriptions'],
    controls: [],
    remediation: {
      text:
        'In Billing and Cost Management → Cost Anomaly Detection, create a monitor of AWS services (or, in the management account, of ' +
        'linked accounts) and an alert subscription on it with an SNS topic or e-mail subscriber (`aws ce create-anomaly-monitor`, ' +
        '`aws ce create-anomaly-subscription`). Well-Architected COST03-BP05 (configure billing and cost management tools).',
      url: 'https://docs.aws.amazon.com/cost-management/latest/userguide/getting-started-ad.html',
    },
    messages: {
      monitored: 'Cost anomaly monitor {{monitor}} covers account {{account}} and subscription {{subscription}} alerts on it.',
      noMonitor: 'No Cost Anomaly Detection monitor of an accepted kind ({{kinds}}) covers account {{account}}.',
      noSubscription: 'Cost anomaly monitor {{monitors}} covers account {{account}}, but no alert subscription with a subscriber is on it: anomalies go unnoticed.',
      notRead: 'The Cost Anomaly Detection monitors and subscriptions of account {{account}} were not read (an AWS Config snapshot does not carry them): not judged.',
      specificationUnreadable:
        'The specification of custom anomaly monitor {{monitors}} of account {{account}} is not a JSON expression: whether it covers the account is not judged.',
      organizationNotRead:
        'Only a linked-account monitor could cover account {{account}}, and whether the account is its organization\'s management account was not read: not judged.',
    },
  },
  check(item, context) {
    const account = item.awsAccountId;
    const { anomalyMonitors: monitors, anomalySubscriptions: subscriptions, organization } = item.configuration;
    if (monitors === undefined || monitors === null || subscriptions === undefined || subscriptions === null) return context.unknown('notRead', { account });
    const kinds = context.settings.costControls.anomalyMonitorTypes;
    const management = organization === undefined || organization === null ? undefined : !organization.standalone && organization.managementAccountId === account;

    let linkedUndecided = false;
    const unreadable: string[] = [];
    const covering = monitors.filter((monitor) => {
      const dimensional = monitor.monitorType === 'DIMENSIONAL';
      if (kinds.includes('SERVICE') && dimensional && monitor.monitorDimension === 'SERVICE') return true;
      if (kinds.includes('CUSTOM') && monitor.monitorType === 'CUSTOM') {
        let specification: unknown;
        try {
          specification = JSON.parse(monitor.monitorSpecification ?? '') as unknown;
        } catch {
          unreadable.push(monitor.monitorName ?? monitor.monitorArn ?? '');
          return false;
        }
        return namesAccount(specification, account);
      }
      if (kinds.includes('LINKED_ACCOUNT') && dimensional && monitor.monitorDimension === 'LINKED_ACCOUNT') {
        if (management === undefined) linkedUndecided = true;
        return management === true;
      }
      return false;
    });

    for (const monitor of covering) {
      const alerting = subscriptions.find(
        (subscription) =>
          (subscription.monitorArnList ?? []).includes(monitor.monitorArn ?? '') &&
          (subscription.subscribers ?? []).some((subscriber) => subscriber.status !== 'DECLINED' && (subscriber.address ?? '') !== ''),
      );
      if (alerting !== undefined) {
        return context.pass('monitored', { account, monitor: monitor.monitorName ?? monitor.monitorArn ?? '', subscription: alerting.subscriptionName ?? alerting.subscriptionArn ?? '' });
      }
    }
    if (unreadable.length > 0) return context.unknown('specificationUnreadable', { account, monitors: unreadable.join(', ') });
    if (linkedUndecided) return context.unknown('organizationNotRead', { account });
    if (covering.length === 0) return context.fail('noMonitor', { account, kinds: kinds.join(', ') });
    return context.fail('noSubscription', { account, monitors: covering.map((monitor) => monitor.monitorName ?? monitor.monitorArn ?? '').join(', ') });
  },
});
