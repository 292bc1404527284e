import { App, Chart } from 'cdk8s';
import type { Landscape } from '../../landscape/schema/landscape.js';
import type { ClusterName, LayerId } from '../../clusters/layer.js';
import type { RequiredSecret } from '../../clusters/secret-inventory.js';
import type { Manifest, RenderedLayer, Synthesis } from '../../synth.js';
import { GitSource } from './git-source.js';
import { LayerKustomization } from './layer-kustomization.js';
import { healthChecksFor, timeoutFor } from './health-checks.js';
import { kustomizationName, layerPath, type NamespaceByCluster } from './names.js';
import { virtualGardenKubeconfig } from './virtual-garden-kubeconfig.js';

export { kustomizationName } from './names.js';

/** Name of the GitRepository the layers are read from. */
export function sourceName(landscape: Landscape): string {
  return `metal-garden-${landscape.metadata.name}`;
}

/**
 * Namespace of each cluster's Kustomizations in the runtime cluster. Virtual-garden layers live in
 * the namespace of the token-requestor kubeconfig Secret, because a Kustomization's
 * `kubeConfig.secretRef` can only name a Secret in its own namespace, and Gardener's token requestor
 * for the virtual garden fills Secrets there (`garden`). They read the GitRepository in the Flux
 * namespace through a cross-namespace `sourceRef` (Flux allows this unless started with
 * `--no-cross-namespace-refs`).
 */
export function fluxNamespaces(landscape: Landscape): NamespaceByCluster {
  return { runtime: landscape.spec.delivery.namespace, 'virtual-garden': virtualGardenKubeconfig.namespace };
}

/** The Kustomization that delivers a layer: `namespace/name`. */
export function kustomizationRef(landscape: Landscape, id: LayerId): { name: string; namespace: string } {
  const cluster = id.slice(0, id.indexOf('/')) as ClusterName;
  return { name: kustomizationName(id), namespace: fluxNamespaces(landscape)[cluster] };
}

/**
 * dist/flux/: the Git source and one Kustomization per layer, ordered by the layers' dependsOn.
 * `decrypting`: the layers whose folder holds an encrypted SOPS file (their Kustomization decrypts
 * with the Secret spec.delivery.secrets.decryptionSecretRef); default none.
 */
export function renderFluxDelivery(synthesis: Synthesis, decrypting: ReadonlySet<LayerId> = new Set()): Manifest[] {
  const landscape = synthesis.input.landscape;
  const { delivery } = landscape.spec;
  const chart = new Chart(new App({ outdir: 'cdk8s.out' }), 'flux', { disableResourceNameHashes: true });
  const source = new GitSource(chart, 'source', {
    name: sourceName(landscape),
    namespace: delivery.namespace,
    url: delivery.repository.url,
    branch: delivery.repository.branch,
    path: delivery.repository.path,
    ...(delivery.repository.secretRef ? { secretName: delivery.repository.secretRef } : {}),
    interval: delivery.interval,
  });
  const secrets = delivery.secrets;
  for (const rendered of synthesis.layers) {
    const decryptionSecretName = secrets.mode === 'sops' && decrypting.has(rendered.id) ? secrets.decryptionSecretRef : undefined;
    renderLayer(chart, landscape, source, rendered, decryptionSecretName);
  }
  return chart.toJson() as Manifest[];
}

function renderLayer(chart: Chart, landscape: Landscape, source: GitSource, rendered: RenderedLayer, decryptionSecretName: string | undefined): void {
  const own = kustomizationRef(landscape, rendered.id);
  const dependsOn = rendered.layer.dependsOn
    .map((dependency) => kustomizationRef(landscape, dependency.layer))
    .map((ref) => (ref.namespace === own.namespace ? { name: ref.name } : ref));
  const remote = rendered.layer.cluster === 'virtual-garden';
  new LayerKustomization(chart, own.name, {
    ...own,
    path: layerPath(landscape.spec.delivery.repository.path, rendered.id),
    source,
    dependsOn,
    interval: landscape.spec.delivery.interval,
    timeout: timeoutFor(rendered.manifests),
    healthCheckExprs: healthChecksFor(rendered.manifests),
    ...(remote ? { kubeConfig: { name: virtualGardenKubeconfig.name, key: virtualGardenKubeconfig.key } } : {}),
    ...(decryptionSecretName ? { decryptionSecretName } : {}),
  });
}

/**
 * Secrets the Flux wiring itself reads (not rendered by any layer, so not in the layers' inventory):
 * the Git credentials, if the repository is private. Keys follow Flux's GitRepository secret format.
 */
export function fluxRequiredSecrets(landscape: Landscape): RequiredSecret[] {
  const { repository, namespace } = landscape.spec.delivery;
  if (!repository.secretRef) return [];
  const ssh = repository.url.startsWith('ssh://');
  return [
    {
      cluster: 'runtime',
      namespace,
      name: repository.secretRef,
      keys: ssh ? ['identity', 'known_hosts'] : ['password', 'username'],
      purpose: `Flux source-controller: ${ssh ? 'SSH key' : 'credentials'} to pull ${repository.url}`,
    },
  ];
}
