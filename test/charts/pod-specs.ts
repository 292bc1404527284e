// Where workloads keep their pod specs, and everything in a pod spec that names another object or
// a place on the network. The checks in checks.ts walk these; nothing here knows a chart.
import type { KubeObject } from '../envtest/kube-rest.js';

export interface Container {
  name: string;
  image?: string;
  command?: string[];
  args?: string[];
  env?: { name: string; value?: string; valueFrom?: Record<string, { name?: string; key?: string; optional?: boolean } | undefined> }[];
  envFrom?: { secretRef?: { name: string; optional?: boolean }; configMapRef?: { name: string; optional?: boolean } }[];
}

interface KeyToPath {
  key: string;
}

export interface Volume {
  name: string;
  secret?: { secretName?: string; optional?: boolean; items?: KeyToPath[] } | null;
  configMap?: { name?: string; optional?: boolean; items?: KeyToPath[] } | null;
  persistentVolumeClaim?: { claimName: string } | null;
  projected?: {
    sources?: { secret?: { name?: string; optional?: boolean; items?: KeyToPath[] }; configMap?: { name?: string; optional?: boolean; items?: KeyToPath[] } }[];
  } | null;
}

export interface PodSpec {
  containers?: Container[];
  initContainers?: Container[];
  ephemeralContainers?: Container[];
  volumes?: Volume[];
  imagePullSecrets?: { name: string }[];
  serviceAccountName?: string;
}

export interface Workload {
  readonly object: KubeObject;
  readonly podSpec: PodSpec;
  /** `Kind namespace/name`, plus the hook it is if Helm runs it as one. */
  readonly ref: string;
}

type Tree = Record<string, unknown>;
const get = (tree: unknown, ...path: string[]): unknown =>
  path.reduce<unknown>((node, key) => (node && typeof node === 'object' ? (node as Tree)[key] : undefined), tree);

/** The pod template of every workload kind (Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob). */
export function podSpecOf(object: KubeObject): PodSpec | undefined {
  const spec =
    object.kind === 'Pod'
      ? get(object, 'spec')
      : object.kind === 'CronJob'
        ? get(object, 'spec', 'jobTemplate', 'spec', 'template', 'spec')
        : ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job'].includes(object.kind)
          ? get(object, 'spec', 'template', 'spec')
          : undefined;
  return spec as PodSpec | undefined;
}

export function workloadsOf(objects: readonly KubeObject[]): Workload[] {
  return objects.flatMap((object) => {
    const podSpec = podSpecOf(object);
    if (!podSpec) return [];
    const hook = (object.metadata.annotations as Record<string, string> | undefined)?.['helm.sh/hook'];
    const ref = `${object.kind} ${object.metadata.namespace}/${object.metadata.name}${hook ? ` (helm hook ${hook})` : ''}`;
    return [{ object, podSpec, ref }];
  });
}

export function containersOf(podSpec: PodSpec): Container[] {
  return [...(podSpec.initContainers ?? []), ...(podSpec.containers ?? []), ...(podSpec.ephemeralContainers ?? [])];
}
