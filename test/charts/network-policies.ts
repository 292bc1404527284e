// Whether NetworkPolicies admit a connection, evaluated as the Kubernetes NetworkPolicy API defines
// it (networking.k8s.io/v1): a pod selected by no Ingress policy admits everything; otherwise a
// connection passes when one selecting policy has a rule whose ports and peers both match. Only what
// dist/ and the charts use is modelled (TCP, numeric ports, podSelector/namespaceSelector peers with
// matchLabels and matchExpressions); anything else is reported, never guessed.
import type { KubeObject } from '../envtest/kube-rest.js';
import { destinationsOf, serviceOf, type Destination } from './checks.js';
import { containersOf, workloadsOf, type Workload } from './pod-specs.js';

interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

interface Peer {
  podSelector?: LabelSelector;
  namespaceSelector?: LabelSelector;
  ipBlock?: unknown;
}

interface IngressRule {
  ports?: { port?: number | string; protocol?: string }[];
  from?: Peer[];
}

interface PolicySpec {
  podSelector: LabelSelector;
  policyTypes?: string[];
  ingress?: IngressRule[];
}

/** A pod that opens a connection: its namespace and labels. */
export interface Client {
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
}

/** Label selector semantics of apimachinery's `metav1.LabelSelectorAsSelector` (an empty selector matches all). */
export function selects(selector: LabelSelector, labels: Readonly<Record<string, string>>): boolean {
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) if (labels[key] !== value) return false;
  for (const { key, operator, values = [] } of selector.matchExpressions ?? []) {
    const has = key in labels;
    const ok =
      operator === 'In'
        ? has && values.includes(labels[key]!)
        : operator === 'NotIn'
          ? !has || !values.includes(labels[key]!)
          : operator === 'Exists'
            ? has
            : operator === 'DoesNotExist'
              ? !has
              : undefined;
    if (ok === undefined) throw new Error(`label selector operator ${JSON.stringify(operator)} is not one of In, NotIn, Exists, DoesNotExist`);
    if (!ok) return false;
  }
  return true;
}

/** Every namespace carries `kubernetes.io/metadata.name` (set by the API server). */
function namespaceLabels(namespace: string): Record<string, string> {
  return { 'kubernetes.io/metadata.name': namespace };
}

function peerAdmits(peer: Peer, policyNamespace: string, client: Client): boolean {
  if (peer.ipBlock) throw new Error('ipBlock peers are not modelled');
  const namespaceOk = peer.namespaceSelector ? selects(peer.namespaceSelector, namespaceLabels(client.namespace)) : client.namespace === policyNamespace;
  const podOk = peer.podSelector ? selects(peer.podSelector, client.labels) : true;
  return namespaceOk && podOk;
}

function policiesOf(objects: readonly KubeObject[]): { namespace: string; name: string; spec: PolicySpec }[] {
  return objects
    .filter((o) => o.kind === 'NetworkPolicy' && o.apiVersion === 'networking.k8s.io/v1')
    .map((o) => ({ namespace: o.metadata.namespace!, name: o.metadata.name, spec: o.spec as PolicySpec }));
}

/**
 * Whether a connection from `client` to TCP `port` of pods with `podLabels` in `namespace` passes
 * the NetworkPolicies among `objects`; `undefined` when no policy selects those pods.
 */
export function admits(
  objects: readonly KubeObject[],
  target: { namespace: string; podLabels: Readonly<Record<string, string>>; port: number },
  client: Client,
): boolean | undefined {
  const selecting = policiesOf(objects).filter(
    (p) => p.namespace === target.namespace && (p.spec.policyTypes ?? ['Ingress']).includes('Ingress') && selects(p.spec.podSelector, target.podLabels),
  );
  if (selecting.length === 0) return undefined;
  return selecting.some((p) =>
    (p.spec.ingress ?? []).some((rule) => {
      const portOk = !rule.ports?.length || rule.ports.some((rp) => (rp.protocol ?? 'TCP') === 'TCP' && (rp.port === undefined || rp.port === target.port));
      const peerOk = !rule.from?.length || rule.from.some((peer) => peerAdmits(peer, p.namespace, client));
      return portOk && peerOk;
    }),
  );
}

interface ServiceSpec {
  selector?: Record<string, string>;
  ports?: { port: number; targetPort?: number | string }[];
}

/** The pods and target port behind `namespace/name:port`, or why there are none. */
export function serviceTarget(
  objects: readonly KubeObject[],
  key: string,
  port: number,
): { namespace: string; podLabels: Record<string, string>; port: number } | string {
  const [namespace, name] = key.split('/') as [string, string];
  const service = objects.find((o) => o.kind === 'Service' && o.metadata.namespace === namespace && o.metadata.name === name);
  if (!service) return `no Service ${key}`;
  const spec = service.spec as ServiceSpec;
  const servicePort = spec.ports?.find((p) => p.port === port);
  if (!servicePort) return `Service ${key} has no port ${port}`;
  const targetPort = servicePort.targetPort ?? port;
  if (typeof targetPort !== 'number') return `Service ${key} port ${port} targets the named port ${JSON.stringify(targetPort)}, which is not modelled`;
  return { namespace, podLabels: spec.selector ?? {}, port: targetPort };
}

/** Labels of a workload's pods (its pod template's labels). */
export function podLabelsOf(object: KubeObject): Record<string, string> {
  const template =
    object.kind === 'CronJob'
      ? (object.spec as { jobTemplate?: { spec?: { template?: { metadata?: { labels?: Record<string, string> } } } } }).jobTemplate?.spec?.template
      : (object.spec as { template?: { metadata?: { labels?: Record<string, string> } } } | undefined)?.template;
  return object.kind === 'Pod' ? ((object.metadata.labels as Record<string, string> | undefined) ?? {}) : (template?.metadata?.labels ?? {});
}

/**
 * The port of a bare host given in an env variable, from the variable beside it that programs read
 * it from (`GOIPAM_PG_HOST` → `GOIPAM_PG_PORT`, `..._ADDR` → `..._PORT`).
 */
function portBesideHost(workload: Workload, d: Destination): number | undefined {
  if (!d.env) return undefined;
  const portName = d.env.name.replace(/(HOST|HOSTNAME|DBHOST|ADDR|ADDRESS)$/, 'PORT');
  if (portName === d.env.name) return undefined;
  const container = containersOf(workload.podSpec).find((c) => c.name === d.env?.container);
  const value = container?.env?.find((e) => e.name === portName)?.value;
  return value !== undefined && /^\d{1,5}$/.test(value) ? Number(value) : undefined;
}

/**
 * Every connection a workload among `clients` is configured to open to a Service of the cluster
 * (`cluster`, which holds the Services and NetworkPolicies) must pass the NetworkPolicies. Returns a
 * sentence per refused connection, and the number of connections that a policy governs.
 */
export function checkNetworkPolicies(clients: readonly KubeObject[], cluster: readonly KubeObject[]): { problems: string[]; governed: number } {
  const problems: string[] = [];
  let governed = 0;
  for (const workload of workloadsOf(clients)) {
    const client = { namespace: workload.object.metadata.namespace!, labels: podLabelsOf(workload.object) };
    for (const d of destinationsOf(workload)) {
      const key = serviceOf(d.host.toLowerCase(), client.namespace);
      if (!key || !cluster.some((o) => o.kind === 'Service' && `${o.metadata.namespace}/${o.metadata.name}` === key)) continue;
      const port = d.port ?? portBesideHost(workload, d);
      if (port === undefined) {
        problems.push(`${d.where}: names Service ${key} without a port, and no *_PORT variable beside it says which`);
        continue;
      }
      const target = serviceTarget(cluster, key, port);
      if (typeof target === 'string') continue; // checkDestinations reports missing Services and ports
      const verdict = admits(cluster, target, client);
      if (verdict === undefined) continue;
      governed += 1;
      if (!verdict) {
        problems.push(
          `${d.where}: no NetworkPolicy admits ${client.namespace} pods ${JSON.stringify(client.labels)} to Service ${key} port ${port} (pods ${JSON.stringify(target.podLabels)}, port ${target.port})`,
        );
      }
    }
  }
  return { problems, governed };
}
