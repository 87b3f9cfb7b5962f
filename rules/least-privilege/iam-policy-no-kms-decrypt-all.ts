import { matchesWildcard } from '../lib/iam-actions.js';
import { IDENTITY_POLICY_TYPES, identityDocumentsOf, nothingToJudge, listSome, type NamedDocument } from '../lib/iam-documents.js';
import { defineRule } from '../lib/define-rule.js';
import { statementsOf, type NormalizedStatement } from '../lib/policy-statements.js';

/** The actions KMS.1 and KMS.2 block on all keys. */
const DECRYPT_ACTIONS = ['kms:Decrypt', 'kms:ReEncryptFrom'] as const;

/** One statement that allows a decrypt action on every key. */
interface DecryptGrant {
  readonly policy: string;
  readonly statement: string;
  readonly actions: string;
  readonly keys: string;
}

/**
 * Key ARNs that stand for "every key of the account": several Regions, a single-Region and a
 * multi-Region key id. A Resource entry covers all keys when it matches every one of them, so
 * `*`, `arn:aws:kms:*:*:key/*` and `arn:aws:kms:*:111122223333:*` do, and a key or a Region named
 * does not; a NotResource reaches all keys unless one of its entries excludes a probe (a Region
 * or all keys), so excluding a few named keys still leaves every other key.
 */
function probeKeys(partition: string, account: string): string[] {
  return ['us-east-1', 'eu-west-1', 'ap-southeast-2'].flatMap((region) =>
    // Made-up key ids, so that a NotResource naming a real key never excludes a probe.
    ['ffffffff-0000-4000-8000-0000feedbeef', 'mrk-ffffffff000040008000feedbeef0000'].map((key) => `arn:${partition}:kms:${region}:${account}:key/${key}`),
  );
}

/** The decrypt actions a statement allows, each with the entry that grants it. */
function decryptActions(statement: NormalizedStatement): string[] {
  return DECRYPT_ACTIONS.flatMap((action) => {
    if (statement.actions !== undefined) {
      const entry = statement.actions.find((pattern) => matchesWildcard(pattern, action));
      if (entry === undefined) return [];
      return [entry.toLowerCase() === action.toLowerCase() ? action : `${action} (via ${entry})`];
    }
    if (statement.notActions !== undefined && !statement.notActions.some((pattern) => matchesWildcard(pattern, action))) {
      return [`${action} (NotAction ${listSome(statement.notActions)})`];
    }
    return [];
  });
}

/** How the statement reaches every key, or undefined when it names keys (or Regions). ARNs match case-sensitively. */
function allKeys(statement: NormalizedStatement, probes: readonly string[]): string | undefined {
  if (statement.resources !== undefined) {
    const entry = statement.resources.find((pattern) => probes.every((probe) => matchesWildcard(pattern, probe, false)));
    return entry === undefined ? undefined : `Resource ${entry}`;
  }
  if (statement.notResources !== undefined) {
    const excluded = statement.notResources.some((pattern) => probes.some((probe) => matchesWildcard(pattern, probe, false)));
    return excluded ? undefined : `NotResource ${listSome(statement.notResources)}`;
  }
  return undefined;
}

export default defineRule({
  meta: {
    id: 'iam-policy-no-kms-decrypt-all',
    gate: 'least-privilege',
    title: 'IAM policies allow kms:Decrypt and kms:ReEncryptFrom on named keys only',
    // FSBP rates KMS.1 and KMS.2 MEDIUM; the same severity keeps both findings in step.
    severity: 'MEDIUM',
    priority: 'P2',
    resourceTypes: IDENTITY_POLICY_TYPES,
    controls: ['KMS.1', 'KMS.2'],
    remediation: {
      text:
        'Allow kms:Decrypt and kms:ReEncryptFrom only on the ARNs of the keys the principal needs (not "*", not "arn:aws:kms:*:*:key/*"), ' +
        'and replace kms:* or broader wildcards with the actions it uses.',
      url: 'https://docs.aws.amazon.com/securityhub/latest/userguide/kms-controls.html#kms-1',
    },
    messages: {
      namedKeys: 'Policy {{policy}} allows no decryption on all KMS keys.',
      inlineNamedKeys: 'The inline policies of {{principal}} ({{policies}}) allow no decryption on all KMS keys.',
      decryptAll: 'Policy {{policy}}: statement {{statement}} allows {{actions}} on all KMS keys ({{keys}}).',
      decryptAllSeveral:
        'Policy {{policy}}: statement {{statement}} allows {{actions}} on all KMS keys ({{keys}}); {{count}} statements in all do so ({{statements}}).',
      noInlinePolicies: 'The {{principal}} has no inline policies; its attached managed policies are judged on their own.',
      awsManaged: 'Policy {{policy}} is an AWS managed policy; its attachments are judged by iam-principal-no-admin-managed-policy.',
      noDefaultVersion: 'Policy {{policy}} has no recorded default version (default version id: {{version}}).',
      noDocument: 'Policy {{policy}}: the document of its default version {{version}} was not recorded.',
      inlineNoDocument: 'The document of inline policy {{policies}} was not recorded, so decryption on all KMS keys cannot be ruled out.',
    },
  },
  check(item, context) {
    const subject = identityDocumentsOf(item);
    if (subject.kind !== 'managed' && subject.kind !== 'inline') return nothingToJudge(subject);
    const partition = /^arn:(aws[a-z-]*):/.exec(item.ARN ?? '')?.[1] ?? 'aws';
    const probes = probeKeys(partition, item.awsAccountId);
    // Conditions are not weighed: the Resource element names keys (kms:ViaService still reaches every key through
    // that service); a statement that narrows keys by condition (kms:ResourceAliases) can be exempted.
    const grants = subject.documents.flatMap(({ policy, document }: NamedDocument): DecryptGrant[] =>
      statementsOf(document).flatMap((statement) => {
        if (statement.effect !== 'Allow') return [];
        const actions = decryptActions(statement);
        const keys = actions.length === 0 ? undefined : allKeys(statement, probes);
        return keys === undefined ? [] : [{ policy, statement: statement.label, actions: actions.join(' and '), keys }];
      }),
    );
    const [first] = grants;
    if (first !== undefined) {
      return grants.length === 1
        ? context.fail('decryptAll', { ...first })
        : context.fail('decryptAllSeveral', {
            ...first,
            count: grants.length,
            statements: listSome(grants.map((grant) => `${grant.statement} of ${grant.policy}`)),
          });
    }
    if (subject.kind === 'managed') return context.pass('namedKeys', { policy: subject.policy });
    if (subject.missing.length > 0) return context.unknown('inlineNoDocument', { policies: subject.missing.join(', ') });
    return context.pass('inlineNamedKeys', { principal: subject.principal, policies: subject.policies });
  },
});
