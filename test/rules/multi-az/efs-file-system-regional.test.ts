import rule from '../../../rules/multi-az/efs-file-system-regional.js';
import { item } from '../../support/items.js';
import { testRule } from '../../support/rule-tester.js';

const prod = { Environment: 'prod' };
const fileSystem = (id: string, configuration: Record<string, unknown>, zone: string | undefined, tags: Record<string, string> = prod) =>
  item(
    'AWS::EFS::FileSystem',
    id,
    { FileSystemId: id, Encrypted: true, PerformanceMode: 'generalPurpose', ...configuration },
    { tags, ...(zone === undefined ? {} : { availabilityZone: zone }) },
  );

testRule(rule, [
  {
    name: 'a file system recorded as Regional passes',
    items: [fileSystem('fs-0media', {}, 'Regional')],
    expect: [{ resourceId: 'fs-0media', status: 'PASS', messageId: 'regional' }],
  },
  {
    name: 'a One Zone file system (zone in the configuration and on the item) fails',
    items: [fileSystem('fs-0scratch', { AvailabilityZoneName: 'eu-west-1a' }, 'eu-west-1a')],
    expect: [{ resourceId: 'fs-0scratch', status: 'FAIL', messageId: 'oneZone', data: { zone: 'eu-west-1a' } }],
  },
  {
    name: 'a zone name in the configuration alone is One Zone',
    items: [fileSystem('fs-0scratch', { AvailabilityZoneName: 'eu-west-1b' }, undefined)],
    expect: [{ resourceId: 'fs-0scratch', status: 'FAIL', messageId: 'oneZone', data: { zone: 'eu-west-1b' } }],
  },
  {
    name: 'an item-level zone of the Region alone is One Zone',
    items: [fileSystem('fs-0scratch', {}, 'eu-west-1c')],
    expect: [{ resourceId: 'fs-0scratch', status: 'FAIL', messageId: 'oneZone', data: { zone: 'eu-west-1c' } }],
  },
  {
    name: 'a zone name wins over a contradicting Regional item zone',
    items: [fileSystem('fs-0scratch', { AvailabilityZoneName: 'eu-west-1a' }, 'Regional')],
    expect: [{ resourceId: 'fs-0scratch', status: 'FAIL', messageId: 'oneZone', data: { zone: 'eu-west-1a' } }],
  },
  {
    name: 'a file system that records neither a zone nor Regional is unknown, never a pass',
    items: [fileSystem('fs-0media', {}, undefined)],
    expect: [{ resourceId: 'fs-0media', status: 'UNKNOWN', messageId: 'placementUnknown', data: { recorded: 'none' } }],
  },
  {
    name: '"Not Applicable" on the item says nothing about the file system type',
    items: [fileSystem('fs-0media', { AvailabilityZoneName: null }, 'Not Applicable')],
    expect: [{ resourceId: 'fs-0media', status: 'UNKNOWN', messageId: 'placementUnknown', data: { recorded: 'Not Applicable' } }],
  },
  {
    name: 'a staging One Zone file system is outside the production scope',
    items: [fileSystem('fs-0scratch', { AvailabilityZoneName: 'eu-west-1a' }, 'eu-west-1a', { Environment: 'staging' })],
    expect: [{ resourceId: 'fs-0scratch', status: 'NOT_APPLICABLE', messageId: 'notProduction', data: { reason: 'Environment=staging' } }],
  },
  {
    name: 'file systems that could not be listed are unknown for the scope',
    items: [],
    failed: ['AWS::EFS::FileSystem'],
    expect: [{ resourceId: '*', status: 'UNKNOWN', messageId: 'listFailed' }],
  },
  {
    name: 'several file systems are each judged on their own',
    items: [fileSystem('fs-0b', { AvailabilityZoneName: 'eu-west-1a' }, 'eu-west-1a'), fileSystem('fs-0a', {}, 'Regional')],
    expect: [
      { resourceId: 'fs-0a', status: 'PASS', messageId: 'regional' },
      { resourceId: 'fs-0b', status: 'FAIL', messageId: 'oneZone' },
    ],
  },
]);
