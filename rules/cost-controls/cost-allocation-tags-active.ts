/**
 * cost-allocation-tags-active: every required tag key of the settings (`requiredTags`) is an
 * active cost allocation tag, so that Cost Explorer and the Cost and Usage Report can split the
 * bill by it — the Cost Control Pattern "Tagging strategy: Environment, Project, Team, CostCenter on
 * ALL resources" is worth its cost only once billing sees the tags.
 *
 * Reads the synthetic `AWS::CE::Account` item: `organization` (DescribeOrganization) and
 * `costAllocationTags` (ListCostAllocationTags, every page). Cost allocation tags are managed only
 * in an organization's management account, for every member: a member account is NOT_APPLICABLE
 * (the verdict is the management account's, judged when the scan reaches it — never a FAIL the
 * member cannot fix); a management account or a standalone account is judged. A required key is
 * missing when billing has not seen it yet (AWS lists a user-defined tag once a resource carries it
 * and usage is billed; it can be activated only then), or inactive when it is listed with status
 * Inactive. Tag keys are compared exactly, as AWS does.
 *
 * UNKNOWN: a source without these facts (an AWS Config snapshot), or a failed DescribeOrganization
 * or ListCostAllocationTags (aspects `organization`, `costAllocationTags`), naming the call.
 *
 * AWS Well-Architected: COST03-BP02 "Add organization information to cost and usage". No Security
 * Hub control checks it, so `controls` is empty.
 */
import { defineRule } from '../lib/define-rule.js';

export default defineRule({
  meta: {
    id: 'cost-allocation-tags-active',
    gate: 'cost-controls',
    title: 'Every required tag is an active cost allocation tag',
    severity: 'LOW',
    priority: 'P2',
    resourceTypes: ['AWS::CE::Account'],
    reads: ['organization', 'costAllocationTags'],
    controls: [],
    remediation: {
      text:
        'In the management account (or a standalone account), open Billing and Cost Management → Cost allocation tags and activate each ' +
        'required tag key (`aws ce update-cost-allocation-tags-status --cost-allocation-tags-status TagKey=CostCenter,Status=Active`); a key ' +
        'appears there once a resource carries it and usage is billed, and activation takes up to 24 hours. Well-Architected COST03-BP02 ' +
        '(add organization information to cost and usage).',
      url: 'https://docs.aws.amazon.com/awsaccountbilling/latest/aboutv2/activating-tags.html',
    },
    messages: {
      active: 'Every required tag of account {{account}} is an active cost allocation tag: {{tags}}.',
      inactive: 'Required tags of account {{account}} are not active cost allocation tags: {{problems}}.',
      member: "Cost allocation tags of account {{account}} are managed in its organization's management account {{management}}; judged there.",
      noneRequired: 'The settings require no tags (requiredTags is empty): no cost allocation tag is required of account {{account}}.',
      organizationNotRead: "Whether account {{account}} belongs to an organization was not read (an AWS Config snapshot does not carry it): its cost allocation tags are not judged.",
      notRead: 'The cost allocation tags of account {{account}} were not read (an AWS Config snapshot does not carry them): they are not judged.',
    },
  },
  check(item, context) {
    const account = item.awsAccountId;
    const { organization, costAllocationTags } = item.configuration;
    if (organization === undefined || organization === null) return context.unknown('organizationNotRead', { account });
    if (!organization.standalone && organization.managementAccountId !== account) {
      return context.notApplicable('member', { account, management: organization.managementAccountId ?? 'unknown' });
    }
    const requiredTags = context.settings.requiredTags;
    const required = requiredTags.map((tag) => tag.key);
    if (required.length === 0) return context.notApplicable('noneRequired', { account });
    if (costAllocationTags === undefined || costAllocationTags === null) return context.unknown('notRead', { account });
    const problems: string[] = [];
    for (const key of required) {
      const listed = costAllocationTags.filter((tag) => tag.tagKey === key);
      if (listed.length === 0) problems.push(`${key} (not yet seen in billing data)`);
      else if (!listed.some((tag) => tag.status === 'Active')) problems.push(`${key} (${listed.map((tag) => tag.status ?? 'no status').join(', ')})`);
    }
    if (problems.length > 0) return context.fail('inactive', { account, problems: problems.join(', ') });
    return context.pass('active', { account, tags: required.join(', ') });
  },
});
