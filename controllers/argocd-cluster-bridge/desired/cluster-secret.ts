// The Argo CD cluster Secret for the virtual garden, as a pure function of the credentials: what
// the controller applies, and the check that decides whether a write is needed at all.
// Format: Argo CD's declarative setup, "Clusters" (docs/operator-manual/declarative-setup.md):
// label argocd.argoproj.io/secret-type=cluster; keys name, server, config, where config is JSON
// {"bearerToken": "...", "tlsClientConfig": {"insecure": false, "caData": "<base64 PEM>"}}.
import type { KubeObject } from '../../runtime/index.js';
import { ARGOCD_CLUSTER_BRIDGE_NAME, ARGOCD_SECRET_TYPE_CLUSTER, ARGOCD_SECRET_TYPE_LABEL } from '../names.js';
import type { ClusterCredentials } from './kubeconfig.js';

export interface ClusterSecretTarget {
  readonly namespace: string;
  /** The Secret's name. */
  readonly secretName: string;
  /** The cluster's name in Argo CD (`name`). */
  readonly clusterName: string;
}

/** Argo CD's ClusterConfig, the part this controller fills (field names of Argo CD's v1alpha1.ClusterConfig). */
export interface ArgoCdClusterConfig {
  readonly bearerToken: string;
  readonly tlsClientConfig: { readonly insecure: false; readonly caData: string };
}

/** The three keys of the cluster Secret, as plain text (before base64). */
export function clusterSecretStringData(target: ClusterSecretTarget, credentials: ClusterCredentials): Record<'name' | 'server' | 'config', string> {
  const config: ArgoCdClusterConfig = { bearerToken: credentials.bearerToken, tlsClientConfig: { insecure: false, caData: credentials.caData } };
  return { name: target.clusterName, server: credentials.server, config: JSON.stringify(config) };
}

/** Labels the Secret carries; other labels (Argo CD's, a person's) are left alone. */
export function clusterSecretLabels(): Record<string, string> {
  return { [ARGOCD_SECRET_TYPE_LABEL]: ARGOCD_SECRET_TYPE_CLUSTER, 'app.kubernetes.io/managed-by': ARGOCD_CLUSTER_BRIDGE_NAME };
}

/**
 * The Secret as the controller applies it (server-side apply: only these fields are the
 * controller's; `data`, not `stringData`, so what is compared is what is stored). No `type`: a new
 * Secret gets `Opaque`, and a type is immutable, so sending one could only fail on a Secret someone
 * created with another type (Argo CD does not read the type).
 */
export function clusterSecret(target: ClusterSecretTarget, credentials: ClusterCredentials): KubeObject {
  const data = Object.fromEntries(
    Object.entries(clusterSecretStringData(target, credentials)).map(([key, value]) => [key, Buffer.from(value, 'utf8').toString('base64')]),
  );
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: target.secretName, namespace: target.namespace, labels: clusterSecretLabels() },
    data,
  };
}

/**
 * What differs between the Secret in the cluster and the desired one, by field name only (never a
 * value): `[]` means no write is needed. Keys and labels the controller does not set are ignored,
 * as server-side apply leaves them alone.
 */
export function clusterSecretDrift(current: KubeObject | undefined, desired: KubeObject): string[] {
  if (!current) return ['(missing)'];
  const drift: string[] = [];
  const currentLabels = current.metadata.labels ?? {};
  for (const [key, value] of Object.entries(desired.metadata.labels ?? {})) if (currentLabels[key] !== value) drift.push(`metadata.labels.${key}`);
  const currentData = (current.data ?? {}) as Record<string, unknown>;
  for (const [key, value] of Object.entries(desired.data as Record<string, string>)) if (currentData[key] !== value) drift.push(`data.${key}`);
  return drift;
}
