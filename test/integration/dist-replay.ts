// Replays the committed dist/ against a control plane the way Flux applies it, for the tests that
// need the servers in the state of a real landscape: the bootstrap (dist/flux), then layer by layer
// in the order of the Flux Kustomizations' dependsOn (dist-tree.ts). Per layer, like
// kustomize-controller's staged apply: Namespaces and CRDs first, then the rest; each stage is
// dry-run in full first (every rejection is collected and reported at once), then applied with
// server-side apply and read back. Between layers, what the owners outside dist/ create once a
// layer is Ready is created as they do (landscape-emulation.ts).
//
// One kube-apiserver with gardener-apiserver aggregated plays both clusters: the runtime cluster
// (plain Kubernetes kinds and CRDs) and the virtual garden (Gardener's aggregated kinds).
import { Applier, FIELD_MANAGER } from '../envtest/apply.js';
import { installCrds } from '../envtest/crds.js';
import { objectRef, type KubeObject } from '../envtest/kube-rest.js';
import { distLayers, type DistLayer } from './dist-tree.js';
import {
  controllerRegistrationOf,
  crdsAfterLayer,
  fluxBootstrap,
  managedResourceObjects,
  placeholderSecret,
  requiredSecrets,
  seedOf,
  credentialsLabelsOf,
  tokenRequestorServiceAccounts,
} from './landscape-emulation.js';
import { driftOf } from './read-back.js';

/**
 * The field manager of a layer's writes: metal-garden's, qualified for the virtual garden, because
 * both clusters are one server here and objects of the same name in both (Namespace `garden`) must
 * not take each other's fields away.
 */
export const managerOf = (layer: DistLayer): string => (layer.remote ? `${FIELD_MANAGER}@virtual-garden` : FIELD_MANAGER);

/** Flux's first stage: cluster-wide definitions the rest of a layer may live in or be an instance of. */
export const isDefinition = (o: KubeObject): boolean => o.kind === 'Namespace' || o.kind === 'CustomResourceDefinition';

/** A layer's objects in Flux's two stages. */
export function stagesOf(layer: DistLayer): [KubeObject[], KubeObject[]] {
  return [layer.objects.filter(isDefinition), layer.objects.filter((o) => !isDefinition(o))];
}

export interface StageResult {
  /** The servers' messages for every object the dry-run rejected, each naming the object. */
  readonly rejected: string[];
  /** Fields stored differently than applied, each naming the object and field. */
  readonly drift: string[];
}

export class DistReplay {
  public readonly layers: readonly DistLayer[];
  private readonly created = new Set<string>();
  private readonly registrations: KubeObject[];

  /** `admin` writes what the platform team and the owners outside dist/ create; layers go through it unless told otherwise. */
  public constructor(
    private readonly admin: Applier,
    layers: readonly DistLayer[] = distLayers(),
  ) {
    this.layers = layers;
    const extensions = layers.find((l) => l.id === 'runtime/extensions');
    this.registrations = (extensions?.objects ?? []).flatMap(controllerRegistrationOf);
  }

  /** `namespace/name` of every placeholder Secret created so far. */
  public get createdSecrets(): ReadonlySet<string> {
    return this.created;
  }

  /** `flux install` and the bootstrap steps of dist/README.md. */
  public async bootstrap(): Promise<void> {
    const bootstrap = fluxBootstrap();
    await installCrds(this.admin, bootstrap.crds);
    for (const object of bootstrap.objects) await this.admin.apply(object, { fieldManager: 'platform-team' });
  }

  /** The platform team's Secrets (dist/required-secrets.yaml), as soon as their namespace exists. */
  public async createRequiredSecrets(): Promise<void> {
    for (const secret of requiredSecrets()) {
      const key = `${secret.namespace}/${secret.name}`;
      if (this.created.has(key) || !(await this.namespaceExists(secret.namespace))) continue;
      await this.admin.apply(placeholderSecret(secret), { fieldManager: 'platform-team' });
      this.created.add(key);
    }
  }

  /** Dry-run of every object, collecting the rejections; nothing is stored. */
  public async dryRun(objects: readonly KubeObject[], applier: Applier, fieldManager: string): Promise<string[]> {
    const rejected: string[] = [];
    for (const object of objects) {
      await applier.apply(object, { dryRun: true, fieldManager }).catch((err: Error) => rejected.push(err.message));
    }
    return rejected;
  }

  /** One stage: dry-run of all objects, then (if none was rejected) apply and read back, all through `applier`. */
  public async applyStage(objects: readonly KubeObject[], applier: Applier, fieldManager: string): Promise<StageResult> {
    const rejected = await this.dryRun(objects, applier, fieldManager);
    if (rejected.length > 0) return { rejected, drift: [] };
    const drift: string[] = [];
    for (const object of objects) {
      await applier.apply(object, { fieldManager });
      const live = await applier.read(object);
      drift.push(...driftOf(object, live).map((line) => `${objectRef(object)} ${line}`));
    }
    return { rejected, drift };
  }

  /** Flux's staged apply of a layer through `applier` (the admin unless told otherwise); stops at the first stage with a rejection. */
  public async applyLayer(layer: DistLayer, applier: Applier = this.admin): Promise<StageResult[]> {
    const results: StageResult[] = [];
    for (const stage of stagesOf(layer)) {
      const result = await this.applyStage(stage, applier, managerOf(layer));
      results.push(result);
      if (result.rejected.length > 0) break;
    }
    return results;
  }

  /** What the owners outside dist/ create once `layer` is Ready (see landscape-emulation.ts). */
  public async afterLayer(layer: DistLayer): Promise<void> {
    const crds = crdsAfterLayer(layer.id);
    if (crds) {
      await installCrds(this.admin, crds.crds).catch((err: Error) => {
        throw new Error(`CRDs that ${crds.by} installs after ${layer.id}: ${err.message}`);
      });
    }
    if (layer.id === 'runtime/garden') {
      for (const object of this.registrations) await this.admin.apply(object, { fieldManager: 'gardener-operator' });
    }
    // gardener-resource-manager of the virtual garden: the token-requestor's ServiceAccounts, the ManagedResources' objects.
    for (const object of [...tokenRequestorServiceAccounts(layer.objects), ...managedResourceObjects(layer.objects)]) {
      await this.admin.apply(object, { fieldManager: 'gardener-resource-manager' });
    }
    for (const owner of layer.objects.filter((o) => o.kind === 'Gardenlet' || o.kind === 'ManagedSeed')) {
      await this.admin.apply(seedOf(owner), { fieldManager: 'gardenlet' });
    }
    for (const binding of layer.objects.filter((o) => o.kind === 'CredentialsBinding')) {
      const labels = credentialsLabelsOf(binding);
      if (labels) await this.admin.apply(labels, { fieldManager: 'gardener-controller-manager' });
    }
  }

  /**
   * Takes the extension registrations back: they change what gardener-apiserver admits for the other
   * test files on a shared control plane (the rest stays, unused).
   */
  public async removeRegistrations(): Promise<void> {
    for (const object of [...this.registrations].reverse()) await this.admin.delete(object);
  }

  private async namespaceExists(name: string): Promise<boolean> {
    try {
      await this.admin.read({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
      return true;
    } catch {
      return false;
    }
  }
}
