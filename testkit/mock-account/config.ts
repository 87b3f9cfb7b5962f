/**
 * AWS Config's recorder in every Region of the mocked account: one, recording.
 */

import {
  ConfigServiceClient,
  DescribeConfigurationRecordersCommand,
  DescribeConfigurationRecorderStatusCommand,
  type DescribeConfigurationRecordersCommandOutput,
  type DescribeConfigurationRecorderStatusCommandOutput,
} from '@aws-sdk/client-config-service';
import { mockClient } from 'aws-sdk-client-mock';
import { ACCOUNT, CREATED, type Out, type Restorable } from './kit.js';

export function mockConfig(): Restorable[] {
  const config = mockClient(ConfigServiceClient);
  config.on(DescribeConfigurationRecordersCommand).callsFake(async (): Promise<Out<DescribeConfigurationRecordersCommandOutput>> => ({
    ConfigurationRecorders: [{ name: 'default', roleARN: `arn:aws:iam::${ACCOUNT}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig`, recordingGroup: { allSupported: true, includeGlobalResourceTypes: true } }],
  }));
  config.on(DescribeConfigurationRecorderStatusCommand).callsFake(async (): Promise<Out<DescribeConfigurationRecorderStatusCommandOutput>> => ({
    ConfigurationRecordersStatus: [{ name: 'default', recording: true, lastStatus: 'Success', lastStartTime: CREATED, lastStatusChangeTime: CREATED }],
  }));
  return [config];
}
