// SIGTERM/SIGINT handling in a real child process (signals are process-wide, so not in the test
// runner's own process): the first signal aborts the AbortSignal and graceful work continues; a
// second signal exits at once with code 1.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const child = fileURLToPath(new URL('./signals.child.ts', import.meta.url));
const running: ChildProcessWithoutNullStreams[] = [];

afterEach(() => {
  for (const p of running.splice(0)) if (p.exitCode === null && p.signalCode === null) p.kill('SIGKILL');
});

interface Child {
  readonly process: ChildProcessWithoutNullStreams;
  /** Resolves once stdout has contained `text`. */
  readonly waitFor: (text: string) => Promise<void>;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string }>;
}

function start(drainMs: number): Child {
  const p = spawn(process.execPath, ['--import', 'tsx', child], { env: { ...process.env, DRAIN_MS: String(drainMs) } });
  running.push(p);
  let stdout = '';
  const waiters: { text: string; resolve: () => void }[] = [];
  p.stdout.setEncoding('utf8');
  p.stdout.on('data', (chunk: string) => {
    stdout += chunk;
    for (const w of waiters.filter((w) => stdout.includes(w.text))) w.resolve();
  });
  let stderr = '';
  p.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string }>((resolve) =>
    p.on('exit', (code, signal) => resolve({ code, signal, stdout })),
  );
  const waitFor = (text: string): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      if (stdout.includes(text)) return resolve();
      waiters.push({ text, resolve });
      void exited.then(() => reject(new Error(`child exited before printing ${JSON.stringify(text)}; stdout: ${stdout} stderr: ${stderr}`)));
    });
  return { process: p, waitFor, exited };
}

describe('setupSignalHandler', () => {
  it('aborts on SIGTERM and lets graceful work finish', async () => {
    const c = start(300);
    await c.waitFor('ready true');
    c.process.kill('SIGTERM');
    await c.waitFor('aborted: received SIGTERM');
    const result = await c.exited;
    expect(result).toMatchObject({ code: 0, signal: null });
    expect(result.stdout).toBe('ready true\naborted: received SIGTERM\ndrained\n');
  });

  it('exits immediately with code 1 on a second signal', async () => {
    const c = start(60_000);
    await c.waitFor('ready');
    const started = Date.now();
    c.process.kill('SIGINT');
    await c.waitFor('aborted: received SIGINT');
    c.process.kill('SIGTERM');
    const result = await c.exited;
    expect(result).toMatchObject({ code: 1, signal: null });
    expect(result.stdout).not.toContain('drained');
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
