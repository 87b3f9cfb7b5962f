/**
 * efs-file-system-regional: an EFS file system is Regional (its data stored redundantly across
 * Availability Zones), not One Zone.
 *
 * What tells them apart:
 * - One Zone: `configuration.AvailabilityZoneName` names the zone (AWS Config records it for One
 *   Zone file systems — its managed rule efs-filesystem-multi-az fails a file system on that field
 *   alone), or the item's `availabilityZone` names a zone of its Region.
 * - Regional: the item's `availabilityZone` is `Regional`, as AWS Config records it for a Regional
 *   file system and as the live collector writes it.
 * - Anything else (no item-level zone, or "Not Applicable", and no zone name) says nothing either
 *   way: a missing field is not a Regional file system, so the rule is UNKNOWN there.
 */
import { defineRule } from '../lib/define-rule.js';
import { efsStorage, priced } from '../lib/fix-costs.js';

const REGIONAL = 'Regional';

export default defineRule({
  meta: {
    id: 'efs-file-system-regional',
    gate: 'multi-az',
    title: 'EFS file systems are Regional, not One Zone',
    // No Security Hub control; MEDIUM as the gate's controls (RDS.15, ElastiCache.3) are rated.
    severity: 'MEDIUM',
    priority: 'P1',
    resourceTypes: ['AWS::EFS::FileSystem'],
    controls: [],
    remediation: {
      text:
        'A file system cannot change type: create a Regional file system, copy the data (AWS DataSync, or EFS replication ' +
        'to a Regional destination), move the mount targets of the clients over and delete the One Zone file system.',
      url: 'https://docs.aws.amazon.com/efs/latest/ug/availability-durability.html',
    },
    messages: {
      regional: 'EFS file system {{name}} is Regional: its data is stored across Availability Zones.',
      oneZone: 'EFS file system {{name}} is a One Zone file system in {{zone}}: losing that zone makes its data unavailable, and may lose it.',
      placementUnknown: 'EFS file system {{name}} records neither a One Zone Availability Zone nor Regional placement (item Availability Zone: {{recorded}}).',
    },
    // Regional Standard storage instead of One Zone, per GB: the item does not record the file system's size.
    fixCost(item) {
      const region = item.awsRegion;
      return {
        ...priced(
          [
            { query: efsStorage(region, 'General Purpose'), quantity: 1, what: 'EFS Standard (Regional)' },
            { query: efsStorage(region, 'One Zone-General Purpose'), quantity: -1, what: 'EFS One Zone, paid today' },
          ],
          'per GB stored in the Standard class (the size is not recorded): multiply by the file system\'s size; a One Zone file system is moved by replicating it to a new Regional one',
        ),
        per: 'GB stored',
      };
    },
  },
  check(item, context) {
    const name = item.configuration.FileSystemId ?? item.resourceId;
    const zoneName = item.configuration.AvailabilityZoneName;
    if (zoneName) return context.fail('oneZone', { name, zone: zoneName });

    const recorded = item.availabilityZone;
    // A zone name is the Region's name and a letter (eu-west-1a).
    if (recorded !== undefined && recorded.startsWith(item.awsRegion) && recorded.length > item.awsRegion.length) {
      return context.fail('oneZone', { name, zone: recorded });
    }
    if (recorded === REGIONAL) return context.pass('regional', { name });
    return context.unknown('placementUnknown', { name, recorded: recorded ?? 'none' });
  },
});
