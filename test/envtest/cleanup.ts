// Last-resort cleanup: if the test runner exits or is interrupted (Ctrl-C, SIGTERM from
// CI) before a normal teardown, kill every server group and remove the run directories
// synchronously. A normal teardown unregisters the directory and stops servers itself.
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { killAllSync } from './process.js';

const dirs = new Set<string>();
let installed = false;

function cleanupSync(): void {
  killAllSync();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  dirs.clear();
}

function onSignal(signal: NodeJS.Signals): void {
  // A test worker that ran a server (e.g. admission-metal.ts) keeps this handler after a normal
  // stop; only say something when there is something left to stop.
  if (dirs.size > 0) {
    process.stderr.write(`\nenvtest: ${signal}: stopping the test servers\n`);
    cleanupSync();
  }
  // If nobody else handles the signal, restore the default (terminate) and re-raise it,
  // so the runner exits with the usual status.
  if (process.listenerCount(signal) === 1) {
    process.removeListener(signal, onSignal);
    process.kill(process.pid, signal);
  }
}

export function guardRunDir(dir: string): void {
  dirs.add(dir);
  if (installed) return;
  installed = true;
  process.once('exit', cleanupSync);
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  process.on('SIGHUP', onSignal);
}

export function releaseRunDir(dir: string): void {
  dirs.delete(dir);
}

/** Records the owning process, so a later run can tell a stale run directory from a live one. */
export function markOwner(dir: string): void {
  writeFileSync(join(dir, 'owner.pid'), String(process.pid));
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes run directories left by a runner that was SIGKILLed (its servers died with it
 * through pdeathsig, but nothing could remove the directory). Directories of live runs,
 * and those without an owner file yet, are left alone.
 */
export function sweepStaleRunDirs(parent: string, prefix: string): void {
  for (const name of readdirSync(parent)) {
    if (!name.startsWith(prefix)) continue;
    const dir = join(parent, name);
    let pid: number;
    try {
      pid = Number(readFileSync(join(dir, 'owner.pid'), 'utf8'));
    } catch {
      continue;
    }
    if (pid > 0 && !alive(pid)) rmSync(dir, { recursive: true, force: true });
  }
}
