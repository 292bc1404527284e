import {
  ExternalSecret,
  ExternalSecretSpecSecretStoreRefKind,
  ExternalSecretSpecTargetCreationPolicy,
  ExternalSecretSpecTargetDeletionPolicy,
} from '../../imports/external-secrets.io.js';
import type { LayerId } from '../../clusters/layer.js';
import type { RequiredSecret } from '../../clusters/secret-inventory.js';
import type { Manifest } from '../../synth.js';

/** What the `external-secrets` mode of `spec.delivery.secrets` says, with its defaults resolved. */
export interface ExternalSecretsProps {
  /** ClusterSecretStore every ExternalSecret reads from; the team creates it in the runtime cluster. */
  readonly clusterSecretStore: string;
  /** How often External Secrets Operator re-reads the store (Go duration). */
  readonly refreshInterval: string;
  /** Prefix of every remote key, without a trailing "/" (the landscape's default is `metal-garden/<landscape name>`). */
  readonly remoteKeyPrefix: string;
}

/**
 * Where a required Secret's values live in the store: `<prefix>/<cluster>/<namespace>/<name>`, one
 * property per data key. Cluster and namespace are part of the key because the same name exists in
 * both clusters (e.g. `garden/clouddns-credentials`) with different readers.
 */
export function remoteKeyOf(prefix: string, secret: Pick<RequiredSecret, 'cluster' | 'namespace' | 'name'>): string {
  return `${prefix.replace(/\/+$/, '')}/${secret.cluster}/${secret.namespace}/${secret.name}`;
}

/**
 * Whether an ExternalSecret can deliver the Secret: it is read by a layer (the engine's own Git
 * credentials are not: they must exist before anything is applied), and it lives in the runtime
 * cluster. The virtual garden has no nodes and runs no External Secrets Operator, so an ExternalSecret
 * applied there would never be reconciled; its Secrets stay manual (see README "External Secrets").
 */
export function deliverableByExternalSecrets(secret: RequiredSecret): boolean {
  return secret.cluster === 'runtime' && (secret.layers?.length ?? 0) > 0;
}

/**
 * The ExternalSecret that produces one required Secret, in its namespace and under its name.
 *
 * Deletion safety: `creationPolicy: Orphan` — ESO creates and updates the Secret but sets no
 * ownerReference, so deleting the ExternalSecret (Flux pruning it, a layer change moving it to
 * another folder, an uninstall of ESO) does not let the garbage collector delete the Secret that
 * etcd backups, databases and the Garden depend on. `Owner` (the default) would cascade the delete;
 * `Merge` never creates the Secret, so a fresh cluster would wait for a hand-made one.
 * `deletionPolicy: Retain` (ESO's default, written out so it is reviewed): when the key disappears
 * from the store the Secret keeps its last values instead of being emptied or deleted. Orphan also
 * adopts a Secret of the same name created by hand earlier (ESO updates it), so moving a landscape
 * from `manual` to `external-secrets` needs no downtime.
 *
 * `template.metadata` carries the labels and annotations the consumer selects the Secret by (e.g.
 * Gardener's `gardener.cloud/role`); a template without `data` keeps the fetched keys as they are.
 */
export function externalSecretFor(secret: RequiredSecret, props: ExternalSecretsProps): Manifest {
  if (secret.keys.length === 0)
    throw new Error(`secret ${secret.cluster}/${secret.namespace}/${secret.name}: keys is empty; an ExternalSecret needs at least one key to read`);
  const key = remoteKeyOf(props.remoteKeyPrefix, secret);
  const metadata = { ...(secret.labels ? { labels: { ...secret.labels } } : {}), ...(secret.annotations ? { annotations: { ...secret.annotations } } : {}) };
  return ExternalSecret.manifest({
    metadata: { name: secret.name, namespace: secret.namespace },
    spec: {
      secretStoreRef: { kind: ExternalSecretSpecSecretStoreRefKind.CLUSTER_SECRET_STORE, name: props.clusterSecretStore },
      refreshInterval: props.refreshInterval,
      target: {
        name: secret.name,
        creationPolicy: ExternalSecretSpecTargetCreationPolicy.ORPHAN,
        deletionPolicy: ExternalSecretSpecTargetDeletionPolicy.RETAIN,
        ...(Object.keys(metadata).length > 0 ? { template: { metadata } } : {}),
      },
      data: secret.keys.map((property) => ({ secretKey: property, remoteRef: { key, property } })),
    },
  }) as Manifest;
}

/**
 * The ExternalSecrets for every deliverable Secret, keyed by the first layer that reads it: that
 * layer's folder holds the ExternalSecret, so the Secret is there before the layer's objects need it
 * and no earlier layer has to know about it. Layers and ExternalSecrets are in inventory order.
 */
export function externalSecretsByLayer(secrets: readonly RequiredSecret[], props: ExternalSecretsProps): ReadonlyMap<LayerId, readonly Manifest[]> {
  const byLayer = new Map<LayerId, Manifest[]>();
  for (const secret of secrets) {
    const layer = secret.layers?.[0];
    if (!layer || !deliverableByExternalSecrets(secret)) continue;
    byLayer.set(layer, [...(byLayer.get(layer) ?? []), externalSecretFor(secret, props)]);
  }
  return byLayer;
}
