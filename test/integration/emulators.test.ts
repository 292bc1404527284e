// The emulators of test/envtest/emulators/ against a real kube-apiserver (a control plane of this
// file's own, so the Garden and webhooks it creates meet no other test's objects): each writes
// what its real controller writes, through the API the real one uses (status subresources,
// TokenRequest, server-side apply), pausing holds a status back, and an unexpected object is an
// error, not a silent change. No simulated cluster: nothing else writes these statuses here.
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../generators/upstream.js';
import { Applier } from '../envtest/apply.js';
import { startControlPlane, type ControlPlane } from '../envtest/control-plane.js';
import { crdsFromMirror, installCrds } from '../envtest/crds.js';
import { startEmulator, type EmulatorSpec, type RunningEmulator } from '../envtest/emulators/emulator.js';
import { certManagerEmulator } from '../envtest/emulators/cert-manager.js';
import { extensionEmulator } from '../envtest/emulators/extension.js';
import { gardenEmulator } from '../envtest/emulators/garden.js';
import { loadBalancerEmulator } from '../envtest/emulators/load-balancer.js';
import { managedResourceEmulator } from '../envtest/emulators/managed-resource.js';
import { tokenRequestorEmulator } from '../envtest/emulators/token-requestor.js';
import { volumeProvisionerEmulator } from '../envtest/emulators/volume-provisioner.js';
import { webhookEmulator } from '../envtest/emulators/webhooks.js';
import { eventually } from '../envtest/eventually.js';
import { KubeRest, type KubeObject } from '../envtest/kube-rest.js';
import { crdsAfterLayer } from './landscape-emulation.js';

const log = (line: string): void => {
  process.stderr.write(`envtest: ${line}\n`);
};
let plane: ControlPlane;
let rest: KubeRest;
let applier: Applier;
const running: RunningEmulator[] = [];
const run = (spec: EmulatorSpec): RunningEmulator => {
  const e = startEmulator(rest, spec, 100);
  running.push(e);
  return e;
};
const distObject = (path: string): KubeObject => parse(readFileSync(join(projectRoot, 'dist', path), 'utf8')) as KubeObject;
const get = async (path: string): Promise<(KubeObject & { status?: Record<string, unknown>; data?: Record<string, string> }) | undefined> => {
  const res = await rest.request('GET', path);
  return res.status === 200 ? (res.body as KubeObject) : undefined;
};

beforeAll(async () => {
  plane = await startControlPlane(log);
  rest = new KubeRest(plane.kubeconfig);
  applier = new Applier(rest);
  const gardener = (file: string) => crdsFromMirror('gardener', 'crds', file);
  await installCrds(applier, [gardener('10-crd-operator.gardener.cloud_gardens.yaml'), gardener('10-crd-operator.gardener.cloud_extensions.yaml')].flat());
  await applier.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'garden' } });
}, 600_000);

afterAll(async () => {
  for (const e of running) await e.stop();
  await plane?.stop();
});

describe('gardener-operator: Extension and Garden', () => {
  it('reports NoGardenFound, holds the Garden back while paused, then writes Succeeded, installs the ManagedResource CRD and Installed True', async () => {
    const extensions = run(extensionEmulator(rest));
    const garden = run(gardenEmulator({ crdsAfterReconcile: crdsAfterLayer('runtime/garden')!.crds }));
    garden.pause();
    await applier.apply(distObject('runtime/extensions/extension.os-metal.yaml'));
    const extensionPath = '/apis/operator.gardener.cloud/v1alpha1/extensions/os-metal';
    await eventually('Installed False NoGardenFound', async () => JSON.stringify((await get(extensionPath))?.status ?? {}).includes('NoGardenFound'));

    await applier.apply(distObject('runtime/garden/garden.fra.yaml'));
    const gardenPath = '/apis/operator.gardener.cloud/v1alpha1/gardens/fra';
    await new Promise((r) => setTimeout(r, 1000));
    expect((await get(gardenPath))?.status).toBeUndefined();
    expect(garden.writes()).toEqual([]);

    garden.resume();
    const status = await eventually('Garden Succeeded', async () => {
      const s = (await get(gardenPath))?.status as { lastOperation?: { state: string }; observedGeneration?: number; conditions?: unknown[] } | undefined;
      return s?.lastOperation?.state === 'Succeeded' ? s : false;
    });
    expect(status.observedGeneration).toBe(1);
    expect(status.conditions).toHaveLength(4);
    await eventually('ManagedResource CRD', () => get('/apis/apiextensions.k8s.io/v1/customresourcedefinitions/managedresources.resources.gardener.cloud'));
    await eventually('Installed True', async () => JSON.stringify((await get(extensionPath))?.status ?? {}).includes('ReconcileSuccessful'));
    // Written once each: the emulators leave an object alone once its status is final.
    await new Promise((r) => setTimeout(r, 500));
    expect(garden.writes().filter((w) => w.startsWith('Garden'))).toHaveLength(1);
    expect(extensions.writes()).toHaveLength(2);
    expect([...garden.errors(), ...extensions.errors()]).toEqual([]);
  });
});

describe('gardener-resource-manager: token-requestor and ManagedResource', () => {
  it('fills the virtual-garden access kubeconfig with a working token, and applies the RBAC ManagedResource', async () => {
    const caPem = readFileSync(plane.pki.ca.cert, 'utf8');
    const tokens = run(tokenRequestorEmulator(rest, rest, { server: plane.kubeApiServerUrl, caPem }));
    const managed = run(managedResourceEmulator(rest));
    await eventually(
      'ManagedResource CRD served',
      async () => (await rest.request('GET', '/apis/resources.gardener.cloud/v1alpha1/managedresources')).status === 200,
      20_000,
    );
    for (const file of [
      'secret.metal-garden-virtual-garden-access.yaml',
      'secret.managedresource-metal-garden-flux-access.yaml',
      'managedresource.metal-garden-flux-access.yaml',
    ]) {
      await applier.apply(distObject(`runtime/virtual-garden-access/${file}`));
    }
    const secretPath = '/api/v1/namespaces/garden/secrets/metal-garden-virtual-garden-access';
    const secret = await eventually('token written', async () => {
      const s = await get(secretPath);
      return (s?.metadata.annotations as Record<string, string> | undefined)?.['serviceaccount.resources.gardener.cloud/token-renew-timestamp'] ? s : false;
    });
    const kubeconfig = parse(Buffer.from(secret.data!['kubeconfig']!, 'base64').toString('utf8')) as {
      clusters: { cluster: { server: string; 'certificate-authority-data': string } }[];
      users: { user: { token: string } }[];
    };
    expect(kubeconfig.clusters[0]!.cluster.server).toBe(plane.kubeApiServerUrl);
    expect(Buffer.from(kubeconfig.clusters[0]!.cluster['certificate-authority-data'], 'base64').toString('utf8')).toBe(caPem);
    const review = await rest.withToken(kubeconfig.users[0]!.user.token).request('POST', '/apis/authentication.k8s.io/v1/selfsubjectreviews', {
      apiVersion: 'authentication.k8s.io/v1',
      kind: 'SelfSubjectReview',
    });
    expect((review.body as { status: { userInfo: { username: string } } }).status.userInfo.username).toBe(
      'system:serviceaccount:kube-system:metal-garden-flux',
    );

    const mrPath = '/apis/resources.gardener.cloud/v1alpha1/namespaces/garden/managedresources/metal-garden-flux-access';
    await eventually('ManagedResource healthy', async () => ((await get(mrPath))?.status?.['observedGeneration'] === 1 ? true : false));
    // Every object of the ManagedResource's Secret now exists.
    const secretData = parse(
      readFileSync(join(projectRoot, 'dist/runtime/virtual-garden-access/secret.managedresource-metal-garden-flux-access.yaml'), 'utf8'),
    ) as {
      stringData: Record<string, string>;
    };
    const objects = Object.values(secretData.stringData).flatMap((text) => parseAllDocuments(text).map((d) => d.toJS() as KubeObject));
    for (const o of objects) expect(await new Applier(rest).pathOf(o).then((p) => get(p)), `${o.kind} ${o.metadata.name}`).toBeDefined();
    expect([...tokens.errors(), ...managed.errors()]).toEqual([]);
  });
});

describe('cloud and storage controllers, webhooks', () => {
  it('gives LoadBalancer Services an address, provisions volumes for claims, makes known serverless webhooks select nothing and reports unknown ones', async () => {
    const lb = run(loadBalancerEmulator());
    const volumes = run(volumeProvisionerEmulator(['standard']));
    const webhooks = run(webhookEmulator([{ kind: 'ValidatingWebhookConfiguration', name: 'cert-manager-webhook', by: 'the cert-manager chart' }]));
    await applier.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'emulated' } });
    await applier.apply({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'lb', namespace: 'emulated' },
      spec: { type: 'LoadBalancer', ports: [{ port: 443 }], selector: { app: 'x' } },
    });
    await eventually('LoadBalancer address', async () =>
      JSON.stringify((await get('/api/v1/namespaces/emulated/services/lb'))?.status ?? {}).includes('192.0.2.'),
    );
    await applier.apply({
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name: 'data', namespace: 'emulated' },
      spec: { storageClassName: 'standard', accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
    });
    const claim = (await get('/api/v1/namespaces/emulated/persistentvolumeclaims/data'))!;
    const pv = await eventually('PersistentVolume', () => get(`/api/v1/persistentvolumes/pvc-${claim.metadata['uid'] as string}`));
    expect((pv as unknown as { spec: { claimRef: { name: string } } }).spec.claimRef.name).toBe('data');

    const webhook = (name: string): KubeObject => ({
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'ValidatingWebhookConfiguration',
      metadata: { name },
      webhooks: [
        {
          name: 'webhook.example.com',
          clientConfig: { service: { name: 'x', namespace: 'emulated' } },
          rules: [{ apiGroups: ['example.com'], apiVersions: ['v1'], operations: ['CREATE'], resources: ['things'] }],
          sideEffects: 'None',
          admissionReviewVersions: ['v1'],
        },
      ],
    });
    await applier.apply(webhook('cert-manager-webhook'));
    await eventually('known webhook selects no object', async () =>
      JSON.stringify(await get('/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations/cert-manager-webhook')).includes(
        'envtest-webhook-server',
      ),
    );
    await applier.apply(webhook('someone-elses'));
    await eventually('unknown webhook reported', () =>
      webhooks.errors().some((e) => e.includes('ValidatingWebhookConfiguration someone-elses is not one this test knows')),
    );
    expect(await get('/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations/someone-elses')).toBeDefined();
    expect([...lb.errors(), ...volumes.errors()]).toEqual([]);
  });
});

describe('cert-manager: dist/runtime/metal-databases issuers and certificates', () => {
  beforeAll(async () => {
    await installCrds(
      applier,
      ['certificates', 'issuers', 'clusterissuers'].flatMap((kind) => crdsFromMirror('cert-manager', 'crds', `cert-manager.io_${kind}.yaml`)),
    );
    await applier.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'metal-control-plane' } });
  });

  it('makes the self-signed issuer Ready, issues the CA, makes the CA issuer Ready and issues the server certificate it signs', async () => {
    const certManager = run(certManagerEmulator(rest));
    for (const file of ['issuer.metal-selfsigned', 'issuer.metal-ca', 'certificate.metal-ca', 'certificate.nsqd-server'])
      await applier.apply(distObject(`runtime/metal-databases/${file}.yaml`));
    const certificates = '/apis/cert-manager.io/v1/namespaces/metal-control-plane/certificates';
    const ready = (o: { status?: Record<string, unknown> } | undefined) =>
      ((o?.status?.['conditions'] ?? []) as { type: string; status: string; observedGeneration?: number }[]).some(
        (c) => c.type === 'Ready' && c.status === 'True' && c.observedGeneration === 1,
      );
    await eventually('nsqd-server Ready', async () => ready(await get(`${certificates}/nsqd-server`)), 30_000);
    expect(ready(await get('/apis/cert-manager.io/v1/namespaces/metal-control-plane/issuers/metal-ca'))).toBe(true);
    const secret = (await get('/api/v1/namespaces/metal-control-plane/secrets/nsqd-server-tls'))!;
    const ca = (await get('/api/v1/namespaces/metal-control-plane/secrets/metal-ca'))!;
    const pem = (s: typeof secret, key: string) => Buffer.from(s.data![key]!, 'base64').toString('utf8');
    expect((secret as unknown as { type: string }).type).toBe('kubernetes.io/tls');
    expect(new X509Certificate(pem(secret, 'tls.crt')).checkIssued(new X509Certificate(pem(ca, 'tls.crt')))).toBe(true);
    expect((await get(`${certificates}/nsqd-server`))?.status).toMatchObject({ revision: 1 });
    // Issued once: later rounds leave the Secret and the status alone.
    await new Promise((r) => setTimeout(r, 500));
    expect(certManager.writes().filter((w) => w.startsWith('Secret'))).toHaveLength(2);
    expect(certManager.errors()).toEqual([]);
  });

  it("registers dist/'s ACME ClusterIssuer but issues nothing through it: a Certificate naming it is an error, not a self-signed stand-in", async () => {
    const certManager = run(certManagerEmulator(rest));
    await applier.apply(distObject('runtime/metal-control-plane/clusterissuer.metal-garden-public.yaml'));
    await applier.apply({
      apiVersion: 'cert-manager.io/v1',
      kind: 'Certificate',
      metadata: { name: 'public-web', namespace: 'metal-control-plane' },
      spec: { secretName: 'public-web-tls', dnsNames: ['api.example.com'], issuerRef: { kind: 'ClusterIssuer', name: 'metal-garden-public' } },
    });
    await eventually(
      'the ACME Certificate reported',
      () => certManager.errors().some((e) => e.includes('ClusterIssuer metal-garden-public is not a selfSigned or ca issuer')),
      30_000,
    );
    const issuer = await get('/apis/cert-manager.io/v1/clusterissuers/metal-garden-public');
    expect(issuer?.status?.['conditions']).toMatchObject([{ type: 'Ready', status: 'True', reason: 'ACMEAccountRegistered' }]);
    expect(await get('/api/v1/namespaces/metal-control-plane/secrets/public-web-tls')).toBeUndefined();
  });
});
