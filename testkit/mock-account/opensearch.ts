/**
 * OpenSearch Service domains in the mocked account (ListDomainNames unpaginated, DescribeDomains five at a time).
 */

import {
  DescribeDomainsCommand,
  ListDomainNamesCommand,
  OpenSearchClient,
  type DescribeDomainsCommandInput,
  type DescribeDomainsCommandOutput,
  type DomainStatus,
  type ListDomainNamesCommandOutput,
} from '@aws-sdk/client-opensearch';
import { mockClient } from 'aws-sdk-client-mock';
import { ACCOUNT, type At, batchLimit, type Build, type Network, type Out, type Restorable, tagsOf } from './kit.js';

export interface OpenSearchData {
  readonly domains: DomainStatus[];
}

export function opensearchData(build: Build, network: Network): OpenSearchData {
  const { region, n, zones, arn, groupId, register } = build;
  const { vpcOf, subnetOf } = network;
  const domains: DomainStatus[] = Array.from({ length: n }, (_, index) => {
    const name = `search-${index}`;
    return {
      DomainId: `${ACCOUNT}/${name}`,
      DomainName: name,
      ARN: arn('es', `domain/${name}`),
      Created: true,
      Deleted: false,
      Processing: false,
      Endpoints: { vpc: `vpc-${name}-abcdefghijkl.${region}.es.amazonaws.com` },
      EngineVersion: 'OpenSearch_2.13',
      ClusterConfig: {
        InstanceType: 'r6g.large.search',
        InstanceCount: 3,
        DedicatedMasterEnabled: false,
        ZoneAwarenessEnabled: true,
        ZoneAwarenessConfig: { AvailabilityZoneCount: 3 },
        WarmEnabled: false,
        MultiAZWithStandbyEnabled: false,
      },
      EBSOptions: { EBSEnabled: true, VolumeType: 'gp3', VolumeSize: 100, Iops: 3000, Throughput: 125 },
      SnapshotOptions: { AutomatedSnapshotStartHour: 0 },
      VPCOptions: { VPCId: vpcOf(index), SubnetIds: [subnetOf(index), subnetOf(index + 1), subnetOf(index + 2)], SecurityGroupIds: [groupId(index)], AvailabilityZones: zones },
      EncryptionAtRestOptions: { Enabled: true, KmsKeyId: arn('kms', 'key/0b1c2d3e-0000-4000-8000-000000000004') },
      NodeToNodeEncryptionOptions: { Enabled: true },
      DomainEndpointOptions: { EnforceHTTPS: true, TLSSecurityPolicy: 'Policy-Min-TLS-1-2-2019-07', CustomEndpointEnabled: false },
      AdvancedSecurityOptions: { Enabled: true, InternalUserDatabaseEnabled: false, AnonymousAuthEnabled: false },
      ServiceSoftwareOptions: { CurrentVersion: 'OpenSearch_2_13_R20240520', NewVersion: '', UpdateAvailable: false, Cancellable: false, UpdateStatus: 'COMPLETED', OptionalDeployment: true },
      OffPeakWindowOptions: { Enabled: true, OffPeakWindow: { WindowStartTime: { Hours: 2, Minutes: 0 } } },
      SoftwareUpdateOptions: { AutoSoftwareUpdateEnabled: false },
    };
  });
  domains.forEach((domain, index) => register(domain.ARN ?? '', 'es', 'domain', tagsOf('search', index)));
  return { domains };
}

export function mockOpenSearch(at: At<OpenSearchData>): Restorable[] {
  const opensearch = mockClient(OpenSearchClient);
  opensearch.on(ListDomainNamesCommand).callsFake(async (_input: unknown, getClient): Promise<Out<ListDomainNamesCommandOutput>> => ({
    DomainNames: (await at(getClient)).domains.map((domain) => ({ DomainName: domain.DomainName, EngineType: 'OpenSearch' })),
  }));
  opensearch.on(DescribeDomainsCommand).callsFake(async (input: DescribeDomainsCommandInput, getClient): Promise<Out<DescribeDomainsCommandOutput>> => {
    batchLimit('DescribeDomains', input.DomainNames, 5);
    const data = await at(getClient);
    const names = new Set(input.DomainNames);
    return { DomainStatusList: data.domains.filter((domain) => names.has(domain.DomainName ?? '')) };
  });
  return [opensearch];
}
