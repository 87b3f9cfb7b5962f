/** A one-line progress bar on stderr while collecting, only when stderr is a terminal. */
import type { Progress } from '../inventory/live/live-source.js';

export interface ProgressBar {
  readonly update: (progress: Progress) => void;
  readonly finish: () => void;
}

const WIDTH = 24;

export function progressBar(stream: { write(text: string): unknown; readonly isTTY?: boolean | undefined }): ProgressBar | undefined {
  if (stream.isTTY !== true) return undefined;
  let shown = false;
  return {
    update({ service, region, done, total }) {
      const filled = total === 0 ? WIDTH : Math.round((done / total) * WIDTH);
      const bar = `${'█'.repeat(filled)}${'░'.repeat(WIDTH - filled)}`;
      stream.write(`\r\u001b[2Kcollecting ${bar} ${done}/${total} ${service} ${region}`);
      shown = true;
    },
    finish() {
      if (shown) stream.write('\r\u001b[2K');
    },
  };
}
