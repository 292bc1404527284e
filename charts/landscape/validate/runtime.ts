import type { Problem } from '../problems.js';
import type { Landscape } from '../schema/landscape.js';
import { extensionEnabled, known } from '../effective.js';
import { RUNTIME_SEED_PROVIDER_TYPES } from '../../constructs/seed-config.js';

/**
 * provider-metal on the soil (the runtime cluster) hands the firewalls of the shoots there the URL of
 * the seed's kube-apiserver. In a GKE cluster it only knows `KUBERNETES_SERVICE_HOST`, a cluster IP that
 * is unreachable from the partition, and v0.27.11 panics on an IP ("is not a dns entry") unless the
 * ConfigMap garden/seed-api-server names the public endpoint. GKE does not publish that endpoint inside
 * the cluster, so the landscape has to.
 */
export function runtimeApiServer(landscape: Landscape): Problem[] {
  const { runtime } = landscape.spec;
  if (runtime.provider.type !== 'gcp' || runtime.apiServerURL !== undefined || !extensionEnabled(landscape, 'provider-metal')) return [];
  return [
    {
      path: 'spec.runtime.apiServerURL',
      message:
        "is required on a gcp runtime cluster with provider-metal: firewalls reach the soil's kube-apiserver through it (ConfigMap garden/seed-api-server); set the GKE endpoint, e.g. https://34.107.12.34 (gcloud container clusters describe <cluster> --format 'value(endpoint)')",
    },
  ];
}

/**
 * The runtime cluster always becomes the soil seed, and a Seed needs a Gardener provider extension
 * for its provider type; the schema also admits `other` (found by the server-agreement generator:
 * accepted, then synth threw in seed-config.ts).
 */
export function runtimeSeedable(landscape: Landscape): Problem[] {
  const { type } = landscape.spec.runtime.provider;
  if (RUNTIME_SEED_PROVIDER_TYPES[type] !== undefined) return [];
  return [
    {
      path: 'spec.runtime.provider.type',
      message: `${JSON.stringify(type)} has no Gardener provider extension, so the runtime cluster cannot become the soil seed; accepted: ${known(Object.keys(RUNTIME_SEED_PROVIDER_TYPES))}`,
    },
  ];
}
