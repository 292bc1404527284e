// Gardener's extension contract end to end: a manager with two OSC controllers (one per trigger
// mode, on disjoint spec.types) and a recording test actuator, against the real kube-apiserver with
// the vendored OperatingSystemConfig and Cluster CRDs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { envtest } from '../../../test/envtest/context.js';
import type { KubeClient } from '../client.js';
import { addExtensionController } from '../extension/controller.js';
import { operatingSystemConfigKind } from '../extension/kinds.js';
import { operatingSystemConfigActuator, type OperatingSystemConfig } from '../extension/operatingsystemconfig.js';
import { Manager } from '../manager.js';
import type { KubeObject } from '../object.js';
import { clientFor, kubeConfigOf, oscManifest, RecordingActuator, testLogger, uniqueName } from './fixtures.js';
import { installOscCrds } from '../../../test/envtest/crds.js';
import { eventually } from '../../../test/envtest/eventually.js';

const finalizer = 'extensions.gardener.cloud/operatingsystemconfigs';
const namespace = uniqueName('shoot--test');
const actuator = new RecordingActuator();
let client: KubeClient;
let manager: Manager;
const stop = new AbortController();
let run: Promise<number>;

const oscPath = (name: string): string => `/apis/extensions.gardener.cloud/v1alpha1/namespaces/${namespace}/operatingsystemconfigs/${name}`;
const readOsc = (name: string): Promise<OperatingSystemConfig> => client.request<OperatingSystemConfig>('GET', oscPath(name));
const createOsc = (name: string, type: string, extra: Record<string, unknown> = {}): Promise<OperatingSystemConfig> =>
  client.request('POST', `/apis/extensions.gardener.cloud/v1alpha1/namespaces/${namespace}/operatingsystemconfigs`, {
    body: { ...oscManifest(namespace, name, type), ...extra },
  });
const mergePatch = (path: string, body: unknown): Promise<KubeObject> => client.request('PATCH', path, { body, contentType: 'application/merge-patch+json' });
const annotate = (name: string, operation: string): Promise<KubeObject> =>
  mergePatch(oscPath(name), { metadata: { annotations: { 'gardener.cloud/operation': operation } } });

interface EventItem {
  reason: string;
  type: string;
  note: string;
  regarding: { name: string };
  series?: { count: number };
}
async function eventsFor(name: string): Promise<EventItem[]> {
  const list = await client.request<{ items: EventItem[] }>('GET', `/apis/events.k8s.io/v1/namespaces/${namespace}/events`, {
    query: { fieldSelector: `regarding.name=${name}` },
  });
  return list.items;
}

const succeeded = (name: string, generation?: number) => async (): Promise<OperatingSystemConfig | undefined> => {
  const osc = await readOsc(name);
  const ok = osc.status?.lastOperation?.state === 'Succeeded' && (generation === undefined || osc.status.observedGeneration === generation);
  return ok ? osc : undefined;
};

beforeAll(async () => {
  const { kubeconfig } = envtest();
  await installOscCrds(kubeconfig);
  client = clientFor(kubeconfig);
  await client.request('POST', '/api/v1/namespaces', { body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } } });
  manager = new Manager({
    name: 'extension-test',
    kubeConfig: kubeConfigOf(kubeconfig),
    logger: testLogger(),
    healthProbeBindAddress: '127.0.0.1:0',
    metricsBindAddress: '127.0.0.1:0',
    gracePeriodMs: 5000,
  });
  const wrapped = operatingSystemConfigActuator(actuator);
  const backoff = { baseMs: 200, maxMs: 2000 };
  addExtensionController(manager, {
    kind: operatingSystemConfigKind,
    actuator: wrapped,
    types: ['gen-os'],
    name: 'osc-generation',
    mode: 'generation',
    namespace,
    backoff,
  });
  addExtensionController(manager, { kind: operatingSystemConfigKind, actuator: wrapped, types: ['ann-os'], name: 'osc-annotation', namespace, backoff });
  run = manager.run(stop.signal);
  await eventually('manager ready', async () => {
    const port = manager.boundPorts().health;
    return port !== undefined && (await fetch(`http://127.0.0.1:${port}/readyz`)).status === 200;
  });
});

afterAll(async () => {
  stop.abort();
  expect(await run).toBe(0);
  // Release what the controllers left behind so the namespace can go.
  const list = await client.request<{ items: OperatingSystemConfig[] }>(
    'GET',
    `/apis/extensions.gardener.cloud/v1alpha1/namespaces/${namespace}/operatingsystemconfigs`,
  );
  for (const osc of list.items) await mergePatch(oscPath(osc.metadata.name), { metadata: { finalizers: null } }).catch(() => undefined);
  await client.request('DELETE', `/api/v1/namespaces/${namespace}`).catch(() => undefined);
  client.close();
});

describe('extension lifecycle', () => {
  it('create: finalizer, userdata Secret owned by the OSC, status Succeeded with observedGeneration, a Normal event', async () => {
    await createOsc('create', 'gen-os');
    const osc = await eventually('Succeeded', succeeded('create', 1));
    expect(osc.metadata.finalizers).toEqual([finalizer]);
    expect(osc.status).toMatchObject({
      lastOperation: { type: 'Create', state: 'Succeeded', progress: 100, description: 'Successfully reconciled OperatingSystemConfig' },
      observedGeneration: 1,
      cloudConfig: { secretRef: { name: 'osc-result-create', namespace } },
      extensionFiles: [{ path: '/etc/test' }],
    });
    expect(osc.status?.lastError).toBeUndefined();
    const secret = await client.request<KubeObject & { data: Record<string, string> }>('GET', `/api/v1/namespaces/${namespace}/secrets/osc-result-create`);
    expect(Buffer.from(secret.data.cloud_config!, 'base64').toString()).toBe('#userdata generation 1');
    expect(secret.metadata.ownerReferences).toEqual([
      {
        apiVersion: 'extensions.gardener.cloud/v1alpha1',
        kind: 'OperatingSystemConfig',
        name: 'create',
        uid: osc.metadata.uid,
        controller: true,
        blockOwnerDeletion: true,
      },
    ]);
    expect((secret.metadata.managedFields as { manager: string }[]).map((m) => m.manager)).toEqual(['extension-test']);
    await eventually('Normal event', async () => (await eventsFor('create')).find((e) => e.reason === 'Reconciled' && e.type === 'Normal'));
  });

  it('its own status and metadata writes do not retrigger it; a spec change does (generation mode)', async () => {
    await eventually('Succeeded', succeeded('create', 1));
    await new Promise((r) => setTimeout(r, 2000));
    expect(actuator.count('reconcile', 'create')).toBe(1);
    await mergePatch(oscPath('create'), { spec: { purpose: 'reconcile' } });
    const osc = await eventually('reconciled again', succeeded('create', 2));
    expect(osc.status?.lastOperation?.type).toBe('Reconcile');
    expect(actuator.count('reconcile', 'create')).toBe(2);
    await new Promise((r) => setTimeout(r, 1500));
    expect(actuator.count('reconcile', 'create')).toBe(2);
  });

  it('operation-annotation mode: a spec change alone waits, `reconcile` triggers and is removed before the work', async () => {
    await createOsc('annotated', 'ann-os');
    await eventually('Succeeded', succeeded('annotated', 1));
    await mergePatch(oscPath('annotated'), { spec: { purpose: 'reconcile' } });
    await new Promise((r) => setTimeout(r, 1500));
    expect(actuator.count('reconcile', 'annotated')).toBe(1);
    await annotate('annotated', 'reconcile');
    const osc = await eventually('reconciled on request', succeeded('annotated', 2));
    expect(osc.metadata.annotations?.['gardener.cloud/operation']).toBeUndefined();
    expect(actuator.count('reconcile', 'annotated')).toBe(2);
  });

  it('only its types: an OSC of another type is left alone', async () => {
    await createOsc('foreign', 'flatcar');
    await new Promise((r) => setTimeout(r, 1000));
    const osc = await readOsc('foreign');
    expect(osc.metadata.finalizers).toBeUndefined();
    expect(osc.status).toBeUndefined();
    expect(actuator.calls.filter((c) => c.name === 'foreign')).toEqual([]);
  });

  it('actuator error: lastOperation Error, lastError, observedGeneration, a Warning event, retries with backoff; recovery clears lastError', async () => {
    actuator.fail = 'unknown purpose: nonsense';
    await createOsc('broken', 'gen-os');
    const osc = await eventually('Error status', async () => {
      const o = await readOsc('broken');
      return o.status?.lastError ? o : undefined;
    });
    expect(osc.status).toMatchObject({
      lastOperation: { type: 'Create', state: 'Error', progress: 50, description: 'Error reconciling OperatingSystemConfig: unknown purpose: nonsense' },
      lastError: { description: 'Error reconciling OperatingSystemConfig: unknown purpose: nonsense' },
      observedGeneration: 1,
    });
    const warning = await eventually('Warning event', async () => (await eventsFor('broken')).find((e) => e.type === 'Warning'));
    expect(warning).toMatchObject({ reason: 'ReconcileFailed', note: 'Error reconciling OperatingSystemConfig: unknown purpose: nonsense' });
    // Backoff 200 ms doubling up to 2 s: over 4 s at most 200+400+800+1600 → about 5 attempts, not hundreds.
    const before = actuator.count('reconcile', 'broken');
    await new Promise((r) => setTimeout(r, 4000));
    const attempts = actuator.count('reconcile', 'broken') - before;
    expect(attempts).toBeGreaterThanOrEqual(1);
    expect(attempts).toBeLessThanOrEqual(5);
    // Repeats of the same failure are one Event with a series.
    const warnings = (await eventsFor('broken')).filter((e) => e.type === 'Warning');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.series?.count).toBeGreaterThanOrEqual(2);
    actuator.fail = undefined;
    const fixed = await eventually('recovered', succeeded('broken', 1), 10_000);
    expect(fixed.status?.lastError).toBeUndefined();
    expect(fixed.status?.lastOperation?.type).toBe('Create');
  });

  it("delete: actuator.delete, then only our finalizer is released (others' stay)", async () => {
    await createOsc('doomed', 'gen-os');
    await eventually('Succeeded', succeeded('doomed'));
    await mergePatch(oscPath('doomed'), { metadata: { finalizers: [finalizer, 'someone.else/keep'] } });
    await client.request('DELETE', oscPath('doomed'));
    const osc = await eventually('our finalizer released', async () => {
      const o = await readOsc('doomed');
      return o.metadata.finalizers?.includes(finalizer) ? undefined : o;
    });
    expect(osc.metadata.finalizers).toEqual(['someone.else/keep']);
    expect(osc.status?.lastOperation).toMatchObject({ type: 'Delete', state: 'Succeeded' });
    expect(actuator.count('delete', 'doomed')).toBe(1);
    await mergePatch(oscPath('doomed'), { metadata: { finalizers: null } });
    await eventually('gone', async () =>
      readOsc('doomed').then(
        () => false,
        () => true,
      ),
    );
  });

  it('force deletion (the Cluster says so): actuator.forceDelete', async () => {
    const cluster = { apiVersion: 'extensions.gardener.cloud/v1alpha1', kind: 'Cluster', metadata: { name: namespace } };
    await client.request('POST', '/apis/extensions.gardener.cloud/v1alpha1/clusters', {
      body: {
        ...cluster,
        spec: { cloudProfile: {}, seed: {}, shoot: { metadata: { annotations: { 'confirmation.gardener.cloud/force-deletion': 'true' } } } },
      },
    });
    try {
      await createOsc('forced', 'gen-os');
      await eventually('Succeeded', succeeded('forced'));
      await client.request('DELETE', oscPath('forced'));
      await eventually('gone', async () =>
        readOsc('forced').then(
          () => false,
          () => true,
        ),
      );
      expect(actuator.count('forceDelete', 'forced')).toBe(1);
      expect(actuator.count('delete', 'forced')).toBe(0);
    } finally {
      await client.request('DELETE', `/apis/extensions.gardener.cloud/v1alpha1/clusters/${namespace}`);
    }
  });

  it('migrate: actuator.migrate, all finalizers and the annotation removed; restore: actuator.restore, finalizer back, annotation removed', async () => {
    await createOsc('moving', 'ann-os');
    await eventually('Succeeded', succeeded('moving'));
    await annotate('moving', 'migrate');
    const migrated = await eventually('migrated', async () => {
      const o = await readOsc('moving');
      return o.status?.lastOperation?.type === 'Migrate' &&
        o.status.lastOperation.state === 'Succeeded' &&
        !o.metadata.annotations?.['gardener.cloud/operation']
        ? o
        : undefined;
    });
    expect(migrated.metadata.finalizers).toBeUndefined();
    expect(actuator.count('migrate', 'moving')).toBe(1);
    // Migrated away: a reconcile request is ignored now.
    await annotate('moving', 'reconcile');
    await new Promise((r) => setTimeout(r, 1000));
    expect(actuator.count('reconcile', 'moving')).toBe(1);
    await annotate('moving', 'restore');
    const restored = await eventually('restored', async () => {
      const o = await readOsc('moving');
      return o.status?.lastOperation?.type === 'Restore' &&
        o.status.lastOperation.state === 'Succeeded' &&
        !o.metadata.annotations?.['gardener.cloud/operation']
        ? o
        : undefined;
    });
    expect(restored.metadata.finalizers).toEqual([finalizer]);
    expect(actuator.count('restore', 'moving')).toBe(1);
    // Its own writes during the restore (annotation still present) queued no second pass.
    await new Promise((r) => setTimeout(r, 1000));
    expect(actuator.count('reconcile', 'moving')).toBe(1);
  });

  it('serves /readyz, /healthz and controller-runtime metrics', async () => {
    const { health, metrics } = manager.boundPorts();
    expect((await fetch(`http://127.0.0.1:${health}/healthz`)).status).toBe(200);
    const text = await (await fetch(`http://127.0.0.1:${metrics}/metrics`)).text();
    expect(text).toMatch(/controller_runtime_reconcile_total\{controller="osc-generation",result="success"\} [1-9]/);
    expect(text).toMatch(/controller_runtime_reconcile_total\{controller="osc-generation",result="error"\} [1-9]/);
    expect(text).toMatch(/workqueue_adds_total\{name="osc-generation",controller="osc-generation"\} [1-9]/);
  });
});
