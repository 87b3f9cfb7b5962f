/**
 * Writing a report made of chunks to stdout or a file, with backpressure: chunks are gathered into
 * writes of about 64 KiB and, when the stream's buffer is full, writing waits for it to drain, so a
 * report of any size takes constant memory. A write error (a full disk, a closed pipe) ends the
 * writing with that error rather than leaving it unhandled.
 */
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';

/** Where chunks go: process.stdout, a file stream, or a test's collector (plain `write`). */
export interface ChunkSink {
  write(text: string): unknown;
  once?(event: 'drain', listener: () => void): unknown;
  on?(event: 'error', listener: (error: Error) => void): unknown;
  off?(event: 'error', listener: (error: Error) => void): unknown;
}

const BATCH_CHARS = 64 * 1024;

function errorCode(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? (error instanceof Error ? error.message : String(error));
}

/** A failed write to the report's destination; `written` characters had gone out before. */
export class ReportWriteError extends Error {
  override readonly name = 'ReportWriteError';
  constructor(
    readonly code: string,
    readonly written: number,
  ) {
    super(code);
  }
}

/**
 * Writes every chunk to `sink`; resolves when all are handed over.
 * @throws {ReportWriteError} when the sink reports an error.
 */
export async function writeChunks(sink: ChunkSink, chunks: Iterable<string>): Promise<number> {
  let failure: unknown;
  let wake: (() => void) | undefined;
  const onError = (error: Error): void => {
    failure ??= error;
    wake?.();
  };
  sink.on?.('error', onError);
  let written = 0;
  const flush = async (text: string): Promise<void> => {
    if (failure !== undefined) throw new ReportWriteError(errorCode(failure), written);
    const ready = sink.write(text);
    written += text.length;
    if (ready === false && sink.once !== undefined) {
      const drained = new Promise<void>((resolve) => {
        wake = resolve;
        sink.once?.('drain', resolve);
      });
      await drained;
      wake = undefined;
    }
    if (failure !== undefined) throw new ReportWriteError(errorCode(failure), written);
  };
  try {
    let batch = '';
    for (const chunk of chunks) {
      batch += chunk;
      if (batch.length >= BATCH_CHARS) {
        await flush(batch);
        batch = '';
      }
    }
    if (batch !== '') await flush(batch);
    return written;
  } finally {
    sink.off?.('error', onError);
  }
}

/**
 * Writes the chunks to `file` (created or truncated once the report is ready to write).
 * @throws {ReportWriteError} when the file cannot be opened (`written` 0) or written.
 */
export async function writeChunksToFile(file: string, chunks: Iterable<string>): Promise<number> {
  const stream = createWriteStream(file);
  try {
    await once(stream, 'open');
  } catch (error) {
    throw new ReportWriteError(errorCode(error), 0);
  }
  let written = 0;
  try {
    written = await writeChunks(stream, chunks);
  } catch (error) {
    stream.destroy();
    throw error;
  }
  stream.end();
  try {
    await once(stream, 'finish');
  } catch (error) {
    throw new ReportWriteError(errorCode(error), written);
  }
  return written;
}
