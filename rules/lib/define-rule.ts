/**
 * `defineRule`: the one way a rule is written. It keeps the rule's resource types, message ids
 * and options typed, and checks at load time what the type system cannot.
 */
import type { ResourceType } from '../../model/configuration-item.js';
import type { Rule } from './types.js';

const TITLE_PREFIXES = /^(ensure|check|verify|make sure)\b/i;

/**
 * Defines a rule. Throws at import time when its metadata is inconsistent, so a broken rule
 * can never reach a scan.
 */
export function defineRule<const T extends ResourceType, const M extends string, O = Record<string, never>>(
  rule: Rule<T, M, O>,
): Rule<T, M, O> {
  const { meta } = rule;
  const problems: string[] = [];
  if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(meta.id)) problems.push('id must be kebab-case');
  if (TITLE_PREFIXES.test(meta.title)) problems.push('title must state the compliant state, not "Ensure …"');
  if (meta.resourceTypes.length === 0) problems.push('resourceTypes is empty');
  if (Object.keys(meta.messages).length === 0) problems.push('messages is empty');
  if (!/^https:\/\/docs\.aws\.amazon\.com\//.test(meta.remediation.url)) problems.push('remediation.url must be AWS documentation');
  if (meta.options !== undefined && !meta.options.safeParse({}).success) problems.push('options must parse {} to its defaults');
  if (problems.length > 0) throw new Error(`rule ${meta.id}: ${problems.join('; ')}`);
  return rule;
}
