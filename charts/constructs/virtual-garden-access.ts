import { Construct } from 'constructs';
import { stringify } from 'yaml';
import { ManagedResource } from '../imports/resources.gardener.cloud.js';
import { KubeClusterRole, KubeClusterRoleBinding, KubeRole, KubeRoleBinding, KubeSecret, KubeServiceAccount, type PolicyRule } from '../imports/k8s.js';
import { NO_SECRET_VALUES } from '../dist/secret-guard.js';

/**
 * The virtual garden's kube-apiserver inside the runtime cluster: Service `virtual-garden-kube-apiserver`
 * in namespace `garden`, port 443 (the port in Gardener's network-policy label
 * `to-garden-virtual-garden-kube-apiserver-tcp-443`, and the Service port metal-roles' ingress targets).
 * Its serving certificate covers the FQDN (Gardener's `DNSNamesForService`), which works from any namespace.
 */
export const VIRTUAL_GARDEN_SERVER = 'https://virtual-garden-kube-apiserver.garden.svc.cluster.local';

/**
 * Pod label that lets a pod outside `garden` reach the virtual garden kube-apiserver: the
 * gardener-resource-manager NetworkPolicy controller turns it into ingress rules in `garden` (docs:
 * gardener `docs/operations/network_policies.md`, "Communication With kube-apiserver For Components In
 * Custom Namespaces"). The Flux kustomize-controller pods need it.
 */
export const VIRTUAL_GARDEN_CLIENT_POD_LABELS: Readonly<Record<string, string>> = {
  'networking.resources.gardener.cloud/to-garden-virtual-garden-kube-apiserver-tcp-443': 'allowed',
};

/**
 * Namespace label that makes the virtual garden kube-apiserver Service select the client's namespace
 * (its `networking.resources.gardener.cloud/namespace-selectors` include this label). The Flux namespace
 * needs it. Do not add the namespace to gardener-operator's `additionalNamespaceSelectors`: that would
 * also put Gardener's deny-all policy into it.
 */
export const VIRTUAL_GARDEN_CLIENT_NAMESPACE_LABELS: Readonly<Record<string, string>> = {
  'networking.gardener.cloud/access-target-apiserver': 'allowed',
};

/**
 * Asks gardener-resource-manager's token-requestor to write the virtual garden's CA bundle into
 * `certificate-authority-data` of the kubeconfig's current-context cluster, next to the token. Flux's
 * kubeconfig sanitizer keeps only inline CA data and an inline token, so without it the kubeconfig
 * is unusable. The virtual-garden resource manager injects the CA of its own target kubeconfig
 * (gardener-operator's generic token kubeconfig, i.e. the `ca` bundle of the virtual garden) and
 * re-issues as soon as that bundle changes, so CA rotation reaches Flux without a bridge controller.
 * The Secret is create-only for Flux (FLUX_CREATE_ONLY): one created before this annotation was rendered
 * needs it added once in the cluster.
 * Source: gardener v1.138.3 `pkg/controller/tokenrequestor/reconciler.go` (`updateSecretData`,
 * `computeRequeueAfterDuration`) and `docs/concepts/resource-manager.md`.
 */
export const INJECT_CA_BUNDLE_ANNOTATION = 'serviceaccount.resources.gardener.cloud/inject-ca-bundle';

/** Flux creates the object once and never re-applies it, so it does not reset the token Gardener writes. */
const FLUX_CREATE_ONLY = { 'kustomize.toolkit.fluxcd.io/ssa': 'IfNotPresent' } as const;

export interface VirtualGardenAccessProps {
  /** Namespace of the Garden in the runtime cluster; the token-requestor only serves it. Default: `garden`. */
  readonly namespace?: string;
  /** Name of the token-requestor Secret holding the kubeconfig. Default: `metal-garden-virtual-garden-access`. */
  readonly secretName?: string;
  /** ServiceAccount in the virtual garden the token is issued for. Default: `metal-garden-flux` in `kube-system`. */
  readonly serviceAccount?: { readonly name: string; readonly namespace: string };
  /** Token lifetime; the token-requestor renews at 80 %. Default: `12h`. */
  readonly tokenExpiration?: string;
  /**
   * What the ServiceAccount may do in the virtual garden: rules for one ClusterRole and one Role per
   * namespace (charts/clusters/runtime/virtual-garden-rbac.ts derives them from the objects the
   * virtual-garden layers apply), or `cluster-admin` (everything; for debugging only).
   */
  readonly access: VirtualGardenRules | 'cluster-admin';
}

/** Rules of the GitOps identity in the virtual garden. */
export interface VirtualGardenRules {
  readonly clusterRules: readonly PolicyRule[];
  /** One Role (and RoleBinding) per namespace. */
  readonly namespaceRules: ReadonlyArray<readonly [namespace: string, rules: readonly PolicyRule[]]>;
}

function kubeconfigFor(user: string): string {
  // No token and no CA: the token-requestor writes the token into the current context's user and the
  // CA into its cluster (INJECT_CA_BUNDLE_ANNOTATION); the Secret in dist/ holds no credential.
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'virtual-garden', cluster: { server: VIRTUAL_GARDEN_SERVER } }],
    contexts: [{ name: 'virtual-garden', context: { cluster: 'virtual-garden', user } }],
    'current-context': 'virtual-garden',
    users: [{ name: user, user: { token: '' } }],
  });
}

/** `<kind>__<namespace>__<name>.yaml`, the key convention of Gardener's ManagedResource secrets. */
/** What this file reads of a manifest: enough to name its file in the rbac secret. */
interface ManifestIdentity {
  readonly kind: string;
  readonly metadata: { readonly name?: string; readonly namespace?: string };
}

/** The bindings' static `manifest()` returns `any`; it always builds `{ apiVersion, kind, metadata, ... }`. */
function typed(manifest: unknown): ManifestIdentity {
  return manifest as ManifestIdentity;
}

function manifestKey(manifest: ManifestIdentity): string {
  return `${manifest.kind.toLowerCase()}__${manifest.metadata.namespace ?? ''}__${(manifest.metadata.name ?? '').replaceAll(':', '_')}.yaml`;
}

/**
 * What lets the GitOps engine in the runtime cluster reach the virtual garden:
 * - a token-requestor Secret in `garden` whose `kubeconfig` points at the in-cluster virtual garden;
 *   gardener-operator's virtual-garden gardener-resource-manager creates the ServiceAccount there and
 *   keeps a fresh token and the current CA bundle in the kubeconfig;
 * - a ManagedResource (no class: applied to the virtual garden, like gardener-operator's own
 *   virtual components) whose Secret holds the ServiceAccount and its RBAC.
 */
export class VirtualGardenAccess extends Construct {
  readonly kubeconfigSecret: KubeSecret;
  readonly rbacSecret: KubeSecret;
  readonly managedResource: ManagedResource;
  /** What a Flux Kustomization puts into `spec.kubeConfig.secretRef` (it must live in `namespace`). */
  readonly kubeConfigRef: { readonly namespace: string; readonly name: string; readonly key: string };

  constructor(scope: Construct, id: string, props: VirtualGardenAccessProps) {
    super(scope, id);
    const namespace = props.namespace ?? 'garden';
    const secretName = props.secretName ?? 'metal-garden-virtual-garden-access';
    const serviceAccount = props.serviceAccount ?? { name: 'metal-garden-flux', namespace: 'kube-system' };
    const tokenExpiration = props.tokenExpiration ?? '12h';
    if (!/^\d+(m|h)$/.test(tokenExpiration)) {
      throw new Error(`VirtualGardenAccess: token expiration ${JSON.stringify(tokenExpiration)} must be a duration in minutes or hours, e.g. 12h`);
    }
    this.kubeConfigRef = { namespace, name: secretName, key: 'kubeconfig' };

    this.kubeconfigSecret = new KubeSecret(this, 'kubeconfig', {
      metadata: {
        name: secretName,
        namespace,
        labels: { 'resources.gardener.cloud/purpose': 'token-requestor', 'resources.gardener.cloud/class': 'shoot' },
        annotations: {
          'serviceaccount.resources.gardener.cloud/name': serviceAccount.name,
          'serviceaccount.resources.gardener.cloud/namespace': serviceAccount.namespace,
          'serviceaccount.resources.gardener.cloud/token-expiration-duration': tokenExpiration,
          [INJECT_CA_BUNDLE_ANNOTATION]: 'true',
          ...FLUX_CREATE_ONLY,
          [NO_SECRET_VALUES]: 'kubeconfig template without token or CA: gardener-resource-manager (token-requestor) writes both in the cluster',
        },
      },
      type: 'Opaque',
      stringData: { kubeconfig: kubeconfigFor(serviceAccount.name) },
    });

    const subject = { kind: 'ServiceAccount', name: serviceAccount.name, namespace: serviceAccount.namespace };
    const roleName = 'metal-garden:gitops';
    const roleRef = (kind: 'ClusterRole' | 'Role', name: string) => ({ apiGroup: 'rbac.authorization.k8s.io', kind, name });
    const access = props.access;
    const rbac =
      access === 'cluster-admin'
        ? [typed(KubeClusterRoleBinding.manifest({ metadata: { name: roleName }, roleRef: roleRef('ClusterRole', 'cluster-admin'), subjects: [subject] }))]
        : [
            ...(access.clusterRules.length > 0
              ? [
                  typed(KubeClusterRole.manifest({ metadata: { name: roleName }, rules: [...access.clusterRules] })),
                  typed(KubeClusterRoleBinding.manifest({ metadata: { name: roleName }, roleRef: roleRef('ClusterRole', roleName), subjects: [subject] })),
                ]
              : []),
            ...access.namespaceRules.flatMap(([roleNamespace, rules]) => [
              typed(KubeRole.manifest({ metadata: { name: roleName, namespace: roleNamespace }, rules: [...rules] })),
              typed(
                KubeRoleBinding.manifest({ metadata: { name: roleName, namespace: roleNamespace }, roleRef: roleRef('Role', roleName), subjects: [subject] }),
              ),
            ]),
          ];
    const manifests = [
      // Same as the token-requestor creates it, so the two never disagree.
      typed(KubeServiceAccount.manifest({ metadata: { name: serviceAccount.name, namespace: serviceAccount.namespace }, automountServiceAccountToken: false })),
      ...rbac,
    ];
    const stringData = Object.fromEntries(
      manifests.map((manifest) => [manifestKey(manifest), stringify(manifest, { sortMapEntries: true })] as const).sort(([a], [b]) => a.localeCompare(b)),
    );

    const managedResourceName = `${serviceAccount.name}-access`;
    this.rbacSecret = new KubeSecret(this, 'rbac', {
      metadata: {
        name: `managedresource-${managedResourceName}`,
        namespace,
        annotations: { [NO_SECRET_VALUES]: 'RBAC manifests (ServiceAccount, roles, bindings) for the virtual garden; no credentials' },
      },
      type: 'Opaque',
      stringData,
    });
    this.managedResource = new ManagedResource(this, 'managed-resource', {
      metadata: { name: managedResourceName, namespace },
      spec: { secretRefs: [{ name: this.rbacSecret.name }], keepObjects: false },
    });
  }
}
