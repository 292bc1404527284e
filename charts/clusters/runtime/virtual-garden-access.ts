import { VIRTUAL_GARDEN_CLIENT_NAMESPACE_LABELS, VIRTUAL_GARDEN_CLIENT_POD_LABELS, VirtualGardenAccess } from '../../constructs/virtual-garden-access.js';
import { App, Chart } from 'cdk8s';
import { isPruneProtected } from '../../dist/protect.js';
import type { Manifest } from '../../synth.js';
import { needs, type Layer, type SynthContext } from '../layer.js';
import { SecretInventory } from '../secret-inventory.js';
import { virtualGardenLayers } from '../virtual-garden/index.js';
import { gitOpsRbac } from './virtual-garden-rbac.js';
import { GARDEN_NAMESPACE } from './gardener-operator.js';
import { controllerArtifactsOf, imageByDigest, readArtifacts } from '../../../controllers/artifacts.js';
import { ARGOCD_CLUSTER_BRIDGE_NAME } from '../../../controllers/argocd-cluster-bridge/names.js';
import { virtualGardenClusterName } from '../../delivery/argocd/virtual-garden-cluster.js';
import { ArgoCdClusterBridge } from '../../constructs/argocd-cluster-bridge.js';
import { artifactsRegistry, controllersRegistry } from '../../landscape/os-metal.js';
import type { Landscape } from '../../landscape/schema/landscape.js';

/**
 * The Secret a Flux Kustomization of a virtual-garden layer names in `spec.kubeConfig.secretRef`
 * (`name`, `key`). Flux reads it from the Kustomization's own namespace, and the token-requestor only
 * serves `garden`, so those Kustomizations live in namespace `garden` of the runtime cluster.
 * Gardener's token-requestor keeps both the token and the CA bundle in it (see INJECT_CA_BUNDLE_ANNOTATION),
 * which is what Flux's kubeconfig sanitizer accepts: inline token, inline CA data.
 */
export const VIRTUAL_GARDEN_KUBECONFIG = { namespace: GARDEN_NAMESPACE, name: 'metal-garden-virtual-garden-access', key: 'kubeconfig' } as const;

/** Labels the Flux kustomize-controller pods need to reach the virtual garden kube-apiserver. */
export const FLUX_VIRTUAL_GARDEN_POD_LABELS = VIRTUAL_GARDEN_CLIENT_POD_LABELS;
/** Labels the Flux namespace needs so Gardener's network policies admit it. */
export const FLUX_VIRTUAL_GARDEN_NAMESPACE_LABELS = VIRTUAL_GARDEN_CLIENT_NAMESPACE_LABELS;

/**
 * The objects the virtual-garden layers apply for this landscape, rendered on the side (their
 * required Secrets go to a scratch inventory: those layers register them themselves).
 */
export function virtualGardenManifests(context: SynthContext): Manifest[] {
  const app = new App({ outdir: 'cdk8s.out' });
  const scratch = { ...context, secrets: new SecretInventory() };
  return virtualGardenLayers.flatMap((layer) => {
    const chart = new Chart(app, `${layer.name}-rbac-input`, { disableResourceNameHashes: true });
    layer.render(chart, scratch);
    return chart.toJson() as Manifest[];
  });
}

/** Whether Argo CD applies dist/ for this landscape (engine `argocd` or `both`): then it needs a cluster Secret for the virtual garden. */
export function deliversWithArgoCd(landscape: Landscape): boolean {
  return landscape.spec.delivery.engine !== 'flux';
}

/** argocd-cluster-bridge's image as the landscape pulls it: artifacts.json's repository in `spec.controllers.registry`, by digest. */
export function argoCdClusterBridgeImage(landscape: Landscape): string {
  const entry = controllerArtifactsOf(readArtifacts(), ARGOCD_CLUSTER_BRIDGE_NAME);
  const repository = `${controllersRegistry(landscape, entry)}${entry.image.repository.slice(artifactsRegistry(entry).length)}`;
  return imageByDigest({ repository, digest: entry.image.digest });
}

export const virtualGardenAccessLayer: Layer = {
  cluster: 'runtime',
  name: 'virtual-garden-access',
  description: 'Token-requestor kubeconfig and RBAC that let the GitOps engine reach the virtual garden',
  dependsOn: [
    needs('runtime/garden', "the ManagedResource CRD and the virtual garden's gardener-resource-manager (token-requestor) exist once the Garden is reconciled"),
  ],
  render: (chart, context) => {
    new VirtualGardenAccess(chart, 'virtual-garden-access', {
      namespace: VIRTUAL_GARDEN_KUBECONFIG.namespace,
      secretName: VIRTUAL_GARDEN_KUBECONFIG.name,
      // Exactly what applying, health-checking and pruning these objects takes, by name where possible.
      access: gitOpsRbac(virtualGardenManifests(context), isPruneProtected, { argocd: deliversWithArgoCd(context.landscape) }),
    });
    // Argo CD reads a cluster Secret, not a kubeconfig Secret: the bridge turns the token-requestor's
    // kubeconfig into one and rewrites it at every token rotation. Flux reads the kubeconfig itself.
    const { landscape } = context;
    if (deliversWithArgoCd(landscape)) {
      new ArgoCdClusterBridge(chart, 'argocd-cluster-bridge', {
        namespace: VIRTUAL_GARDEN_KUBECONFIG.namespace,
        source: { name: VIRTUAL_GARDEN_KUBECONFIG.name, key: VIRTUAL_GARDEN_KUBECONFIG.key },
        argocdNamespace: landscape.spec.delivery.argocd.namespace,
        clusterName: virtualGardenClusterName(landscape.metadata.name),
        image: argoCdClusterBridgeImage(landscape),
      });
    }
  },
};
