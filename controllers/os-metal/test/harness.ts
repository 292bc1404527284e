// os-metal deployed into a test control plane the way its chart deploys it into a seed: the chart's
// own ServiceAccount, RBAC and ConfigMap (from the same constructs), the process started with the
// chart's own arguments, authenticated as that ServiceAccount. What a kubelet would add (the pod,
// its projected token and mounted config) is done here: a TokenRequest token and a config file
// with the ConfigMap's content. Deployment, PodDisruptionBudget, Service and VPA are not applied:
// nothing would run them.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { controllerArtifactsOf, readArtifacts } from '../../artifacts.js';
import { Applier } from '../../../test/envtest/apply.js';
import { bundleOnce, serviceAccountKubeconfig, startController, type ControllerProcess } from '../../../test/envtest/controller-process.js';
import { KubeRest } from '../../../test/envtest/kube-rest.js';
import { checkChartValues, objectsFor, OS_METAL_ARTIFACTS_KEY, type ChartValuesInput, type ManifestObject } from '../chart/index.js';
import { CONFIG_KEY } from '../chart/labels.js';

const APPLIED_KINDS = new Set(['ServiceAccount', 'ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding', 'ConfigMap']);

export interface OsMetalInstallation {
  readonly namespace: string;
  readonly objects: readonly ManifestObject[];
  /** The container's arguments as the chart renders them. */
  readonly args: readonly string[];
  readonly configFile: string;
  readonly kubeconfig: string;
  readonly bundle: string;
  readonly runDir: string;
}

function containerArgs(objects: readonly ManifestObject[]): string[] {
  const deployment = objects.find((o) => o.kind === 'Deployment') as { spec: { template: { spec: { containers: { args?: string[] }[] } } } } | undefined;
  const args = deployment?.spec.template.spec.containers[0]?.args;
  if (!args) throw new Error('the chart renders no Deployment with container args');
  return args;
}

/** Applies os-metal's chart objects (access and configuration) into `namespace` and prepares the process's files. */
export async function installOsMetal(
  adminKubeconfig: string,
  options: { namespace: string; runDir: string; values?: Omit<ChartValuesInput, 'image'> },
): Promise<OsMetalInstallation> {
  const artifacts = controllerArtifactsOf(readArtifacts(), OS_METAL_ARTIFACTS_KEY);
  const values = checkChartValues({ image: { repository: artifacts.image.repository, digest: artifacts.image.digest }, ...options.values });
  const objects = objectsFor(values, options.namespace);
  const applier = new Applier(new KubeRest(adminKubeconfig));
  await applier.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: options.namespace } });
  for (const object of objects.filter((o) => APPLIED_KINDS.has(o.kind))) await applier.apply(object);
  const configMap = objects.find((o) => o.kind === 'ConfigMap') as { data?: Record<string, string> } | undefined;
  const config = configMap?.data?.[CONFIG_KEY];
  if (!config) throw new Error(`the chart renders no ConfigMap with ${CONFIG_KEY}`);
  const configFile = join(options.runDir, `config-${options.namespace}.yaml`);
  writeFileSync(configFile, config);
  const serviceAccount = objects.find((o) => o.kind === 'ServiceAccount');
  if (!serviceAccount) throw new Error('the chart renders no ServiceAccount');
  const kubeconfig = await serviceAccountKubeconfig(
    adminKubeconfig,
    options.namespace,
    serviceAccount.metadata.name,
    join(options.runDir, `kubeconfig-${options.namespace}`),
  );
  const bundle = await bundleOnce('os-metal', join(options.runDir, 'bundle'));
  return { namespace: options.namespace, objects, args: containerArgs(objects), configFile, kubeconfig, bundle, runDir: options.runDir };
}

export interface StartOsMetalOptions {
  /** Environment over the defaults POD_NAME, POD_NAMESPACE and LOG_LEVEL=debug (a benchmark logs at info). */
  readonly env?: Readonly<Record<string, string>>;
  /** Node's own flags (e.g. `--cpu-prof`). @default none */
  readonly nodeArgs?: readonly string[];
}

/**
 * The chart's container arguments as the kubelet resolves them (`$(POD_NAMESPACE)`), without the
 * bind addresses: a test gives each process free loopback ports instead of :8080/:8081.
 */
export function podArgs(installation: OsMetalInstallation): string[] {
  return installation.args
    .filter((arg) => !arg.startsWith('--metrics-bind-address') && !arg.startsWith('--health-probe-bind-address'))
    .map((arg) => arg.replace('$(POD_NAMESPACE)', installation.namespace));
}

/**
 * Starts one replica: the chart's arguments with what the kubelet resolves ($(POD_NAMESPACE), the
 * mounted config path), plus `extraArgs` (e.g. short lease durations for failover tests).
 */
export async function startOsMetal(
  installation: OsMetalInstallation,
  replica: string,
  extraArgs: readonly string[] = [],
  options: StartOsMetalOptions = {},
): Promise<ControllerProcess> {
  const args = podArgs(installation).map((arg) => arg.replace(/^--config=.*$/, `--config=${installation.configFile}`));
  const process = await startController({
    name: replica,
    bundle: installation.bundle,
    args: [...args, `--kubeconfig=${installation.kubeconfig}`, ...extraArgs],
    runDir: installation.runDir,
    env: { POD_NAME: replica, POD_NAMESPACE: installation.namespace, LOG_LEVEL: 'debug', ...options.env },
    ...(options.nodeArgs ? { nodeArgs: options.nodeArgs } : {}),
  });
  return process;
}
