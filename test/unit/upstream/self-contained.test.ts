/** A fresh clone needs nothing beside it: no source file reads the folder next to the checkout. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listFiles } from '../../../generators/upstream-manifest.js';
import { projectRoot } from '../../../generators/upstream.js';

// Assembled from parts so that this file, which is checked too, does not name them itself.
const sibling = ['..', 'shared'].join('/');
const forbidden = [sibling, ['shared', 'upstream'].join('/'), ['METAL', 'GARDEN', 'UPSTREAM'].join('_')];

describe('self-contained checkout', () => {
  it('no source, test or config file refers to the folder beside the checkout or an external upstream mirror', () => {
    const files = ['charts', 'generators', 'test', 'controllers', '.ci']
      .filter((dir) => existsSync(join(projectRoot, dir)))
      .flatMap((dir) => listFiles(join(projectRoot, dir)).map((f) => `${dir}/${f}`))
      .filter((f) => !f.startsWith('generators/upstream/') && /\.(ts|js|json|ya?ml|sh|md)$|^\.ci\/run$/.test(f))
      .concat(['cdk8s.yaml', 'package.json', 'vitest.config.ts', 'eslint.config.js', 'README.md']);
    const offenders = files.filter((f) => {
      const text = readFileSync(join(projectRoot, f), 'utf8');
      return forbidden.some((name) => text.includes(name));
    });
    expect(offenders).toEqual([]);
  });
});
