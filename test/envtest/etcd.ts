// etcd for one test control plane: a single member on loopback, plain HTTP (nothing
// leaves 127.0.0.1 and the data is throw-away), fsync off because durability does not
// matter here and fsync dominates apiserver write latency on small CI disks.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { loopback } from './ports.js';
import { startServer, type ServerProcess } from './process.js';
import { waitFor } from './wait.js';

export interface Etcd {
  server: ServerProcess;
  clientUrl: string;
}

export async function startEtcd(binary: string, runDir: string, clientPort: number, peerPort: number): Promise<Etcd> {
  const dataDir = join(runDir, 'etcd-data');
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const clientUrl = `http://${loopback}:${clientPort}`;
  const peerUrl = `http://${loopback}:${peerPort}`;
  const server = startServer(
    'etcd',
    binary,
    [
      '--name=envtest',
      `--data-dir=${dataDir}`,
      `--listen-client-urls=${clientUrl}`,
      `--advertise-client-urls=${clientUrl}`,
      `--listen-peer-urls=${peerUrl}`,
      `--initial-advertise-peer-urls=${peerUrl}`,
      `--initial-cluster=envtest=${peerUrl}`,
      '--initial-cluster-state=new',
      '--unsafe-no-fsync',
      '--log-level=warn',
    ],
    join(runDir, 'etcd.log'),
  );
  await waitFor(
    'etcd /health',
    server,
    async () => {
      const res = await fetch(`${clientUrl}/health`);
      const body = await res.text();
      return res.ok && body.includes('"health":"true"') ? true : body;
    },
    30_000,
    100,
  );
  return { server, clientUrl };
}
