/**
 * AWS Config's configuration recorders of the Region, as a fact of the account × Region item
 * (`configurationRecorders: [{name, recording, lastStatus}]`) for config-recorder-enabled.
 *
 * DescribeConfigurationRecorders and DescribeConfigurationRecorderStatus each answer for every
 * recorder of the Region in one call (neither is paginated). If either fails, the fact is left out
 * and the failure recorded, so the rule is UNKNOWN rather than judging half an answer.
 */
import { ConfigServiceClient, DescribeConfigurationRecordersCommand, DescribeConfigurationRecorderStatusCommand } from '@aws-sdk/client-config-service';
import type { ResourceType } from '../../../model/configuration-item.js';
import { plain, type Collector } from '../collector.js';

const ACCOUNT = 'AWS::::Account' as const satisfies ResourceType;

export const configRecorderCollector: Collector = {
  service: 'config',
  produces: [ACCOUNT],
  async collect(context, types) {
    if (!types.has(ACCOUNT)) return;
    const config = context.client(ConfigServiceClient);
    await context.attempt([ACCOUNT], async () => {
      const [recorders, statuses] = await Promise.all([
        context.call('DescribeConfigurationRecorders', () => config.send(new DescribeConfigurationRecordersCommand({}))),
        context.call('DescribeConfigurationRecorderStatus', () => config.send(new DescribeConfigurationRecorderStatusCommand({}))),
      ]);
      const statusByName = new Map((statuses.ConfigurationRecordersStatus ?? []).map((status) => [status.name, status]));
      const configurationRecorders = (recorders.ConfigurationRecorders ?? []).map((recorder) => {
        const status = statusByName.get(recorder.name);
        return plain({ name: recorder.name, recording: status?.recording, lastStatus: status?.lastStatus });
      });
      // Failures name the fact (aspect): only the rule reading it is UNKNOWN, with this call as the cause.
      context.accountFact({ configurationRecorders });
    }, { aspect: 'configurationRecorders' });
  },
};
