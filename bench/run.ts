/**
 * `npm run bench [-- --only a,b] [--per-type N --regions r1,r2] [--markdown]`: runs the benchmark
 * sections — each prints its own report and the figures it holds to their targets — and exits 1
 * when any figure misses its target. `--markdown` prints the API-call formula table for the README.
 */
import { parseArgs } from 'node:util';
import { apiCallResult, apiCallsSection, markdown } from './api-calls.js';
import { cliStartSection } from './cli-start.js';
import { coldStartSection } from './cold-start.js';
import { sectionPassed, type BenchSection } from './section.js';
import { eventsSection } from './events.js';
import { iamWideSection } from './iam-wide.js';
import { largeInputSection } from './large-input.js';
import { liveScaleSection } from './live-scale.js';
import { stateSection } from './state.js';

interface Flags {
  readonly perType?: number | undefined;
  readonly regions?: readonly string[] | undefined;
}

/** Every section, in the order they print. */
const SECTIONS: readonly { readonly name: string; readonly run: (flags: Flags) => Promise<BenchSection> }[] = [
  { name: 'api-calls', run: (flags) => apiCallsSection(flags) },
  { name: 'events', run: () => eventsSection() },
  { name: 'state', run: () => stateSection() },
  { name: 'live-scale', run: () => liveScaleSection() },
  { name: 'iam-wide', run: () => iamWideSection() },
  { name: 'cold-start', run: () => coldStartSection() },
  { name: 'cli-start', run: () => cliStartSection() },
  { name: 'large-input', run: () => largeInputSection() },
];

function print(section: BenchSection): void {
  const figures = section.figures.map((figure) => `  ${figure.pass === false ? 'MISS' : figure.pass === true ? 'ok  ' : '    '} ${figure.name}: ${figure.value}${figure.target === undefined ? '' : ` (target ${figure.target})`}`);
  process.stdout.write(`== ${section.title} [${section.name}]\n\n${section.lines.join('\n')}\n\n${figures.join('\n')}\n\n`);
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { only: { type: 'string' }, 'per-type': { type: 'string' }, regions: { type: 'string' }, markdown: { type: 'boolean' } } });
  const flags: Flags = {
    perType: values['per-type'] === undefined ? undefined : Number(values['per-type']),
    regions: values.regions?.split(',').map((region) => region.trim()).filter((region) => region !== ''),
  };
  if (values.markdown === true) {
    process.stdout.write(`${markdown(await apiCallResult(flags))}\n`);
    return 0;
  }
  const only = values.only?.split(',').map((name) => name.trim());
  const unknown = (only ?? []).filter((name) => !SECTIONS.some((section) => section.name === name));
  if (unknown.length > 0) {
    process.stderr.write(`gatewatch bench: unknown section ${unknown.join(', ')} — the sections are ${SECTIONS.map((section) => section.name).join(', ')}\n`);
    return 2;
  }
  const missed: string[] = [];
  for (const { name, run } of SECTIONS) {
    if (only !== undefined && !only.includes(name)) continue;
    const section = await run(flags);
    print(section);
    if (!sectionPassed(section)) missed.push(name);
  }
  process.stdout.write(missed.length === 0 ? 'PASS: every figure meets its target\n' : `FAIL: figures missed their targets in ${missed.join(', ')}\n`);
  return missed.length === 0 ? 0 : 1;
}

process.exitCode = await main();
