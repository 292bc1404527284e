/**
 * npm run fuzz:landscape -- [--runs 1000] [--seed 1] [--max-mutations 4] [--only RUN]
 *
 * Seeded mutation fuzzer over the example landscapes (landscapes/*.yaml): each run applies a few
 * random mutations to a parsed example, validates and synthesizes it in-process, and counts it as
 * accepted, rejected (problems with field paths) or crashed (synth threw after validation passed, or
 * validation threw something other than a problem report). Crashing inputs are saved under tmp/fuzz/.
 * The same seed gives the same runs; `--only RUN` replays one run of a seed. Exit 1 if anything crashed.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { stringify } from 'yaml';
import { classify, describeError, exampleLandscapes } from './classify.js';
import { applyMutations } from './mutations.js';
import { below, randomMutations, runRandom } from './random.js';

const outDir = resolve(import.meta.dirname, '../../tmp/fuzz');

function integer(name: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < 0) throw new Error(`--${name} must be a non-negative integer, got ${JSON.stringify(text)}`);
  return value;
}

function saveCrash(seed: number, run: number, example: string, applied: readonly string[], document: unknown, error: string): string {
  mkdirSync(outDir, { recursive: true });
  const file = resolve(outDir, `seed-${seed}-run-${run}.yaml`);
  const header = [
    `# fuzz:landscape crash: seed ${seed}, run ${run}, from landscapes/${example}`,
    `# replay: npm run fuzz:landscape -- --seed ${seed} --only ${run}`,
    '# mutations:',
    ...applied.map((m) => `#   ${m}`),
    '# error:',
    ...error.split('\n').map((line) => `#   ${line}`),
  ];
  writeFileSync(file, `${header.join('\n')}\n${stringify(document, { lineWidth: 0 })}`);
  return file;
}

function main(): number {
  const { values } = parseArgs({
    options: { runs: { type: 'string' }, seed: { type: 'string' }, 'max-mutations': { type: 'string' }, only: { type: 'string' } },
  });
  const runs = integer('runs', values.runs, 1000);
  const seed = integer('seed', values.seed, 1);
  const maxMutations = Math.max(1, integer('max-mutations', values['max-mutations'], 4));
  const only = values.only === undefined ? undefined : integer('only', values.only, 0);
  const examples = exampleLandscapes();
  if (examples.length === 0) throw new Error('no example landscapes in landscapes/*.yaml');

  const counts = { accepted: 0, rejected: 0, crashed: 0 };
  const distinct = new Map<string, { count: number; file: string; applied: readonly string[] }>();
  const started = performance.now();
  const first = only ?? 0;
  const end = only === undefined ? runs : only + 1;
  for (let run = first; run < end; run++) {
    const random = runRandom(seed, run);
    const example = examples[below(random, examples.length)] ?? examples[0];
    if (!example) break;
    const document = structuredClone(example.document);
    const applied = applyMutations(document, randomMutations(random, maxMutations));
    const saved = structuredClone(document);
    const outcome = classify(document);
    counts[outcome.kind]++;
    if (outcome.kind === 'crashed') {
      const error = describeError(outcome.error);
      const file = saveCrash(seed, run, example.name, applied, saved, `${outcome.stage}: ${error}`);
      // Distinct crashes: same stage, message (numbers and quoted values blurred) and first frame.
      const lines = error.split('\n');
      const key = `${outcome.stage}: ${(lines[0] ?? '').replace(/\d+/g, 'N').replace(/"[^"]*"/g, '"…"')} ${lines[1]?.trim() ?? ''}`;
      const entry = distinct.get(key);
      if (entry) entry.count++;
      else distinct.set(key, { count: 1, file, applied });
      if (only !== undefined) console.log(`run ${run}: ${applied.join('; ')}\n${error}`);
    } else if (only !== undefined) {
      console.log(`run ${run}: ${applied.join('; ')} -> ${outcome.kind}`);
      if (outcome.kind === 'rejected') for (const p of outcome.problems) console.log(`  ${p.path}: ${p.message}`);
    }
  }
  const seconds = (performance.now() - started) / 1000;
  const total = end - first;
  console.log(
    `fuzz:landscape seed ${seed}: ${total} runs in ${seconds.toFixed(1)} s (${(total / seconds).toFixed(1)} runs/s): ` +
      `accepted ${counts.accepted}, rejected ${counts.rejected}, crashed ${counts.crashed}`,
  );
  if (counts.crashed === 0) return 0;
  console.log(`${distinct.size} distinct crashes; inputs saved in ${outDir}:`);
  for (const [key, { count, file, applied }] of distinct) console.log(`- ${count}× ${key}\n    e.g. ${file}\n    ${applied.join('; ')}`);
  return 1;
}

process.exitCode = main();
