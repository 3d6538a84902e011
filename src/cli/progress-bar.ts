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

export interface ItemProgress {
  /** One more item is done; `item` names it (a file), `total` may grow as work is found. */
  done(item: string, count: number, total: number): void;
  stop(): void;
}

/**
 * A bar over a count of items (the emails a check goes through), naming the last one done, on
 * stderr and only on a terminal, like `byteProgress`.
 */
export function itemProgress(label: string, stream: NodeJS.WriteStream = process.stderr): ItemProgress {
  if (!stream.isTTY) return { done: () => {}, stop: () => {} };
  const bar = new SingleBar(
    { stream, format: `${label} [{bar}] {value} of {total} · {item}`, hideCursor: true, clearOnComplete: true, fps: 10 },
    Presets.shades_classic,
  );
  let started = false;
  return {
    done(item, count, total) {
      if (!started) {
        bar.start(total, count, { item });
        started = true;
        return;
      }
      bar.setTotal(total);
      bar.update(count, { item });
    },
    stop: () => {
      if (started) bar.stop();
    },
  };
}
