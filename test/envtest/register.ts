// Makes gardener-apiserver's groups part of kube-apiserver's API: an ExternalName
// Service that points at the local process, one APIService per group version, then
// waits until the aggregator reports them Available, discovery lists their resources
// and a real list request for each group goes through.
import { readFileSync } from 'node:fs';
import type { ControlPlanePki } from './certs.js';
import { httpsRequest } from './https.js';
import type { ServerProcess } from './process.js';
import { waitFor } from './wait.js';

/** Group versions served by gardener-apiserver of the pinned release (its AllGardenerAPIGroupVersions). */
export const gardenerGroupVersions = [
  { group: 'core.gardener.cloud', version: 'v1' },
  { group: 'core.gardener.cloud', version: 'v1beta1' },
  { group: 'settings.gardener.cloud', version: 'v1alpha1' },
  { group: 'seedmanagement.gardener.cloud', version: 'v1alpha1' },
  { group: 'operations.gardener.cloud', version: 'v1alpha1' },
  { group: 'security.gardener.cloud', version: 'v1alpha1' },
] as const;

/** One list per group that must succeed before tests start (proves the etcd path works too). */
const probeLists = [
  '/apis/core.gardener.cloud/v1beta1/shoots?limit=1',
  '/apis/seedmanagement.gardener.cloud/v1alpha1/managedseeds?limit=1',
  '/apis/settings.gardener.cloud/v1alpha1/openidconnectpresets?limit=1',
  '/apis/operations.gardener.cloud/v1alpha1/bastions?limit=1',
  '/apis/security.gardener.cloud/v1alpha1/credentialsbindings?limit=1',
];

export const serviceName = 'gardener-apiserver';
export const serviceNamespace = 'kube-system';

export async function registerGardenerApis(
  kubeApiServerUrl: string,
  pki: ControlPlanePki,
  gardenerPort: number,
  gardener: ServerProcess,
  timeoutMs: number,
): Promise<void> {
  const tls = { ca: pki.ca.cert, client: pki.admin };
  const create = async (path: string, body: object): Promise<void> => {
    const res = await httpsRequest(tls, `${kubeApiServerUrl}${path}`, 'POST', body);
    if (res.status !== 201 && res.status !== 409) throw new Error(`POST ${path}: ${res.status} ${res.body}`);
  };

  // The aggregator (without --enable-aggregator-routing) dials <externalName>:<port> and
  // verifies the serving cert for gardener-apiserver.kube-system.svc. An IP is a valid
  // externalName (it passes the DNS-1123 subdomain check) and avoids localhost resolving
  // to ::1, where nothing listens.
  await create(`/api/v1/namespaces/${serviceNamespace}/services`, {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: serviceName, namespace: serviceNamespace },
    spec: { type: 'ExternalName', externalName: '127.0.0.1' },
  });

  const caBundle = readFileSync(pki.ca.cert).toString('base64');
  for (const { group, version } of gardenerGroupVersions) {
    // Priorities as gardener-operator registers them for the virtual garden.
    await create('/apis/apiregistration.k8s.io/v1/apiservices', {
      apiVersion: 'apiregistration.k8s.io/v1',
      kind: 'APIService',
      metadata: { name: `${version}.${group}` },
      spec: {
        group,
        version,
        service: { namespace: serviceNamespace, name: serviceName, port: gardenerPort },
        caBundle,
        groupPriorityMinimum: 10000,
        versionPriority: 20,
      },
    });
  }

  await waitFor(
    'Gardener APIServices to become Available',
    gardener,
    async () => {
      for (const { group, version } of gardenerGroupVersions) {
        const res = await httpsRequest(tls, `${kubeApiServerUrl}/apis/apiregistration.k8s.io/v1/apiservices/${version}.${group}`);
        const status = JSON.parse(res.body) as { status?: { conditions?: { type: string; status: string; message?: string }[] } };
        const available = status.status?.conditions?.find((c) => c.type === 'Available');
        if (available?.status !== 'True') return `${version}.${group}: ${available?.message ?? 'no Available condition yet'}`;
      }
      return true;
    },
    timeoutMs,
  );

  await waitFor(
    'Gardener groups in discovery and listable',
    gardener,
    async () => {
      for (const { group, version } of gardenerGroupVersions) {
        const res = await httpsRequest(tls, `${kubeApiServerUrl}/apis/${group}/${version}`);
        if (res.status !== 200) return `discovery ${group}/${version}: ${res.status}`;
        const list = JSON.parse(res.body) as { resources?: unknown[] };
        if (!list.resources?.length) return `discovery ${group}/${version}: no resources yet`;
      }
      for (const path of probeLists) {
        const res = await httpsRequest(tls, `${kubeApiServerUrl}${path}`);
        if (res.status !== 200) return `GET ${path}: ${res.status} ${res.body.slice(0, 200)}`;
      }
      return true;
    },
    timeoutMs,
  );
}
