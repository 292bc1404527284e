import { describe, expect } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { classify, describeError, exampleLandscapes } from '../../fuzz/classify.js';
import { applyMutations, OPS, type Mutation } from '../../fuzz/mutations.js';

// Issue 8, part 1: every landscape the validation accepts synthesizes; everything else is rejected
// with field paths. The mutation space is the one `npm run fuzz:landscape` samples; here fast-check
// drives it, so a failure shrinks to the fewest, simplest mutations. Fixed seed and a modest number
// of runs keep `npm test` fast and reproducible; the fuzzer explores further.
const SEED = 20261202;
// The fuzzer's first two finds — a duplicate Project member and an API domain ending in an all-digit
// label, both accepted and then crashing synth — are validation rules now (corpus cases). With the
// schema, override and release-vector mutations more inputs are accepted and synthesized, so fewer
// runs fit a minute on the shared 2-core machine (400 timed out there at 60 s).
const RUNS = 150;

const examples = exampleLandscapes();

const mutation: fc.Arbitrary<Mutation> = fc.record({ op: fc.constantFrom(...OPS), pick: fc.nat(), variant: fc.nat() });

describe('mutated example landscapes', () => {
  test('there is an example to mutate', () => {
    expect(examples.length).toBeGreaterThan(0);
  });

  test.prop([fc.nat({ max: Math.max(0, examples.length - 1) }), fc.array(mutation, { minLength: 1, maxLength: 3 })], { seed: SEED, numRuns: RUNS })(
    'are accepted and synthesize, or are rejected with a field path on every problem',
    (exampleIndex, mutations) => {
      const example = examples[exampleIndex];
      if (!example) throw new Error(`no example landscape ${exampleIndex}`);
      const document = structuredClone(example.document);
      const applied = applyMutations(document, mutations);
      const outcome = classify(document);
      if (outcome.kind === 'crashed') {
        throw new Error(`${outcome.stage} crashed on landscapes/${example.name} after ${applied.join('; ')}:\n${describeError(outcome.error)}`);
      }
      if (outcome.kind === 'rejected') for (const problem of outcome.problems) expect(problem.path).not.toBe('');
    },
  );

  test('the unmutated examples are accepted', () => {
    for (const { name, document } of examples) expect({ name, kind: classify(structuredClone(document)).kind }).toEqual({ name, kind: 'accepted' });
  });
});
