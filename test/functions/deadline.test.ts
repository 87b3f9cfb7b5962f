/**
 * The handlers give the live collection a deadline before their own timeout: what was read by
 * then is evaluated and published, what was not is UNKNOWN with DeadlineReached.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mockClient } from 'aws-sdk-client-mock';
import type { Context } from 'aws-lambda';
import { BatchImportFindingsCommand, SecurityHubClient } from '@aws-sdk/client-securityhub';
import { PublishCommand } from '@aws-sdk/client-sns';
import { DescribeRouteTablesCommand, EC2Client } from '@aws-sdk/client-ec2';
import { MockAccount } from '../../testkit/mock-account/index.js';
import { createHandler as scanTargetHandler } from '../../functions/scan-target.js';
import { createHandler as resourceChangeHandler } from '../../functions/resource-change.js';
import { collectionDeadline, PUBLISH_MARGIN_MS } from '../../functions/lib/runtime.js';
import type { AccountClients } from '../../functions/lib/dependencies.js';
import type { DeadlineSpec } from '../../aws/deadline.js';
import type { Collection, CollectRequest, Source } from '../../inventory/source.js';
import { context, mockedClients, NotifierSNSClient, testDependencies } from './support.js';
import { acceptEverything } from '../support/security-hub.js';

const lambda = (remainingMs: number): Context => ({ ...context, getRemainingTimeInMillis: () => remainingMs });

describe('collectionDeadline', () => {
  it('keeps the publishing margin back from the time left: two minutes, at most a quarter of it', () => {
    expect(collectionDeadline(lambda(900_000))?.()).toBe(900_000 - PUBLISH_MARGIN_MS);
    expect(collectionDeadline(lambda(300_000))?.()).toBe(225_000);
    expect(collectionDeadline(lambda(60_000))?.()).toBe(45_000);
    expect(collectionDeadline(undefined)).toBeUndefined();
  });
});

describe('scan-target out of time', () => {
  const hub = mockClient(SecurityHubClient);
  const sns = mockClient(NotifierSNSClient);
  let restoreAccount: (() => void) | undefined;
  beforeEach(() => {
    hub.reset();
    acceptEverything(hub);
    sns.reset();
    sns.on(PublishCommand).resolves({ MessageId: 'm-1' });
    restoreAccount = new MockAccount(2, ['eu-west-1']).install();
  });
  afterEach(() => restoreAccount?.());
  afterAll(() => {
    hub.restore();
    sns.restore();
  });

  /** The mocked account, but DescribeRouteTables never answers (until the request is aborted). */
  const routeTablesHang: AccountClients = <C>(type: new (config: Record<string, unknown>) => C, region: string): C => {
    const client = mockedClients(type, region);
    if (!(client instanceof EC2Client)) return client;
    return new Proxy(client, {
      get(target, property, receiver) {
        if (property !== 'send') return Reflect.get(target, property, receiver) as unknown;
        return (command: unknown, options?: { abortSignal?: AbortSignal }) =>
          command instanceof DescribeRouteTablesCommand
            ? new Promise((_, reject) => options?.abortSignal?.addEventListener('abort', () => reject(Object.assign(new Error('Request aborted'), { name: 'AbortError' }))))
            : (target.send as (...args: unknown[]) => unknown)(command, options);
      },
    });
  };

  it('stops collecting before the Lambda timeout and still publishes what it read, the rest UNKNOWN', async () => {
    const deps = { ...testDependencies({ settings: { regions: ['eu-west-1'] } }), clientsFor: async () => routeTablesHang };
    const started = Date.now();
    // 1 s left: the collection gets 750 ms.
    const summary = await scanTargetHandler(deps)({ runId: 'run-late', accountId: '111122223333', region: 'eu-west-1', includeGlobal: false }, lambda(1_000));
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(summary.unknown).toBeGreaterThan(0);
    expect(summary.failing).toBeGreaterThan(0);
    expect(hub.commandCalls(BatchImportFindingsCommand).length).toBeGreaterThan(0);
    const digest = deps.digests.digests.get('run-late')?.get('111122223333/eu-west-1');
    expect(digest?.errors.join('\n')).toMatch(/DeadlineReached/);
  });
});

describe('resource-change', () => {
  it('hands the live source its deadline', async () => {
    const fixtures = join(dirname(fileURLToPath(import.meta.url)), '..', 'inventory', 'events', 'fixtures');
    const event = JSON.parse(readFileSync(join(fixtures, 'cloudtrail-ec2-create-volume.json'), 'utf8')) as unknown;
    const deadlines: (DeadlineSpec | undefined)[] = [];
    const empty: Source = {
      description: 'empty',
      async collect(request: CollectRequest): Promise<Collection> {
        return { items: [], scopes: (request.regions ?? []).map((region) => ({ accountId: '111122223333', region })), errors: [] };
      },
    };
    const hub = mockClient(SecurityHubClient);
    try {
      acceptEverything(hub);
      await resourceChangeHandler(testDependencies(), {
        live: (_clients, deadline) => {
          deadlines.push(deadline);
          return empty;
        },
      })(event, lambda(300_000));
    } finally {
      hub.restore();
    }
    expect(deadlines).toHaveLength(1);
    const [deadline] = deadlines;
    expect(typeof deadline === 'function' ? deadline() : undefined).toBe(225_000);
  });
});
