import { readFileSync } from 'node:fs';

/**
 * Samples VmHWM (the kernel's own peak-RSS mark) every `everyMs`. VmHWM alone would do, but the
 * process may be gone by the time we ask, so the highest sample seen is kept.
 */
export function sampleRss(pid: number, everyMs = 100): { peakMb(): number; stop(): number } {
  let peakKb = 0;
  const read = () => {
    try {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      const hwm = /VmHWM:\s+(\d+) kB/.exec(status);
      if (hwm) peakKb = Math.max(peakKb, Number(hwm[1]));
    } catch {
      // The process has exited; the last sample stands.
    }
  };
  read();
  const timer = setInterval(read, everyMs);
  timer.unref();
  return {
    peakMb: () => peakKb / 1024,
    stop: () => {
      read();
      clearInterval(timer);
      return peakKb / 1024;
    },
  };
}
