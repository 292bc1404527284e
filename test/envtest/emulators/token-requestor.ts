// Stands in for gardener-resource-manager's token-requestor controller (pkg/resourcemanager/
// controller/tokenrequestor of Gardener v1.138.3) for the Secrets labelled
// `resources.gardener.cloud/purpose: token-requestor` in the runtime cluster: it ensures the
// ServiceAccount named by the `serviceaccount.resources.gardener.cloud/{name,namespace}` annotations
// (namespace default kube-system) in the target cluster, requests a token for it (TokenRequest API,
// expiration from `token-expiration-duration`, default 12h), writes it into the Secret — into the
// current context's user of the `kubeconfig` key when the Secret has one, else into key `token` —
// injects the target's CA into the kubeconfig's cluster when `inject-ca-bundle` is "true", and
// annotates `serviceaccount.resources.gardener.cloud/token-renew-timestamp` (80% of the lifetime).
// The control plane plays the virtual garden, so the target is the plane itself.
// One deviation, on purpose: the kubeconfig's server. In a landscape the template's in-cluster
// name (virtual-garden-kube-apiserver.garden.svc.cluster.local) resolves inside the runtime
// cluster; the Flux controllers here are processes on the host, so the server is replaced by the
// plane's URL. The real controller never touches the server.
import { parse, stringify } from 'yaml';
import type { KubeRest } from '../kube-rest.js';
import { rfc3339 } from './gardener-condition.js';
import type { EmulatorSpec, ListedObject, Write } from './emulator.js';

const annotation = (name: string): string => `serviceaccount.resources.gardener.cloud/${name}`;
export const tokenRequestorLabel = 'resources.gardener.cloud/purpose';
export const renewAnnotation = annotation('token-renew-timestamp');

interface Kubeconfig {
  clusters?: { name: string; cluster: Record<string, unknown> }[];
  contexts?: { name: string; context: { cluster: string; user: string } }[];
  users?: { name: string; user: Record<string, unknown> }[];
  'current-context'?: string;
}

/** Go duration strings the annotation holds ("12h", "30m", "1h30m", "90s") in seconds. */
export function durationSeconds(value: string): number {
  const parts = [...value.matchAll(/(\d+)(h|m|s)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== value) {
    throw new Error(`${annotation('token-expiration-duration')}: "${value}" is not a duration of hours, minutes and seconds (e.g. "12h", "1h30m")`);
  }
  return parts.reduce((sum, [, n, unit]) => sum + Number(n) * (unit === 'h' ? 3600 : unit === 'm' ? 60 : 1), 0);
}

/** The kubeconfig with the token in the current context's user and, if asked, the CA in its cluster; `server` replaces the cluster's server (see header). */
export function fillKubeconfig(template: string, token: string, target: { server: string; caPem?: string }): string {
  const config = parse(template) as Kubeconfig;
  const context = config.contexts?.find((c) => c.name === config['current-context'])?.context;
  if (!context) throw new Error(`kubeconfig: current-context "${config['current-context']}" names no context`);
  const user = config.users?.find((u) => u.name === context.user);
  const cluster = config.clusters?.find((c) => c.name === context.cluster);
  if (!user || !cluster)
    throw new Error(
      `kubeconfig: context ${config['current-context']} names user "${context.user}" and cluster "${context.cluster}", which are not both defined`,
    );
  user.user = { ...user.user, token };
  cluster.cluster = {
    ...cluster.cluster,
    server: target.server,
    ...(target.caPem ? { 'certificate-authority-data': Buffer.from(target.caPem).toString('base64') } : {}),
  };
  return stringify(config);
}

/** Whether the Secret still holds a token that need not be renewed yet. */
export function tokenFresh(secret: ListedObject, now: Date): boolean {
  const renew = secret.metadata.annotations?.[renewAnnotation];
  return renew !== undefined && Date.parse(renew) > now.getTime();
}

export interface TokenRequestorOptions {
  /** The target cluster: the URL Flux reaches it at and its CA (PEM). */
  readonly server: string;
  readonly caPem: string;
  /** @default () => new Date() */
  readonly clock?: () => Date;
}

export function tokenRequestorEmulator(runtime: KubeRest, target: KubeRest, options: TokenRequestorOptions): EmulatorSpec {
  const clock = options.clock ?? (() => new Date());
  return {
    name: 'gardener-resource-manager (token-requestor)',
    lists: [`/api/v1/secrets?labelSelector=${encodeURIComponent(`${tokenRequestorLabel}=token-requestor`)}`],
    plan: async (secret): Promise<Write[]> => {
      const now = clock();
      if (secret.metadata.deletionTimestamp || tokenFresh(secret, now)) return [];
      const annotations = secret.metadata.annotations ?? {};
      const name = annotations[annotation('name')];
      const namespace = annotations[annotation('namespace')] ?? 'kube-system';
      if (!name) throw new Error(`${annotation('name')} is missing; the token-requestor needs the ServiceAccount's name`);
      const seconds = durationSeconds(annotations[annotation('token-expiration-duration')] ?? '12h');
      const sa = await target.request('POST', `/api/v1/namespaces/${namespace}/serviceaccounts`, {
        apiVersion: 'v1',
        kind: 'ServiceAccount',
        metadata: { name, namespace },
      });
      if (sa.status !== 201 && sa.status !== 409) throw new Error(`creating ServiceAccount ${namespace}/${name}: ${sa.status} ${JSON.stringify(sa.body)}`);
      const res = await target.request('POST', `/api/v1/namespaces/${namespace}/serviceaccounts/${name}/token`, {
        apiVersion: 'authentication.k8s.io/v1',
        kind: 'TokenRequest',
        spec: { expirationSeconds: seconds },
      });
      if (res.status !== 201) throw new Error(`TokenRequest for ${namespace}/${name}: ${res.status} ${JSON.stringify(res.body)}`);
      const token = (res.body as { status: { token: string } }).status.token;
      const data = (secret as unknown as { data?: Record<string, string> }).data ?? {};
      const inject = annotations[annotation('inject-ca-bundle')] === 'true';
      const patchData =
        data['kubeconfig'] !== undefined
          ? {
              kubeconfig: Buffer.from(
                fillKubeconfig(Buffer.from(data['kubeconfig'], 'base64').toString('utf8'), token, {
                  server: options.server,
                  ...(inject ? { caPem: options.caPem } : {}),
                }),
              ).toString('base64'),
            }
          : { token: Buffer.from(token).toString('base64') };
      const renewAt = new Date(now.getTime() + seconds * 800);
      return [
        {
          method: 'PATCH',
          path: `/api/v1/namespaces/${secret.metadata.namespace}/secrets/${secret.metadata.name}`,
          body: { metadata: { annotations: { [renewAnnotation]: rfc3339(renewAt) } }, data: patchData },
          what: `Secret ${secret.metadata.namespace}/${secret.metadata.name}: token of ServiceAccount ${namespace}/${name}`,
        },
      ];
    },
  };
}
