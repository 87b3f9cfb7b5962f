import rule from '../../../rules/encryption/rds-instance-requires-tls.js';
import { ACCOUNT, REGION, item } from '../../support/items.js';
import { testRule } from '../../support/rule-tester.js';

type Parameters = { ParameterName: string; ParameterValue?: string | null }[] | null | undefined;

/** A DB instance with the TLS parameters as the live collector records them (undefined: not recorded). */
const db = (id: string, engine: string | null, engineVersion: string | null, parameters: Parameters, configuration: Record<string, unknown> = {}) =>
  item(
    'AWS::RDS::DBInstance',
    `db-${id}`,
    {
      dBInstanceIdentifier: id,
      engine,
      engineVersion,
      dBParameterGroups: [{ dBParameterGroupName: `${id}-params`, parameterApplyStatus: 'in-sync' }],
      ...configuration,
    },
    { resourceName: id, supplementaryConfiguration: parameters === undefined ? {} : { DBParameters: parameters } },
  );
const forceSsl = (value?: string) => [value === undefined ? { ParameterName: 'rds.force_ssl' } : { ParameterName: 'rds.force_ssl', ParameterValue: value }];
const secureTransport = (value?: string) => [
  value === undefined ? { ParameterName: 'require_secure_transport' } : { ParameterName: 'require_secure_transport', ParameterValue: value },
];

testRule(rule, [
  // ---- PostgreSQL ----
  {
    name: 'PostgreSQL with rds.force_ssl = 1 passes',
    items: [db('orders', 'postgres', '14.12', forceSsl('1'))],
    expect: [{ resourceId: 'db-orders', status: 'PASS', messageId: 'on', data: { name: 'orders', engine: 'PostgreSQL', parameter: 'rds.force_ssl', value: '1' } }],
  },
  {
    name: 'PostgreSQL 16 with rds.force_ssl = 0 fails even though its default is on',
    items: [db('orders', 'postgres', '16.4', forceSsl('0'))],
    expect: [{ resourceId: 'db-orders', status: 'FAIL', messageId: 'off', data: { parameter: 'rds.force_ssl', value: '0' } }],
  },
  {
    name: 'PostgreSQL 15 and later default rds.force_ssl to on',
    items: [db('a-pg15', 'postgres', '15.0', forceSsl()), db('b-pg16', 'postgres', '16.4', [])],
    expect: [
      { resourceId: 'db-a-pg15', status: 'PASS', messageId: 'defaultOn', data: { version: '15.0' } },
      { resourceId: 'db-b-pg16', status: 'PASS', messageId: 'defaultOn', data: { version: '16.4' } },
    ],
  },
  {
    name: 'PostgreSQL 14 and earlier default rds.force_ssl to off',
    items: [db('a-pg14', 'postgres', '14.12', forceSsl()), db('b-pg9', 'postgres', '9.6.24', [])],
    expect: [
      { resourceId: 'db-a-pg14', status: 'FAIL', messageId: 'defaultOff', data: { version: '14.12', parameter: 'rds.force_ssl' } },
      { resourceId: 'db-b-pg9', status: 'FAIL', messageId: 'defaultOff', data: { version: '9.6.24' } },
    ],
  },
  {
    name: "another engine's TLS parameter in the list does not count",
    items: [db('orders', 'postgres', '14.12', secureTransport('ON'))],
    expect: [{ resourceId: 'db-orders', status: 'FAIL', messageId: 'defaultOff', data: { parameter: 'rds.force_ssl' } }],
  },
  {
    name: 'Aurora PostgreSQL defaults rds.force_ssl to on from version 17 only',
    items: [
      db('a-apg16', 'aurora-postgresql', '16.6', [], { dBClusterIdentifier: 'catalog' }),
      db('b-apg17', 'aurora-postgresql', '17.4', [], { dBClusterIdentifier: 'catalog-next' }),
    ],
    expect: [
      { resourceId: 'db-a-apg16', status: 'FAIL', messageId: 'defaultOff', data: { engine: 'Aurora PostgreSQL' } },
      { resourceId: 'db-b-apg17', status: 'PASS', messageId: 'defaultOn', data: { engine: 'Aurora PostgreSQL' } },
    ],
  },
  // ---- MySQL, Aurora MySQL, MariaDB ----
  {
    name: 'MySQL with require_secure_transport ON passes, in any case',
    items: [db('a-reporting', 'mysql', '8.0.39', secureTransport('ON')), db('b-reporting', 'mysql', '8.4.3', secureTransport('on'))],
    expect: [
      { resourceId: 'db-a-reporting', status: 'PASS', messageId: 'on', data: { engine: 'MySQL', parameter: 'require_secure_transport', value: 'ON' } },
      { resourceId: 'db-b-reporting', status: 'PASS', messageId: 'on', data: { value: 'on' } },
    ],
  },
  {
    name: 'MySQL with require_secure_transport OFF, or left at its default, fails',
    items: [db('a-reporting', 'mysql', '8.0.39', secureTransport('OFF')), db('b-reporting', 'mysql', '8.0.39', secureTransport())],
    expect: [
      { resourceId: 'db-a-reporting', status: 'FAIL', messageId: 'off', data: { value: 'OFF' } },
      { resourceId: 'db-b-reporting', status: 'FAIL', messageId: 'defaultOff', data: { version: '8.0.39' } },
    ],
  },
  {
    name: 'a MySQL default is off whatever the version, so a missing version still fails',
    items: [db('reporting', 'mysql', null, [])],
    expect: [{ resourceId: 'db-reporting', status: 'FAIL', messageId: 'defaultOff', data: { version: 'version not recorded' } }],
  },
  {
    name: "an Aurora MySQL member judged on its cluster parameter group's value passes",
    // A member's own parameter group is not where the value comes from, so its apply status is not read.
    items: [
      db('reviews-1', 'aurora-mysql', '8.0.mysql_aurora.3.05.2', secureTransport('1'), {
        dBClusterIdentifier: 'reviews',
        dBParameterGroups: [{ dBParameterGroupName: 'default.aurora-mysql8.0', parameterApplyStatus: 'pending-reboot' }],
      }),
    ],
    expect: [{ resourceId: 'db-reviews-1', status: 'PASS', messageId: 'on', data: { engine: 'Aurora MySQL' } }],
  },
  {
    name: 'Aurora MySQL left at its default fails',
    items: [db('reviews-1', 'aurora-mysql', '8.0.mysql_aurora.3.05.2', [], { dBClusterIdentifier: 'reviews' })],
    expect: [{ resourceId: 'db-reviews-1', status: 'FAIL', messageId: 'defaultOff' }],
  },
  {
    name: 'MariaDB defaults follow the version: unsupported before 10.5, off through 11.4, on from 11.8',
    items: [
      db('a-maria104', 'mariadb', '10.4.34', []),
      db('b-maria105', 'mariadb', '10.5.25', secureTransport()),
      db('c-maria1011', 'mariadb', '10.11.8', []),
      db('d-maria114', 'mariadb', '11.4.3', []),
      db('e-maria118', 'mariadb', '11.8.1', []),
    ],
    expect: [
      { resourceId: 'db-a-maria104', status: 'FAIL', messageId: 'unsupported', data: { engine: 'MariaDB', version: '10.4.34' } },
      { resourceId: 'db-b-maria105', status: 'FAIL', messageId: 'defaultOff' },
      { resourceId: 'db-c-maria1011', status: 'FAIL', messageId: 'defaultOff' },
      { resourceId: 'db-d-maria114', status: 'FAIL', messageId: 'defaultOff' },
      { resourceId: 'db-e-maria118', status: 'PASS', messageId: 'defaultOn' },
    ],
  },
  {
    name: 'MariaDB with require_secure_transport ON passes',
    items: [db('loyalty', 'mariadb', '10.11.8', secureTransport('ON'))],
    expect: [{ resourceId: 'db-loyalty', status: 'PASS', messageId: 'on', data: { engine: 'MariaDB' } }],
  },
  // ---- not applicable ----
  {
    name: 'engines without these parameters are not applicable',
    items: [db('a-erp', 'oracle-ee', '19.0.0.0.ru-2024-10.rur-2024-10.r1', []), db('b-pos', 'sqlserver-se', '15.00.4385.2.v1', forceSsl('0'))],
    expect: [
      { resourceId: 'db-a-erp', status: 'NOT_APPLICABLE', messageId: 'otherEngine', data: { engine: 'oracle-ee' } },
      { resourceId: 'db-b-pos', status: 'NOT_APPLICABLE', messageId: 'otherEngine', data: { engine: 'sqlserver-se' } },
    ],
  },
  // ---- unknown ----
  {
    name: 'an instance without recorded TLS parameters (an AWS Config snapshot) is unknown',
    items: [db('orders', 'postgres', '16.4', undefined)],
    expect: [{ resourceId: 'db-orders', status: 'UNKNOWN', messageId: 'parametersMissing', data: { parameter: 'rds.force_ssl' } }],
  },
  {
    name: 'a recorded null parameter list is unknown too',
    items: [db('orders', 'postgres', '16.4', null)],
    expect: [{ resourceId: 'db-orders', status: 'UNKNOWN', messageId: 'parametersMissing' }],
  },
  {
    name: 'an instance with no recorded engine is unknown',
    items: [db('orders', null, '16.4', forceSsl('1'))],
    expect: [{ resourceId: 'db-orders', status: 'UNKNOWN', messageId: 'engineMissing' }],
  },
  {
    name: 'a default that depends on a version that is not recorded is unknown',
    items: [db('orders', 'postgres', null, forceSsl()), db('other', 'mariadb', 'custom', [])],
    expect: [
      { resourceId: 'db-orders', status: 'UNKNOWN', messageId: 'versionMissing', data: { parameter: 'rds.force_ssl' } },
      { resourceId: 'db-other', status: 'UNKNOWN', messageId: 'versionMissing', data: { parameter: 'require_secure_transport' } },
    ],
  },
  {
    name: 'a value gatewatch does not recognise is unknown',
    items: [db('orders', 'postgres', '14.12', forceSsl('{dynamic}'))],
    expect: [{ resourceId: 'db-orders', status: 'UNKNOWN', messageId: 'unrecognisedValue', data: { value: '{dynamic}' } }],
  },
  {
    name: 'a stand-alone instance whose parameter group is pending reboot is not passed',
    items: [
      db('a-orders', 'postgres', '14.12', forceSsl('1'), { dBParameterGroups: [{ dBParameterGroupName: 'orders-pg14', parameterApplyStatus: 'pending-reboot' }] }),
      db('b-orders', 'postgres', '16.4', [], { dBParameterGroups: [{ dBParameterGroupName: 'default.postgres16', parameterApplyStatus: 'pending-reboot' }] }),
    ],
    expect: [
      { resourceId: 'db-a-orders', status: 'UNKNOWN', messageId: 'pendingReboot', data: { group: 'orders-pg14', parameter: 'rds.force_ssl' } },
      { resourceId: 'db-b-orders', status: 'UNKNOWN', messageId: 'pendingReboot', data: { group: 'default.postgres16' } },
    ],
  },
  {
    name: 'a parameter group pending reboot does not soften a failure',
    items: [db('orders', 'postgres', '14.12', forceSsl('0'), { dBParameterGroups: [{ dBParameterGroupName: 'orders-pg14', parameterApplyStatus: 'pending-reboot' }] })],
    expect: [{ resourceId: 'db-orders', status: 'FAIL', messageId: 'off' }],
  },
  {
    name: 'an instance whose parameter group could not be read is unknown; the others are judged',
    items: [db('a-orders', 'postgres', '16.4', undefined), db('b-reporting', 'mysql', '8.0.39', secureTransport('OFF'))],
    failed: [
      {
        accountId: ACCOUNT,
        region: REGION,
        resourceTypes: ['AWS::RDS::DBInstance'],
        resourceIds: ['db-a-orders'],
        aspect: 'DBParameters',
        service: 'rds',
        operation: 'DescribeDBParameters',
        code: 'AccessDenied',
        message: 'denied by the test',
      },
    ],
    expect: [
      { resourceId: 'db-a-orders', status: 'UNKNOWN', messageId: 'collectionFailed' },
      { resourceId: 'db-b-reporting', status: 'FAIL', messageId: 'off' },
    ],
  },
  {
    name: 'DB instances that could not be listed are unknown for the scope',
    items: [],
    failed: ['AWS::RDS::DBInstance'],
    expect: [{ resourceId: '*', status: 'UNKNOWN', messageId: 'listFailed' }],
  },
  {
    name: 'several instances are each judged on their own, in ARN order',
    items: [
      db('d-erp', 'oracle-ee', '19.0', []),
      db('c-snapshot', 'postgres', '16.4', undefined),
      db('b-reporting', 'mysql', '8.0.39', []),
      db('a-orders', 'postgres', '16.4', forceSsl('1')),
    ],
    expect: [
      { resourceId: 'db-a-orders', status: 'PASS', messageId: 'on' },
      { resourceId: 'db-b-reporting', status: 'FAIL', messageId: 'defaultOff' },
      { resourceId: 'db-c-snapshot', status: 'UNKNOWN', messageId: 'parametersMissing' },
      { resourceId: 'db-d-erp', status: 'NOT_APPLICABLE', messageId: 'otherEngine' },
    ],
  },
]);
