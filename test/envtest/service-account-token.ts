// A real token for a ServiceAccount, the way Gardener's token-requestor gets one: the TokenRequest
// API of kube-apiserver (`serviceaccounts/<name>/token`), signed with the control plane's
// service-account key, so requests with it are authenticated as
// `system:serviceaccount:<namespace>:<name>` with that ServiceAccount's groups and authorized by RBAC.
import { KubeRest, statusMessage } from './kube-rest.js';

/** A token for ServiceAccount `namespace/name` (which must exist) from the TokenRequest API. */
export async function serviceAccountToken(admin: KubeRest, namespace: string, name: string, expirationSeconds = 3600): Promise<string> {
  const response = await admin.request('POST', `/api/v1/namespaces/${encodeURIComponent(namespace)}/serviceaccounts/${encodeURIComponent(name)}/token`, {
    apiVersion: 'authentication.k8s.io/v1',
    kind: 'TokenRequest',
    spec: { expirationSeconds },
  });
  const token = (response.body as { status?: { token?: string } } | undefined)?.status?.token;
  if (response.status !== 201 || !token) throw new Error(`token request for ServiceAccount ${namespace}/${name}: ${statusMessage(response)}`);
  return token;
}

/** A client acting as the ServiceAccount; the ServiceAccount must exist. */
export async function serviceAccountClient(admin: KubeRest, namespace: string, name: string, expirationSeconds = 3600): Promise<KubeRest> {
  return admin.withToken(await serviceAccountToken(admin, namespace, name, expirationSeconds));
}
