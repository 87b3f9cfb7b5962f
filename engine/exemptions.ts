/**
 * Exemptions: from the settings file (rule, resource ARN pattern, reason, expiry) or from a tag
 * on the resource listing rule ids. An expired exemption stops applying.
 */
import { itemKey, tagValue, type AnyConfigurationItem } from '../model/configuration-item.js';
import type { Exemption } from './result.js';
import type { Settings } from './settings.js';

const patternCache = new Map<string, RegExp>();

/** `*` matches any run of characters (`:` and `/` included), `?` one character; the rest is literal. */
export function arnPattern(pattern: string): RegExp {
  let regex = patternCache.get(pattern);
  if (regex === undefined) {
    const body = pattern
      .split('')
      .map((char) => (char === '*' ? '.*' : char === '?' ? '.' : char.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
      .join('');
    regex = new RegExp(`^${body}$`);
    patternCache.set(pattern, regex);
  }
  return regex;
}

/** The rule ids a tag value lists, split on commas and white space. */
export function tagRuleIds(value: string): string[] {
  return value.split(/[\s,]+/).filter((id) => id !== '');
}

/** The exemption that applies to `ruleId` on `item` at time `now`, if any. */
export function findExemption(ruleId: string, item: AnyConfigurationItem, settings: Settings, now: Date): Exemption | undefined {
  // Items without an ARN (the synthetic account item) match by account/Region/type/id.
  const identity = itemKey(item);
  for (const exemption of settings.exemptions) {
    if (exemption.rule !== '*' && exemption.rule !== ruleId) continue;
    if (exemption.expires.time < now.getTime()) continue;
    if (arnPattern(exemption.resource).test(identity)) {
      return { source: 'settings', reason: exemption.reason, expires: exemption.expires.text };
    }
  }
  const tagged = tagValue(item, settings.exemptionTag);
  if (tagged !== undefined && tagRuleIds(tagged).some((id) => id === ruleId || id === '*')) {
    return { source: 'tag', reason: `tag ${settings.exemptionTag}=${tagged}` };
  }
  return undefined;
}

/** One warning per settings exemption that has expired, so stale entries get cleaned up. */
export function expiredExemptionWarnings(settings: Settings, now: Date): string[] {
  return settings.exemptions
    .filter((exemption) => exemption.expires.time < now.getTime())
    .map((exemption) => `exemption of ${exemption.rule} for ${exemption.resource} expired ${exemption.expires.text}; it no longer applies`);
}
