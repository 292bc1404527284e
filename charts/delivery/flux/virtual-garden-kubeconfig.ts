/**
 * What the Flux wiring needs from the runtime `virtual-garden-access` layer: the token-requestor
 * kubeconfig Secret that virtual-garden Kustomizations name in `spec.kubeConfig.secretRef`, and the
 * labels kustomize-controller's pods and namespace need so Gardener's network policies let it reach
 * the virtual garden's kube-apiserver. The layer owns these values; this module only names them for delivery.
 */
export {
  VIRTUAL_GARDEN_KUBECONFIG as virtualGardenKubeconfig,
  FLUX_VIRTUAL_GARDEN_POD_LABELS as virtualGardenClientPodLabels,
  FLUX_VIRTUAL_GARDEN_NAMESPACE_LABELS as virtualGardenClientNamespaceLabels,
} from '../../clusters/runtime/virtual-garden-access.js';
