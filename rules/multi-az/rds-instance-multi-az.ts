import { defineRule } from '../lib/define-rule.js';
import { hoursLine, priced, rdsEngine, rdsInstanceHour, text } from '../lib/fix-costs.js';

export default defineRule({
  meta: {
    id: 'rds-instance-multi-az',
    gate: 'multi-az',
    title: 'RDS DB instances run as Multi-AZ deployments',
    // Security Hub rates RDS.5 MEDIUM, as it does the other Multi-AZ controls of this gate.
    severity: 'MEDIUM',
    priority: 'P1',
    resourceTypes: ['AWS::RDS::DBInstance'],
    controls: ['RDS.5'],
    remediation: {
      text: 'Modify the DB instance and turn on Multi-AZ deployment (a standby in a second Availability Zone).',
      url: 'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Concepts.MultiAZSingleStandby.html',
    },
    messages: {
      multiAz: 'DB instance {{name}} is a Multi-AZ deployment.',
      singleAz: 'DB instance {{name}} runs in a single Availability Zone; losing that zone takes it down.',
      clusterMember: 'DB instance {{name}} belongs to DB cluster {{cluster}}; the cluster rule covers it.',
      missing: 'DB instance {{name}} has no recorded Multi-AZ setting.',
    },
    // The standby's price: the Multi-AZ instance price minus the Single-AZ price paid today (per class, engine, Region).
    fixCost(item) {
      const instanceClass = text(item.configuration['dBInstanceClass']);
      const engine = rdsEngine(item.configuration.engine);
      if (instanceClass === undefined || engine === undefined) return undefined;
      const region = item.awsRegion;
      return priced(
        [
          hoursLine(rdsInstanceHour(region, instanceClass, engine, 'Multi-AZ'), 1, `${instanceClass} ${engine} Multi-AZ`),
          hoursLine(rdsInstanceHour(region, instanceClass, engine, 'Single-AZ'), -1, `${instanceClass} ${engine} Single-AZ, paid today`),
        ],
        'the standby instance; Multi-AZ storage is billed at twice the Single-AZ rate, not included',
      );
    },
  },
  check(item, context) {
    const name = item.configuration.dBInstanceIdentifier ?? item.resourceId;
    const cluster = item.configuration.dBClusterIdentifier;
    if (cluster) return context.notApplicable('clusterMember', { name, cluster });
    const multiAz = item.configuration.multiAZ;
    if (multiAz === undefined || multiAz === null) return context.unknown('missing', { name });
    return multiAz ? context.pass('multiAz', { name }) : context.fail('singleAz', { name });
  },
});
