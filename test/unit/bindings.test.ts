/**
 * Typed bindings: the committed CRD bindings are exactly what the generator produces from generators/upstream/,
 * the classes generated from CRDs and from gardener-apiserver's OpenAPI render the right GVKs and
 * fields, and cdk8s.yaml lists the CRD files the generator reads. (That the Gardener bindings are what
 * the served OpenAPI yields is test/integration/gardener-bindings.test.ts.)
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { Testing } from 'cdk8s';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_OUT_DIR, GENERATED_MARKER, generateCrdBindings, normalizeVersions, upstreamCrdFiles } from '../../generators/crd-bindings.js';
import { generatedDrift } from '../../generators/generated-files.js';
import { projectRoot } from '../../generators/upstream.js';
import { HelmRelease } from '../../charts/imports/helm.toolkit.fluxcd.io.js';
import { Kustomization, KustomizationSpecSourceRefKind } from '../../charts/imports/kustomize.toolkit.fluxcd.io.js';
import { BgpPeer, BgpPeerV1Beta1 } from '../../charts/imports/metallb.io.js';
import { GitRepository, OciRepository } from '../../charts/imports/source.toolkit.fluxcd.io.js';
import { ManagedResource } from '../../charts/imports/resources.gardener.cloud.js';
import { KubeClusterRoleBinding, KubeNamespace, KubeNetworkPolicy, KubeSecret, KubeStatefulSet } from '../../charts/imports/k8s.js';
import {
  CloudProfile,
  ControllerDeployment,
  ControllerRegistration,
  CredentialsBinding,
  Gardenlet,
  ManagedSeed,
  Project,
  Seed,
  Shoot,
  core,
  gardenletConfiguration,
  metal,
} from '../../charts/imports/gardener/index.js';

describe('CRD binding generator', () => {
  let outDir: string;
  let written: string[];

  beforeAll(async () => {
    outDir = await mkdtemp(join(tmpdir(), 'bindings-test-'));
    written = await generateCrdBindings({ outDir });
  }, 120_000);
  afterAll(async () => {
    await rm(outDir, { recursive: true, force: true });
  });

  it('writes one module per API group found in generators/upstream/', () => {
    expect(written.map((f) => basename(f))).toEqual(
      expect.arrayContaining([
        'operator.gardener.cloud.ts',
        'resources.gardener.cloud.ts',
        'extensions.gardener.cloud.ts',
        'helm.toolkit.fluxcd.io.ts',
        'kustomize.toolkit.fluxcd.io.ts',
        'source.toolkit.fluxcd.io.ts',
        'cert-manager.io.ts',
        'argoproj.io.ts',
        'external-secrets.io.ts',
        'metal-stack.io.ts',
        'firewall.metal-stack.io.ts',
        'machine.sapcloud.io.ts',
        'metallb.io.ts',
      ]),
    );
  });

  it('reproduces the committed charts/imports byte for byte, with no stale generated files', async () => {
    expect(await generatedDrift(DEFAULT_OUT_DIR, outDir, GENERATED_MARKER), 'run npm run generate:bindings').toEqual([]);
  });

  it('merges all CRD files of one group into one module (Flux source CRDs)', async () => {
    const source = await readFile(join(outDir, 'source.toolkit.fluxcd.io.ts'), 'utf8');
    for (const kind of ['GitRepository', 'OciRepository', 'HelmRepository', 'HelmChart', 'Bucket']) {
      expect(source).toContain(`export class ${kind} extends ApiObject`);
    }
  });

  it('orders CRD versions storage-first and drops unserved ones', () => {
    const crd = {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      spec: {
        group: 'example.io',
        names: { kind: 'Thing' },
        versions: [
          { name: 'v1alpha1', served: false, storage: false },
          { name: 'v1beta1', served: true, storage: false },
          { name: 'v1', served: true, storage: true },
        ],
      },
    };
    expect(normalizeVersions(crd).spec.versions?.map((v) => v.name)).toEqual(['v1', 'v1beta1']);
  });

  it('cdk8s.yaml lists exactly the CRD files the generator reads', async () => {
    const config = parse(await readFile(join(projectRoot, 'cdk8s.yaml'), 'utf8')) as { imports: string[]; output: string };
    const expected = (await upstreamCrdFiles()).map((f) => `generators/upstream/${f}`);
    expect(config.imports).toEqual(expected);
    expect(config.output).toBe('dist');
  });
});

describe('generated CRD classes', () => {
  it('render a Flux Kustomization with dependsOn and a source reference', () => {
    const chart = Testing.chart();
    new Kustomization(chart, 'gardener', {
      metadata: { name: 'runtime-gardener', namespace: 'flux-system' },
      spec: {
        interval: '10m',
        path: './dist/runtime/gardener',
        prune: false,
        sourceRef: { kind: KustomizationSpecSourceRefKind.GIT_REPOSITORY, name: 'metal-garden' },
        dependsOn: [{ name: 'runtime-prerequisites' }, { name: 'runtime-metal-control-plane' }],
      },
    });
    const obj: unknown = Testing.synth(chart)[0];
    expect(obj).toMatchObject({
      apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
      kind: 'Kustomization',
      metadata: { name: 'runtime-gardener', namespace: 'flux-system' },
      spec: {
        dependsOn: [{ name: 'runtime-prerequisites' }, { name: 'runtime-metal-control-plane' }],
        sourceRef: { kind: 'GitRepository', name: 'metal-garden' },
        prune: false,
      },
    });
  });

  it('use the storage versions of the pinned CRDs', () => {
    expect(HelmRelease.GVK).toEqual({ apiVersion: 'helm.toolkit.fluxcd.io/v2', kind: 'HelmRelease' });
    expect(GitRepository.GVK.apiVersion).toBe('source.toolkit.fluxcd.io/v1');
    expect(OciRepository.GVK).toEqual({ apiVersion: 'source.toolkit.fluxcd.io/v1', kind: 'OCIRepository' });
    expect(ManagedResource.GVK.apiVersion).toBe('resources.gardener.cloud/v1alpha1');
    // metallb serves BGPPeer in v1beta1 and v1beta2; v1beta2 is stored, so it gets the plain name.
    expect(BgpPeer.GVK.apiVersion).toBe('metallb.io/v1beta2');
    expect(BgpPeerV1Beta1.GVK.apiVersion).toBe('metallb.io/v1beta1');
  });
});

describe('Kubernetes core kinds re-exported from cdk8s-plus-28', () => {
  it('carry the core GVKs', () => {
    expect(KubeNamespace.GVK).toEqual({ apiVersion: 'v1', kind: 'Namespace' });
    expect(KubeSecret.GVK).toEqual({ apiVersion: 'v1', kind: 'Secret' });
    expect(KubeStatefulSet.GVK).toEqual({ apiVersion: 'apps/v1', kind: 'StatefulSet' });
    expect(KubeNetworkPolicy.GVK).toEqual({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy' });
    expect(KubeClusterRoleBinding.GVK).toEqual({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding' });
  });
});

describe('Gardener classes generated from the served OpenAPI', () => {
  it('have the GVKs gardener-apiserver serves', () => {
    expect(
      [Project, CloudProfile, Shoot, Seed, ControllerRegistration, ControllerDeployment, Gardenlet, ManagedSeed, CredentialsBinding].map(
        (k) => `${k.GVK.apiVersion} ${k.GVK.kind}`,
      ),
    ).toEqual([
      'core.gardener.cloud/v1beta1 Project',
      'core.gardener.cloud/v1beta1 CloudProfile',
      'core.gardener.cloud/v1beta1 Shoot',
      'core.gardener.cloud/v1beta1 Seed',
      'core.gardener.cloud/v1beta1 ControllerRegistration',
      'core.gardener.cloud/v1 ControllerDeployment',
      'seedmanagement.gardener.cloud/v1alpha1 Gardenlet',
      'seedmanagement.gardener.cloud/v1alpha1 ManagedSeed',
      'security.gardener.cloud/v1alpha1 CredentialsBinding',
    ]);
  });

  it('render a Shoot with the API field names, without undefined fields, with typed metal provider configs', () => {
    const chart = Testing.chart();
    new Shoot(chart, 'shoot', {
      metadata: { name: 'seed-a', namespace: 'garden', annotations: { [metal.ANNOTATION_CLUSTER_TENANT]: 'operator' } },
      spec: {
        cloudProfile: { kind: 'CloudProfile', name: 'metal' },
        region: 'muc',
        credentialsBindingName: 'metal-credentials',
        purpose: 'infrastructure',
        seedName: undefined,
        // json2jsii camel-cases acronyms in property names; toJson restores the API's names.
        kubernetes: { version: '1.33.4', kubeApiServer: { eventTtl: '1h' } },
        provider: {
          type: 'metal',
          infrastructureConfig: metal.infrastructureConfig({
            firewall: { size: 'n1-medium-x86', image: 'firewall-ubuntu-3.0', networks: ['internet'], controllerVersion: undefined },
            partitionID: 'muc-1',
            projectID: '00000000-0000-0000-0000-000000000001',
          }),
          workers: [
            {
              name: 'default',
              machine: { type: 'c1-xlarge-x86' },
              minimum: 1,
              maximum: 3,
              maxSurge: core.IntOrString.fromString('10%'),
              zones: ['muc-1'],
              taints: undefined,
            },
          ],
        },
        tolerations: [{ key: 'seed.gardener.cloud/protected' }],
      },
    });
    // What the assertions below read of the synthesized Shoot.
    const obj = (Testing.synth(chart) as { spec: { provider: { workers: unknown[]; infrastructureConfig: { firewall: unknown } } } }[])[0]!;
    const text = JSON.stringify(obj);
    expect(text).not.toContain('null');
    expect(obj).toMatchObject({
      apiVersion: 'core.gardener.cloud/v1beta1',
      kind: 'Shoot',
      metadata: { annotations: { 'cluster.metal-stack.io/tenant': 'operator' } },
      spec: {
        purpose: 'infrastructure',
        kubernetes: { kubeAPIServer: { eventTTL: '1h' } },
        provider: {
          infrastructureConfig: {
            apiVersion: 'metal.provider.extensions.gardener.cloud/v1alpha1',
            kind: 'InfrastructureConfig',
            partitionID: 'muc-1',
          },
          workers: [{ name: 'default', maxSurge: '10%', zones: ['muc-1'] }],
        },
      },
    });
    expect(obj.spec).not.toHaveProperty('seedName');
    expect(obj.spec.provider.workers[0]).not.toHaveProperty('taints');
    expect(obj.spec.provider.infrastructureConfig.firewall).not.toHaveProperty('controllerVersion');
  });

  it('keep CredentialsBinding fields at the top level (it has no spec)', () => {
    const manifest: unknown = CredentialsBinding.manifest({
      metadata: { name: 'metal-credentials', namespace: 'garden' },
      provider: { type: 'metal' },
      credentialsRef: { apiVersion: 'v1', kind: 'Secret', name: 'metal-credentials', namespace: undefined },
      quotas: undefined,
    });
    expect(manifest).toEqual({
      apiVersion: 'security.gardener.cloud/v1alpha1',
      kind: 'CredentialsBinding',
      metadata: { name: 'metal-credentials', namespace: 'garden' },
      provider: { type: 'metal' },
      credentialsRef: { apiVersion: 'v1', kind: 'Secret', name: 'metal-credentials' },
    });
  });

  it('render a Gardenlet whose seedConfig carries the soil seed', () => {
    const chart = Testing.chart();
    new Gardenlet(chart, 'soil', {
      metadata: { name: 'soil', namespace: 'garden' },
      spec: {
        deployment: { replicaCount: 2, helm: { ociRepository: { ref: 'europe-docker.pkg.dev/gardener-project/releases/charts/gardener/gardenlet:v1.138.0' } } },
        config: gardenletConfiguration({
          seedConfig: {
            spec: {
              provider: { type: 'gcp', region: 'europe-west3' },
              networks: { nodes: '10.0.0.0/20', pods: '10.4.0.0/14', services: '10.8.0.0/20', blockCidRs: ['169.254.169.254/32'] },
              dns: { provider: { type: 'google-clouddns', credentialsRef: { apiVersion: 'v1', kind: 'Secret', name: 'dns', namespace: 'garden' } } },
              ingress: { domain: 'soil.example.com', controller: { kind: 'nginx' } },
              taints: [{ key: 'seed.gardener.cloud/protected' }],
              settings: { scheduling: { visible: false } },
            },
          },
        }),
      },
    });
    const obj: unknown = Testing.synth(chart)[0];
    expect(obj).toMatchObject({
      apiVersion: 'seedmanagement.gardener.cloud/v1alpha1',
      kind: 'Gardenlet',
      spec: {
        config: {
          apiVersion: 'gardenlet.config.gardener.cloud/v1alpha1',
          kind: 'GardenletConfiguration',
          // The seed template is inside a RawExtension: gardenletConfiguration() renders it with the API's names.
          seedConfig: { spec: { networks: { blockCIDRs: ['169.254.169.254/32'] }, settings: { scheduling: { visible: false } } } },
        },
      },
    });
  });
});
