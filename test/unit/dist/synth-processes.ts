import { spawn } from 'node:child_process';
import { existsSync, lstatSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
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
  kill(): void;
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
  return { pid: child.pid, exited, kill: () => child.kill('SIGKILL') };
}

/** Resolves true once `process` holds the lock of `outDir`, false if it ends first. */
export async function lockTaken(outDir: string, process: SynthProcess): Promise<boolean> {
  let ended = false;
  void process.exited.then(() => (ended = true));
  const lock = join(outDir, LOCK);
  for (;;) {
    if (existsSync(lock) && lstatSync(lock).isFile()) {
      try {
        if ((JSON.parse(readFileSync(lock, 'utf8')) as { pid: number }).pid === process.pid) return true;
      } catch {
        // removed between the two calls
      }
    }
    if (ended) return false;
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}
