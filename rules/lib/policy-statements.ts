/**
 * The statements of a policy document in one form, whatever legal form the document used: the
 * view every IAM and resource-policy rule judges.
 */
import type { PolicyDocument, PolicyStatement } from '../../model/policy-document.js';

/** A statement with every list-or-string field made a list, and its position for messages. */
export interface NormalizedStatement {
  /** `Sid` when present, else `#<index>` (0-based position in the document). */
  readonly label: string;
  readonly effect: 'Allow' | 'Deny';
  readonly actions: readonly string[] | undefined;
  readonly notActions: readonly string[] | undefined;
  readonly resources: readonly string[] | undefined;
  readonly notResources: readonly string[] | undefined;
  readonly principal: PolicyStatement['Principal'];
  readonly condition: PolicyStatement['Condition'];
}

const asList = (value: string | readonly string[] | undefined): readonly string[] | undefined =>
  value === undefined ? undefined : typeof value === 'string' ? [value] : value;

/** The statements of a document as a list, whatever legal form the document used. */
export function statementsOf(document: PolicyDocument): NormalizedStatement[] {
  const statements = Array.isArray(document.Statement) ? document.Statement : [document.Statement];
  return statements.map((statement, index) => ({
    label: statement.Sid !== undefined && statement.Sid !== '' ? statement.Sid : `#${index}`,
    effect: statement.Effect,
    actions: asList(statement.Action),
    notActions: asList(statement.NotAction),
    resources: asList(statement.Resource),
    notResources: asList(statement.NotResource),
    principal: statement.Principal,
    condition: statement.Condition,
  }));
}
