// Server-side apply of plain manifests, the way a GitOps engine applies dist/: discovery maps
// apiVersion/kind to a resource path, every write is an apply patch under the project's field
// manager with strict field validation (an unknown or duplicate field is an error, not a warning).
import { KubeRest, objectRef, statusMessage, type KubeObject, type KubeResponse } from './kube-rest.js';

/** The field manager metal-garden's own writes use (the engines use theirs, e.g. kustomize-controller). */
export const FIELD_MANAGER = 'metal-garden';

interface ApiResource {
  name: string;
  kind: string;
  namespaced: boolean;
}

export interface ApplyOptions {
  /** Let the server run admission, validation and defaulting without storing anything. */
  readonly dryRun?: boolean;
  /** Who writes: metal-garden by default; tests emulating another owner (gardener-operator, a gardenlet) name it. */
  readonly fieldManager?: string;
}

export class Applier {
  private readonly resources = new Map<string, ApiResource[]>();

  public constructor(private readonly rest: KubeRest) {}

  /** Path of the object's resource; a kind the server does not serve (yet) is an error naming it. */
  public async pathOf(object: Pick<KubeObject, 'apiVersion' | 'kind' | 'metadata'>): Promise<string> {
    const resource = await this.resourceOf(object.apiVersion, object.kind);
    const base = object.apiVersion.includes('/') ? `/apis/${object.apiVersion}` : `/api/${object.apiVersion}`;
    const namespace = object.metadata.namespace;
    if (resource.namespaced && !namespace) throw new Error(`${objectRef(object)}: ${resource.kind} is namespaced, the manifest has no metadata.namespace`);
    const scope = resource.namespaced ? `/namespaces/${encodeURIComponent(namespace!)}` : '';
    return `${base}${scope}/${resource.name}/${encodeURIComponent(object.metadata.name)}`;
  }

  /** Server-side apply; resolves with the object as the server returned it, rejects with the server's message. */
  public async apply(object: KubeObject, options: ApplyOptions = {}): Promise<KubeObject> {
    const query = new URLSearchParams({ fieldManager: options.fieldManager ?? FIELD_MANAGER, force: 'true', fieldValidation: 'Strict' });
    if (options.dryRun) query.set('dryRun', 'All');
    const response = await this.rest.request('PATCH', `${await this.pathOf(object)}?${query}`, object, 'application/apply-patch+yaml');
    // The server answers an apply or a read with the object itself.
    return expectOk(response, `${options.dryRun ? 'dry-run apply' : 'apply'} ${objectRef(object)}`) as KubeObject;
  }

  /** Reads the object back as stored. */
  public async read(object: Pick<KubeObject, 'apiVersion' | 'kind' | 'metadata'>): Promise<KubeObject> {
    return expectOk(await this.rest.request('GET', await this.pathOf(object)), `read ${objectRef(object)}`) as KubeObject;
  }

  /** Deletes the object; one that is already gone is fine. */
  public async delete(object: Pick<KubeObject, 'apiVersion' | 'kind' | 'metadata'>): Promise<void> {
    const response = await this.rest.request('DELETE', await this.pathOf(object));
    if (response.status !== 404) expectOk(response, `delete ${objectRef(object)}`);
  }

  /** Forgets discovery, e.g. after CRDs were installed. */
  public forgetDiscovery(): void {
    this.resources.clear();
  }

  private async resourceOf(apiVersion: string, kind: string): Promise<ApiResource> {
    const cached = this.resources.get(apiVersion)?.find((r) => r.kind === kind);
    if (cached) return cached;
    const path = apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
    const response = await this.rest.request('GET', path);
    if (response.status === 404) throw new Error(`${apiVersion} is not served by the API server (is its CRD or APIService installed?)`);
    const list = expectOk(response, `discovery of ${apiVersion}`) as { resources: ApiResource[] };
    const resources = list.resources.filter((r) => !r.name.includes('/'));
    this.resources.set(apiVersion, resources);
    const resource = resources.find((r) => r.kind === kind);
    if (!resource) throw new Error(`${apiVersion} serves no kind ${kind}; it serves ${resources.map((r) => r.kind).join(', ')}`);
    return resource;
  }
}

function expectOk(response: KubeResponse, what: string): unknown {
  if (response.status >= 200 && response.status < 300) return response.body;
  throw new Error(`${what}: ${statusMessage(response)}`);
}
