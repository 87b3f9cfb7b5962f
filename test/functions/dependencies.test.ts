import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from '@jest/globals';
import { mockClient } from 'aws-sdk-client-mock';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
// fromTemporaryCredentials assumes roles with the SDK's internal STS client.
import { AssumeRoleCommand, STSClient as CredentialsSTSClient } from '@aws-sdk/nested-clients/sts';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { EC2Client } from '@aws-sdk/client-ec2';
import { defaultDependencies, loadDeployedSettings } from '../../functions/lib/dependencies.js';
import { readEnvironment } from '../../functions/lib/environment.js';
import { TOPIC } from './support.js';

const identity = mockClient(STSClient);
const sts = mockClient(CredentialsSTSClient);
const ssm = mockClient(SSMClient);
afterAll(() => {
  identity.restore();
  sts.restore();
  ssm.restore();
});
beforeEach(() => {
  sts.reset();
  identity.reset();
  ssm.reset();
  identity.on(GetCallerIdentityCommand).resolves({ Account: '111122223333' });
  sts.on(AssumeRoleCommand).resolves({ Credentials: { AccessKeyId: 'ASIAMEMBER', SecretAccessKey: 'member-secret', SessionToken: 'token', Expiration: new Date('2030-01-01T00:00:00Z') } });
});

const ENV = { AWS_REGION: 'us-east-1', STATE_TABLE: 'gatewatch-test-state', ALERT_TOPIC_ARN: TOPIC };

describe('the Lambda environment', () => {
  it('names every missing or malformed variable', () => {
    expect(() => readEnvironment({ AWS_REGION: 'us-east-1', ALERT_TOPIC_ARN: 'gatewatch' })).toThrow(/STATE_TABLE: .*; ALERT_TOPIC_ARN: expected an SNS topic ARN/);
  });

  it('reads empty parameters as unset', () => {
    const environment = readEnvironment({ ...ENV, SCAN_EXTERNAL_ID: '', SETTINGS_PARAMETER: '' });
    expect(environment.SCAN_EXTERNAL_ID).toBeUndefined();
    expect(environment.SETTINGS_PARAMETER).toBeUndefined();
    expect(environment.SCAN_ROLE_NAME).toBe('gatewatch-scan');
  });
});

describe('account clients', () => {
  it("read a member account through its scan role, with the external id, and the own account with the function's role", async () => {
    const deps = defaultDependencies({ ...ENV, SCAN_ROLE_NAME: 'gatewatch-scan', SCAN_EXTERNAL_ID: 'ext-123' });
    const member = await deps.clientsFor('444455556666');
    const client = member(EC2Client, 'eu-west-1');
    // The mocked send skips the signing middleware: resolve the credentials as a request would.
    expect((await client.config.credentials()).accessKeyId).toBe('ASIAMEMBER');
    expect(sts).toHaveReceivedCommandWith(AssumeRoleCommand, { RoleArn: 'arn:aws:iam::444455556666:role/gatewatch-scan', ExternalId: 'ext-123', RoleSessionName: 'gatewatch-scan' });
    expect(await deps.clientsFor('444455556666')).toBe(member);

    sts.resetHistory();
    const own = await deps.clientsFor('111122223333');
    expect((await own(EC2Client, 'eu-west-1').config.credentials()).accessKeyId).toBe(process.env['AWS_ACCESS_KEY_ID']);
    expect(sts).toHaveReceivedCommandTimes(AssumeRoleCommand, 0);
  });
});

describe('deployed settings', () => {
  const root = mkdtempSync(join(tmpdir(), 'gatewatch-task-'));
  mkdirSync(join(root, 'deploy'));
  writeFileSync(join(root, 'deploy', 'settings.yaml'), 'regions: [eu-west-1]\nalerts:\n  minSeverity: critical\n');

  it('come from the bundled file', async () => {
    const settings = await loadDeployedSettings(readEnvironment({ ...ENV, SETTINGS_FILE: 'deploy/settings.yaml' }), () => new SSMClient({}), root);
    expect(settings.regions).toEqual(['eu-west-1']);
    expect(settings.alerts.minSeverity).toBe('CRITICAL');
    expect(ssm).toHaveReceivedCommandTimes(GetParameterCommand, 0);
  });

  it('come from the SSM parameter when one is set, and name it when they are invalid', async () => {
    ssm.on(GetParameterCommand).resolves({ Parameter: { Value: 'regions: [us-east-1]\n' } });
    const environment = readEnvironment({ ...ENV, SETTINGS_PARAMETER: '/gatewatch/settings' });
    const settings = await loadDeployedSettings(environment, () => new SSMClient({ region: 'us-east-1' }), root);
    expect(settings.regions).toEqual(['us-east-1']);
    expect(ssm).toHaveReceivedCommandWith(GetParameterCommand, { Name: '/gatewatch/settings', WithDecryption: true });

    ssm.on(GetParameterCommand).resolves({ Parameter: { Value: 'regionz: [us-east-1]\n' } });
    await expect(loadDeployedSettings(environment, () => new SSMClient({ region: 'us-east-1' }), root)).rejects.toThrow(/SSM parameter \/gatewatch\/settings: regionz: unknown key/);
    ssm.on(GetParameterCommand).resolves({ Parameter: { Value: '' } });
    await expect(loadDeployedSettings(environment, () => new SSMClient({ region: 'us-east-1' }), root)).rejects.toThrow(/is empty/);
  });

  it('the repository ships valid deployed settings', async () => {
    const settings = await loadDeployedSettings(readEnvironment({ ...ENV, SETTINGS_FILE: 'deploy/settings.yaml' }), () => new SSMClient({}), process.cwd());
    expect(Object.keys(settings.deployment.tags).sort()).toEqual(['CostCenter', 'Environment', 'Project', 'Team']);
  });
});
