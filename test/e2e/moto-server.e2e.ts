/** The launcher itself: moto starts on loopback, answers, records, resets and stops. */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CreateVpcCommand, DescribeVpcsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { startMoto, type MotoServer } from './support/moto-server.js';
import { countCalls } from './support/recorded-calls.js';

let moto: MotoServer;

beforeAll(async () => {
  moto = await startMoto();
});
afterAll(async () => {
  await moto.stop();
});

describe('the moto launcher', () => {
  it('listens on 127.0.0.1 only, records the calls a client makes, and forgets everything on reset', async () => {
    expect(moto.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const client = new EC2Client({ region: 'eu-west-1', endpoint: moto.endpoint, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });
    await moto.startRecording();
    await client.send(new CreateVpcCommand({ CidrBlock: '10.9.0.0/16' }));
    const before = (await client.send(new DescribeVpcsCommand({}))).Vpcs?.length ?? 0;
    expect(countCalls(await moto.recording())).toEqual({ 'ec2:CreateVpc': 1, 'ec2:DescribeVpcs': 1 });
    await moto.reset();
    const after = (await client.send(new DescribeVpcsCommand({}))).Vpcs?.length ?? 0;
    expect(after).toBeLessThan(before);
  });
});
