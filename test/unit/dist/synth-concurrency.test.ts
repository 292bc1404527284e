import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeDist } from '../../../charts/dist/write.js';
import { LOCK } from '../../../charts/dist/out-names.js';
import { lockContent, lockHolder, readTree, startSynth, until } from './synth-processes.js';
import { twoLandscapes } from './synth-fixtures.js';

const scratch = mkdtempSync(join(tmpdir(), 'metal-garden-concurrent-'));
const sleeper = spawn('sleep', ['600'], { stdio: 'ignore' });
afterAll(() => {
  sleeper.kill('SIGKILL');
  rmSync(scratch, { recursive: true, force: true });
});
const { a, b } = twoLandscapes(scratch);

// Start-ups take seconds each on a busy machine (the full unit run): generous timeouts.
describe('synth runs on one output folder', () => {
  it('are serialized: started together on the stale lock of a killed run, one takes it over, the other waits, and the folder is exactly the output of the one that wrote last', async () => {
    const out = join(scratch, 'together');
    writeDist(out, a.files, { report: () => undefined });
    const dead = spawnSync('true').pid ?? 0;
    writeFileSync(join(out, LOCK), lockContent(dead));
    // Both start together; whichever takes the lock first is stopped (SIGSTOP: alive, holding the
    // lock, not running) until the other reports that it waits, so the overlap does not depend on
    // how long each start-up takes on a busy machine. The test-only pause keeps the holder's writing
    // long enough (about a second) that it is stopped while it still holds the lock.
    const slow = { METAL_GARDEN_SYNTH_TEST_PAUSE_MS: '15' };
    const toB = startSynth([b.file, '--out', out], slow);
    const toA = startSynth([a.file, '--out', out], slow);
    await until(() => lockHolder(out) === toA.pid || lockHolder(out) === toB.pid, 'one run holds the lock');
    const [holder, other] = lockHolder(out) === toA.pid ? [toA, toB] : [toB, toA];
    holder.stop();
    try {
      expect(lockHolder(out), 'the stopped run still holds the lock').toBe(holder.pid);
      await until(() => other.stderr().includes('waiting for'), 'the other run waits');
    } finally {
      holder.resume();
    }
    const [resultB, resultA] = await Promise.all([toB.exited, toA.exited]);
    expect(resultB.code, resultB.stderr).toBe(0);
    expect(resultA.code, resultA.stderr).toBe(0);

    const waited = (stderr: string, other: number) =>
      new RegExp(`waiting for ${join(out, LOCK)}: another synth run \\(pid ${other} on .*\\) is writing ${out}`).test(stderr);
    const bWaited = waited(resultB.stderr, toA.pid);
    const aWaited = waited(resultA.stderr, toB.pid);
    expect([aWaited, bWaited].filter(Boolean), `exactly one run waits\nto a: ${resultA.stderr}\nto b: ${resultB.stderr}`).toHaveLength(1);
    const tookOver = [resultA.stderr, resultB.stderr].filter((stderr) => stderr.includes(`took over ${join(out, LOCK)}: its owner (pid ${dead} on `));
    expect(tookOver, 'exactly one run takes the stale lock over').toHaveLength(1);
    const last = aWaited ? a : b;
    expect(readTree(out, { leftovers: true }), 'the run that waited wrote last, all of it, and nothing is left behind').toEqual(last.files);
  }, 300_000);

  it('give up after --lock-timeout while another process holds the lock, naming it, and write nothing', async () => {
    const out = join(scratch, 'held');
    writeDist(out, a.files, { report: () => undefined });
    writeFileSync(join(out, LOCK), lockContent(sleeper.pid ?? 0));
    const before = readTree(out, { leftovers: true });
    const result = await startSynth([b.file, '--out', out, '--lock-timeout', '0']).exited;
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${join(out, LOCK)} is held by pid ${sleeper.pid} on `);
    expect(result.stderr).toContain(`if none is, remove ${join(out, LOCK)} and run again.\nnothing was written`);
    expect(readTree(out, { leftovers: true })).toEqual(before);
  }, 300_000);
});
