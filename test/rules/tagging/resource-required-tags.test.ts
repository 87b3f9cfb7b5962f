import rule from '../../../rules/tagging/resource-required-tags.js';
import { ACCOUNT, item } from '../../support/items.js';
import { testRule } from '../../support/rule-tester.js';

const complete = { Environment: 'prod', Project: 'orders', Team: 'payments', CostCenter: 'cc-42' };

const volume = (id: string, tags: Record<string, string>, awsRegion = 'eu-west-1') =>
  item('AWS::EC2::Volume', id, { volumeId: id, encrypted: true }, { tags, awsRegion });
const role = (name: string, tags: Record<string, string>) => item('AWS::IAM::Role', name, { roleName: name }, { tags });

testRule(rule, [
  {
    name: 'a volume with every default tag passes',
    items: [volume('vol-1', complete)],
    expect: [{ resourceId: 'vol-1', status: 'PASS', messageId: 'tagged', data: { keys: 'Environment, Project, Team, CostCenter' } }],
  },
  {
    name: 'an untagged volume misses every default tag',
    items: [volume('vol-1', {})],
    expect: [
      {
        resourceId: 'vol-1',
        status: 'FAIL',
        messageId: 'untagged',
        data: { type: 'AWS::EC2::Volume', problems: 'missing Environment, Project, Team, CostCenter' },
      },
    ],
  },
  {
    name: 'keys are case-sensitive: environment does not satisfy Environment',
    items: [volume('vol-1', { environment: 'prod', Project: 'orders', Team: 'payments', CostCenter: 'cc-42' })],
    expect: [{ resourceId: 'vol-1', status: 'FAIL', messageId: 'untagged', data: { missing: 'Environment', empty: '', disallowed: '' } }],
  },
  {
    name: 'an empty or blank value does not count',
    items: [volume('vol-1', { ...complete, Team: '', CostCenter: '  ' })],
    expect: [{ resourceId: 'vol-1', status: 'FAIL', messageId: 'untagged', data: { missing: '', empty: 'Team, CostCenter', problems: 'empty Team, CostCenter' } }],
  },
  {
    name: 'allowed values come from the settings, exactly as written',
    items: [volume('vol-a', { Environment: 'prod' }), volume('vol-b', { Environment: 'staging' }), volume('vol-c', { Environment: 'Dev' })],
    settings: { requiredTags: [{ key: 'Environment', values: ['prod', 'dev'] }] },
    expect: [
      { resourceId: 'vol-a', status: 'PASS', messageId: 'tagged', data: { keys: 'Environment' } },
      {
        resourceId: 'vol-b',
        status: 'FAIL',
        messageId: 'untagged',
        data: { disallowed: 'Environment="staging" (allowed: prod, dev)', problems: 'disallowed value Environment="staging" (allowed: prod, dev)' },
      },
      { resourceId: 'vol-c', status: 'FAIL', messageId: 'untagged', data: { disallowed: 'Environment="Dev" (allowed: prod, dev)' } },
    ],
  },
  {
    name: 'missing, empty and disallowed tags are all listed',
    items: [volume('vol-1', { Environment: 'qa', Owner: ' ' })],
    settings: { requiredTags: [{ key: 'Environment', values: ['prod', 'dev'] }, { key: 'Owner' }, { key: 'Project' }] },
    expect: [
      {
        resourceId: 'vol-1',
        status: 'FAIL',
        messageId: 'untagged',
        data: { problems: 'missing Project; empty Owner; disallowed value Environment="qa" (allowed: prod, dev)' },
      },
    ],
  },
  {
    name: 'aws: tags on the resource neither satisfy nor break the check',
    items: [volume('vol-1', { 'aws:cloudformation:stack-name': 'orders', Team: 'payments' }), volume('vol-2', { 'aws:cloudformation:stack-name': 'orders' })],
    settings: { requiredTags: [{ key: 'Team' }] },
    expect: [
      { resourceId: 'vol-1', status: 'PASS', messageId: 'tagged', data: { keys: 'Team' } },
      { resourceId: 'vol-2', status: 'FAIL', messageId: 'untagged', data: { problems: 'missing Team' } },
    ],
  },
  {
    name: 'a tag named like an object property is still missing',
    items: [volume('vol-1', {})],
    settings: { requiredTags: [{ key: 'constructor' }] },
    expect: [{ resourceId: 'vol-1', status: 'FAIL', messageId: 'untagged', data: { missing: 'constructor' } }],
  },
  {
    name: 'no required tags: nothing to check',
    items: [volume('vol-1', {})],
    settings: { requiredTags: [] },
    expect: [{ resourceId: 'vol-1', status: 'NOT_APPLICABLE', messageId: 'noRequiredTags' }],
  },
  {
    name: 'regional resources once per Region, IAM roles once per account, untaggable types never',
    items: [
      role('deployer', { ...complete, Team: 'platform' }),
      volume('vol-us', complete, 'us-east-1'),
      volume('vol-eu', { Environment: 'prod' }),
      role('legacy', {}),
      item('AWS::IAM::Group', 'admins', { groupName: 'admins' }),
    ],
    scopes: [
      { accountId: ACCOUNT, region: 'eu-west-1' },
      { accountId: ACCOUNT, region: 'us-east-1' },
    ],
    expect: [
      { resourceId: 'vol-eu', status: 'FAIL', messageId: 'untagged', data: { missing: 'Project, Team, CostCenter' } },
      { resourceId: 'vol-us', status: 'PASS', messageId: 'tagged' },
      { resourceId: 'deployer', status: 'PASS', messageId: 'tagged', data: { type: 'AWS::IAM::Role', name: 'deployer' } },
      { resourceId: 'legacy', status: 'FAIL', messageId: 'untagged' },
    ],
  },
  {
    name: 'a type that could not be listed is unknown for its scope',
    items: [volume('vol-1', complete), role('deployer', complete)],
    failed: ['AWS::S3::Bucket', 'AWS::IAM::Role'],
    expect: [
      { resourceId: 'vol-1', status: 'PASS', messageId: 'tagged' },
      { resourceId: '*', status: 'UNKNOWN', messageId: 'listFailed', data: { resourceType: 'AWS::S3::Bucket', region: 'eu-west-1' } },
      { resourceId: 'deployer', status: 'PASS', messageId: 'tagged' },
      { resourceId: '*', status: 'UNKNOWN', messageId: 'listFailed', data: { resourceType: 'AWS::IAM::Role', region: 'global' } },
    ],
  },
  {
    name: 'interfaces AWS services manage and service-linked roles are not for users to tag',
    items: [
      item('AWS::EC2::NetworkInterface', 'eni-elb', { networkInterfaceId: 'eni-elb', requesterManaged: true, requesterId: 'amazon-elb' }),
      item('AWS::EC2::NetworkInterface', 'eni-own', { networkInterfaceId: 'eni-own', requesterManaged: false }),
      item('AWS::IAM::Role', 'AROASLR', { roleName: 'AWSServiceRoleForRDS', path: '/aws-service-role/rds.amazonaws.com/' }),
      item('AWS::IAM::Role', 'AROAAPP', { roleName: 'app', path: '/service-role/' }),
    ],
    settings: { requiredTags: [{ key: 'Team' }] },
    expect: [
      { resourceId: 'eni-elb', status: 'NOT_APPLICABLE', messageId: 'managedByAws', data: { what: 'a network interface managed by amazon-elb' } },
      { resourceId: 'eni-own', status: 'FAIL', messageId: 'untagged' },
      { resourceId: 'AROAAPP', status: 'FAIL', messageId: 'untagged' },
      { resourceId: 'AROASLR', status: 'NOT_APPLICABLE', messageId: 'managedByAws', data: { what: 'a service-linked role' } },
    ],
  },
  {
    name: 'the Name tag names the resource in the message',
    items: [volume('vol-1', { Name: 'orders-data' })],
    settings: { requiredTags: [{ key: 'Team' }] },
    expect: [{ resourceId: 'vol-1', status: 'FAIL', messageId: 'untagged', data: { name: 'orders-data' } }],
  },
]);
