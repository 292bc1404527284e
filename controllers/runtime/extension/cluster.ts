// Gardener's Cluster resource (extensions.gardener.cloud/v1alpha1, cluster-scoped, named like the
// shoot's namespace in the seed) tells an extension about its shoot: whether the shoot failed
// (then nothing is reconciled) and whether its deletion was confirmed as forced
// (`confirmation.gardener.cloud/force-deletion`, then delete means forceDelete).
import type { KubeClient } from '../client.js';
import { isNotFound } from '../errors.js';
import type { ResourceRef } from '../resource.js';
import { objectPath } from '../resource.js';
import type { ClusterFacts } from './operation.js';
import { FORCE_DELETION_ANNOTATION } from './types.js';

export const clusterResource: ResourceRef = { group: 'extensions.gardener.cloud', version: 'v1alpha1', kind: 'Cluster', plural: 'clusters', namespaced: false };

interface Shoot {
  metadata?: { annotations?: Record<string, string> };
  status?: { lastOperation?: { state?: string } };
}

export interface Cluster {
  spec?: { shoot?: Shoot };
}

/** What a missing Cluster (or a shoot-less one) means: nothing failed, nothing forced. */
export const noClusterFacts: ClusterFacts = { shootFailed: false, forceDelete: false };

/** The facts of a Cluster (pure). strconv.ParseBool's true values count as confirmation. */
export function clusterFacts(cluster: Cluster | undefined): ClusterFacts {
  const shoot = cluster?.spec?.shoot;
  const confirmation = shoot?.metadata?.annotations?.[FORCE_DELETION_ANNOTATION];
  return {
    shootFailed: shoot?.status?.lastOperation?.state === 'Failed',
    forceDelete: confirmation !== undefined && ['1', 't', 'T', 'true', 'TRUE', 'True'].includes(confirmation),
  };
}

/**
 * Reads the Cluster of a namespace. `required` (Gardener's behaviour: GetCluster fails without
 * one) throws when it is missing; `optional` treats a missing Cluster, or a server without the
 * Cluster CRD, as a shoot that neither failed nor is force-deleted.
 */
export async function readClusterFacts(client: KubeClient, namespace: string | undefined, mode: 'required' | 'optional'): Promise<ClusterFacts> {
  if (!namespace) return noClusterFacts;
  try {
    return clusterFacts(await client.request<Cluster>('GET', objectPath(clusterResource, undefined, namespace)));
  } catch (err) {
    if (mode === 'optional' && isNotFound(err)) return noClusterFacts;
    if (isNotFound(err))
      throw new Error(`Cluster ${namespace} not found: an extension object in namespace ${namespace} needs Gardener's Cluster resource of that name`, {
        cause: err,
      });
    throw err;
  }
}

/** Where the lifecycle finds Clusters: an informer's store (what Gardener's cached client reads). */
export interface ClusterCache {
  get(namespace: string | undefined, name: string): Cluster | undefined;
}

/**
 * The facts of a namespace's Cluster from the cache, without a request per reconcile. A Cluster
 * the cache does not hold yet is missing: `optional` treats that as a shoot that neither failed nor
 * is force-deleted, `required` fails (and the queue retries once the informer has it).
 */
export function cachedClusterFacts(cache: ClusterCache, namespace: string | undefined, mode: 'required' | 'optional'): ClusterFacts {
  if (!namespace) return noClusterFacts;
  const cluster = cache.get(undefined, namespace);
  if (cluster) return clusterFacts(cluster);
  if (mode === 'optional') return noClusterFacts;
  throw new Error(`Cluster ${namespace} not found: an extension object in namespace ${namespace} needs Gardener's Cluster resource of that name`);
}
