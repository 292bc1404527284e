import { describe, expect, it } from 'vitest';
import type { Manifest } from '../../../charts/synth.js';
import { synthesize } from '../../../charts/synth.js';
import { distFiles } from '../../../charts/dist/files.js';
import { renderFluxDelivery, fluxRequiredSecrets } from '../../../charts/delivery/flux/index.js';
import { virtualGardenKubeconfig } from '../../../charts/delivery/flux/virtual-garden-kubeconfig.js';
import { defaultLandscapeInput, resolveInput } from '../dist/landscape-fixture.js';

const input = resolveInput(defaultLandscapeInput());
const synthesis = synthesize(input);
const flux = renderFluxDelivery(synthesis);
const files = distFiles(synthesis);
const kustomizations = flux.filter((m) => m.kind === 'Kustomization' && m.apiVersion === 'kustomize.toolkit.fluxcd.io/v1');
const key = (namespace: string | undefined, name: string) => `${namespace}/${name}`;
const byKey = new Map(kustomizations.map((k) => [key(k.metadata.namespace, k.metadata.name), k]));
/** The fields of Flux's Kustomization and GitRepository specs these tests read. */
interface FluxSpec {
  readonly url?: string;
  readonly ref?: unknown;
  readonly secretRef?: unknown;
  readonly path: string;
  readonly sourceRef: { readonly kind: string; readonly name: string; readonly namespace?: string };
  readonly dependsOn?: ReadonlyArray<{ readonly name: string; readonly namespace?: string }>;
  readonly prune?: boolean;
  readonly wait?: boolean;
  readonly interval?: string;
  readonly timeout?: string;
  readonly kubeConfig?: unknown;
  readonly healthCheckExprs?: ReadonlyArray<{ readonly apiVersion: string; readonly kind: string; readonly current: string; readonly failed?: string }>;
}
const spec = (k: Manifest) => k.spec as FluxSpec;

/** Edges `dependency -> dependent` of the Kustomization graph, as Flux resolves them (namespace defaults to the dependent's). */
function edges(): Array<[string, string]> {
  return kustomizations.flatMap((k) =>
    ((spec(k).dependsOn ?? []) as Array<{ name: string; namespace?: string }>).map(
      (d) => [key(d.namespace ?? k.metadata.namespace, d.name), key(k.metadata.namespace, k.metadata.name)] as [string, string],
    ),
  );
}

function reachable(from: string, to: string): boolean {
  const next = new Map<string, string[]>();
  for (const [a, b] of edges()) next.set(a, [...(next.get(a) ?? []), b]);
  const seen = new Set<string>();
  const stack = [from];
  while (stack.length > 0) {
    const current = stack.pop()!;
    if (current === to && current !== from) return true;
    for (const n of next.get(current) ?? [])
      if (!seen.has(n)) {
        seen.add(n);
        stack.push(n);
      }
  }
  return seen.has(to);
}

describe('dist/flux', () => {
  it('has one Kustomization per layer, named <cluster>-<layer>, reading the layer folder from the GitRepository', () => {
    const repository = flux.filter((m) => m.kind === 'GitRepository');
    expect(repository).toHaveLength(1);
    const source = repository[0]!;
    expect(spec(source).url).toBe(input.landscape.spec.delivery.repository.url);
    expect(spec(source).ref).toEqual({ branch: input.landscape.spec.delivery.repository.branch });
    expect(spec(source).secretRef).toEqual({ name: input.landscape.spec.delivery.repository.secretRef });

    expect(kustomizations.map((k) => k.metadata.name).sort()).toEqual(synthesis.layers.map((l) => l.id.replace('/', '-')).sort());
    for (const k of kustomizations) {
      const path: string = spec(k).path;
      const folder = path.replace(/^\.\/dist\//, '');
      expect(files.has(`${folder}/kustomization.yaml`), `${k.metadata.name} points at ${path}, which has no kustomization.yaml`).toBe(true);
      const ref = spec(k).sourceRef;
      expect(ref.kind).toBe('GitRepository');
      expect(key(ref.namespace ?? k.metadata.namespace, ref.name)).toBe(key(source.metadata.namespace, source.metadata.name));
      expect(spec(k).prune).toBe(true);
      expect(spec(k).wait).toBe(true);
      expect(spec(k).interval).toBe(input.landscape.spec.delivery.interval);
      expect(spec(k).timeout).toMatch(/^\d+m$/);
    }
  });

  it('has a dependsOn graph whose targets all exist and which has no cycle', () => {
    for (const [dependency, dependent] of edges()) expect(byKey.has(dependency), `${dependent} depends on missing ${dependency}`).toBe(true);
    // Kahn's algorithm: every node gets removed iff the graph is acyclic.
    const indegree = new Map([...byKey.keys()].map((k) => [k, 0]));
    for (const [, b] of edges()) indegree.set(b, (indegree.get(b) ?? 0) + 1);
    const queue = [...indegree].filter(([, n]) => n === 0).map(([k]) => k);
    let removed = 0;
    while (queue.length > 0) {
      const node = queue.shift()!;
      removed++;
      for (const [a, b] of edges())
        if (a === node) {
          indegree.set(b, indegree.get(b)! - 1);
          if (indegree.get(b) === 0) queue.push(b);
        }
    }
    expect(removed, 'the Kustomization dependsOn graph has a cycle').toBe(byKey.size);
  });

  it('orders the layers by what each needs (DESIGN §1), and never the other way round', () => {
    const rt = (layer: string) => key(input.landscape.spec.delivery.namespace, `runtime-${layer}`);
    const vg = (layer: string) => key(virtualGardenKubeconfig.namespace, `virtual-garden-${layer}`);
    const before: Array<[string, string]> = [
      [rt('prerequisites'), rt('metal-databases')],
      [rt('metal-databases'), rt('metal-control-plane')],
      [rt('prerequisites'), rt('gardener-operator')],
      [rt('gardener-operator'), rt('extensions')],
      [rt('extensions'), rt('garden')],
      [rt('garden'), rt('virtual-garden-access')],
      [rt('virtual-garden-access'), vg('garden-project')],
      [vg('garden-project'), vg('soil')],
      [vg('soil'), vg('shooted-seeds')],
      [vg('shooted-seeds'), vg('managed-seeds')],
      [rt('virtual-garden-access'), vg('projects')],
    ];
    for (const [earlier, later] of before) {
      expect(reachable(earlier, later), `${earlier} must be ready before ${later}`).toBe(true);
      expect(reachable(later, earlier), `${later} must not be a dependency of ${earlier}`).toBe(false);
    }
  });

  it('lets the Garden come up without the metal control plane (metal-roles installs them independently)', () => {
    const rt = (layer: string) => key(input.landscape.spec.delivery.namespace, `runtime-${layer}`);
    const vg = (layer: string) => key(virtualGardenKubeconfig.namespace, `virtual-garden-${layer}`);
    for (const independent of [rt('garden'), rt('virtual-garden-access'), vg('garden-project'), vg('soil'), vg('projects')]) {
      expect(reachable(rt('metal-control-plane'), independent), `${independent} must not wait for the metal control plane`).toBe(false);
      expect(reachable(rt('metal-databases'), independent), `${independent} must not wait for the metal databases`).toBe(false);
    }
  });

  it('holds the shooted seeds (Shoots and ManagedSeeds) back until the metal control plane, their project and the soil are Ready', () => {
    const rt = (layer: string) => key(input.landscape.spec.delivery.namespace, `runtime-${layer}`);
    const vg = (layer: string) => key(virtualGardenKubeconfig.namespace, `virtual-garden-${layer}`);
    for (const seeds of [vg('shooted-seeds'), vg('managed-seeds')]) {
      for (const needed of [rt('metal-control-plane'), vg('garden-project'), vg('soil')]) {
        expect(reachable(needed, seeds), `${seeds} must wait for ${needed}`).toBe(true);
      }
    }
    // the direct edge, so the Kustomization itself names the metal control plane
    const shootedSeeds = byKey.get(vg('shooted-seeds'))!;
    expect(spec(shootedSeeds).dependsOn).toContainEqual({ name: 'runtime-metal-control-plane', namespace: input.landscape.spec.delivery.namespace });
  });

  it('lets tenant projects in as soon as the virtual garden is reachable, without waiting for seeds', () => {
    const rt = (layer: string) => key(input.landscape.spec.delivery.namespace, `runtime-${layer}`);
    const vg = (layer: string) => key(virtualGardenKubeconfig.namespace, `virtual-garden-${layer}`);
    for (const seedLayer of [vg('soil'), vg('shooted-seeds'), vg('managed-seeds'), rt('metal-control-plane')]) {
      expect(reachable(seedLayer, vg('projects')), `projects must not wait for ${seedLayer}`).toBe(false);
    }
    expect(reachable(rt('virtual-garden-access'), vg('projects'))).toBe(true);
  });

  it('says for every edge what the later layer needs from the earlier one, in dist/README.md too', () => {
    const readme = files.get('README.md')!;
    for (const rendered of synthesis.layers) {
      for (const dependency of rendered.layer.dependsOn) {
        expect(dependency.why.length, `${rendered.id} -> ${dependency.layer}`).toBeGreaterThan(20);
        expect(readme).toContain(`| \`${rendered.id}\` | \`${dependency.layer}\` | ${dependency.why} |`);
      }
    }
  });

  it('reaches the virtual garden through the token-requestor kubeconfig in the Kustomization’s own namespace', () => {
    const access = synthesis.layers.find((l) => l.id === 'runtime/virtual-garden-access')!;
    const kubeconfigSecret = access.manifests.find((m) => m.kind === 'Secret' && m.metadata.name === virtualGardenKubeconfig.name);
    expect(kubeconfigSecret?.metadata.namespace, 'runtime/virtual-garden-access renders the Secret the Kustomizations read').toBe(
      virtualGardenKubeconfig.namespace,
    );
    for (const k of kustomizations) {
      const remote = k.metadata.name.startsWith('virtual-garden-');
      if (remote) {
        expect(k.metadata.namespace).toBe(virtualGardenKubeconfig.namespace);
        expect(spec(k).kubeConfig).toEqual({ secretRef: { name: virtualGardenKubeconfig.name, key: virtualGardenKubeconfig.key } });
      } else {
        expect(k.metadata.namespace).toBe(input.landscape.spec.delivery.namespace);
        expect(spec(k).kubeConfig).toBeUndefined();
      }
    }
  });

  it('adds CEL health checks comparing observedGeneration for every Gardener kind and Certificate a layer delivers', () => {
    const checked = new Set(['Garden', 'Extension', 'Gardenlet', 'Shoot', 'ManagedSeed', 'ManagedResource', 'Seed', 'Project', 'Certificate']);
    for (const rendered of synthesis.layers) {
      const k = byKey.get(
        key(rendered.layer.cluster === 'runtime' ? input.landscape.spec.delivery.namespace : virtualGardenKubeconfig.namespace, rendered.id.replace('/', '-')),
      )!;
      const exprs = (spec(k).healthCheckExprs ?? []) as Array<{ apiVersion: string; kind: string; current: string }>;
      const kinds = new Set(rendered.manifests.filter((m) => checked.has(m.kind)).map((m) => `${m.apiVersion}/${m.kind}`));
      expect(exprs.map((e) => `${e.apiVersion}/${e.kind}`).sort(), rendered.id).toEqual([...kinds].sort());
      for (const e of exprs) {
        // A Certificate's status has no observedGeneration: its Ready condition names the generation.
        expect(e.current).toContain(
          e.kind === 'Certificate' ? 'c.observedGeneration == metadata.generation' : 'status.observedGeneration == metadata.generation',
        );
      }
    }
    const databases = byKey.get(key(input.landscape.spec.delivery.namespace, 'runtime-metal-databases'))!;
    expect((spec(databases).healthCheckExprs ?? []).map((e) => `${e.apiVersion}/${e.kind}`)).toEqual(['cert-manager.io/v1/Certificate']);
  });

  it('lists the Git credentials Flux reads among the required secrets', () => {
    expect(fluxRequiredSecrets(input.landscape)).toEqual([
      expect.objectContaining({ cluster: 'runtime', namespace: 'flux-system', name: 'landscape-git-credentials', keys: ['password', 'username'] }),
    ]);
    expect(files.get('README.md')).toContain('`landscape-git-credentials`');
  });
});

describe('health checks and timeouts per layer content', () => {
  it('checks Garden and Shoot with lastOperation and conditions, and gives them a long timeout', () => {
    const layers = synthesis.layers.map((l) =>
      l.id === 'runtime/garden'
        ? { ...l, manifests: [{ apiVersion: 'operator.gardener.cloud/v1alpha1', kind: 'Garden', metadata: { name: 'fra' } }] }
        : l.id === 'virtual-garden/shooted-seeds'
          ? { ...l, manifests: [{ apiVersion: 'core.gardener.cloud/v1beta1', kind: 'Shoot', metadata: { name: 'a', namespace: 'garden' } }] }
          : { ...l, manifests: [] },
    );
    const out = renderFluxDelivery({ ...synthesis, layers });
    const garden = out.find((m) => m.metadata.name === 'runtime-garden')!;
    const shoot = out.find((m) => m.metadata.name === 'virtual-garden-shooted-seeds')!;
    const projects = out.find((m) => m.metadata.name === 'virtual-garden-projects')!;
    // One check each; asserted field by field (vitest's asymmetric matchers are typed any).
    const gardenChecks = spec(garden).healthCheckExprs ?? [];
    expect(gardenChecks).toHaveLength(1);
    expect(gardenChecks[0]).toMatchObject({ apiVersion: 'operator.gardener.cloud/v1alpha1', kind: 'Garden' });
    expect(gardenChecks[0]?.current).toContain("status.lastOperation.state == 'Succeeded'");
    expect(typeof gardenChecks[0]?.failed).toBe('string');
    const shootChecks = spec(shoot).healthCheckExprs ?? [];
    expect(shootChecks).toHaveLength(1);
    expect(shootChecks[0]?.kind).toBe('Shoot');
    expect(shootChecks[0]?.current).toContain("c.status == 'True'");
    expect(spec(projects).healthCheckExprs).toBeUndefined();
    expect(spec(garden).timeout).toBe('45m');
    expect(spec(projects).timeout).toBe('10m');
  });

  it('holds the virtual-garden layers back until gardener-resource-manager applied the identity RBAC (ManagedResource applied and healthy)', () => {
    const access = byKey.get(key(input.landscape.spec.delivery.namespace, 'runtime-virtual-garden-access'))!;
    const [managedResource] = (spec(access).healthCheckExprs ?? []) as Array<{ apiVersion: string; kind: string; current: string; failed?: string }>;
    // What each expression decides is tested on objects in health.test.ts; here: the layer carries it.
    expect(managedResource?.apiVersion).toBe('resources.gardener.cloud/v1alpha1');
    expect(managedResource?.kind).toBe('ManagedResource');
    expect(managedResource?.current).toBe(
      "has(status.observedGeneration) && status.observedGeneration == metadata.generation && has(status.conditions) && size(status.conditions) > 0 && status.conditions.exists(c, c.type == 'ResourcesApplied' && c.status == 'True') && status.conditions.exists(c, c.type == 'ResourcesHealthy' && c.status == 'True')",
    );
    expect(managedResource?.failed).toContain("c.type in ['ResourcesApplied', 'ResourcesHealthy'] && c.status == 'False'");
  });
});
