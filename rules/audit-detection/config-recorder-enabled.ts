/**
 * config-recorder-enabled: AWS Config records resource configurations in every account × Region.
 *
 * Reads the account × Region fact `configurationRecorders` ({name, recording, lastStatus} per
 * recorder) that the live source collects (DescribeConfigurationRecorders and
 * DescribeConfigurationRecorderStatus). A plain AWS Config snapshot does not carry it — that a
 * snapshot exists hints that Config records, but it proves nothing about now — so there the rule is
 * UNKNOWN. A recorder that is on but whose last recording attempt failed does not count as recording.
 */
import { defineRule } from '../lib/define-rule.js';
import { usageBased } from '../lib/fix-costs.js';

/** The status word DescribeConfigurationRecorderStatus gives a failed last recording attempt. */
const FAILURE = 'failure';

export default defineRule({
  meta: {
    id: 'config-recorder-enabled',
    gate: 'audit-detection',
    title: 'AWS Config records resource configurations in every Region',
    // FSBP rates Config.1 CRITICAL; matching it keeps this finding and Security Hub's own at one severity.
    severity: 'CRITICAL',
    priority: 'P2',
    resourceTypes: ['AWS::::Account'],
    // The account fact it judges: where its call failed, the rule is UNKNOWN naming that call.
    reads: ['configurationRecorders'],
    controls: ['Config.1'],
    remediation: {
      text:
        'Set up AWS Config in this Region with a configuration recorder that records all resource types (console: AWS ' +
        'Config → Get started; CLI: `aws configservice put-configuration-recorder`, `put-delivery-channel`, then ' +
        '`start-configuration-recorder`). In an organization, deploy it to every account and Region with a ' +
        'CloudFormation StackSet or a conformance pack. If the recorder is on but failing, fix its IAM role or delivery channel.',
      url: 'https://docs.aws.amazon.com/config/latest/developerguide/getting-started.html',
    },
    messages: {
      recording: 'AWS Config recorder {{recorder}} is recording in account {{account}}, Region {{region}}.',
      noRecorder: 'AWS Config has no configuration recorder in account {{account}}, Region {{region}}: resource changes are not recorded.',
      stopped: 'AWS Config is not recording in account {{account}}, Region {{region}}: recorder {{recorders}} is stopped.',
      failing:
        'AWS Config recorder {{recorders}} in account {{account}}, Region {{region}} is on, but its last recording attempt failed.',
      statusUnknown: 'No AWS Config recorder is known to be recording in account {{account}}, Region {{region}}: recorder {{recorders}} has no recorded status.',
      notCollected:
        "AWS Config's configuration recorders were not read for account {{account}}, Region {{region}} (a plain AWS Config snapshot does not carry them).",
    },
    fixCost() {
      return usageBased('AWS Config is priced per configuration item recorded and per rule evaluation');
    },
  },
  check(item, context) {
    const where = { account: item.awsAccountId, region: item.awsRegion };
    const recorders = item.configuration.configurationRecorders;
    if (recorders === undefined || recorders === null) return context.unknown('notCollected', where);
    if (recorders.length === 0) return context.fail('noRecorder', where);

    const nameOf = (recorder: (typeof recorders)[number], index: number): string => recorder.name ?? `#${index}`;
    const named = recorders.map((recorder, index) => ({ recorder, name: nameOf(recorder, index) }));
    const failed = (lastStatus: string | null | undefined): boolean => lastStatus?.toLowerCase() === FAILURE;
    const list = (entries: typeof named): string => entries.map((entry) => entry.name).join(', ');

    const working = named.find(({ recorder }) => recorder.recording === true && !failed(recorder.lastStatus));
    if (working !== undefined) return context.pass('recording', { ...where, recorder: working.name });
    const unknown = named.filter(({ recorder }) => recorder.recording === undefined || recorder.recording === null);
    if (unknown.length > 0) return context.unknown('statusUnknown', { ...where, recorders: list(unknown) });
    const failing = named.filter(({ recorder }) => recorder.recording === true);
    if (failing.length > 0) return context.fail('failing', { ...where, recorders: list(failing) });
    return context.fail('stopped', { ...where, recorders: list(named) });
  },
});
