/**
 * The packaged stack, "deployed" into the emulator: the resources the functions call (the KMS key,
 * the alerts topic, the dead-letter queue, the finding-state table) are created in moto from their
 * template properties, with the stack's tags; functions, roles, rules, the state machine, buckets
 * and log groups only get the names CloudFormation would give them, so `Ref` and `Fn::GetAtt`
 * resolve. Any other type is not emulated: a reference to it (from a function's environment or the
 * state machine) fails, naming it, instead of resolving to a made-up name.
 */
import { CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { CreateTopicCommand, SNSClient } from '@aws-sdk/client-sns';
import { CreateQueueCommand, GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import {
  CreateTableCommand,
  DynamoDBClient,
  UpdateContinuousBackupsCommand,
  UpdateTimeToLiveCommand,
  type AttributeDefinition,
  type BillingMode,
  type KeySchemaElement,
  type SSESpecification,
} from '@aws-sdk/client-dynamodb';
import { resolveIntrinsics, type StackNames, type Template } from './cloudformation.js';
import type { PackagedService } from './packaged.js';

/** Client options for the emulator. */
export interface Emulator {
  readonly endpoint: string;
  readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string };
}

export const clientOptions = (emulator: Emulator, region: string) => ({ region, endpoint: emulator.endpoint, credentials: emulator.credentials, maxAttempts: 2 });

export interface EmulatedStack extends StackNames {
  /** The physical resources created in the emulator, by logical id. */
  readonly created: Readonly<Record<string, string>>;
  /** Resources of types not emulated, by logical id: their type. */
  readonly unemulated: Readonly<Record<string, string>>;
}

function tagList(tags: Readonly<Record<string, string>>, own: unknown): { Key: string; Value: string }[] {
  const merged = { ...tags, ...Object.fromEntries(((own ?? []) as { Key: string; Value: string }[]).map((tag) => [tag.Key, tag.Value])) };
  return Object.entries(merged).map(([Key, Value]) => ({ Key, Value }));
}

/** Creates the stack's resources in the emulator, in dependency order (the key first). */
export async function deployStack(service: PackagedService, emulator: Emulator, accountId: string): Promise<EmulatedStack> {
  const { template, region } = service;
  const partition = 'aws';
  const stackName = `${service.service}-${service.stage}`;
  const refs: Record<string, string> = {};
  const attributes: Record<string, string> = {};
  const created: Record<string, string> = {};
  const unemulated: Record<string, string> = {};
  const names = (): StackNames => ({ region, accountId, partition, stackName, refs, attributes, unemulated });
  const resolve = (value: unknown, path: string) => resolveIntrinsics(value, names(), path);
  const options = clientOptions(emulator, region);
  const ordered = Object.entries(template.Resources).sort(([, a], [, b]) => Number(b.Type === 'AWS::KMS::Key') - Number(a.Type === 'AWS::KMS::Key'));

  for (const [id, resource] of ordered) {
    const properties = resource.Properties ?? {};
    const property = (name: string) => resolve(properties[name], `${id}.${name}`);
    const physical = (name: string) => (properties[name] === undefined ? `${stackName}-${id}-E2E`.slice(0, 64) : String(property(name)));
    switch (resource.Type) {
      case 'AWS::KMS::Key': {
        const key = await new KMSClient(options).send(
          new CreateKeyCommand({ Description: String(property('Description') ?? ''), Tags: tagList(service.stackTags, properties['Tags']).map(({ Key, Value }) => ({ TagKey: Key, TagValue: Value })) }),
        );
        const [keyId, arn] = [key.KeyMetadata?.KeyId ?? '', key.KeyMetadata?.Arn ?? ''];
        Object.assign(refs, { [id]: keyId });
        Object.assign(attributes, { [`${id}.Arn`]: arn, [`${id}.KeyId`]: keyId });
        created[id] = arn;
        break;
      }
      case 'AWS::SNS::Topic': {
        const attributesOf = Object.fromEntries(
          [['DisplayName', 'DisplayName'], ['KmsMasterKeyId', 'KmsMasterKeyId']].flatMap(([from, to]) => (properties[from ?? ''] === undefined ? [] : [[to, String(property(from ?? ''))]])),
        ) as Record<string, string>;
        const topic = await new SNSClient(options).send(new CreateTopicCommand({ Name: physical('TopicName'), Attributes: attributesOf, Tags: tagList(service.stackTags, properties['Tags']) }));
        const arn = topic.TopicArn ?? '';
        Object.assign(refs, { [id]: arn });
        Object.assign(attributes, { [`${id}.TopicArn`]: arn, [`${id}.TopicName`]: arn.split(':').pop() ?? '' });
        created[id] = arn;
        break;
      }
      case 'AWS::SQS::Queue': {
        const sqs = new SQSClient(options);
        const queueAttributes = Object.fromEntries(
          ['MessageRetentionPeriod', 'KmsMasterKeyId', 'KmsDataKeyReusePeriodSeconds', 'VisibilityTimeout'].flatMap((name) => (properties[name] === undefined ? [] : [[name, String(property(name))]])),
        ) as Record<string, string>;
        const queue = await sqs.send(
          new CreateQueueCommand({ QueueName: physical('QueueName'), Attributes: queueAttributes, tags: Object.fromEntries(tagList(service.stackTags, properties['Tags']).map(({ Key, Value }) => [Key, Value])) }),
        );
        const read = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queue.QueueUrl, AttributeNames: ['QueueArn'] }));
        const [url, arn] = [queue.QueueUrl ?? '', read.Attributes?.['QueueArn'] ?? ''];
        Object.assign(refs, { [id]: url });
        Object.assign(attributes, { [`${id}.Arn`]: arn, [`${id}.QueueName`]: arn.split(':').pop() ?? '', [`${id}.QueueUrl`]: url });
        created[id] = url;
        break;
      }
      case 'AWS::DynamoDB::Table': {
        const dynamodb = new DynamoDBClient(options);
        const tableName = physical('TableName');
        const sse = property('SSESpecification') as { SSEEnabled?: boolean; SSEType?: string; KMSMasterKeyId?: string } | undefined;
        const table = await dynamodb.send(
          new CreateTableCommand({
            TableName: tableName,
            BillingMode: (property('BillingMode') ?? 'PROVISIONED') as BillingMode,
            KeySchema: property('KeySchema') as KeySchemaElement[],
            AttributeDefinitions: property('AttributeDefinitions') as AttributeDefinition[],
            ...(sse === undefined ? {} : { SSESpecification: { Enabled: sse.SSEEnabled, SSEType: sse.SSEType, KMSMasterKeyId: sse.KMSMasterKeyId } as SSESpecification }),
            ...(properties['DeletionProtectionEnabled'] === undefined ? {} : { DeletionProtectionEnabled: Boolean(property('DeletionProtectionEnabled')) }),
            Tags: tagList(service.stackTags, properties['Tags']),
          }),
        );
        const ttl = property('TimeToLiveSpecification') as { AttributeName: string; Enabled: boolean } | undefined;
        if (ttl !== undefined) await dynamodb.send(new UpdateTimeToLiveCommand({ TableName: tableName, TimeToLiveSpecification: ttl }));
        const recovery = property('PointInTimeRecoverySpecification') as { PointInTimeRecoveryEnabled: boolean } | undefined;
        if (recovery !== undefined) await dynamodb.send(new UpdateContinuousBackupsCommand({ TableName: tableName, PointInTimeRecoverySpecification: recovery }));
        refs[id] = tableName;
        attributes[`${id}.Arn`] = table.TableDescription?.TableArn ?? '';
        created[id] = tableName;
        break;
      }
      case 'AWS::Lambda::Function': {
        const name = physical('FunctionName');
        refs[id] = name;
        attributes[`${id}.Arn`] = `arn:${partition}:lambda:${region}:${accountId}:function:${name}`;
        break;
      }
      case 'AWS::StepFunctions::StateMachine': {
        const name = physical('StateMachineName');
        refs[id] = `arn:${partition}:states:${region}:${accountId}:stateMachine:${name}`;
        attributes[`${id}.Arn`] = refs[id];
        attributes[`${id}.Name`] = name;
        break;
      }
      case 'AWS::IAM::Role': {
        const name = physical('RoleName');
        refs[id] = name;
        attributes[`${id}.Arn`] = `arn:${partition}:iam::${accountId}:role/${name}`;
        break;
      }
      case 'AWS::Events::Rule': {
        const name = physical('Name');
        refs[id] = name;
        attributes[`${id}.Arn`] = `arn:${partition}:events:${region}:${accountId}:rule/${name}`;
        break;
      }
      case 'AWS::S3::Bucket':
        refs[id] = `${stackName}-${id}-e2e`.toLowerCase();
        attributes[`${id}.Arn`] = `arn:${partition}:s3:::${refs[id]}`;
        break;
      case 'AWS::Logs::LogGroup':
        refs[id] = physical('LogGroupName');
        attributes[`${id}.Arn`] = `arn:${partition}:logs:${region}:${accountId}:log-group:${refs[id]}:*`;
        break;
      default:
        unemulated[id] = resource.Type;
    }
  }
  return { ...names(), created, unemulated };
}

/** The template as a whole, for readers that want a resource's properties. */
export const resourcesOfType = (template: Template, type: string) => Object.entries(template.Resources).filter(([, resource]) => resource.Type === type);
