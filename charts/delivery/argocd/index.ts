import { App, Chart } from 'cdk8s';
import type { Landscape } from '../../landscape/schema/landscape.js';
import type { ClusterName, LayerId } from '../../clusters/layer.js';
import type { RequiredSecret } from '../../clusters/secret-inventory.js';
import { GARDEN_NAMESPACE } from '../../constructs/gardener-domains.js';
import type { Manifest, RenderedLayer, Synthesis } from '../../synth.js';
import { Application, AppProject } from '../../imports/argoproj.io.js';
import { LandscapeAppProject } from './app-project.js';
import { argoCdHealthConfigMap } from './argocd-cm.js';
import { kindsArrivingLater } from './crd-arrival.js';
import { GitApplication } from './git-application.js';
import { ignoreDifferencesFor } from './ignore-differences.js';
import { applicationName, projectName, rootApplicationName, sourcePath } from './names.js';
import { projectScope, type ClusterRef, type DeliveredFolder } from './project-scope.js';
import { syncWaves } from './sync-waves.js';
import { IN_CLUSTER_SERVER, virtualGardenClusterName } from './virtual-garden-cluster.js';

/** dist/ folder of the Argo CD wiring (the root app's source) and its subfolder for argocd-cm. */
export const ARGOCD_FOLDER = 'argocd';
export const ARGOCD_CM_FOLDER = `${ARGOCD_FOLDER}/argocd-cm`;

/** The cluster a layer's Application applies to. */
export function clusterOf(landscape: Landscape, cluster: ClusterName): ClusterRef {
  return cluster === 'runtime' ? { server: IN_CLUSTER_SERVER } : { name: virtualGardenClusterName(landscape.metadata.name) };
}

/**
 * A layer's `spec.destination.namespace`: Argo CD puts namespaced objects without a namespace there
 * (dist/ has none) and the project must permit it, so it is a namespace the layer uses: the first
 * by name, or `garden` for a layer of cluster-scoped objects only.
 */
export function destinationNamespace(manifests: readonly Manifest[]): string {
  const namespaces = [...new Set(manifests.map((m) => m.metadata.namespace).filter((n): n is string => n !== undefined && n !== ''))].sort();
  return namespaces[0] ?? GARDEN_NAMESPACE;
}

/** What dist/argocd holds: the objects of the root app's folder, and argocd-cm's merge material beside it. */
export interface ArgoCdDelivery {
  /** AppProject, the root Application and one Application per layer: the folder the root app applies. */
  readonly manifests: readonly Manifest[];
  /** ConfigMap `argocd-cm` with only the health entries (argocd-cm.ts); applied by the platform team, never by an Application. */
  readonly healthConfigMap: Manifest;
}

/**
 * dist/argocd/: one Application per layer, ordered by sync waves from the layer graph, a root
 * app-of-apps that applies this folder, and the AppProject that permits exactly what they deliver.
 * `layers` are the layers as dist/ writes them (with their protection annotations).
 */
export function renderArgoCdDelivery(synthesis: Synthesis, layers: readonly RenderedLayer[] = synthesis.layers): ArgoCdDelivery {
  const landscape = synthesis.input.landscape;
  const { delivery } = landscape.spec;
  const namespace = delivery.argocd.namespace;
  const project = projectName(landscape.metadata.name);
  const retry = { maxDuration: delivery.interval };
  const waves = syncWaves(layers.map((l) => l.layer));
  const chart = new Chart(new App({ outdir: 'cdk8s.out' }), 'argocd', { disableResourceNameHashes: true });
  const common = { namespace, project, repoURL: delivery.repository.url, targetRevision: delivery.repository.branch, retry };

  const folders: DeliveredFolder[] = [];
  const applications: Array<{ id: LayerId; props: ConstructorParameters<typeof GitApplication>[2] }> = layers.map((rendered) => {
    const others = layers.filter((l) => l.id !== rendered.id).flatMap((l) => l.manifests);
    const cluster = clusterOf(landscape, rendered.layer.cluster);
    const target = destinationNamespace(rendered.manifests);
    folders.push({ cluster, namespace: target, manifests: rendered.manifests });
    return {
      id: rendered.id,
      props: {
        ...common,
        name: applicationName(landscape.metadata.name, rendered.id),
        path: sourcePath(delivery.repository.path, rendered.id),
        cluster,
        destinationNamespace: target,
        wave: waves.get(rendered.id)!,
        skipDryRunOnMissingResource: kindsArrivingLater(rendered.manifests, others).length > 0,
        ignoreDifferences: ignoreDifferencesFor(rendered.manifests),
      },
    };
  });

  // The root app's own folder holds the project and the Applications, in the Argo CD namespace of the runtime cluster.
  const ownFolder: Manifest[] = [
    { apiVersion: AppProject.GVK.apiVersion, kind: AppProject.GVK.kind, metadata: { name: project, namespace } },
    { apiVersion: Application.GVK.apiVersion, kind: Application.GVK.kind, metadata: { name: rootApplicationName(landscape.metadata.name), namespace } },
  ];
  folders.push({ cluster: { server: IN_CLUSTER_SERVER }, namespace, manifests: ownFolder });

  new LandscapeAppProject(chart, 'project', {
    name: project,
    namespace,
    sourceRepo: delivery.repository.url,
    scope: projectScope(folders),
    description: `metal-garden landscape ${landscape.metadata.name}: the layers of dist/ from ${delivery.repository.url}`,
  });
  new GitApplication(chart, 'root', {
    ...common,
    name: rootApplicationName(landscape.metadata.name),
    path: sourcePath(delivery.repository.path, ARGOCD_FOLDER),
    cluster: { server: IN_CLUSTER_SERVER },
    destinationNamespace: namespace,
    wave: -1,
  });
  for (const { id, props } of applications) new GitApplication(chart, id, props);

  const delivered = layers.flatMap((l) => l.manifests);
  return { manifests: chart.toJson() as Manifest[], healthConfigMap: argoCdHealthConfigMap(namespace, delivered) };
}

/**
 * Secrets the Argo CD wiring itself reads: the repository credentials, if the repository is private.
 * Argo CD finds them by label `argocd.argoproj.io/secret-type: repository` in its namespace; keys
 * follow Argo CD's declarative repository format.
 */
export function argoCdRequiredSecrets(landscape: Landscape): RequiredSecret[] {
  const { repository, argocd } = landscape.spec.delivery;
  if (!repository.secretRef) return [];
  const ssh = repository.url.startsWith('ssh://');
  return [
    {
      cluster: 'runtime',
      namespace: argocd.namespace,
      name: repository.secretRef,
      keys: ssh ? ['sshPrivateKey', 'type', 'url'] : ['password', 'type', 'url', 'username'],
      purpose: `Argo CD repo-server: ${ssh ? 'SSH key' : 'credentials'} to pull ${repository.url}`,
      labels: { 'argocd.argoproj.io/secret-type': 'repository' },
    },
  ];
}
