import { displayName, tagValue, TAGGABLE_TYPES, type AnyConfigurationItem } from '../../model/configuration-item.js';
import { defineRule } from '../lib/define-rule.js';
import { free } from '../lib/fix-costs.js';

/**
 * Resources that AWS creates and manages for a service, which their users neither create nor
 * tag: network interfaces a service requested (load balancers, NAT gateways, endpoints, RDS,
 * Lambda) and service-linked roles. Reporting them would be noise nobody can act on; the
 * resources they serve are tagged and judged themselves.
 */
function managedByAws(item: AnyConfigurationItem): string | undefined {
  if (item.resourceType === 'AWS::EC2::NetworkInterface' && item.configuration.requesterManaged === true) {
    return `a network interface managed by ${item.configuration.requesterId ?? 'an AWS service'}`;
  }
  if (item.resourceType === 'AWS::IAM::Role' && (item.configuration.path ?? '').startsWith('/aws-service-role/')) {
    return 'a service-linked role';
  }
  return undefined;
}

export default defineRule({
  meta: {
    id: 'resource-required-tags',
    gate: 'tagging',
    title: 'Resources carry every required tag with an allowed value',
    // Missing tags hurt cost allocation and ownership, not security; Security Hub rates its
    // Resource Tagging Standard controls LOW too.
    severity: 'LOW',
    priority: 'P1',
    resourceTypes: TAGGABLE_TYPES,
    readsTags: true,
    controls: ['AWS Resource Tagging Standard', 'AWS Config required-tags'],
    remediation: {
      text: 'Add the missing tags, or correct their values, on the resource (Tag Editor tags many resources at once); set them in the infrastructure code so new resources get them.',
      url: 'https://docs.aws.amazon.com/tag-editor/latest/userguide/tagging.html',
    },
    messages: {
      tagged: '{{type}} {{name}} carries the required tags {{keys}}.',
      untagged: '{{type}} {{name}} lacks required tags: {{problems}}.',
      noRequiredTags: 'No required tags are configured (settings requiredTags is empty).',
      managedByAws: '{{type}} {{name}} is {{what}}; AWS creates it for a service and its users do not tag it.',
    },
    fixCost() {
      return free('tags cost nothing');
    },
  },
  check(item, context) {
    const type = item.resourceType;
    const name = displayName(item);
    // The settings refuse `aws:` keys (AWS's own tags cannot be required), so resources' `aws:`
    // tags never count for or against them.
    const required = context.settings.requiredTags;
    if (required.length === 0) return context.notApplicable('noRequiredTags');
    const what = managedByAws(item);
    if (what !== undefined) return context.notApplicable('managedByAws', { type, name, what });

    const missing: string[] = [];
    const empty: string[] = [];
    const disallowed: string[] = [];
    for (const { key, values } of required) {
      const value = tagValue(item, key);
      if (value === undefined) missing.push(key);
      else if (value.trim() === '') empty.push(key);
      else if (values !== undefined && !values.includes(value)) disallowed.push(`${key}=${JSON.stringify(value)} (allowed: ${values.join(', ')})`);
    }

    const keys = required.map((tag) => tag.key).join(', ');
    if (missing.length === 0 && empty.length === 0 && disallowed.length === 0) return context.pass('tagged', { type, name, keys });
    const problems = [
      missing.length > 0 ? `missing ${missing.join(', ')}` : undefined,
      empty.length > 0 ? `empty ${empty.join(', ')}` : undefined,
      disallowed.length > 0 ? `disallowed value ${disallowed.join(', ')}` : undefined,
    ].filter((part) => part !== undefined);
    return context.fail('untagged', {
      type,
      name,
      problems: problems.join('; '),
      missing: missing.join(', '),
      empty: empty.join(', '),
      disallowed: disallowed.join(', '),
    });
  },
});
