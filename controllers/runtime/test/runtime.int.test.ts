// The runtime's building blocks against the real kube-apiserver of the integration setup:
// informer events, server-side apply field ownership, finalizer helpers beside others' finalizers,
// and events.k8s.io series.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { envtest } from '../../../test/envtest/context.js';
import { applyObject, applyStatus } from '../apply.js';
import type { KubeClient } from '../client.js';
import { ApiError } from '../errors.js';
import { EventRecorder } from '../events.js';
import { addFinalizer, removeFinalizer } from '../finalizer.js';
import { Informer, type InformerEvent } from '../informer.js';
import type { KubeObject } from '../object.js';
import type { ResourceRef } from '../resource.js';
import { clientFor, oscManifest, testLogger, uniqueName } from './fixtures.js';
import { installOscCrds } from '../../../test/envtest/crds.js';
import { eventually } from '../../../test/envtest/eventually.js';

const configMaps: ResourceRef = { group: '', version: 'v1', kind: 'ConfigMap', plural: 'configmaps', namespaced: true };
const oscResource: ResourceRef = {
  group: 'extensions.gardener.cloud',
  version: 'v1alpha1',
  kind: 'OperatingSystemConfig',
  plural: 'operatingsystemconfigs',
  namespaced: true,
};

let client: KubeClient;
const namespace = uniqueName('runtime');

beforeAll(async () => {
  const { kubeconfig } = envtest();
  await installOscCrds(kubeconfig);
  client = clientFor(kubeconfig);
  await client.request('POST', '/api/v1/namespaces', { body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } } });
});

afterAll(async () => {
  await client?.request('DELETE', `/api/v1/namespaces/${namespace}`).catch(() => undefined);
  client?.close();
});

const configMap = (name: string, data: Record<string, string>, labels: Record<string, string> = { test: 'informer' }): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace, labels },
  data,
});

describe('Informer', () => {
  it('lists, then sees adds, updates (with the old object) and deletes; honours the label selector', async () => {
    await applyObject(client, configMap('before', { a: '1' }), { fieldManager: 'test' });
    await applyObject(client, configMap('other-label', { a: '1' }, { test: 'other' }), { fieldManager: 'test' });
    const informer = new Informer(client, { resource: configMaps, namespace, labelSelector: 'test=informer', pageSize: 1, logger: testLogger() });
    const events: InformerEvent<KubeObject>[] = [];
    informer.on((e) => events.push(e));
    expect(informer.hasSynced()).toBe(false);
    informer.start();
    await informer.waitForSync();
    expect(informer.list().map((o) => o.metadata.name)).toEqual(['before']);
    expect(informer.get(namespace, 'before')?.kind).toBe('ConfigMap');

    await applyObject(client, configMap('after', { a: '1' }), { fieldManager: 'test' });
    await applyObject(client, configMap('after', { a: '2' }), { fieldManager: 'test' });
    await client.request('DELETE', `/api/v1/namespaces/${namespace}/configmaps/before`);
    await eventually('delete event', () => events.some((e) => e.type === 'delete' && e.object.metadata.name === 'before'));
    await eventually('update of after', () => events.find((e) => e.type === 'update' && e.object.metadata.name === 'after'));
    const summary = events.map((e) => `${e.type} ${e.object.metadata.name}`);
    expect(summary).toEqual(['add before', 'add after', 'update after', 'delete before']);
    const update = events[2] as Extract<InformerEvent<KubeObject>, { type: 'update' }>;
    expect(update.old.data).toEqual({ a: '1' });
    expect(update.object.data).toEqual({ a: '2' });
    expect(informer.list().map((o) => o.metadata.name)).toEqual(['after']);
    // Server-side apply gave each object managedFields; the cache keeps none of them.
    expect(informer.list().map((o) => o.metadata.managedFields)).toEqual([undefined]);
    await informer.stop();
  });
});

describe('server-side apply', () => {
  it('owns the fields it applies under its field manager, removes what it stops applying, and leaves others alone', async () => {
    const name = 'ssa';
    await applyObject(client, configMap(name, { mine: '1', dropped: 'x' }), { fieldManager: 'controller-a' });
    // Someone else adds a key with their own manager.
    await applyObject(client, { ...configMap(name, { theirs: 'y' }), metadata: { name, namespace } }, { fieldManager: 'someone-else' });
    const stored = await applyObject<KubeObject>(client, configMap(name, { mine: '2' }), { fieldManager: 'controller-a' });
    expect(stored.data).toEqual({ mine: '2', theirs: 'y' });
    const managers = (stored.metadata.managedFields as { manager: string; fieldsV1: { 'f:data'?: Record<string, unknown> } }[]).map((m) => [
      m.manager,
      Object.keys(m.fieldsV1['f:data'] ?? {}).sort(),
    ]);
    expect(managers).toEqual(
      expect.arrayContaining([
        ['controller-a', ['f:mine']],
        ['someone-else', ['f:theirs']],
      ]),
    );
    // Without force a conflicting field is refused; with force (the default) it is taken over.
    const conflict = await applyObject(client, configMap(name, { theirs: 'mine now' }), { fieldManager: 'controller-a', force: false }).catch(
      (e: unknown) => e,
    );
    expect(conflict).toBeInstanceOf(ApiError);
    expect((conflict as ApiError).status).toBe(409);
    expect((conflict as ApiError).message).toContain('conflict with "someone-else"');
    const forced = await applyObject<KubeObject>(client, configMap(name, { mine: '2', theirs: 'mine now' }), { fieldManager: 'controller-a' });
    expect(forced.data).toEqual({ mine: '2', theirs: 'mine now' });
  });

  it('applies the status subresource under the same manager, without touching spec', async () => {
    const name = uniqueName('osc');
    const created = await applyObject<KubeObject>(client, oscManifest(namespace, name), { fieldManager: 'test' });
    const status = { lastOperation: { type: 'Create', state: 'Succeeded', progress: 100, description: 'done', lastUpdateTime: '2026-01-01T00:00:00Z' } };
    const withStatus = await applyStatus<KubeObject>(
      client,
      { apiVersion: created.apiVersion, kind: created.kind, metadata: { name, namespace }, status },
      { fieldManager: 'controller-a', resource: oscResource },
    );
    expect(withStatus.status).toEqual(status);
    expect(withStatus.spec).toEqual(created.spec);
    expect(withStatus.metadata.generation).toBe(created.metadata.generation);
    const statusManager = (withStatus.metadata.managedFields as { manager: string; subresource?: string }[]).find((m) => m.manager === 'controller-a');
    expect(statusManager?.subresource).toBe('status');
  });
});

describe('finalizer helpers', () => {
  it("add and remove ours and keep everyone else's, also when the object changed since it was read", async () => {
    const name = uniqueName('fin');
    const created = await client.request<KubeObject>('POST', `/api/v1/namespaces/${namespace}/configmaps`, {
      body: { ...configMap(name, {}), metadata: { name, namespace, finalizers: ['others.example/first'] } },
    });
    const stale = created;
    // Someone adds a finalizer after we read the object: our write must not drop it.
    await client.request('PATCH', `/api/v1/namespaces/${namespace}/configmaps/${name}`, {
      body: { metadata: { finalizers: ['others.example/first', 'others.example/second'], resourceVersion: created.metadata.resourceVersion } },
      contentType: 'application/merge-patch+json',
    });
    const added = await addFinalizer(client, stale, 'ours.example/finalizer');
    expect(added.metadata.finalizers).toEqual(['others.example/first', 'others.example/second', 'ours.example/finalizer']);
    // And again with a stale copy for removal, after a third party changed the list once more.
    await client.request('PATCH', `/api/v1/namespaces/${namespace}/configmaps/${name}`, {
      body: { metadata: { finalizers: [...(added.metadata.finalizers ?? []), 'others.example/third'], resourceVersion: added.metadata.resourceVersion } },
      contentType: 'application/merge-patch+json',
    });
    const removed = await removeFinalizer(client, added, 'ours.example/finalizer');
    expect(removed?.metadata.finalizers).toEqual(['others.example/first', 'others.example/second', 'others.example/third']);
    // Cleanup: the namespace deletion would hang on foreign finalizers.
    await client.request('PATCH', `/api/v1/namespaces/${namespace}/configmaps/${name}`, {
      body: { metadata: { finalizers: null } },
      contentType: 'application/merge-patch+json',
    });
  });
});

describe('events', () => {
  interface EventObject {
    metadata: { name: string };
    reason: string;
    note: string;
    type: string;
    reportingController: string;
    reportingInstance: string;
    action: string;
    regarding: { name: string; uid: string };
    series?: { count: number; lastObservedTime: string };
  }

  it('creates events.k8s.io/v1 events and counts repeats as a series instead of new objects', async () => {
    const regarding = await applyObject<KubeObject>(client, configMap(uniqueName('regarding'), {}), { fieldManager: 'test' });
    const recorder = new EventRecorder(client, { reportingController: 'metal-garden.io/test', reportingInstance: 'test-pod-0', logger: testLogger() });
    await recorder.warning(regarding, 'ReconcileFailed', 'Reconcile', 'it broke');
    await recorder.warning(regarding, 'ReconcileFailed', 'Reconcile', 'it broke');
    await recorder.warning(regarding, 'ReconcileFailed', 'Reconcile', 'it broke');
    await recorder.normal(regarding, 'Reconciled', 'Reconcile', 'fine again');
    const list = await client.request<{ items: EventObject[] }>('GET', `/apis/events.k8s.io/v1/namespaces/${namespace}/events`, {
      query: { fieldSelector: `regarding.name=${regarding.metadata.name}` },
    });
    const byReason = Object.fromEntries(list.items.map((e) => [e.reason, e]));
    expect(list.items).toHaveLength(2);
    expect(byReason.ReconcileFailed).toMatchObject({
      type: 'Warning',
      note: 'it broke',
      action: 'Reconcile',
      reportingController: 'metal-garden.io/test',
      reportingInstance: 'test-pod-0',
      regarding: { name: regarding.metadata.name, uid: regarding.metadata.uid },
      series: { count: 3 },
    });
    expect(byReason.Reconciled?.series).toBeUndefined();
  });

  it('never throws: a refused event is logged and dropped', async () => {
    const recorder = new EventRecorder(client, { reportingController: 'metal-garden.io/test', reportingInstance: 'test-pod-0' });
    const ghost: KubeObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'ghost', namespace: 'no-such-namespace-here' } };
    await expect(recorder.normal(ghost, 'Reason', 'Action', 'note')).resolves.toBeUndefined();
  });
});
