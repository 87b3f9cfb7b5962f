/**
 * One part of `npm run bench`: a titled block of output and the figures it measured, each against
 * its target. bench/run.ts runs the sections asked for and exits 1 when a figure misses its target.
 */
export interface BenchFigure {
  /** What was measured: `resourceChange import, Node 22, median of 5`. */
  readonly name: string;
  /** The measured value with its unit: `212 ms`. */
  readonly value: string;
  /** The target it is held to (`≤ 300 ms`); absent for a figure shown for information. */
  readonly target?: string | undefined;
  /** Whether the value meets the target; absent with no target. */
  readonly pass?: boolean | undefined;
}

export interface BenchSection {
  /** The section's name on the command line (`npm run bench -- --only cold-start`). */
  readonly name: string;
  readonly title: string;
  /** The section's own report, printed as it is. */
  readonly lines: readonly string[];
  readonly figures: readonly BenchFigure[];
}

/** Whether every figure with a target met it. */
export function sectionPassed(section: BenchSection): boolean {
  return section.figures.every((figure) => figure.pass !== false);
}
