import { readdirSync, readFileSync } from 'node:fs';
import postgres from 'postgres';
import { TEST_PG_URL } from '../support/db.js';

/** Kernel clock ticks per second for /proc/<pid>/stat; 100 on every Linux we run on. */
const TICKS_PER_SECOND = 100;

export interface CpuSeconds {
  /** Wall-clock seconds the accounting window lasted. */
  wall: number;
  /** CPU seconds per labelled process group. */
  byGroup: Record<string, number>;
  /** CPU seconds the whole machine spent busy, whoever it was (other test runs included). */
  machineBusy: number;
  /** Cores × wall: what was there to spend. */
  machineCapacity: number;
}

type Groups = Record<string, () => number[]>;

/**
 * Where the CPU went during a window: the worker, the fake, Redis and Postgres each as
 * user+system seconds from /proc. On 2 cores this says more than a rate alone: it shows who
 * is saturated and what an email costs. Postgres is every `postgres` process on the machine,
 * since its backends are not our children; other runs against the same server count too.
 */
export function startCpuAccounting(groups: Groups): { stop(): CpuSeconds } {
  const startedAt = Date.now();
  const machineStart = machineTicks();
  const start = new Map<number, number>();
  for (const pid of Object.values(groups).flatMap((pids) => pids())) start.set(pid, processTicks(pid) ?? 0);
  return {
    stop() {
      const machineEnd = machineTicks();
      const byGroup: Record<string, number> = {};
      for (const [name, pids] of Object.entries(groups)) {
        let ticks = 0;
        for (const pid of pids()) {
          const now = processTicks(pid);
          if (now !== null) ticks += now - (start.get(pid) ?? 0);
        }
        byGroup[name] = ticks / TICKS_PER_SECOND;
      }
      const wall = (Date.now() - startedAt) / 1000;
      return {
        wall,
        byGroup,
        machineBusy: (machineEnd.busy - machineStart.busy) / TICKS_PER_SECOND,
        machineCapacity: ((machineEnd.total - machineStart.total) / TICKS_PER_SECOND),
      };
    },
  };
}

/** utime + stime, or null when the process has gone. */
function processTicks(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may hold spaces and parentheses; fields are counted after its closing one.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return null;
  }
}

function machineTicks(): { busy: number; total: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!;
  const [user, nice, system, idle, iowait, irq, softirq, steal] = line.split(/\s+/).slice(1).map(Number) as number[];
  const busy = user! + nice! + system! + irq! + softirq! + steal!;
  return { busy, total: busy + idle! + iowait! };
}

export function pidsNamed(command: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === command) pids.push(Number(entry));
    } catch {
      // Gone between listing and reading.
    }
  }
  return pids;
}

/**
 * The server processes working for one database: its backends (the workers' connections,
 * autovacuum on its tables), listed from pg_stat_activity every `everyMs` since a pool opens
 * connections as it needs them. `pidsNamed('postgres')` counts every database on the shared
 * server, other people's test runs included; this counts ours. What it misses is shared work
 * done on our behalf (the WAL writer, the checkpointer), which the machine-wide group keeps.
 */
export async function trackDatabaseBackends(database: string, everyMs = 200): Promise<{ pids(): number[]; stop(): Promise<void> }> {
  // A connection of its own, to the server's maintenance database: not one of the backends counted.
  const sql = postgres(TEST_PG_URL, { max: 1, onnotice: () => {} });
  const seen = new Set<number>();
  const refresh = async () => {
    const rows = await sql<{ pid: number }[]>`select pid from pg_stat_activity where datname = ${database}`;
    for (const { pid } of rows) seen.add(pid);
  };
  await refresh();
  const timer = setInterval(() => void refresh().catch(() => {}), everyMs);
  timer.unref();
  return {
    pids: () => [...seen],
    async stop() {
      clearInterval(timer);
      await sql.end({ timeout: 5 });
    },
  };
}
