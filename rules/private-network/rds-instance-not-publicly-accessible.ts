/**
 * rds-instance-not-publicly-accessible: a DB instance's endpoint does not resolve to a public IP
 * address (`publiclyAccessible` false). Instances of Aurora, Neptune and DocumentDB clusters have
 * the setting per instance too, so they are judged like any other.
 */
import { defineRule } from '../lib/define-rule.js';

export default defineRule({
  meta: {
    id: 'rds-instance-not-publicly-accessible',
    gate: 'private-network',
    title: 'RDS DB instances are not publicly accessible',
    // Security Hub rates RDS.2 CRITICAL.
    severity: 'CRITICAL',
    priority: 'P1',
    resourceTypes: ['AWS::RDS::DBInstance'],
    controls: ['RDS.2'],
    remediation: {
      text:
        'Modify the DB instance and set Public access to No (--no-publicly-accessible); clients then reach it from inside ' +
        'the VPC, over a VPN or Direct Connect, or through a bastion with Session Manager.',
      url: 'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Overview.DBInstance.Modifying.html',
    },
    messages: {
      private: 'DB instance {{name}} is not publicly accessible.',
      public: 'DB instance {{name}} is publicly accessible: its endpoint resolves to a public IP address.',
      missing: 'DB instance {{name}} has no recorded public-access setting (publiclyAccessible).',
    },
  },
  check(item, context) {
    const name = item.configuration.dBInstanceIdentifier ?? item.resourceId;
    const publiclyAccessible = item.configuration.publiclyAccessible;
    if (publiclyAccessible === null || publiclyAccessible === undefined) return context.unknown('missing', { name });
    return publiclyAccessible ? context.fail('public', { name }) : context.pass('private', { name });
  },
});
