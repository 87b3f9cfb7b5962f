/** OpenSearch Service domains (the ARN's and the IAM actions' service is still `es`). */
import { slashNamed } from './arn.js';
import { calls, type CallDetail, type Reading } from './calls.js';
import { describeService } from './describe.js';
import { bool, int, loose, str, strList } from './fields.js';

const DOMAIN_ARN = slashNamed('es', 'domain');

/** The domain's name, which the request carries, is the collector's id. */
const domainRead = (call: CallDetail): Reading => {
  const name = call.text(['requestParameters', 'domainName']);
  return [{ resourceType: 'AWS::OpenSearch::Domain', resourceId: name, arn: DOMAIN_ARN.build(call, name) }];
};

export const opensearch = describeService({
  types: {
    'AWS::OpenSearch::Domain': {
      schema: loose({
        DomainName: str,
        /** `search-…` for a public domain, `vpc-…` for a VPC domain. */
        DomainEndpoint: str,
        ClusterConfig: loose({
          InstanceCount: int,
          ZoneAwarenessEnabled: bool,
          ZoneAwarenessConfig: loose({ AvailabilityZoneCount: int }).nullish(),
        }).nullish(),
        EncryptionAtRestOptions: loose({ Enabled: bool, KmsKeyId: str }).nullish(),
        NodeToNodeEncryptionOptions: loose({ Enabled: bool }).nullish(),
        DomainEndpointOptions: loose({ EnforceHTTPS: bool, TLSSecurityPolicy: str }).nullish(),
        VPCOptions: loose({ SubnetIds: strList, SecurityGroupIds: strList }).nullish(),
      }),
      taggable: true,
      asff: 'AwsOpenSearchServiceDomain',
      tagging: 'es:domain',
      arn: DOMAIN_ARN,
      reads: ['es:DescribeDomains', 'es:ListDomainNames'],
      changedBy: [calls('es', ['CreateDomain', 'UpdateDomainConfig', 'CreateElasticsearchDomain', 'UpdateElasticsearchDomainConfig'], domainRead)],
    },
  },
});
