import { describe, expect } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { landscapeSchema } from '../../../charts/landscape/schema/landscape.js';
import { classify, describeError, exampleLandscapes } from '../../fuzz/classify.js';
import { formatPath } from '../../fuzz/mutations.js';
import { applyReplacement, landscapeArbitrary, landscapeLocations, replacementArbitrary } from '../../fuzz/landscape-arbitrary.js';

// Issue 8, part 1, with arbitraries derived from the landscape schema itself (test/fuzz/schema-arbitrary.ts
// reads the zod schema): every landscape validation accepts synthesizes, everything else is rejected
// with a field path on every problem. Fixed seed and modest runs keep `npm test` reproducible and
// within a minute on a busy 2-core machine; `npm run fuzz:landscape` samples the same space further.
const SEED = 20261202;

const examples = exampleLandscapes();

function expectNoCrash(document: unknown, what: () => string): void {
  const outcome = classify(document);
  if (outcome.kind === 'crashed') throw new Error(`${outcome.stage} crashed on ${what()}:\n${describeError(outcome.error)}`);
  if (outcome.kind === 'rejected') for (const problem of outcome.problems) expect(problem.path).not.toBe('');
}

describe('landscapes generated from the schema', () => {
  test('aiming at valid values, the generator writes documents the schema accepts (so the semantic rules and synth are reached)', () => {
    const documents = fc.sample(landscapeArbitrary(false), { seed: SEED, numRuns: 10 });
    expect(documents.filter((document) => landscapeSchema.safeParse(document).success)).toHaveLength(documents.length);
  });

  test.prop([fc.oneof(landscapeArbitrary(false), landscapeArbitrary(true))], { seed: SEED, numRuns: 40 })(
    'whole documents: accepted and synthesized, or rejected with a field path on every problem',
    (document) => expectNoCrash(document, () => 'a generated landscape'),
  );
});

describe('an example with one location replaced by a schema-derived value', () => {
  const example = examples[0];
  if (!example) throw new Error('no example landscape in landscapes/');
  const locations = landscapeLocations(example.document);

  test('the locations reach every place the issue names: namespaces, lists, overrides, extension values', () => {
    const paths = new Set(locations.map(({ path, keySchema }) => `${formatPath(path)}${keySchema ? '.<new key>' : ''}`));
    for (const path of [
      'spec.delivery.namespace',
      'spec.metalControlPlane.namespace',
      'spec.projects[1]',
      'spec.seeds.shooted[0].workers',
      'spec.versions.overrides.<new key>',
      'spec.extensions.os-metal.values',
    ]) {
      expect(paths).toContain(path);
    }
  });

  test.prop([fc.nat({ max: locations.length - 1 }).chain((i) => replacementArbitrary(locations[i] ?? { path: [], schema: landscapeSchema }))], {
    seed: SEED,
    numRuns: 60,
  })('is accepted and synthesizes, or is rejected with a field path on every problem', (replacement) => {
    const document = structuredClone(example.document);
    applyReplacement(document, replacement);
    expectNoCrash(document, () => `landscapes/${example.name} with ${formatPath(replacement.path)} = ${JSON.stringify(replacement.value)?.slice(0, 200)}`);
  });
});
