/**
 * "AWS API Call via CloudTrail" events: one fixture per mapped call family, asserted to the exact
 * ChangeRequest; failed, read-only and unmapped calls; mapped calls that lack the id they need;
 * the ARN parser; and the table itself.
 */
import { readFileSync } from 'node:fs';
import type { ChangeRequest, ResourceRef } from '../../../inventory/events/change-request.js';
import { resourceOfArn } from '../../../inventory/events/arn.js';
import { CLOUDTRAIL_CALLS, callRow } from '../../../inventory/events/call-table.js';
import { partitionOf } from '../../../model/resource-types/arn.js';
import { queueUrl } from '../../../model/resource-types/sqs.js';
import { parseChangeEvent } from '../../../inventory/events/parse-event.js';
import type { Gate } from '../../../model/gates.js';

const ACCOUNT = '111122223333';
const REGION = 'eu-west-1';

type Json = Record<string, unknown>;

function fixture(name: string): Json {
  return JSON.parse(readFileSync(new URL(`./fixtures/${name}.json`, import.meta.url), 'utf8')) as Json;
}

function objectAt(root: Json, path: readonly (string | number)[]): Json {
  let node: unknown = root;
  for (const key of path) {
    if (typeof node !== 'object' || node === null) throw new Error(`fixture has no ${path.join('.')}`);
    node = (node as Json)[key];
  }
  if (typeof node !== 'object' || node === null) throw new Error(`fixture has no object at ${path.join('.')}`);
  return node as Json;
}

/** A fixture with `detail.<path>.<key>` replaced (`undefined` removes it). */
function edited(name: string, path: readonly (string | number)[], key: string, value: unknown): Json {
  const event = fixture(name);
  const target = objectAt(event, ['detail', ...path]);
  if (value === undefined) delete target[key];
  else target[key] = value;
  return event;
}

const ec2 = (kind: string, id: string, type: ResourceRef['resourceType']): ResourceRef => ({
  resourceType: type,
  resourceId: id,
  arn: `arn:aws:ec2:${REGION}:${ACCOUNT}:${kind}/${id}`,
});
const bucket = (name: string): ResourceRef => ({ resourceType: 'AWS::S3::Bucket', resourceId: name, arn: `arn:aws:s3:::${name}` });
const reread = (service: string, call: string, resources: readonly ResourceRef[], region = REGION): ChangeRequest => ({
  kind: 'reread',
  accountId: ACCOUNT,
  region,
  resources,
  origin: `cloudtrail:${service}:${call}`,
});
const rescan = (service: string, call: string, gates: readonly Gate[], regions: readonly string[], credentialsChangedAt?: string): ChangeRequest => ({
  kind: 'rescan',
  accountId: ACCOUNT,
  regions,
  gates,
  origin: `cloudtrail:${service}:${call}`,
  ...(credentialsChangedAt === undefined ? {} : { credentialsChangedAt }),
});

const INVOICES = 'payments-invoices-111122223333';
const ORDERS_DB = { resourceType: 'AWS::RDS::DBInstance', resourceId: 'db-ABCDEFGHIJKLMNOPQRSTUVWXY2', arn: `arn:aws:rds:${REGION}:${ACCOUNT}:db:orders-db` } as const;
const TOPIC = `arn:aws:sns:${REGION}:${ACCOUNT}:order-events`;
const DLQ: ResourceRef = { resourceType: 'AWS::SQS::Queue', resourceId: `https://sqs.${REGION}.amazonaws.com/${ACCOUNT}/order-events-dlq`, arn: `arn:aws:sqs:${REGION}:${ACCOUNT}:order-events-dlq` };

describe('CloudTrail: one fixture per mapped call family', () => {
  it.each<[string, ChangeRequest]>([
    // EC2 calls on one resource re-read it, with the id and ARN the EC2 collectors give it.
    [
      'cloudtrail-ec2-run-instances',
      reread('ec2', 'RunInstances', [ec2('instance', 'i-0abc1234def567890', 'AWS::EC2::Instance'), ec2('network-interface', 'eni-0fed9876cba543210', 'AWS::EC2::NetworkInterface')]),
    ],
    ['cloudtrail-ec2-create-volume', reread('ec2', 'CreateVolume', [ec2('volume', 'vol-0123456789abcdef0', 'AWS::EC2::Volume')])],
    [
      'cloudtrail-ec2-create-tags',
      // sg-… is no type gatewatch collects: skipped.
      reread('ec2', 'CreateTags', [
        ec2('instance', 'i-0abc1234def567890', 'AWS::EC2::Instance'),
        ec2('volume', 'vol-0123456789abcdef0', 'AWS::EC2::Volume'),
        ec2('launch-template', 'lt-0123456789abcdef0', 'AWS::EC2::LaunchTemplate'),
      ]),
    ],
    [
      'cloudtrail-ec2-delete-tags',
      reread('ec2', 'DeleteTags', [ec2('subnet', 'subnet-0cc33dd44ee55ff66', 'AWS::EC2::Subnet'), ec2('vpc-endpoint', 'vpce-0123456789abcdef0', 'AWS::EC2::VPCEndpoint')]),
    ],
    // Network facts many verdicts rest on re-scan the gate in the call's Region.
    ['cloudtrail-ec2-create-subnet', rescan('ec2', 'CreateSubnet', ['private-network'], [REGION])],
    ['cloudtrail-ec2-modify-subnet-attribute', rescan('ec2', 'ModifySubnetAttribute', ['private-network'], [REGION])],
    ['cloudtrail-ec2-create-route', rescan('ec2', 'CreateRoute', ['private-network'], [REGION])],
    ['cloudtrail-ec2-replace-route', rescan('ec2', 'ReplaceRoute', ['private-network'], [REGION])],
    ['cloudtrail-ec2-associate-route-table', rescan('ec2', 'AssociateRouteTable', ['private-network'], [REGION])],
    ['cloudtrail-ec2-delete-vpc-endpoints', rescan('ec2', 'DeleteVpcEndpoints', ['vpc-endpoints'], [REGION])],
    // S3: the bucket by name; a new bucket in its LocationConstraint, not the Region the call ran in.
    ['cloudtrail-s3-create-bucket', reread('s3', 'CreateBucket', [bucket('payments-archive-111122223333')], 'eu-central-1')],
    ['cloudtrail-s3-put-bucket-encryption', reread('s3', 'PutBucketEncryption', [bucket(INVOICES)])],
    ['cloudtrail-s3-delete-bucket-encryption', reread('s3', 'DeleteBucketEncryption', [bucket(INVOICES)])],
    ['cloudtrail-s3-put-bucket-policy', reread('s3', 'PutBucketPolicy', [bucket(INVOICES)])],
    ['cloudtrail-s3-delete-bucket-policy', reread('s3', 'DeleteBucketPolicy', [bucket(INVOICES)])],
    // RDS: the DbiResourceId Config and the collector use, from the response; the ARN beside it.
    ['cloudtrail-rds-create-db-instance', reread('rds', 'CreateDBInstance', [ORDERS_DB])],
    ['cloudtrail-rds-modify-db-instance', reread('rds', 'ModifyDBInstance', [ORDERS_DB])],
    [
      'cloudtrail-rds-create-db-cluster',
      reread('rds', 'CreateDBCluster', [{ resourceType: 'AWS::RDS::DBCluster', resourceId: 'cluster-ABCDEFGHIJKLMNOPQRSTUVWXY3', arn: `arn:aws:rds:${REGION}:${ACCOUNT}:cluster:ledger` }]),
    ],
    // IAM: least privilege in `global`; tags and new resources also re-scan the tagging gate.
    ['cloudtrail-iam-create-policy', rescan('iam', 'CreatePolicy', ['least-privilege', 'tagging'], ['global'])],
    ['cloudtrail-iam-create-policy-version', rescan('iam', 'CreatePolicyVersion', ['least-privilege'], ['global'])],
    ['cloudtrail-iam-put-role-policy', rescan('iam', 'PutRolePolicy', ['least-privilege'], ['global'])],
    ['cloudtrail-iam-attach-role-policy', rescan('iam', 'AttachRolePolicy', ['least-privilege'], ['global'])],
    ['cloudtrail-iam-update-assume-role-policy', rescan('iam', 'UpdateAssumeRolePolicy', ['least-privilege'], ['global'])],
    ['cloudtrail-iam-tag-role', rescan('iam', 'TagRole', ['least-privilege', 'tagging'], ['global'])],
    // A credential change also carries its time: a credential report generated before it is not judged.
    ['cloudtrail-iam-deactivate-mfa-device', rescan('iam', 'DeactivateMFADevice', ['least-privilege'], ['global'], '2026-03-02T10:16:02.000Z')],
    // Audit: a detector is per Region; a trail can cover every Region.
    ['cloudtrail-guardduty-delete-detector', rescan('guardduty', 'DeleteDetector', ['audit-detection'], [REGION])],
    ['cloudtrail-cloudtrail-stop-logging', rescan('cloudtrail', 'StopLogging', ['audit-detection'], ['*'])],
    ['cloudtrail-cloudtrail-delete-trail', rescan('cloudtrail', 'DeleteTrail', ['audit-detection'], ['*'])],
    // Tagging: the ARNs whose type gatewatch judges, with the collectors' ids.
    ['cloudtrail-dynamodb-tag-resource', reread('dynamodb', 'TagResource', [{ resourceType: 'AWS::DynamoDB::Table', resourceId: 'orders', arn: `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/orders` }])],
    ['cloudtrail-sns-untag-resource', reread('sns', 'UntagResource', [{ resourceType: 'AWS::SNS::Topic', resourceId: TOPIC, arn: TOPIC }])],
    [
      'cloudtrail-tagging-tag-resources',
      // The log group is no type gatewatch collects: skipped.
      reread('tagging', 'TagResources', [DLQ, { resourceType: 'AWS::Lambda::Function', resourceId: 'orders-api', arn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:orders-api` }]),
    ],
    // Other services' calls on one resource.
    ['cloudtrail-dynamodb-create-table', reread('dynamodb', 'CreateTable', [{ resourceType: 'AWS::DynamoDB::Table', resourceId: 'orders', arn: `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/orders` }])],
    ['cloudtrail-sqs-set-queue-attributes', reread('sqs', 'SetQueueAttributes', [DLQ])],
    ['cloudtrail-sns-create-topic', reread('sns', 'CreateTopic', [{ resourceType: 'AWS::SNS::Topic', resourceId: TOPIC, arn: TOPIC }])],
    [
      'cloudtrail-elasticloadbalancing-create-load-balancer',
      reread('elasticloadbalancing', 'CreateLoadBalancer', [
        {
          resourceType: 'AWS::ElasticLoadBalancingV2::LoadBalancer',
          resourceId: `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:loadbalancer/app/orders-alb/ffcddace1759e1d0`,
          arn: `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:loadbalancer/app/orders-alb/ffcddace1759e1d0`,
        },
      ]),
    ],
    [
      'cloudtrail-elasticache-create-replication-group',
      reread('elasticache', 'CreateReplicationGroup', [
        { resourceType: 'AWS::ElastiCache::ReplicationGroup', resourceId: 'sessions', arn: `arn:aws:elasticache:${REGION}:${ACCOUNT}:replicationgroup:sessions` },
        { resourceType: 'AWS::ElastiCache::CacheCluster', resourceId: 'sessions-001', arn: `arn:aws:elasticache:${REGION}:${ACCOUNT}:cluster:sessions-001` },
        { resourceType: 'AWS::ElastiCache::CacheCluster', resourceId: 'sessions-002', arn: `arn:aws:elasticache:${REGION}:${ACCOUNT}:cluster:sessions-002` },
      ]),
    ],
    ['cloudtrail-es-update-domain-config', reread('es', 'UpdateDomainConfig', [{ resourceType: 'AWS::OpenSearch::Domain', resourceId: 'search-logs', arn: `arn:aws:es:${REGION}:${ACCOUNT}:domain/search-logs` }])],
  ])('%s', (name, expected) => {
    expect(parseChangeEvent(fixture(name))).toEqual(expected);
  });
});

describe('CloudTrail: calls with nothing to do', () => {
  it('ignores a failed call', () => {
    expect(parseChangeEvent(fixture('cloudtrail-ec2-run-instances-failed'))).toEqual({
      kind: 'ignored',
      reason: 'the call failed (Client.UnauthorizedOperation): nothing changed',
      origin: 'cloudtrail:ec2:RunInstances',
    });
  });

  it('ignores a failed call even when it lacks the fields of a successful one', () => {
    const event = edited('cloudtrail-s3-put-bucket-policy', [], 'errorCode', 'AccessDenied');
    delete objectAt(event, ['detail', 'requestParameters'])['bucketName'];
    expect(parseChangeEvent(event)).toEqual({ kind: 'ignored', reason: 'the call failed (AccessDenied): nothing changed', origin: 'cloudtrail:s3:PutBucketPolicy' });
  });

  it('ignores a call no gatewatch rule depends on', () => {
    expect(parseChangeEvent(fixture('cloudtrail-ec2-create-key-pair'))).toEqual({
      kind: 'ignored',
      reason: 'no gatewatch rule depends on ec2:CreateKeyPair',
      origin: 'cloudtrail:ec2:CreateKeyPair',
    });
  });

  it('ignores a read-only call', () => {
    const event = fixture('cloudtrail-ec2-create-key-pair');
    Object.assign(objectAt(event, ['detail']), { eventName: 'DescribeInstances', readOnly: true, requestParameters: { instancesSet: {}, filterSet: {} }, responseElements: null });
    expect(parseChangeEvent(event)).toEqual({ kind: 'ignored', reason: 'ec2:DescribeInstances is a read-only call', origin: 'cloudtrail:ec2:DescribeInstances' });
  });

  it('ignores a read-only call even under a mapped name (never trusted to change anything)', () => {
    const event = edited('cloudtrail-ec2-create-route', [], 'readOnly', true);
    expect(parseChangeEvent(event)).toMatchObject({ kind: 'ignored', reason: 'ec2:CreateRoute is a read-only call' });
  });

  it('ignores a Classic Load Balancer call, which shares the v2 event source', () => {
    expect(parseChangeEvent(fixture('cloudtrail-elasticloadbalancing-create-classic-load-balancer'))).toEqual({
      kind: 'ignored',
      reason: 'CreateLoadBalancer of the Classic Load Balancer API (2012-06-01): gatewatch has no rule for Classic Load Balancers',
      origin: 'cloudtrail:elasticloadbalancing:CreateLoadBalancer',
    });
  });

  it('ignores CreateTags on resources of types gatewatch does not collect', () => {
    const event = edited('cloudtrail-ec2-create-tags', ['requestParameters'], 'resourcesSet', { items: [{ resourceId: 'sg-0123456789abcdef0' }, { resourceId: 'ami-0a1b2c3d4e5f67890' }] });
    expect(parseChangeEvent(event)).toEqual({
      kind: 'ignored',
      reason: 'CreateTags on sg-0123456789abcdef0, ami-0a1b2c3d4e5f67890: no resource of a type gatewatch has rules for',
      origin: 'cloudtrail:ec2:CreateTags',
    });
  });

  it('ignores a TagResource on a resource of a type gatewatch does not collect', () => {
    const event = edited('cloudtrail-dynamodb-tag-resource', ['requestParameters'], 'resourceArn', `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/orders/stream/2026-03-02T10:15:30.000`);
    expect(parseChangeEvent(event)).toMatchObject({ kind: 'ignored', origin: 'cloudtrail:dynamodb:TagResource' });
  });
});

describe('CloudTrail: how ids are found when the event carries less', () => {
  it('names a DB instance by its lower-cased identifier and ARN when the response is absent', () => {
    const event = edited('cloudtrail-rds-create-db-instance', [], 'responseElements', null);
    expect(parseChangeEvent(event)).toEqual(
      reread('rds', 'CreateDBInstance', [{ resourceType: 'AWS::RDS::DBInstance', resourceId: 'orders-db', arn: `arn:aws:rds:${REGION}:${ACCOUNT}:db:orders-db` }]),
    );
  });

  it('builds the ARN in the partition of the Region', () => {
    const event = edited('cloudtrail-rds-create-db-instance', [], 'responseElements', null);
    Object.assign(objectAt(event, ['detail']), { awsRegion: 'cn-north-1' });
    expect(parseChangeEvent(event)).toMatchObject({
      region: 'cn-north-1',
      resources: [{ resourceId: 'orders-db', arn: `arn:aws-cn:rds:cn-north-1:${ACCOUNT}:db:orders-db` }],
    });
  });

  it('writes a queue URL the way ListQueues gives it to the SQS collector, whatever form the caller used', () => {
    const event = edited('cloudtrail-sqs-set-queue-attributes', ['requestParameters'], 'queueUrl', `https://queue.amazonaws.com/${ACCOUNT}/order-events-dlq`);
    expect(parseChangeEvent(event)).toEqual(reread('sqs', 'SetQueueAttributes', [DLQ]));
  });

  it('re-reads the interface an Elastic IP went to when no instance is named', () => {
    const event = fixture('cloudtrail-ec2-create-key-pair');
    Object.assign(objectAt(event, ['detail']), {
      eventName: 'AssociateAddress',
      requestParameters: { allocationId: 'eipalloc-0123456789abcdef0', networkInterfaceId: 'eni-0fed9876cba543210', allowReassociation: false },
      responseElements: { requestId: '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d', _return: true, associationId: 'eipassoc-0123456789abcdef0' },
    });
    expect(parseChangeEvent(event)).toEqual(reread('ec2', 'AssociateAddress', [ec2('network-interface', 'eni-0fed9876cba543210', 'AWS::EC2::NetworkInterface')]));
  });

  it('takes the account from the envelope when the detail has no recipientAccountId', () => {
    const event = edited('cloudtrail-ec2-create-route', [], 'recipientAccountId', undefined);
    event['account'] = '444455556666';
    expect(parseChangeEvent(event)).toMatchObject({ kind: 'rescan', accountId: '444455556666' });
  });

  it('re-reads IAM resources tagged through the Tagging API under `global`, by name and ARN', () => {
    const role = `arn:aws:iam::${ACCOUNT}:role/service/payments-worker`;
    const event = edited('cloudtrail-tagging-tag-resources', ['requestParameters'], 'resourceARNList', [role]);
    expect(parseChangeEvent(event)).toEqual(reread('tagging', 'TagResources', [{ resourceType: 'AWS::IAM::Role', resourceId: 'payments-worker', arn: role }], 'global'));
  });
});

describe('CloudTrail: details not of CloudTrail shape, and mapped calls without their id, are rejected', () => {
  it.each<[string, string, readonly (string | number)[], string, unknown, string]>([
    ['no eventSource', 'cloudtrail-ec2-create-route', [], 'eventSource', undefined, 'detail.eventSource: expected a non-empty string'],
    ['no eventName', 'cloudtrail-ec2-create-route', [], 'eventName', undefined, 'detail.eventName: expected a non-empty string'],
    ['an awsRegion of another type', 'cloudtrail-ec2-create-route', [], 'awsRegion', 1, 'detail.awsRegion: expected a non-empty string'],
    ['a malformed recipientAccountId', 'cloudtrail-ec2-create-route', [], 'recipientAccountId', '1111', 'detail.recipientAccountId: expected a 12-digit account id'],
    [
      'a recipientAccountId that is not the event\'s account',
      'cloudtrail-ec2-create-route',
      [],
      'recipientAccountId',
      '444455556666',
      `detail.recipientAccountId: 444455556666 is not the event's account ${ACCOUNT}: CloudTrail delivers a call's event in the account that received it`,
    ],
    ['an awsRegion that is a path', 'cloudtrail-ec2-create-route', [], 'awsRegion', '../../x', 'detail.awsRegion: expected a Region name such as eu-west-1, got "../../x"'],
    ['an awsRegion `global`', 'cloudtrail-iam-attach-role-policy', [], 'awsRegion', 'global', 'detail.awsRegion: expected a Region name such as eu-west-1, got "global"'],
    ['a credential change without its eventTime', 'cloudtrail-iam-deactivate-mfa-device', [], 'eventTime', undefined, 'detail.eventTime: expected a UTC time such as 2026-03-02T10:15:30Z, got undefined'],
    ['a credential change with a local eventTime', 'cloudtrail-iam-deactivate-mfa-device', [], 'eventTime', '2026-03-02 10:16', 'detail.eventTime: expected a UTC time such as 2026-03-02T10:15:30Z, got "2026-03-02 10:16"'],
    ['PutBucketPolicy without its bucket', 'cloudtrail-s3-put-bucket-policy', ['requestParameters'], 'bucketName', undefined, 'detail.requestParameters.bucketName: expected a non-empty string (PutBucketPolicy)'],
    ['a bucket name of another type', 'cloudtrail-s3-put-bucket-encryption', ['requestParameters'], 'bucketName', ['x'], 'detail.requestParameters.bucketName: expected a non-empty string (PutBucketEncryption)'],
    ['RunInstances without instances', 'cloudtrail-ec2-run-instances', ['responseElements', 'instancesSet'], 'items', [], 'detail.responseElements.instancesSet.items: expected a non-empty array (RunInstances)'],
    ['RunInstances with an instance without id', 'cloudtrail-ec2-run-instances', ['responseElements', 'instancesSet', 'items', 0], 'instanceId', undefined, 'detail.responseElements.instancesSet.items.0.instanceId: expected a non-empty string (RunInstances)'],
    ['CreateVolume without its response', 'cloudtrail-ec2-create-volume', [], 'responseElements', null, 'detail.responseElements.volumeId: expected a non-empty string (CreateVolume)'],
    ['CreateTags without resources', 'cloudtrail-ec2-create-tags', ['requestParameters'], 'resourcesSet', undefined, 'detail.requestParameters.resourcesSet.items: expected a non-empty array (CreateTags)'],
    ['a TagResource without an ARN', 'cloudtrail-dynamodb-tag-resource', ['requestParameters'], 'resourceArn', undefined, 'detail.requestParameters: expected the ARN of the resource (TagResource)'],
    ['TagResources without its ARN list', 'cloudtrail-tagging-tag-resources', ['requestParameters'], 'resourceARNList', 'arn:aws:s3:::x', 'detail.requestParameters.resourceARNList: expected a non-empty array (TagResources)'],
    ['SetQueueAttributes with something that is no queue URL', 'cloudtrail-sqs-set-queue-attributes', ['requestParameters'], 'queueUrl', 'order-events-dlq', 'detail.requestParameters.queueUrl: expected a queue URL https://HOST/ACCOUNT/NAME, got order-events-dlq (SetQueueAttributes)'],
    ['CreateLoadBalancer (v2) without the ARN', 'cloudtrail-elasticloadbalancing-create-load-balancer', ['responseElements', 'loadBalancers', 0], 'loadBalancerArn', undefined, 'detail.responseElements.loadBalancers.0.loadBalancerArn: expected a non-empty string (CreateLoadBalancer)'],
  ])('%s', (_, name, path, key, value, reason) => {
    expect(parseChangeEvent(edited(name, path, key, value))).toEqual({ kind: 'rejected', reason });
  });

  it('rejects CreateDBInstance when neither the response nor the request names the instance', () => {
    const event = edited('cloudtrail-rds-create-db-instance', [], 'responseElements', null);
    delete objectAt(event, ['detail', 'requestParameters'])['dBInstanceIdentifier'];
    expect(parseChangeEvent(event)).toEqual({ kind: 'rejected', reason: 'detail.requestParameters.dBInstanceIdentifier: expected a non-empty string (CreateDBInstance)' });
  });

  it('rejects an id of the wrong kind where the call names one', () => {
    const event = edited('cloudtrail-ec2-create-volume', ['responseElements'], 'volumeId', 'snap-0123456789abcdef0');
    expect(parseChangeEvent(event)).toEqual({ kind: 'rejected', reason: 'detail.responseElements.volumeId: snap-0123456789abcdef0 is not an EC2 id of the expected kind (CreateVolume)' });
  });
});

describe('resourceOfArn: the resource an ARN names, with the collector id', () => {
  const A = ACCOUNT;
  it.each<[string, ResourceRef | undefined]>([
    [`arn:aws:ec2:${REGION}:${A}:instance/i-0abc1234def567890`, { resourceType: 'AWS::EC2::Instance', resourceId: 'i-0abc1234def567890', arn: `arn:aws:ec2:${REGION}:${A}:instance/i-0abc1234def567890` }],
    [`arn:aws:ec2:${REGION}:${A}:security-group/sg-0123456789abcdef0`, undefined],
    [`arn:aws:s3:::${INVOICES}`, bucket(INVOICES)],
    [`arn:aws:s3:::${INVOICES}/2026/03/invoice.pdf`, undefined],
    [`arn:aws:sqs:${REGION}:${A}:jobs.fifo`, { resourceType: 'AWS::SQS::Queue', resourceId: `https://sqs.${REGION}.amazonaws.com/${A}/jobs.fifo`, arn: `arn:aws:sqs:${REGION}:${A}:jobs.fifo` }],
    [TOPIC, { resourceType: 'AWS::SNS::Topic', resourceId: TOPIC, arn: TOPIC }],
    [`${TOPIC}:5f0d8a36-1b4e-4f53-9d5c-2b1f0c3e4a77`, undefined],
    [`arn:aws:lambda:${REGION}:${A}:function:orders-api:live`, { resourceType: 'AWS::Lambda::Function', resourceId: 'orders-api', arn: `arn:aws:lambda:${REGION}:${A}:function:orders-api` }],
    [`arn:aws:rds:${REGION}:${A}:db:orders-db`, { resourceType: 'AWS::RDS::DBInstance', resourceId: 'orders-db', arn: `arn:aws:rds:${REGION}:${A}:db:orders-db` }],
    [`arn:aws:rds:${REGION}:${A}:subgrp:orders-private`, { resourceType: 'AWS::RDS::DBSubnetGroup', resourceId: 'orders-private', arn: `arn:aws:rds:${REGION}:${A}:subgrp:orders-private` }],
    [`arn:aws:rds:${REGION}:${A}:pg:orders-params`, undefined],
    // An automated snapshot's name starts with `rds:`, as the collector's id does.
    [`arn:aws:rds:${REGION}:${A}:snapshot:rds:orders-db-2026-03-02-03-00`, { resourceType: 'AWS::RDS::DBSnapshot', resourceId: 'rds:orders-db-2026-03-02-03-00', arn: `arn:aws:rds:${REGION}:${A}:snapshot:rds:orders-db-2026-03-02-03-00` }],
    [`arn:aws:elasticache:${REGION}:${A}:replicationgroup:sessions`, { resourceType: 'AWS::ElastiCache::ReplicationGroup', resourceId: 'sessions', arn: `arn:aws:elasticache:${REGION}:${A}:replicationgroup:sessions` }],
    [`arn:aws:redshift:${REGION}:${A}:cluster:warehouse`, { resourceType: 'AWS::Redshift::Cluster', resourceId: 'warehouse', arn: `arn:aws:redshift:${REGION}:${A}:cluster:warehouse` }],
    [`arn:aws:dynamodb:${REGION}:${A}:table/orders`, { resourceType: 'AWS::DynamoDB::Table', resourceId: 'orders', arn: `arn:aws:dynamodb:${REGION}:${A}:table/orders` }],
    [`arn:aws:guardduty:${REGION}:${A}:detector/12abc34d567e8fa901bc2d34e56789f0`, { resourceType: 'AWS::GuardDuty::Detector', resourceId: '12abc34d567e8fa901bc2d34e56789f0', arn: `arn:aws:guardduty:${REGION}:${A}:detector/12abc34d567e8fa901bc2d34e56789f0` }],
    [`arn:aws:guardduty:${REGION}:${A}:detector/12abc34d567e8fa901bc2d34e56789f0/filter/x`, undefined],
    [`arn:aws:cloudtrail:${REGION}:${A}:trail/org-audit`, { resourceType: 'AWS::CloudTrail::Trail', resourceId: 'org-audit', arn: `arn:aws:cloudtrail:${REGION}:${A}:trail/org-audit` }],
    [`arn:aws:elasticfilesystem:${REGION}:${A}:file-system/fs-0123456789abcdef0`, { resourceType: 'AWS::EFS::FileSystem', resourceId: 'fs-0123456789abcdef0', arn: `arn:aws:elasticfilesystem:${REGION}:${A}:file-system/fs-0123456789abcdef0` }],
    [`arn:aws:es:${REGION}:${A}:domain/search-logs`, { resourceType: 'AWS::OpenSearch::Domain', resourceId: 'search-logs', arn: `arn:aws:es:${REGION}:${A}:domain/search-logs` }],
    [`arn:aws:kinesis:${REGION}:${A}:stream/clicks`, { resourceType: 'AWS::Kinesis::Stream', resourceId: 'clicks', arn: `arn:aws:kinesis:${REGION}:${A}:stream/clicks` }],
    [`arn:aws:cloudfront::${A}:distribution/E2QWRUHAPOMQZL`, { resourceType: 'AWS::CloudFront::Distribution', resourceId: 'E2QWRUHAPOMQZL', arn: `arn:aws:cloudfront::${A}:distribution/E2QWRUHAPOMQZL` }],
    [`arn:aws:elasticloadbalancing:${REGION}:${A}:listener/app/orders-alb/ffcddace1759e1d0/0467ef3c8400ae65`, { resourceType: 'AWS::ElasticLoadBalancingV2::Listener', resourceId: `arn:aws:elasticloadbalancing:${REGION}:${A}:listener/app/orders-alb/ffcddace1759e1d0/0467ef3c8400ae65`, arn: `arn:aws:elasticloadbalancing:${REGION}:${A}:listener/app/orders-alb/ffcddace1759e1d0/0467ef3c8400ae65` }],
    [`arn:aws:elasticloadbalancing:${REGION}:${A}:loadbalancer/legacy-web`, undefined],
    [`arn:aws:elasticloadbalancing:${REGION}:${A}:targetgroup/orders/73e2d6bc24d8a067`, undefined],
    [`arn:aws:autoscaling:${REGION}:${A}:autoScalingGroup:1d2f6a7b-3c4d-4e5f-8a9b-0c1d2e3f4a5b:autoScalingGroupName/web`, { resourceType: 'AWS::AutoScaling::AutoScalingGroup', resourceId: `arn:aws:autoscaling:${REGION}:${A}:autoScalingGroup:1d2f6a7b-3c4d-4e5f-8a9b-0c1d2e3f4a5b:autoScalingGroupName/web`, arn: `arn:aws:autoscaling:${REGION}:${A}:autoScalingGroup:1d2f6a7b-3c4d-4e5f-8a9b-0c1d2e3f4a5b:autoScalingGroupName/web` }],
    [`arn:aws:ecs:${REGION}:${A}:service/prod/orders`, { resourceType: 'AWS::ECS::Service', resourceId: `arn:aws:ecs:${REGION}:${A}:service/prod/orders`, arn: `arn:aws:ecs:${REGION}:${A}:service/prod/orders` }],
    [`arn:aws:iam::${A}:policy/team/invoices-read`, { resourceType: 'AWS::IAM::Policy', resourceId: 'invoices-read', arn: `arn:aws:iam::${A}:policy/team/invoices-read` }],
    ['arn:aws:iam::aws:policy/AdministratorAccess', undefined],
    [`arn:aws:logs:${REGION}:${A}:log-group:/aws/lambda/orders`, undefined],
    ['not-an-arn', undefined],
  ])('%s', (arn, expected) => {
    expect(resourceOfArn(arn)).toEqual(expected);
  });
});

describe('the call table', () => {
  it('has one row per eventSource + eventName', () => {
    const keys = CLOUDTRAIL_CALLS.map((row) => `${row.eventSource} ${row.eventName}`);
    expect(keys.filter((key, index) => keys.indexOf(key) !== index)).toEqual([]);
  });

  it('maps every call the resource-change brief lists', () => {
    const required: Readonly<Record<string, readonly string[]>> = {
      ec2: [
        'RunInstances', 'CreateVolume', 'ModifyInstanceAttribute', 'ModifyVolume', 'AssociateAddress', 'CreateSubnet', 'ModifySubnetAttribute', 'CreateRoute', 'ReplaceRoute',
        'DeleteRoute', 'AssociateRouteTable', 'ReplaceRouteTableAssociation', 'DisassociateRouteTable', 'AttachInternetGateway', 'CreateVpcEndpoint', 'DeleteVpcEndpoints',
        'ModifyVpcEndpoint', 'EnableEbsEncryptionByDefault', 'DisableEbsEncryptionByDefault', 'CreateTags', 'DeleteTags',
      ],
      s3: ['CreateBucket', 'PutBucketEncryption', 'DeleteBucketEncryption', 'PutBucketPolicy', 'DeleteBucketPolicy', 'PutBucketPublicAccessBlock', 'DeleteBucketPublicAccessBlock', 'PutBucketTagging', 'DeleteBucketTagging'],
      rds: ['CreateDBInstance', 'ModifyDBInstance', 'RestoreDBInstanceFromDBSnapshot', 'CreateDBCluster', 'ModifyDBCluster', 'ModifyDBParameterGroup'],
      iam: [
        'CreatePolicy', 'CreatePolicyVersion', 'DeletePolicyVersion', 'SetDefaultPolicyVersion', 'PutRolePolicy', 'DeleteRolePolicy', 'AttachRolePolicy', 'DetachRolePolicy',
        'UpdateAssumeRolePolicy', 'CreateRole', 'PutUserPolicy', 'AttachUserPolicy', 'PutGroupPolicy', 'AttachGroupPolicy', 'TagRole', 'UntagRole', 'TagUser', 'UntagUser', 'TagPolicy', 'UntagPolicy',
      ],
      guardduty: ['CreateDetector', 'DeleteDetector', 'UpdateDetector'],
      cloudtrail: ['CreateTrail', 'UpdateTrail', 'DeleteTrail', 'StopLogging', 'StartLogging', 'PutEventSelectors'],
      dynamodb: ['CreateTable', 'UpdateTable'],
      sqs: ['CreateQueue', 'SetQueueAttributes'],
      sns: ['CreateTopic', 'SetTopicAttributes'],
      elasticloadbalancing: ['CreateLoadBalancer', 'SetSubnets', 'CreateListener', 'ModifyListener'],
      elasticache: ['CreateReplicationGroup', 'ModifyReplicationGroup'],
      es: ['CreateDomain', 'UpdateDomainConfig'],
      tagging: ['TagResources', 'UntagResources'],
    };
    const missing = Object.entries(required).flatMap(([service, calls]) => calls.filter((call) => callRow(`${service}.amazonaws.com`, call) === undefined).map((call) => `${service}:${call}`));
    expect(missing).toEqual([]);
  });

  it('re-scans IAM in `global` and adds the tagging gate for tag calls', () => {
    for (const row of CLOUDTRAIL_CALLS.filter((candidate) => candidate.eventSource === 'iam.amazonaws.com')) {
      expect(row.effect).toMatchObject({ kind: 'rescan', scope: 'global' });
      if (/^(Un)?tag/.test(row.eventName)) expect(row.effect).toEqual({ kind: 'rescan', gates: ['least-privilege', 'tagging'], scope: 'global' });
    }
  });

  it('re-scans the cost-controls gate in `global` for every change to budgets, their alerts, anomaly detection and cost allocation tags', () => {
    const calls = {
      budgets: ['CreateBudget', 'UpdateBudget', 'DeleteBudget', 'CreateNotification', 'UpdateNotification', 'DeleteNotification', 'CreateSubscriber', 'UpdateSubscriber', 'DeleteSubscriber'],
      ce: ['CreateAnomalyMonitor', 'UpdateAnomalyMonitor', 'DeleteAnomalyMonitor', 'CreateAnomalySubscription', 'UpdateAnomalySubscription', 'DeleteAnomalySubscription', 'UpdateCostAllocationTagsStatus'],
    };
    for (const [service, names] of Object.entries(calls)) {
      for (const name of names) expect({ name, effect: callRow(`${service}.amazonaws.com`, name)?.effect }).toEqual({ name, effect: { kind: 'rescan', gates: ['cost-controls'], scope: 'global' } });
    }
    // Reads change nothing.
    expect(callRow('budgets.amazonaws.com', 'DescribeBudgets')).toBeUndefined();
    expect(callRow('ce.amazonaws.com', 'GetAnomalyMonitors')).toBeUndefined();
  });

  it('falls back to the generic TagResource row for any service, and to nothing for other unknown calls', () => {
    expect(callRow('ecs.amazonaws.com', 'TagResource')?.eventSource).toBe('*');
    expect(callRow('elasticfilesystem.amazonaws.com', 'TagResource')?.eventSource).toBe('elasticfilesystem.amazonaws.com');
    expect(callRow('ecs.amazonaws.com', 'UpdateService')).toBeUndefined();
  });
});

describe('partitions and queue URLs', () => {
  it.each([
    ['eu-west-1', 'aws'],
    ['cn-northwest-1', 'aws-cn'],
    ['us-gov-west-1', 'aws-us-gov'],
  ])('%s is in %s', (region, partition) => {
    expect(partitionOf(region)).toBe(partition);
  });

  it('writes a China queue URL with the China DNS suffix', () => {
    expect(queueUrl('cn-north-1', ACCOUNT, 'jobs')).toBe(`https://sqs.cn-north-1.amazonaws.com.cn/${ACCOUNT}/jobs`);
  });
});
