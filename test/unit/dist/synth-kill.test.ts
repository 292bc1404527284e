import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { DistFiles } from '../../../charts/dist/files.js';
import { writeDist } from '../../../charts/dist/write.js';
import { JOURNAL } from '../../../charts/dist/out-names.js';
import { lockTaken, readTree, startSynth, startWriter, type SynthProcess } from './synth-processes.js';
import { twoLandscapes, type Landscape, type TwoLandscapes } from './synth-fixtures.js';
import { prng } from '../../fuzz/random.js';

/**
 * synth killed with SIGKILL at random instants while it writes, many times over, checking after
 * each kill exactly the guarantee charts/dist/write.ts states, and that the next run completes the
 * folder to exactly its output with nothing left behind.
 *
 * Two kinds of process are killed: the real CLI (charts/main.ts), and write-process.ts, which calls
 * the same writeDist with the same files but skips loading cdk8s and synthesizing, which the CLI
 * does before it touches the folder (a kill there cannot change it) and which is three quarters of
 * each run's CPU: most kills go to the writer so that many fit in a minute.
 *
 * The test-only METAL_GARDEN_SYNTH_TEST_PAUSE_MS pause (8 ms after each step that changes the folder)
 * stretches the writing from a few milliseconds to most of a second, so that a kill at a random
 * instant after the run took the lock lands in the middle of it rather than after it.
 */

const CLI_KILLS = Number(process.env.METAL_GARDEN_SYNTH_CLI_KILLS ?? 6);
const WRITER_KILLS = Number(process.env.METAL_GARDEN_SYNTH_WRITER_KILLS ?? 40);
const LANES = 2; // output folders killed in parallel: start-up is most of each run's time
const PAUSE_MS = 8;
/**
 * How long the run's writing lasts at least: two paused steps per file to write (temporary file,
 * rename), one per file to remove, and the journal. The kill falls uniformly in this window after
 * the lock is taken; a busy machine only makes the writing longer, so it still lands inside.
 */
function writingMs(before: ReadonlyMap<string, string>, target: DistFiles): number {
  const writes = [...target].filter(([path, content]) => before.get(path) !== content).length;
  const removals = [...before.keys()].filter((path) => !target.has(path)).length;
  return (2 * writes + removals + 2) * PAUSE_MS;
}
const SEED = 20261202;

const scratch = mkdtempSync(join(tmpdir(), 'metal-garden-kill-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

interface Tally {
  killed: number;
  finishedFirst: number;
  journalLeft: number;
  mixed: number;
}

/**
 * The guarantee after a kill: the folder exists; each file has its content from before the run or
 * the run's new content; each file in both is there. Returns whether old and new files were mixed.
 */
function checkGuarantee(out: string, before: ReadonlyMap<string, string>, target: DistFiles, label: string): boolean {
  expect(statSync(out).isDirectory(), `${label}: the folder exists`).toBe(true);
  const now = readTree(out);
  let oldOnly = 0;
  let newOnly = 0;
  for (const [path, content] of now) {
    const isOld = content === before.get(path);
    const isNew = content === target.get(path);
    expect(isOld || isNew, `${label}: ${path} has neither its old nor its new content`).toBe(true);
    if (isOld && !isNew) oldOnly++;
    if (isNew && !isOld) newOnly++;
  }
  for (const path of before.keys()) if (target.has(path)) expect(now.has(path), `${label}: ${path} (old and new) is missing`).toBe(true);
  return oldOnly > 0 && newOnly > 0;
}

type Start = (target: Landscape, out: string, env: Record<string, string>) => SynthProcess;

async function lane(name: string, kills: number, start: Start, next: () => number, tally: Tally, landscapes: TwoLandscapes): Promise<void> {
  const out = join(scratch, name);
  const targets = [landscapes.b, landscapes.a];
  for (let run = 0; run < kills; run++) {
    // Every sixth run starts from nothing: a killed first run must leave a folder the next run accepts.
    if (run % 6 === 0) rmSync(out, { recursive: true, force: true });
    const target = targets[run % 2] ?? landscapes.a;
    const label = `${name} run ${run}`;
    const before = existsSync(out) ? readTree(out) : new Map<string, string>();
    const synth = start(target, out, { METAL_GARDEN_SYNTH_TEST_PAUSE_MS: String(PAUSE_MS) });
    const delay = next() * writingMs(before, target.files);
    if (await lockTaken(out, synth)) {
      await new Promise((resolve) => setTimeout(resolve, delay));
      synth.kill();
    }
    const result = await synth.exited;
    if (result.signal === 'SIGKILL') tally.killed++;
    else {
      expect(result.code, `${label}: ${result.stderr}`).toBe(0);
      tally.finishedFirst++;
    }
    if (existsSync(join(out, JOURNAL))) tally.journalLeft++;
    if (checkGuarantee(out, before, target.files, `${label} (killed ${Math.round(delay)} ms after taking the lock)`)) tally.mixed++;
    // Every other run, the next run completes the folder (in-process here: the same writeDist; the
    // killed runs above are the CLI's next runs too, starting from the previous kill's leftovers).
    if (run % 2 === 1) {
      writeDist(out, target.files, { report: () => undefined });
      expect(readTree(out, { leftovers: true }), `${label}: the next run leaves exactly its output`).toEqual(target.files);
    }
  }
}

describe('synth killed at random instants', () => {
  const landscapes = twoLandscapes(scratch);

  it.each([
    ['the synth CLI', CLI_KILLS, ((target, out, env) => startSynth([target.file, '--out', out], env)) satisfies Start],
    ['writeDist alone', WRITER_KILLS, ((target, out, env) => startWriter(target.filesJson, out, env)) satisfies Start],
  ])('%s, killed %i times: every file stays old or new, the folder present, and the next run completes it', async (kind, kills, start) => {
    const tally: Tally = { killed: 0, finishedFirst: 0, journalLeft: 0, mixed: 0 };
    const started = Date.now();
    const perLane = Math.ceil(kills / LANES);
    // One generator per lane, so a lane's instants do not depend on how the lanes interleave.
    const lanes = Array.from({ length: LANES }, (_, index) => {
      const name = `${kind.replaceAll(' ', '-')}-${index}`;
      return lane(name, perLane, start, prng(SEED + kills * LANES + index), tally, landscapes);
    });
    await Promise.all(lanes);
    console.log(`synth-kill, ${kind}: ${JSON.stringify(tally)} in ${Math.round((Date.now() - started) / 1000)} s`);
    const runs = perLane * LANES;
    // The test tests something only if most kills land while the folder is being written.
    expect(tally.killed, 'runs killed before they finished').toBeGreaterThanOrEqual(runs * 0.75);
    expect(tally.journalLeft, 'kills in the middle of writing (journal left behind)').toBeGreaterThanOrEqual(runs * 0.5);
    // A run into a new folder (every sixth) cannot mix; with few runs (the CLI's), chance may give none.
    if (runs >= 20) expect(tally.mixed, 'kills that left old and new files side by side').toBeGreaterThanOrEqual(runs * 0.25);
  }, 900_000);
});
