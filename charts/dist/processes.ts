import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';

/**
 * Which process a lock or a temporary file belongs to, and whether it still runs. A pid alone is
 * not an identity: pids repeat across reboots and container restarts (a synth in a fresh container
 * may get the pid its killed predecessor had), so the boot and the process start time go with it
 * where Linux tells them.
 */
export interface ProcessIdentity {
  readonly pid: number;
  readonly host: string;
  /** /proc/sys/kernel/random/boot_id, or '' where there is none. */
  readonly boot: string;
  /** Start time in clock ticks after boot (/proc/<pid>/stat field 22), or '' where there is none. */
  readonly start: string;
}

function readOr(path: string, fallback: string): string {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    return fallback;
  }
}

function startTime(pid: number): string {
  // The command name (field 2) is in parentheses and may contain spaces: count fields after it.
  const stat = readOr(`/proc/${pid}/stat`, '');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return fields[19] ?? '';
}

export function currentProcess(): ProcessIdentity {
  return { pid: process.pid, host: hostname(), boot: readOr('/proc/sys/kernel/random/boot_id', ''), start: startTime(process.pid) };
}

/** True when the process is gone for sure; false when it runs or this host cannot tell (another host). */
export function hasEnded(owner: ProcessIdentity): boolean {
  const me = currentProcess();
  if (owner.host !== me.host) return false;
  if (owner.boot !== '' && me.boot !== '' && owner.boot !== me.boot) return true;
  if (!isRunning(owner.pid)) return true;
  // The pid runs, but it may be another process that got the same number.
  const start = startTime(owner.pid);
  return owner.start !== '' && start !== '' && start !== owner.start;
}

/** Whether a process with this pid exists on this host (it may be another one than the pid's first owner). */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Blocks the (synchronous) synth run; it has nothing else to do while it waits. */
export function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
