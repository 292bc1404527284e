// kube-controller-manager and kube-scheduler for the simulated cluster: the upstream processes of the
// same Kubernetes release as kube-apiserver, each authenticated with the client certificate of the
// user Kubernetes' bootstrap RBAC binds its role to (system:kube-controller-manager,
// system:kube-scheduler), as kubeadm sets them up.
import { join } from 'node:path';
import { issueClientCert, type ControlPlanePki } from './certs.js';
import { httpsRequest } from './https.js';
import { writeKubeconfig } from './kubeconfig.js';
import { freePorts, loopback } from './ports.js';
import { startServer, type ServerProcess } from './process.js';
import { waitFor } from './wait.js';

export interface KubeComponentOptions {
  readonly binary: string;
  readonly runDir: string;
  readonly pki: ControlPlanePki;
  readonly kubeApiServerUrl: string;
  readonly timeoutMs: number;
}

/**
 * Flags both components share: their kubeconfig also for delegated authentication and
 * authorization of their own endpoints (without them each warns and serves /metrics to nobody),
 * secure serving on a free loopback port with kube-apiserver's serving certificate (SAN 127.0.0.1,
 * signed by the cluster CA, so the health probe verifies TLS), and no leader election (one replica).
 */
async function commonArgs(name: string, user: string, options: KubeComponentOptions): Promise<{ args: string[]; port: number }> {
  const client = await issueClientCert(options.runDir, options.pki.ca, name, `/CN=${user}`);
  const kubeconfig = join(options.runDir, `${name}.kubeconfig`);
  writeKubeconfig(kubeconfig, options.kubeApiServerUrl, options.pki.ca.cert, client, user);
  const [port] = (await freePorts(1)) as [number];
  return {
    port,
    args: [
      `--kubeconfig=${kubeconfig}`,
      `--authentication-kubeconfig=${kubeconfig}`,
      `--authorization-kubeconfig=${kubeconfig}`,
      `--bind-address=${loopback}`,
      `--secure-port=${port}`,
      `--tls-cert-file=${options.pki.kubeApiServerServing.cert}`,
      `--tls-private-key-file=${options.pki.kubeApiServerServing.key}`,
      '--leader-elect=false',
      '--v=1',
    ],
  };
}

async function waitHealthy(server: ServerProcess, port: number, options: KubeComponentOptions): Promise<void> {
  await waitFor(
    `${server.name} /healthz`,
    server,
    async () => {
      const res = await httpsRequest({ ca: options.pki.ca.cert }, `https://${loopback}:${port}/healthz`);
      return res.status === 200 ? true : `${res.status} ${res.body.slice(0, 300)}`;
    },
    options.timeoutMs,
  );
}

/**
 * kube-controller-manager with every default controller, as in a cluster: Deployments,
 * ReplicaSets, StatefulSets, Jobs, garbage collection, namespace deletion, ServiceAccounts and
 * their tokens (signed with the key kube-apiserver verifies), the root CA ConfigMap, node
 * lifecycle (KWOK renews the fake nodes' leases). Each controller acts as its own ServiceAccount
 * (`--use-service-account-credentials`), so RBAC applies to them as in a cluster.
 */
export async function startKubeControllerManager(options: KubeComponentOptions): Promise<ServerProcess> {
  const { args, port } = await commonArgs('kube-controller-manager', 'system:kube-controller-manager', options);
  const server = startServer(
    'kube-controller-manager',
    options.binary,
    [
      ...args,
      '--use-service-account-credentials=true',
      `--service-account-private-key-file=${options.pki.serviceAccount.key}`,
      `--root-ca-file=${options.pki.ca.cert}`,
      // Controllers of a busy test cluster: the defaults (20 QPS) throttle the garbage collector's
      // and the ReplicaSet controller's bursts when a test applies a whole layer.
      '--kube-api-qps=100',
      '--kube-api-burst=200',
    ],
    join(options.runDir, 'kube-controller-manager.log'),
  );
  await waitHealthy(server, port, options);
  return server;
}

/** kube-scheduler with its default profile: binds pods to the fake nodes KWOK keeps Ready. */
export async function startKubeScheduler(options: KubeComponentOptions): Promise<ServerProcess> {
  const { args, port } = await commonArgs('kube-scheduler', 'system:kube-scheduler', options);
  const server = startServer('kube-scheduler', options.binary, args, join(options.runDir, 'kube-scheduler.log'));
  await waitHealthy(server, port, options);
  return server;
}
