/** Message templates: `{{name}}` placeholders filled from a verdict's data. */
import type { MessageData } from '../rules/lib/types.js';

const PLACEHOLDER = /\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g;

/** The placeholder names a template uses. */
export function placeholders(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((match) => match[1] ?? '');
}

/** Fills a template; a placeholder with no data is left visible as `{{name}}`, never blank. */
export function renderMessage(template: string, data: MessageData): string {
  return template.replace(PLACEHOLDER, (whole, name: string) => {
    const value = data[name];
    return value === undefined ? whole : String(value);
  });
}

/** Messages the engine itself gives, for every rule. */
export const ENGINE_MESSAGES = {
  collectionFailed: 'Not evaluated: {{cause}}',
  listFailed: '{{resourceType}} could not be listed completely in {{region}}: {{cause}}',
  notProduction: 'Outside the production scope: {{reason}}',
  ruleError: 'The rule failed on this resource: {{error}}',
} as const;

export type EngineMessageId = keyof typeof ENGINE_MESSAGES;
