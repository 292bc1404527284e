// os-metal as the process the image runs (the esbuild bundle), against the real kube-apiserver of
// the test setup with Gardener's vendored CRDs, authenticated as the chart's ServiceAccount with
// the chart's RBAC: what a seed runs, short of the kubelet.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { envtest } from '../../../test/envtest/context.js';
import type { ControllerProcess } from '../../../test/envtest/controller-process.js';
import { eventually } from '../../../test/envtest/eventually.js';
import { KubeRest } from '../../../test/envtest/kube-rest.js';
import { installOsMetal, startOsMetal, type OsMetalInstallation } from './harness.js';
import { installOscCrds } from '../../../test/envtest/crds.js';

const OSC_PATH = '/apis/extensions.gardener.cloud/v1alpha1';

interface Osc {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace: string;
    generation?: number;
    annotations?: Record<string, string>;
    finalizers?: string[];
    uid?: string;
    resourceVersion?: string;
  };
  spec: Record<string, unknown>;
  status?: {
    lastOperation?: { type: string; state: string; description: string };
    lastError?: { description: string; codes?: string[] };
    observedGeneration?: number;
    cloudConfig?: { secretRef: { name: string; namespace: string } };
    extensionFiles?: { path: string; content: { inline?: { data: string } } }[];
  };
}

function osc(namespace: string, name: string, spec: Record<string, unknown>, annotations: Record<string, string> = {}): Osc {
  return {
    apiVersion: 'extensions.gardener.cloud/v1alpha1',
    kind: 'OperatingSystemConfig',
    metadata: { name, namespace, annotations: { 'gardener.cloud/operation': 'reconcile', ...annotations } },
    spec,
  };
}

const provisionSpec = (type = 'ubuntu', extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  type,
  purpose: 'provision',
  criConfig: { name: 'containerd' },
  units: [{ name: 'gardener-node-init.service', enable: true, command: 'start', content: '[Unit]\nDescription=init\n[Service]\nExecStart=/opt/bin/init\n' }],
  files: [
    {
      path: '/var/lib/gardener-node-agent/init.sh',
      permissions: 0o755,
      content: { inline: { encoding: 'b64', data: Buffer.from('#!/bin/bash\necho hi\n').toString('base64') } },
    },
  ],
  ...extra,
});

/** The files an Ignition userdata writes: path → decoded content. */
function ignitionFiles(userdata: string): Map<string, string> {
  const config = JSON.parse(userdata) as { ignition: { version: string }; storage?: { files?: { path: string; contents: { source: string } }[] } };
  expect(config.ignition.version).toBe('2.3.0');
  return new Map((config.storage?.files ?? []).map((f) => [f.path, decodeURIComponent(f.contents.source.replace(/^data:,/, ''))]));
}

describe('os-metal (the built bundle, as its ServiceAccount)', () => {
  const namespace = 'shoot--garden--os-metal-it';
  let admin: KubeRest;
  let runDir: string;
  let installation: OsMetalInstallation;
  let controller: ControllerProcess;

  const read = async (name: string): Promise<Osc> => {
    const response = await admin.request('GET', `${OSC_PATH}/namespaces/${namespace}/operatingsystemconfigs/${name}`);
    if (response.status !== 200) throw new Error(`GET OSC ${name}: ${response.status}`);
    return response.body as Osc;
  };
  const create = async (object: Osc): Promise<Osc> => {
    const response = await admin.request('POST', `${OSC_PATH}/namespaces/${object.metadata.namespace}/operatingsystemconfigs`, object);
    if (response.status !== 201) throw new Error(`create OSC ${object.metadata.name}: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body as Osc;
  };
  const patch = async (name: string, body: unknown): Promise<void> => {
    const response = await admin.request('PATCH', `${OSC_PATH}/namespaces/${namespace}/operatingsystemconfigs/${name}`, body, 'application/merge-patch+json');
    if (response.status !== 200) throw new Error(`patch OSC ${name}: ${response.status} ${JSON.stringify(response.body)}`);
  };
  const succeeded = (name: string, timeoutMs = 30_000): Promise<Osc> =>
    eventually(
      `OSC ${name} Succeeded at its generation`,
      async () => {
        const o = await read(name);
        return o.status?.lastOperation?.state === 'Succeeded' && o.status.observedGeneration === o.metadata.generation ? o : undefined;
      },
      timeoutMs,
    );
  const userdata = async (o: Osc): Promise<string> => {
    const ref = o.status?.cloudConfig?.secretRef;
    if (!ref) throw new Error(`OSC ${o.metadata.name} has no status.cloudConfig.secretRef`);
    const response = await admin.request('GET', `/api/v1/namespaces/${ref.namespace}/secrets/${ref.name}`);
    const secret = response.body as { data: Record<string, string>; metadata: { ownerReferences?: { uid: string; controller?: boolean }[] } };
    expect(secret.metadata.ownerReferences).toEqual([expect.objectContaining({ uid: o.metadata.uid, controller: true, kind: 'OperatingSystemConfig' })]);
    return Buffer.from(secret.data['cloud_config'] ?? '', 'base64').toString('utf8');
  };

  beforeAll(async () => {
    const { kubeconfig } = envtest();
    admin = new KubeRest(kubeconfig);
    runDir = mkdtempSync(join(tmpdir(), 'os-metal-it-'));
    await installOscCrds(kubeconfig);
    installation = await installOsMetal(kubeconfig, {
      namespace: 'extension-os-metal-it',
      runDir,
      values: { config: { osTypes: ['ubuntu', 'debian'], userdataFormat: { default: 'ignition', byOSType: { debian: 'cloud-init' } } } },
    });
    await admin.request('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } });
    controller = await startOsMetal(installation, 'os-metal-0');
    await controller.waitReady();
  });

  afterAll(async () => {
    await controller?.stop();
    if (runDir && !process.env.METAL_GARDEN_ENVTEST_KEEP) rmSync(runDir, { recursive: true, force: true });
  });

  it('provision: writes Ignition 2.3.0 userdata into a Secret the OSC controls, Succeeded at the observed generation', async () => {
    const created = await create(osc(namespace, 'provision-a', provisionSpec()));
    const done = await succeeded('provision-a');
    expect(done.metadata.finalizers).toContain('extensions.gardener.cloud/operatingsystemconfigs');
    expect(done.metadata.annotations?.['gardener.cloud/operation']).toBeUndefined();
    expect(done.status?.lastOperation).toMatchObject({ type: 'Create', state: 'Succeeded' });
    expect(done.status?.cloudConfig?.secretRef).toEqual({ name: 'osc-result-provision-a', namespace });
    expect(
      ignitionFiles(await userdata({ ...done, metadata: { ...done.metadata, uid: created.metadata.uid } })).get('/var/lib/gardener-node-agent/init.sh'),
    ).toBe('#!/bin/bash\necho hi\n');
  });

  it('reconcile: network isolation files go into status.extensionFiles, no userdata', async () => {
    await create(
      osc(namespace, 'reconcile-a', {
        type: 'ubuntu',
        purpose: 'reconcile',
        criConfig: { name: 'containerd', cgroupDriver: 'systemd' },
        providerConfig: {
          apiVersion: 'metal.provider.extensions.gardener.cloud/v1alpha1',
          kind: 'ImageProviderConfig',
          networkIsolation: { allowedNetworks: { ingress: [], egress: [] }, dnsServers: ['10.0.0.53'], ntpServers: ['10.0.0.123'], registryMirrors: [] },
        },
      }),
    );
    const done = await succeeded('reconcile-a');
    expect(done.status?.cloudConfig).toBeUndefined();
    const paths = (done.status?.extensionFiles ?? []).map((f) => f.path).sort();
    expect(paths).toEqual(['/etc/resolv.conf', '/etc/systemd/resolved.conf.d/dns.conf', '/etc/systemd/timesyncd.conf']);
  });

  it('a spec change is reconciled when gardenlet asks (gardener.cloud/operation=reconcile), and the userdata follows it', async () => {
    await create(osc(namespace, 'change-a', provisionSpec()));
    const first = await succeeded('change-a');
    const files = [{ path: '/etc/motd', content: { inline: { encoding: '', data: 'second\n' } } }];
    await patch('change-a', { spec: { files } });
    // Gardener's default trigger: a spec change alone waits for gardenlet's annotation.
    await new Promise((r) => setTimeout(r, 1500));
    const waiting = await read('change-a');
    expect(waiting.status?.observedGeneration).toBe(first.metadata.generation);
    await patch('change-a', { metadata: { annotations: { 'gardener.cloud/operation': 'reconcile' } } });
    const second = await succeeded('change-a');
    expect(second.metadata.generation).toBeGreaterThan(first.metadata.generation ?? 0);
    expect(second.status?.lastOperation?.type).toBe('Reconcile');
    const written = ignitionFiles(await userdata(second));
    expect(written.get('/etc/motd')).toBe('second\n');
    expect(written.has('/var/lib/gardener-node-agent/init.sh')).toBe(false);
  });

  it('debian gets cloud-init, as the configuration says; a secretRef file carries the Secret content', async () => {
    await admin.request('POST', `/api/v1/namespaces/${namespace}/secrets`, {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'node-token' },
      data: { token: Buffer.from('not-a-real-token').toString('base64') },
    });
    const files = [
      { path: '/var/lib/gardener-node-agent/credentials/token', permissions: 0o600, content: { secretRef: { name: 'node-token', dataKey: 'token' } } },
    ];
    await create(osc(namespace, 'debian-a', provisionSpec('debian', { files })));
    const text = await userdata(await succeeded('debian-a'));
    expect(text.startsWith('#cloud-config\n')).toBe(true);
    const config = parse(text) as { write_files: { path: string; content: string; permissions: string }[] };
    expect(config.write_files.find((f) => f.path === '/var/lib/gardener-node-agent/credentials/token')).toMatchObject({
      content: 'not-a-real-token',
      permissions: '0600',
    });
  });

  it('bad input ends in lastError and a Warning event, retried with backoff, never a crash; fixing it heals the OSC', async () => {
    const files = [{ path: '/etc/secret-file', content: { secretRef: { name: 'missing-secret', dataKey: 'key' } } }];
    await create(osc(namespace, 'broken-a', provisionSpec('ubuntu', { files })));
    const failed = await eventually('OSC broken-a in Error', async () => {
      const o = await read('broken-a');
      return o.status?.lastOperation?.state === 'Error' ? o : undefined;
    });
    expect(failed.status?.lastError?.description).toContain('missing-secret');
    expect(failed.status?.lastError?.codes).toContain('ERR_CONFIGURATION_PROBLEM');
    expect(failed.status?.observedGeneration).toBe(failed.metadata.generation);
    const warning = await eventually('a Warning event about broken-a', async () => {
      const list = (await admin.request('GET', `/apis/events.k8s.io/v1/namespaces/${namespace}/events`)).body as {
        items: { type: string; regarding: { name: string }; note: string; reportingController: string }[];
      };
      return list.items.find((e) => e.regarding.name === 'broken-a' && e.type === 'Warning');
    });
    expect(warning.note).toContain('missing-secret');
    // No hot loop: client-go's backoff (5 ms doubling) allows about a dozen tries in five seconds, a loop thousands.
    const errors = async (): Promise<number> => {
      const line = (await controller.metrics()).split('\n').find((l) => l.startsWith('controller_runtime_reconcile_total{') && l.includes('result="error"'));
      return Number(line?.split(' ').pop() ?? 0);
    };
    const before = await errors();
    await new Promise((r) => setTimeout(r, 5000));
    expect((await errors()) - before).toBeLessThan(15);
    expect(controller.hasExited()).toBe(false);

    await admin.request('POST', `/api/v1/namespaces/${namespace}/secrets`, {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'missing-secret' },
      stringData: { key: 'now here' },
    });
    await patch('broken-a', { metadata: { annotations: { 'gardener.cloud/operation': 'reconcile' } } });
    const healed = await succeeded('broken-a');
    expect(healed.status?.lastError).toBeUndefined();
    expect(ignitionFiles(await userdata(healed)).get('/etc/secret-file')).toBe('now here');
  });

  it('an undecodable providerConfig or an unknown purpose is reported precisely', async () => {
    await create(osc(namespace, 'typo-a', { ...provisionSpec(), providerConfig: { networkIsolaton: { dnsServers: ['1.1.1.1'] } } }));
    await create(osc(namespace, 'purpose-a', { ...provisionSpec(), purpose: 'bootstrap' }));
    const typo = await eventually('typo-a in Error', async () =>
      (await read('typo-a')).status?.lastOperation?.state === 'Error' ? read('typo-a') : undefined,
    );
    expect(typo.status?.lastError?.description).toMatch(/unable to decode providerConfig.*networkIsolaton/);
    const purpose = await eventually('purpose-a in Error', async () =>
      (await read('purpose-a')).status?.lastOperation?.state === 'Error' ? read('purpose-a') : undefined,
    );
    expect(purpose.status?.lastError?.description).toContain('unknown purpose: bootstrap');
  });

  it("leaves the OSCs of a failed shoot alone (Gardener's Cluster, read from the controller's cache)", async () => {
    const failedNamespace = 'shoot--garden--failed';
    await admin.request('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: failedNamespace } });
    const cluster = await admin.request('POST', `${OSC_PATH}/clusters`, {
      apiVersion: 'extensions.gardener.cloud/v1alpha1',
      kind: 'Cluster',
      metadata: { name: failedNamespace },
      spec: { cloudProfile: {}, seed: {}, shoot: { metadata: { name: 'failed' }, status: { lastOperation: { state: 'Failed', type: 'Reconcile' } } } },
    });
    expect(cluster.status).toBe(201);
    // Cached by the informer in a moment: the OSC's reconcile must see the Cluster.
    await new Promise((r) => setTimeout(r, 1000));
    await create(osc(failedNamespace, 'of-failed-shoot', provisionSpec()));
    const path = `${OSC_PATH}/namespaces/${failedNamespace}/operatingsystemconfigs/of-failed-shoot`;
    // The reconcile request is taken (the annotation goes), then nothing is done for a failed shoot.
    const seen = await eventually('the operation annotation removed', async () => {
      const o = (await admin.request('GET', path)).body as Osc;
      return o.metadata.annotations?.['gardener.cloud/operation'] === undefined ? o : undefined;
    });
    await new Promise((r) => setTimeout(r, 1000));
    const after = (await admin.request('GET', path)).body as Osc;
    expect(after.status?.lastOperation).toBeUndefined();
    expect(after.metadata.finalizers ?? []).toEqual([]);
    expect(seen.metadata.resourceVersion).toBe(after.metadata.resourceVersion);
  });

  it('deletion releases the finalizer; the userdata Secret goes with its owner', async () => {
    await create(osc(namespace, 'delete-a', provisionSpec()));
    await succeeded('delete-a');
    const response = await admin.request('DELETE', `${OSC_PATH}/namespaces/${namespace}/operatingsystemconfigs/delete-a`);
    expect([200, 202]).toContain(response.status);
    await eventually(
      'OSC delete-a gone',
      async () => (await admin.request('GET', `${OSC_PATH}/namespaces/${namespace}/operatingsystemconfigs/delete-a`)).status === 404,
    );
  });

  it('serves /healthz, /readyz and controller-runtime metrics; logs JSON with a logger per reconcile', async () => {
    expect((await controller.probe('/healthz')).status).toBe(200);
    const ready = await controller.probe('/readyz?verbose');
    expect(ready.status).toBe(200);
    expect(ready.body).toContain('[+]informers-synced ok');
    expect(ready.body).toContain('[+]leader-election ok');
    const metrics = await controller.metrics();
    expect(metrics).toMatch(/controller_runtime_reconcile_total\{controller="operatingsystemconfig",result="success"\} [1-9]/);
    expect(metrics).toContain('workqueue_depth{');
    expect(metrics).toContain('controller_runtime_reconcile_time_seconds_bucket{');
    const entries = controller.logEntries();
    expect(entries.some((e) => e['name'] === 'provision-a' && typeof e['reconcileID'] === 'string')).toBe(true);
    expect(JSON.stringify(entries)).not.toContain('not-a-real-token');
  });

  it('stops on SIGTERM with exit code 0 and hands the lease over', async () => {
    await controller.stop(20_000);
    expect(await controller.exited).toBe('0');
    const lease = (await admin.request('GET', `/apis/coordination.k8s.io/v1/namespaces/${installation.namespace}/leases/os-metal-leader-election`)).body as {
      spec: { holderIdentity?: string };
    };
    expect(lease.spec.holderIdentity ?? '').toBe('');
  });
});
