import rule from '../../../rules/private-network/redshift-cluster-not-public.js';
import { item } from '../../support/items.js';
import { testRule } from '../../support/rule-tester.js';

const cluster = (id: string, publiclyAccessible: boolean | null) =>
  item('AWS::Redshift::Cluster', id, { clusterIdentifier: id, publiclyAccessible, encrypted: true, clusterSubnetGroupName: 'kestrel-warehouse' });

testRule(
  rule,
  [
    {
      name: 'a cluster that is not publicly accessible passes',
      items: [cluster('kestrel-warehouse', false)],
      expect: [{ resourceId: 'kestrel-warehouse', status: 'PASS', messageId: 'notPublic', data: { cluster: 'kestrel-warehouse' } }],
    },
    {
      name: 'a publicly accessible cluster fails',
      items: [cluster('kestrel-warehouse', true)],
      expect: [{ resourceId: 'kestrel-warehouse', status: 'FAIL', messageId: 'public', data: { cluster: 'kestrel-warehouse' } }],
    },
    {
      name: 'a cluster with no recorded setting is unknown, never passed',
      items: [cluster('kestrel-warehouse', null)],
      expect: [{ resourceId: 'kestrel-warehouse', status: 'UNKNOWN', messageId: 'missing' }],
    },
    {
      name: 'a cluster whose setting is absent altogether is unknown',
      items: [item('AWS::Redshift::Cluster', 'kestrel-warehouse', { clusterIdentifier: 'kestrel-warehouse' })],
      expect: [{ resourceId: 'kestrel-warehouse', status: 'UNKNOWN', messageId: 'missing' }],
    },
    {
      name: 'clusters that could not be listed are unknown for the scope',
      items: [],
      failed: ['AWS::Redshift::Cluster'],
      expect: [{ resourceId: '*', status: 'UNKNOWN', messageId: 'listFailed' }],
    },
    {
      name: 'several clusters are each judged on their own, in ARN order',
      items: [cluster('a-warehouse', false), cluster('b-analytics', true), cluster('c-sandbox', null)],
      expect: [
        { resourceId: 'a-warehouse', status: 'PASS', messageId: 'notPublic' },
        { resourceId: 'b-analytics', status: 'FAIL', messageId: 'public' },
        { resourceId: 'c-sandbox', status: 'UNKNOWN', messageId: 'missing' },
      ],
    },
  ],
  { noNotApplicable: 'every provisioned Redshift cluster has a publiclyAccessible setting, so the rule concerns every cluster' },
);
