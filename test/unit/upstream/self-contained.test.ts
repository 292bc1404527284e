/** A fresh clone needs nothing beside it: no source file reads the shared folder next to the checkout. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listFiles } from '../../../generators/upstream-manifest.js';
import { projectRoot } from '../../../generators/upstream.js';

describe('self-contained checkout', () => {
  it('no source, test or config file refers to ../shared or an external upstream mirror', () => {
    const files = ['charts', 'generators', 'test', 'controllers', '.ci']
      .flatMap((dir) => {
        try {
          return listFiles(join(projectRoot, dir)).map((f) => `${dir}/${f}`);
        } catch {
          return [];
        }
      })
      .filter(
        (f) => !f.startsWith('generators/upstream/') && /\.(ts|js|json|ya?ml|sh)$|^\.ci\/run$/.test(f) && f !== 'test/unit/upstream/self-contained.test.ts',
      )
      .concat(['cdk8s.yaml', 'package.json', 'vitest.config.ts']);
    const offenders = files.filter((f) => /\.\.\/shared\b|shared\/upstream|METAL_GARDEN_UPSTREAM/.test(readFileSync(join(projectRoot, f), 'utf8')));
    expect(offenders).toEqual([]);
  });
});
