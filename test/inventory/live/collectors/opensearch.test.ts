import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mockClient } from 'aws-sdk-client-mock';
import {
  AccessDeniedException,
  DescribeDomainsCommand,
  ListDomainNamesCommand,
  OpenSearchClient,
  ThrottlingException,
  type DomainStatus,
  type LogPublishingOption,
} from '@aws-sdk/client-opensearch';
import { GetResourcesCommand, ResourceGroupsTaggingAPIClient, ResourceGroupsTaggingAPIServiceException } from '@aws-sdk/client-resource-groups-tagging-api';
import { opensearchCollector } from '../../../../inventory/live/collectors/opensearch.js';
import { scan } from '../../../../engine/scan.js';
import { defaultSettings } from '../../../../engine/settings.js';
import { defineRule } from '../../../../rules/lib/define-rule.js';
import { checkItemAgainstSchema } from '../../../support/config-schema.js';
import { ACCOUNT, REGION } from '../../../support/items.js';
import { callsOf, collect, mockedLiveSource, mockIdentity } from '../../../../testkit/live.js';

const DOMAIN = 'AWS::OpenSearch::Domain';
const arnOf = (name: string) => `arn:aws:es:${REGION}:${ACCOUNT}:domain/${name}`;

const domain = (name: string, encrypted = true): DomainStatus => ({
  DomainId: `${ACCOUNT}/${name}`,
  DomainName: name,
  ARN: arnOf(name),
  Created: true,
  Deleted: false,
  Endpoints: { vpc: `vpc-${name}.${REGION}.es.amazonaws.com` },
  EngineVersion: 'OpenSearch_2.13',
  ClusterConfig: {
    InstanceType: 'r6g.large.search',
    InstanceCount: 3,
    DedicatedMasterEnabled: false,
    ZoneAwarenessEnabled: true,
    ZoneAwarenessConfig: { AvailabilityZoneCount: 3 },
    WarmEnabled: false,
    MultiAZWithStandbyEnabled: false,
    ColdStorageOptions: { Enabled: false },
  },
  EBSOptions: { EBSEnabled: true, VolumeType: 'gp3', VolumeSize: 100, Iops: 3000, Throughput: 125 },
  VPCOptions: { VPCId: 'vpc-1', SubnetIds: ['subnet-a', 'subnet-b', 'subnet-c'], AvailabilityZones: ['eu-west-1a'], SecurityGroupIds: ['sg-1'] },
  EncryptionAtRestOptions: { Enabled: encrypted, KmsKeyId: 'arn:aws:kms:eu-west-1:111122223333:key/k' },
  NodeToNodeEncryptionOptions: { Enabled: true },
  DomainEndpointOptions: { EnforceHTTPS: true, TLSSecurityPolicy: 'Policy-Min-TLS-1-2-2019-07', CustomEndpointEnabled: false },
  AdvancedSecurityOptions: {
    Enabled: true,
    InternalUserDatabaseEnabled: false,
    AnonymousAuthEnabled: false,
    AnonymousAuthDisableDate: new Date('2026-01-02T03:04:05Z'),
    SAMLOptions: { Enabled: true, Idp: { EntityId: 'https://idp.example', MetadataContent: '<xml>secret-ish</xml>' }, SessionTimeoutMinutes: 60 },
  },
  LogPublishingOptions: {
    AUDIT_LOGS: { CloudWatchLogsLogGroupArn: 'arn:aws:logs:eu-west-1:111122223333:log-group:audit', Enabled: true },
    // A log type the published schema does not list (as a newer service version might return).
    ...({ TASK_DETAILS_LOGS: { CloudWatchLogsLogGroupArn: 'arn:aws:logs:eu-west-1:111122223333:log-group:tasks', Enabled: true } } as Record<string, LogPublishingOption>),
  },
  ServiceSoftwareOptions: { CurrentVersion: 'R1', NewVersion: '', UpdateAvailable: false, Cancellable: false, UpdateStatus: 'COMPLETED', Description: 'none', AutomatedUpdateDate: new Date(0), OptionalDeployment: true },
  OffPeakWindowOptions: { Enabled: true, OffPeakWindow: { WindowStartTime: { Hours: 2, Minutes: 0 } } },
  SoftwareUpdateOptions: { AutoSoftwareUpdateEnabled: true, UseLatestServiceSoftwareForBlueGreen: false },
  SnapshotOptions: { AutomatedSnapshotStartHour: 0 },
  // Fields AWS Config does not record must not leak into the item.
  AccessPolicies: '{"Statement":[]}',
  AdvancedOptions: { 'rest.action.multi.allow_explicit_index': 'true' },
  Processing: false,
  IPAddressType: 'ipv4',
});

const names = (count: number) => Array.from({ length: count }, (_, index) => `domain-${index}`);
const denied = (message = 'AccessDenied from the test') => new AccessDeniedException({ message, $metadata: { httpStatusCode: 403 } });

/** A tiny rule over domains, standing in for the rules that arrive later. */
const encryptedRule = defineRule({
  meta: {
    id: 'test-opensearch-encrypted',
    gate: 'encryption',
    title: 'OpenSearch domains are encrypted at rest (test rule)',
    severity: 'MEDIUM',
    priority: 'P1',
    resourceTypes: [DOMAIN],
    controls: [],
    remediation: { text: 'Encrypt it.', url: 'https://docs.aws.amazon.com/opensearch-service/latest/developerguide/encryption-at-rest.html' },
    messages: { encrypted: 'encrypted', unencrypted: 'not encrypted' },
  },
  check(item, context) {
    return item.configuration.EncryptionAtRestOptions?.Enabled === true ? context.pass('encrypted') : context.fail('unencrypted');
  },
});

const serviceMocks = () => ({ opensearch: mockClient(OpenSearchClient), tagging: mockClient(ResourceGroupsTaggingAPIClient) });

let mocks: ReturnType<typeof mockIdentity>;
let opensearch: ReturnType<typeof serviceMocks>['opensearch'];
let tagging: ReturnType<typeof serviceMocks>['tagging'];
beforeEach(() => {
  mocks = mockIdentity();
  ({ opensearch, tagging } = serviceMocks());
  tagging.on(GetResourcesCommand).resolves({ ResourceTagMappingList: [] });
});
afterEach(() => {
  mocks.ec2.restore();
  mocks.sts.restore();
  opensearch.restore();
  tagging.restore();
});

describe('OpenSearch collector', () => {
  it('builds configuration items in the shape AWS Config records, tags from the Tagging API', async () => {
    opensearch.on(ListDomainNamesCommand).resolves({ DomainNames: [{ DomainName: 'logs', EngineType: 'OpenSearch' }] });
    opensearch.on(DescribeDomainsCommand).resolves({ DomainStatusList: [domain('logs')] });
    tagging.on(GetResourcesCommand).resolves({ ResourceTagMappingList: [{ ResourceARN: arnOf('logs'), Tags: [{ Key: 'Team', Value: 'search' }] }] });
    const collection = await collect([opensearchCollector], [DOMAIN]);
    expect(collection.errors).toEqual([]);
    const raws = (collection.rawItems ?? []).filter((entry) => entry['resourceType'] === DOMAIN);
    expect(raws).toHaveLength(1);
    const [raw] = raws;
    expect(raw).toMatchObject({
      resourceId: 'logs',
      resourceName: 'logs',
      ARN: arnOf('logs'),
      awsAccountId: ACCOUNT,
      awsRegion: REGION,
      availabilityZone: 'Regional',
      tags: { Team: 'search' },
      configuration: {
        DomainName: 'logs',
        DomainArn: arnOf('logs'),
        DomainEndpoint: `vpc-logs.${REGION}.es.amazonaws.com`,
        ClusterConfig: { InstanceCount: 3, ZoneAwarenessEnabled: true, ZoneAwarenessConfig: { AvailabilityZoneCount: 3 } },
        EncryptionAtRestOptions: { Enabled: true },
        NodeToNodeEncryptionOptions: { Enabled: true },
        DomainEndpointOptions: { EnforceHTTPS: true, TLSSecurityPolicy: 'Policy-Min-TLS-1-2-2019-07' },
        VPCOptions: { SubnetIds: ['subnet-a', 'subnet-b', 'subnet-c'], SecurityGroupIds: ['sg-1'] },
        AdvancedSecurityOptions: { AnonymousAuthDisableDate: '2026-01-02T03:04:05.000Z', SAMLOptions: { Idp: { EntityId: 'https://idp.example' } } },
        LogPublishingOptions: { AUDIT_LOGS: { Enabled: true } },
      },
    });
    const configuration = raw?.['configuration'] as Record<string, Record<string, unknown>>;
    expect(configuration).not.toHaveProperty('AccessPolicies');
    expect(configuration).not.toHaveProperty('AdvancedOptions');
    expect(configuration['VPCOptions']).not.toHaveProperty('VPCId');
    expect(configuration['LogPublishingOptions']).not.toHaveProperty('TASK_DETAILS_LOGS');
    expect(JSON.stringify(raw)).not.toContain('MetadataContent');
    expect(checkItemAgainstSchema(raw)).toEqual([]);
  });

  it('describes the domains five at a time and follows the tag walk across three pages', async () => {
    const twelve = names(12);
    opensearch.on(ListDomainNamesCommand).resolves({ DomainNames: twelve.map((DomainName) => ({ DomainName })) });
    opensearch.on(DescribeDomainsCommand).callsFake((input: { DomainNames: string[] }) => ({ DomainStatusList: input.DomainNames.map((name) => domain(name)) }));
    tagging
      .on(GetResourcesCommand)
      .resolvesOnce({ ResourceTagMappingList: [{ ResourceARN: arnOf('domain-0'), Tags: [{ Key: 'Team', Value: 'a' }] }], PaginationToken: 't2' })
      .resolvesOnce({ ResourceTagMappingList: [{ ResourceARN: arnOf('domain-5'), Tags: [{ Key: 'Team', Value: 'b' }] }], PaginationToken: 't3' })
      .resolvesOnce({ ResourceTagMappingList: [{ ResourceARN: arnOf('domain-11'), Tags: [{ Key: 'Team', Value: 'c' }] }] });
    const collection = await collect([opensearchCollector], [DOMAIN]);
    expect(collection.errors).toEqual([]);
    expect(collection.items.filter((entry) => entry.resourceType === DOMAIN).map((entry) => entry.resourceId)).toEqual(twelve);
    expect(opensearch).toHaveReceivedCommandTimes(ListDomainNamesCommand, 1);
    expect(opensearch).toHaveReceivedCommandTimes(DescribeDomainsCommand, 3);
    expect(opensearch).toHaveReceivedCommandWith(DescribeDomainsCommand, { DomainNames: twelve.slice(0, 5) });
    expect(opensearch).toHaveReceivedCommandWith(DescribeDomainsCommand, { DomainNames: twelve.slice(5, 10) });
    expect(opensearch).toHaveReceivedCommandWith(DescribeDomainsCommand, { DomainNames: twelve.slice(10) });
    expect(tagging).toHaveReceivedCommandTimes(GetResourcesCommand, 3);
    expect(tagging).toHaveReceivedNthCommandWith(1, GetResourcesCommand, { ResourceTypeFilters: ['es:domain'], ResourcesPerPage: 100, PaginationToken: undefined });
    expect(tagging).toHaveReceivedNthCommandWith(2, GetResourcesCommand, { ResourceTypeFilters: ['es:domain'], ResourcesPerPage: 100, PaginationToken: 't2' });
    expect(tagging).toHaveReceivedNthCommandWith(3, GetResourcesCommand, { ResourceTypeFilters: ['es:domain'], ResourcesPerPage: 100, PaginationToken: 't3' });
    const tagsOf = (id: string) => collection.items.find((entry) => entry.resourceId === id)?.tags;
    expect([tagsOf('domain-0'), tagsOf('domain-5'), tagsOf('domain-11'), tagsOf('domain-1')]).toEqual([{ Team: 'a' }, { Team: 'b' }, { Team: 'c' }, {}]);
    expect(callsOf(collection, 'opensearch', 'DescribeDomains')).toBe(3);
  });

  it('retries throttling and counts the retry', async () => {
    opensearch.on(ListDomainNamesCommand).resolves({ DomainNames: [{ DomainName: 'logs' }] });
    opensearch
      .on(DescribeDomainsCommand)
      .rejectsOnce(new ThrottlingException({ message: 'Rate exceeded', $metadata: { httpStatusCode: 429 } }))
      .resolves({ DomainStatusList: [domain('logs')] });
    const collection = await collect([opensearchCollector], [DOMAIN]);
    expect(collection.errors).toEqual([]);
    expect(collection.items.map((entry) => entry.resourceId)).toContain('logs');
    expect(collection.calls).toContainEqual({ service: 'opensearch', operation: 'DescribeDomains', calls: 2, retries: 1, errors: 0 });
  });

  it('records a denied listing for the domain type', async () => {
    opensearch.on(ListDomainNamesCommand).rejects(denied());
    const collection = await collect([opensearchCollector], [DOMAIN]);
    expect(collection.errors).toEqual([
      { accountId: ACCOUNT, region: REGION, resourceTypes: [DOMAIN], service: 'opensearch', operation: 'ListDomainNames', code: 'AccessDeniedException', message: 'AccessDenied from the test' },
    ]);
    expect(opensearch).toHaveReceivedCommandTimes(DescribeDomainsCommand, 0);
    expect(tagging).toHaveReceivedCommandTimes(GetResourcesCommand, 0);
  });

  it('marks just the domains of a failed DescribeDomains batch, and still emits them by name', async () => {
    const seven = names(7);
    opensearch.on(ListDomainNamesCommand).resolves({ DomainNames: seven.map((DomainName) => ({ DomainName })) });
    opensearch
      .on(DescribeDomainsCommand, { DomainNames: seven.slice(0, 5) })
      .rejects(denied('denied on these'))
      .on(DescribeDomainsCommand, { DomainNames: seven.slice(5) })
      .resolves({ DomainStatusList: seven.slice(5).map((name) => domain(name)) });
    const collection = await collect([opensearchCollector], [DOMAIN]);
    expect(collection.errors).toEqual([
      {
        accountId: ACCOUNT,
        region: REGION,
        resourceTypes: [DOMAIN],
        service: 'opensearch',
        operation: 'DescribeDomains',
        code: 'AccessDeniedException',
        message: 'denied on these',
        resourceIds: seven.slice(0, 5),
      },
    ]);
    expect(collection.items.filter((entry) => entry.resourceType === DOMAIN).map((entry) => entry.resourceId)).toEqual(seven);
    const stub = (collection.rawItems ?? []).find((entry) => entry['resourceId'] === 'domain-0');
    expect(stub?.['configuration']).toEqual({ Arn: arnOf('domain-0'), DomainArn: arnOf('domain-0'), DomainName: 'domain-0' });
    for (const raw of collection.rawItems ?? []) expect(checkItemAgainstSchema(raw)).toEqual([]);
  });

  it('still emits the domains when the tag walk fails, with a tags-only error', async () => {
    opensearch.on(ListDomainNamesCommand).resolves({ DomainNames: [{ DomainName: 'logs' }] });
    opensearch.on(DescribeDomainsCommand).resolves({ DomainStatusList: [domain('logs')] });
    tagging.on(GetResourcesCommand).rejects(new ResourceGroupsTaggingAPIServiceException({ name: 'AccessDeniedException', $fault: 'client', $metadata: {}, message: 'no tags for you' }));
    const collection = await collect([opensearchCollector], [DOMAIN]);
    expect(collection.items.filter((entry) => entry.resourceType === DOMAIN).map((entry) => [entry.resourceId, entry.tags])).toEqual([['logs', {}]]);
    expect(collection.errors).toEqual([
      { accountId: ACCOUNT, region: REGION, resourceTypes: [DOMAIN], service: 'tagging', operation: 'GetResources', code: 'AccessDeniedException', message: 'no tags for you', aspect: 'tags' },
    ]);
  });

  it('makes a domain rule UNKNOWN, never PASS, when the listing is denied', async () => {
    opensearch.on(ListDomainNamesCommand).rejects(denied());
    const rules = [encryptedRule];
    const result = await scan({ regions: [REGION] }, mockedLiveSource([opensearchCollector]), defaultSettings(rules), rules);
    expect(result.evaluations.map((evaluation) => [evaluation.status, evaluation.messageId])).toEqual([['UNKNOWN', 'listFailed']]);
    expect(result.completeness).toEqual([expect.objectContaining({ ruleId: 'test-opensearch-encrypted', region: REGION, complete: false })]);
  });

  it('makes the domains of a failed batch UNKNOWN and judges the others', async () => {
    const six = names(6);
    opensearch.on(ListDomainNamesCommand).resolves({ DomainNames: six.map((DomainName) => ({ DomainName })) });
    opensearch
      .on(DescribeDomainsCommand, { DomainNames: six.slice(0, 5) })
      .rejects(denied())
      .on(DescribeDomainsCommand, { DomainNames: six.slice(5) })
      .resolves({ DomainStatusList: [domain('domain-5', false)] });
    const rules = [encryptedRule];
    const result = await scan({ regions: [REGION] }, mockedLiveSource([opensearchCollector]), defaultSettings(rules), rules);
    expect(result.evaluations.map((evaluation) => [evaluation.resource.id, evaluation.status])).toEqual([
      ...six.slice(0, 5).map((name) => [name, 'UNKNOWN']),
      ['domain-5', 'FAIL'],
    ]);
  });

  it('makes one ListDomainNames and one DescribeDomains per five domains, no call per domain', async () => {
    opensearch.on(ListDomainNamesCommand).resolves({ DomainNames: names(5).map((DomainName) => ({ DomainName })) });
    opensearch.on(DescribeDomainsCommand).resolves({ DomainStatusList: names(5).map((name) => domain(name)) });
    const collection = await collect([opensearchCollector], [DOMAIN]);
    expect(opensearch.calls().map((call) => call.args[0].constructor.name)).toEqual(['ListDomainNamesCommand', 'DescribeDomainsCommand']);
    expect(tagging.calls().map((call) => call.args[0].constructor.name)).toEqual(['GetResourcesCommand']);
    expect(collection.items.filter((entry) => entry.resourceType === DOMAIN)).toHaveLength(5);
  });

  it('makes no describe and no tag call in a Region without domains', async () => {
    opensearch.on(ListDomainNamesCommand).resolves({ DomainNames: [] });
    const collection = await collect([opensearchCollector], [DOMAIN]);
    expect(collection.errors).toEqual([]);
    expect(opensearch.calls().map((call) => call.args[0].constructor.name)).toEqual(['ListDomainNamesCommand']);
    expect(tagging.calls()).toHaveLength(0);
  });
});
