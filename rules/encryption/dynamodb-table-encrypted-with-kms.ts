/**
 * dynamodb-table-encrypted-with-kms: DynamoDB tables are encrypted at rest — always true, DynamoDB
 * cannot store unencrypted data — and, with option `requireCmk`, encrypted with a customer managed
 * KMS key rather than an AWS owned key or the AWS managed key `aws/dynamodb`.
 *
 * Without `requireCmk` every table passes. With it, the key is read from `ssedescription`:
 * - absent (on a described table), `AES256`, or status DISABLED/DISABLING: an AWS owned key → FAIL;
 * - a key under an `alias/aws/` alias: AWS managed → FAIL;
 * - a key under another alias: customer managed (aliases cannot name AWS managed keys) → PASS;
 * - a key ARN in another account: customer managed (AWS managed keys live in the table's own
 *   account) → PASS;
 * - a key ARN in the table's own account: DescribeTable gives the key ARN even for `aws/dynamodb`,
 *   and nothing in the table's item tells the two apart (that takes KMS DescribeKey's KeyManager,
 *   which gatewatch does not collect) → UNKNOWN.
 */
import { z } from 'zod';
import type { ConfigurationItem } from '../../model/configuration-item.js';
import { defineRule } from '../lib/define-rule.js';

type Table = ConfigurationItem<'AWS::DynamoDB::Table'>;

/** The statuses in which a table is (being switched back to) encrypted with an AWS owned key. */
const OWNED_KEY_STATUSES = new Set(['DISABLED', 'DISABLING']);

type KeyKind = { readonly kind: 'awsManaged' } | { readonly kind: 'customer'; readonly why: string } | { readonly kind: 'undecided' };

/** What a key identifier (key ARN, alias ARN or alias name) says about who manages the key. */
function keyKind(key: string, tableAccount: string): KeyKind {
  if (/(^|:)alias\/aws\//.test(key)) return { kind: 'awsManaged' };
  if (/(^|:)alias\//.test(key)) return { kind: 'customer', why: 'a customer alias' };
  const account = key.startsWith('arn:') ? key.split(':')[4] : undefined;
  if (account !== undefined && /^\d{12}$/.test(account) && account !== tableAccount) return { kind: 'customer', why: `a key of account ${account}` };
  return { kind: 'undecided' };
}

/** The table's encryption in words, for the default (every table passes) message. */
function keyDescription(item: Table): string {
  const sse = item.configuration.ssedescription;
  if (sse?.kmsmasterKeyArn) return `KMS key ${sse.kmsmasterKeyArn}`;
  if (sse === undefined || sse === null) return item.configuration.tableStatus ? 'an AWS owned key' : 'a key that is not recorded';
  return sse.ssetype?.toUpperCase() === 'AES256' ? 'an AWS owned key' : 'a key that is not recorded';
}

export default defineRule({
  meta: {
    id: 'dynamodb-table-encrypted-with-kms',
    gate: 'encryption',
    title: 'DynamoDB tables are encrypted at rest, with a customer key if required',
    // No FSBP control. Every table is encrypted at rest; a customer managed key adds control over
    // key policy, rotation and revocation, so a miss is LOW.
    severity: 'LOW',
    priority: 'P2',
    resourceTypes: ['AWS::DynamoDB::Table'],
    controls: [],
    remediation: {
      text:
        'Switch the table to a customer managed KMS key (console: table → Additional settings → Encryption → Manage ' +
        'encryption; CLI: `aws dynamodb update-table --table-name <name> --sse-specification ' +
        'Enabled=true,SSEType=KMS,KMSMasterKeyId=<key-arn>`). The switch runs online, without downtime.',
      url: 'https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/EncryptionAtRest.html',
    },
    messages: {
      encrypted: 'DynamoDB table {{table}} is encrypted at rest with {{key}}.',
      customerManagedKey: 'DynamoDB table {{table}} is encrypted with customer managed KMS key {{key}} ({{reason}}).',
      awsOwnedKey: 'DynamoDB table {{table}} is encrypted with an AWS owned key, not a customer managed KMS key.',
      awsManagedKey: 'DynamoDB table {{table}} is encrypted with the AWS managed key {{key}}, not a customer managed KMS key.',
      keyManagerUnknown:
        'DynamoDB table {{table}} is encrypted with KMS key {{key}}; whether it is customer managed or the AWS managed aws/dynamodb key cannot be told without the key\'s metadata.',
      keyMissing: 'DynamoDB table {{table}} is encrypted with KMS, but its key is not recorded.',
      sseUnrecorded: 'DynamoDB table {{table}} has an encryption description without a recorded type or key.',
      notDescribed: 'DynamoDB table {{table}} has no recorded description, so its encryption key cannot be judged.',
    },
    options: z.strictObject({
      /** Demand a customer managed KMS key (not an AWS owned key, not `aws/dynamodb`). */
      requireCmk: z.boolean().default(false),
    }),
  },
  check(item, context) {
    const table = item.configuration.tableName ?? item.resourceId;
    if (!context.options.requireCmk) return context.pass('encrypted', { table, key: keyDescription(item) });

    const sse = item.configuration.ssedescription;
    if (sse === undefined || sse === null) {
      // DescribeTable leaves SSEDescription out for an AWS owned key — but only a described table says so.
      return item.configuration.tableStatus ? context.fail('awsOwnedKey', { table }) : context.unknown('notDescribed', { table });
    }
    const type = sse.ssetype?.toUpperCase();
    if (type === 'AES256' || OWNED_KEY_STATUSES.has(sse.status?.toUpperCase() ?? '')) return context.fail('awsOwnedKey', { table });

    const key = sse.kmsmasterKeyArn;
    if (!key) return type === 'KMS' ? context.unknown('keyMissing', { table }) : context.unknown('sseUnrecorded', { table });
    const kind = keyKind(key, item.awsAccountId);
    if (kind.kind === 'awsManaged') return context.fail('awsManagedKey', { table, key });
    if (kind.kind === 'customer') return context.pass('customerManagedKey', { table, key, reason: kind.why });
    return context.unknown('keyManagerUnknown', { table, key });
  },
});
