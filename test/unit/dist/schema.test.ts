import { beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { synthesize } from '../../../charts/synth.js';
import { distFiles } from '../../../charts/dist/files.js';
import { SchemaCatalog } from './schemas/validator.js';
import { GardenerInterfaceChecker } from './schemas/gardener-interfaces.js';
import { defaultLandscapeInput, resolveInput } from './landscape-fixture.js';

/**
 * Every object in dist/ against a real schema:
 * - CRD kinds (Flux, cert-manager, operator.gardener.cloud, resources.gardener.cloud, ...): the upstream
 *   CRD's openAPIV3Schema from generators/upstream/;
 * - core kinds (Namespace, Secret, Service, StatefulSet, ...): the Kubernetes OpenAPI v3 documents of
 *   the kube-apiserver version the integration tests run (schemas/kubernetes-openapi.ts);
 * - Gardener's aggregated kinds (Project, CloudProfile, Shoot, Gardenlet, ManagedSeed,
 *   CredentialsBinding) have no CRD: they are checked against the bindings generated from the OpenAPI
 *   gardener-apiserver serves (schemas/gardener-interfaces.ts); the integration tests apply them to it.
 * A kind without any schema fails the test by name; nothing is skipped.
 */

let catalog: SchemaCatalog;
let gardener: GardenerInterfaceChecker;
beforeAll(async () => {
  catalog = await SchemaCatalog.load();
  gardener = new GardenerInterfaceChecker();
}, 120_000);

const files = distFiles(synthesize(resolveInput(defaultLandscapeInput())));

/** An API object as dist/ holds it: every one has apiVersion and kind (the validators check the rest). */
type DistObject = Record<string, unknown> & { apiVersion: string; kind: string; metadata?: unknown };

/** The API objects of dist/ (kustomization.yaml files are kustomize's build config, checked separately). */
function objects(): Array<{ file: string; object: DistObject }> {
  return [...files]
    .filter(([file]) => file.endsWith('.yaml') && !file.endsWith('/kustomization.yaml') && file !== 'required-secrets.yaml' && file !== 'versions.yaml')
    .flatMap(([file, content]) => parseAllDocuments(content).map((doc) => ({ file, object: doc.toJS() as DistObject })));
}

function problemsOf(object: DistObject): string[] {
  if (gardener.has(object.apiVersion, object.kind)) return [...gardener.check(object), ...catalog.validateMetadata(object.metadata)];
  if (!catalog.sourceOf(object.apiVersion, object.kind)) return [`no schema for ${object.apiVersion} ${object.kind}: vendor its CRD into generators/upstream or its kind to the generated Gardener bindings`];
  return catalog.validate(object);
}

describe('schemas of dist/', () => {
  it('every object in dist/ is valid against its kind’s schema', () => {
    const all = objects();
    expect(all.length).toBeGreaterThan(10);
    const failures = all.flatMap(({ file, object }) => problemsOf(object).map((p) => `${file}: ${p}`));
    expect(failures).toEqual([]);
  });

  it('covers the kinds the issue requires, each from the right kind of schema', () => {
    const sources = new Map(objects().map(({ object }) => [`${object.apiVersion}/${object.kind}`, gardener.has(object.apiVersion, object.kind) ? 'generated Gardener bindings' : catalog.sourceOf(object.apiVersion, object.kind)]));
    expect(sources.get('kustomize.toolkit.fluxcd.io/v1/Kustomization')).toMatch(/^CRD flux\/crds\//);
    expect(sources.get('source.toolkit.fluxcd.io/v1/GitRepository')).toMatch(/^CRD flux\/crds\//);
    for (const [kind, source] of sources) {
      if (kind.startsWith('v1/') || /^(apps|rbac\.authorization\.k8s\.io|batch|networking\.k8s\.io|policy)\//.test(kind)) expect(source, kind).toBe('Kubernetes OpenAPI v3');
      if (/^(core|seedmanagement|security)\.gardener\.cloud\//.test(kind)) expect(source, kind).toBe('generated Gardener bindings');
    }
  });

  it('every kustomization.yaml lists exactly the other files of its folder', () => {
    for (const [file, content] of files) {
      if (!file.endsWith('/kustomization.yaml')) continue;
      const folder = file.slice(0, -'/kustomization.yaml'.length);
      const doc = parseAllDocuments(content)[0]!.toJS() as { resources: string[] };
      expect(doc).toMatchObject({ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization' });
      const siblings = [...files.keys()].filter((f) => f.startsWith(`${folder}/`) && f !== file && !f.slice(folder.length + 1).includes('/')).map((f) => f.slice(folder.length + 1));
      expect([...doc.resources].sort(), folder).toEqual(siblings.sort());
    }
  });

  it('can fail: rejects unknown fields, wrong types, missing required fields and unknown kinds', () => {
    expect(catalog.validate({ apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { ports: [{ port: '80' }] } } as DistObject)).toEqual(['/spec/ports/0/port must be integer']);
    expect(catalog.validate({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', lables: {} } })).toEqual(['/metadata must NOT have additional properties (lables)']);
    expect(
      catalog.validate({ apiVersion: 'kustomize.toolkit.fluxcd.io/v1', kind: 'Kustomization', metadata: { name: 'k' }, spec: { interval: '10m', prune: true, sourceRef: { kind: 'GitRepository', name: 'g' }, dependOn: [] } } as DistObject),
    ).toEqual(['/spec must NOT have additional properties (dependOn)']);
    expect(catalog.validate({ apiVersion: 'kustomize.toolkit.fluxcd.io/v1', kind: 'Kustomization', metadata: { name: 'k' }, spec: { interval: '10m', sourceRef: { kind: 'GitRepository', name: 'g' } } } as DistObject)).toEqual([
      "/spec must have required property 'prune'",
    ]);
    // The served schema leaves a Shoot's spec optional, but not region, kubernetes and provider within it.
    expect(gardener.check({ apiVersion: 'core.gardener.cloud/v1beta1', kind: 'Shoot', metadata: { name: 's' }, spec: { kubernetes: {}, provider: { type: 'metal' } } })).toEqual(['/spec/region is required']);
    // JSON names, not the bindings' camel-cased property names; enums and json2jsii's union classes by value.
    const shoot = (spec: object) => gardener.check({ apiVersion: 'core.gardener.cloud/v1beta1', kind: 'Shoot', metadata: { name: 's' }, spec: { region: 'r', provider: { type: 'metal' }, ...spec } });
    expect(shoot({ kubernetes: { kubeAPIServer: { eventTTL: '1h' } } })).toEqual([]);
    expect(shoot({ kubernetes: { kubeApiServer: {} } })).toEqual(['/spec/kubernetes/kubeApiServer is not a field of Kubernetes']);
    expect(shoot({ kubernetes: {}, provider: { type: 'metal', workers: [{ name: 'w', machine: { type: 'm' }, minimum: 1, maximum: 2, maxSurge: true, taints: [{ key: 'k', effect: 'Sometimes' }] }] } })).toEqual([
      '/spec/provider/workers/0/maxSurge must be a string or a number',
      '/spec/provider/workers/0/taints/0/effect is "Sometimes", expected one of "NoExecute", "NoSchedule", "PreferNoSchedule"',
    ]);
    expect(problemsOf({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } })).toEqual([
      'no schema for example.com/v1 Widget: vendor its CRD into generators/upstream or its kind to the generated Gardener bindings',
    ]);
  });
});
