// Last-resort cleanup: if the test runner exits or is interrupted (Ctrl-C, SIGTERM from
// CI) before a normal teardown, kill every server group and remove the run directories
// synchronously. A normal teardown unregisters the directory and stops servers itself.
import { rmSync } from 'node:fs';
import { killAllSync } from './process.js';

const dirs = new Set<string>();
let installed = false;

function cleanupSync(): void {
  killAllSync();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  dirs.clear();
}

function onSignal(signal: NodeJS.Signals): void {
  process.stderr.write(`\nenvtest: ${signal}: stopping control plane\n`);
  cleanupSync();
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
