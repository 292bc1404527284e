// What Linux's /proc tells about the processes the benchmark started (the controller's Node, its
// own kube-apiserver and etcd) and about the machine: memory (VmRSS now, VmHWM = peak RSS) and CPU
// time, so a result can say whether the controller, the API server or the machine was the limit.
import { readdirSync, readFileSync } from 'node:fs';

/** USER_HZ: the unit of /proc's CPU times; 100 on every Linux this runs on. */
const TICKS_PER_SECOND = 100;

export interface Memory {
  /** Resident set size now, bytes. */
  readonly rss: number;
  /** Peak resident set size since the process started (VmHWM), bytes. */
  readonly hwm: number;
}

/** VmRSS and VmHWM of a process; undefined once it is gone. */
export function memoryOf(pid: number): Memory | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return undefined;
  }
  const kb = (field: string): number => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? NaN) * 1024;
  return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
}

interface Stat {
  readonly comm: string;
  readonly ppid: number;
  /** User plus system CPU time, seconds. */
  readonly cpuSeconds: number;
}

function statOf(pid: number): Stat | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // comm may contain spaces and parentheses; the fields after it are plain.
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  const fields = text.slice(close + 2).split(' ');
  // fields[0] is field 3 (state): ppid is field 4, utime 14, stime 15.
  return {
    comm: text.slice(open + 1, close),
    ppid: Number(fields[1]),
    cpuSeconds: (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND,
  };
}

/** CPU seconds (user + system) a process has used so far; NaN once it is gone. */
export const cpuSecondsOf = (pid: number): number => statOf(pid)?.cpuSeconds ?? NaN;

/** The pid of this process's child running `comm` (e.g. `kube-apiserver`), if any. */
export function childNamed(comm: string): number | undefined {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = statOf(Number(entry));
    if (stat?.ppid === process.pid && stat.comm === comm) return Number(entry);
  }
  return undefined;
}

/** Busy and total CPU time of the whole machine so far (all cores), seconds. */
export function machineCpu(): { busy: number; total: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
  const [, ...values] = line.trim().split(/\s+/);
  const ticks = values.map(Number);
  const total = ticks.slice(0, 8).reduce((a, b) => a + b, 0);
  const idle = (ticks[3] ?? 0) + (ticks[4] ?? 0);
  return { busy: (total - idle) / TICKS_PER_SECOND, total: total / TICKS_PER_SECOND };
}

/** Samples a process's VmRSS every intervalMs and keeps the peak (VmHWM says the peak too; sampling shows it was reached during the run). */
export class RssSampler {
  private timer: NodeJS.Timeout | undefined;
  public peakRss = 0;
  public samples = 0;

  public constructor(
    private readonly pid: number,
    private readonly intervalMs = 100,
  ) {}

  public start(): void {
    this.sample();
    this.timer = setInterval(() => this.sample(), this.intervalMs);
  }

  public stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.sample();
  }

  private sample(): void {
    const memory = memoryOf(this.pid);
    // A process that is exiting has no VmRSS line any more.
    if (!memory || !Number.isFinite(memory.rss)) return;
    this.samples++;
    this.peakRss = Math.max(this.peakRss, memory.rss);
  }
}

export const mib = (bytes: number): string => (Number.isFinite(bytes) ? `${(bytes / 1024 / 1024).toFixed(1)} MiB` : 'n/a');
