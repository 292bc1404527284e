// Reads the committed dist/ the way Flux does: the root folder dist/flux, then one Flux
// Kustomization per layer, ordered by their dependsOn, each applying the files its folder's
// kustomization.yaml lists. The order comes from the Flux objects themselves, so a test built
// on this checks the delivery wiring, not a copy of it.
import { readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { parseAllDocuments, parse } from 'yaml';
import { orderByDependencies } from '../../charts/clusters/layer-graph.js';
import { projectRoot } from '../../generators/upstream.js';
import type { KubeObject } from '../envtest/kube-rest.js';

export const distRoot = join(projectRoot, 'dist');

export interface DistLayer {
  /** `runtime/garden`, ..., or `flux` for the root folder the bootstrap Kustomization applies. */
  readonly id: string;
  /** Layer ids it waits for. */
  readonly dependsOn: readonly string[];
  /** Whether Flux applies it to the virtual garden (through `spec.kubeConfig`) rather than the runtime cluster. */
  readonly remote: boolean;
  readonly objects: readonly KubeObject[];
}

interface FluxKustomization {
  metadata: { name: string; namespace: string };
  spec: { path: string; dependsOn?: { name: string; namespace?: string }[]; kubeConfig?: unknown };
}

/** The objects a kustomization.yaml lists; anything kustomize would transform is refused, since it would not be applied as written. */
export function folderObjects(folder: string): KubeObject[] {
  const config = parse(readFileSync(join(folder, 'kustomization.yaml'), 'utf8')) as Record<string, unknown>;
  const transforms = Object.keys(config).filter((key) => !['apiVersion', 'kind', 'resources'].includes(key));
  if (transforms.length > 0)
    throw new Error(`${relative(projectRoot, folder)}/kustomization.yaml uses ${transforms.join(', ')}: extend dist-tree.ts to apply them like kustomize`);
  return (config.resources as string[]).flatMap((file) => parseAllDocuments(readFileSync(join(folder, file), 'utf8')).map((doc) => doc.toJS() as KubeObject));
}

/** dist/flux first, then every layer after the layers it depends on (ties keep file order). */
export function distLayers(root = distRoot): DistLayer[] {
  const fluxFolder = join(root, 'flux');
  const fluxObjects = folderObjects(fluxFolder);
  const kustomizations = fluxObjects.filter((o) => o.kind === 'Kustomization') as unknown as FluxKustomization[];
  // Flux paths are relative to the repository root, the folder holding dist/ (not necessarily this checkout).
  const idOf = (path: string): string => relative(root, join(dirname(root), path));
  const byName = new Map(kustomizations.map((k) => [`${k.metadata.namespace}/${k.metadata.name}`, k]));

  const layers = new Map<string, DistLayer>();
  for (const k of kustomizations) {
    const dependsOn = (k.spec.dependsOn ?? []).map((d) => {
      const target = byName.get(`${d.namespace ?? k.metadata.namespace}/${d.name}`);
      if (!target) throw new Error(`Kustomization ${k.metadata.namespace}/${k.metadata.name} depends on ${d.name}, which dist/flux does not define`);
      return idOf(target.spec.path);
    });
    const id = idOf(k.spec.path);
    layers.set(id, {
      id,
      dependsOn: ['flux', ...dependsOn],
      remote: k.spec.kubeConfig !== undefined,
      objects: folderObjects(join(root, id)),
    });
  }

  const bootstrap: DistLayer = { id: 'flux', dependsOn: [], remote: false, objects: fluxObjects };
  return orderByDependencies(
    [bootstrap, ...layers.values()],
    (layer) => layer.id,
    (layer) => layer.dependsOn,
  );
}
