import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mockClient } from 'aws-sdk-client-mock';
import { ClusterNotFoundFault, DescribeClustersCommand, RedshiftClient, RedshiftServiceException, type Cluster } from '@aws-sdk/client-redshift';
import { redshiftCollector } from '../../../../inventory/live/collectors/redshift.js';
import { scan } from '../../../../engine/scan.js';
import { defaultSettings } from '../../../../engine/settings.js';
import { defineRule } from '../../../../rules/lib/define-rule.js';
import { checkItemAgainstSchema } from '../../../support/config-schema.js';
import { ACCOUNT, REGION } from '../../../support/items.js';
import { callsOf, collect, mockedLiveSource, mockIdentity } from '../../../../testkit/live.js';

const created = new Date('2023-09-10T11:12:13Z');

const cluster = (id: string, options: { multiAz?: boolean; encrypted?: boolean } = {}): Cluster => ({
  ClusterIdentifier: id,
  NodeType: 'ra3.xlplus',
  ClusterStatus: 'available',
  ClusterAvailabilityStatus: 'Available',
  MasterUsername: 'admin',
  DBName: 'dev',
  Endpoint: {
    Address: `${id}.abc.${REGION}.redshift.amazonaws.com`,
    Port: 5439,
    VpcEndpoints: [{ VpcEndpointId: 'vpce-1', VpcId: 'vpc-1', NetworkInterfaces: [{ NetworkInterfaceId: 'eni-1', SubnetId: 'subnet-a', PrivateIpAddress: '10.0.1.10', AvailabilityZone: 'eu-west-1a', Ipv6Address: '2001:db8::1' }] }],
  },
  ClusterCreateTime: created,
  AutomatedSnapshotRetentionPeriod: 1,
  VpcSecurityGroups: [{ VpcSecurityGroupId: 'sg-1', Status: 'active' }],
  ClusterParameterGroups: [{ ParameterGroupName: 'default.redshift-1.0', ParameterApplyStatus: 'in-sync', ClusterParameterStatusList: [{ ParameterName: 'require_ssl', ParameterApplyStatus: 'in-sync' }] }],
  ClusterSubnetGroupName: 'private',
  VpcId: 'vpc-1',
  AvailabilityZone: 'eu-west-1a',
  ClusterVersion: '1.0',
  NumberOfNodes: 2,
  PubliclyAccessible: false,
  Encrypted: options.encrypted ?? true,
  KmsKeyId: 'arn:aws:kms:eu-west-1:111122223333:key/k-1',
  ClusterNodes: [
    { NodeRole: 'LEADER', PrivateIPAddress: '10.0.1.11' },
    { NodeRole: 'COMPUTE-0', PrivateIPAddress: '10.0.1.12' },
  ],
  IamRoles: [{ IamRoleArn: 'arn:aws:iam::111122223333:role/redshift', ApplyStatus: 'in-sync' }],
  PendingModifiedValues: {},
  DeferredMaintenanceWindows: [{ DeferMaintenanceIdentifier: 'w-1', DeferMaintenanceStartTime: created, DeferMaintenanceEndTime: created }],
  MultiAZ: options.multiAz === true ? 'Enabled' : 'Disabled',
  ...(options.multiAz === true ? { MultiAZSecondary: { AvailabilityZone: 'eu-west-1b', ClusterNodes: [] } } : {}),
  Tags: [{ Key: 'Environment', Value: 'prod' }],
  // Not in the published schema: must not leak in.
  AquaConfiguration: { AquaStatus: 'disabled', AquaConfigurationStatus: 'auto' },
  DefaultIamRoleArn: 'arn:aws:iam::111122223333:role/redshift',
  IpAddressType: 'ipv4',
  ModifyStatus: 'none',
});

const redshiftError = (name: string, status = 403) => new RedshiftServiceException({ name, $fault: 'client', $metadata: { httpStatusCode: status }, message: `${name} from the test` });

const mockRedshift = () => mockClient(RedshiftClient);
let mocks: ReturnType<typeof mockIdentity>;
let redshift: ReturnType<typeof mockRedshift>;
beforeEach(() => {
  mocks = mockIdentity();
  redshift = mockRedshift();
});
afterEach(() => {
  redshift.restore();
  mocks.ec2.restore();
  mocks.sts.restore();
});

describe('Redshift collector', () => {
  it('builds cluster items in the shape AWS Config records, tags from the response', async () => {
    redshift.on(DescribeClustersCommand).resolves({ Clusters: [cluster('warehouse', { multiAz: true }), cluster('scratch')] });
    const collection = await collect([redshiftCollector], ['AWS::Redshift::Cluster']);
    expect(collection.errors).toEqual([]);
    const raws = (collection.rawItems ?? []).filter((raw) => raw['resourceType'] === 'AWS::Redshift::Cluster');
    expect(raws).toHaveLength(2);
    for (const raw of raws) expect(checkItemAgainstSchema(raw)).toEqual([]);
    expect(raws[0]).toMatchObject({
      resourceId: 'warehouse',
      resourceName: 'warehouse',
      ARN: `arn:aws:redshift:${REGION}:${ACCOUNT}:cluster:warehouse`,
      awsAccountId: ACCOUNT,
      awsRegion: REGION,
      availabilityZone: 'Multiple Availability Zones',
      resourceCreationTime: '2023-09-10T11:12:13.000Z',
      tags: { Environment: 'prod' },
      relationships: [
        { resourceType: 'AWS::EC2::SecurityGroup', resourceId: 'sg-1', name: 'Is associated with SecurityGroup' },
        { resourceType: 'AWS::EC2::VPC', resourceId: 'vpc-1', name: 'Is contained in Vpc' },
        { resourceType: 'AWS::Redshift::ClusterSubnetGroup', resourceId: 'private', resourceName: 'private', name: 'Is associated with ClusterSubnetGroup' },
      ],
      configuration: {
        clusterIdentifier: 'warehouse',
        publiclyAccessible: false,
        encrypted: true,
        clusterSubnetGroupName: 'private',
        multiAZ: 'Enabled',
        dBName: 'dev',
        clusterNodes: [{ nodeRole: 'LEADER', privateIPAddress: '10.0.1.11' }, { nodeRole: 'COMPUTE-0' }],
        endpoint: { port: 5439, vpcEndpoints: [{ vpcEndpointId: 'vpce-1', networkInterfaces: [{ networkInterfaceId: 'eni-1', privateIpAddress: '10.0.1.10' }] }] },
        deferredMaintenanceWindows: [{ deferMaintenanceStartTime: '2023-09-10T11:12:13.000Z' }],
      },
    });
    expect(raws[1]).toMatchObject({ resourceId: 'scratch', availabilityZone: 'eu-west-1a', configuration: { multiAZ: 'Disabled' } });
    const configuration = raws[0]?.['configuration'] as Record<string, unknown>;
    for (const leaked of ['aquaConfiguration', 'defaultIamRoleArn', 'ipAddressType', 'modifyStatus', 'multiAZSecondary', 'tags']) expect(configuration).not.toHaveProperty(leaked);
    expect(configuration).not.toHaveProperty('endpoint.vpcEndpoints.0.networkInterfaces.0.ipv6Address');
    // What the rules read, after normalisation.
    expect(collection.items.find((item) => item.resourceId === 'warehouse')?.configuration).toMatchObject({ multiAZ: 'Enabled', publiclyAccessible: false, encrypted: true });
  });

  it('follows the markers across three pages at the maximum page size', async () => {
    redshift
      .on(DescribeClustersCommand)
      .resolvesOnce({ Clusters: [cluster('c-1')], Marker: 'm2' })
      .resolvesOnce({ Clusters: [cluster('c-2')], Marker: 'm3' })
      .resolvesOnce({ Clusters: [cluster('c-3')] });
    const collection = await collect([redshiftCollector], ['AWS::Redshift::Cluster']);
    expect(collection.items.filter((item) => item.resourceType === 'AWS::Redshift::Cluster').map((item) => item.resourceId)).toEqual(['c-1', 'c-2', 'c-3']);
    expect(redshift).toHaveReceivedCommandTimes(DescribeClustersCommand, 3);
    expect(redshift).toHaveReceivedNthCommandWith(1, DescribeClustersCommand, { MaxRecords: 100, Marker: undefined });
    expect(redshift).toHaveReceivedNthCommandWith(2, DescribeClustersCommand, { MaxRecords: 100, Marker: 'm2' });
    expect(redshift).toHaveReceivedNthCommandWith(3, DescribeClustersCommand, { MaxRecords: 100, Marker: 'm3' });
    expect(callsOf(collection, 'redshift', 'DescribeClusters')).toBe(3);
  });

  it('retries throttling and counts the retry', async () => {
    redshift.on(DescribeClustersCommand).rejectsOnce(redshiftError('Throttling', 400)).resolves({ Clusters: [cluster('c-1')] });
    const collection = await collect([redshiftCollector], ['AWS::Redshift::Cluster']);
    expect(collection.errors).toEqual([]);
    expect(collection.items.map((item) => item.resourceId)).toContain('c-1');
    expect(collection.calls).toContainEqual({ service: 'redshift', operation: 'DescribeClusters', calls: 2, retries: 1, errors: 0 });
  });

  it('records AccessDenied as an error for clusters, keeping the pages read before it', async () => {
    redshift.on(DescribeClustersCommand).resolvesOnce({ Clusters: [cluster('c-1')], Marker: 'm2' }).rejects(redshiftError('AccessDenied'));
    const collection = await collect([redshiftCollector], ['AWS::Redshift::Cluster']);
    expect(collection.errors).toEqual([
      { accountId: ACCOUNT, region: REGION, resourceTypes: ['AWS::Redshift::Cluster'], service: 'redshift', operation: 'DescribeClusters', code: 'AccessDenied', message: 'AccessDenied from the test' },
    ]);
    expect(collection.items.map((item) => item.resourceId)).toContain('c-1');
  });

  it('never turns a modeled fault into an empty list', async () => {
    redshift.on(DescribeClustersCommand).rejects(new ClusterNotFoundFault({ $metadata: {}, message: 'gone' }));
    const collection = await collect([redshiftCollector], ['AWS::Redshift::Cluster']);
    expect(collection.errors.map((error) => [error.operation, error.code])).toEqual([['DescribeClusters', 'ClusterNotFoundFault']]);
  });

  it('makes one call per page and none per cluster', async () => {
    redshift.on(DescribeClustersCommand).resolves({ Clusters: Array.from({ length: 30 }, (_, index) => cluster(`c-${index}`)) });
    const collection = await collect([redshiftCollector], ['AWS::Redshift::Cluster']);
    expect(redshift.calls().map((call) => call.args[0].constructor.name)).toEqual(['DescribeClustersCommand']);
    expect(collection.items).toHaveLength(31);
  });

  describe('through scan', () => {
    const multiAzRule = defineRule({
      meta: {
        id: 'test-redshift-multi-az',
        gate: 'multi-az',
        title: 'Redshift clusters are Multi-AZ (test rule)',
        severity: 'MEDIUM',
        priority: 'P2',
        resourceTypes: ['AWS::Redshift::Cluster'],
        scope: 'all',
        controls: [],
        remediation: { text: 'Turn on Multi-AZ.', url: 'https://docs.aws.amazon.com/redshift/latest/mgmt/managing-cluster-multi-az.html' },
        messages: { on: 'on', off: 'off', missing: 'missing' },
      },
      check(item, context) {
        const value = item.configuration.multiAZ;
        if (value === undefined || value === null) return context.unknown('missing');
        return value.toLowerCase() === 'enabled' ? context.pass('on') : context.fail('off');
      },
    });
    const rules = [multiAzRule];

    it('judges the collected clusters', async () => {
      redshift.on(DescribeClustersCommand).resolves({ Clusters: [cluster('a', { multiAz: true }), cluster('b')] });
      const result = await scan({ regions: [REGION] }, mockedLiveSource([redshiftCollector]), defaultSettings(rules), rules);
      expect(result.evaluations.map((evaluation) => [evaluation.resource.id, evaluation.status])).toEqual([
        ['a', 'PASS'],
        ['b', 'FAIL'],
      ]);
    });

    it('is UNKNOWN, never PASS, when DescribeClusters is denied', async () => {
      redshift.on(DescribeClustersCommand).rejects(redshiftError('AccessDenied'));
      const result = await scan({ regions: [REGION] }, mockedLiveSource([redshiftCollector]), defaultSettings(rules), rules);
      expect(result.evaluations.map((evaluation) => [evaluation.status, evaluation.messageId])).toEqual([['UNKNOWN', 'listFailed']]);
      expect(result.completeness).toEqual([expect.objectContaining({ ruleId: 'test-redshift-multi-az', region: REGION, complete: false })]);
    });
  });
});
