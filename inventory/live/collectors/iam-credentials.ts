/**
 * The IAM credential report: one CSV for every user of the account and its root user (password,
 * MFA, access keys — AWS's "Getting credential reports", IAM User Guide), read in bulk instead of
 * four calls per user.
 *
 * GenerateCredentialReport starts a report only when the current one is more than 4 hours old
 * (State STARTED / INPROGRESS), else answers COMPLETE: it is polled with a short backoff, a bounded
 * number of times, within the scan's deadline. GetCredentialReport then returns the CSV bytes and
 * GeneratedTime; its ReportNotPresent / ReportExpired / ReportInProgress answers (the report went
 * between the two calls) start one more bounded round of generation.
 *
 * A re-scan started by a call that changed credentials (CollectContext.credentialsChangedAt) does
 * not judge a report generated before that call: the report cannot show the change, and a verdict
 * from it would be about the state before (UNKNOWN leaves the findings as they were; the next scan
 * after the report's regeneration judges the change).
 *
 * Nothing here defaults. A report that does not finish, a call that fails, a report older than
 * {@link MAX_REPORT_AGE_HOURS}, one that predates the credential change being followed, or one that does not parse strictly (a required column missing, a
 * row with the wrong number of fields, a value that is not a boolean, an ISO 8601 date or one of
 * the report's "no value" words) throws a CallFailure of the IAM call concerned; the collector
 * records it under the aspect `credentialReport`, so the rules reading the report are UNKNOWN
 * naming it and the other IAM rules judge the items as usual.
 */
import {
  GenerateCredentialReportCommand,
  GetCredentialReportCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { CallFailure } from '../../../aws/call-failure.js';
import type { CollectContext } from '../collector.js';

/** The aspect the report's failures are recorded under; rules reading the report list it in `meta.reads`. */
export const CREDENTIAL_REPORT = 'credentialReport';

/**
 * The oldest report judged, in hours. GenerateCredentialReport regenerates a report older than
 * 4 hours, so a report read right after it is at most 4 hours old; 24 leaves room for clock skew and
 * a slow generation, and still refuses a report that is a day behind (AWS not regenerating it, a
 * stale answer) rather than judging yesterday's credentials as today's.
 */
export const MAX_REPORT_AGE_HOURS = 24;

/** Polls of GenerateCredentialReport per round, and the waits between them (ms): about a minute in all. */
const POLL_WAITS_MS = [1_000, 2_000, 4_000, 8_000, 8_000, 8_000, 8_000, 8_000, 8_000] as const;
/** Rounds of generate-then-get when GetCredentialReport says the report is missing, expired or not ready. */
const ROUNDS = 2;

/** GetCredentialReport's answers that mean "generate (or wait) again", by SDK exception name and wire code. */
const REGENERATE = new Set([
  'CredentialReportNotPresentException',
  'CredentialReportExpiredException',
  'CredentialReportNotReadyException',
  'ReportNotPresent',
  'ReportExpired',
  'ReportInProgress',
]);

/** gatewatch's codes for a report it cannot judge. */
const NOT_READY = 'ReportNotReady';
const UNPARSABLE = 'ReportUnparsable';
const TOO_OLD = 'ReportTooOld';
const PREDATES_CHANGE = 'ReportPredatesChange';

/** The root user's row name in the report. */
export const ROOT_ROW = '<root_account>';

/** One access key slot of a report row. */
export interface ReportKey {
  readonly slot: 1 | 2;
  readonly active: boolean;
  readonly lastRotated: string | null;
  readonly lastUsedDate: string | null;
}

/** One row of the report, as `supplementaryConfiguration.CredentialReport` carries it. */
export interface ReportRow {
  readonly generatedTime: string;
  readonly passwordEnabled: boolean | null;
  readonly passwordLastUsed: string | null;
  readonly mfaActive: boolean;
  readonly accessKeys: readonly ReportKey[];
}

export interface CredentialReport {
  readonly generatedTime: string;
  /** User rows by ARN. */
  readonly users: ReadonlyMap<string, ReportRow>;
  /** The `<root_account>` row, when the report has one. */
  readonly root: ReportRow | undefined;
}

/** A report that is not what AWS documents. */
export class ReportParseError extends Error {
  override readonly name = 'ReportParseError';
}

/**
 * RFC 4180 CSV: fields separated by commas, records by CRLF or LF, a field in double quotes may hold
 * commas, line breaks and doubled quotes. A quote inside an unquoted field, or text after a closing
 * quote, is an error. One final line break is allowed; blank lines elsewhere are records of one
 * empty field (and so the wrong number of fields).
 */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let index = 0;
  let quoted = false;
  let afterQuote = false;
  const endRecord = () => {
    record.push(field);
    records.push(record);
    record = [];
    field = '';
    afterQuote = false;
  };
  while (index < text.length) {
    const char = text[index];
    if (quoted) {
      if (char === '"') {
        if (text[index + 1] === '"') {
          field += '"';
          index += 2;
          continue;
        }
        quoted = false;
        afterQuote = true;
      } else {
        field += char;
      }
      index += 1;
      continue;
    }
    if (char === ',') {
      record.push(field);
      field = '';
      afterQuote = false;
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && text[index + 1] === '\n') index += 1;
      endRecord();
    } else if (char === '"') {
      if (field !== '' || afterQuote) throw new ReportParseError(`a quote inside an unquoted field on line ${records.length + 1}`);
      quoted = true;
    } else {
      if (afterQuote) throw new ReportParseError(`text after a closing quote on line ${records.length + 1}`);
      field += char;
    }
    index += 1;
  }
  if (quoted) throw new ReportParseError('a quoted field is not closed at the end of the report');
  // The last record, unless the text ended with its line break.
  if (field !== '' || record.length > 0 || afterQuote) endRecord();
  return records;
}

/** The columns the rules need; the report has more (certificates, last-used Region and service), and AWS may add others. */
const REQUIRED = [
  'user',
  'arn',
  'password_enabled',
  'password_last_used',
  'mfa_active',
  'access_key_1_active',
  'access_key_1_last_rotated',
  'access_key_1_last_used_date',
  'access_key_2_active',
  'access_key_2_last_rotated',
  'access_key_2_last_used_date',
] as const;
type Column = (typeof REQUIRED)[number];

/** The report's words for "no value": no key, never used, not tracked, not applicable to the root. */
const NO_VALUE = new Set(['N/A', 'no_information', 'not_supported']);
const ISO_8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

function parseDate(value: string, where: string): string | null {
  if (NO_VALUE.has(value)) return null;
  const time = ISO_8601.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(time)) throw new ReportParseError(`${where} is ${JSON.stringify(value)}, not an ISO 8601 date, N/A, no_information or not_supported`);
  return new Date(time).toISOString();
}

function parseBoolean(value: string, where: string, allowNotSupported = false): boolean | null {
  if (value === 'true') return true;
  if (value === 'false') return false;
  if (allowNotSupported && value === 'not_supported') return null;
  throw new ReportParseError(`${where} is ${JSON.stringify(value)}, not true or false${allowNotSupported ? ' (or not_supported)' : ''}`);
}

/** Parses the report's CSV strictly (see the file's comment); throws a ReportParseError naming the line and column. */
export function parseCredentialReport(text: string, generatedTime: string): CredentialReport {
  const [header, ...rows] = parseCsv(text);
  if (header === undefined) throw new ReportParseError('the report is empty (no header line)');
  const columns = new Map(header.map((name, position) => [name, position]));
  const missing = REQUIRED.filter((name) => !columns.has(name));
  if (missing.length > 0) throw new ReportParseError(`the header lacks the column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`);
  if (columns.size !== header.length) throw new ReportParseError('the header names a column twice');

  const users = new Map<string, ReportRow>();
  let root: ReportRow | undefined;
  for (const [index, row] of rows.entries()) {
    const line = index + 2;
    if (row.length !== header.length) throw new ReportParseError(`line ${line} has ${row.length} fields, the header ${header.length}`);
    const get = (name: Column): string => row[columns.get(name) ?? -1] ?? '';
    const where = (name: Column) => `line ${line} (${get('user')}), column ${name},`;
    const isRoot = get('user') === ROOT_ROW;
    const arn = get('arn');
    if (arn === '') throw new ReportParseError(`line ${line} (${get('user')}) has no arn`);
    const key = (slot: 1 | 2): ReportKey => ({
      slot,
      active: parseBoolean(get(`access_key_${slot}_active`), where(`access_key_${slot}_active`)) ?? false,
      lastRotated: parseDate(get(`access_key_${slot}_last_rotated`), where(`access_key_${slot}_last_rotated`)),
      lastUsedDate: parseDate(get(`access_key_${slot}_last_used_date`), where(`access_key_${slot}_last_used_date`)),
    });
    const entry: ReportRow = {
      generatedTime,
      passwordEnabled: parseBoolean(get('password_enabled'), where('password_enabled'), isRoot),
      passwordLastUsed: parseDate(get('password_last_used'), where('password_last_used')),
      mfaActive: parseBoolean(get('mfa_active'), where('mfa_active')) ?? false,
      accessKeys: [key(1), key(2)],
    };
    if (isRoot) {
      if (root !== undefined) throw new ReportParseError(`line ${line} is a second ${ROOT_ROW} row`);
      root = entry;
    } else {
      if (users.has(arn)) throw new ReportParseError(`line ${line} repeats the user ${arn}`);
      users.set(arn, entry);
    }
  }
  return { generatedTime, users, root };
}

const failure = (operation: string, code: string, message: string) => new CallFailure('iam', operation, code, { name: code, message });

/** GenerateCredentialReport until COMPLETE, at most {@link POLL_WAITS_MS} waits. */
async function generate(context: CollectContext, iam: IAMClient): Promise<void> {
  for (let poll = 0; ; poll += 1) {
    const { State } = await context.call('GenerateCredentialReport', () => iam.send(new GenerateCredentialReportCommand({})));
    if (State === 'COMPLETE') return;
    const wait = POLL_WAITS_MS[poll];
    if (wait === undefined) {
      throw failure('GenerateCredentialReport', NOT_READY, `the credential report was still ${State ?? 'without a State'} after ${poll + 1} polls over about ${Math.round(POLL_WAITS_MS.reduce((sum, ms) => sum + ms, 0) / 1000)} s`);
    }
    await context.sleep(wait);
  }
}

/**
 * The account's credential report, generated if needed, read and parsed. Throws a CallFailure
 * (recorded by the caller's `attempt`) for anything it cannot vouch for.
 */
export async function readCredentialReport(context: CollectContext, iam: IAMClient): Promise<CredentialReport> {
  for (let round = 1; ; round += 1) {
    await generate(context, iam);
    let answer;
    try {
      answer = await context.call('GetCredentialReport', () => iam.send(new GetCredentialReportCommand({})));
    } catch (error) {
      if (error instanceof CallFailure && REGENERATE.has(error.code) && round < ROUNDS) continue;
      throw error;
    }
    const { Content, GeneratedTime, ReportFormat } = answer;
    const operation = 'GetCredentialReport';
    if (GeneratedTime === undefined || Number.isNaN(GeneratedTime.getTime())) throw failure(operation, UNPARSABLE, 'report did not parse: it has no GeneratedTime');
    const generatedTime = GeneratedTime.toISOString();
    const ageHours = (context.now().getTime() - GeneratedTime.getTime()) / 3_600_000;
    if (ageHours > MAX_REPORT_AGE_HOURS) {
      throw failure(operation, TOO_OLD, `the credential report was generated at ${generatedTime}, more than ${MAX_REPORT_AGE_HOURS} hours ago: its credentials are not judged as current`);
    }
    const changedAt = context.credentialsChangedAt;
    if (changedAt !== undefined && GeneratedTime.getTime() < changedAt.getTime()) {
      throw failure(
        operation,
        PREDATES_CHANGE,
        `the credential report generated at ${generatedTime} predates the credential change at ${changedAt.toISOString()}: ` +
          'it is not judged in this run (IAM regenerates the report once it is more than 4 hours old)',
      );
    }
    if (ReportFormat !== undefined && ReportFormat !== 'text/csv') throw failure(operation, UNPARSABLE, `report did not parse: its format is ${ReportFormat}, not text/csv`);
    if (Content === undefined) throw failure(operation, UNPARSABLE, 'report did not parse: it has no Content');
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(Content);
    } catch {
      throw failure(operation, UNPARSABLE, 'report did not parse: its Content is not UTF-8 text');
    }
    try {
      return parseCredentialReport(text, generatedTime);
    } catch (error) {
      if (error instanceof ReportParseError) throw failure(operation, UNPARSABLE, `report did not parse: ${error.message}`);
      throw error;
    }
  }
}
