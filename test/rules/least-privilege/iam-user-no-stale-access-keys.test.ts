import rule from '../../../rules/least-privilege/iam-user-no-stale-access-keys.js';
import { testRule } from '../../support/rule-tester.js';
import { GENERATED, NO_KEY, reportFailed, user } from './credential-report-fixtures.js';

// The report was generated 2026-06-01T08:00Z: 90 days before is 2026-03-03T08:00Z.
const RECENT = '2026-05-20T12:00:00.000Z';
const OLD = '2025-06-01T09:30:00.000Z';
const JUST_INSIDE = '2026-03-03T08:00:00.000Z';
const JUST_OUTSIDE = '2026-03-03T07:59:59.000Z';
const key = (lastRotated: string | null, lastUsedDate: string | null, active = true) => ({ active, lastRotated, lastUsedDate });

testRule(rule, [
  {
    name: 'an active key rotated and used recently passes',
    items: [user('app', { keys: [key(RECENT, RECENT)] })],
    expect: [{ resourceId: 'AIDAAPP', status: 'PASS', messageId: 'fresh', data: { user: 'app', keys: 'access key 1', maxAgeDays: 90 } }],
  },
  {
    name: 'a key never used is judged from its creation: a recent one passes',
    items: [user('fresh', { keys: [NO_KEY, key(RECENT, null)] })],
    expect: [{ resourceId: 'AIDAFRESH', status: 'PASS', messageId: 'fresh', data: { keys: 'access key 2' } }],
  },
  {
    name: 'a key never used since a creation more than 90 days before the report fails, with its dates',
    items: [user('idle', { keys: [key(OLD, null)] })],
    expect: [{ resourceId: 'AIDAIDLE', status: 'FAIL', messageId: 'stale', data: { user: 'idle', maxAgeDays: 90, details: 'access key 1 never used, last rotated 2025-06-01' } }],
  },
  {
    name: 'a key unrotated for more than 90 days fails even while in use, naming only its rotation date (its last use moves daily)',
    items: [user('busy', { keys: [key(OLD, RECENT)] })],
    expect: [{ resourceId: 'AIDABUSY', status: 'FAIL', messageId: 'stale', data: { details: 'access key 1 last rotated 2025-06-01' } }],
  },
  {
    name: 'a key last used more than 90 days before the report fails even when changed recently, with both dates',
    items: [user('rotated', { keys: [key(RECENT, OLD)] })],
    expect: [{ resourceId: 'AIDAROTATED', status: 'FAIL', messageId: 'stale', data: { details: 'access key 1 last used 2025-06-01, last rotated 2026-05-20' } }],
  },
  {
    name: 'both stale keys are named',
    items: [user('two', { keys: [key(OLD, OLD), key(OLD, RECENT)] })],
    expect: [{ resourceId: 'AIDATWO', status: 'FAIL', messageId: 'stale', data: { details: 'access key 1 last used 2025-06-01, last rotated 2025-06-01; access key 2 last rotated 2025-06-01' } }],
  },
  {
    name: 'the boundary is exactly maxAgeDays before the report: on it passes, a second past it fails',
    items: [user('edge-in', { keys: [key(JUST_INSIDE, null)] }), user('edge-out', { keys: [key(JUST_OUTSIDE, null)] })],
    expect: [
      { resourceId: 'AIDAEDGE-IN', status: 'PASS', messageId: 'fresh' },
      { resourceId: 'AIDAEDGE-OUT', status: 'FAIL', messageId: 'stale', data: { details: 'access key 1 never used, last rotated 2026-03-03' } },
    ],
  },
  {
    name: 'maxAgeDays is an option: 400 days lets a year-old key pass',
    items: [user('idle', { keys: [key(OLD, null)] })],
    options: { maxAgeDays: 400 },
    expect: [{ resourceId: 'AIDAIDLE', status: 'PASS', messageId: 'fresh', data: { maxAgeDays: 400 } }],
  },
  {
    name: 'the verdict is judged as of the report, not the scan clock: a scan a year later gives the same PASS',
    items: [user('app', { keys: [key(RECENT, RECENT)] })],
    now: '2027-06-01T00:00:00Z',
    expect: [{ resourceId: 'AIDAAPP', status: 'PASS', messageId: 'fresh' }],
  },
  {
    name: 'an inactive stale key is not judged: a user with no active key is not applicable',
    items: [user('parked', { keys: [key(OLD, OLD, false)] }), user('nokeys', { keys: [] })],
    expect: [
      { resourceId: 'AIDANOKEYS', status: 'NOT_APPLICABLE', messageId: 'noActiveKey' },
      { resourceId: 'AIDAPARKED', status: 'NOT_APPLICABLE', messageId: 'noActiveKey', data: { user: 'parked' } },
    ],
  },
  {
    name: 'a user without a report row (a plain AWS Config snapshot) is unknown',
    items: [user('app', undefined)],
    expect: [{ resourceId: 'AIDAAPP', status: 'UNKNOWN', messageId: 'notRead', data: { user: 'app' } }],
  },
  {
    name: 'an active key without a rotation date is unknown, never passed',
    items: [user('odd', { keys: [key(null, RECENT)] })],
    expect: [{ resourceId: 'AIDAODD', status: 'UNKNOWN', messageId: 'noRotationDate', data: { slot: 1 } }],
  },
  {
    name: 'a report that could not be read makes users unknown, naming the call',
    items: [user('app', { keys: [key(RECENT, RECENT)] })],
    failed: [reportFailed(['AWS::IAM::User'])],
    expect: [{ resourceId: 'AIDAAPP', status: 'UNKNOWN', messageId: 'collectionFailed' }],
  },
  {
    name: 'maxAgeDays 1: a key used and rotated 12 days before the report fails',
    items: [user('app', { generatedTime: GENERATED, keys: [key(RECENT, RECENT)] })],
    options: { maxAgeDays: 1 },
    expect: [{ resourceId: 'AIDAAPP', status: 'FAIL', messageId: 'stale', data: { details: 'access key 1 last used 2026-05-20, last rotated 2026-05-20' } }],
  },
]);
