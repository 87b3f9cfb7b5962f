import { beforeEach, describe, expect, it } from '@jest/globals';
import { mockClient } from 'aws-sdk-client-mock';
import {
  BatchImportFindingsCommand,
  BatchUpdateFindingsCommand,
  SecurityHubClient,
  type AwsSecurityFinding,
  type BatchImportFindingsCommandInput,
  type BatchUpdateFindingsCommandInput,
} from '@aws-sdk/client-securityhub';
import { Pacer } from '../../aws/pacer.js';
import {
  MAX_BATCH_BYTES,
  MAX_FINDING_BYTES,
  SecurityHubPublisher,
  findingBytes,
  importBatches,
  noteText,
  type SecurityHubPublisherOptions,
  type WorkflowUpdate,
} from '../../findings/security-hub.js';
import { ACCOUNT, REGION } from '../support/items.js';
import { awsError } from '../../testkit/live.js';

const hub = mockClient(SecurityHubClient);
const PRODUCT = `arn:aws:securityhub:${REGION}:${ACCOUNT}:product/${ACCOUNT}/default`;

/** An ASFF finding whose Id is `f<n>`, padded to `bytes` bytes when asked. */
function finding(n: number, bytes?: number): AwsSecurityFinding {
  const base: AwsSecurityFinding = {
    SchemaVersion: '2018-10-08',
    Id: `f${n}`,
    ProductArn: PRODUCT,
    GeneratorId: 'gatewatch/encryption/ebs-volume-encrypted',
    AwsAccountId: ACCOUNT,
    CreatedAt: '2026-11-23T12:00:00.000Z',
    UpdatedAt: '2026-11-23T12:00:00.000Z',
    Title: 'EBS volumes are encrypted',
    Description: '',
    Resources: [{ Type: 'AwsEc2Volume', Id: `arn:aws:ec2:${REGION}:${ACCOUNT}:volume/vol-${n}` }],
  };
  if (bytes === undefined) return base;
  const padded = { ...base, Description: 'x'.repeat(bytes - findingBytes(base)) };
  expect(findingBytes(padded)).toBe(bytes);
  return padded;
}

function findings(count: number, bytes?: number): AwsSecurityFinding[] {
  return Array.from({ length: count }, (_, n) => finding(n, bytes));
}

function ids(count: number, from = 0): string[] {
  return Array.from({ length: count }, (_, n) => `f${from + n}`);
}

function update(id: string, note = 'exempt until 2027-01-01: legacy volume (JIRA-12)', status: WorkflowUpdate['status'] = 'SUPPRESSED'): WorkflowUpdate {
  return { id, productArn: PRODUCT, status, note };
}

/** A fake clock the pacer runs on, with the time of every request start. */
function fakeClock() {
  let time = 0;
  return {
    now: () => time,
    sleep: async (milliseconds: number) => {
      time += milliseconds;
    },
  };
}

/** A publisher over the mocked client, paced on a fake clock, whose backoff sleeps are recorded. */
function publisher(options: Partial<SecurityHubPublisherOptions> = {}) {
  const clock = fakeClock();
  const regions: string[] = [];
  const sleeps: number[] = [];
  const instance = new SecurityHubPublisher({
    client: (region) => {
      regions.push(region);
      return new SecurityHubClient({ region, maxAttempts: 1 });
    },
    pacer: new Pacer({ now: clock.now, sleep: clock.sleep }),
    sleep: async (milliseconds) => {
      sleeps.push(milliseconds);
    },
    random: () => 0.5,
    ...options,
  });
  return { publisher: instance, clock, regions, sleeps };
}

function importedIds(call: number): string[] {
  const input = hub.commandCalls(BatchImportFindingsCommand)[call]?.args[0].input as BatchImportFindingsCommandInput | undefined;
  return (input?.Findings ?? []).map((sent) => sent.Id ?? '(none)');
}

function updateInputs(): BatchUpdateFindingsCommandInput[] {
  return hub.commandCalls(BatchUpdateFindingsCommand).map((call) => call.args[0].input as BatchUpdateFindingsCommandInput);
}

const accepted = { FailedCount: 0, SuccessCount: 0, FailedFindings: [] };
const processed = { ProcessedFindings: [], UnprocessedFindings: [] };

beforeEach(() => {
  hub.reset();
  hub.on(BatchImportFindingsCommand).resolves(accepted);
  hub.on(BatchUpdateFindingsCommand).resolves(processed);
});

describe('importBatches', () => {
  it('makes no batch of no findings', () => {
    expect(importBatches([])).toEqual([]);
  });

  it('keeps at most maxFindings per batch, in order', () => {
    const batches = importBatches(findings(7), { maxFindings: 3 });
    expect(batches.map((batch) => batch.map((sent) => sent.Id))).toEqual([ids(3), ids(3, 3), ids(1, 6)]);
  });

  it('counts the {"Findings":[…]} wrapper and the commas: a batch of exactly maxBytes fits, one byte less splits it', () => {
    const three = findings(3, 1000);
    const exact = Buffer.byteLength(JSON.stringify({ Findings: three }));
    expect(exact).toBe(15 + 3 * 1000 + 2);
    expect(importBatches(three, { maxBytes: exact })).toEqual([three]);
    expect(importBatches(three, { maxBytes: exact - 1 })).toEqual([three.slice(0, 2), three.slice(2)]);
  });

  it('refuses a finding that cannot fit a request on its own', () => {
    expect(() => importBatches([finding(1, 500)], { maxBytes: 500 })).toThrow('finding f1 is 500 bytes: it does not fit a request of at most 500 bytes');
  });
});

describe('noteText', () => {
  it('keeps a note of 512 characters and cuts a longer one to 512, ending with …', () => {
    expect(noteText('a'.repeat(512))).toBe('a'.repeat(512));
    const cut = noteText('b'.repeat(600));
    expect(Array.from(cut)).toHaveLength(512);
    expect(cut.endsWith('b…')).toBe(true);
  });
});

describe('SecurityHubPublisher.deliver: imports', () => {
  it('sends nothing, and creates no client, for nothing to deliver', async () => {
    const { publisher: subject, regions } = publisher();
    const result = await subject.deliver(REGION, [], []);
    expect(hub.calls()).toHaveLength(0);
    expect(regions).toEqual([]);
    expect(result).toEqual({ imported: [], failed: [], updated: [], updateFailed: [], requests: { BatchImportFindings: 0, BatchUpdateFindings: 0 } });
  });

  it('sends exactly 100 findings in one request, with the Region client', async () => {
    const { publisher: subject, regions } = publisher();
    const result = await subject.deliver(REGION, findings(100), []);
    expect(hub).toHaveReceivedCommandTimes(BatchImportFindingsCommand, 1);
    expect(importedIds(0)).toEqual(ids(100));
    expect(regions).toEqual([REGION]);
    expect(result.imported).toEqual(ids(100));
    expect(result.failed).toEqual([]);
    expect(result.requests).toEqual({ BatchImportFindings: 1, BatchUpdateFindings: 0 });
  });

  it('sends 101 findings as 100 + 1', async () => {
    const { publisher: subject } = publisher();
    const result = await subject.deliver(REGION, findings(101), []);
    expect(hub).toHaveReceivedCommandTimes(BatchImportFindingsCommand, 2);
    expect(importedIds(0)).toEqual(ids(100));
    expect(importedIds(1)).toEqual(['f100']);
    expect(result.imported).toEqual(ids(101));
  });

  it('splits by bytes: 30 findings of 230 KB go as 26 + 4, every request body at most 6 MB', async () => {
    const { publisher: subject } = publisher();
    const result = await subject.deliver(REGION, findings(30, 230 * 1024), []);
    expect(hub).toHaveReceivedCommandTimes(BatchImportFindingsCommand, 2);
    for (const call of hub.commandCalls(BatchImportFindingsCommand)) {
      const input = call.args[0].input as BatchImportFindingsCommandInput;
      expect(Buffer.byteLength(JSON.stringify({ Findings: input.Findings }))).toBeLessThanOrEqual(MAX_BATCH_BYTES);
    }
    expect(importedIds(0)).toEqual(ids(26));
    expect(importedIds(1)).toEqual(ids(4, 26));
    expect(result.imported).toEqual(ids(30));
  });

  it('does not send a finding over 240 KB: failed FindingTooLarge, the rest sent (240 KB exactly is sent)', async () => {
    const { publisher: subject } = publisher();
    const batch = [finding(0), finding(1, MAX_FINDING_BYTES + 1), finding(2, MAX_FINDING_BYTES)];
    const result = await subject.deliver(REGION, batch, []);
    expect(hub).toHaveReceivedCommandTimes(BatchImportFindingsCommand, 1);
    expect(importedIds(0)).toEqual(['f0', 'f2']);
    expect(result.imported).toEqual(['f0', 'f2']);
    expect(result.failed).toEqual([{ id: 'f1', code: 'FindingTooLarge', message: `the finding is ${MAX_FINDING_BYTES + 1} bytes; Security Hub accepts at most ${MAX_FINDING_BYTES}` }]);
  });

  it('re-sends only the FailedFindings, ignoring ids it did not send and counting each id once', async () => {
    hub
      .on(BatchImportFindingsCommand)
      .resolvesOnce({
        FailedCount: 2,
        SuccessCount: 8,
        FailedFindings: [
          { Id: 'f3', ErrorCode: 'InternalFailure', ErrorMessage: 'try again' },
          { Id: 'f7', ErrorCode: 'InternalFailure', ErrorMessage: 'try again' },
          { Id: 'f3', ErrorCode: 'InternalFailure', ErrorMessage: 'said twice' },
          { Id: 'stranger', ErrorCode: 'InvalidInput', ErrorMessage: 'not ours' },
        ],
      })
      .resolves(accepted);
    const { publisher: subject, sleeps } = publisher();
    const result = await subject.deliver(REGION, findings(10), []);
    expect(hub).toHaveReceivedCommandTimes(BatchImportFindingsCommand, 2);
    expect(importedIds(1)).toEqual(['f3', 'f7']);
    expect(result.imported).toEqual(ids(10));
    expect(result.failed).toEqual([]);
    expect(result.requests.BatchImportFindings).toBe(2);
    expect(sleeps).toEqual([100]); // full jitter: 0.5 × 200 ms
  });

  it('ignores a FailedFindings entry for a finding of another request', async () => {
    hub
      .on(BatchImportFindingsCommand)
      .resolvesOnce(accepted)
      .resolves({ FailedCount: 1, SuccessCount: 1, FailedFindings: [{ Id: 'f0', ErrorCode: 'InternalFailure', ErrorMessage: 'not in this request' }] });
    const { publisher: subject } = publisher();
    const result = await subject.deliver(REGION, findings(101), []);
    expect(hub).toHaveReceivedCommandTimes(BatchImportFindingsCommand, 2);
    expect(result.imported).toEqual(ids(101));
    expect(result.failed).toEqual([]);
  });

  it('fails a finding Security Hub keeps rejecting after retries + 1 attempts, with its ErrorCode and ErrorMessage', async () => {
    hub.on(BatchImportFindingsCommand).resolves({
      FailedCount: 1,
      SuccessCount: 0,
      FailedFindings: [
        { Id: 'f2', ErrorCode: 'InvalidInput', ErrorMessage: 'Finding does not adhere to ASFF' },
        { Id: 'stranger', ErrorCode: 'InvalidInput', ErrorMessage: 'not ours' },
      ],
    });
    const { publisher: subject, sleeps } = publisher({ retries: 3 });
    const result = await subject.deliver(REGION, findings(4), []);
    expect(hub).toHaveReceivedCommandTimes(BatchImportFindingsCommand, 4);
    expect(importedIds(0)).toEqual(ids(4));
    for (const call of [1, 2, 3]) expect(importedIds(call)).toEqual(['f2']);
    expect(result.imported).toEqual(['f0', 'f1', 'f3']);
    expect(result.failed).toEqual([{ id: 'f2', code: 'InvalidInput', message: 'Finding does not adhere to ASFF' }]);
    expect(result.requests.BatchImportFindings).toBe(4);
    expect(sleeps).toEqual([100, 200, 400]);
  });

  it('retries a throttled request, the same findings again, and counts both requests', async () => {
    hub.on(BatchImportFindingsCommand).rejectsOnce(awsError('ThrottlingException')).resolves(accepted);
    const { publisher: subject, sleeps } = publisher();
    const result = await subject.deliver(REGION, findings(3), []);
    expect(hub).toHaveReceivedCommandTimes(BatchImportFindingsCommand, 2);
    expect(importedIds(0)).toEqual(ids(3));
    expect(importedIds(1)).toEqual(ids(3));
    expect(result.imported).toEqual(ids(3));
    expect(result.regionError).toBeUndefined();
    expect(result.requests.BatchImportFindings).toBe(2);
    expect(sleeps).toEqual([100]);
  });

  it('fails the batch still throttled after its retries with the error code, and still sends the next batch', async () => {
    hub.on(BatchImportFindingsCommand).callsFake(async (input: BatchImportFindingsCommandInput) => {
      if ((input.Findings ?? []).length === 100) throw awsError('ThrottlingException', 'Rate exceeded');
      return accepted;
    });
    const { publisher: subject, sleeps } = publisher({ retries: 2, random: () => 1 });
    const result = await subject.deliver(REGION, findings(101), []);
    expect(hub).toHaveReceivedCommandTimes(BatchImportFindingsCommand, 4);
    expect(importedIds(3)).toEqual(['f100']);
    expect(result.imported).toEqual(['f100']);
    expect(result.failed).toHaveLength(100);
    expect(result.failed[0]).toEqual({ id: 'f0', code: 'ThrottlingException', message: 'BatchImportFindings was still throttled after 2 retries (Rate exceeded)' });
    expect(result.regionError).toBeUndefined();
    expect(sleeps).toEqual([200, 400]);
  });

  it('backs off with full jitter from 200 ms, doubling up to 10 s', async () => {
    hub.on(BatchImportFindingsCommand).rejects(awsError('ThrottlingException'));
    const { publisher: subject, sleeps } = publisher({ retries: 8, random: () => 1 });
    await subject.deliver(REGION, findings(1), []);
    expect(hub).toHaveReceivedCommandTimes(BatchImportFindingsCommand, 9);
    expect(sleeps).toEqual([200, 400, 800, 1600, 3200, 6400, 10_000, 10_000]);
  });

  it('stops at InvalidAccessException: one regionError, every id failed, no further call, no BatchUpdateFindings', async () => {
    hub.on(BatchImportFindingsCommand).rejects(awsError('InvalidAccessException', 'Account 111122223333 is not subscribed to AWS Security Hub'));
    const { publisher: subject } = publisher();
    const result = await subject.deliver(REGION, findings(150), [update('f1'), update('f2')]);
    expect(hub).toHaveReceivedCommandTimes(BatchImportFindingsCommand, 1);
    expect(hub).toHaveReceivedCommandTimes(BatchUpdateFindingsCommand, 0);
    const message = `Security Hub is not enabled in ${REGION} for this account (InvalidAccessException: Account 111122223333 is not subscribed to AWS Security Hub): enable it, or run without --publish`;
    expect(result.regionError).toEqual({ region: REGION, code: 'InvalidAccessException', message });
    expect(result.imported).toEqual([]);
    expect(result.failed.map((failure) => failure.id)).toEqual(ids(150));
    expect(new Set(result.failed.map((failure) => failure.code))).toEqual(new Set(['InvalidAccessException']));
    expect(result.updated).toEqual([]);
    expect(result.updateFailed).toEqual([
      { id: 'f1', code: 'InvalidAccessException', message: `not sent: ${message}` },
      { id: 'f2', code: 'InvalidAccessException', message: `not sent: ${message}` },
    ]);
    expect(result.requests).toEqual({ BatchImportFindings: 1, BatchUpdateFindings: 0 });
  });

  it('keeps what was accepted when a later request is denied, and fails the rest (including pending re-sends)', async () => {
    hub
      .on(BatchImportFindingsCommand)
      .resolvesOnce({ FailedCount: 1, SuccessCount: 99, FailedFindings: [{ Id: 'f5', ErrorCode: 'InternalFailure', ErrorMessage: 'try again' }] })
      .rejects(awsError('AccessDeniedException', 'User is not authorized to perform: securityhub:BatchImportFindings'));
    const { publisher: subject } = publisher();
    const result = await subject.deliver(REGION, findings(101), []);
    expect(hub).toHaveReceivedCommandTimes(BatchImportFindingsCommand, 2);
    expect(result.imported).toEqual(ids(100).filter((id) => id !== 'f5'));
    expect(result.failed.map((failure) => [failure.id, failure.code])).toEqual([
      ['f5', 'AccessDeniedException'],
      ['f100', 'AccessDeniedException'],
    ]);
    expect(result.regionError?.code).toBe('AccessDeniedException');
    expect(result.regionError?.message).toContain(`allow securityhub:BatchImportFindings`);
    expect(result.regionError?.message).toContain(REGION);
  });

  it.each([
    ['InvalidAccessException', 'Security Hub is not enabled in eu-west-1 for this account'],
    ['AccessDeniedException', 'gatewatch is not allowed securityhub:BatchImportFindings in eu-west-1'],
    ['InvalidInputException', 'Security Hub BatchImportFindings failed in eu-west-1 (InvalidInputException: '],
  ])('classifies %s by its name, not its message', async (name, expected) => {
    hub.on(BatchImportFindingsCommand).rejects(awsError(name, 'Security Hub is not enabled / access denied / invalid input'));
    const { publisher: subject } = publisher();
    const result = await subject.deliver('eu-west-1', findings(2), []);
    expect(hub).toHaveReceivedCommandTimes(BatchImportFindingsCommand, 1);
    expect(result.regionError?.code).toBe(name);
    expect(result.regionError?.message.startsWith(expected)).toBe(true);
    expect(result.failed.map((failure) => failure.code)).toEqual([name, name]);
  });

  it('refuses findings without an Id or given twice, before sending anything', async () => {
    const { publisher: subject } = publisher();
    await expect(subject.deliver(REGION, [finding(1), finding(1)], [])).rejects.toThrow('finding f1 is given twice');
    await expect(subject.deliver(REGION, [{ ...finding(1), Id: undefined }], [])).rejects.toThrow('finding 0 has no Id');
    await expect(subject.deliver(REGION, [], [update('f1'), update('f1')])).rejects.toThrow('workflow update f1 is given twice');
    expect(hub.calls()).toHaveLength(0);
  });
});

describe('SecurityHubPublisher.deliver: workflow updates', () => {
  it('updates after every import, grouped by status and note, at most 100 identifiers a request', async () => {
    const noteA = 'exempt until 2027-01-01: legacy volume';
    const noteB = 'exempt until 2027-06-30: vendor appliance';
    const updates = [
      ...ids(150).map((id) => update(id, noteA)),
      update('f150', noteB),
      update('f151', noteA, 'NEW'),
      update('f152', noteB),
      update('f153', ''.padEnd(0), 'NEW'),
    ];
    const { publisher: subject } = publisher();
    const result = await subject.deliver(REGION, findings(154), updates);
    const kinds = hub.calls().map((call) => (call.args[0] instanceof BatchImportFindingsCommand ? 'import' : 'update'));
    expect(kinds).toEqual(['import', 'import', 'update', 'update', 'update', 'update', 'update']);
    const inputs = updateInputs();
    expect(inputs.map((input) => (input.FindingIdentifiers ?? []).map((identifier) => identifier.Id))).toEqual([ids(100), ids(50, 100), ['f150', 'f152'], ['f151'], ['f153']]);
    expect(inputs[0]).toEqual({
      FindingIdentifiers: ids(100).map((Id) => ({ Id, ProductArn: PRODUCT })),
      Workflow: { Status: 'SUPPRESSED' },
      Note: { Text: noteA, UpdatedBy: 'gatewatch' },
    });
    expect(inputs[2]?.Note).toEqual({ Text: noteB, UpdatedBy: 'gatewatch' });
    expect(inputs[3]).toEqual({ FindingIdentifiers: [{ Id: 'f151', ProductArn: PRODUCT }], Workflow: { Status: 'NEW' }, Note: { Text: noteA, UpdatedBy: 'gatewatch' } });
    expect(inputs[4]).toEqual({ FindingIdentifiers: [{ Id: 'f153', ProductArn: PRODUCT }], Workflow: { Status: 'NEW' } });
    expect(result.updated).toEqual(ids(154));
    expect(result.updateFailed).toEqual([]);
    expect(result.requests).toEqual({ BatchImportFindings: 2, BatchUpdateFindings: 5 });
  });

  it('cuts a note longer than 512 characters', async () => {
    const { publisher: subject } = publisher();
    await subject.deliver(REGION, [finding(1)], [update('f1', 'r'.repeat(700))]);
    expect(hub).toHaveReceivedCommandTimes(BatchUpdateFindingsCommand, 1);
    const text = updateInputs()[0]?.Note?.Text ?? '';
    expect(Array.from(text)).toHaveLength(512);
    expect(text).toBe(`${'r'.repeat(511)}…`);
  });

  it('re-sends only the UnprocessedFindings, then reports what stays unprocessed', async () => {
    hub
      .on(BatchUpdateFindingsCommand)
      .resolvesOnce({
        ProcessedFindings: [],
        UnprocessedFindings: [
          { FindingIdentifier: { Id: 'f1', ProductArn: PRODUCT }, ErrorCode: 'FindingNotFound', ErrorMessage: 'not yet' },
          { FindingIdentifier: { Id: 'f2', ProductArn: PRODUCT }, ErrorCode: 'FindingNotFound', ErrorMessage: 'not yet' },
          { FindingIdentifier: { Id: 'stranger', ProductArn: PRODUCT }, ErrorCode: 'FindingNotFound', ErrorMessage: 'not ours' },
        ],
      })
      .resolves({ ProcessedFindings: [], UnprocessedFindings: [{ FindingIdentifier: { Id: 'f2', ProductArn: PRODUCT }, ErrorCode: 'FindingNotFound', ErrorMessage: 'still not' }] });
    const { publisher: subject, sleeps } = publisher({ retries: 2 });
    const result = await subject.deliver(REGION, findings(3), ids(3).map((id) => update(id)));
    expect(hub).toHaveReceivedCommandTimes(BatchUpdateFindingsCommand, 3);
    const sent = updateInputs().map((input) => (input.FindingIdentifiers ?? []).map((identifier) => identifier.Id));
    expect(sent).toEqual([ids(3), ['f1', 'f2'], ['f2']]);
    expect(result.updated).toEqual(['f0', 'f1']);
    expect(result.updateFailed).toEqual([{ id: 'f2', code: 'FindingNotFound', message: 'still not' }]);
    expect(result.requests.BatchUpdateFindings).toBe(3);
    expect(sleeps).toEqual([100, 200]);
  });

  it('does not update a finding that failed to import (NotImported), but does update one imported earlier', async () => {
    hub.on(BatchImportFindingsCommand).resolves({ FailedCount: 1, SuccessCount: 1, FailedFindings: [{ Id: 'f1', ErrorCode: 'InvalidInput', ErrorMessage: 'bad' }] });
    const { publisher: subject } = publisher({ retries: 0 });
    const result = await subject.deliver(REGION, findings(2), [update('f0'), update('f1'), update('earlier')]);
    expect(hub).toHaveReceivedCommandTimes(BatchUpdateFindingsCommand, 1);
    expect(updateInputs()[0]?.FindingIdentifiers).toEqual([
      { Id: 'f0', ProductArn: PRODUCT },
      { Id: 'earlier', ProductArn: PRODUCT },
    ]);
    expect(result.updated).toEqual(['f0', 'earlier']);
    expect(result.updateFailed).toEqual([{ id: 'f1', code: 'NotImported', message: 'not sent: the finding was not imported (InvalidInput: bad)' }]);
  });

  it('retries a throttled update', async () => {
    hub.on(BatchUpdateFindingsCommand).rejectsOnce(awsError('TooManyRequestsException')).resolves(processed);
    const { publisher: subject } = publisher();
    const result = await subject.deliver(REGION, findings(1), [update('f0')]);
    expect(hub).toHaveReceivedCommandTimes(BatchUpdateFindingsCommand, 2);
    expect(result.updated).toEqual(['f0']);
    expect(result.requests.BatchUpdateFindings).toBe(2);
  });

  it('stops updating when BatchUpdateFindings is denied, naming the action; imports stay imported', async () => {
    hub.on(BatchUpdateFindingsCommand).rejects(awsError('AccessDeniedException', 'not authorized'));
    const { publisher: subject } = publisher();
    const result = await subject.deliver(REGION, findings(3), [update('f0', 'a'), update('f1', 'b'), update('f2', 'c')]);
    expect(hub).toHaveReceivedCommandTimes(BatchUpdateFindingsCommand, 1);
    expect(result.imported).toEqual(ids(3));
    expect(result.failed).toEqual([]);
    expect(result.regionError).toEqual({
      region: REGION,
      code: 'AccessDeniedException',
      message: `gatewatch is not allowed securityhub:BatchUpdateFindings in ${REGION} (AccessDeniedException: not authorized): allow securityhub:BatchUpdateFindings on the account's own hub to the role gatewatch runs as, or run without --publish`,
    });
    expect(result.updated).toEqual([]);
    expect(result.updateFailed.map((failure) => [failure.id, failure.code])).toEqual([
      ['f0', 'AccessDeniedException'],
      ['f1', 'AccessDeniedException'],
      ['f2', 'AccessDeniedException'],
    ]);
  });
});

describe('SecurityHubPublisher pacing', () => {
  /** Records the fake clock at every request start. */
  function recordStarts(clock: { now: () => number }): number[] {
    const starts: number[] = [];
    hub.on(BatchImportFindingsCommand).callsFake(async () => {
      starts.push(clock.now());
      return accepted;
    });
    hub.on(BatchUpdateFindingsCommand).callsFake(async () => {
      starts.push(clock.now());
      return processed;
    });
    return starts;
  }

  it('starts 25 requests (imports and updates) at least 100 ms apart', async () => {
    const { publisher: subject, clock } = publisher();
    const starts = recordStarts(clock);
    const result = await subject.deliver(REGION, findings(2000), ids(500).map((id) => update(id)));
    expect(result.requests).toEqual({ BatchImportFindings: 20, BatchUpdateFindings: 5 });
    expect(starts).toHaveLength(25);
    for (let index = 1; index < starts.length; index += 1) expect((starts[index] ?? 0) - (starts[index - 1] ?? 0)).toBeGreaterThanOrEqual(100);
  });

  it('paces throttling retries too, and shares one pacer across Regions', async () => {
    const clock = fakeClock();
    const pacer = new Pacer({ now: clock.now, sleep: clock.sleep });
    const starts: number[] = [];
    hub.on(BatchImportFindingsCommand).callsFake(async () => {
      starts.push(clock.now());
      if (starts.length === 1) throw awsError('ThrottlingException');
      return accepted;
    });
    const { publisher: subject } = publisher({ pacer });
    await subject.deliver('eu-west-1', findings(1), []);
    await subject.deliver('us-east-1', findings(1), []);
    expect(starts).toEqual([0, 100, 200]);
  });
});
