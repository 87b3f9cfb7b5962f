/**
 * Real SDK clients from the standard factory against a local server that answers as a fault:
 * every fault is an error with a telling name, never an empty answer, and nothing waits longer
 * than the configured timeouts.
 */
import { describe, expect, it } from '@jest/globals';
import { DescribeRouteTablesCommand, EC2Client } from '@aws-sdk/client-ec2';
import { IAMClient, ListRolesCommand } from '@aws-sdk/client-iam';
import { GetBucketPolicyCommand, HeadBucketCommand, ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { ECSClient, ListClustersCommand } from '@aws-sdk/client-ecs';
import { standardClientFactory, TIMEOUTS, type ClientFactory, type ClientSettings } from '../../aws/clients.js';
import { errorCode, isThrottling } from '../../aws/errors.js';
import { TRUNCATED_BODY, UNEXPECTED_BODY, xmlRoot } from '../../aws/response-check.js';
import { cut, ec2Xml, HTML, queryXml, useFaultServer } from './fault-server.js';

/** Small timeouts, one attempt: each fault shows at once. */
const FAST: ClientSettings = { maxAttempts: 1, requestTimeoutMs: 400, connectionTimeoutMs: 400, bodyTimeoutMs: 400 };
/** What a timed-out call may take beyond its timeouts (scheduling, the SDK's own work). */
const SLACK_MS = 1_500;

const faults = useFaultServer();

interface Service {
  readonly name: string;
  readonly protocol: string;
  /** Sends the operation with a client of `clients`. */
  send(clients: ClientFactory): Promise<unknown>;
  /** A good answer, and what the SDK makes of it. */
  readonly ok: { readonly headers: Record<string, string>; readonly body: string };
  readonly parsed: unknown;
  /** The service's own throttling answer. */
  readonly throttled: { readonly status: number; readonly headers: Record<string, string>; readonly body: string };
}

const XML = { 'content-type': 'text/xml;charset=UTF-8' };
const S3_XML = { 'content-type': 'application/xml' };

const SERVICES: readonly Service[] = [
  {
    name: 'EC2 DescribeRouteTables',
    protocol: 'ec2Query',
    send: (clients) => clients(EC2Client, 'us-east-1').send(new DescribeRouteTablesCommand({ MaxResults: 100 })),
    ok: { headers: XML, body: ec2Xml('DescribeRouteTables', '<routeTableSet><item><routeTableId>rtb-1</routeTableId><vpcId>vpc-1</vpcId></item></routeTableSet><nextToken>page-2</nextToken>') },
    parsed: { RouteTables: [{ RouteTableId: 'rtb-1', VpcId: 'vpc-1' }], NextToken: 'page-2' },
    throttled: { status: 503, headers: XML, body: '<Response><Errors><Error><Code>RequestLimitExceeded</Code><Message>Request limit exceeded.</Message></Error></Errors><RequestID>req-1</RequestID></Response>' },
  },
  {
    name: 'IAM ListRoles',
    protocol: 'awsQuery',
    send: (clients) => clients(IAMClient, 'us-east-1').send(new ListRolesCommand({})),
    ok: {
      headers: XML,
      body: queryXml('ListRoles', '<Roles><member><RoleName>reader</RoleName><RoleId>AROA1</RoleId><Arn>arn:aws:iam::111122223333:role/reader</Arn><Path>/</Path><CreateDate>2026-01-01T00:00:00Z</CreateDate></member></Roles><IsTruncated>false</IsTruncated>'),
    },
    parsed: { Roles: [expect.objectContaining({ RoleName: 'reader', Arn: 'arn:aws:iam::111122223333:role/reader' })], IsTruncated: false },
    throttled: { status: 400, headers: XML, body: '<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error><RequestId>req-1</RequestId></ErrorResponse>' },
  },
  {
    name: 'S3 ListBuckets',
    protocol: 'restXml',
    send: (clients) => clients(S3Client, 'us-east-1').send(new ListBucketsCommand({})),
    ok: {
      headers: S3_XML,
      body: '<?xml version="1.0" encoding="UTF-8"?>\n<ListAllMyBucketsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Owner><ID>owner</ID></Owner><Buckets><Bucket><Name>logs</Name><CreationDate>2026-01-01T00:00:00.000Z</CreationDate></Bucket></Buckets></ListAllMyBucketsResult>',
    },
    parsed: { Owner: { ID: 'owner' }, Buckets: [{ Name: 'logs', CreationDate: new Date('2026-01-01T00:00:00.000Z') }] },
    throttled: { status: 503, headers: S3_XML, body: '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message><RequestId>req-1</RequestId></Error>' },
  },
  {
    name: 'DynamoDB ListTables',
    protocol: 'awsJson1_0',
    send: (clients) => clients(DynamoDBClient, 'us-east-1').send(new ListTablesCommand({})),
    ok: { headers: { 'content-type': 'application/x-amz-json-1.0' }, body: '{"TableNames":["states","digests"],"LastEvaluatedTableName":"digests"}' },
    parsed: { TableNames: ['states', 'digests'], LastEvaluatedTableName: 'digests' },
    throttled: { status: 400, headers: { 'content-type': 'application/x-amz-json-1.0' }, body: '{"__type":"com.amazonaws.dynamodb.v20120810#ThrottlingException","message":"Rate of requests exceeds the allowed throughput."}' },
  },
  {
    name: 'ECS ListClusters',
    protocol: 'awsJson1_1',
    send: (clients) => clients(ECSClient, 'us-east-1').send(new ListClustersCommand({})),
    ok: { headers: { 'content-type': 'application/x-amz-json-1.1' }, body: '{"clusterArns":["arn:aws:ecs:us-east-1:111122223333:cluster/web"],"nextToken":"t-2"}' },
    parsed: { clusterArns: ['arn:aws:ecs:us-east-1:111122223333:cluster/web'], nextToken: 't-2' },
    throttled: { status: 400, headers: { 'content-type': 'application/x-amz-json-1.1' }, body: '{"__type":"ThrottlingException","message":"Rate exceeded"}' },
  },
];

/** Sends and returns the error (fails the test when the call succeeds), with the time it took. */
async function failure(service: Service, settings: ClientSettings = FAST): Promise<{ error: Error & { $metadata?: { httpStatusCode?: number; attempts?: number } }; elapsed: number }> {
  const started = Date.now();
  try {
    const output = await service.send(standardClientFactory(settings));
    throw new Error(`expected ${service.name} to fail, got ${JSON.stringify(output)}`);
  } catch (error) {
    return { error: error as Error, elapsed: Date.now() - started };
  }
}

describe('standard clients against a faulty endpoint', () => {
  it('sets the HTTP handler to throw on its request timeout, with connection and socket timeouts', async () => {
    const ec2 = standardClientFactory({ env: {} })(EC2Client, 'us-east-1');
    // The handler resolves its options on first use.
    await ec2.config.requestHandler.handle({ protocol: 'http:', hostname: '127.0.0.1', port: 9, method: 'GET', path: '/', headers: {}, query: {} } as never).catch(() => undefined);
    expect((ec2.config.requestHandler as unknown as { httpHandlerConfigs(): Record<string, unknown> }).httpHandlerConfigs()).toMatchObject({
      requestTimeout: TIMEOUTS.requestTimeoutMs,
      connectionTimeout: TIMEOUTS.connectionTimeoutMs,
      socketTimeout: TIMEOUTS.requestTimeoutMs,
      throwOnRequestTimeout: true,
    });
    expect(ec2.middlewareStack.identify()).toEqual(expect.arrayContaining([expect.stringMatching(/^gatewatchResponseCheck - deserialize/)]));
  });

  describe.each(SERVICES)('$name ($protocol)', (service) => {
    it('reads a good answer as before', async () => {
      faults.answer = () => ({ status: 200, ...service.ok });
      const output = (await service.send(standardClientFactory(FAST))) as Record<string, unknown>;
      const { $metadata: _metadata, ...rest } = output;
      expect(rest).toEqual(service.parsed);
    });

    it('rejects an HTML page with HTTP 200 as UnexpectedResponseBody, naming the operation', async () => {
      faults.answer = () => HTML;
      const { error } = await failure(service);
      expect(error.name).toBe(UNEXPECTED_BODY);
      expect(error.$metadata?.httpStatusCode).toBe(200);
      expect(error.message).toMatch(new RegExp(`${service.name.replace(' ', ':')}: HTTP 200 with an HTML page`));
      expect(errorCode(error)).toBe(UNEXPECTED_BODY);
    });

    it('judges the body, not the content type: its answer under text/html is read, an HTML page under its content type is not', async () => {
      faults.answer = () => ({ status: 200, body: service.ok.body, headers: { ...service.ok.headers, 'content-type': 'text/html; charset=utf-8' } });
      const output = (await service.send(standardClientFactory(FAST))) as Record<string, unknown>;
      const { $metadata: _metadata, ...rest } = output;
      expect(rest).toEqual(service.parsed);
      faults.answer = () => ({ status: 200, body: '<!DOCTYPE html><html><body>Sign in</body></html>', headers: service.ok.headers });
      expect((await failure(service)).error.name).toBe(UNEXPECTED_BODY);
    });

    it('rejects a body cut in half (with a matching Content-Length) as TruncatedResponseBody', async () => {
      faults.answer = () => cut(service.ok.body, service.ok.headers);
      const { error } = await failure(service);
      expect(error.name).toBe(TRUNCATED_BODY);
      expect(error.$metadata?.httpStatusCode).toBe(200);
    });

    it('rejects a body the connection drops mid-way (Content-Length not reached)', async () => {
      faults.answer = () => ({ stall: service.ok.body, headers: service.ok.headers });
      const { error, elapsed } = await failure(service);
      // The socket's idle timeout or the body's timeout, whichever comes first.
      expect(error.name).toBe('TimeoutError');
      expect(elapsed).toBeLessThan(400 + 400 + SLACK_MS);
    });

    it('bounds a body that trickles in (never idle) by the body timeout', async () => {
      faults.answer = () => ({ trickle: service.ok.body, everyMs: 50, headers: service.ok.headers });
      const { error, elapsed } = await failure(service);
      expect(error.name).toBe('TimeoutError');
      expect(elapsed).toBeLessThan(400 + 400 + SLACK_MS);
    });

    it('gives up on a request that is never answered after the request timeout', async () => {
      faults.answer = () => 'hang';
      const { error, elapsed } = await failure(service);
      expect(error.name).toBe('TimeoutError');
      expect(elapsed).toBeLessThan(400 + SLACK_MS);
    });

    it('fails a dropped connection at once', async () => {
      faults.answer = () => 'drop';
      const { error, elapsed } = await failure(service);
      // The SDK names it TimeoutError (ECONNRESET); under jest's VM the Node error crosses realms
      // and reaches the test only as the SDK's wrapper of its text.
      expect(`${error.name}: ${error.message}`).toMatch(/socket hang up/);
      expect(elapsed).toBeLessThan(SLACK_MS);
    });

    it('fails HTTP 500 after the SDK retried it', async () => {
      const before = faults.server.requests.length;
      faults.answer = () => ({ status: 500, headers: { 'content-type': 'text/html' }, body: '<html><body>Internal Server Error</body></html>' });
      const { error } = await failure(service, { ...FAST, maxAttempts: 2 });
      expect(error.$metadata?.httpStatusCode).toBe(500);
      expect(faults.server.requests.length - before).toBe(2);
    });

    it("classifies the service's throttling answer and HTTP 429 as throttling", async () => {
      faults.answer = () => service.throttled;
      const throttled = await failure(service);
      expect(isThrottling(throttled.error)).toBe(true);
      expect(throttled.error.$metadata?.httpStatusCode).toBe(service.throttled.status);
      faults.answer = () => ({ status: 429, headers: { 'content-type': 'text/plain' }, body: 'Too Many Requests' });
      const tooMany = await failure(service);
      expect(isThrottling(tooMany.error)).toBe(true);
    });
  });

  it('rejects an empty body where the protocol always answers with a document', async () => {
    faults.answer = () => ({ status: 200, headers: XML, body: '' });
    const ec2 = SERVICES[0];
    if (ec2 === undefined) throw new Error('no EC2 case');
    const { error } = await failure(ec2);
    expect(error.name).toBe(UNEXPECTED_BODY);
    expect(error.message).toMatch(/EC2:DescribeRouteTables: HTTP 200 with an empty body/);
  });

  it('rejects another XML document than the operation’s (awsQuery, ec2Query)', async () => {
    faults.answer = () => ({ status: 200, headers: XML, body: ec2Xml('DescribeVpcs', '<vpcSet/>') });
    const ec2 = SERVICES[0];
    if (ec2 === undefined) throw new Error('no EC2 case');
    const { error } = await failure(ec2);
    expect(error.name).toBe(UNEXPECTED_BODY);
    expect(error.message).toMatch(/<DescribeVpcsResponse> instead of <DescribeRouteTablesResponse>/);
  });

  describe('S3 GetBucketPolicy: a JSON policy as the payload of a restXml operation', () => {
    const send = () => standardClientFactory(FAST)(S3Client, 'us-east-1').send(new GetBucketPolicyCommand({ Bucket: 'logs' }));
    const POLICY = '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"arn:aws:s3:::logs/*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}';

    it('reads the policy text as it is', async () => {
      faults.answer = (request) => (request.path === '/logs/' && request.params.has('policy') ? { status: 200, headers: { 'content-type': 'application/json' }, body: POLICY } : 'drop');
      expect((await send()).Policy).toBe(POLICY);
    });

    it('rejects an HTML page and an empty body, and a declared JSON policy that does not parse', async () => {
      faults.answer = () => HTML;
      await expect(send()).rejects.toMatchObject({ name: UNEXPECTED_BODY });
      faults.answer = () => ({ status: 200, headers: {}, body: '' });
      await expect(send()).rejects.toMatchObject({ name: UNEXPECTED_BODY });
      faults.answer = () => cut(POLICY, { 'content-type': 'application/json' });
      await expect(send()).rejects.toMatchObject({ name: TRUNCATED_BODY });
    });

    it('leaves an operation with nothing in the body alone (HeadBucket)', async () => {
      faults.answer = () => ({ status: 200, headers: { 'x-amz-bucket-region': 'eu-west-1' }, body: '' });
      const output = await standardClientFactory(FAST)(S3Client, 'us-east-1').send(new HeadBucketCommand({ Bucket: 'logs' }));
      expect(output.BucketRegion).toBe('eu-west-1');
    });
  });
});

describe('xmlRoot', () => {
  it.each([
    ['<?xml version="1.0"?>\n<A xmlns="x"><b/></A>\n', { name: 'A', closed: true }],
    ['\uFEFF<!-- c --><A/>', { name: 'A', closed: true }],
    ['<A><b>1</b>', { name: 'A', closed: false }],
    ['<A><b>1</b></A><A>', { name: 'A', closed: false }],
    ['<ns:A></ns:A>', { name: 'ns:A', closed: true }],
    ['<!DOCTYPE html><html></html>', { name: 'html', closed: false }],
    ['{"a":1}', undefined],
    ['', undefined],
  ])('%j', (text, root) => {
    expect(xmlRoot(text)).toEqual(root);
  });
});
