/**
 * The token-requestor kubeconfig Secret through which Flux reaches the virtual garden.
 * TODO(delivery): import from charts/clusters/runtime/virtual-garden-access.ts once that layer exports it.
 */
export const virtualGardenKubeconfig = { namespace: 'garden', name: 'flux-virtual-garden-kubeconfig', key: 'kubeconfig' } as const;

/** Pod labels kustomize-controller needs so Gardener's network policies let it reach the virtual garden's kube-apiserver (none known yet). */
export const virtualGardenClientPodLabels: Readonly<Record<string, string>> = {};
