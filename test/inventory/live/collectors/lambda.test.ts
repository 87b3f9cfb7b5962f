import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mockClient } from 'aws-sdk-client-mock';
import { LambdaClient, LambdaServiceException, ListFunctionsCommand, TooManyRequestsException, type FunctionConfiguration } from '@aws-sdk/client-lambda';
import { GetResourcesCommand, ResourceGroupsTaggingAPIClient, ResourceGroupsTaggingAPIServiceException } from '@aws-sdk/client-resource-groups-tagging-api';
import { lambdaCollector } from '../../../../inventory/live/collectors/lambda.js';
import { scan } from '../../../../engine/scan.js';
import { defaultSettings } from '../../../../engine/settings.js';
import { defineRule } from '../../../../rules/lib/define-rule.js';
import { checkItemAgainstSchema } from '../../../support/config-schema.js';
import { ACCOUNT, REGION } from '../../../support/items.js';
import { callsOf, collect, mockedLiveSource, mockIdentity } from '../../../../testkit/live.js';

const FUNCTION = 'AWS::Lambda::Function';
const arnOf = (name: string) => `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${name}`;

const fn = (name: string, subnets: readonly string[] = ['subnet-a', 'subnet-b']): FunctionConfiguration => ({
  FunctionName: name,
  FunctionArn: arnOf(name),
  Runtime: 'nodejs22.x',
  Role: `arn:aws:iam::${ACCOUNT}:role/service/${name}-role`,
  Handler: 'index.handler',
  CodeSize: 1024,
  Description: 'test function',
  Timeout: 10,
  MemorySize: 256,
  LastModified: '2026-01-02T03:04:05.000+0000',
  CodeSha256: 'abc=',
  Version: '$LATEST',
  VpcConfig: { SubnetIds: [...subnets], SecurityGroupIds: subnets.length === 0 ? [] : ['sg-1'], VpcId: subnets.length === 0 ? '' : 'vpc-1', Ipv6AllowedForDualStack: false },
  KMSKeyArn: `arn:aws:kms:${REGION}:${ACCOUNT}:key/k`,
  TracingConfig: { Mode: 'Active' },
  RevisionId: 'rev-1',
  Layers: [{ Arn: `arn:aws:lambda:${REGION}:${ACCOUNT}:layer:l:1`, CodeSize: 10 }],
  State: 'Active',
  StateReason: 'ready',
  LastUpdateStatus: 'Successful',
  PackageType: 'Zip',
  Architectures: ['arm64'],
  EphemeralStorage: { Size: 512 },
  // Fields AWS Config does not record (or that must never be copied) must not leak into the item.
  Environment: { Variables: { DB_PASSWORD: 'do-not-leak' } },
  SnapStart: { ApplyOn: 'None', OptimizationStatus: 'Off' },
  LoggingConfig: { LogFormat: 'Text', LogGroup: `/aws/lambda/${name}` },
  RuntimeVersionConfig: { RuntimeVersionArn: 'arn:aws:lambda:eu-west-1::runtime:x' },
});

const lambdaError = (name: string, status = 403) => new LambdaServiceException({ name, $fault: 'client', $metadata: { httpStatusCode: status }, message: `${name} from the test` });

/** A tiny rule over functions, standing in for the rules that arrive later; it reads tags (production scope). */
const multiAzRule = defineRule({
  meta: {
    id: 'test-lambda-multi-az',
    gate: 'multi-az',
    title: 'VPC functions use two subnets (test rule)',
    severity: 'MEDIUM',
    priority: 'P2',
    resourceTypes: [FUNCTION],
    controls: [],
    remediation: { text: 'Add a subnet.', url: 'https://docs.aws.amazon.com/lambda/latest/dg/configuration-vpc.html' },
    messages: { multi: 'multi', single: 'single' },
  },
  check(item, context) {
    return (item.configuration.vpcConfig?.subnetIds ?? []).length >= 2 ? context.pass('multi') : context.fail('single');
  },
});

/** A rule that judges tags, over every function. */
const tagReadingRule = defineRule({
  meta: {
    id: 'test-lambda-tagged',
    gate: 'tagging',
    title: 'Functions carry a Team tag (test rule)',
    severity: 'LOW',
    priority: 'P1',
    resourceTypes: [FUNCTION],
    readsTags: true,
    controls: [],
    remediation: { text: 'Tag it.', url: 'https://docs.aws.amazon.com/lambda/latest/dg/configuration-tags.html' },
    messages: { tagged: 'tagged', untagged: 'untagged' },
  },
  check(item, context) {
    return item.tags['Team'] === undefined ? context.fail('untagged') : context.pass('tagged');
  },
});

const serviceMocks = () => ({ lambda: mockClient(LambdaClient), tagging: mockClient(ResourceGroupsTaggingAPIClient) });

let mocks: ReturnType<typeof mockIdentity>;
let lambda: ReturnType<typeof serviceMocks>['lambda'];
let tagging: ReturnType<typeof serviceMocks>['tagging'];
beforeEach(() => {
  mocks = mockIdentity();
  ({ lambda, tagging } = serviceMocks());
  tagging.on(GetResourcesCommand).resolves({ ResourceTagMappingList: [] });
});
afterEach(() => {
  mocks.ec2.restore();
  mocks.sts.restore();
  lambda.restore();
  tagging.restore();
});

const functions = (collection: Awaited<ReturnType<typeof collect>>) => collection.items.filter((entry) => entry.resourceType === FUNCTION);

describe('Lambda collector', () => {
  it('builds configuration items in the shape AWS Config records, tags from the Tagging API', async () => {
    lambda.on(ListFunctionsCommand).resolves({ Functions: [fn('api'), fn('cron', [])] });
    tagging.on(GetResourcesCommand).resolves({ ResourceTagMappingList: [{ ResourceARN: arnOf('api'), Tags: [{ Key: 'Environment', Value: 'prod' }] }] });
    const collection = await collect([lambdaCollector], [FUNCTION]);
    expect(collection.errors).toEqual([]);
    const raws = (collection.rawItems ?? []).filter((entry) => entry['resourceType'] === FUNCTION);
    expect(raws[0]).toMatchObject({
      resourceId: 'api',
      resourceName: 'api',
      ARN: arnOf('api'),
      awsAccountId: ACCOUNT,
      awsRegion: REGION,
      availabilityZone: 'Not Applicable',
      tags: { Environment: 'prod' },
      relationships: [
        { resourceType: 'AWS::IAM::Role', resourceName: 'api-role' },
        { resourceType: 'AWS::EC2::Subnet', resourceId: 'subnet-a' },
        { resourceType: 'AWS::EC2::Subnet', resourceId: 'subnet-b' },
      ],
      configuration: {
        functionName: 'api',
        functionArn: arnOf('api'),
        vpcConfig: { subnetIds: ['subnet-a', 'subnet-b'], securityGroupIds: ['sg-1'] },
        kmskeyArn: `arn:aws:kms:${REGION}:${ACCOUNT}:key/k`,
        tracingConfig: { mode: 'Active' },
        lastModified: '2026-01-02T03:04:05.000+0000',
        ephemeralStorage: { size: 512 },
        layers: [{ arn: `arn:aws:lambda:${REGION}:${ACCOUNT}:layer:l:1`, codeSize: 10 }],
      },
    });
    expect(raws[1]).toMatchObject({ resourceId: 'cron', tags: {}, configuration: { vpcConfig: { subnetIds: [] } } });
    for (const raw of raws) {
      const configuration = raw['configuration'] as Record<string, unknown>;
      for (const leaked of ['environment', 'state', 'stateReason', 'snapStart', 'loggingConfig', 'runtimeVersionConfig', 'kMSKeyArn']) expect(configuration).not.toHaveProperty(leaked);
      expect(configuration['vpcConfig']).not.toHaveProperty('vpcId');
      expect(JSON.stringify(raw)).not.toContain('do-not-leak');
      expect(checkItemAgainstSchema(raw)).toEqual([]);
    }
  });

  it('follows the pagination marker across three pages at the maximum page size', async () => {
    lambda
      .on(ListFunctionsCommand)
      .resolvesOnce({ Functions: [fn('a')], NextMarker: 'm2' })
      .resolvesOnce({ Functions: [fn('b')], NextMarker: 'm3' })
      .resolvesOnce({ Functions: [fn('c')] });
    const collection = await collect([lambdaCollector], [FUNCTION]);
    expect(functions(collection).map((entry) => entry.resourceId)).toEqual(['a', 'b', 'c']);
    expect(lambda).toHaveReceivedCommandTimes(ListFunctionsCommand, 3);
    expect(lambda).toHaveReceivedNthCommandWith(1, ListFunctionsCommand, { MaxItems: 50, Marker: undefined });
    expect(lambda).toHaveReceivedNthCommandWith(2, ListFunctionsCommand, { MaxItems: 50, Marker: 'm2' });
    expect(lambda).toHaveReceivedNthCommandWith(3, ListFunctionsCommand, { MaxItems: 50, Marker: 'm3' });
    expect(callsOf(collection, 'lambda', 'ListFunctions')).toBe(3);
    expect(tagging).toHaveReceivedCommandWith(GetResourcesCommand, { ResourceTypeFilters: ['lambda:function'], ResourcesPerPage: 100 });
  });

  it('retries throttling and counts the retry', async () => {
    lambda
      .on(ListFunctionsCommand)
      .rejectsOnce(new TooManyRequestsException({ message: 'Rate exceeded', $metadata: { httpStatusCode: 429 } }))
      .resolves({ Functions: [fn('api')] });
    const collection = await collect([lambdaCollector], [FUNCTION]);
    expect(collection.errors).toEqual([]);
    expect(functions(collection).map((entry) => entry.resourceId)).toEqual(['api']);
    expect(collection.calls).toContainEqual({ service: 'lambda', operation: 'ListFunctions', calls: 2, retries: 1, errors: 0 });
  });

  it('records a denied listing for functions and reads no tags', async () => {
    lambda.on(ListFunctionsCommand).rejects(lambdaError('AccessDeniedException'));
    const collection = await collect([lambdaCollector], [FUNCTION]);
    expect(collection.errors).toEqual([
      { accountId: ACCOUNT, region: REGION, resourceTypes: [FUNCTION], service: 'lambda', operation: 'ListFunctions', code: 'AccessDeniedException', message: 'AccessDeniedException from the test' },
    ]);
    expect(tagging.calls()).toHaveLength(0);
  });

  it('still emits the functions when the tag walk is denied, with a tags-only error', async () => {
    lambda.on(ListFunctionsCommand).resolves({ Functions: [fn('api')] });
    tagging.on(GetResourcesCommand).rejects(new ResourceGroupsTaggingAPIServiceException({ name: 'AccessDeniedException', $fault: 'client', $metadata: {}, message: 'no tags' }));
    const collection = await collect([lambdaCollector], [FUNCTION]);
    expect(functions(collection).map((entry) => [entry.resourceId, entry.tags])).toEqual([['api', {}]]);
    expect(collection.errors).toEqual([
      { accountId: ACCOUNT, region: REGION, resourceTypes: [FUNCTION], service: 'tagging', operation: 'GetResources', code: 'AccessDeniedException', message: 'no tags', aspect: 'tags' },
    ]);
  });

  it('makes a function rule UNKNOWN, never PASS, when the listing is denied', async () => {
    lambda.on(ListFunctionsCommand).rejects(lambdaError('AccessDeniedException'));
    const rules = [multiAzRule];
    const result = await scan({ regions: [REGION] }, mockedLiveSource([lambdaCollector]), defaultSettings(rules), rules);
    expect(result.evaluations.map((evaluation) => [evaluation.status, evaluation.messageId])).toEqual([['UNKNOWN', 'listFailed']]);
    expect(result.completeness).toEqual([expect.objectContaining({ ruleId: 'test-lambda-multi-az', region: REGION, complete: false })]);
  });

  it('makes a tag-reading rule UNKNOWN, never PASS, when only the tags could not be read', async () => {
    lambda.on(ListFunctionsCommand).resolves({ Functions: [fn('api')] });
    tagging.on(GetResourcesCommand).rejects(new ResourceGroupsTaggingAPIServiceException({ name: 'AccessDeniedException', $fault: 'client', $metadata: {}, message: 'no tags' }));
    const rules = [tagReadingRule];
    const result = await scan({ regions: [REGION] }, mockedLiveSource([lambdaCollector]), defaultSettings(rules), rules);
    expect(result.evaluations.map((evaluation) => [evaluation.resource.id, evaluation.status, evaluation.messageId])).toEqual([['api', 'UNKNOWN', 'collectionFailed']]);
  });

  it('makes one ListFunctions call per page and one tag walk, no call per function', async () => {
    lambda.on(ListFunctionsCommand).resolves({ Functions: Array.from({ length: 50 }, (_, index) => fn(`f-${index}`)) });
    const collection = await collect([lambdaCollector], [FUNCTION]);
    expect(lambda.calls().map((call) => call.args[0].constructor.name)).toEqual(['ListFunctionsCommand']);
    expect(tagging.calls().map((call) => call.args[0].constructor.name)).toEqual(['GetResourcesCommand']);
    expect(functions(collection)).toHaveLength(50);
  });

  it('makes no tag call in a Region without functions', async () => {
    lambda.on(ListFunctionsCommand).resolves({ Functions: [] });
    const collection = await collect([lambdaCollector], [FUNCTION]);
    expect(collection.errors).toEqual([]);
    expect(tagging.calls()).toHaveLength(0);
  });
});
