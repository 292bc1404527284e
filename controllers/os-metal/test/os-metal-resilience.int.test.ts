// os-metal through what a seed's control plane does to it: kube-apiserver going away and coming
// back with its watch history compacted (the informers must relist after 410 Gone), and two
// replicas behind one Lease (one reconciles; when it dies without a goodbye the other takes over).
// A control plane of this file's own (test/envtest/standalone.ts), which may be restarted; the
// controller is the built bundle, as the chart's ServiceAccount.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ControllerProcess } from '../../../test/envtest/controller-process.js';
import { eventually } from '../../../test/envtest/eventually.js';
import { KubeRest } from '../../../test/envtest/kube-rest.js';
import { startStandaloneKubeApiServer, type StandaloneKubeApiServer } from '../../../test/envtest/standalone.js';
import { installOsMetal, startOsMetal, type OsMetalInstallation } from './harness.js';
import { installOscCrds } from '../../../test/envtest/crds.js';

const OSC_PATH = '/apis/extensions.gardener.cloud/v1alpha1';
const NAMESPACE = 'shoot--garden--resilience';
const LEASE = 'os-metal-leader-election';

interface OscStatus {
  metadata: { generation?: number };
  status?: { lastOperation?: { state: string }; observedGeneration?: number };
}

describe('os-metal under a restarting API server and with two replicas', () => {
  let server: StandaloneKubeApiServer;
  let admin: KubeRest;
  let runDir: string;
  let installation: OsMetalInstallation;
  const running: ControllerProcess[] = [];

  const createOsc = async (name: string): Promise<void> => {
    const response = await admin.request('POST', `${OSC_PATH}/namespaces/${NAMESPACE}/operatingsystemconfigs`, {
      apiVersion: 'extensions.gardener.cloud/v1alpha1',
      kind: 'OperatingSystemConfig',
      metadata: { name, annotations: { 'gardener.cloud/operation': 'reconcile' } },
      spec: {
        type: 'ubuntu',
        purpose: 'provision',
        criConfig: { name: 'containerd' },
        files: [{ path: '/etc/motd', content: { inline: { encoding: '', data: `${name}\n` } } }],
      },
    });
    if (response.status !== 201) throw new Error(`create OSC ${name}: ${response.status} ${JSON.stringify(response.body)}`);
  };
  const succeeded = (name: string, timeoutMs = 60_000): Promise<OscStatus> =>
    eventually(
      `OSC ${name} Succeeded`,
      async () => {
        const o = (await admin.request('GET', `${OSC_PATH}/namespaces/${NAMESPACE}/operatingsystemconfigs/${name}`)).body as OscStatus;
        return o.status?.lastOperation?.state === 'Succeeded' && o.status.observedGeneration === o.metadata.generation ? o : undefined;
      },
      timeoutMs,
      250,
    );
  const holder = async (): Promise<string> => {
    const lease = (await admin.request('GET', `/apis/coordination.k8s.io/v1/namespaces/${installation.namespace}/leases/${LEASE}`)).body as {
      spec?: { holderIdentity?: string };
    };
    return lease.spec?.holderIdentity ?? '';
  };
  const reconciledBy = (replica: ControllerProcess, name: string): boolean =>
    replica.logEntries().some((e) => e['name'] === name && typeof e['reconcileID'] === 'string');
  const start = async (replica: string, extraArgs: readonly string[] = []): Promise<ControllerProcess> => {
    const controller = await startOsMetal(installation, replica, extraArgs);
    running.push(controller);
    return controller;
  };

  beforeAll(async () => {
    server = await startStandaloneKubeApiServer();
    admin = new KubeRest(server.kubeconfig);
    runDir = mkdtempSync(join(tmpdir(), 'os-metal-resilience-'));
    await installOscCrds(server.kubeconfig);
    installation = await installOsMetal(server.kubeconfig, { namespace: 'extension-os-metal', runDir });
    await admin.request('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NAMESPACE } });
  });

  afterAll(async () => {
    await Promise.all(running.map((c) => c.stop()));
    await server?.stop();
    if (runDir && !process.env.METAL_GARDEN_ENVTEST_KEEP) rmSync(runDir, { recursive: true, force: true });
  });

  it('kube-apiserver stopped, its etcd history compacted, started again: the same process relists and converges', async () => {
    // kube-apiserver refuses connections from the start of its graceful shutdown, which drains
    // watches for several seconds, so this outage lasts well over client-go's 10 s renew deadline.
    // A leader that cannot renew for that long stops, by design (controller-runtime exits, the
    // kubelet restarts it); this test is about the informers, so the lease outlasts the outage.
    const controller = await start('os-metal-0', ['--leader-election-lease-duration=60', '--leader-election-renew-deadline=45']);
    await controller.waitReady();
    await createOsc('before-outage');
    await succeeded('before-outage');

    await server.stopKubeApiServer();
    // While the server is away the watch history is compacted: the informers' resourceVersions are
    // gone when it returns, so they must relist (410 Gone) rather than resume.
    await server.compactEtcd();
    await new Promise((r) => setTimeout(r, 3000));
    expect(controller.hasExited()).toBe(false);
    await server.startKubeApiServer();

    await createOsc('after-outage');
    await succeeded('after-outage');
    expect(controller.hasExited()).toBe(false);
    expect(await holder()).toBe('os-metal-0');
    expect((await controller.probe('/readyz')).status).toBe(200);
    await controller.stop(20_000);
    expect(await controller.exited).toBe('0');
  });

  it('two replicas: one leader reconciles, the other waits; killing the leader hands over within the lease duration', async () => {
    const timing = ['--leader-election-lease-duration=4', '--leader-election-renew-deadline=3', '--leader-election-retry-period=1'];
    const a = await start('os-metal-a', timing);
    const b = await start('os-metal-b', timing);
    const first = await eventually('a leader among a and b', async () => {
      const identity = await holder();
      return identity === 'os-metal-a' || identity === 'os-metal-b' ? identity : undefined;
    });
    const [leader, standby] = first === 'os-metal-a' ? [a, b] : [b, a];

    await createOsc('with-two');
    await succeeded('with-two');
    expect(reconciledBy(leader, 'with-two')).toBe(true);
    expect(reconciledBy(standby, 'with-two')).toBe(false);

    const killedAt = Date.now();
    await leader.kill();
    await createOsc('after-failover');
    const next = await eventually('the standby holding the lease', async () => ((await holder()) === standby.name ? standby.name : undefined), 20_000, 100);
    const handover = Date.now() - killedAt;
    await succeeded('after-failover');
    expect(next).toBe(standby.name);
    expect(reconciledBy(standby, 'after-failover')).toBe(true);
    // lease duration 4 s plus a retry period and jitter; far below that would mean the lease was not respected
    expect(handover).toBeGreaterThan(2_000);
    expect(handover).toBeLessThan(10_000);
    expect(standby.hasExited()).toBe(false);
  });
});
