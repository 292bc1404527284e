// Outages on a control plane of this file's own (test/envtest/standalone.ts): a compacted etcd
// history makes the informer's resourceVersion `410 Gone` (it must relist), and a kube-apiserver
// stopped in the middle of a reconcile and started again must not need a controller restart.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStandaloneKubeApiServer, type StandaloneKubeApiServer } from '../../../test/envtest/standalone.js';
import type { KubeClient } from '../client.js';
import { addExtensionController } from '../extension/controller.js';
import { operatingSystemConfigKind } from '../extension/kinds.js';
import { operatingSystemConfigActuator, type OperatingSystemConfig } from '../extension/operatingsystemconfig.js';
import { Informer, type InformerEvent } from '../informer.js';
import { Manager } from '../manager.js';
import type { KubeObject } from '../object.js';
import { clientFor, kubeConfigOf, oscManifest, RecordingActuator, testLogger } from './fixtures.js';
import { installOscCrds } from '../../../test/envtest/crds.js';
import { eventually } from '../../../test/envtest/eventually.js';

let plane: StandaloneKubeApiServer;
let client: KubeClient;

beforeAll(async () => {
  plane = await startStandaloneKubeApiServer();
  await installOscCrds(plane.kubeconfig);
  client = clientFor(plane.kubeconfig);
  for (const name of ['relist', 'outage'])
    await client.request('POST', '/api/v1/namespaces', { body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name } } });
});

afterAll(async () => {
  client?.close();
  await plane?.stop();
});

const configMapsIn = (namespace: string): string => `/api/v1/namespaces/${namespace}/configmaps`;
const createConfigMap = (namespace: string, name: string): Promise<KubeObject> =>
  client.request('POST', configMapsIn(namespace), { body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace } } });

describe('informer', () => {
  it('relists after 410 Gone (etcd compacted past its resourceVersion while kube-apiserver was down) and keeps delivering events', async () => {
    await createConfigMap('relist', 'a');
    const informer = new Informer(client, {
      resource: { group: '', version: 'v1', kind: 'ConfigMap', plural: 'configmaps', namespaced: true },
      namespace: 'relist',
      backoff: { baseMs: 100, maxMs: 1000 },
      logger: testLogger(),
    });
    const events: InformerEvent<KubeObject>[] = [];
    informer.on((e) => events.push(e));
    informer.start();
    await informer.waitForSync();
    expect(informer.health().lists).toBe(1);
    const staleVersion = Number(informer.lastSyncResourceVersion());

    await plane.stopKubeApiServer();
    const compacted = await plane.compactEtcd();
    expect(compacted).toBeGreaterThan(staleVersion);
    await plane.startKubeApiServer();

    await eventually('a relist', () => informer.health().lists === 2, 30_000);
    expect(Number(informer.lastSyncResourceVersion())).toBeGreaterThanOrEqual(compacted);
    await createConfigMap('relist', 'b');
    await eventually('add of b', () => events.some((e) => e.type === 'add' && e.object.metadata.name === 'b'));
    // The relist found nothing new about a: no duplicate add.
    expect(events.filter((e) => e.object.metadata.name === 'a').map((e) => e.type)).toEqual(['add']);
    expect(informer.health()).toMatchObject({ synced: true, failures: 0 });
    await informer.stop();
  });
});

describe('kube-apiserver restarted mid-run', () => {
  it('the informer recovers and the controller converges without restarting', async () => {
    const actuator = new RecordingActuator();
    const manager = new Manager({
      name: 'restart-test',
      kubeConfig: kubeConfigOf(plane.kubeconfig),
      logger: testLogger(),
      healthProbeBindAddress: '127.0.0.1:0',
      gracePeriodMs: 5000,
    });
    addExtensionController(manager, {
      kind: operatingSystemConfigKind,
      actuator: operatingSystemConfigActuator(actuator),
      types: ['ubuntu'],
      mode: 'generation',
      namespace: 'outage',
      backoff: { baseMs: 200, maxMs: 3000 },
    });
    const stop = new AbortController();
    let exited: number | undefined;
    const run = manager.run(stop.signal).then((code) => (exited = code));
    const oscPath = (name: string): string => `/apis/extensions.gardener.cloud/v1alpha1/namespaces/outage/operatingsystemconfigs/${name}`;
    const succeeded = (name: string, generation: number) => async (): Promise<boolean> => {
      const osc = await client.request<OperatingSystemConfig>('GET', oscPath(name));
      return osc.status?.lastOperation?.state === 'Succeeded' && osc.status.observedGeneration === generation;
    };
    try {
      await client.request('POST', '/apis/extensions.gardener.cloud/v1alpha1/namespaces/outage/operatingsystemconfigs', {
        body: oscManifest('outage', 'before'),
      });
      await eventually('before Succeeded', succeeded('before', 1));

      // A reconcile is under way when kube-apiserver goes: its status write fails, the key backs off.
      const release = actuator.hold();
      await client.request('POST', '/apis/extensions.gardener.cloud/v1alpha1/namespaces/outage/operatingsystemconfigs', {
        body: oscManifest('outage', 'during'),
      });
      await eventually('actuator reached', () => actuator.reached);
      await plane.stopKubeApiServer();
      release();
      await new Promise((r) => setTimeout(r, 3000));
      expect(exited).toBeUndefined();
      await plane.startKubeApiServer();

      await eventually('during Succeeded after the restart', succeeded('during', 1), 30_000);
      // Changes after the restart arrive through the re-established watch.
      await client.request('PATCH', oscPath('before'), { body: { spec: { purpose: 'reconcile' } }, contentType: 'application/merge-patch+json' });
      await eventually('before reconciled again', succeeded('before', 2), 30_000);
      expect(exited).toBeUndefined();
      const health = manager.boundPorts().health;
      expect((await fetch(`http://127.0.0.1:${health}/readyz`)).status).toBe(200);
    } finally {
      stop.abort();
      await run;
    }
    expect(exited).toBe(0);
  });
});
