/** Names, labels and ports every os-metal object shares. */

/** Name of every namespaced and cluster-scoped object (as upstream's chart names them: one installation per seed). */
export const OS_METAL_NAME = 'gardener-extension-os-metal';

/** The Deployment's selector; also what the Service, PodDisruptionBudget and VPA select. */
export const SELECTOR_LABELS: Readonly<Record<string, string>> = { 'app.kubernetes.io/name': OS_METAL_NAME };

/** Labels on every object. */
export const OBJECT_LABELS: Readonly<Record<string, string>> = {
  ...SELECTOR_LABELS,
  'app.kubernetes.io/component': 'controller',
  'app.kubernetes.io/part-of': 'metal-garden',
};

/** Ports of the os-metal process (COMMON contract: --metrics-bind-address=:8080, --health-probe-bind-address=:8081). */
export const METRICS_PORT = 8080;
export const HEALTH_PORT = 8081;

/** Where the ConfigMap is mounted and the file the process reads (`--config`). */
export const CONFIG_DIR = '/etc/os-metal';
export const CONFIG_KEY = 'config.yaml';
