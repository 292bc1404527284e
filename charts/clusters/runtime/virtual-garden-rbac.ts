// What the GitOps engine's identity in the virtual garden may do, derived from the objects the
// virtual-garden layers apply: exactly what Flux's kustomize-controller and Gardener's admission
// plugins ask of it for those objects, by name wherever RBAC can check a name.
//
// The requests, per object of the virtual-garden layers (fluxcd/pkg/ssa, kustomize-controller v1):
// - apply: server-side apply, dry-run first (PATCH). A PATCH that creates the object is authorized
//   as `create` with the object's name (k8s.io/apiserver handlers/patch.go), so both verbs take
//   resourceNames.
// - health check (`wait: true`): a GET per object (the status poller's cache is off by default
//   since kustomize-controller v1.2, so no list/watch).
// - prune: for an object that left dist/, a GET (to honour its `kustomize.toolkit.fluxcd.io/prune:
//   disabled` annotation), then DELETE unless protected. That name is gone from dist/ and so from any
//   resourceNames rendered from it: `get` is per kind, and `delete` per kind for kinds dist/ does not
//   protect (charts/dist/protect.ts); protected kinds get no `delete` at all.
// And what gardener-apiserver v1.138.3's admission authorizes for the requesting user:
// - CustomVerbAuthorizer: `modify-spec-tolerations-whitelist` on the Project when its
//   `spec.tolerations.whitelist` changes (a create with one counts), `manage-members` on the Project
//   when human users in `spec.members` or the owner change and the requester is not the owner.
//   Granted: the whitelist verb for Projects that have a whitelist (dropping the whitelist from a
//   Project later is a change the new RBAC no longer allows; do that by hand), `manage-members` for
//   every Project, since dist/ sets every Project's owner and members and either may change;
// - ShootValidator: creating a Shoot with `spec.seedName` needs `update` on `shoots/binding` (name of
//   the Shoot), like the scheduler's binding;
// - ResourceReferenceManager: a CredentialsBinding needs `get` on the credentials it references (and
//   on its quotas), a Shoot on the objects in `spec.resources`.
import type { PolicyRule } from '../../imports/k8s.js';
import type { Manifest } from '../../synth.js';

/** The RBAC resource of each kind the virtual-garden layers may apply. */
const RESOURCES: Readonly<Record<string, { readonly resource: string; readonly namespaced: boolean }>> = {
  'v1/Namespace': { resource: 'namespaces', namespaced: false },
  'v1/Secret': { resource: 'secrets', namespaced: true },
  'v1/ConfigMap': { resource: 'configmaps', namespaced: true },
  'core.gardener.cloud/Project': { resource: 'projects', namespaced: false },
  'core.gardener.cloud/CloudProfile': { resource: 'cloudprofiles', namespaced: false },
  'core.gardener.cloud/Shoot': { resource: 'shoots', namespaced: true },
  'core.gardener.cloud/Quota': { resource: 'quotas', namespaced: true },
  'core.gardener.cloud/InternalSecret': { resource: 'internalsecrets', namespaced: true },
  'security.gardener.cloud/CredentialsBinding': { resource: 'credentialsbindings', namespaced: true },
  'security.gardener.cloud/WorkloadIdentity': { resource: 'workloadidentities', namespaced: true },
  'seedmanagement.gardener.cloud/Gardenlet': { resource: 'gardenlets', namespaced: true },
  'seedmanagement.gardener.cloud/ManagedSeed': { resource: 'managedseeds', namespaced: true },
};

/**
 * Kinds whose contents are credentials or configuration of others: read only by name, never per kind,
 * so the identity cannot read what dist/ does not name. (Pruning one that left dist/ then needs a hand.)
 */
const READ_BY_NAME_ONLY = new Set(['secrets', 'configmaps']);

function groupOf(apiVersion: string): string {
  return apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
}

function resourceOf(apiVersion: string, kind: string, where: string): { group: string; resource: string; namespaced: boolean } {
  const group = groupOf(apiVersion);
  const known = RESOURCES[`${group || 'v1'}/${kind}`];
  if (!known) {
    throw new Error(
      `virtual-garden RBAC: ${where} is a ${kind} (${apiVersion}), which has no RBAC resource known; ` +
        `add it to RESOURCES in charts/clusters/runtime/virtual-garden-rbac.ts (known: ${Object.keys(RESOURCES).join(', ')})`,
    );
  }
  return { group, ...known };
}

/** Rules of the GitOps identity: cluster-wide ones for a ClusterRole, the rest per namespace for Roles. */
export interface GitOpsRbac {
  readonly clusterRules: readonly PolicyRule[];
  /** Sorted by namespace. */
  readonly namespaceRules: ReadonlyArray<readonly [namespace: string, rules: readonly PolicyRule[]]>;
}

/**
 * One grant before merging: `name` undefined means every object of the resource (in `namespace`).
 * `by` says who asks for it: Flux's own requests and admission's checks end up in separate rules, so
 * each rule has one reason.
 */
interface Grant {
  readonly by: 'flux' | 'argocd' | 'admission';
  readonly namespace: string | undefined;
  readonly group: string;
  readonly resource: string;
  readonly verb: string;
  readonly name: string | undefined;
}

interface ManifestShape {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace?: string };
  readonly spec?: {
    readonly seedName?: string;
    readonly tolerations?: { readonly whitelist?: readonly unknown[] };
    readonly resources?: ReadonlyArray<{ readonly resourceRef?: { readonly apiVersion: string; readonly kind: string; readonly name: string } }>;
  };
  readonly credentialsRef?: { readonly apiVersion: string; readonly kind: string; readonly name: string; readonly namespace: string };
  readonly quotas?: ReadonlyArray<{ readonly name: string; readonly namespace: string }>;
}

function ref(manifest: Pick<Manifest, 'kind' | 'metadata'>): string {
  const { name, namespace } = manifest.metadata;
  return `${manifest.kind} ${namespace ? `${namespace}/` : ''}${name}`;
}

/** What Flux itself does with one applied object (see the header). */
function fluxGrants(manifest: ManifestShape, prunable: boolean): Grant[] {
  const { group, resource, namespaced } = resourceOf(manifest.apiVersion, manifest.kind, ref(manifest));
  const namespace = namespaced ? manifest.metadata.namespace : undefined;
  if (namespaced && !namespace) throw new Error(`virtual-garden RBAC: ${ref(manifest)} is namespaced but has no metadata.namespace`);
  const name = manifest.metadata.name;
  const at = { by: 'flux', namespace, group, resource } as const;
  const byNameOnly = READ_BY_NAME_ONLY.has(resource);
  return [
    { ...at, verb: 'create', name },
    { ...at, verb: 'patch', name },
    { ...at, verb: 'get', name: byNameOnly ? name : undefined },
    ...(prunable && !byNameOnly ? [{ ...at, verb: 'delete', name: undefined }] : []),
  ];
}

/**
 * What Argo CD's application controller asks beyond Flux: it keeps a watch-based cache of every kind
 * it manages, so list and watch per kind in each namespace dist/ uses (resourceNames cannot limit a
 * list or watch without a field selector, which Argo CD does not send).
 */
function argoCdGrants(manifest: ManifestShape): Grant[] {
  const { group, resource, namespaced } = resourceOf(manifest.apiVersion, manifest.kind, ref(manifest));
  const namespace = namespaced ? manifest.metadata.namespace : undefined;
  return ['get', 'list', 'watch'].map((verb) => ({ by: 'argocd', namespace, group, resource, verb, name: undefined }));
}

/** What gardener-apiserver's admission authorizes for the requester of one applied object (see the header). */
function admissionGrants(manifest: ManifestShape): Grant[] {
  const group = groupOf(manifest.apiVersion);
  const { name, namespace } = manifest.metadata;
  const grants: Grant[] = [];
  const get = (apiVersion: string, kind: string, objectName: string, objectNamespace: string | undefined, why: string): Grant => {
    const target = resourceOf(apiVersion, kind, `${why} of ${ref(manifest)}`);
    return {
      by: 'admission',
      namespace: target.namespaced ? objectNamespace : undefined,
      group: target.group,
      resource: target.resource,
      verb: 'get',
      name: objectName,
    };
  };
  if (group === 'core.gardener.cloud' && manifest.kind === 'Project') {
    // dist/ sets the owner of every Project it applies, and the owner may change between revisions.
    grants.push({ by: 'admission', namespace: undefined, group, resource: 'projects', verb: 'manage-members', name });
    if ((manifest.spec?.tolerations?.whitelist?.length ?? 0) > 0) {
      grants.push({ by: 'admission', namespace: undefined, group, resource: 'projects', verb: 'modify-spec-tolerations-whitelist', name });
    }
  }
  if (group === 'core.gardener.cloud' && manifest.kind === 'Shoot') {
    if (manifest.spec?.seedName) grants.push({ by: 'admission', namespace, group, resource: 'shoots/binding', verb: 'update', name });
    for (const resource of manifest.spec?.resources ?? []) {
      if (resource.resourceRef)
        grants.push(get(resource.resourceRef.apiVersion, resource.resourceRef.kind, resource.resourceRef.name, namespace, 'spec.resources'));
    }
  }
  if (group === 'security.gardener.cloud' && manifest.kind === 'CredentialsBinding' && manifest.credentialsRef) {
    const credentials = manifest.credentialsRef;
    grants.push(get(credentials.apiVersion, credentials.kind, credentials.name, credentials.namespace, 'credentialsRef'));
    for (const quota of manifest.quotas ?? []) grants.push(get('core.gardener.cloud/v1beta1', 'Quota', quota.name, quota.namespace, 'quotas'));
  }
  return grants;
}

/**
 * Merges grants into rules: one rule per resource and set of verbs, per-kind grants without
 * resourceNames, named grants with their sorted names. Deterministic order.
 */
function rulesOf(grants: readonly Grant[]): PolicyRule[] {
  // (resource, by) -> verb -> names ('*' when per kind)
  const byResource = new Map<string, Map<string, Set<string> | '*'>>();
  for (const grant of grants) {
    const key = `${grant.group}\u0000${grant.resource}\u0000${grant.by}`;
    const verbs = byResource.get(key) ?? new Map<string, Set<string> | '*'>();
    byResource.set(key, verbs);
    const current = verbs.get(grant.verb);
    if (grant.name === undefined || current === '*') verbs.set(grant.verb, '*');
    else verbs.set(grant.verb, new Set([...(current ?? []), grant.name]));
  }
  const rules: PolicyRule[] = [];
  for (const key of [...byResource.keys()].sort()) {
    const [group, resource] = key.split('\u0000') as [string, string, string];
    // verbs with the same names share a rule
    const byNames = new Map<string, string[]>();
    for (const [verb, names] of byResource.get(key)!) {
      const namesKey = names === '*' ? '*' : [...names].sort().join(',');
      byNames.set(namesKey, [...(byNames.get(namesKey) ?? []), verb]);
    }
    for (const namesKey of [...byNames.keys()].sort()) {
      const verbs = byNames.get(namesKey)!.sort();
      rules.push({ apiGroups: [group], resources: [resource], verbs, ...(namesKey === '*' ? {} : { resourceNames: namesKey.split(',') }) });
    }
  }
  return rules;
}

/**
 * The RBAC the GitOps identity needs to apply, health-check and prune `manifests` (the objects of
 * the virtual-garden layers) and nothing else. `pruneProtected` says which objects carry Flux's
 * no-prune marker: those kinds get no `delete`. With `argocd`, also what Argo CD's cache reads.
 */
export function gitOpsRbac(
  manifests: readonly Manifest[],
  pruneProtected: (manifest: Manifest) => boolean,
  options: { readonly argocd?: boolean } = {},
): GitOpsRbac {
  const grants = manifests.flatMap((manifest) => {
    const shape = manifest as unknown as ManifestShape;
    return [...fluxGrants(shape, !pruneProtected(manifest)), ...admissionGrants(shape), ...(options.argocd ? argoCdGrants(shape) : [])];
  });
  // A kind is prunable only if none of its objects is protected: RBAC cannot tell them apart by name
  // once they left dist/.
  const protectedResources = new Set(
    manifests.filter(pruneProtected).map((m) => {
      const { group, resource } = resourceOf(m.apiVersion, m.kind, ref(m));
      return `${group}/${resource}`;
    }),
  );
  const effective = grants.filter((g) => !(g.verb === 'delete' && protectedResources.has(`${g.group}/${g.resource}`)));
  const namespaces = [...new Set(effective.flatMap((g) => (g.namespace === undefined ? [] : [g.namespace])))].sort();
  return {
    clusterRules: rulesOf(effective.filter((g) => g.namespace === undefined)),
    namespaceRules: namespaces.map((namespace) => [namespace, rulesOf(effective.filter((g) => g.namespace === namespace))] as const),
  };
}
