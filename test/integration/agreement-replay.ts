// One synthesized dist/ after another against the shared control plane, for the server-agreement
// test (issue 8, part 2): does every object of a landscape the validation accepted pass the real
// servers? Per layer in Flux's order (dist-tree.ts) and Flux's two stages (dist-replay.ts), every
// object is dry-run (server-side apply, dryRun=All, strict field validation). Only what later
// admission reads is written for real — Namespaces, the CloudProfile, Projects, CredentialsBindings,
// Shoots, the platform team's placeholder Secrets, and what the owners outside dist/ create
// (ControllerRegistrations, Seeds; landscape-emulation.ts) — and taken back after the landscape,
// so the next one starts from the same state (Namespaces stay: without a namespace controller a
// deleted Namespace never goes away).
//
// To keep hundreds of landscapes affordable, an object identical to one the servers already
// admitted (same JSON, same field manager) is not dry-run again, except for Gardener's own kinds,
// whose admission reads other objects (CloudProfile, Project, Seed, Shoot) that differ per landscape.
import { Applier } from '../envtest/apply.js';
import { KubeRest, objectRef, statusMessage, type KubeObject } from '../envtest/kube-rest.js';
import type { DistLayer } from './dist-tree.js';
import { controllerRegistrationOf, placeholderSecret, seedOf, type RequiredSecret } from './landscape-emulation.js';
import { managerOf, stagesOf } from './dist-replay.js';

/** Kinds whose admission depends on other objects, so they are dry-run every time. */
const GARDENER_GROUP = /\.gardener\.cloud\//;
/** Kinds that later objects' admission reads: written for real, then taken back. */
const WRITTEN = new Set(['Namespace', 'CloudProfile', 'Project', 'CredentialsBinding', 'Shoot']);
/** Parallel requests per stage; the servers share two cores with everything else. */
const PARALLEL = 6;

export interface AgreementFigures {
  dryRuns: number;
  skipped: number;
  writes: number;
  deletes: number;
}

async function inBatches<T>(items: readonly T[], run: (item: T) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += PARALLEL) await Promise.all(items.slice(i, i + PARALLEL).map(run));
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class AgreementReplay {
  public readonly figures: AgreementFigures = { dryRuns: 0, skipped: 0, writes: 0, deletes: 0 };
  private readonly admitted = new Set<string>();
  private readonly namespaces = new Set<string>();
  private readonly secrets = new Map<string, string>();
  private written: KubeObject[] = [];

  public constructor(
    private readonly rest: KubeRest,
    private readonly applier: Applier,
    existingNamespaces: readonly string[],
  ) {
    for (const namespace of existingNamespaces) this.namespaces.add(namespace);
  }

  /**
   * Replays one dist/ (its layers and required Secrets); resolves with the servers' messages for
   * every object they refused (empty: all admitted). Stops at the first stage with a refusal.
   */
  public async check(layers: readonly DistLayer[], secrets: readonly RequiredSecret[]): Promise<string[]> {
    try {
      for (const layer of layers) {
        await this.createSecrets(secrets);
        for (const stage of stagesOf(layer)) {
          const refused = await this.dryRunStage(stage, managerOf(layer));
          if (refused.length > 0) return refused.map((message) => `${layer.id}: ${message}`);
          for (const object of stage.filter((o) => WRITTEN.has(o.kind))) await this.write(object, managerOf(layer));
        }
        const refused = await this.emulateOwners(layer);
        if (refused.length > 0) return refused.map((message) => `${layer.id} (emulated owner): ${message}`);
      }
      return [];
    } finally {
      await this.takeBack();
    }
  }

  /** Deletes the placeholder Secrets created for all landscapes (the shared control plane serves other test files). */
  public async removeSecrets(): Promise<void> {
    for (const key of this.secrets.keys()) {
      const [namespace, name] = key.split('/') as [string, string];
      await this.applier.delete({ apiVersion: 'v1', kind: 'Secret', metadata: { name, namespace } });
    }
    this.secrets.clear();
  }

  private async dryRunStage(objects: readonly KubeObject[], fieldManager: string): Promise<string[]> {
    const refused: string[] = [];
    await inBatches(objects, async (object) => {
      const key = `${fieldManager} ${JSON.stringify(object)}`;
      const gardener = GARDENER_GROUP.test(`${object.apiVersion}/`);
      if (!gardener && this.admitted.has(key)) {
        this.figures.skipped++;
        return;
      }
      const message = await this.dryRun(object, fieldManager, gardener);
      if (message === undefined) this.admitted.add(key);
      else refused.push(message);
    });
    return refused;
  }

  /**
   * The servers' message, or undefined when admitted. gardener-apiserver's admission reads other
   * objects from informers, which may lag a moment behind a write just made: a Gardener kind
   * refused for a missing object is asked again before the refusal counts.
   */
  private async dryRun(object: KubeObject, fieldManager: string, gardener: boolean): Promise<string | undefined> {
    for (let attempt = 0; ; attempt++) {
      this.figures.dryRuns++;
      try {
        await this.applier.apply(object, { dryRun: true, fieldManager });
        return undefined;
      } catch (error) {
        const message = (error as Error).message;
        if (!gardener || attempt >= 3 || !/not found|does not exist/.test(message)) return message;
        await sleep(250 * (attempt + 1));
      }
    }
  }

  private async write(object: KubeObject, fieldManager: string): Promise<void> {
    await this.applier.apply(object, { fieldManager });
    this.figures.writes++;
    if (object.kind === 'Namespace') this.namespaces.add(object.metadata.name);
    else this.written.push(object);
  }

  private async createSecrets(secrets: readonly RequiredSecret[]): Promise<void> {
    for (const secret of secrets) {
      if (!this.namespaces.has(secret.namespace)) continue;
      const object = placeholderSecret(secret);
      const key = `${secret.namespace}/${secret.name}`;
      const content = JSON.stringify(object);
      if (this.secrets.get(key) === content) continue;
      await this.applier.apply(object, { fieldManager: 'platform-team' });
      this.figures.writes++;
      this.secrets.set(key, content);
    }
  }

  /** What gardener-operator and the gardenlets register once a layer is Ready (landscape-emulation.ts), as far as admission reads it. */
  private async emulateOwners(layer: DistLayer): Promise<string[]> {
    const owned = [
      ...(layer.id === 'runtime/extensions' ? layer.objects.flatMap(controllerRegistrationOf) : []),
      ...layer.objects.filter((o) => o.kind === 'Gardenlet' || o.kind === 'ManagedSeed').map(seedOf),
    ];
    const refused: string[] = [];
    for (const object of owned) {
      try {
        await this.write(object, object.kind === 'Seed' ? 'gardenlet' : 'gardener-operator');
      } catch (error) {
        refused.push((error as Error).message);
      }
    }
    return refused;
  }

  /**
   * Deletes objects other test files on the shared control plane left (they apply the committed
   * dist/ for real): a dry-run against an existing object is an update, judged by update rules
   * (immutable StatefulSet fields, versions in use), not the create a new landscape makes.
   */
  public async clear(objects: readonly KubeObject[]): Promise<void> {
    for (const object of [...objects].reverse()) if (object.kind !== 'Namespace' && object.kind !== 'CustomResourceDefinition') await this.remove(object);
  }

  /** Deletes what this landscape wrote, newest first. */
  private async takeBack(): Promise<void> {
    const written = this.written.reverse();
    this.written = [];
    const seen = new Set<string>();
    for (const object of written) {
      const ref = `${object.apiVersion} ${objectRef(object)}`;
      if (seen.has(ref)) continue;
      seen.add(ref);
      await this.remove(object);
    }
  }

  /** Gardener refuses to delete a Project or Shoot without the confirmation annotation; finalizers (no controller here removes them) are dropped. */
  private async remove(object: KubeObject): Promise<void> {
    const ref = objectRef(object);
    const path = await this.applier.pathOf(object);
    if (GARDENER_GROUP.test(`${object.apiVersion}/`)) {
      await this.patch(path, { metadata: { annotations: { 'confirmation.gardener.cloud/deletion': 'true' } } }, ref);
    }
    const response = await this.rest.request('DELETE', path);
    if (response.status === 404) return;
    if (response.status >= 300) throw new Error(`delete ${ref}: ${statusMessage(response)}`);
    this.figures.deletes++;
    const live = await this.rest.request('GET', path);
    if (live.status === 200) await this.patch(path, { metadata: { finalizers: null } }, ref);
  }

  private async patch(path: string, body: object, ref: string): Promise<void> {
    const response = await this.rest.request('PATCH', path, body, 'application/merge-patch+json');
    if (response.status >= 300 && response.status !== 404) throw new Error(`patch ${ref}: ${statusMessage(response)}`);
  }
}
