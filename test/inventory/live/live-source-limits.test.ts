/**
 * The live source's request limits: requests in flight per service × Region endpoint as the rate
 * table sets them (one limit for a global service), S3's per-bucket calls under the bucket's own
 * Region, token buckets per endpoint and per operation, and overrides.
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { CloudTrailClient, GetTrailStatusCommand } from '@aws-sdk/client-cloudtrail';
import { DescribeStreamSummaryCommand, KinesisClient, ListStreamsCommand } from '@aws-sdk/client-kinesis';
import { DescribeVolumesCommand, EC2Client } from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import type { ResourceType } from '../../../model/configuration-item.js';
import type { CollectContext, Collector } from '../../../inventory/live/collector.js';
import { LiveSource, type LiveSourceOptions } from '../../../inventory/live/live-source.js';
import { s3Collector } from '../../../inventory/live/collectors/s3.js';
import { RATE_LIMITS, RateLimits } from '../../../aws/rate-limits.js';
import { CREDENTIALS, collect, mockIdentity } from '../../../testkit/live.js';
import { MockAccount } from '../../../testkit/mock-account/index.js';
import { SimulatedAws } from '../../../testkit/simulated-aws.js';

/** A collector labelled `service` that makes `calls` calls at once in its Region (or in `regions`, round robin). */
function busy(service: string, type: ResourceType, calls: number, options: { global?: boolean; regions?: readonly string[] } = {}) {
  const inFlight = new Map<string, number>();
  const peaks = new Map<string, number>();
  let all = 0;
  let peakAll = 0;
  const collector: Collector = {
    service,
    produces: [type],
    ...(options.global === true ? { global: true } : {}),
    async collect(context: CollectContext) {
      await Promise.all(
        Array.from({ length: calls }, (_, index) => {
          const region = options.regions?.[index % options.regions.length] ?? context.region;
          return context.call(
            `Call${index}`,
            async () => {
              inFlight.set(region, (inFlight.get(region) ?? 0) + 1);
              all += 1;
              peaks.set(region, Math.max(peaks.get(region) ?? 0, inFlight.get(region) ?? 0));
              peakAll = Math.max(peakAll, all);
              await new Promise((resolve) => setTimeout(resolve, 2));
              inFlight.set(region, (inFlight.get(region) ?? 1) - 1);
              all -= 1;
              return {};
            },
            { region },
          );
        }),
      );
    },
  };
  return { collector, peak: (region: string) => peaks.get(region) ?? 0, peakAll: () => peakAll };
}

const concurrencyOf = (service: string) => new RateLimits().of(service).concurrency;

let mocks: ReturnType<typeof mockIdentity>;
beforeEach(() => {
  mocks = mockIdentity(['eu-west-1', 'us-east-1']);
});
afterEach(() => {
  mocks.ec2.restore();
  mocks.sts.restore();
});

describe('LiveSource request limits', () => {
  it('keeps each service to its table concurrency per Region endpoint, every Region with its own', async () => {
    const ec2 = busy('ec2', 'AWS::EC2::Volume', 30);
    const cloudtrail = busy('cloudtrail', 'AWS::CloudTrail::Trail', 30);
    const sqs = busy('sqs', 'AWS::SQS::Queue', 30);
    await collect([ec2.collector, cloudtrail.collector, sqs.collector], ['AWS::EC2::Volume', 'AWS::CloudTrail::Trail', 'AWS::SQS::Queue'], ['eu-west-1', 'us-east-1']);
    // The table's settings, and different enough from each other for the assertions to tell them apart.
    expect([concurrencyOf('ec2'), concurrencyOf('cloudtrail'), concurrencyOf('sqs')]).toEqual([5, 3, 10]);
    for (const region of ['eu-west-1', 'us-east-1']) {
      expect(ec2.peak(region)).toBe(5);
      expect(cloudtrail.peak(region)).toBe(3);
      expect(sqs.peak(region)).toBe(10);
    }
    // Two Regions, two endpoints: twice the requests in flight, not one shared limit.
    expect(ec2.peakAll()).toBe(10);
  });

  it('keeps a global service to one limit whatever Region its requests name', async () => {
    const iam = busy('iam', 'AWS::IAM::Role', 40, { global: true, regions: ['eu-west-1', 'us-east-1'] });
    await collect([iam.collector], ['AWS::IAM::Role'], ['eu-west-1', 'us-east-1']);
    expect(concurrencyOf('iam')).toBe(10);
    expect(iam.peakAll()).toBe(10);
  });

  it('applies overrides: a service changed, a service added, the table replaced', async () => {
    const ec2 = busy('ec2', 'AWS::EC2::Volume', 20);
    const custom = busy('custom', 'AWS::EFS::FileSystem', 20);
    const source = (rateLimits: LiveSourceOptions['rateLimits']) =>
      new LiveSource({
        collectors: [ec2.collector, custom.collector],
        homeRegion: 'us-east-1',
        clientFactory: (type, region) => new type({ region, credentials: CREDENTIALS, maxAttempts: 1 }),
        sleep: async () => undefined,
        now: () => new Date('2026-11-23T12:00:00Z'),
        rateLimits,
      });
    const request = { resourceTypes: new Set<ResourceType>(['AWS::EC2::Volume', 'AWS::EFS::FileSystem']), regions: ['eu-west-1'] };
    await source({ ec2: { concurrency: 2 }, custom: { concurrency: 7 } }).collect(request);
    expect(ec2.peak('eu-west-1')).toBe(2);
    expect(custom.peak('eu-west-1')).toBe(7);

    const table = RATE_LIMITS.map((entry) => (entry.service === 'ec2' ? { ...entry, concurrency: 1 } : entry));
    const ec2Again = busy('ec2', 'AWS::EC2::Volume', 20);
    await new LiveSource({ collectors: [ec2Again.collector], homeRegion: 'us-east-1', clientFactory: (type, region) => new type({ region, credentials: CREDENTIALS }), sleep: async () => undefined, now: () => new Date(0), rateLimits: new RateLimits(table) }).collect({ resourceTypes: new Set<ResourceType>(['AWS::EC2::Volume']), regions: ['eu-west-1'] });
    expect(ec2Again.peak('eu-west-1')).toBe(1);
  });

  it('refuses a setting that is no limit', () => {
    expect(() => new RateLimits(undefined, { ec2: { concurrency: 0 } })).toThrow('ec2: concurrency must be a positive integer, got 0');
    expect(() => new RateLimits(undefined, { rds: { bucket: { burst: 10, perSecond: 0 } } })).toThrow('rds: perSecond must be a positive number, got 0');
    expect(() => new RateLimits(undefined, { kinesis: { operations: { ListStreams: { burst: 0.5, perSecond: 5 } } } })).toThrow('kinesis:ListStreams: burst must be a positive integer, got 0.5');
  });

  it("runs S3's per-bucket calls on each bucket's Region, under that Region's own limit", async () => {
    const account = new MockAccount(40, ['eu-west-1', 'us-west-2']);
    mocks.ec2.restore();
    mocks.sts.restore();
    const restore = account.install();
    try {
      const sim = new SimulatedAws({ latencyMs: 3 });
      const source = new LiveSource({
        collectors: [s3Collector],
        homeRegion: 'us-east-1',
        clientFactory: sim.wrap((type, region) => new type({ region, credentials: CREDENTIALS, maxAttempts: 1 })),
        sleep: async () => undefined,
        now: () => new Date('2026-11-23T12:00:00Z'),
        rateLimits: { s3: { concurrency: 6 } },
      });
      const collection = await source.collect({ resourceTypes: new Set<ResourceType>(['AWS::S3::Bucket']), regions: ['eu-west-1', 'us-west-2'] });
      expect(collection.errors).toEqual([]);
      expect(collection.items.filter((item) => item.resourceType === 'AWS::S3::Bucket')).toHaveLength(80);
      const calls = (region: string, operation: string) => sim.calls().find((record) => record.service === 's3' && record.region === region && record.operation === operation)?.calls ?? 0;
      for (const region of ['eu-west-1', 'us-west-2']) {
        // Every bucket's three reads went to its own Region's endpoint (the mock refuses any other Region)…
        expect([calls(region, 'GetBucketEncryption'), calls(region, 'GetBucketPolicy'), calls(region, 'GetPublicAccessBlock')]).toEqual([40, 40, 40]);
        // …with that endpoint's own limit of requests in flight, reached.
        expect(sim.peak(`s3/${region}`)).toBe(6);
      }
      // Both Regions' limits at once: not one limit shared by every bucket.
      expect(sim.peak('s3*')).toBe(12);
      expect(calls('us-east-1', 'ListBuckets')).toBe(1);
      expect(calls('us-east-1', 'GetBucketPolicy')).toBe(0);
      expect(calls('us-east-1', 'GetPublicAccessBlock')).toBe(0);
    } finally {
      restore();
      mocks = mockIdentity(['eu-west-1', 'us-east-1']);
    }
  });
});

describe('LiveSource pacing', () => {
  /**
   * A fake clock: `sleep` advances it, once everything already under way has run (so that a
   * request its bucket lets through at once is seen at the time it was let through).
   */
  function clock() {
    let time = 0;
    return {
      now: () => new Date(time),
      sleep: async (milliseconds: number) => {
        await new Promise((resolve) => setImmediate(resolve));
        time += milliseconds;
      },
      time: () => time,
    };
  }

  /** A collector that sends `commands()` at once, in its Region, through the source's clients. */
  function sender(service: string, type: ResourceType, commands: (context: CollectContext) => Promise<unknown>[]): Collector {
    return {
      service,
      produces: [type],
      async collect(context) {
        await Promise.all(commands(context));
      },
    };
  }

  function source(collectors: readonly Collector[], fake: ReturnType<typeof clock>, rateLimits: LiveSourceOptions['rateLimits']): LiveSource {
    return new LiveSource({
      collectors,
      homeRegion: 'us-east-1',
      clientFactory: (type, region) => new type({ region, credentials: CREDENTIALS, maxAttempts: 1 }),
      now: fake.now,
      sleep: fake.sleep,
      rateLimits,
    });
  }

  it("starts a service's requests no faster than its token bucket allows", async () => {
    const fake = clock();
    const ec2 = mockClient(EC2Client);
    const starts: number[] = [];
    ec2.on(DescribeVolumesCommand).callsFake(async () => {
      starts.push(fake.time());
      return { Volumes: [] };
    });
    try {
      const collector = sender('ec2', 'AWS::EC2::Volume', (context) =>
        Array.from({ length: 6 }, () => context.call('DescribeVolumes', () => context.client(EC2Client).send(new DescribeVolumesCommand({})))),
      );
      await source([collector], fake, { ec2: { bucket: { burst: 2, perSecond: 4 }, concurrency: 6 } }).collect({ resourceTypes: new Set<ResourceType>(['AWS::EC2::Volume']), regions: ['eu-west-1'] });
      expect(ec2).toHaveReceivedCommandTimes(DescribeVolumesCommand, 6);
      // Two at once (the burst), then one every 250 ms (4 per second).
      expect(starts).toEqual([0, 0, 250, 500, 750, 1000]);
    } finally {
      ec2.restore();
    }
  });

  it('keeps one token bucket per Region endpoint: Regions do not share a budget', async () => {
    const fake = clock();
    const ec2 = mockClient(EC2Client);
    const starts: { region: string; at: number }[] = [];
    ec2.on(DescribeVolumesCommand).callsFake(async (_input, getClient) => {
      const at = fake.time();
      const { region } = getClient().config as { region: () => Promise<string> };
      starts.push({ region: await region(), at });
      return { Volumes: [] };
    });
    try {
      const collector = sender('ec2', 'AWS::EC2::Volume', (context) =>
        Array.from({ length: 3 }, () => context.call('DescribeVolumes', () => context.client(EC2Client).send(new DescribeVolumesCommand({})))),
      );
      await source([collector], fake, { ec2: { bucket: { burst: 3, perSecond: 1 } } }).collect({ resourceTypes: new Set<ResourceType>(['AWS::EC2::Volume']), regions: ['eu-west-1', 'us-east-1'] });
      // A burst of 3 in each Region: all six start at once (one shared bucket would hold three back a second each).
      expect(starts.map((start) => start.region).sort()).toEqual(['eu-west-1', 'eu-west-1', 'eu-west-1', 'us-east-1', 'us-east-1', 'us-east-1']);
      expect(starts.map((start) => start.at)).toEqual([0, 0, 0, 0, 0, 0]);
    } finally {
      ec2.restore();
    }
  });

  it("paces an operation with its own published bucket, apart from the service's other operations", async () => {
    const fake = clock();
    const kinesis = mockClient(KinesisClient);
    const starts: Record<string, number[]> = { ListStreams: [], DescribeStreamSummary: [] };
    kinesis.on(ListStreamsCommand).callsFake(async () => {
      starts['ListStreams']?.push(fake.time());
      return { StreamNames: [], HasMoreStreams: false };
    });
    kinesis.on(DescribeStreamSummaryCommand).callsFake(async () => {
      starts['DescribeStreamSummary']?.push(fake.time());
      return {};
    });
    try {
      const collector = sender('kinesis', 'AWS::Kinesis::Stream', (context) => [
        ...Array.from({ length: 8 }, () => context.call('ListStreams', () => context.client(KinesisClient).send(new ListStreamsCommand({})))),
        ...Array.from({ length: 8 }, (_, index) => context.call('DescribeStreamSummary', () => context.client(KinesisClient).send(new DescribeStreamSummaryCommand({ StreamName: `s${index}` })))),
      ]);
      // The published table: ListStreams 5/s, DescribeStreamSummary 20/s (burst 20); enough concurrency for all 16.
      await source([collector], fake, { kinesis: { concurrency: 16 } }).collect({ resourceTypes: new Set<ResourceType>(['AWS::Kinesis::Stream']), regions: ['eu-west-1'] });
      expect(kinesis).toHaveReceivedCommandTimes(ListStreamsCommand, 8);
      expect(kinesis).toHaveReceivedCommandTimes(DescribeStreamSummaryCommand, 8);
      expect(starts['ListStreams']).toEqual([0, 0, 0, 0, 0, 200, 400, 600]);
      expect(starts['DescribeStreamSummary']).toEqual(Array.from({ length: 8 }, () => 0));
    } finally {
      kinesis.restore();
    }
  });

  it('still retries a request AWS throttles despite the pacing (another caller shares the budget)', async () => {
    const fake = clock();
    const cloudtrail = mockClient(CloudTrailClient);
    const throttled = Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException', $fault: 'client', $metadata: { httpStatusCode: 400, attempts: 1 } });
    cloudtrail.on(GetTrailStatusCommand).rejectsOnce(throttled).resolves({ IsLogging: true });
    try {
      const collector = sender('cloudtrail', 'AWS::CloudTrail::Trail', (context) => [context.call('GetTrailStatus', () => context.client(CloudTrailClient).send(new GetTrailStatusCommand({ Name: 'trail' })))]);
      const collection = await source([collector], fake, {}).collect({ resourceTypes: new Set<ResourceType>(['AWS::CloudTrail::Trail']), regions: ['eu-west-1'] });
      expect(cloudtrail).toHaveReceivedCommandTimes(GetTrailStatusCommand, 2);
      expect(collection.errors).toEqual([]);
      expect(collection.calls).toContainEqual({ service: 'cloudtrail', operation: 'GetTrailStatus', calls: 2, retries: 1, errors: 0 });
    } finally {
      cloudtrail.restore();
    }
  });
});
