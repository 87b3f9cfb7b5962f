/**
 * How long iam-policy-resources-scoped takes to judge one `Action: "*"` statement on `Resource: "*"`:
 * before issue 12 every entry was expanded into the actions it matches (all 22,091 for `*`), the
 * resource-level ones deduplicated and sorted; since, the counts and the first ids come from each
 * service's summary (rules/lib/iam-actions.ts grantedActionsOf), per access level since issue 13
 * (List actions are not judged by default). Both give the same text; the section checks that, then
 * times each, the median of many statements after a warm-up (the first statement, which reads the
 * IAM action index, is timed on its own).
 *
 *   node --import tsx bench/iam-wide.ts
 */
import { fileURLToPath } from 'node:url';
import {
  ACCESS_LEVELS,
  accessLevelsOf,
  actionsMatching,
  bothFacets,
  grantedActionsOf,
  primaryAccessLevel,
  primaryAccessLevelFacet,
  RESOURCE_LEVEL,
  type AccessLevel,
} from '../rules/lib/iam-actions.js';
import { listCounted, listSome } from '../rules/lib/iam-documents.js';
import { sectionPassed, type BenchFigure, type BenchSection } from './section.js';

/** The levels the rule judges by default: every one but List. */
const LEVELS: readonly AccessLevel[] = ACCESS_LEVELS.filter((level) => level !== 'List');
const FACETS = LEVELS.map((level) => bothFacets(RESOURCE_LEVEL, primaryAccessLevelFacet(level)));
/** Actions the rule names per level. */
const PER_LEVEL = 3;

/** The rule's per-level text for a statement's Action entries on every resource, as it is built now. */
function judged(entries: readonly string[]): string {
  const granted = grantedActionsOf(entries, FACETS, PER_LEVEL);
  return LEVELS.flatMap((level, index) => {
    const { count = 0, first = [] } = granted[index] ?? {};
    return count > 0 ? [`${level}: ${count} (${listCounted(first, count, PER_LEVEL)})`] : [];
  }).join('; ');
}

/** The same text by expanding every matched action, deduplicated and sorted per level. */
function expanded(entries: readonly string[]): string {
  const byLevel = new Map<AccessLevel, Set<string>>(LEVELS.map((level) => [level, new Set<string>()]));
  for (const entry of entries) {
    for (const action of actionsMatching(entry)) {
      if (!action.resourceLevel) continue;
      const level = primaryAccessLevel(accessLevelsOf(action));
      if (level !== undefined) byLevel.get(level)?.add(action.id);
    }
  }
  return LEVELS.flatMap((level) => {
    const ids = [...(byLevel.get(level) ?? [])].sort();
    return ids.length > 0 ? [`${level}: ${ids.length} (${listSome(ids, PER_LEVEL)})`] : [];
  }).join('; ');
}

/** Median milliseconds of one call, over `rounds` rounds of `batch` calls, after `batch` calls to warm it up. */
function timePerCall(call: () => unknown, rounds = 25, batch = 20): number {
  for (let index = 0; index < batch; index += 1) call();
  const samples: number[] = [];
  for (let round = 0; round < rounds; round += 1) {
    const started = performance.now();
    for (let index = 0; index < batch; index += 1) call();
    samples.push((performance.now() - started) / batch);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)] ?? Number.NaN;
}

/** The time after, per statement, held to a tenth of the 2.5 ms the issue measured before. */
const TARGET_MS = 0.25;

export async function iamWideSection(): Promise<BenchSection> {
  const entries = ['*'];
  let started = performance.now();
  const now = judged(entries);
  const firstMs = performance.now() - started;
  started = performance.now();
  const before = expanded(entries);
  const firstExpandedMs = performance.now() - started;
  const others = [['s3:*'], ['*:Get*', 'iam:*'], ['ec2:Describe*']];
  const same = now === before && others.every((list) => judged(list) === expanded(list));
  // After first: the expansions' garbage would otherwise be collected in its rounds.
  const afterMs = timePerCall(() => judged(entries));
  const beforeMs = timePerCall(() => expanded(entries));
  const figures: BenchFigure[] = [
    { name: 'Action "*": the per-level text from summaries equals the expanded one (and for s3:*, *:Get* with iam:*, ec2:Describe*)', value: same ? 'identical' : 'different', target: 'identical', pass: same },
    { name: 'Action "*" statement judged by expanding every action (before), median', value: `${beforeMs.toFixed(3)} ms` },
    { name: 'Action "*" statement judged from per-service summaries (after), median', value: `${afterMs.toFixed(3)} ms`, target: `≤ ${TARGET_MS} ms`, pass: afterMs <= TARGET_MS },
    { name: 'first Action "*" of a process, the IAM action index read on the way', value: `${firstMs.toFixed(1)} ms` },
  ];
  const lines = [
    `per level: ${now.slice(0, 150)}…`,
    '',
    ...figures.map((figure) => `${figure.name.padEnd(112)} ${figure.value.padStart(10)}${figure.target === undefined ? '' : `  ${figure.target}`}`),
    '',
    `(the first expansion, after the index was read: ${firstExpandedMs.toFixed(1)} ms)`,
  ];
  return { name: 'iam-wide', title: 'IAM: judging Action "*" without expanding every action', lines, figures };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const section = await iamWideSection();
  process.stdout.write(`${section.title}\n\n${section.lines.join('\n')}\n\n`);
  for (const figure of section.figures.filter((figure) => figure.target !== undefined)) {
    process.stdout.write(`${figure.pass === true ? 'PASS' : 'FAIL'}  ${figure.name}: ${figure.value} (target ${figure.target ?? ''})\n`);
  }
  process.exitCode = sectionPassed(section) ? 0 : 1;
}
