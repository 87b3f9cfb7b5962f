/**
 * SNS messages in the Amazon Q Developer in chat applications custom-notification format
 * (https://docs.aws.amazon.com/chatbot/latest/adminguide/custom-notifs.html), and the alert sent
 * when findings newly become FAILED: one message per account × Region, never one per finding.
 *
 * Every message stays inside Slack's and SNS's limits whatever it is given: a title of at most
 * 250 characters, a description of at most 3,000 (Slack's section block), one line per listed item
 * (no resource name or message can break the list), and a payload under SNS's 262,144 bytes.
 */
import type { MessageAttributeValue } from '@aws-sdk/client-sns';
import { GATE_IDS, SEVERITIES, type Gate, type Severity } from '../model/gates.js';

/** An Amazon Q Developer custom notification, as published on SNS (the message body, as JSON). */
export interface CustomNotification {
  readonly version: '1.0';
  readonly source: 'custom';
  /** A unique event identifier. */
  readonly id?: string;
  readonly content: {
    readonly textType: 'client-markdown';
    readonly title: string;
    readonly description: string;
    readonly nextSteps?: readonly string[];
    readonly keywords?: readonly string[];
  };
  readonly metadata?: {
    /** Notifications with the same thread id are posted in one Slack thread. */
    readonly threadId?: string;
    readonly summary?: string;
    readonly eventType?: string;
    readonly relatedResources?: readonly string[];
    readonly additionalContext?: Readonly<Record<string, string>>;
  };
}

/** What `publish` sends: the message body and its attributes (for subscription filter policies). */
export interface SnsMessage {
  readonly message: string;
  readonly attributes: Record<string, MessageAttributeValue>;
}

/** A finding that newly became FAILED (not exempted), for an alert. */
export interface AlertEntry {
  readonly ruleId: string;
  readonly gate: Gate;
  readonly severity: Severity;
  /** ARN, or item key when the resource has none. */
  readonly resource: string;
  readonly resourceName: string;
  /** The evaluation's rendered message. */
  readonly message: string;
  readonly remediation: { readonly text: string; readonly url: string };
}

/** The most bytes SNS accepts: message body plus every attribute's name, type and value. */
export const SNS_MAX_PAYLOAD_BYTES = 262_144;
/** The longest title gatewatch sends. */
export const TITLE_MAX = 250;
/** Slack shows the description in a section block, whose text is capped at 3,000 characters. */
export const DESCRIPTION_MAX = 3_000;
/** The longest line of a list in a description, next step or summary. */
export const LINE_MAX = 200;
/** At most this many next steps in an alert. */
export const MAX_NEXT_STEPS = 5;

/** `text` cut to `max` UTF-16 units, ending in `…` when cut (never splitting a surrogate pair). */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = Math.max(0, max - 1);
  const last = text.charCodeAt(cut - 1);
  if (cut > 0 && last >= 0xd800 && last <= 0xdbff) cut -= 1;
  return `${text.slice(0, cut)}…`;
}

/**
 * Text that comes from resources (names, tag values, messages) made safe for one line of Slack
 * markdown: line breaks and control characters become spaces, `<` and `>` become `‹` `›` (so no
 * text can form a Slack link or an `@channel` mention), and the result is cut at `max`.
 */
export function oneLine(text: string, max: number = LINE_MAX): string {
  const flat = text
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f\u0085\u2028\u2029]+/g, ' ')
    .replaceAll('<', '‹')
    .replaceAll('>', '›')
    .replace(/ {2,}/g, ' ')
    .trim();
  return truncate(flat, max);
}

/** `1 failure`, `3 failures`. */
export function plural(count: number, noun: string): string {
  return `${count} ${count === 1 ? noun : `${noun}s`}`;
}

/** The line that stands for `count` items left out of a list. */
export function moreLine(count: number): string {
  return `…and ${count} more`;
}

/**
 * The first lines that fit in `budget` characters (joined by newlines), followed by
 * `…and N more` when some of `total` items (default: every line) are left out.
 */
export function fitLines(lines: readonly string[], budget: number, total: number = lines.length): { readonly lines: string[]; readonly listed: number } {
  const kept: string[] = [];
  let used = 0;
  for (const [index, line] of lines.entries()) {
    const left = total - index - 1;
    const added = (kept.length > 0 ? 1 : 0) + line.length;
    const reserve = left > 0 ? 1 + moreLine(left).length : 0;
    if (used + added + reserve > budget) break;
    kept.push(line);
    used += added;
  }
  const listed = kept.length;
  if (listed < total) {
    const more = moreLine(total - listed);
    if (used + (listed > 0 ? 1 : 0) + more.length <= budget) kept.push(more);
  }
  return { lines: kept, listed };
}

/** Orders severities most severe first. */
export function bySeverity(a: Severity, b: Severity): number {
  return SEVERITIES.indexOf(a) - SEVERITIES.indexOf(b);
}

/** The most severe of `severities`; INFORMATIONAL when there are none. */
export function highestSeverity(severities: Iterable<Severity>): Severity {
  let highest: Severity = 'INFORMATIONAL';
  for (const severity of severities) if (bySeverity(severity, highest) < 0) highest = severity;
  return highest;
}

/** Distinct gates in the catalogue's order. */
export function distinctGates(gates: Iterable<Gate>): Gate[] {
  const present = new Set(gates);
  return GATE_IDS.filter((gate) => present.has(gate));
}

/** A `String` message attribute. */
export function stringAttribute(value: string): MessageAttributeValue {
  return { DataType: 'String', StringValue: value };
}

/** A `String.Array` message attribute: the values as a JSON array. */
export function stringArrayAttribute(values: readonly string[]): MessageAttributeValue {
  return { DataType: 'String.Array', StringValue: JSON.stringify(values) };
}

/** The bytes SNS counts against its limit: the body and every attribute's name, type and value. */
export function payloadBytes(message: SnsMessage): number {
  let bytes = Buffer.byteLength(message.message, 'utf8');
  for (const [name, value] of Object.entries(message.attributes)) {
    bytes += Buffer.byteLength(name, 'utf8') + Buffer.byteLength(value.DataType ?? '', 'utf8');
    bytes += value.StringValue === undefined ? 0 : Buffer.byteLength(value.StringValue, 'utf8');
    bytes += value.BinaryValue?.byteLength ?? 0;
  }
  return bytes;
}

/**
 * The SNS message of a notification. Title and description are checked against their limits;
 * if the payload would exceed SNS's, related resources are dropped from the end until it fits.
 * @throws {Error} when a limit is exceeded anyway: a bug in the message builder.
 */
export function toSnsMessage(notification: CustomNotification, attributes: Record<string, MessageAttributeValue>): SnsMessage {
  const { title, description } = notification.content;
  if (title.length > TITLE_MAX) throw new Error(`notification title is ${title.length} characters, more than ${TITLE_MAX}`);
  if (description.length > DESCRIPTION_MAX) throw new Error(`notification description is ${description.length} characters, more than ${DESCRIPTION_MAX}`);
  let current = notification;
  for (;;) {
    const message = { message: JSON.stringify(current), attributes };
    const bytes = payloadBytes(message);
    if (bytes <= SNS_MAX_PAYLOAD_BYTES) return message;
    const related = current.metadata?.relatedResources ?? [];
    if (related.length === 0) throw new Error(`notification "${title}" is ${bytes} bytes, more than SNS's ${SNS_MAX_PAYLOAD_BYTES}`);
    current = { ...current, metadata: { ...current.metadata, relatedResources: related.slice(0, Math.floor(related.length / 2)) } };
  }
}

/** Most severe first, then rule id, then resource: the order an alert lists its entries in. */
function compareEntries(a: AlertEntry, b: AlertEntry): number {
  return bySeverity(a.severity, b.severity) || compareText(a.ruleId, b.ruleId) || compareText(a.resource, b.resource);
}

/** Code-unit order, the same on every machine (unlike localeCompare). */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function entryLine(entry: AlertEntry): string {
  const name = oneLine(entry.resourceName === '' ? entry.resource : entry.resourceName, 80);
  return oneLine(`• *${entry.severity}* \`${oneLine(entry.ruleId, 64)}\` — ${name}: ${entry.message}`, LINE_MAX);
}

/**
 * The alert for findings of one account × Region (`global` for IAM) that newly became FAILED.
 * Lists up to `maxListed` entries (most severe first, then rule id, then resource), as many as
 * fit in the description, then `…and N more`; next steps give the remediation of the listed
 * rules (at most 5). Posted in the Slack thread `gatewatch-ACCOUNT-REGION`.
 * @throws {Error} when `entries` is empty (an alert about nothing is a bug), the account or Region
 *   is empty (SNS rejects empty attributes) or `maxListed` is not a positive integer.
 */
export function buildAlert(input: { accountId: string; region: string; entries: readonly AlertEntry[]; maxListed: number }): SnsMessage {
  const { accountId, region, entries, maxListed } = input;
  if (entries.length === 0) throw new Error(`an alert for ${accountId} ${region} was built with no entries`);
  if (accountId === '' || region === '') throw new Error(`an alert needs an account and a Region, got "${accountId}" and "${region}"`);
  if (!Number.isInteger(maxListed) || maxListed < 1) throw new Error(`maxListed must be a positive integer, got ${maxListed}`);

  const sorted = [...entries].sort(compareEntries);
  const { lines, listed } = fitLines(sorted.slice(0, maxListed).map(entryLine), DESCRIPTION_MAX, sorted.length);
  const shown = sorted.slice(0, listed);

  const nextSteps: string[] = [];
  const seenRules = new Set<string>();
  for (const entry of shown) {
    if (seenRules.has(entry.ruleId) || nextSteps.length >= MAX_NEXT_STEPS) continue;
    seenRules.add(entry.ruleId);
    nextSteps.push(`${oneLine(entry.ruleId, 64)}: ${oneLine(entry.remediation.text)} <${oneLine(entry.remediation.url, 500).replaceAll('|', '%7C')}|docs>`);
  }

  const highest = highestSeverity(entries.map((entry) => entry.severity));
  const gates = distinctGates(entries.map((entry) => entry.gate));
  const where = `${oneLine(accountId, 64)} ${oneLine(region, 64)}`;
  const failures = `${entries.length} new ${entries.length === 1 ? 'failure' : 'failures'}`;

  const notification: CustomNotification = {
    version: '1.0',
    source: 'custom',
    content: {
      textType: 'client-markdown',
      title: truncate(`gatewatch: ${failures} in ${where}`, TITLE_MAX),
      description: lines.join('\n'),
      nextSteps,
      keywords: [highest, ...gates],
    },
    metadata: {
      threadId: `gatewatch-${accountId}-${region}`,
      summary: oneLine(`${failures} in ${where}, highest severity ${highest}`, TITLE_MAX),
      eventType: 'NewFailures',
      relatedResources: [...new Set(shown.map((entry) => entry.resource))],
    },
  };
  return toSnsMessage(notification, {
    severity: stringAttribute(highest),
    gates: stringArrayAttribute(gates),
    account: stringAttribute(accountId),
    region: stringAttribute(region),
    eventType: stringAttribute('NewFailures'),
  });
}
