import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join, relative } from 'node:path';
import { projectRoot } from '../../../generators/upstream.js';
import { isRunLeftover, LOCK } from '../../../charts/dist/out-names.js';
import { currentProcess } from '../../../charts/dist/processes.js';

/**
 * Helpers for the tests that run synth as real processes against one output folder: the tree as it
 * is on disk, and a synth CLI process one can wait for, watch take the lock, and kill.
 */

/** Every file under `root` with its content (a symlink as `-> target`); run leftovers only when asked. */
export function readTree(root: string, options: { leftovers?: boolean } = {}): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (options.leftovers || !isRunLeftover(entry.name)) {
        out.set(relative(root, full), entry.isSymbolicLink() ? `-> ${readlinkSync(full)}` : readFileSync(full, 'utf8'));
      }
    }
  };
  walk(root);
  return new Map([...out].sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** A lock file's content as a run on this host with that pid would write it (start time unknown). */
export function lockContent(pid: number, token = `pid-${pid}`): string {
  return `${JSON.stringify({ ...currentProcess(), pid, start: '', since: '2026-01-01T00:00:00.000Z', token })}\n`;
}

export interface SynthProcess {
  readonly pid: number;
  /** Exit code (null when killed) and signal, once it ended. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string; stdout: string }>;
  /** What it printed to stderr so far. */
  stderr(): string;
  kill(): void;
  /** SIGSTOP: it stays alive (and keeps its lock) without running; resume() with SIGCONT. */
  stop(): void;
  resume(): void;
}

/** `npm run synth -- ...args` without npm: the same entry point through the project's tsx. */
export function startSynth(args: readonly string[], env: Record<string, string> = {}): SynthProcess {
  return startScript(join(projectRoot, 'charts', 'main.ts'), args, env);
}

/**
 * Only the writing of `synth`: write-process.ts hands `files` (a JSON object path → content) to the
 * same writeDist the CLI calls, without loading cdk8s and synthesizing first (a quarter of the CPU).
 */
export function startWriter(filesJson: string, outDir: string, env: Record<string, string> = {}): SynthProcess {
  return startScript(join(import.meta.dirname, 'write-process.ts'), [filesJson, outDir], env);
}

function startScript(script: string, args: readonly string[], env: Record<string, string>): SynthProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    cwd: projectRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  // 'close' comes after the process was reaped and its pipes drained: its pid is free from then on.
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string; stdout: string }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal, stderr, stdout })),
  );
  if (child.pid === undefined) throw new Error('synth did not start');
  return {
    pid: child.pid,
    exited,
    stderr: () => stderr,
    kill: () => child.kill('SIGKILL'),
    stop: () => child.kill('SIGSTOP'),
    resume: () => child.kill('SIGCONT'),
  };
}

/** The pid in the lock of `outDir`, or undefined when there is none (or it is being replaced). */
export function lockHolder(outDir: string): number | undefined {
  try {
    return (JSON.parse(readFileSync(join(outDir, LOCK), 'utf8')) as { pid: number }).pid;
  } catch {
    return undefined;
  }
}

/** Polls `condition` every 2 ms; fails with `what` after `timeoutMs`. */
export async function until(condition: () => boolean, what: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`gave up after ${timeoutMs} ms waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

/** Resolves true once `process` holds the lock of `outDir`, false if it ends first. */
export async function lockTaken(outDir: string, process: SynthProcess): Promise<boolean> {
  let ended = false;
  void process.exited.then(() => (ended = true));
  for (;;) {
    if (lockHolder(outDir) === process.pid) return true;
    if (ended) return false;
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}
