/**
 * OpenSearch Service domains as AWS Config records them (AWS::OpenSearch::Domain, PascalCase as
 * the CloudFormation resource model).
 *
 * ListDomainNames returns every domain name of the Region in one call (it has no pagination);
 * DescribeDomains then describes them five at a time, its maximum. Neither carries tags, so they
 * come from the Resource Groups Tagging API (`es:domain`). A DescribeDomains batch that fails
 * concerns the five domains named in it: each is emitted with what is known of it (its name and
 * ARN) and made UNKNOWN by an error scoped to those names.
 *
 * A change event reads only the domains it names: DescribeDomains of each name (a name it does not
 * describe, or answers ResourceNotFoundException for, is a domain that no longer exists, absent),
 * and their tags by ARN.
 */
import { DescribeDomainsCommand, ListDomainNamesCommand, OpenSearchClient, ResourceNotFoundException, type DomainStatus, type LogPublishingOption } from '@aws-sdk/client-opensearch';
import type { ResourceType } from '../../../model/configuration-item.js';
import { arnOf, taggingFilter } from '../../../model/resource-types/index.js';
import { namedResources, plain, type CollectContext, type Collector, type RawItem } from '../collector.js';
import { goneOn } from './describe-each.js';
import { chunks } from '../../../aws/batches.js';

const DOMAIN = 'AWS::OpenSearch::Domain' as const satisfies ResourceType;
/** DescribeDomains accepts at most five domain names per call. */
const DESCRIBE_BATCH = 5;
/** The log types whose publishing options the published schema lists. */
const LOG_TYPES = ['AUDIT_LOGS', 'ES_APPLICATION_LOGS', 'INDEX_SLOW_LOGS', 'SEARCH_SLOW_LOGS'] as const;

type Tags = ReadonlyMap<string, Readonly<Record<string, string>>>;


function domainArn(context: CollectContext, name: string): string {
  return arnOf(DOMAIN, context, name);
}

function logPublishing(options: DomainStatus['LogPublishingOptions']): Record<string, unknown> | undefined {
  if (options === undefined) return undefined;
  const picked: Record<string, unknown> = {};
  for (const type of LOG_TYPES) {
    const option: LogPublishingOption | undefined = options[type];
    if (option !== undefined) picked[type] = { CloudWatchLogsLogGroupArn: option.CloudWatchLogsLogGroupArn, Enabled: option.Enabled };
  }
  return picked;
}

/** The DomainStatus fields AWS Config records (AWS::OpenSearch::Domain's published properties). */
export function domainConfiguration(domain: DomainStatus): Record<string, unknown> {
  const cluster = domain.ClusterConfig;
  const ebs = domain.EBSOptions;
  const cognito = domain.CognitoOptions;
  const endpoint = domain.DomainEndpointOptions;
  const security = domain.AdvancedSecurityOptions;
  const saml = security?.SAMLOptions;
  const software = domain.ServiceSoftwareOptions;
  const offPeak = domain.OffPeakWindowOptions;
  const start = offPeak?.OffPeakWindow?.WindowStartTime;
  return plain({
    Arn: domain.ARN,
    DomainArn: domain.ARN,
    DomainName: domain.DomainName,
    // A VPC domain has no public endpoint; its endpoint is the `vpc` entry of Endpoints.
    DomainEndpoint: domain.Endpoint ?? domain.Endpoints?.['vpc'],
    EngineVersion: domain.EngineVersion,
    ClusterConfig: cluster && {
      InstanceType: cluster.InstanceType,
      InstanceCount: cluster.InstanceCount,
      DedicatedMasterEnabled: cluster.DedicatedMasterEnabled,
      DedicatedMasterType: cluster.DedicatedMasterType,
      DedicatedMasterCount: cluster.DedicatedMasterCount,
      ZoneAwarenessEnabled: cluster.ZoneAwarenessEnabled,
      ZoneAwarenessConfig: cluster.ZoneAwarenessConfig && { AvailabilityZoneCount: cluster.ZoneAwarenessConfig.AvailabilityZoneCount },
      WarmEnabled: cluster.WarmEnabled,
      WarmType: cluster.WarmType,
      WarmCount: cluster.WarmCount,
      MultiAZWithStandbyEnabled: cluster.MultiAZWithStandbyEnabled,
    },
    EBSOptions: ebs && { EBSEnabled: ebs.EBSEnabled, VolumeType: ebs.VolumeType, VolumeSize: ebs.VolumeSize, Iops: ebs.Iops, Throughput: ebs.Throughput },
    SnapshotOptions: domain.SnapshotOptions && { AutomatedSnapshotStartHour: domain.SnapshotOptions.AutomatedSnapshotStartHour },
    VPCOptions: domain.VPCOptions && { SubnetIds: domain.VPCOptions.SubnetIds, SecurityGroupIds: domain.VPCOptions.SecurityGroupIds },
    CognitoOptions: cognito && { Enabled: cognito.Enabled, UserPoolId: cognito.UserPoolId, IdentityPoolId: cognito.IdentityPoolId, RoleArn: cognito.RoleArn },
    EncryptionAtRestOptions: domain.EncryptionAtRestOptions && { Enabled: domain.EncryptionAtRestOptions.Enabled, KmsKeyId: domain.EncryptionAtRestOptions.KmsKeyId },
    NodeToNodeEncryptionOptions: domain.NodeToNodeEncryptionOptions && { Enabled: domain.NodeToNodeEncryptionOptions.Enabled },
    DomainEndpointOptions: endpoint && {
      EnforceHTTPS: endpoint.EnforceHTTPS,
      TLSSecurityPolicy: endpoint.TLSSecurityPolicy,
      CustomEndpointEnabled: endpoint.CustomEndpointEnabled,
      CustomEndpoint: endpoint.CustomEndpoint,
      CustomEndpointCertificateArn: endpoint.CustomEndpointCertificateArn,
    },
    AdvancedSecurityOptions: security && {
      Enabled: security.Enabled,
      InternalUserDatabaseEnabled: security.InternalUserDatabaseEnabled,
      AnonymousAuthEnabled: security.AnonymousAuthEnabled,
      AnonymousAuthDisableDate: security.AnonymousAuthDisableDate,
      // The IdP's metadata document is not recorded, only its entity id.
      SAMLOptions: saml && {
        Enabled: saml.Enabled,
        Idp: saml.Idp && { EntityId: saml.Idp.EntityId },
        SubjectKey: saml.SubjectKey,
        RolesKey: saml.RolesKey,
        SessionTimeoutMinutes: saml.SessionTimeoutMinutes,
      },
    },
    LogPublishingOptions: logPublishing(domain.LogPublishingOptions),
    ServiceSoftwareOptions: software && {
      CurrentVersion: software.CurrentVersion,
      NewVersion: software.NewVersion,
      UpdateAvailable: software.UpdateAvailable,
      Cancellable: software.Cancellable,
      UpdateStatus: software.UpdateStatus,
      AutomatedUpdateDate: software.AutomatedUpdateDate,
      OptionalDeployment: software.OptionalDeployment,
    },
    OffPeakWindowOptions: offPeak && {
      Enabled: offPeak.Enabled,
      OffPeakWindow: offPeak.OffPeakWindow && { WindowStartTime: start && { Hours: start.Hours, Minutes: start.Minutes } },
    },
    SoftwareUpdateOptions: domain.SoftwareUpdateOptions && { AutoSoftwareUpdateEnabled: domain.SoftwareUpdateOptions.AutoSoftwareUpdateEnabled },
  }) as Record<string, unknown>;
}

/** The item of a domain; `domain` absent when DescribeDomains failed for it (its recorded error makes it UNKNOWN). */
export function domainItem(context: CollectContext, name: string, domain: DomainStatus | undefined, tags: Tags | undefined): RawItem {
  const arn = domain?.ARN ?? domainArn(context, name);
  return {
    resourceType: DOMAIN,
    resourceId: name,
    resourceName: name,
    ARN: arn,
    availabilityZone: 'Regional',
    tags: tags?.get(arn) ?? {},
    configuration: domain === undefined ? { Arn: arn, DomainArn: arn, DomainName: name } : domainConfiguration(domain),
  };
}

export const opensearchCollector: Collector = {
  service: 'opensearch',
  produces: [DOMAIN],
  async collect(context, types) {
    if (!types.has(DOMAIN)) return;
    const client = context.client(OpenSearchClient);

    // A change event names domains by name (their id): no listing, and their tags by ARN once described.
    const named = namedResources(context, DOMAIN);
    const names: string[] = named === undefined ? [] : [...new Set(named.map((resource) => resource.resourceId))];
    if (named === undefined) {
      await context.attempt([DOMAIN], async () => {
        const output = await context.call('ListDomainNames', () => client.send(new ListDomainNamesCommand({})));
        for (const info of output.DomainNames ?? []) if (info.DomainName !== undefined) names.push(info.DomainName);
      });
    }
    if (names.length === 0) return;

    let tags: Tags | undefined;
    const readTags =
      named === undefined
        ? context.attempt(
            [DOMAIN],
            async () => {
              tags = await context.taggingApi([taggingFilter(DOMAIN)]);
            },
            { aspect: 'tags' },
          )
        : Promise.resolve();

    const described = new Map<string, DomainStatus>();
    const undescribed: string[] = [];
    // Named domains one per call, so that a not-found answer can only mean that one is gone.
    const describe = chunks(names, named === undefined ? DESCRIBE_BATCH : 1).map(async (batch) => {
      let done = false;
      await context.attempt(
        [DOMAIN],
        async () => {
          const output = await context
            .call('DescribeDomains', () => client.send(new DescribeDomainsCommand({ DomainNames: batch })))
            .catch((error: unknown) => (named === undefined ? Promise.reject(error) : goneOn(error, ['ResourceNotFoundException'], (cause) => cause instanceof ResourceNotFoundException)));
          for (const domain of output?.DomainStatusList ?? []) if (domain.DomainName !== undefined) described.set(domain.DomainName, domain);
          done = true;
        },
        { resourceIds: batch },
      );
      if (!done) undescribed.push(...batch);
    });
    await Promise.all([readTags, ...describe]);
    if (named !== undefined) {
      const present = names.filter((name) => described.has(name) || undescribed.includes(name));
      if (present.length > 0) {
        await context.attempt(
          [DOMAIN],
          async () => {
            tags = await context.tagsOf(present.map((name) => described.get(name)?.ARN ?? domainArn(context, name)));
          },
          { aspect: 'tags', resourceIds: present },
        );
      }
    }

    // A name listed (or named) but not described is a domain deleted in between: it no longer exists.
    for (const name of names) {
      const domain = described.get(name);
      if (domain !== undefined) context.emit(domainItem(context, name, domain, tags));
      else if (undescribed.includes(name)) context.emit(domainItem(context, name, undefined, tags));
    }
  },
};
