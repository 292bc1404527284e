// dist/argocd: the Argo CD rendering of the layer graph, for landscapes built in code with
// spec.delivery.engine argocd or both (landscapes/default.yaml stays flux). Objects are checked
// against the vendored Argo CD CRD schemas, waves against the real layer graph, the AppProject
// against what dist/ holds, protections per kind against charts/dist/protect.ts.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../../generators/upstream.js';
import { isPruneProtected } from '../../../charts/dist/protect.js';
import { layerId, type LayerId } from '../../../charts/clusters/layer.js';
import type { Manifest } from '../../../charts/synth.js';
import { argoCdHealthKey } from '../../../charts/delivery/argocd/health-checks.js';
import { ARGOCD_CM_FOLDER, ARGOCD_FOLDER } from '../../../charts/delivery/argocd/index.js';
import { applicationHealthScript } from '../../../charts/delivery/argocd/argocd-cm.js';
import { kindsArrivingLater } from '../../../charts/delivery/argocd/crd-arrival.js';
import { ARGOCD_SYNC_OPTIONS, mergeSyncOptions, protectFromArgoCdDeletion } from '../../../charts/delivery/argocd/protect.js';
import { projectScope } from '../../../charts/delivery/argocd/project-scope.js';
import { SYNC_WAVE, syncWaves } from '../../../charts/delivery/argocd/sync-waves.js';
import { IN_CLUSTER_SERVER, virtualGardenClusterName } from '../../../charts/delivery/argocd/virtual-garden-cluster.js';
import { SchemaCatalog } from '../dist/schemas/validator.js';
import { GardenerInterfaceChecker } from '../dist/schemas/gardener-interfaces.js';
import { runLuaHealth, type JsonValue } from './lua-health.js';
import { distFor, folderObjects, layerFolders, objectsOf, synthesisFor } from './argocd-fixture.js';

const synthesis = synthesisFor('argocd');
const landscape = synthesis.input.landscape;
const argo = distFor('argocd');
const both = distFor('both');
const flux = distFor('flux');

/** The fields of Application and AppProject these tests read. */
interface ApplicationSpec {
  readonly project: string;
  readonly source: { readonly repoURL: string; readonly targetRevision: string; readonly path: string };
  readonly destination: { readonly server?: string; readonly name?: string; readonly namespace?: string };
  readonly syncPolicy: {
    readonly automated?: { readonly prune?: boolean; readonly selfHeal?: boolean };
    readonly syncOptions?: readonly string[];
    readonly retry?: {
      readonly limit?: number;
      readonly refresh?: boolean;
      readonly backoff?: { readonly duration?: string; readonly factor?: number; readonly maxDuration?: string };
    };
  };
  readonly ignoreDifferences?: ReadonlyArray<{
    readonly group?: string;
    readonly kind: string;
    readonly name?: string;
    readonly jsonPointers?: readonly string[];
    readonly jqPathExpressions?: readonly string[];
  }>;
}
interface AppProjectSpec {
  readonly sourceRepos: readonly string[];
  readonly destinations: ReadonlyArray<{ readonly server?: string; readonly name?: string; readonly namespace: string }>;
  readonly clusterResourceWhitelist: ReadonlyArray<{ readonly group: string; readonly kind: string }>;
  readonly namespaceResourceWhitelist: ReadonlyArray<{ readonly group: string; readonly kind: string }>;
}
const annotations = (m: Manifest) => (m.metadata.annotations as Record<string, string> | undefined) ?? {};
const appSpec = (m: Manifest) => m.spec as ApplicationSpec;

const argocdObjects = folderObjects(argo, ARGOCD_FOLDER).map((o) => o.object);
const applications = argocdObjects.filter((m) => m.kind === 'Application');
const project = argocdObjects.find((m) => m.kind === 'AppProject')!;
const projectSpec = project.spec as AppProjectSpec;
const rootPath = `${landscape.spec.delivery.repository.path}/${ARGOCD_FOLDER}`;
const root = applications.find((a) => appSpec(a).source.path === rootPath)!;
const children = applications.filter((a) => a !== root);
const appOf = (id: LayerId) => {
  const app = children.find((a) => appSpec(a).source.path === `${landscape.spec.delivery.repository.path}/${id}`);
  if (!app) throw new Error(`no Application for layer ${id}`);
  return app;
};
const waveOf = (app: Manifest) => Number(annotations(app)[SYNC_WAVE]);
const group = (apiVersion: string) => (apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '');

describe('dist/ per delivery engine', () => {
  it('flux: exactly the committed dist/, byte for byte, with no Argo CD folder or annotation', () => {
    for (const [path, content] of flux) expect(readFileSync(join(projectRoot, 'dist', path), 'utf8'), path).toBe(content);
    expect([...flux.keys()].some((p) => p.startsWith(`${ARGOCD_FOLDER}/`))).toBe(false);
    expect([...flux.values()].some((c) => c.includes('argocd.argoproj.io/'))).toBe(false);
  });

  it('argocd: dist/argocd and its argocd-cm folder, no dist/flux', () => {
    expect(argo.has(`${ARGOCD_FOLDER}/kustomization.yaml`)).toBe(true);
    expect(argo.has(`${ARGOCD_CM_FOLDER}/configmap.argocd-cm.yaml`)).toBe(true);
    expect([...argo.keys()].some((p) => p.startsWith('flux/'))).toBe(false);
    expect(layerFolders(argo)).toEqual(layerFolders(flux));
  });

  it('both: the Flux folder of a flux dist/ and the Argo CD folders and layers of an argocd dist/, unchanged', () => {
    for (const [path, content] of both) {
      if (path.startsWith('flux/')) expect(content, path).toBe(flux.get(path));
      else if (path !== 'README.md' && path !== 'required-secrets.yaml') expect(content, path).toBe(argo.get(path));
    }
    expect([...both.keys()].filter((p) => p.startsWith('flux/')).sort()).toEqual([...flux.keys()].filter((p) => p.startsWith('flux/')).sort());
    expect([...both.keys()].filter((p) => !p.startsWith('flux/')).sort()).toEqual([...argo.keys()].sort());
  });

  it('lists the repository Secret each engine reads: Flux in its namespace, Argo CD labelled in its own', () => {
    const secrets = (files: typeof argo) =>
      objectsOf(files, 'required-secrets.yaml')[0] as unknown as { secrets: Array<{ namespace: string; name: string; labels?: Record<string, string> }> };
    const repo = landscape.spec.delivery.repository.secretRef!;
    const find = (files: typeof argo, namespace: string) => secrets(files).secrets.find((s) => s.name === repo && s.namespace === namespace);
    expect(find(argo, landscape.spec.delivery.argocd.namespace)?.labels).toEqual({ 'argocd.argoproj.io/secret-type': 'repository' });
    expect(find(argo, landscape.spec.delivery.namespace)).toBeUndefined();
    expect(find(both, landscape.spec.delivery.namespace)).toBeDefined();
    expect(find(both, landscape.spec.delivery.argocd.namespace)).toBeDefined();
  });
});

describe('dist/argocd objects against the vendored Argo CD CRDs', () => {
  let catalog: SchemaCatalog;
  let gardener: GardenerInterfaceChecker;
  beforeAll(async () => {
    catalog = await SchemaCatalog.load();
    gardener = new GardenerInterfaceChecker();
  }, 120_000);

  it('every object of an argocd and a both dist/ is valid against its schema (Applications and AppProject: argo-cd/crds)', () => {
    for (const files of [argo, both]) {
      const objects = [...files.keys()]
        .filter((f) => f.endsWith('.yaml') && !f.endsWith('kustomization.yaml') && f !== 'required-secrets.yaml' && f !== 'versions.yaml')
        .flatMap((file) => objectsOf(files, file).map((object) => ({ file, object: object })));
      const failures = objects.flatMap(({ file, object }) => {
        if (gardener.has(object.apiVersion, object.kind))
          return [...gardener.check(object), ...catalog.validateMetadata(object.metadata)].map((p) => `${file}: ${p}`);
        return catalog.validate(object).map((p) => `${file}: ${p}`);
      });
      expect(failures).toEqual([]);
    }
    expect(catalog.sourceOf('argoproj.io/v1alpha1', 'Application')).toMatch(/^CRD argo-cd\/crds\//);
    expect(catalog.sourceOf('argoproj.io/v1alpha1', 'AppProject')).toMatch(/^CRD argo-cd\/crds\//);
  });

  it('the schema check can fail on an Application', () => {
    const broken = { ...root, spec: { ...appSpec(root), syncPolicy: { ...appSpec(root).syncPolicy, retry: { limit: 'many' } } } };
    expect(catalog.validate(broken as Manifest & Record<string, unknown>)).toEqual(['/spec/syncPolicy/retry/limit must be integer']);
  });
});

describe('Applications', () => {
  it('one per layer, reading the layer folder of the repository, applying it to its cluster', () => {
    expect(children).toHaveLength(synthesis.layers.length);
    for (const rendered of synthesis.layers) {
      const app = appOf(rendered.id);
      const spec = appSpec(app);
      expect(app.metadata.namespace).toBe(landscape.spec.delivery.argocd.namespace);
      expect(spec.project).toBe(project.metadata.name);
      expect(spec.source.repoURL).toBe(landscape.spec.delivery.repository.url);
      expect(spec.source.targetRevision).toBe(landscape.spec.delivery.repository.branch);
      expect(argo.has(`${rendered.id}/kustomization.yaml`), spec.source.path).toBe(true);
      if (rendered.layer.cluster === 'runtime') expect(spec.destination).toMatchObject({ server: IN_CLUSTER_SERVER });
      else expect(spec.destination).toMatchObject({ name: virtualGardenClusterName(landscape.metadata.name) });
      expect(spec.destination.server === undefined || spec.destination.name === undefined, 'server or name, never both').toBe(true);
      expect(spec.destination.namespace).toMatch(/^[a-z0-9-]+$/);
    }
    expect(virtualGardenClusterName(landscape.metadata.name)).toBe(`${landscape.metadata.name}-virtual-garden`);
  });

  it('the root app applies dist/argocd: the project, itself and every layer Application', () => {
    expect(appSpec(root).destination).toEqual({ server: IN_CLUSTER_SERVER, namespace: landscape.spec.delivery.argocd.namespace });
    const listed = (objectsOf(argo, `${ARGOCD_FOLDER}/kustomization.yaml`)[0] as unknown as { resources: string[] }).resources;
    const files = folderObjects(argo, ARGOCD_FOLDER).map((o) => o.file.slice(ARGOCD_FOLDER.length + 1));
    expect([...listed].sort()).toEqual([...files].sort());
    expect(argocdObjects.map((m) => `${m.kind}/${m.metadata.name}`).sort()).toEqual(
      [`AppProject/${project.metadata.name}`, `Application/${root.metadata.name}`, ...children.map((c) => `Application/${c.metadata.name}`)].sort(),
    );
    // argocd-cm is a subfolder the root's kustomization does not list: no Application ever writes it.
    expect(listed.some((r) => r.includes('argocd-cm'))).toBe(false);
  });

  it('sync, diff and retry as Flux does: automated with prune and self-heal, server-side apply and diff, no namespace creation, unlimited backoff on the newest revision', () => {
    for (const app of applications) {
      const policy = appSpec(app).syncPolicy;
      expect(policy.automated, app.metadata.name).toEqual({ prune: true, selfHeal: true });
      expect(policy.syncOptions).toEqual(expect.arrayContaining(['ServerSideApply=true', 'CreateNamespace=false', 'RespectIgnoreDifferences=true']));
      expect(policy.retry).toEqual({ limit: -1, refresh: true, backoff: { duration: '30s', factor: 2, maxDuration: landscape.spec.delivery.interval } });
      expect(annotations(app)['argocd.argoproj.io/compare-options']).toBe('ServerSideDiff=true');
    }
  });

  it('skips the dry-run exactly where a kind arrives with an earlier layer (no layer here holds only built-in kinds)', () => {
    for (const rendered of synthesis.layers) {
      const others = synthesis.layers.filter((l) => l !== rendered).flatMap((l) => l.manifests);
      const expected = kindsArrivingLater(rendered.manifests, others).length > 0;
      expect(appSpec(appOf(rendered.id)).syncPolicy.syncOptions?.includes('SkipDryRunOnMissingResource=true'), rendered.id).toBe(expected);
    }
    expect(appSpec(root).syncPolicy.syncOptions).not.toContain('SkipDryRunOnMissingResource=true');
  });

  it('ignores only what Gardener rewrites: Shoot versions under maintenance, and the create-only token Secret', () => {
    const ignored = Object.fromEntries(synthesis.layers.map((l) => [l.id, appSpec(appOf(l.id)).ignoreDifferences ?? []]));
    expect(ignored['virtual-garden/shooted-seeds']).toEqual([
      { group: 'core.gardener.cloud', kind: 'Shoot', jqPathExpressions: ['.spec.kubernetes.version', '.spec.provider.workers[]?.machine.image.version'] },
    ]);
    expect(ignored['runtime/virtual-garden-access']).toEqual([
      { group: '', kind: 'Secret', name: 'metal-garden-virtual-garden-access', namespace: 'garden', jsonPointers: ['/data', '/stringData', '/type'] },
    ]);
    const others = Object.entries(ignored).filter(([id]) => id !== 'virtual-garden/shooted-seeds' && id !== 'runtime/virtual-garden-access');
    for (const [id, rules] of others) expect(rules, id).toEqual([]);
  });
});

describe('sync waves', () => {
  it('strictly increase along every edge of the real layer graph, each the longest dependency path', () => {
    expect(synthesis.layers.length).toBeGreaterThan(10);
    let edges = 0;
    for (const rendered of synthesis.layers) {
      const wave = waveOf(appOf(rendered.id));
      const dependencies = rendered.layer.dependsOn.map((d) => waveOf(appOf(d.layer)));
      for (const [index, dependencyWave] of dependencies.entries()) {
        edges++;
        expect(wave, `${rendered.id} (wave ${wave}) after ${rendered.layer.dependsOn[index]?.layer} (wave ${dependencyWave})`).toBeGreaterThan(dependencyWave);
      }
      expect(wave, rendered.id).toBe(dependencies.length === 0 ? 0 : Math.max(...dependencies) + 1);
    }
    expect(edges).toBeGreaterThan(10);
    expect(waveOf(project)).toBeLessThan(Math.min(...children.map(waveOf)));
    expect(waveOf(root)).toBeLessThan(Math.min(...children.map(waveOf)));
  });

  it('are computed for any graph: a diamond, a chain, and an unknown dependency refused', () => {
    const layer = (name: string, ...deps: string[]) => ({
      cluster: 'runtime' as const,
      name,
      dependsOn: deps.map((d) => ({ layer: `runtime/${d}` as LayerId, why: 'test' })),
    });
    const waves = syncWaves([layer('d', 'b', 'c'), layer('c', 'a'), layer('b', 'a', 'c'), layer('a')]);
    expect(Object.fromEntries(waves)).toEqual({ 'runtime/a': 0, 'runtime/c': 1, 'runtime/b': 2, 'runtime/d': 3 });
    expect(() => syncWaves([layer('a', 'missing')])).toThrow(/runtime\/a depends on runtime\/missing/);
    expect(layerId(layer('a'))).toBe('runtime/a');
  });
});

describe('AppProject', () => {
  /** What the Applications deliver, read back from dist/ (not from the code that rendered the project). */
  function usedByDist() {
    const clusterKinds = new Set<string>();
    const namespacedKinds = new Set<string>();
    const destinations = new Set<string>();
    for (const app of applications) {
      const { source, destination } = appSpec(app);
      const cluster = destination.server !== undefined ? `server=${destination.server}` : `name=${destination.name}`;
      destinations.add(`${cluster} ${destination.namespace}`);
      for (const { object } of folderObjects(argo, source.path.slice(landscape.spec.delivery.repository.path.length + 1))) {
        const key = `${group(object.apiVersion)}/${object.kind}`;
        if (object.metadata.namespace) {
          namespacedKinds.add(key);
          destinations.add(`${cluster} ${object.metadata.namespace}`);
        } else clusterKinds.add(key);
      }
    }
    return { clusterKinds, namespacedKinds, destinations };
  }

  it('permits exactly the repository, destinations and kinds dist/ uses, nothing wider', () => {
    const used = usedByDist();
    expect(projectSpec.sourceRepos).toEqual([landscape.spec.delivery.repository.url]);
    expect(new Set(projectSpec.clusterResourceWhitelist.map((r) => `${r.group}/${r.kind}`))).toEqual(used.clusterKinds);
    expect(new Set(projectSpec.namespaceResourceWhitelist.map((r) => `${r.group}/${r.kind}`))).toEqual(used.namespacedKinds);
    expect(new Set(projectSpec.destinations.map((d) => `${d.server !== undefined ? `server=${d.server}` : `name=${d.name}`} ${d.namespace}`))).toEqual(
      used.destinations,
    );
    expect(JSON.stringify(projectSpec)).not.toMatch(/\*|"!/);
    // A few kinds dist/ does not hold, which the project therefore refuses.
    const permitted = new Set([...projectSpec.clusterResourceWhitelist, ...projectSpec.namespaceResourceWhitelist].map((r) => `${r.group}/${r.kind}`));
    for (const absent of ['rbac.authorization.k8s.io/ClusterRole', 'apiextensions.k8s.io/CustomResourceDefinition', '/Pod', 'core.gardener.cloud/Seed'])
      expect(permitted.has(absent), absent).toBe(false);
    expect(used.namespacedKinds.has('argoproj.io/Application') && used.namespacedKinds.has('argoproj.io/AppProject')).toBe(true);
    expect(used.clusterKinds.has('/Namespace') && used.namespacedKinds.has('core.gardener.cloud/Shoot')).toBe(true);
  });

  it('grows and shrinks with the manifests (projectScope is a pure function of them)', () => {
    const manifest = (apiVersion: string, kind: string, namespace?: string): Manifest => ({
      apiVersion,
      kind,
      metadata: { name: 'x', ...(namespace ? { namespace } : {}) },
    });
    const scope = projectScope([
      { cluster: { server: IN_CLUSTER_SERVER }, namespace: 'a', manifests: [manifest('v1', 'ConfigMap', 'b'), manifest('v1', 'Namespace')] },
      { cluster: { name: 'vg' }, namespace: 'garden', manifests: [manifest('core.gardener.cloud/v1beta1', 'Project')] },
    ]);
    expect(scope).toEqual({
      destinations: [
        { name: 'vg', namespace: 'garden' },
        { server: IN_CLUSTER_SERVER, namespace: 'a' },
        { server: IN_CLUSTER_SERVER, namespace: 'b' },
      ],
      clusterResources: [
        { group: '', kind: 'Namespace' },
        { group: 'core.gardener.cloud', kind: 'Project' },
      ],
      namespacedResources: [{ group: '', kind: 'ConfigMap' }],
    });
    expect(() => projectScope([{ cluster: { name: 'vg' }, namespace: '', manifests: [] }])).toThrow(/empty destination namespace/);
    expect(() =>
      projectScope([{ cluster: { name: 'vg' }, namespace: 'a', manifests: [manifest('v1', 'ConfigMap', 'a'), manifest('v1', 'ConfigMap')] }]),
    ).toThrow(/both with and without metadata.namespace/);
  });
});

describe('protection from deletion, as the Flux wiring protects', () => {
  const layerObjects = layerFolders(argo).flatMap((folder) => folderObjects(argo, folder));
  const keeps = (m: Manifest) => {
    const options = (annotations(m)[ARGOCD_SYNC_OPTIONS] ?? '').split(',');
    return options.includes('Prune=false') && options.includes('Delete=false');
  };
  // The kinds DESIGN §4 names; isPruneProtected (charts/dist/protect.ts) is the authority for the rest.
  const CRITICAL = [
    'Namespace',
    'CustomResourceDefinition',
    'Garden',
    'Gardenlet',
    'ManagedSeed',
    'Shoot',
    'Project',
    'CloudProfile',
    'StatefulSet',
    'PersistentVolumeClaim',
  ];

  it.each(CRITICAL)('%s: protected by dist/, and every such object of dist/ carries Prune=false,Delete=false for Argo CD', (kind) => {
    expect(isPruneProtected({ kind }), `${kind} is not in charts/dist/protect.ts`).toBe(true);
    const inDist = layerObjects.filter(({ object }) => object.kind === kind);
    for (const { file, object } of inDist) expect(keeps(object), file).toBe(true);
    // Kinds this landscape renders no object of (CRDs come with charts, PVCs from StatefulSet templates): through the same function files.ts applies.
    if (inDist.length === 0) expect(keeps(protectFromArgoCdDeletion({ apiVersion: 'v1', kind, metadata: { name: 'x' } }))).toBe(true);
  });

  it('covers the critical kinds this landscape renders', () => {
    const kinds = new Set(layerObjects.map(({ object }) => object.kind));
    for (const kind of ['Namespace', 'Garden', 'Gardenlet', 'ManagedSeed', 'Shoot', 'Project', 'CloudProfile', 'StatefulSet'])
      expect(kinds.has(kind), kind).toBe(true);
  });

  it('marks exactly the objects isPruneProtected names, and leaves the Flux marker in place', () => {
    for (const { file, object } of layerObjects) {
      expect(keeps(object), file).toBe(isPruneProtected(object));
      if (isPruneProtected(object)) expect(annotations(object)['kustomize.toolkit.fluxcd.io/prune'], file).toBe('disabled');
    }
  });

  it('the project and every Application are kept too, and no Application cascades a delete', () => {
    for (const object of argocdObjects) {
      expect(keeps(object), object.metadata.name).toBe(true);
      expect(object.metadata.finalizers, object.metadata.name).toBeUndefined();
    }
  });

  it('merges with sync options an object already has', () => {
    expect(mergeSyncOptions('ServerSideApply=true,Prune=true', ['Prune=false', 'Delete=false'])).toBe('ServerSideApply=true,Prune=false,Delete=false');
    expect(mergeSyncOptions(undefined, ['Prune=false'])).toBe('Prune=false');
    const marked = protectFromArgoCdDeletion({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'n', annotations: { [ARGOCD_SYNC_OPTIONS]: 'Replace=true', other: 'kept' } },
    });
    expect(marked.metadata.annotations).toEqual({ [ARGOCD_SYNC_OPTIONS]: 'Replace=true,Prune=false,Delete=false', other: 'kept' });
    expect(() => mergeSyncOptions('', ['Prune'])).toThrow(/Name=value/);
  });
});

describe('argocd-cm health entries', () => {
  const configMap = objectsOf(argo, `${ARGOCD_CM_FOLDER}/configmap.argocd-cm.yaml`)[0]!;
  const data = configMap.data as Record<string, string>;

  it('a ConfigMap argocd-cm with only health entries (the Gardener kinds and cert-manager Certificates dist/ holds, and argoproj.io Applications) and resource.respectRBAC', () => {
    expect(configMap.metadata).toEqual({ name: 'argocd-cm', namespace: landscape.spec.delivery.argocd.namespace });
    expect(Object.keys(configMap).sort()).toEqual(['apiVersion', 'data', 'kind', 'metadata']);
    const gardenerKinds = layerFolders(argo)
      .flatMap((f) => folderObjects(argo, f))
      .map(({ object }) => object)
      .filter(
        (m) =>
          (/gardener\.cloud\//.test(m.apiVersion) &&
            ['Garden', 'Extension', 'Gardenlet', 'ManagedSeed', 'Seed', 'Project', 'Shoot', 'ManagedResource'].includes(m.kind)) ||
          (m.apiVersion === 'cert-manager.io/v1' && m.kind === 'Certificate'),
      )
      .map((m) => argoCdHealthKey(m.apiVersion, m.kind));
    expect(Object.keys(data).sort()).toEqual(
      [...new Set([...gardenerKinds, 'resource.customizations.health.argoproj.io_Application', 'resource.respectRBAC'])].sort(),
    );
    // runtime/metal-databases' Certificates: certificate.lua replaces Argo CD's built-in check (Ready False is not Degraded).
    expect(data['resource.customizations.health.cert-manager.io_Certificate']).toContain('-- Certificate (cert-manager.io/v1;');
    // The virtual garden's token lists only dist/'s kinds there; Argo CD must skip what it may not list.
    expect(data['resource.respectRBAC']).toBe('normal');
    expect(argo.get(`${ARGOCD_CM_FOLDER}/configmap.argocd-cm.yaml`)).toContain('resource.customizations.health.argoproj.io_Application: |');
  });

  describe('argoproj.io_Application under lua5.1 (the text argocd-cm carries)', () => {
    const script = data['resource.customizations.health.argoproj.io_Application']!;
    const app = (status?: JsonValue): JsonValue => ({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Application',
      metadata: { name: 'child' },
      ...(status ? { status } : {}),
    });
    it('is the script file', () => expect(script).toBe(applicationHealthScript()));
    it.each([
      ['no status yet', undefined, 'Progressing', /reconciled/],
      ['Synced and Healthy', { sync: { status: 'Synced' }, health: { status: 'Healthy' } }, 'Healthy', /Synced and Healthy/],
      [
        'Healthy but OutOfSync (a new revision not applied yet)',
        { sync: { status: 'OutOfSync' }, health: { status: 'Healthy' } },
        'Progressing',
        /OutOfSync, health Healthy/,
      ],
      ['resources missing before the first sync', { sync: { status: 'OutOfSync' }, health: { status: 'Missing' } }, 'Progressing', /Missing/],
      [
        'Synced, resources progressing',
        { sync: { status: 'Synced' }, health: { status: 'Progressing', message: 'waiting for Garden' } },
        'Progressing',
        /waiting for Garden/,
      ],
      ['Synced, health Unknown', { sync: { status: 'Synced' }, health: { status: 'Unknown' } }, 'Progressing', /Unknown/],
      [
        'Degraded, whatever the sync state',
        { sync: { status: 'OutOfSync' }, health: { status: 'Degraded', message: 'Garden failed' } },
        'Degraded',
        /Garden failed/,
      ],
      ['Synced and Suspended', { sync: { status: 'Synced' }, health: { status: 'Suspended' } }, 'Suspended', /Suspended/],
      ['health without sync status', { health: { status: 'Healthy' } }, 'Progressing', /not compared yet/],
    ] as const)('%s → %s', (_name, status, expected, message) => {
      const result = runLuaHealth(script, app(status));
      expect(result.status).toBe(expected);
      expect(result.message).toMatch(message);
    });
  });
});

describe('crd-arrival', () => {
  const m = (apiVersion: string, kind: string, spec?: object): Manifest => ({ apiVersion, kind, metadata: { name: 'x' }, ...(spec ? { spec } : {}) });
  const crd = (group: string, kind: string) => m('apiextensions.k8s.io/v1', 'CustomResourceDefinition', { group, names: { kind } });
  it('names kinds of groups kube-apiserver does not serve, and kinds whose CRD another layer defines', () => {
    expect(kindsArrivingLater([m('v1', 'ConfigMap'), m('apps/v1', 'StatefulSet')], [])).toEqual([]);
    expect(kindsArrivingLater([m('cert-manager.io/v1', 'Issuer')], [])).toEqual(['cert-manager.io/Issuer']);
    expect(kindsArrivingLater([m('example.com/v1', 'Widget')], [crd('example.com', 'Widget')])).toEqual(['example.com/Widget']);
    // Its own CRD is applied first within the same sync (Argo CD orders CRDs first and skips their CRs' dry-run).
    expect(kindsArrivingLater([crd('example.com', 'Widget'), m('example.com/v1', 'Widget')], [])).toEqual([]);
  });
});

describe('dist/README.md', () => {
  const readme = argo.get('README.md')!;
  it('argocd: the Argo CD bootstrap section instead of Flux, every file it names exists', () => {
    expect(readme).toContain('## Bootstrapping Argo CD');
    expect(readme).not.toContain('## Bootstrapping Flux');
    expect(readme).toContain('delivered by Argo CD');
    const named = [...readme.matchAll(/-f (\S+\.yaml)/g)].map((match) => match[1]!);
    expect(named.length).toBe(3);
    for (const path of named) expect(argo.has(path.slice(landscape.spec.delivery.repository.path.length + 1)), path).toBe(true);
  });
  it('both: both bootstrap sections', () => {
    const text = both.get('README.md')!;
    expect(text).toContain('## Bootstrapping Flux');
    expect(text).toContain('## Bootstrapping Argo CD');
  });
});
