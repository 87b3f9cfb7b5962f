/**
 * The ids the adapter asks to re-read are the ids the collectors emit: each re-read fixture's refs
 * against the item the collector builds for the same resource (its exported item builder, fed what
 * the service's Describe/List call returns). A mismatch would make the narrowed re-read find nothing.
 */
import { readFileSync } from 'node:fs';
import type { ResourceRef } from '../../../inventory/events/change-request.js';
import { parseChangeEvent } from '../../../inventory/events/parse-event.js';
import type { CollectContext, RawItem } from '../../../inventory/live/collector.js';
import { tableItem } from '../../../inventory/live/collectors/dynamodb.js';
import { instanceItem as ec2InstanceItem, launchTemplateItem } from '../../../inventory/live/collectors/ec2-instances.js';
import { networkInterfaceItem, subnetItem, vpcEndpointItem } from '../../../inventory/live/collectors/ec2-network.js';
import { volumeItem } from '../../../inventory/live/collectors/ec2-volumes.js';
import { cacheClusterItem, replicationGroupItem } from '../../../inventory/live/collectors/elasticache.js';
import { loadBalancerItem } from '../../../inventory/live/collectors/elbv2.js';
import { functionItem } from '../../../inventory/live/collectors/lambda.js';
import { domainItem } from '../../../inventory/live/collectors/opensearch.js';
import { clusterItem as dbClusterItem, instanceItem as dbInstanceItem } from '../../../inventory/live/collectors/rds.js';
import { bucketItem } from '../../../inventory/live/collectors/s3.js';
import { topicItem } from '../../../inventory/live/collectors/sns.js';
import { queueItem } from '../../../inventory/live/collectors/sqs.js';

const ACCOUNT = '111122223333';
const REGION = 'eu-west-1';

const unused = (what: string): never => {
  throw new Error(`an item builder called ${what}`);
};

/** A context for item builders, which read only its account, Region and partition. */
function itemContext(region: string): CollectContext {
  return {
    accountId: ACCOUNT,
    region,
    partition: 'aws',
    regions: [region],
    client: () => unused('client'),
    call: () => unused('call'),
    pages: () => unused('pages'),
    emit: () => unused('emit'),
    accountFact: () => unused('accountFact'),
    attempt: () => unused('attempt'),
    taggingApi: () => unused('taggingApi'),
    tagsOf: () => unused('tagsOf'),
    restriction: () => unused('restriction'),
    now: () => unused('now'),
    sleep: () => unused('sleep'),
  };
}

function refsOf(name: string): readonly ResourceRef[] {
  const event: unknown = JSON.parse(readFileSync(new URL(`./fixtures/${name}.json`, import.meta.url), 'utf8'));
  const request = parseChangeEvent(event);
  if (request.kind !== 'reread') throw new Error(`${name}: expected a reread, got ${JSON.stringify(request)}`);
  return request.resources;
}

const identity = (item: RawItem | undefined) => item && { resourceType: item.resourceType, resourceId: item.resourceId, arn: item.ARN };

const context = itemContext(REGION);

describe('re-read refs carry the collectors ids and ARNs', () => {
  it.each<[string, readonly (RawItem | undefined)[]]>([
    [
      'cloudtrail-ec2-run-instances',
      [ec2InstanceItem(context, { InstanceId: 'i-0abc1234def567890' }), networkInterfaceItem(context, { NetworkInterfaceId: 'eni-0fed9876cba543210' })],
    ],
    ['cloudtrail-ec2-create-volume', [volumeItem(context, { VolumeId: 'vol-0123456789abcdef0' })]],
    [
      'cloudtrail-ec2-create-tags',
      [
        ec2InstanceItem(context, { InstanceId: 'i-0abc1234def567890' }),
        volumeItem(context, { VolumeId: 'vol-0123456789abcdef0' }),
        launchTemplateItem(context, { LaunchTemplateId: 'lt-0123456789abcdef0' }, {}),
      ],
    ],
    [
      'cloudtrail-ec2-delete-tags',
      [
        subnetItem(context, { SubnetId: 'subnet-0cc33dd44ee55ff66', SubnetArn: `arn:aws:ec2:${REGION}:${ACCOUNT}:subnet/subnet-0cc33dd44ee55ff66` }),
        vpcEndpointItem(context, { VpcEndpointId: 'vpce-0123456789abcdef0' }),
      ],
    ],
    ['cloudtrail-s3-put-bucket-policy', [bucketItem(context, { name: 'payments-invoices-111122223333', region: REGION, creationDate: undefined }, {}, new Map())]],
    [
      'cloudtrail-rds-create-db-instance',
      [
        dbInstanceItem(
          context,
          { DBInstanceIdentifier: 'orders-db', DbiResourceId: 'db-ABCDEFGHIJKLMNOPQRSTUVWXY2', DBInstanceArn: `arn:aws:rds:${REGION}:${ACCOUNT}:db:orders-db` },
          undefined,
          undefined,
        ),
      ],
    ],
    [
      'cloudtrail-rds-create-db-cluster',
      [dbClusterItem(context, { DBClusterIdentifier: 'ledger', DbClusterResourceId: 'cluster-ABCDEFGHIJKLMNOPQRSTUVWXY3', DBClusterArn: `arn:aws:rds:${REGION}:${ACCOUNT}:cluster:ledger` })],
    ],
    ['cloudtrail-dynamodb-create-table', [tableItem(context, 'orders', undefined, new Map())]],
    // ListQueues gives the URL in the sqs.REGION form; the queue's ARN from its attributes.
    [
      'cloudtrail-sqs-set-queue-attributes',
      [queueItem(context, `https://sqs.${REGION}.amazonaws.com/${ACCOUNT}/order-events-dlq`, { QueueArn: `arn:aws:sqs:${REGION}:${ACCOUNT}:order-events-dlq` }, new Map())],
    ],
    ['cloudtrail-sns-create-topic', [topicItem(`arn:aws:sns:${REGION}:${ACCOUNT}:order-events`, undefined, undefined)]],
    [
      'cloudtrail-elasticloadbalancing-create-load-balancer',
      [loadBalancerItem({ LoadBalancerArn: `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:loadbalancer/app/orders-alb/ffcddace1759e1d0` }, new Map())],
    ],
    [
      'cloudtrail-elasticache-create-replication-group',
      [
        replicationGroupItem(context, { ReplicationGroupId: 'sessions' }, {}),
        cacheClusterItem(context, { CacheClusterId: 'sessions-001', ReplicationGroupId: 'sessions' }, {}, undefined),
        cacheClusterItem(context, { CacheClusterId: 'sessions-002', ReplicationGroupId: 'sessions' }, {}, undefined),
      ],
    ],
    ['cloudtrail-es-update-domain-config', [domainItem(context, 'search-logs', undefined, undefined)]],
    [
      'cloudtrail-tagging-tag-resources',
      [
        queueItem(context, `https://sqs.${REGION}.amazonaws.com/${ACCOUNT}/order-events-dlq`, undefined, new Map()),
        functionItem(context, { FunctionName: 'orders-api', FunctionArn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:orders-api` }, undefined),
      ],
    ],
  ])('%s', (name, items) => {
    expect(refsOf(name)).toEqual(items.map(identity));
  });

  it('puts a new bucket under the Region the S3 collector files it in', () => {
    const event: unknown = JSON.parse(readFileSync(new URL('./fixtures/cloudtrail-s3-create-bucket.json', import.meta.url), 'utf8'));
    const item = bucketItem(itemContext('us-east-1'), { name: 'payments-archive-111122223333', region: 'eu-central-1', creationDate: undefined }, {}, new Map());
    expect(parseChangeEvent(event)).toMatchObject({ kind: 'reread', region: item.awsRegion, resources: [identity(item)] });
  });
});
