import { Presets, SingleBar } from 'cli-progress';

export interface ByteProgress {
  advance(bytes: number): void;
  stop(): void;
}

const silent: ByteProgress = { advance: () => {}, stop: () => {} };

/**
 * A progress bar over the bytes of a file, on stderr, and only when stderr is a terminal: piped
 * or in a script, the command stays quiet until it says what it did.
 */
export function byteProgress(label: string, totalBytes: number, stream: NodeJS.WriteStream = process.stderr): ByteProgress {
  if (!stream.isTTY || totalBytes <= 0) return silent;
  const bar = new SingleBar(
    {
      stream,
      format: `${label} [{bar}] {percentage}% · {done} of {size} · {eta_formatted} left`,
      hideCursor: true,
      clearOnComplete: true,
      etaBuffer: 50,
      fps: 5,
    },
    Presets.shades_classic,
  );
  let done = 0;
  bar.start(totalBytes, 0, { done: megabytes(0), size: megabytes(totalBytes) });
  return {
    advance(bytes) {
      done += bytes;
      bar.update(Math.min(done, totalBytes), { done: megabytes(done) });
    },
    stop: () => bar.stop(),
  };
}

function megabytes(bytes: number): string {
  return bytes < 1024 * 1024 ? `${Math.ceil(bytes / 1024)} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
