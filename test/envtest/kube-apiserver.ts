// kube-apiserver for one test control plane, configured like a real cluster's where it
// matters to the tests: RBAC + Node authorization, service-account tokens, and the
// aggregation layer (front-proxy client and request-header authentication) so that
// gardener-apiserver can be served through it.
import { join } from 'node:path';
import type { ControlPlanePki } from './certs.js';
import { httpsRequest } from './https.js';
import { loopback } from './ports.js';
import { startServer, type ServerProcess } from './process.js';
import { waitFor } from './wait.js';

export interface KubeApiServer {
  server: ServerProcess;
  url: string;
}

export const serviceClusterIpRange = '10.0.0.0/24';
/** First address of the service range: the `kubernetes` Service's ClusterIP (a SAN only; never dialled). */
export const kubernetesServiceIp = '10.0.0.1';

export async function startKubeApiServer(
  binary: string,
  runDir: string,
  pki: ControlPlanePki,
  etcdUrl: string,
  port: number,
  timeoutMs: number,
): Promise<KubeApiServer> {
  const url = `https://${loopback}:${port}`;
  const server = startServer(
    'kube-apiserver',
    binary,
    [
      `--etcd-servers=${etcdUrl}`,
      `--bind-address=${loopback}`,
      `--advertise-address=${loopback}`,
      `--secure-port=${port}`,
      `--tls-cert-file=${pki.kubeApiServerServing.cert}`,
      `--tls-private-key-file=${pki.kubeApiServerServing.key}`,
      `--client-ca-file=${pki.ca.cert}`,
      '--authorization-mode=Node,RBAC',
      `--service-cluster-ip-range=${serviceClusterIpRange}`,
      // The `kubernetes` Service keeps its ClusterIP, but its endpoints would be the
      // advertise address 127.0.0.1, which Endpoints reject (loopback); nothing runs
      // in-cluster to use them anyway.
      '--endpoint-reconciler-type=none',
      '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
      `--service-account-key-file=${pki.serviceAccount.pub}`,
      `--service-account-signing-key-file=${pki.serviceAccount.key}`,
      // Aggregation layer: kube-apiserver proxies to gardener-apiserver with this client
      // cert and user headers; gardener-apiserver trusts them via the front-proxy CA,
      // which it reads from kube-system/extension-apiserver-authentication.
      `--requestheader-client-ca-file=${pki.frontProxyCa.cert}`,
      '--requestheader-allowed-names=front-proxy-client',
      '--requestheader-username-headers=X-Remote-User',
      '--requestheader-group-headers=X-Remote-Group',
      '--requestheader-extra-headers-prefix=X-Remote-Extra-',
      `--proxy-client-cert-file=${pki.frontProxyClient.cert}`,
      `--proxy-client-key-file=${pki.frontProxyClient.key}`,
      // Aggregator routing stays off (the default): the endpoint-routing resolver rejects
      // ExternalName Services, and Endpoints/EndpointSlices may not name loopback
      // addresses, so an ExternalName Service pointing at 127.0.0.1 is the only way to
      // reach a server running as a local process. See register.ts.
      '--enable-aggregator-routing=false',
      '--v=1',
    ],
    join(runDir, 'kube-apiserver.log'),
  );
  const tls = { ca: pki.ca.cert, client: pki.admin };
  await waitFor(
    'kube-apiserver /readyz',
    server,
    async () => {
      const res = await httpsRequest(tls, `${url}/readyz`);
      return res.status === 200 ? true : `${res.status} ${res.body.slice(0, 300)}`;
    },
    timeoutMs,
  );
  return { server, url };
}
