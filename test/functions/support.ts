/** Dependencies for handler tests: mocked-client factories, in-memory stores, fixed clock and settings. */
import type { Context } from 'aws-lambda';
import { afterAll, beforeEach } from '@jest/globals';
import { mockClient } from 'aws-sdk-client-mock';
import { SecurityHubClient } from '@aws-sdk/client-securityhub';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { parseSettings, type Settings } from '../../engine/settings.js';
import type { RunDigest } from '../../findings/digest.js';
import { findingIdOfKey } from '../../findings/asff.js';
import type { Collection, CollectRequest, Source } from '../../inventory/source.js';
import type { AnyConfigurationItem, ResourceType } from '../../model/configuration-item.js';
import { stateScope, type FindingState } from '../../findings/finding-state.js';
import { MemoryStateStore } from '../../findings/memory-state-store.js';
import { acceptEverything } from '../support/security-hub.js';
import type { RunDigests } from '../../findings/run-digests.js';
import type { AccountClients, Dependencies } from '../../functions/lib/dependencies.js';
import { readEnvironment } from '../../functions/lib/environment.js';
import { catalog } from '../../rules/index.js';
import { ACCOUNT } from '../support/items.js';

export const TOPIC = `arn:aws:sns:us-east-1:${ACCOUNT}:gatewatch-test-alerts`;
export const NOW = new Date('2026-11-23T02:00:00.000Z');

export class MemoryRunDigests implements RunDigests {
  readonly digests = new Map<string, Map<string, RunDigest>>();
  async put(runId: string, target: string, digest: RunDigest, _now?: Date): Promise<void> {
    const run = this.digests.get(runId) ?? new Map<string, RunDigest>();
    run.set(target, digest);
    this.digests.set(runId, run);
  }
  async all(runId: string): Promise<Map<string, RunDigest>> {
    return new Map(this.digests.get(runId) ?? []);
  }
}

/** Clients as the mocks expect them: real client classes, fixed credentials, one attempt. */
export const mockedClients: AccountClients = (type, region) => new type({ region, credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' }, maxAttempts: 1 });

/**
 * The notifier's SNS client, a class of its own so a test can mock it apart from SNSClient, which
 * the mocked account answers for the inventory (its own `send`, so mocking it leaves SNSClient's alone).
 */
export class NotifierSNSClient extends SNSClient {}
Object.defineProperty(NotifierSNSClient.prototype, 'send', {
  configurable: true,
  writable: true,
  value(this: SNSClient, ...args: unknown[]): unknown {
    return (SNSClient.prototype.send as (...rest: unknown[]) => unknown).apply(this, args);
  },
});

export interface TestDependencies extends Dependencies {
  readonly store: MemoryStateStore;
  readonly digests: MemoryRunDigests;
  readonly accountsAsked: string[];
}

export function testDependencies(options: { settings?: unknown; env?: Record<string, string>; own?: string } = {}): TestDependencies {
  const store = new MemoryStateStore();
  const digests = new MemoryRunDigests();
  const accountsAsked: string[] = [];
  const sns = mockedClients(NotifierSNSClient, 'us-east-1');
  const settings: Settings = parseSettings(options.settings ?? { regions: ['eu-west-1', 'us-east-1'] }, catalog);
  return {
    environment: readEnvironment({ AWS_REGION: 'us-east-1', STATE_TABLE: 'gatewatch-test-state', ALERT_TOPIC_ARN: TOPIC, ...options.env }),
    settings: async () => settings,
    ownAccount: async () => options.own ?? ACCOUNT,
    clientsFor: async (accountId) => {
      accountsAsked.push(accountId);
      return mockedClients;
    },
    organizations: () => mockedClients(OrganizationsClient, 'us-east-1'),
    sns: () => sns,
    stateStore: () => store,
    runDigests: () => digests,
    now: () => NOW,
    store,
    digests,
    accountsAsked,
  };
}

export const context = {
  awsRequestId: 'req-1',
  functionName: 'gatewatch-test',
  functionVersion: '$LATEST',
  invokedFunctionArn: `arn:aws:lambda:us-east-1:${ACCOUNT}:function:gatewatch-test`,
  memoryLimitInMB: '1024',
  logGroupName: '/aws/lambda/gatewatch-test',
  logStreamName: 'stream',
  callbackWaitsForEmptyEventLoop: false,
  getRemainingTimeInMillis: () => 60_000,
  done: () => undefined,
  fail: () => undefined,
  succeed: () => undefined,
} as Context;

/**
 * The state of a finding delivered earlier as FAILED, alerted, in `region` (default eu-west-1) of
 * the test account: what an event or a scan finds in the store before it runs.
 */
export function priorFinding(ruleId: string, resource: string, overrides: Partial<FindingState> = {}, region = 'eu-west-1'): FindingState {
  const id = findingIdOfKey(ruleId, ACCOUNT, region, resource);
  return {
    id,
    scope: stateScope(ACCOUNT, region),
    ruleId,
    accountId: ACCOUNT,
    region,
    resource,
    hubRegion: region,
    compliance: 'FAILED',
    recordState: 'ACTIVE',
    createdAt: '2026-11-01T00:00:00.000Z',
    firstObservedAt: '2026-11-01T00:00:00.000Z',
    updatedAt: '2026-11-22T00:00:00.000Z',
    alertedAt: '2026-11-01T00:00:00.000Z',
    finding: JSON.stringify({ SchemaVersion: '2018-10-08', Id: id, ProductArn: `arn:aws:securityhub:${region}:${ACCOUNT}:product/${ACCOUNT}/default`, AwsAccountId: ACCOUNT, Region: region, RecordState: 'ACTIVE', Compliance: { Status: 'FAILED' } }),
    ...overrides,
  };
}

/** A live source stand-in: serves fixed items of the requested types (in eu-west-1 unless asked) and records the requests. */
export class RecordingSource implements Source {
  readonly description = 'recording';
  readonly requests: CollectRequest[] = [];
  constructor(private readonly items: readonly AnyConfigurationItem[]) {}
  async collect(request: CollectRequest): Promise<Collection> {
    this.requests.push(request);
    const regions = request.regions ?? ['eu-west-1'];
    return { items: this.items.filter((candidate) => request.resourceTypes.has(candidate.resourceType)), scopes: regions.map((region) => ({ accountId: ACCOUNT, region })), errors: [] };
  }
  types(): ResourceType[] {
    return [...new Set(this.requests.flatMap((request) => [...request.resourceTypes]))].sort();
  }
}

/**
 * Security Hub and the notifier's SNS mocked for a test file (call it at the file's top level):
 * every finding and workflow update accepted, every alert published, reset before each test.
 */
export function mockPublishing() {
  const hub = mockClient(SecurityHubClient);
  const sns = mockClient(NotifierSNSClient);
  afterAll(() => {
    hub.restore();
    sns.restore();
  });
  beforeEach(() => {
    hub.reset();
    sns.reset();
    acceptEverything(hub);
    sns.on(PublishCommand).resolves({ MessageId: 'm' });
  });
  return { hub, sns };
}
