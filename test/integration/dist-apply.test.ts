// The committed dist/ against the real servers, in the order Flux applies it: the bootstrap
// (dist/flux), then every layer after the layers its Kustomization depends on. Per layer, like
// kustomize-controller's staged apply: Namespaces and CRDs first, then the rest; each stage is
// dry-run in full first (every rejection is collected and reported at once), then applied with
// server-side apply under metal-garden's field manager and read back.
//
// One kube-apiserver with gardener-apiserver aggregated plays both clusters here: the runtime
// cluster (plain Kubernetes kinds and CRDs) and the virtual garden (Gardener's aggregated kinds).
// Objects that controllers outside dist/ would create are created as their owners do
// (landscape-emulation.ts says who and why).
import { beforeAll, describe, expect, it } from 'vitest';
import { envtest } from '../envtest/context.js';
import { Applier } from '../envtest/apply.js';
import { installCrds } from '../envtest/crds.js';
import { KubeRest, objectRef, type KubeObject } from '../envtest/kube-rest.js';
import { distLayers, type DistLayer } from './dist-tree.js';
import { controllerRegistrationOf, crdsAfterLayer, fluxBootstrap, placeholderSecret, requiredSecrets, seedOf } from './landscape-emulation.js';
import { driftOf } from './read-back.js';

const layers = distLayers();
let applier: Applier;
const created = new Set<string>();

/** Flux's first stage: cluster-wide definitions the rest of a layer may live in or be an instance of. */
const isDefinition = (o: KubeObject): boolean => o.kind === 'Namespace' || o.kind === 'CustomResourceDefinition';

async function namespaceExists(name: string): Promise<boolean> {
  try {
    await applier.read({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
    return true;
  } catch {
    return false;
  }
}

/** The platform team's Secrets (dist/required-secrets.yaml), as soon as their namespace exists. */
async function createRequiredSecrets(): Promise<void> {
  for (const secret of requiredSecrets()) {
    const key = `${secret.namespace}/${secret.name}`;
    if (created.has(key) || !(await namespaceExists(secret.namespace))) continue;
    await applier.apply(placeholderSecret(secret), { fieldManager: 'platform-team' });
    created.add(key);
  }
}

/** Dry-run of all objects, then apply and read back; returns what failed, each line naming the object. */
async function applyStage(objects: readonly KubeObject[]): Promise<{ rejected: string[]; drift: string[] }> {
  const rejected: string[] = [];
  for (const object of objects) {
    await applier.apply(object, { dryRun: true }).catch((err: Error) => rejected.push(err.message));
  }
  if (rejected.length > 0) return { rejected, drift: [] };
  const drift: string[] = [];
  for (const object of objects) {
    await applier.apply(object);
    const live = await applier.read(object);
    drift.push(...driftOf(object, live).map((line) => `${objectRef(object)} ${line}`));
  }
  return { rejected, drift };
}

/** What the owners outside dist/ create once `layer` is Ready (see landscape-emulation.ts). */
async function afterLayer(layer: DistLayer): Promise<void> {
  const crds = crdsAfterLayer(layer.id);
  if (crds) await installCrds(applier, crds.crds);
  if (layer.id === 'runtime/garden') {
    const extensions = layers.find((l) => l.id === 'runtime/extensions')!.objects;
    for (const object of extensions.flatMap(controllerRegistrationOf)) await applier.apply(object, { fieldManager: 'gardener-operator' });
  }
  for (const owner of layer.objects.filter((o) => o.kind === 'Gardenlet' || o.kind === 'ManagedSeed')) {
    await applier.apply(seedOf(owner), { fieldManager: 'gardenlet' });
  }
}

beforeAll(async () => {
  applier = new Applier(new KubeRest(envtest().kubeconfig));
  const bootstrap = fluxBootstrap();
  await installCrds(applier, bootstrap.crds);
  for (const object of bootstrap.objects) await applier.apply(object, { fieldManager: 'platform-team' });
});

describe('dist/ on the real servers, layer by layer in Flux order', () => {
  it('reads every layer of dist/flux in dependency order', () => {
    const ids = layers.map((l) => l.id);
    expect(ids[0]).toBe('flux');
    expect(ids.slice(1).sort()).toEqual(
      [
        'runtime/prerequisites', 'runtime/metal-databases', 'runtime/metal-control-plane', 'runtime/gardener-operator',
        'runtime/extensions', 'runtime/garden', 'runtime/virtual-garden-access',
        'virtual-garden/garden-project', 'virtual-garden/soil', 'virtual-garden/shooted-seeds',
        'virtual-garden/managed-seeds', 'virtual-garden/projects',
      ].sort(),
    );
    for (const layer of layers) {
      for (const dependency of layer.dependsOn) expect(ids.indexOf(dependency), `${layer.id} after ${dependency}`).toBeLessThan(ids.indexOf(layer.id));
      expect(layer.remote, layer.id).toBe(layer.id.startsWith('virtual-garden/'));
    }
  });

  for (const layer of layers) {
    it(`${layer.id}: ${layer.objects.length} objects pass dry-run, apply and read back unchanged`, async () => {
      await createRequiredSecrets();
      for (const stage of [layer.objects.filter(isDefinition), layer.objects.filter((o) => !isDefinition(o))]) {
        const { rejected, drift } = await applyStage(stage);
        expect(rejected, `${layer.id}: rejected by the servers`).toEqual([]);
        expect(drift, `${layer.id}: stored differently than applied`).toEqual([]);
      }
      await afterLayer(layer);
    });
  }

  it('created every Secret dist/required-secrets.yaml lists', () => {
    expect([...created].sort()).toEqual(requiredSecrets().map((s) => `${s.namespace}/${s.name}`).sort());
  });
});
