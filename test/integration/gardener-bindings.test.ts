/**
 * Drift check of the Gardener bindings: regenerated from the OpenAPI v3 that the shared control
 * plane's gardener-apiserver (the pinned release) serves, they must equal the committed
 * charts/imports/gardener/<group>.ts byte for byte — so a Gardener bump, a generator change or a
 * hand edit of a generated file cannot go unnoticed. Fix: `npm run generate:gardener`.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateGardenerBindings } from '../../generators/gardener-generate.js';
import { GARDENER_BINDING_MODULES, GARDENER_GENERATED_MARKER, GARDENER_OUT_DIR } from '../../generators/gardener-modules.js';
import { generatedDrift } from '../../generators/generated-files.js';
import { envtest } from '../envtest/context.js';

describe('Gardener bindings generated from the served OpenAPI', () => {
  let outDir: string;
  let written: string[];

  beforeAll(async () => {
    outDir = await mkdtemp(join(tmpdir(), 'gardener-bindings-'));
    written = await generateGardenerBindings({ outDir, kubeconfig: envtest().gardenerKubeconfig });
  }, 120_000);
  afterAll(async () => {
    await rm(outDir, { recursive: true, force: true });
  });

  it('writes one module per API group, naming the served gardener-apiserver version', async () => {
    expect(written.map((f) => basename(f))).toEqual(GARDENER_BINDING_MODULES.map((m) => `${m.group}.ts`).sort());
    for (const file of written) {
      const header = (await readFile(file, 'utf8')).split('\n').slice(0, 2).join('\n');
      expect(header).toContain(`served by gardener-apiserver ${envtest().versions.gardenerApiServer},`);
    }
  });

  it('reproduce the committed charts/imports/gardener byte for byte, with no stale generated files', async () => {
    expect(await generatedDrift(GARDENER_OUT_DIR, outDir, GARDENER_GENERATED_MARKER), 'run npm run generate:gardener').toEqual([]);
  });
});
