import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';

/** Linux reports process CPU times in clock ticks; USER_HZ is 100 on every mainstream kernel. */
const TICKS_PER_SECOND = 100;

/** Where CPU time went during a phase, in percent of one core (200 = two cores busy). */
export interface CpuUsage {
  cores: number;
  /** The load generator (this process). */
  bench: number;
  /** The server process, if one was watched. */
  server: number | null;
  /** PostgreSQL's processes for the bench database (its backends, WAL writer, checkpointer…). */
  postgres: number | null;
  /** Everything else running on the machine meanwhile (other databases' backends included). */
  others: number | null;
  /** The whole machine, in percent of all its cores. */
  machineBusy: number | null;
}

interface MachineTimes {
  busy: number;
  total: number;
}

function machineTimes(): MachineTimes | null {
  try {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    const total = fields.reduce((a, b) => a + b, 0);
    const idle = (fields[3] ?? 0) + (fields[4] ?? 0); // idle + iowait
    return { busy: total - idle, total };
  } catch {
    return null;
  }
}

/** Command name and utime + stime (seconds) of a process, from /proc/<pid>/stat. */
function processTimes(pid: number | string): { name: string; seconds: number } | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { name, seconds: (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND }; // stat(5) fields 14, 15
  } catch {
    return null;
  }
}

/** A backend's title: `postgres: 15/main: <user> <database> <client>(port) <activity>`. */
const BACKEND_TITLE = /^postgres: [^:]+: \S+ (\S+) (?:\S*\(\d+\)|\[local\])/;

/**
 * CPU seconds of the PostgreSQL processes serving `database`: its backends and the shared
 * auxiliary processes (WAL writer, checkpointer, autovacuum…), but not the backends of other
 * databases, which on a shared machine belong to someone else's work.
 */
function postgresSeconds(database: string): number | null {
  try {
    let total = 0;
    for (const pid of readdirSync('/proc').filter((entry) => /^\d+$/.test(entry))) {
      const times = processTimes(pid);
      if (times?.name !== 'postgres') continue;
      const title = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
      const backendOf = BACKEND_TITLE.exec(title)?.[1];
      if (backendOf === undefined || backendOf === database) total += times.seconds;
    }
    return total;
  } catch {
    return null;
  }
}

const percentOf = (start: number | null, end: number | null, wall: number) =>
  start !== null && end !== null ? ((end - start) / wall) * 100 : null;

/** The processes a phase's CPU is attributed to, beside this one. */
export interface CpuWatch {
  database: string;
  serverPid?: number | undefined;
}

/** Starts measuring; call the returned function at the end of the phase. */
export function startCpuMeter({ database, serverPid }: CpuWatch): () => CpuUsage {
  const cores = os.availableParallelism();
  const wallStart = performance.now();
  const benchStart = process.cpuUsage();
  const machineStart = machineTimes();
  const serverSeconds = () => (serverPid === undefined ? null : (processTimes(serverPid)?.seconds ?? null));
  const serverStart = serverSeconds();
  const postgresStart = postgresSeconds(database);
  return () => {
    const wall = (performance.now() - wallStart) / 1000;
    const benchUsage = process.cpuUsage(benchStart);
    const bench = ((benchUsage.user + benchUsage.system) / 1e6 / wall) * 100;
    const server = percentOf(serverStart, serverSeconds(), wall);
    const postgres = percentOf(postgresStart, postgresSeconds(database), wall);
    const machineEnd = machineTimes();
    if (!machineStart || !machineEnd)
      return { cores, bench, server, postgres, others: null, machineBusy: null };
    const busyShare = (machineEnd.busy - machineStart.busy) / (machineEnd.total - machineStart.total);
    const others = Math.max(0, busyShare * cores * 100 - bench - (server ?? 0) - (postgres ?? 0));
    return { cores, bench, server, postgres, others, machineBusy: busyShare * 100 };
  };
}
