import { randomUUID } from 'node:crypto';
import { linkSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LOCK, TEMP_PREFIX } from './out-names.js';
import { currentProcess, hasEnded, sleepSync, type ProcessIdentity } from './processes.js';

/**
 * One synth run at a time per output folder. The lock is a file in the folder, created whole with
 * link(2) (which fails when the name exists, like O_EXCL, but never leaves a half-written file),
 * holding the owner's identity. A lock whose owner has ended (killed, crashed) is taken over; one
 * whose owner runs is waited for, with progress, until the timeout.
 *
 * Taking over moves the stale file aside by rename and deletes it only when it is the one judged
 * stale; if another run took it over in between, its lock is linked back. A third run that creates
 * the lock in the microseconds between the two steps would go unnoticed: that needs two runs
 * finding the same dead owner at once, and is the one case this lock does not serialize.
 */

export class LockTimeout extends Error {}

export interface LockOptions {
  /** How long to wait for a running owner before giving up. */
  readonly timeoutMs: number;
  /** Progress while waiting and notes on taken-over locks. */
  readonly report: (message: string) => void;
  /** Pause between attempts; default 50 ms. */
  readonly pollMs?: number;
}

export interface Lock {
  readonly path: string;
  release(): void;
}

interface Owner extends ProcessIdentity {
  readonly since: string;
  readonly token: string;
}

function readOwner(path: string): Owner | 'absent' | 'unreadable' {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'absent';
    throw error;
  }
  try {
    const owner = JSON.parse(text) as Partial<Owner>;
    return typeof owner.pid === 'number' && typeof owner.token === 'string' ? (owner as Owner) : 'unreadable';
  } catch {
    return 'unreadable';
  }
}

function errno(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException).code;
}

/** Creates the lock with the owner's content, or returns false when it exists. */
function tryCreate(dir: string, path: string, me: Owner): boolean {
  const candidate = join(dir, `${TEMP_PREFIX}${me.pid}-lock-${me.token}`);
  writeFileSync(candidate, `${JSON.stringify(me)}\n`);
  try {
    linkSync(candidate, path);
    return true;
  } catch (error) {
    if (errno(error) === 'EEXIST') return false;
    throw error;
  } finally {
    unlinkSync(candidate);
  }
}

function takeOver(dir: string, path: string, stale: Owner, me: Owner): boolean {
  const aside = join(dir, `${TEMP_PREFIX}${me.pid}-stale-lock-${me.token}`);
  try {
    renameSync(path, aside);
  } catch (error) {
    if (errno(error) === 'ENOENT') return false;
    throw error;
  }
  const moved = readOwner(aside);
  if (typeof moved !== 'string' && moved.token !== stale.token) {
    // Another run took the stale lock over since we read it: give it back its lock.
    try {
      linkSync(aside, path);
    } catch (error) {
      if (errno(error) !== 'EEXIST') throw error;
    }
  }
  unlinkSync(aside);
  return typeof moved !== 'string' && moved.token === stale.token;
}

function describe(owner: Owner): string {
  return `pid ${owner.pid} on ${owner.host}, since ${owner.since}`;
}

/** Takes the lock of `dir` (which must exist), waiting for a running owner up to the timeout. */
export function acquireLock(dir: string, options: LockOptions): Lock {
  const path = join(dir, LOCK);
  const me: Owner = { ...currentProcess(), since: new Date().toISOString(), token: randomUUID() };
  const started = Date.now();
  let nextReport = started;
  for (;;) {
    if (tryCreate(dir, path, me)) return { path, release: () => release(path, me) };
    const owner = readOwner(path);
    if (owner === 'absent') continue;
    // Our own pid with another token is a predecessor of this process's pid (a restarted container).
    if (owner !== 'unreadable' && (hasEnded(owner) || (owner.pid === me.pid && owner.token !== me.token))) {
      if (takeOver(dir, path, owner, me)) options.report(`took over ${path}: its owner (${describe(owner)}) is no longer running`);
      continue;
    }
    const waited = Date.now() - started;
    const holder = owner === 'unreadable' ? 'an unreadable owner' : describe(owner);
    if (waited >= options.timeoutMs) {
      throw new LockTimeout(
        `${path} is held by ${holder}; gave up after ${Math.round(waited / 1000)} s (--lock-timeout). ` +
          `Another synth run is writing ${dir}; if none is, remove ${path} and run again.`,
      );
    }
    if (Date.now() >= nextReport) {
      options.report(`waiting for ${path}: another synth run (${holder}) is writing ${dir} (${Math.round(waited / 1000)} s of at most ${Math.round(options.timeoutMs / 1000)} s)`);
      nextReport = Date.now() + 5000;
    }
    sleepSync(options.pollMs ?? 50);
  }
}

function release(path: string, me: Owner): void {
  const owner = readOwner(path);
  // A lock that is no longer ours (taken over by mistake, removed by hand) is not ours to delete.
  if (typeof owner !== 'string' && owner.token === me.token) unlinkSync(path);
}
