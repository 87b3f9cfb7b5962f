/**
 * The seed's messaging and audit, per Region: SNS topics, SQS queues, Kinesis streams, CloudTrail
 * trails, GuardDuty detectors, AWS Config recorders, Security Hub CSPM and IAM Access Analyzer
 * analyzers.
 *
 * eu-west-1 is the production Region: a multi-Region trail homed there (logging, validated,
 * KMS-encrypted), a GuardDuty detector, a recording Config recorder, Security Hub CSPM with its
 * default standards, an external access analyzer. us-east-1 has a single-Region trail with neither
 * validation nor encryption, no detector, a stopped recorder, no Security Hub CSPM, and only an
 * unused-access analyzer.
 */
import { CreateTopicCommand, SNSClient } from '@aws-sdk/client-sns';
import { CreateQueueCommand, SQSClient } from '@aws-sdk/client-sqs';
import { AddTagsToStreamCommand, CreateStreamCommand, KinesisClient, StartStreamEncryptionCommand } from '@aws-sdk/client-kinesis';
import { CloudTrailClient, CreateTrailCommand, StartLoggingCommand } from '@aws-sdk/client-cloudtrail';
import { CreateDetectorCommand, GuardDutyClient } from '@aws-sdk/client-guardduty';
import { ConfigServiceClient, PutConfigurationRecorderCommand, PutDeliveryChannelCommand, StartConfigurationRecorderCommand } from '@aws-sdk/client-config-service';
import { EnableSecurityHubCommand, SecurityHubClient } from '@aws-sdk/client-securityhub';
import { AccessAnalyzerClient, CreateAnalyzerCommand, type Type as AnalyzerType } from '@aws-sdk/client-accessanalyzer';
import type { ClientFactory } from '../../../aws/clients.js';
import { SHORT, TAGS, tagList, type Registry, type SeedRegion, type Tags } from './registry.js';
import { ACCOUNT, CUSTOMER_KEY } from './seed-databases.js';

interface MessagingSpec {
  readonly topics: readonly { name: string; kms: boolean; tags: Tags }[];
  readonly queues: readonly { name: string; encryption: 'sqs' | 'kms' | 'none' | 'default'; tags: Tags }[];
  readonly streams: readonly { name: string; kms: boolean; tags: Tags }[];
}

const MESSAGING: Readonly<Record<SeedRegion, MessagingSpec>> = {
  'eu-west-1': {
    topics: [
      { name: 'alerts', kms: true, tags: TAGS.prod },
      { name: 'alerts-plain', kms: false, tags: TAGS.prodUntagged },
    ],
    queues: [
      { name: 'jobs-sse', encryption: 'sqs', tags: TAGS.prod },
      { name: 'jobs-kms', encryption: 'kms', tags: TAGS.prod },
      { name: 'jobs-plain', encryption: 'none', tags: TAGS.prodUntagged },
    ],
    streams: [
      { name: 'clicks', kms: true, tags: TAGS.prod },
      { name: 'raw-events', kms: false, tags: TAGS.prodUntagged },
    ],
  },
  'us-east-1': {
    topics: [{ name: 'sandbox-events', kms: false, tags: TAGS.dev }],
    // No encryption attribute given: SQS encrypts new queues with SSE-SQS by default.
    queues: [{ name: 'sandbox-queue', encryption: 'default', tags: TAGS.dev }],
    streams: [],
  },
};

async function seedTopicsQueuesStreams(clients: ClientFactory, region: SeedRegion, registry: Registry): Promise<void> {
  const short = SHORT[region];
  const spec = MESSAGING[region];
  const sns = clients(SNSClient, region);
  for (const topic of spec.topics) {
    const created = await sns.send(
      new CreateTopicCommand({ Name: topic.name, Attributes: topic.kms ? { KmsMasterKeyId: 'alias/aws/sns' } : {}, Tags: tagList(topic.tags) }),
    );
    registry.add({ key: `${short}:topic-${topic.name}`, type: 'AWS::SNS::Topic', region, id: created.TopicArn ?? '', tags: topic.tags, tagging: 'sns' });
  }
  const sqs = clients(SQSClient, region);
  for (const queue of spec.queues) {
    const attributes: Record<string, string> =
      queue.encryption === 'sqs'
        ? { SqsManagedSseEnabled: 'true' }
        : queue.encryption === 'kms'
          ? { KmsMasterKeyId: 'alias/aws/sqs' }
          : queue.encryption === 'none'
            ? { SqsManagedSseEnabled: 'false' }
            : {};
    const created = await sqs.send(new CreateQueueCommand({ QueueName: queue.name, Attributes: attributes, tags: queue.tags }));
    registry.add({ key: `${short}:queue-${queue.name}`, type: 'AWS::SQS::Queue', region, id: created.QueueUrl ?? '', tags: queue.tags, tagging: 'sqs' });
  }
  const kinesis = clients(KinesisClient, region);
  for (const stream of spec.streams) {
    await kinesis.send(new CreateStreamCommand({ StreamName: stream.name, ShardCount: 1 }));
    if (stream.kms) await kinesis.send(new StartStreamEncryptionCommand({ StreamName: stream.name, EncryptionType: 'KMS', KeyId: 'alias/aws/kinesis' }));
    await kinesis.send(new AddTagsToStreamCommand({ StreamName: stream.name, Tags: stream.tags }));
    registry.add({ key: `${short}:stream-${stream.name}`, type: 'AWS::Kinesis::Stream', region, id: stream.name, tags: stream.tags, tagging: 'kinesis:stream' });
  }
}

/** The trail log bucket (created by the global part before this runs). */
export const TRAIL_BUCKET = 'gw-e2e-trail-logs';

async function seedAudit(clients: ClientFactory, region: SeedRegion, registry: Registry): Promise<void> {
  const short = SHORT[region];
  const cloudtrail = clients(CloudTrailClient, region);
  const config = clients(ConfigServiceClient, region);
  if (region === 'eu-west-1') {
    await cloudtrail.send(
      new CreateTrailCommand({
        Name: 'org-audit',
        S3BucketName: TRAIL_BUCKET,
        IsMultiRegionTrail: true,
        IncludeGlobalServiceEvents: true,
        EnableLogFileValidation: true,
        KmsKeyId: CUSTOMER_KEY,
        TagsList: tagList(TAGS.prod),
      }),
    );
    await cloudtrail.send(new StartLoggingCommand({ Name: 'org-audit' }));
    registry.add({ key: 'eu:trail-org-audit', type: 'AWS::CloudTrail::Trail', region, id: 'org-audit', tags: TAGS.prod });

    const detector = await clients(GuardDutyClient, region).send(new CreateDetectorCommand({ Enable: true, Tags: TAGS.prod }));
    registry.add({ key: 'eu:detector', type: 'AWS::GuardDuty::Detector', region, id: detector.DetectorId ?? '', tags: TAGS.prod });

    await config.send(
      new PutConfigurationRecorderCommand({
        ConfigurationRecorder: { name: 'default', roleARN: `arn:aws:iam::${ACCOUNT}:role/config-recorder`, recordingGroup: { allSupported: true, includeGlobalResourceTypes: true } },
      }),
    );
    await config.send(new PutDeliveryChannelCommand({ DeliveryChannel: { name: 'default', s3BucketName: TRAIL_BUCKET } }));
    await config.send(new StartConfigurationRecorderCommand({ ConfigurationRecorderName: 'default' }));
  } else {
    await cloudtrail.send(new CreateTrailCommand({ Name: 'sandbox-trail', S3BucketName: TRAIL_BUCKET, IsMultiRegionTrail: false, EnableLogFileValidation: false, TagsList: tagList(TAGS.dev) }));
    await cloudtrail.send(new StartLoggingCommand({ Name: 'sandbox-trail' }));
    registry.add({ key: `${short}:trail-sandbox-trail`, type: 'AWS::CloudTrail::Trail', region, id: 'sandbox-trail', tags: TAGS.dev });
    // A recorder that was never started.
    await config.send(
      new PutConfigurationRecorderCommand({
        ConfigurationRecorder: { name: 'default', roleARN: `arn:aws:iam::${ACCOUNT}:role/config-recorder`, recordingGroup: { allSupported: true } },
      }),
    );
  }
}

/** The standards EnableSecurityHub enables by default (FSBP and CIS v1.2.0), where it is enabled. */
export const DEFAULT_STANDARDS = 2;

/** Security Hub CSPM (eu-west-1 only) and the analyzers: an external access analyzer in eu-west-1, only an unused-access one in us-east-1. */
async function seedDetection(clients: ClientFactory, region: SeedRegion, registry: Registry): Promise<void> {
  const short = SHORT[region];
  if (region === 'eu-west-1') await clients(SecurityHubClient, region).send(new EnableSecurityHubCommand({ EnableDefaultStandards: true }));
  const analyzer: { name: string; type: AnalyzerType; tags: Tags } =
    region === 'eu-west-1' ? { name: 'external-access', type: 'ACCOUNT', tags: TAGS.prod } : { name: 'unused-access', type: 'ACCOUNT_UNUSED_ACCESS', tags: TAGS.dev };
  await clients(AccessAnalyzerClient, region).send(new CreateAnalyzerCommand({ analyzerName: analyzer.name, type: analyzer.type, tags: { ...analyzer.tags } }));
  registry.add({ key: `${short}:analyzer-${analyzer.name}`, type: 'AWS::AccessAnalyzer::Analyzer', region, id: analyzer.name, tags: analyzer.tags });
}

/** Seeds messaging and audit of one Region. */
export async function seedMessaging(clients: ClientFactory, region: SeedRegion, registry: Registry): Promise<void> {
  await seedTopicsQueuesStreams(clients, region, registry);
  await seedAudit(clients, region, registry);
  await seedDetection(clients, region, registry);
}
