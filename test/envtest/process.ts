// Starts a server as its own process group with its output in a log file, and stops it
// again without leaving anything behind. Every live server is tracked so an exit or a
// signal of the test runner can kill all of them synchronously (see cleanup.ts).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, openSync, closeSync, readFileSync } from 'node:fs';

export interface ServerProcess {
  name: string;
  pid: number;
  logFile: string;
  /** Resolves with the exit code (or signal name) once the process has exited. */
  exited: Promise<string>;
  hasExited: () => boolean;
  stop: (graceMs?: number) => Promise<void>;
  /** The last lines of the log, for error messages. */
  logTail: (lines?: number) => string;
}

const live = new Set<ServerProcess>();

/** Kills every tracked server group at once; safe to call from an 'exit' handler. */
export function killAllSync(): void {
  for (const server of live) {
    try {
      process.kill(-server.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  live.clear();
}

// util-linux's setpriv asks the kernel to SIGKILL the server if the test runner dies
// without running any handler (e.g. it was SIGKILLed itself), so no server is orphaned.
const setpriv = ['/usr/bin/setpriv', '/bin/setpriv'].find((p) => existsSync(p));

export function startServer(name: string, binary: string, args: string[], logFile: string, env?: NodeJS.ProcessEnv): ServerProcess {
  const fd = openSync(logFile, 'a');
  let child: ChildProcess;
  try {
    const [command, argv] = setpriv ? [setpriv, ['--pdeathsig', 'SIGKILL', '--', binary, ...args]] : [binary, args];
    // detached: the server leads its own process group, so a group kill reaches
    // anything it forks, and Ctrl-C in the terminal is handled by us, not sent to it.
    child = spawn(command, argv, { detached: true, stdio: ['ignore', fd, fd], ...(env ? { env } : {}) });
  } finally {
    closeSync(fd);
  }
  if (child.pid === undefined) throw new Error(`could not start ${name} (${binary})`);
  const pid = child.pid;

  let done = false;
  const exited = new Promise<string>((resolve) => {
    child.on('exit', (code, signal) => {
      done = true;
      live.delete(server);
      resolve(signal ?? String(code));
    });
    child.on('error', (err) => {
      done = true;
      live.delete(server);
      resolve(`error: ${err.message}`);
    });
  });

  const logTail = (lines = 30): string => {
    try {
      return readFileSync(logFile, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
    } catch {
      return '(no log)';
    }
  };

  const stop = async (graceMs = 10_000): Promise<void> => {
    if (done) return;
    signalGroup(pid, 'SIGTERM');
    const timer = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), graceMs).unref());
    if ((await Promise.race([exited, timer])) === 'timeout') {
      signalGroup(pid, 'SIGKILL');
      await exited;
    }
    // The leader may exit before children it forked; make sure the group is gone.
    signalGroup(pid, 'SIGKILL');
  };

  const server: ServerProcess = { name, pid, logFile, exited, hasExited: () => done, stop, logTail };
  live.add(server);
  return server;
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // no such group: already gone
  }
}
