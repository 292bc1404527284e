// gardener-apiserver for one test control plane: shares kube-apiserver's etcd under its
// own prefix and delegates authentication and authorization to kube-apiserver (client
// certs and front-proxy headers are checked against kube-system/extension-apiserver-
// authentication; everything else goes through TokenReview/SubjectAccessReview).
import { join } from 'node:path';
import type { ControlPlanePki } from './certs.js';
import { httpsRequest } from './https.js';
import { writeKubeconfig } from './kubeconfig.js';
import { loopback } from './ports.js';
import { startServer, type ServerProcess } from './process.js';
import { waitFor } from './wait.js';

export interface GardenerApiServer {
  server: ServerProcess;
  url: string;
  port: number;
}

/** Gardener's own default, written out so the etcd layout is visible here. */
export const gardenerEtcdPrefix = '/registry-gardener';

/**
 * Admission plugins turned off. Everything else keeps gardener-apiserver's defaults.
 * Empty today: every default-on plugin of this release works on API objects and
 * informers alone; none waits for a controller that does not run here. Add a plugin
 * here only with the reason next to it.
 */
export const disabledAdmissionPlugins: string[] = [];

export async function startGardenerApiServer(
  binary: string,
  runDir: string,
  pki: ControlPlanePki,
  etcdUrl: string,
  kubeApiServerUrl: string,
  port: number,
  timeoutMs: number,
): Promise<GardenerApiServer> {
  // Identity towards kube-apiserver: O=system:masters, as in Gardener's own envtest
  // (the gardener.cloud:system:apiserver ClusterRole is deployed by gardener-operator,
  // which does not run here).
  const kubeconfig = join(runDir, 'gardener-apiserver.kubeconfig');
  writeKubeconfig(kubeconfig, kubeApiServerUrl, pki.ca.cert, pki.gardenerApiServerClient, 'gardener-apiserver');

  const url = `https://${loopback}:${port}`;
  const server = startServer(
    'gardener-apiserver',
    binary,
    [
      `--bind-address=${loopback}`,
      `--secure-port=${port}`,
      `--tls-cert-file=${pki.gardenerApiServerServing.cert}`,
      `--tls-private-key-file=${pki.gardenerApiServerServing.key}`,
      `--etcd-servers=${etcdUrl}`,
      `--etcd-prefix=${gardenerEtcdPrefix}`,
      '--cluster-identity=metal-garden-envtest',
      `--kubeconfig=${kubeconfig}`,
      `--authentication-kubeconfig=${kubeconfig}`,
      `--authorization-kubeconfig=${kubeconfig}`,
      ...(disabledAdmissionPlugins.length ? [`--disable-admission-plugins=${disabledAdmissionPlugins.join(',')}`] : []),
      '--log-format=text',
      '--log-level=info',
    ],
    join(runDir, 'gardener-apiserver.log'),
  );
  const tls = { ca: pki.ca.cert, client: pki.admin };
  await waitFor(
    'gardener-apiserver /readyz',
    server,
    async () => {
      const res = await httpsRequest(tls, `${url}/readyz`);
      return res.status === 200 ? true : `${res.status} ${res.body.slice(0, 300)}`;
    },
    timeoutMs,
  );
  return { server, url, port };
}
