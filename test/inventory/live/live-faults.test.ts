/**
 * The live source over real SDK clients (the standard factory) against a local server: a page
 * answered with an HTML body makes the rules that needed it UNKNOWN — never PASS — and a deadline
 * stops the collection, aborts the requests in flight and still returns what was read.
 */
import { describe, expect, it } from '@jest/globals';
import { EC2Client } from '@aws-sdk/client-ec2';
import { standardClientFactory, type ClientClass, type ClientSettings } from '../../../aws/clients.js';
import { UNEXPECTED_BODY } from '../../../aws/response-check.js';
import { DEADLINE_REACHED } from '../../../aws/deadline.js';
import { collectors } from '../../../inventory/live/collectors/index.js';
import { DEADLINE_GRACE_MS, LiveSource, type LiveSourceOptions } from '../../../inventory/live/live-source.js';
import type { Collector } from '../../../inventory/live/collector.js';
import type { ResourceType } from '../../../model/configuration-item.js';
import { scan } from '../../../engine/scan.js';
import { defaultSettings } from '../../../engine/settings.js';
import { catalog } from '../../../rules/index.js';
import { ec2Xml, HTML, queryXml, useFaultServer, type Answer, type Exchange } from '../../aws/fault-server.js';

const ACCOUNT = '111122223333';
const REGION = 'eu-west-1';
const FAST: ClientSettings = { maxAttempts: 1, requestTimeoutMs: 2_000, connectionTimeoutMs: 1_000, bodyTimeoutMs: 2_000 };
const XML = { 'content-type': 'text/xml;charset=UTF-8' };

const IDENTITY = queryXml('GetCallerIdentity', `<Account>${ACCOUNT}</Account><Arn>arn:aws:iam::${ACCOUNT}:user/scanner</Arn><UserId>AIDA1</UserId>`);

const INSTANCES = ec2Xml(
  'DescribeInstances',
  `<reservationSet><item><reservationId>r-1</reservationId><ownerId>${ACCOUNT}</ownerId><instancesSet><item>
  <instanceId>i-0123456789abcdef0</instanceId><imageId>ami-1</imageId><instanceState><code>16</code><name>running</name></instanceState>
  <instanceType>t3.micro</instanceType><launchTime>2026-01-01T00:00:00.000Z</launchTime>
  <placement><availabilityZone>eu-west-1a</availabilityZone><tenancy>default</tenancy></placement>
  <subnetId>subnet-public</subnetId><vpcId>vpc-1</vpcId><privateIpAddress>10.0.1.10</privateIpAddress>
  </item></instancesSet></item></reservationSet>`,
);

const SUBNETS = ec2Xml(
  'DescribeSubnets',
  ['subnet-public', 'subnet-private']
    .map((id, index) => `<item><subnetId>${id}</subnetId><vpcId>vpc-1</vpcId><ownerId>${ACCOUNT}</ownerId><state>available</state><cidrBlock>10.0.${index + 1}.0/24</cidrBlock><availabilityZone>eu-west-1a</availabilityZone><mapPublicIpOnLaunch>false</mapPublicIpOnLaunch></item>`)
    .join('')
    .replace(/^/, '<subnetSet>')
    .concat('</subnetSet>'),
);

const LOCAL_ROUTE = '<item><destinationCidrBlock>10.0.0.0/16</destinationCidrBlock><gatewayId>local</gatewayId><state>active</state><origin>CreateRouteTable</origin></item>';

/** Page 1: the VPC's main route table (local routes only), and a token for page 2. */
const ROUTE_TABLES_PAGE_1 = ec2Xml(
  'DescribeRouteTables',
  `<routeTableSet><item><routeTableId>rtb-main</routeTableId><vpcId>vpc-1</vpcId><ownerId>${ACCOUNT}</ownerId><routeSet>${LOCAL_ROUTE}</routeSet>
  <associationSet><item><routeTableAssociationId>rtbassoc-main</routeTableAssociationId><routeTableId>rtb-main</routeTableId><main>true</main><associationState><state>associated</state></associationState></item></associationSet>
  </item></routeTableSet><nextToken>page-2</nextToken>`,
);

/** Page 2: the public subnet's own route table, with the internet gateway default route. */
const ROUTE_TABLES_PAGE_2 = ec2Xml(
  'DescribeRouteTables',
  `<routeTableSet><item><routeTableId>rtb-public</routeTableId><vpcId>vpc-1</vpcId><ownerId>${ACCOUNT}</ownerId>
  <routeSet>${LOCAL_ROUTE}<item><destinationCidrBlock>0.0.0.0/0</destinationCidrBlock><gatewayId>igw-1</gatewayId><state>active</state><origin>CreateRoute</origin></item></routeSet>
  <associationSet><item><routeTableAssociationId>rtbassoc-public</routeTableAssociationId><routeTableId>rtb-public</routeTableId><subnetId>subnet-public</subnetId><main>false</main><associationState><state>associated</state></associationState></item></associationSet>
  </item></routeTableSet>`,
);

/** The account: STS, and EC2 with two pages of route tables; `page2` answers the second page. */
function account(page2: Answer): (request: Exchange) => Answer {
  return (request) => {
    switch (request.operation) {
      case 'GetCallerIdentity':
        return { headers: XML, body: IDENTITY };
      case 'DescribeInstances':
        return { headers: XML, body: INSTANCES };
      case 'DescribeSubnets':
        return { headers: XML, body: SUBNETS };
      case 'DescribeRouteTables':
        return request.params.get('NextToken') === 'page-2' ? page2 : { headers: XML, body: ROUTE_TABLES_PAGE_1 };
      default:
        return { headers: XML, body: ec2Xml(request.operation, '') };
    }
  };
}

const faults = useFaultServer();

const RULE = 'ec2-instance-in-private-subnet';
const rules = catalog.filter((rule) => rule.meta.id === RULE);

function source(options: Partial<LiveSourceOptions> = {}): LiveSource {
  return new LiveSource({ collectors, homeRegion: REGION, clientFactory: standardClientFactory(FAST), sleep: async () => undefined, ...options });
}

async function judge(clientFactory?: <C>(type: ClientClass<C>, region: string) => C) {
  const result = await scan({ regions: [REGION] }, source(clientFactory === undefined ? {} : { clientFactory }), defaultSettings(rules), rules);
  const [evaluation] = result.evaluations.filter((candidate) => candidate.ruleId === RULE);
  return { result, status: evaluation?.status };
}

describe('a page answered with an HTML body', () => {
  it('control: with both pages read, the instance in the public subnet FAILs', async () => {
    faults.answer = account({ headers: XML, body: ROUTE_TABLES_PAGE_2 });
    const { result, status } = await judge();
    expect(result.errors).toEqual([]);
    expect(status).toBe('FAIL');
  });

  it('without the response check the SDK reads the HTML page as an empty last page, and the rule PASSes (the defect)', async () => {
    faults.answer = account(HTML);
    const unchecked = <C>(type: ClientClass<C>, region: string): C => new type({ region, maxAttempts: 1 });
    const { result, status } = await judge(unchecked);
    expect(result.errors).toEqual([]);
    expect(status).toBe('PASS');
  });

  it('with the standard clients, the rule is UNKNOWN, with ec2:DescribeRouteTables named', async () => {
    faults.answer = account(HTML);
    const { result, status } = await judge();
    expect(status).toBe('UNKNOWN');
    expect(result.errors).toEqual([
      expect.objectContaining({ accountId: ACCOUNT, region: REGION, resourceTypes: ['AWS::EC2::RouteTable'], service: 'ec2', operation: 'DescribeRouteTables', code: UNEXPECTED_BODY }),
    ]);
    expect(result.errors[0]?.message).toMatch(/EC2:DescribeRouteTables: HTTP 200 with an HTML page/);
    expect(result.completeness.filter((entry) => !entry.complete).map((entry) => entry.ruleId)).toEqual([RULE]);
  });

  it('a second page cut short is UNKNOWN too', async () => {
    faults.answer = account({ headers: XML, body: ROUTE_TABLES_PAGE_2.slice(0, ROUTE_TABLES_PAGE_2.length - 40) });
    const { result, status } = await judge();
    expect(status).toBe('UNKNOWN');
    expect(result.errors.map((error) => [error.operation, error.code])).toEqual([['DescribeRouteTables', 'TruncatedResponseBody']]);
  });
});

describe('the deadline', () => {
  /** A collector whose one call never answers (a fake SDK call that hangs). */
  function slow(service: string, produces: ResourceType[], global = false): Collector {
    return {
      service,
      produces,
      ...(global ? { global: true } : {}),
      async collect(context) {
        await context.attempt(produces, async () => {
          await context.call('DescribeEverything', () => new Promise<never>(() => undefined));
        });
      },
    };
  }
  /** A collector that answers at once. */
  const fast: Collector = {
    service: 'kinesis',
    produces: ['AWS::Kinesis::Stream'],
    async collect(context) {
      await context.call('ListStreams', async () => ({}));
      context.emit({ resourceType: 'AWS::Kinesis::Stream', resourceId: 'orders', ARN: `arn:aws:kinesis:${REGION}:${ACCOUNT}:stream/orders`, configuration: { name: 'orders' } });
    },
  };

  it('cuts the tasks still running, records DeadlineReached for every type they feed, and returns what was read', async () => {
    faults.answer = account({ headers: XML, body: ROUTE_TABLES_PAGE_2 });
    const started = Date.now();
    const collection = await source({ collectors: [fast, slow('efs', ['AWS::EFS::FileSystem']), slow('iam', ['AWS::IAM::Role', 'AWS::IAM::User'], true)], deadline: new Date(Date.now() + 300) }).collect({
      resourceTypes: new Set<ResourceType>(['AWS::Kinesis::Stream', 'AWS::EFS::FileSystem', 'AWS::IAM::Role', 'AWS::IAM::User']),
      regions: [REGION],
    });
    const elapsed = Date.now() - started;
    expect(elapsed).toBeLessThan(300 + DEADLINE_GRACE_MS);
    expect(collection.items.map((item) => item.resourceId)).toContain('orders');
    expect(collection.errors.map(({ region, resourceTypes, service, operation, code }) => ({ region, resourceTypes, service, operation, code }))).toEqual([
      { region: REGION, resourceTypes: ['AWS::EFS::FileSystem'], service: 'efs', operation: 'DescribeEverything', code: DEADLINE_REACHED },
      { region: 'global', resourceTypes: ['AWS::IAM::Role', 'AWS::IAM::User'], service: 'iam', operation: 'DescribeEverything', code: DEADLINE_REACHED },
    ]);
    expect(collection.errors[0]?.message).toBe(`the deadline was reached before the efs in ${REGION} collection finished; cut: efs:DescribeEverything`);
  });

  it('cuts a collector waiting between polls (CollectContext.sleep) as it cuts a call, and records the types it feeds', async () => {
    const polling: Collector = {
      service: 'iam',
      produces: ['AWS::IAM::RootUser'],
      global: true,
      async collect(context) {
        await context.attempt(['AWS::IAM::RootUser'], () => context.sleep(60_000), { aspect: 'credentialReport' });
      },
    };
    faults.answer = account({ headers: XML, body: ROUTE_TABLES_PAGE_2 });
    const started = Date.now();
    const collection = await source({ collectors: [polling], sleep: (milliseconds) => new Promise((resolve) => setTimeout(resolve, milliseconds).unref()), deadline: () => 200 }).collect({
      resourceTypes: new Set<ResourceType>(['AWS::IAM::RootUser']),
      regions: [REGION],
    });
    expect(Date.now() - started).toBeLessThan(200 + DEADLINE_GRACE_MS);
    expect(collection.errors.map(({ region, resourceTypes, operation, code }) => ({ region, resourceTypes, operation, code }))).toEqual([
      { region: 'global', resourceTypes: ['AWS::IAM::RootUser'], operation: 'collect', code: DEADLINE_REACHED },
    ]);
  });

  it('starts no task once the deadline has passed, and says so', async () => {
    faults.answer = account({ headers: XML, body: ROUTE_TABLES_PAGE_2 });
    const collection = await source({ collectors: [slow('efs', ['AWS::EFS::FileSystem']), fast], taskConcurrency: 1, deadline: new Date(Date.now() + 300) }).collect({
      resourceTypes: new Set<ResourceType>(['AWS::Kinesis::Stream', 'AWS::EFS::FileSystem']),
      regions: [REGION],
    });
    expect(collection.items.map((item) => item.resourceType)).toEqual(['AWS::::Account']);
    expect(collection.errors.map(({ resourceTypes, operation, code, message }) => ({ resourceTypes, operation, code, message }))).toEqual([
      { resourceTypes: ['AWS::EFS::FileSystem'], operation: 'DescribeEverything', code: DEADLINE_REACHED, message: expect.stringContaining('cut: efs:DescribeEverything') },
      { resourceTypes: ['AWS::Kinesis::Stream'], operation: 'collect', code: DEADLINE_REACHED, message: `the deadline was reached before the kinesis in ${REGION} collection started` },
    ]);
  });

  it('leaves behind a collector busy outside any call after a grace, and keeps what it adds later out', async () => {
    let release: () => void = () => undefined;
    const stuck: Collector = {
      service: 'efs',
      produces: ['AWS::EFS::FileSystem'],
      async collect(context) {
        await new Promise<void>((resolve) => (release = resolve));
        context.emit({ resourceType: 'AWS::EFS::FileSystem', resourceId: 'fs-late', configuration: {} });
      },
    };
    faults.answer = account({ headers: XML, body: ROUTE_TABLES_PAGE_2 });
    const started = Date.now();
    const collection = await source({ collectors: [stuck], deadline: () => 100 }).collect({ resourceTypes: new Set<ResourceType>(['AWS::EFS::FileSystem']), regions: [REGION] });
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(100 + DEADLINE_GRACE_MS - 50);
    expect(elapsed).toBeLessThan(100 + DEADLINE_GRACE_MS + 1_000);
    expect(collection.errors.map(({ operation, code, message }) => ({ operation, code, message }))).toEqual([
      { operation: 'collect', code: DEADLINE_REACHED, message: `the deadline was reached before the efs in ${REGION} collection finished` },
    ]);
    release();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(collection.items.map((item) => item.resourceId)).toEqual([ACCOUNT]);
  });

  it('aborts a real request in flight (the server sees the connection closed) and makes the rule UNKNOWN', async () => {
    const before = faults.server.closedByClient;
    // Page 2 never answers; the request timeout (20 s) is far beyond the deadline.
    faults.answer = account('hang');
    const started = Date.now();
    const sourceWithDeadline = new LiveSource({ collectors, homeRegion: REGION, clientFactory: standardClientFactory({ ...FAST, requestTimeoutMs: 20_000 }), deadline: () => 500 });
    const result = await scan({ regions: [REGION] }, sourceWithDeadline, defaultSettings(rules), rules);
    expect(Date.now() - started).toBeLessThan(500 + DEADLINE_GRACE_MS);
    expect(result.evaluations.map((evaluation) => evaluation.status)).toEqual(['UNKNOWN']);
    expect(result.errors).toEqual([
      expect.objectContaining({ region: REGION, resourceTypes: ['AWS::EC2::Subnet', 'AWS::EC2::RouteTable'], service: 'ec2', operation: 'DescribeRouteTables', code: DEADLINE_REACHED }),
    ]);
    // The abort signal reached the HTTP handler, which closed the connection.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(faults.server.closedByClient).toBe(before + 1);
  });

  it('changes nothing without a deadline: the clients are the factory’s own', async () => {
    const made: unknown[] = [];
    const factory = standardClientFactory(FAST);
    const recording = <C>(type: ClientClass<C>, region: string): C => {
      const client = factory(type, region);
      made.push(client);
      return client;
    };
    faults.answer = account({ headers: XML, body: ROUTE_TABLES_PAGE_2 });
    await source({ clientFactory: recording }).collect({ resourceTypes: new Set<ResourceType>(['AWS::EC2::Subnet']), regions: [REGION] });
    expect(made.some((client) => client instanceof EC2Client)).toBe(true);
  });
});
