// The committed dist/ against the real servers, in the order Flux applies it: the bootstrap
// (dist/flux), then every layer after the layers its Kustomization depends on, each with Flux's
// staged dry-run + server-side apply and read back (dist-replay.ts), as the admin: this file checks
// what the servers admit and store; delivery-identity.test.ts checks the same as the identity Flux
// really uses in the virtual garden.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { envtest } from '../envtest/context.js';
import { Applier } from '../envtest/apply.js';
import { KubeRest, objectRef, type KubeObject } from '../envtest/kube-rest.js';
import { distLayers, type DistLayer } from './dist-tree.js';
import { requiredSecrets } from './landscape-emulation.js';
import { DistReplay, managerOf } from './dist-replay.js';
import { driftOf } from './read-back.js';

let applier: Applier;
let replay: DistReplay;
const layers = distLayers();

beforeAll(async () => {
  applier = new Applier(new KubeRest(envtest().kubeconfig));
  replay = new DistReplay(applier, layers);
  await replay.bootstrap();
});

// The control plane is shared with the other integration files: take the extension registrations back.
afterAll(async () => {
  await replay.removeRegistrations();
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
      await replay.createRequiredSecrets();
      for (const { rejected, drift } of await replay.applyLayer(layer)) {
        expect(rejected, `${layer.id}: rejected by the servers`).toEqual([]);
        expect(drift, `${layer.id}: stored differently than applied`).toEqual([]);
      }
      await replay.afterLayer(layer);
    });
  }

  it('re-applying every layer changes nothing, so Flux reconciles without drift', async () => {
    const reapply = async (object: KubeObject, layer: DistLayer) => applier.apply(object, { fieldManager: managerOf(layer) });
    // Seen here: the first re-apply after creation stores some objects again (Flux objects, Shoots)
    // with content equal to what was read, so only their resourceVersion moves, once. From then on
    // every reconcile must be a no-op.
    for (const layer of layers) for (const object of layer.objects) await reapply(object, layer);
    const changed: string[] = [];
    for (const [layer, object] of layers.flatMap((l) => l.objects.map((o) => [l, o] as const))) {
      const before = await applier.read(object);
      const after = await reapply(object, layer);
      if (before.metadata.resourceVersion !== after.metadata.resourceVersion) {
        const { resourceVersion: _b, ...beforeMeta } = before.metadata;
        const { resourceVersion: _a, ...afterMeta } = after.metadata;
        const changes = driftOf({ ...before, metadata: beforeMeta }, { ...after, metadata: afterMeta });
        changed.push(`${objectRef(object)}: ${changes.join('; ') || 'stored again unchanged'}`);
      }
    }
    expect(changed).toEqual([]);
  });

  it('created every Secret dist/required-secrets.yaml lists', () => {
    // A Secret listed for both clusters under the same name is one object on this one server.
    expect([...replay.createdSecrets].sort()).toEqual([...new Set(requiredSecrets().map((s) => `${s.namespace}/${s.name}`))].sort());
  });
});

/** A deep copy of a dist/ object of the given kind (and name, when several exist), to derive a bad variant from. */
function distObject(kind: string, name?: string): any {
  const object = layers.flatMap((l) => l.objects).find((o) => o.kind === kind && (name === undefined || o.metadata.name === name));
  if (!object) throw new Error(`dist/ has no ${kind}${name ? ` ${name}` : ''}`);
  return structuredClone(object);
}

async function rejectionOf(object: KubeObject): Promise<string> {
  try {
    await applier.apply(object, { dryRun: true });
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error(`${objectRef(object)} was accepted, expected a rejection`);
}

// Variants of the applied dist/ objects that the real servers must refuse (dry-run, so nothing
// changes). Each changes one thing; the messages are the servers' own.
describe('the real servers reject broken variants of dist/ objects', () => {
  /** A new Shoot (a create, so admission judges it as new) like the first shooted seed's. */
  const newShoot = (): any => {
    const shoot = distObject('Shoot');
    shoot.metadata.name = 'variant';
    shoot.spec.dns.domain = `variant.${shoot.spec.dns.domain.split('.').slice(1).join('.')}`;
    return shoot;
  };

  it('a Shoot whose CloudProfile does not exist', async () => {
    const shoot = newShoot();
    shoot.spec.cloudProfile.name = 'does-not-exist';
    // Gardener reports a dangling reference as an internal error; asserted as the server answers.
    expect(await rejectionOf(shoot)).toBe(
      'dry-run apply Shoot garden/variant: 500 Internal error occurred: could not find referenced cloud profile: cloudprofile.core.gardener.cloud "does-not-exist" not found',
    );
  });

  it('a Shoot with a Kubernetes version the CloudProfile does not offer', async () => {
    const shoot = newShoot();
    shoot.spec.kubernetes.version = '1.33.99';
    expect(await rejectionOf(shoot)).toBe(
      'dry-run apply Shoot garden/variant: 403 shoots.core.gardener.cloud "variant" is forbidden: ' +
        'spec.kubernetes.version: Unsupported value: "1.33.99": supported values: "1.33.5", "1.32.9", "1.31.13"',
    );
  });

  it('a Garden that violates its CRD schema', async () => {
    const garden = distObject('Garden');
    delete garden.spec.virtualCluster.maintenance.timeWindow.begin;
    expect(await rejectionOf(garden)).toBe(
      'dry-run apply Garden fra: 422 Garden.operator.gardener.cloud "fra" is invalid: [spec.virtualCluster.maintenance.timeWindow.begin: Required value, ' +
        '<nil>: Invalid value: null: some validation rules were not checked because the object was invalid; correct the existing errors to complete validation]',
    );
  });

  it('a ManagedSeed whose Shoot does not exist', async () => {
    const managedSeed = distObject('ManagedSeed');
    managedSeed.metadata.name = 'orphan';
    managedSeed.spec.shoot.name = 'does-not-exist';
    expect(await rejectionOf(managedSeed)).toBe(
      'dry-run apply ManagedSeed garden/orphan: 422 ManagedSeed.seedmanagement.gardener.cloud "orphan" is invalid: ' +
        'spec.shoot.name: Invalid value: "does-not-exist": shoot garden/does-not-exist not found',
    );
  });

  it('a field no schema knows, even in a kind without CRD (strict field validation)', async () => {
    const project = distObject('Project', 'garden');
    project.spec.owners = project.spec.owner;
    expect(await rejectionOf(project)).toBe(
      'dry-run apply Project garden: 500 failed to create typed patch object (/garden; core.gardener.cloud/v1beta1, Kind=Project): .spec.owners: field not declared in schema',
    );
  });
});
