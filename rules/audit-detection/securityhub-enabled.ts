/**
 * securityhub-enabled: Security Hub CSPM is enabled in every account × Region, where gatewatch and
 * AWS's own detective services (GuardDuty, Config, Inspector, …) send their findings — and, with
 * the option `requiredStandards`, the security standards named there are enabled and ready.
 *
 * Reads the account × Region fact `securityHub` the live source collects: DescribeHub tells
 * whether the account is subscribed in the Region (an account that is not is answered with
 * InvalidAccessException "not subscribed", which the collector records as `enabled: false`);
 * GetEnabledStandards, when it is, lists the enabled standards and their status. A plain AWS Config
 * snapshot does not carry the fact, so there the rule is UNKNOWN; a failed DescribeHub makes it
 * UNKNOWN naming the call (the fact's aspect, `reads`).
 *
 * Standards. A required standard is named as in its ARN (`…:standards/NAME/v/VERSION`, CIS v1.2.0's
 * `…::ruleset/NAME/v/VERSION`): `aws-foundational-security-best-practices` matches any version,
 * `cis-aws-foundations-benchmark/v/3.0.0` that version only. Only status READY counts: PENDING (still
 * being enabled), INCOMPLETE (some controls could not be enabled), FAILED and DELETING do not, and
 * fail with the status named. When GetEnabledStandards failed, the collector leaves the standards
 * out and records the failure against its own aspect (`securityHubStandards`), which this rule
 * reads only when standards are required (`readsWithOptions`): without required standards the
 * verdict stands on DescribeHub alone; with them the engine makes the rule UNKNOWN naming the failed
 * call. `standardsUnread` is for a source that does not carry the standards at all.
 *
 * Security Hub has no control of its own that checks whether it is enabled, so `controls` is empty.
 */
import { z } from 'zod';
import { scopeOf } from '../../inventory/inventory.js';
import { defineRule } from '../lib/define-rule.js';
import { usageBased } from '../lib/fix-costs.js';

/** The status of a standard that is enabled and evaluating its controls. */
const READY = 'READY';

/** A standard as its ARN names it: the name and version of `…:standards/NAME/v/VERSION` or `…:ruleset/NAME/v/VERSION`. */
const STANDARD_ARN = /:(?:standards|ruleset)\/([^/]+)\/v\/([^/]+)$/;

/** Whether the ARN names the required standard (`NAME`, any version, or `NAME/v/VERSION`). */
function names(standardsArn: string, required: string): boolean {
  const match = STANDARD_ARN.exec(standardsArn);
  if (match === null) return false;
  const [, name, version] = match;
  return required === name || required === `${name}/v/${version}`;
}

export default defineRule({
  meta: {
    id: 'securityhub-enabled',
    gate: 'audit-detection',
    title: 'Security Hub CSPM is enabled in every account and Region',
    severity: 'HIGH',
    priority: 'P1',
    resourceTypes: ['AWS::::Account'],
    // The account fact it judges: where DescribeHub failed, the rule is UNKNOWN naming that call.
    reads: ['securityHub'],
    // Only a rule asked to require standards reads them: where GetEnabledStandards failed, it alone is UNKNOWN naming that call.
    readsWithOptions: (options) => (options.requiredStandards.length > 0 ? ['securityHubStandards'] : []),
    controls: [],
    remediation: {
      text:
        'Enable Security Hub CSPM in this Region (console: Security Hub CSPM → Enable; CLI: `aws securityhub enable-security-hub`), ' +
        'and the standards your organization requires (`aws securityhub batch-enable-standards`). In an organization, let the ' +
        'Security Hub delegated administrator enable it for every member account and Region (central configuration).',
      url: 'https://docs.aws.amazon.com/securityhub/latest/userguide/securityhub-settingup.html',
    },
    messages: {
      enabled: 'Security Hub CSPM is enabled in account {{account}}, Region {{region}}.',
      enabledWithStandards: 'Security Hub CSPM is enabled in account {{account}}, Region {{region}}, with the required standards ready: {{standards}}.',
      disabled: 'Security Hub CSPM is not enabled in account {{account}}, Region {{region}}: no security findings are gathered there.',
      standardsNotReady: 'Security Hub CSPM is enabled in account {{account}}, Region {{region}}, but required standards are not ready: {{problems}}.',
      standardStatusUnknown:
        'Security Hub CSPM is enabled in account {{account}}, Region {{region}}, but required standard {{standards}} has no recorded status.',
      standardsUnread:
        'Security Hub CSPM is enabled in account {{account}}, Region {{region}}, but its enabled standards are not in the inventory ' +
        '(the source does not carry them; a live scan reads them with securityhub:GetEnabledStandards), so the required standards {{required}} cannot be checked.',
      notCollected:
        "Security Hub CSPM's status was not read for account {{account}}, Region {{region}} (a plain AWS Config snapshot does not carry it).",
    },
    options: z.strictObject({
      /**
       * Standards that must be enabled and READY, named as in their ARN: `aws-foundational-security-best-practices`,
       * `cis-aws-foundations-benchmark` (any version) or `cis-aws-foundations-benchmark/v/3.0.0` (that version). Only status
       * READY counts: a PENDING, INCOMPLETE, FAILED or DELETING standard fails.
       */
      requiredStandards: z
        .array(z.string().regex(/^[a-z0-9-]+(\/v\/[0-9][0-9.]*)?$/, 'name a standard as in its ARN: NAME or NAME/v/VERSION, e.g. aws-foundational-security-best-practices'))
        .default([]),
    }),
    fixCost() {
      return usageBased('Security Hub is priced per security check and finding ingested (30-day free trial)');
    },
  },
  check(item, context) {
    const { accountId: account, region } = scopeOf(item);
    const where = { account, region };
    const hub = item.configuration.securityHub;
    if (hub === undefined || hub === null) return context.unknown('notCollected', where);
    if (!hub.enabled) return context.fail('disabled', where);

    const required = context.options.requiredStandards;
    if (required.length === 0) return context.pass('enabled', where);
    const standards = hub.standards;
    if (standards === undefined || standards === null) return context.unknown('standardsUnread', { ...where, required: required.join(', ') });

    const problems: string[] = [];
    const unrecorded: string[] = [];
    for (const name of required) {
      const matching = standards.filter((standard) => names(standard.standardsArn ?? '', name));
      if (matching.some((standard) => standard.status === READY)) continue;
      if (matching.length === 0) problems.push(`${name} (not enabled)`);
      else if (matching.some((standard) => standard.status === undefined || standard.status === null)) unrecorded.push(name);
      else problems.push(`${name} (${matching.map((standard) => standard.status ?? '').join(', ')})`);
    }
    if (problems.length > 0) return context.fail('standardsNotReady', { ...where, problems: problems.join(', ') });
    if (unrecorded.length > 0) return context.unknown('standardStatusUnknown', { ...where, standards: unrecorded.join(', ') });
    return context.pass('enabledWithStandards', { ...where, standards: required.join(', ') });
  },
});
