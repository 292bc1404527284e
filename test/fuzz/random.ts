import { OP_WEIGHTS, OPS, type Mutation, type Op } from './mutations.js';

/** mulberry32: a small, fast, seedable PRNG; the fuzzer needs reproducibility, not cryptographic quality. */
export function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

/** The generator of one run, from the fuzzer's seed and the run number, so `--only <run>` replays a single run. */
export function runRandom(seed: number, run: number): () => number {
  return prng(Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(run + 1, 0xc2b2ae35));
}

export function below(random: () => number, n: number): number {
  return Math.floor(random() * n);
}

/**
 * One to `max` mutations, most runs one or two: every extra mutation makes a rejection likelier and
 * the accepted-but-crashing inputs are found near valid landscapes. Picks are large so every
 * applicable path is equally likely.
 */
const totalWeight = OPS.reduce((sum, op) => sum + OP_WEIGHTS[op], 0);

/** An op drawn by OP_WEIGHTS. */
function weightedOp(random: () => number): Op {
  let draw = random() * totalWeight;
  for (const op of OPS) {
    draw -= OP_WEIGHTS[op];
    if (draw < 0) return op;
  }
  return 'set';
}

export function randomMutations(random: () => number, max: number): Mutation[] {
  let length = 1;
  while (length < max && random() < 0.4) length++;
  return Array.from({ length }, () => ({
    op: weightedOp(random),
    pick: below(random, 2 ** 31),
    variant: below(random, 2 ** 31),
  }));
}
