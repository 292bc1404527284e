/**
 * The Argo CD cluster that virtual-garden layers are delivered to. Argo CD reaches a remote cluster
 * only through a cluster Secret in its own namespace (label `argocd.argoproj.io/secret-type: cluster`,
 * keys `name`, `server`, `config`); Applications name it with `spec.destination.name`. dist/ never
 * holds that Secret (it carries a token): a controller keeps it current from Gardener's
 * token-requestor kubeconfig. This file is the one place both sides read the name from.
 */

/** Suffix of the cluster name after the landscape name: `<landscape>-virtual-garden`. */
export const VIRTUAL_GARDEN_CLUSTER_SUFFIX = '-virtual-garden';

/** Label Argo CD finds cluster Secrets by. */
export const ARGOCD_CLUSTER_SECRET_LABEL = { 'argocd.argoproj.io/secret-type': 'cluster' } as const;

/**
 * The virtual garden's Argo CD cluster name, which is both the cluster Secret's `metadata.name` and
 * its `name` key (what `spec.destination.name` matches), e.g. `fra-virtual-garden`.
 */
export function virtualGardenClusterName(landscapeName: string): string {
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(landscapeName)) {
    throw new Error(`virtualGardenClusterName: landscape name "${landscapeName}" must be a DNS label (lowercase letters, digits, "-")`);
  }
  return `${landscapeName}${VIRTUAL_GARDEN_CLUSTER_SUFFIX}`;
}

/** The runtime cluster as Argo CD names the cluster it runs in. */
export const IN_CLUSTER_SERVER = 'https://kubernetes.default.svc';
