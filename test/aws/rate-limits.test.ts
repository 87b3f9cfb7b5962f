import { describe, expect, it } from '@jest/globals';
import { DescribeStreamSummaryCommand, KinesisClient, ListStreamsCommand } from '@aws-sdk/client-kinesis';
import { DescribeVpcsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { ListTagsCommand } from '@aws-sdk/client-cloudtrail';
import { GetResourcesCommand } from '@aws-sdk/client-resource-groups-tagging-api';
import { mockClient } from 'aws-sdk-client-mock';
import { operationOf, RATE_LIMITS, RateLimits } from '../../aws/rate-limits.js';
import { pacedClient, Pacer } from '../../aws/pacer.js';
import { collectors } from '../../inventory/live/collectors/index.js';
import { SimulatedAws } from '../../testkit/simulated-aws.js';
import { CREDENTIALS } from '../../testkit/live.js';

describe('the rate-limit table', () => {
  it('has one entry per service a collector calls, each with its source', () => {
    const services = new Set(RATE_LIMITS.map((entry) => entry.service));
    expect(services.size).toBe(RATE_LIMITS.length);
    for (const collector of collectors) expect(services).toContain(collector.service);
    // The Tagging API's calls are labelled `tagging` whoever makes them; STS is the source's own call.
    expect(services).toContain('tagging');
    expect(services).toContain('sts');
    for (const entry of RATE_LIMITS) {
      expect(entry.source).toMatch(/^https:\/\/docs\.aws\.amazon\.com\//);
      expect(entry.published.length).toBeGreaterThan(0);
    }
  });

  it('states the published limits the issue names', () => {
    const limits = new RateLimits();
    expect(limits.of('ec2').bucket).toEqual({ burst: 100, perSecond: 20 });
    expect(limits.of('rds').bucket).toEqual({ burst: 300, perSecond: 12 });
    expect(limits.of('securityhub').bucket).toEqual({ burst: 30, perSecond: 10 });
    expect(limits.of('kinesis').operations).toEqual({ ListStreams: { burst: 5, perSecond: 5 }, DescribeStreamSummary: { burst: 20, perSecond: 20 } });
  });

  it('keys a regional service by Region endpoint and a global one by service alone', () => {
    const limits = new RateLimits();
    expect(limits.endpointKey('s3', 'eu-west-1')).toBe('s3/eu-west-1');
    expect(limits.endpointKey('iam', 'eu-west-1')).toBe('iam');
    expect(limits.endpointKey('cloudfront', 'us-east-1')).toBe('cloudfront');
    // Not in the table: the former setting, per Region.
    expect(limits.of('newservice')).toMatchObject({ concurrency: 4, endpoint: 'regional' });
    expect(limits.of('newservice').bucket).toBeUndefined();
  });

  it('scales every rate, and nothing else', () => {
    const scaled = new RateLimits().scaled(10);
    expect(scaled.of('ec2')).toMatchObject({ concurrency: 5, bucket: { burst: 100, perSecond: 200 } });
    expect(scaled.of('kinesis').operations).toEqual({ ListStreams: { burst: 5, perSecond: 50 }, DescribeStreamSummary: { burst: 20, perSecond: 200 } });
    expect(scaled.of('s3').concurrency).toBe(50);
    expect(scaled.of('s3').bucket).toBeUndefined();
  });
});

describe('operationOf', () => {
  it("reads a command's service namespace and operation from its schema (fails if an SDK upgrade changes it)", () => {
    expect(operationOf(new DescribeStreamSummaryCommand({ StreamName: 's' }))).toEqual({ namespace: 'com.amazonaws.kinesis', operation: 'DescribeStreamSummary' });
    expect(operationOf(new ListTagsCommand({ ResourceIdList: [] }))).toEqual({ namespace: 'com.amazonaws.cloudtrail', operation: 'ListTags' });
    expect(operationOf(new GetResourcesCommand({}))).toEqual({ namespace: 'com.amazonaws.resourcegroupstaggingapi', operation: 'GetResources' });
    expect(operationOf({})).toBeUndefined();
    expect(operationOf('DescribeVpcs')).toBeUndefined();
  });

  it("matches every table entry's namespace to an SDK namespace of the same service", () => {
    expect(new RateLimits().ofNamespace(operationOf(new DescribeVpcsCommand({}))?.namespace ?? '')?.service).toBe('ec2');
    expect(new RateLimits().ofNamespace('com.amazonaws.resourcegroupstaggingapi')?.service).toBe('tagging');
  });
});

describe('pacedClient', () => {
  it("waits at the pacers of the command's service and operation, then sends", async () => {
    const kinesis = mockClient(KinesisClient);
    kinesis.on(ListStreamsCommand).resolves({ StreamNames: [] });
    try {
      let time = 0;
      const pacer = new Pacer({ ratePerSecond: 2, now: () => time, sleep: async (milliseconds) => void (time += milliseconds) });
      const asked: string[] = [];
      const client = pacedClient(new KinesisClient({ region: 'eu-west-1', credentials: CREDENTIALS }), (namespace, operation) => {
        asked.push(`${namespace}#${operation}`);
        return [pacer];
      });
      await client.send(new ListStreamsCommand({}));
      await client.send(new ListStreamsCommand({}));
      expect(asked).toEqual(['com.amazonaws.kinesis#ListStreams', 'com.amazonaws.kinesis#ListStreams']);
      expect(time).toBe(500);
      expect(kinesis).toHaveReceivedCommandTimes(ListStreamsCommand, 2);
    } finally {
      kinesis.restore();
    }
  });
});

describe('SimulatedAws', () => {
  it('refuses a request that finds its bucket empty, with the service’s throttling error, after the latency', async () => {
    const ec2 = mockClient(EC2Client);
    ec2.on(DescribeVpcsCommand).resolves({ Vpcs: [] });
    try {
      const sim = new SimulatedAws({ latencyMs: 1, limits: new RateLimits(undefined, { ec2: { bucket: { burst: 2, perSecond: 0.001 } } }), toleranceMs: 0 });
      const client = sim.wrap((type, region) => new type({ region, credentials: CREDENTIALS, maxAttempts: 1 }))(EC2Client, 'eu-west-1');
      const answers = await Promise.allSettled([1, 2, 3].map(() => client.send(new DescribeVpcsCommand({}))));
      expect(answers.map((answer) => answer.status)).toEqual(['fulfilled', 'fulfilled', 'rejected']);
      expect(answers[2]).toMatchObject({ status: 'rejected', reason: { name: 'RequestLimitExceeded', $retryable: { throttling: true } } });
      // The refused request never reached the service.
      expect(ec2).toHaveReceivedCommandTimes(DescribeVpcsCommand, 2);
      expect(sim.calls()).toEqual([{ service: 'ec2', region: 'eu-west-1', operation: 'DescribeVpcs', calls: 3, throttled: 1 }]);
      expect(sim.peak('ec2/eu-west-1')).toBe(3);
    } finally {
      ec2.restore();
    }
  });

  it('meters an operation with its own bucket', async () => {
    const kinesis = mockClient(KinesisClient);
    kinesis.on(ListStreamsCommand).resolves({ StreamNames: [] });
    kinesis.on(DescribeStreamSummaryCommand).resolves({});
    try {
      const sim = new SimulatedAws({ latencyMs: 1, toleranceMs: 0 });
      const client = sim.wrap((type, region) => new type({ region, credentials: CREDENTIALS, maxAttempts: 1 }))(KinesisClient, 'eu-west-1');
      const lists = await Promise.allSettled(Array.from({ length: 7 }, () => client.send(new ListStreamsCommand({}))));
      const describes = await Promise.allSettled(Array.from({ length: 7 }, () => client.send(new DescribeStreamSummaryCommand({ StreamName: 's' }))));
      // ListStreams: 5 at once (the published 5/s); DescribeStreamSummary: 20 at once, so all 7.
      expect(lists.filter((answer) => answer.status === 'rejected')).toHaveLength(2);
      expect(describes.filter((answer) => answer.status === 'rejected')).toHaveLength(0);
    } finally {
      kinesis.restore();
    }
  });
});
