/**
 * Exemptions: from the settings file (rule, resource ARN pattern, reason, expiry) or from a tag
 * on the resource listing rule ids. An expired exemption stops applying.
 */
import { itemKey, tagValue, type AnyConfigurationItem } from '../model/configuration-item.js';
import type { Exemption } from './result.js';
import type { Settings } from './settings.js';

/** The longest ARN pattern the settings accept: AWS ARNs are at most 2048 characters. */
export const MAX_ARN_PATTERN_LENGTH = 2048;

const STAR = 0x2a;
const QUESTION = 0x3f;

/** Counts the comparisons a match makes (for tests that its work stays bounded). */
export interface MatchSteps {
  steps: number;
}

/**
 * Whether `value` matches the ARN `pattern`: `*` matches any run of characters (`:` and `/`
 * included, and none), `?` exactly one character; every other character matches itself.
 *
 * Two pointers with the last `*` remembered: on a mismatch only the last `*` takes one more
 * character, so the work is at most (pattern length + 1) × (value length + 1) steps, whatever the
 * pattern — a pattern of many `*` and `?` cannot blow up as a backtracking regular expression does
 * (`arn:*?*?*?*?*?*?*?#` took minutes per ARN as a RegExp).
 */
export function matchesArnPattern(pattern: string, value: string, counter?: MatchSteps): boolean {
  let p = 0;
  let v = 0;
  /** The position just after the last `*` seen, and the value position it was tried from. */
  let star = -1;
  let starFrom = 0;
  let steps = 0;
  while (v < value.length) {
    steps += 1;
    const char = pattern.charCodeAt(p);
    if (p < pattern.length && char === STAR) {
      p += 1;
      star = p;
      starFrom = v;
    } else if (p < pattern.length && (char === QUESTION || char === value.charCodeAt(v))) {
      p += 1;
      v += 1;
    } else if (star !== -1) {
      // The last `*` takes one more character; what follows it is tried again from there.
      starFrom += 1;
      v = starFrom;
      p = star;
    } else {
      if (counter !== undefined) counter.steps += steps;
      return false;
    }
  }
  while (p < pattern.length && pattern.charCodeAt(p) === STAR) p += 1;
  if (counter !== undefined) counter.steps += steps;
  return p === pattern.length;
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
    if (matchesArnPattern(exemption.resource, identity)) {
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
