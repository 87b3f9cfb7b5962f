/**
 * access-analyzer-enabled: an IAM Access Analyzer external access analyzer is active in every
 * account × Region (Security Hub IAM.28), so that resources shared outside the zone of trust
 * (public or cross-account buckets, roles, keys, queues …) are found and reviewed.
 *
 * Judged on the account × Region item, from the Region's `AWS::AccessAnalyzer::Analyzer` items
 * (ListAnalyzers). It passes when one analyzer of type ACCOUNT or ORGANIZATION — the two external
 * access types — has status ACTIVE. Unused-access and internal-access analyzers
 * (`*_UNUSED_ACCESS`, `*_INTERNAL_ACCESS`) analyze something else and do not count; an external
 * analyzer that is CREATING, DISABLED or FAILED does not either. An analyzer whose type, or an
 * external analyzer whose status, is not recorded makes the Region UNKNOWN when nothing else
 * passes: AWS Config does not record the status (gatewatch's live source adds it), so a plain
 * Config snapshot is UNKNOWN wherever an external analyzer exists. A failed ListAnalyzers makes the
 * rule UNKNOWN naming the call (the engine, from `needs`).
 *
 * An ORGANIZATION analyzer lives in the organization's management or delegated administrator
 * account and covers the members from there; a member account with no analyzer of its own FAILs
 * here even when such an analyzer covers it, because a rule reads only its own account's items.
 * Exempt those accounts (with the organization analyzer named in the reason), or give each an
 * ACCOUNT analyzer of its own.
 */
import { scopeOf } from '../../inventory/inventory.js';
import { defineRule } from '../lib/define-rule.js';

/** The external access analyzer types: the zone of trust is the account or the organization. */
const EXTERNAL_TYPES: ReadonlySet<string> = new Set(['ACCOUNT', 'ORGANIZATION']);
const ACTIVE = 'ACTIVE';

export default defineRule({
  meta: {
    id: 'access-analyzer-enabled',
    gate: 'audit-detection',
    title: 'IAM Access Analyzer analyzes external access in every account and Region',
    severity: 'HIGH',
    priority: 'P2',
    resourceTypes: ['AWS::::Account'],
    needs: ['AWS::AccessAnalyzer::Analyzer'],
    controls: ['IAM.28'],
    remediation: {
      text:
        'Create an external access analyzer in this Region (IAM console → Access Analyzer → Create analyzer, "External access"; ' +
        'CLI: `aws accessanalyzer create-analyzer --analyzer-name external-access --type ACCOUNT`), or, in an organization, an ' +
        'ORGANIZATION analyzer in the delegated administrator account. Review its findings regularly. A FAILED or DISABLED ' +
        'analyzer names its reason (e.g. the organization disabled trusted access for Access Analyzer): fix it, or delete and re-create it. ' +
        'A member account covered only by an ORGANIZATION analyzer of another account fails here (gatewatch judges each account by its ' +
        'own analyzers): give it an ACCOUNT analyzer, or exempt it naming the organization analyzer.',
      url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-create-external.html',
    },
    messages: {
      active: 'IAM Access Analyzer external access analyzer {{analyzer}} ({{type}}) is active in account {{account}}, Region {{region}}.',
      noAnalyzer: 'IAM Access Analyzer has no analyzer in account {{account}}, Region {{region}}: external access to resources is not analyzed.',
      noExternalAnalyzer:
        'IAM Access Analyzer has no external access analyzer in account {{account}}, Region {{region}}; its analyzers analyze something else: {{analyzers}}.',
      notActive: 'No IAM Access Analyzer external access analyzer is active in account {{account}}, Region {{region}}: {{analyzers}}.',
      statusUnrecorded:
        'No IAM Access Analyzer external access analyzer is known to be active in account {{account}}, Region {{region}}: analyzer {{analyzers}} has no recorded status (AWS Config does not record it).',
      typeUnrecorded:
        'No IAM Access Analyzer external access analyzer is known to be active in account {{account}}, Region {{region}}: analyzer {{analyzers}} has no recorded type.',
    },
  },
  check(item, context) {
    const scope = scopeOf(item);
    const where = { account: scope.accountId, region: scope.region };
    const analyzers = context.inventory.inScope('AWS::AccessAnalyzer::Analyzer', scope).map((analyzer) => ({
      name: analyzer.configuration.AnalyzerName ?? analyzer.resourceName ?? analyzer.resourceId,
      type: analyzer.configuration.Type,
      status: analyzer.supplementaryConfiguration.AnalyzerStatus?.Status,
      reason: analyzer.supplementaryConfiguration.AnalyzerStatus?.StatusReason?.Code,
    }));
    const external = analyzers.filter((analyzer) => analyzer.type !== undefined && analyzer.type !== null && EXTERNAL_TYPES.has(analyzer.type));
    const active = external.find((analyzer) => analyzer.status === ACTIVE);
    if (active !== undefined) return context.pass('active', { ...where, analyzer: active.name, type: active.type ?? '' });
    if (analyzers.length === 0) return context.fail('noAnalyzer', where);

    const list = (entries: typeof analyzers): string => entries.map((entry) => entry.name).join(', ');
    const untyped = analyzers.filter((analyzer) => analyzer.type === undefined || analyzer.type === null);
    if (untyped.length > 0) return context.unknown('typeUnrecorded', { ...where, analyzers: list(untyped) });
    const unrecorded = external.filter((analyzer) => analyzer.status === undefined || analyzer.status === null);
    if (unrecorded.length > 0) return context.unknown('statusUnrecorded', { ...where, analyzers: list(unrecorded) });
    const describe = (entries: typeof analyzers, detail: (entry: (typeof analyzers)[number]) => string): string =>
      entries.map((entry) => `${entry.name} (${detail(entry)})`).join(', ');
    if (external.length > 0) {
      return context.fail('notActive', {
        ...where,
        analyzers: describe(external, (entry) => `${entry.type ?? ''}, ${entry.status ?? ''}${entry.reason === undefined || entry.reason === null ? '' : `: ${entry.reason}`}`),
      });
    }
    return context.fail('noExternalAnalyzer', { ...where, analyzers: describe(analyzers, (entry) => entry.type ?? '') });
  },
});
