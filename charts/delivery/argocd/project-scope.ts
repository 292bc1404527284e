import type { Manifest } from '../../synth.js';
import { apiGroup } from './crd-arrival.js';

/** Where an Application delivers to: the in-cluster server, or a cluster Argo CD knows by name. */
export type ClusterRef = { readonly server: string; readonly name?: never } | { readonly name: string; readonly server?: never };

/** One destination of the project: a cluster and a namespace in it. */
export type ProjectDestination = ClusterRef & { readonly namespace: string };

/** A group/kind pair of an AppProject whitelist (`group` is empty for the core group). */
export interface GroupKind {
  readonly group: string;
  readonly kind: string;
}

/** What one Application delivers: its destination and the objects of its source folder. */
export interface DeliveredFolder {
  readonly cluster: ClusterRef;
  /** The Application's `spec.destination.namespace`, which the project must permit as well. */
  readonly namespace: string;
  readonly manifests: readonly Manifest[];
}

/** What an AppProject must permit, and nothing more. */
export interface ProjectScope {
  readonly destinations: readonly ProjectDestination[];
  readonly clusterResources: readonly GroupKind[];
  readonly namespacedResources: readonly GroupKind[];
}

const byString = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const clusterKey = (cluster: ClusterRef) => (cluster.server !== undefined ? `server:${cluster.server}` : `name:${cluster.name}`);

function groupKinds(keys: ReadonlySet<string>): GroupKind[] {
  return [...keys].sort(byString).map((key) => {
    const slash = key.indexOf('/');
    return { group: key.slice(0, slash), kind: key.slice(slash + 1) };
  });
}

/**
 * The scope of the project from what its Applications deliver: each Application's destination, each
 * namespace an object lives in (on the Application's cluster), and each group/kind, cluster-scoped
 * (an object without namespace) or namespaced. A pure function of the rendered manifests, so the
 * project grows and shrinks with dist/. Sorted: destinations by cluster then namespace, kinds by group/kind.
 */
export function projectScope(folders: readonly DeliveredFolder[]): ProjectScope {
  const destinations = new Map<string, ProjectDestination>();
  const clusterKinds = new Set<string>();
  const namespacedKinds = new Set<string>();
  const addDestination = (cluster: ClusterRef, namespace: string) => {
    destinations.set(`${clusterKey(cluster)} ${namespace}`, { ...cluster, namespace });
  };
  for (const folder of folders) {
    if (folder.namespace === '') throw new Error(`projectScope: an Application to ${clusterKey(folder.cluster)} has an empty destination namespace; name one`);
    addDestination(folder.cluster, folder.namespace);
    for (const manifest of folder.manifests) {
      const key = `${apiGroup(manifest.apiVersion)}/${manifest.kind}`;
      if (manifest.metadata.namespace) {
        namespacedKinds.add(key);
        addDestination(folder.cluster, manifest.metadata.namespace);
      } else {
        clusterKinds.add(key);
      }
    }
  }
  for (const key of clusterKinds) {
    if (namespacedKinds.has(key))
      throw new Error(`projectScope: ${key} occurs both with and without metadata.namespace; a kind is either namespaced or cluster-scoped`);
  }
  return {
    destinations: [...destinations.entries()].sort(([a], [b]) => byString(a, b)).map(([, destination]) => destination),
    clusterResources: groupKinds(clusterKinds),
    namespacedResources: groupKinds(namespacedKinds),
  };
}
