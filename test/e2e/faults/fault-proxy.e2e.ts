/**
 * The fault proxy itself, against moto: each mode does to a real SDK client what it says, in the
 * protocol's own error shape (so a test of gatewatch under faults tests gatewatch, not the proxy).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DescribeVpcsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { IAMClient, ListRolesCommand } from '@aws-sdk/client-iam';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { startMoto, type MotoServer } from '../support/moto-server.js';
import { startFaultProxy, type FaultMode, type FaultProxy } from '../support/fault-proxy.js';

let moto: MotoServer;
let proxy: FaultProxy;

beforeAll(async () => {
  moto = await startMoto();
  proxy = await startFaultProxy(moto.endpoint);
});
afterAll(async () => {
  await proxy.stop();
  await moto.stop();
});

/** Short timeouts for the faults; the pass-through allows for moto's cold start of a service. */
function clients(requestTimeout = 1_000) {
  const config = {
    region: 'eu-west-1',
    endpoint: proxy.endpoint,
    credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
    maxAttempts: 1,
    requestHandler: new NodeHttpHandler({ requestTimeout, connectionTimeout: 1_000, throwOnRequestTimeout: true }),
  };
  return { ec2: new EC2Client(config), dynamodb: new DynamoDBClient(config), iam: new IAMClient({ ...config, region: 'us-east-1' }) };
}

describe('the fault proxy', () => {
  it('passes requests through untouched when no fault is set', async () => {
    proxy.set([]);
    const { ec2, dynamodb } = clients(30_000);
    expect((await ec2.send(new DescribeVpcsCommand({}))).Vpcs).toBeDefined();
    expect((await dynamodb.send(new ListTablesCommand({}))).TableNames).toEqual([]);
  });

  const shapes: [FaultMode, string, string][] = [
    ['throttle', 'RequestLimitExceeded', 'ThrottlingException'],
    ['denied', 'UnauthorizedOperation', 'AccessDeniedException'],
    ['error500', 'InternalFailure', 'InternalFailure'],
  ];
  it.each(shapes)('%s answers in each protocol’s error shape', async (mode, ec2Code, ddbCode) => {
    proxy.set([
      { service: 'ec2', mode, every: 1 },
      { service: 'dynamodb', mode, every: 1 },
      { service: 'iam', mode, every: 1 },
    ]);
    const { ec2, dynamodb, iam } = clients();
    await expect(ec2.send(new DescribeVpcsCommand({}))).rejects.toMatchObject({ name: ec2Code });
    await expect(dynamodb.send(new ListTablesCommand({}))).rejects.toMatchObject({ name: ddbCode });
    await expect(iam.send(new ListRolesCommand({}))).rejects.toMatchObject({ name: mode === 'throttle' ? 'Throttling' : mode === 'denied' ? 'AccessDenied' : 'InternalFailure' });
  });

  it.each(['hang', 'drop'] as FaultMode[])('%s fails the request at the transport', async (mode) => {
    proxy.set([{ service: 'ec2', mode }]);
    const started = Date.now();
    await expect(clients().ec2.send(new DescribeVpcsCommand({}))).rejects.toBeDefined();
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('html and truncated spoil a 200 answer, and are logged as injected', async () => {
    proxy.set([{ service: 'dynamodb', mode: 'html' }]);
    await expect(clients().dynamodb.send(new ListTablesCommand({}))).rejects.toBeDefined();
    proxy.set([{ service: 'dynamodb', mode: 'truncated' }]);
    await expect(clients().dynamodb.send(new ListTablesCommand({}))).rejects.toBeDefined();
    expect(proxy.injected.filter((entry) => entry.service === 'dynamodb').map((entry) => entry.mode)).toEqual(expect.arrayContaining(['html', 'truncated']));
  });
});

describe('the matrix covers every rule of the account item', () => {
  it('knows which service feeds each account-level rule that needs no other type', async () => {
    const { catalog } = await import('../../../rules/index.js');
    const { ACCOUNT_FACT_RULES } = await import('./matrix.js');
    const factRules = catalog.filter((rule) => rule.meta.resourceTypes.includes('AWS::::Account') && (rule.meta.needs ?? []).length === 0).map((rule) => rule.meta.id);
    // Besides the account × Region item's facts, one fact comes from another service than its item's
    // collector: the organization (Organizations) on the Cost Explorer item.
    const { organizations, ...regional } = ACCOUNT_FACT_RULES;
    expect(factRules.sort()).toEqual(Object.values(regional).flat().sort());
    expect(organizations).toEqual(['cost-allocation-tags-active']);
    expect(catalog.find((rule) => rule.meta.id === 'cost-allocation-tags-active')?.meta.resourceTypes).toEqual(['AWS::CE::Account']);
  });
});
