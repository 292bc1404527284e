/**
 * Reads the OpenAPI v3 documents gardener-apiserver serves for the group versions the bindings are
 * generated from, plus the server's version for the provenance header.
 *
 * They are read from gardener-apiserver directly: in the envtest control plane kube-apiserver's
 * `/openapi/v3` (v1.36.3) lists only its own groups, not the aggregated Gardener ones, so going
 * through the aggregator would find nothing to generate from.
 */
import { KubeRest } from '../test/envtest/kube-rest.js';
import type { OpenApiDocument } from './openapi-definitions.js';

/** `GET /openapi/v3`: every served document with its URL (the URL carries a content hash). */
interface OpenApiDiscovery {
  readonly paths: Readonly<Record<string, { readonly serverRelativeURL: string }>>;
}

async function getJson(rest: KubeRest, path: string): Promise<unknown> {
  const response = await rest.request('GET', path);
  if (response.status !== 200) throw new Error(`GET ${path}: HTTP ${response.status}: ${JSON.stringify(response.body).slice(0, 300)}`);
  return response.body;
}

/**
 * The documents of `groupVersions` (`core.gardener.cloud/v1beta1`, ...), keyed like the input.
 * `kubeconfig` is a kubeconfig for gardener-apiserver as envtest writes it (embedded client certificate).
 */
export async function fetchOpenApiDocuments(kubeconfig: string, groupVersions: readonly string[]): Promise<Map<string, OpenApiDocument>> {
  const rest = new KubeRest(kubeconfig);
  const discovery = (await getJson(rest, '/openapi/v3')) as OpenApiDiscovery;
  const documents = new Map<string, OpenApiDocument>();
  for (const groupVersion of groupVersions) {
    const entry = discovery.paths[`apis/${groupVersion}`];
    if (!entry) throw new Error(`gardener-apiserver serves no OpenAPI v3 for ${groupVersion}; it serves ${Object.keys(discovery.paths).sort().join(', ')}`);
    documents.set(groupVersion, (await getJson(rest, entry.serverRelativeURL)) as OpenApiDocument);
  }
  return documents;
}

/** `gitVersion` of the server's `/version`, e.g. `v1.138.3`. */
export async function servedVersion(kubeconfig: string): Promise<string> {
  const version = (await getJson(new KubeRest(kubeconfig), '/version')) as { gitVersion?: string };
  if (!version.gitVersion) throw new Error('gardener-apiserver /version has no gitVersion');
  return version.gitVersion;
}
