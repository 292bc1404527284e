// KWOK (sigs.k8s.io/kwok) for the simulated cluster: the controller that keeps fake nodes Ready
// (status and kube-node-lease heartbeats) and plays the kubelet for the pods bound to them
// (Pending -> Running/Ready, Jobs' pods -> Succeeded, deletion), so readiness waits of Helm,
// Flux and kube-controller-manager pass without a container runtime. The behaviour is KWOK's own
// "fast" stages (kustomize/stage/fast: node-initialize, node-heartbeat-with-lease, pod-ready,
// pod-complete, pod-delete), read from the kwok module of the version the wrapper pins, as kwokctl
// configures them.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Applier } from './apply.js';
import { binarySpec } from './binaries.js';
import { moduleSource } from './build.js';
import type { KubeRest } from './kube-rest.js';
import { freePorts, loopback } from './ports.js';
import { startServer, type ServerProcess } from './process.js';
import { httpOk, waitFor } from './wait.js';

/** The annotation KWOK's default `--manage-nodes-with-annotation-selector` selects. */
export const kwokNodeAnnotation = { 'kwok.x-k8s.io/node': 'fake' } as const;

/** kwokctl's "fast" stage set: node initialisation with lease heartbeats, and the pod life cycle. */
const stageFiles = [
  'kustomize/stage/node/fast/node-initialize.yaml',
  'kustomize/stage/node/heartbeat-with-lease/node-heartbeat-with-lease.yaml',
  'kustomize/stage/pod/fast/pod-ready.yaml',
  'kustomize/stage/pod/fast/pod-complete.yaml',
  'kustomize/stage/pod/fast/pod-delete.yaml',
];

export interface KwokOptions {
  readonly binary: string;
  readonly runDir: string;
  /** Admin kubeconfig: KWOK writes node and pod statuses, leases and deletes pods, as kwokctl runs it. */
  readonly kubeconfig: string;
  readonly timeoutMs: number;
}

export async function startKwok(options: KwokOptions): Promise<ServerProcess> {
  const source = await moduleSource(binarySpec('kwok'));
  const config = join(options.runDir, 'kwok.yaml');
  writeFileSync(config, stageFiles.map((file) => readFileSync(join(source, file), 'utf8').trim()).join('\n---\n') + '\n');
  const [port] = (await freePorts(1)) as [number];
  const server = startServer(
    'kwok',
    options.binary,
    [
      `--kubeconfig=${options.kubeconfig}`,
      `--config=${config}`,
      '--manage-all-nodes=false',
      `--manage-nodes-with-annotation-selector=${Object.entries(kwokNodeAnnotation)[0]!.join('=')}`,
      // Node addresses and pod IPs are only written into statuses; nothing dials them. The pod
      // range stays clear of the service range (kube-apiserver.ts: 10.0.0.0/24).
      `--node-ip=${loopback}`,
      '--cidr=10.1.0.1/16',
      `--node-port=${port}`,
      `--server-address=${loopback}:${port}`,
      // kwokctl's default: KWOK renews a Lease per node, which kube-controller-manager's node
      // lifecycle controller reads; without it the nodes would turn NotReady and their pods be evicted.
      '--node-lease-duration-seconds=40',
      '--v=INFO',
    ],
    join(options.runDir, 'kwok.log'),
  );
  await waitFor('kwok /healthz', server, httpOk(`http://${loopback}:${port}/healthz`), options.timeoutMs);
  return server;
}

/**
 * Registers `count` fake nodes, one per zone (`zone-a`, `zone-b`, ...), with room for every
 * workload of a landscape; KWOK fills in their status. No taint: there is no real node to keep
 * workloads away from.
 */
export async function registerFakeNodes(rest: KubeRest, count: number): Promise<string[]> {
  const applier = new Applier(rest);
  const names: string[] = [];
  for (let i = 0; i < count; i++) {
    const name = `kwok-node-${i}`;
    const zone = `zone-${String.fromCharCode(97 + i)}`;
    await applier.apply({
      apiVersion: 'v1',
      kind: 'Node',
      metadata: {
        name,
        annotations: { ...kwokNodeAnnotation, 'node.alpha.kubernetes.io/ttl': '0' },
        labels: {
          'kubernetes.io/arch': 'amd64',
          'kubernetes.io/os': 'linux',
          'kubernetes.io/hostname': name,
          'node-role.kubernetes.io/agent': '',
          'topology.kubernetes.io/zone': zone,
          type: 'kwok',
        },
      },
    });
    names.push(name);
  }
  return names;
}
