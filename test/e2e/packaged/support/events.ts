/**
 * Change events as EventBridge delivers them to resource-change: the recorded fixtures of
 * test/inventory/events/fixtures (real Config and CloudTrail events), with their account, Region,
 * resource ids and times replaced by those of what the suite created and changed in the emulator.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPOSITORY } from './packaged.js';

const FIXTURES = join(REPOSITORY, 'test', 'inventory', 'events', 'fixtures');
const FIXTURE_ACCOUNT = '111122223333';

/** Every string of the fixture with each `from` replaced by its `to` (longest first), and times set to now. */
export function eventFrom(fixture: string, replacements: Readonly<Record<string, string>>, account: string): Record<string, unknown> {
  const pairs = Object.entries({ ...replacements, [FIXTURE_ACCOUNT]: account }).sort(([a], [b]) => b.length - a.length);
  const now = new Date();
  const stamp = now.toISOString();
  const replace = (value: unknown, key = ''): unknown => {
    if (typeof value === 'string') {
      if (/(^time$|Time$|^eventTime$)/.test(key) && /^\d{4}-\d{2}-\d{2}T/.test(value)) return key === 'time' || key === 'eventTime' ? `${stamp.slice(0, 19)}Z` : stamp;
      return pairs.reduce((text, [from, to]) => text.split(from).join(to), value);
    }
    if (key === 'configurationStateId' && typeof value === 'number') return now.getTime();
    if (Array.isArray(value)) return value.map((entry) => replace(entry));
    if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([name, entry]) => [name, replace(entry, name)]));
    return value;
  };
  return replace(JSON.parse(readFileSync(join(FIXTURES, fixture), 'utf8'))) as Record<string, unknown>;
}
