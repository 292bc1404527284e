// Names the controller, its chart construct and the landscape agree on. The controller reads every
// one of them from a flag; these are the defaults and the one computation of the cluster's name.

/** The controller's folder, image, field manager and event reporter (`metal-garden.io/<name>`). */
export const ARGOCD_CLUSTER_BRIDGE_NAME = 'argocd-cluster-bridge';

/** Argo CD reads a Secret as a cluster only with this label (declarative setup, "Clusters"). */
export const ARGOCD_SECRET_TYPE_LABEL = 'argocd.argoproj.io/secret-type';
export const ARGOCD_SECRET_TYPE_CLUSTER = 'cluster';

/** Defaults of the source: what charts/clusters/runtime/virtual-garden-access.ts renders (VIRTUAL_GARDEN_KUBECONFIG). */
export const DEFAULT_SOURCE = { namespace: 'garden', name: 'metal-garden-virtual-garden-access', key: 'kubeconfig' } as const;

/** Argo CD's namespace unless the landscape says otherwise (`spec.delivery.argocd.namespace`). */
export const DEFAULT_ARGOCD_NAMESPACE = 'argocd';

/** Ports of the process (the runtime's convention, as os-metal: --metrics-bind-address=:8080, --health-probe-bind-address=:8081). */
export const METRICS_PORT = 8080;
export const HEALTH_PORT = 8081;
