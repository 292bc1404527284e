// provider-metal's Extension of dist/, rendered the way Gardener installs it (test/charts/gardener-extension.ts):
// the extension chart as gardenlet renders it into the soil (the runtime cluster), the admission charts as
// gardener-operator renders them into the runtime cluster and the virtual garden, each by the real helm from
// the vendored chart of exactly the referenced name and tag, with exactly the values dist/ carries. The output
// is dry-run on the test kube-apiserver and checked: images pinned by the release vector, every referenced
// object present, and the values reaching what provider-metal reads (config.yaml, the image-vector overwrite).
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadLandscapeFile } from '../../charts/landscape/resolve.js';
import { projectRoot } from '../../generators/upstream.js';
import { checkBindings, checkDestinations, checkImages, checkReferences, landscapeDomains, objectIndex, serviceIndex } from '../charts/checks.js';
import { servedApiVersions } from '../charts/cluster-facts.js';
import { distContext } from '../charts/dist-context.js';
import {
  admissionServiceAccount,
  renderExtension,
  seedFactsOf,
  type GardenFacts,
  type RenderedExtension,
  type SeedFacts,
} from '../charts/gardener-extension.js';
import { renderHelmRelease, type RenderedChart } from '../charts/render.js';
import { workloadsOf } from '../charts/pod-specs.js';
import { Applier } from '../envtest/apply.js';
import { envtest } from '../envtest/context.js';
import { crdsFromMirror, installCrds } from '../envtest/crds.js';
import { KubeRest, type KubeObject } from '../envtest/kube-rest.js';

const { landscape, components } = loadLandscapeFile(join(projectRoot, 'landscapes', 'default.yaml'));
const runtime = distContext('runtime');
const virtualGarden = distContext('virtual-garden');
const pinned = new Set(Object.values(components).flatMap((c) => (c.image && c.tag ? [`${c.image}:${c.tag}`] : [])));

function distObject(objects: readonly KubeObject[], kind: string, name: string): KubeObject {
  const found = objects.find((o) => o.kind === kind && o.metadata.name === name);
  if (!found) throw new Error(`dist/ has no ${kind} ${name}`);
  return found;
}

const extension = distObject(runtime.objects, 'Extension', 'provider-metal');
const soil: SeedFacts = seedFactsOf(distObject(virtualGarden.objects, 'Gardenlet', 'soil'));
const garden: GardenFacts = {
  clusterIdentity: (distObject(runtime.objects, 'Garden', landscape.metadata.name).spec as { virtualCluster: { gardener: { clusterIdentity: string } } })
    .virtualCluster.gardener.clusterIdentity,
  gardenerVersion: components['gardenlet']!.tag!,
};

let applier: Applier;
let apiVersions: string[];

/** Objects the installers create before rendering: the release namespaces (gardenlet, gardener-operator). */
async function namespacesFor(rendered: RenderedExtension): Promise<void> {
  for (const chart of [rendered.seed, rendered.admissionRuntime, rendered.admissionVirtual]) {
    if (chart) await applier.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: chart.namespace } }, { fieldManager: 'gardener' });
  }
}

/** Server-side dry-run (strict field validation) of every object a chart rendered; every rejection is returned. */
async function dryRun(chart: RenderedChart): Promise<string[]> {
  const rejected: string[] = [];
  for (const object of chart.objects) {
    await applier.apply(object, { dryRun: true, fieldManager: 'gardener-resource-manager' }).catch((err: Error) => rejected.push(err.message));
  }
  return rejected;
}

/**
 * Every referenced object exists in the chart output, dist/ of the cluster it lands in, or dist/required-secrets.yaml.
 * The one object neither has: the virtual-garden ServiceAccount of gardener-operator's access Secret for the
 * admission (token-requestor), which the application chart binds its ClusterRole to.
 */
function referenceProblems(rendered: RenderedExtension): string[] {
  const runtimeCluster = [...runtime.objects, ...rendered.seed.objects, ...(rendered.admissionRuntime?.objects ?? [])];
  const operatorProvided = admissionServiceAccount(extension.metadata.name);
  const virtualCluster = [
    ...virtualGarden.objects,
    ...(rendered.admissionVirtual?.objects ?? []),
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { ...operatorProvided } },
  ];
  const runtimeIndex = objectIndex(runtimeCluster, runtime.requiredSecrets);
  const virtualIndex = objectIndex(virtualCluster, virtualGarden.requiredSecrets);
  return [
    ...checkReferences(rendered.seed.objects, runtimeIndex),
    ...checkBindings(rendered.seed.objects, runtimeIndex),
    ...checkReferences(rendered.admissionRuntime?.objects ?? [], runtimeIndex),
    ...checkBindings(rendered.admissionRuntime?.objects ?? [], runtimeIndex),
    ...checkBindings(rendered.admissionVirtual?.objects ?? [], virtualIndex),
  ];
}

function imageProblems(rendered: RenderedExtension): string[] {
  return [rendered.seed, rendered.admissionRuntime, rendered.admissionVirtual].flatMap((chart) => (chart ? checkImages(chart.objects, pinned) : []));
}

/** A data key of a rendered ConfigMap; a missing ConfigMap or key is an error naming it. */
function configMapKey(chart: RenderedChart, name: string, key: string): string {
  const found = chart.objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === name);
  const value = (found?.data as Record<string, string> | undefined)?.[key];
  if (value === undefined) throw new Error(`chart ${chart.chart.name} rendered no ConfigMap ${name} with key ${key}`);
  return value;
}

/** The parts of dist/'s provider-metal Extension spec the wrong variants change. */
interface ExtensionSpec {
  deployment: {
    admission: { values?: unknown };
    extension: { values: { replicaCount?: unknown; config: { networkPolicies: { ingressController: { podSelector: Record<string, string> } } } } };
  };
}

/** The fields of provider-metal's ControllerConfiguration (config.yaml) these tests read. */
interface ControllerConfiguration {
  kind?: string;
  machineImages?: unknown;
  networkPolicies?: { ingressController: { podSelector: Record<string, string>; namespace: string } };
}

/** The egress peer of the extension's allow-to-ingress-controller NetworkPolicy. */
interface EgressPeerSpec {
  egress: { to: { podSelector: { matchLabels: Record<string, string> }; namespaceSelector: { matchLabels: Record<string, string> } }[] }[];
}

/** dist/'s Extension with `change` applied to a copy of its spec: a deliberately wrong variant. */
function variant(change: (spec: ExtensionSpec) => void): KubeObject {
  const copy = structuredClone(extension);
  change(copy.spec as ExtensionSpec);
  return copy;
}

let rendered: RenderedExtension;
/** The controller pods of dist/'s ingress-nginx HelmRelease, rendered by helm: their namespace and labels. */
let ingressController: { namespace: string; podLabels: Record<string, string> };

/**
 * provider-metal's egress to the in-cluster ingress controller is configured twice: the controller config
 * (config.yaml, for the shoot control planes' policies) and the extension's own NetworkPolicy. Both must
 * select the controller pods of ingress-nginx in its namespace.
 */
function selectorProblems(seedChart: RenderedChart): string[] {
  const config = parse(configMapKey(seedChart, 'gardener-extension-provider-metal-configmap', 'config.yaml')) as ControllerConfiguration;
  const policy = seedChart.objects.find((o) => o.kind === 'NetworkPolicy' && o.metadata.name === 'allow-to-ingress-controller');
  if (!config.networkPolicies || !policy) return ['no ingress-controller network policies rendered'];
  const to = (policy.spec as EgressPeerSpec).egress[0]?.to[0];
  if (!to) return ['NetworkPolicy allow-to-ingress-controller has no egress peer'];
  const selectors: [string, Record<string, string>, string | undefined][] = [
    ['config.yaml networkPolicies.ingressController', config.networkPolicies.ingressController.podSelector, config.networkPolicies.ingressController.namespace],
    ['NetworkPolicy allow-to-ingress-controller egress', to.podSelector.matchLabels, to.namespaceSelector.matchLabels['kubernetes.io/metadata.name']],
  ];
  return selectors.flatMap(([where, selector, namespace]) => [
    ...Object.entries(selector)
      .filter(([k, v]) => ingressController.podLabels[k] !== v)
      .map(([k, v]) => `${where} podSelector: ${k}=${v} is not a label of the ingress-nginx controller pods`),
    ...(namespace === ingressController.namespace ? [] : [`${where} namespace ${namespace} is not ingress-nginx's ${ingressController.namespace}`]),
  ]);
}

beforeAll(async () => {
  const rest = new KubeRest(envtest().kubeconfig);
  applier = new Applier(rest);
  // gardener-operator runs a VPA in the runtime cluster (Garden default); the admission chart renders a VerticalPodAutoscaler.
  await installCrds(applier, crdsFromMirror('gardener', 'runtime-crds', '10-crd-autoscaling.k8s.io_verticalpodautoscalers.yaml'));
  apiVersions = await servedApiVersions(rest);
  rendered = await renderExtension(extension, soil, garden, { apiVersions });
  const ingress = await renderHelmRelease(distObject(runtime.objects, 'HelmRelease', 'ingress-nginx'), runtime, { apiVersions });
  const controller = ingress.objects.find(
    (o) => o.kind === 'Deployment' && (o.metadata.labels as Record<string, string> | undefined)?.['app.kubernetes.io/component'] === 'controller',
  );
  if (!controller) throw new Error('ingress-nginx rendered no controller Deployment');
  ingressController = {
    namespace: controller.metadata.namespace!,
    podLabels: (controller.spec as { template: { metadata: { labels: Record<string, string> } } }).template.metadata.labels,
  };
  await namespacesFor(rendered);
});

describe('provider-metal Extension rendered from the vendored charts with dist/’s values', () => {
  it('renders the extension chart and both admission charts of the referenced tag', () => {
    expect(rendered.seed.chart.name).toBe('gardener-extension-provider-metal');
    expect(rendered.admissionRuntime!.chart.name).toBe('gardener-extension-admission-metal-runtime');
    expect(rendered.admissionVirtual!.chart.name).toBe('gardener-extension-admission-metal-application');
    for (const chart of [rendered.seed, rendered.admissionRuntime!, rendered.admissionVirtual!])
      expect(chart.chart.releaseVersion).toBe(components['gardener-extension-provider-metal']!.tag);
    expect(workloadsOf(rendered.seed.objects).map((w) => w.ref)).toEqual([`Deployment ${rendered.seed.namespace}/gardener-extension-provider-metal`]);
    expect(workloadsOf(rendered.admissionRuntime!.objects).map((w) => w.ref)).toEqual(['Deployment garden/gardener-extension-admission-metal']);
  });

  it('is accepted by the kube-apiserver (server-side dry-run, strict field validation)', async () => {
    expect(await dryRun(rendered.seed)).toEqual([]);
    expect(await dryRun(rendered.admissionRuntime!)).toEqual([]);
    expect(await dryRun(rendered.admissionVirtual!)).toEqual([]);
  });

  it('runs only images the release vector pins, never latest', () => {
    expect(imageProblems(rendered)).toEqual([]);
  });

  it('references only Secrets, ConfigMaps and ServiceAccounts that exist', () => {
    expect(referenceProblems(rendered)).toEqual([]);
  });

  it('configures no destination outside the cluster’s Services and the landscape’s domains', () => {
    const cluster = [...runtime.objects, ...rendered.seed.objects, ...rendered.admissionRuntime!.objects];
    expect(checkDestinations([...rendered.seed.objects, ...rendered.admissionRuntime!.objects], serviceIndex(cluster), landscapeDomains(landscape))).toEqual(
      [],
    );
  });
});

describe('what provider-metal reads from the rendered extension chart', () => {
  it('config.yaml maps every CloudProfile machine image to its metal-api image id', () => {
    const config = parse(configMapKey(rendered.seed, 'gardener-extension-provider-metal-configmap', 'config.yaml')) as ControllerConfiguration;
    expect(config.kind).toBe('ControllerConfiguration');
    const offered = landscape.spec.metalControlPlane.images.filter((i) => i.features.includes('machine'));
    expect(config.machineImages).toEqual(
      offered.map((i) => ({ name: i.os, version: i.version, image: `${i.os}-${i.version}` })).sort((a, b) => a.name.localeCompare(b.name)),
    );
  });

  it('the image-vector overwrite is mounted where IMAGEVECTOR_OVERWRITE points and pins every image by the release vector', () => {
    const overwrite = (
      parse(configMapKey(rendered.seed, 'gardener-extension-provider-metal-imagevector-overwrite', 'images_overwrite.yaml')) as { images: unknown }
    ).images as {
      name: string;
      repository: string;
      tag: string;
    }[];
    expect(overwrite.length).toBeGreaterThanOrEqual(8);
    expect(overwrite.filter((image) => !pinned.has(`${image.repository}:${image.tag}`))).toEqual([]);
    const container = workloadsOf(rendered.seed.objects)[0]!.podSpec.containers![0]!;
    expect(container.env).toContainEqual({ name: 'IMAGEVECTOR_OVERWRITE', value: '/charts_overwrite/images_overwrite.yaml' });
  });

  it('its network policies select the controller pods of dist/’s ingress-nginx, in their namespace', () => {
    expect(ingressController.namespace).toBe('ingress-nginx');
    expect(Object.keys(ingressController.podLabels)).toContain('app.kubernetes.io/component');
    expect(selectorProblems(rendered.seed)).toEqual([]);
  });
});

describe('provider-metal in the shooted seeds (policy Always: every seed runs it)', () => {
  const shooted = virtualGarden.objects.filter((o) => o.kind === 'ManagedSeed');

  it('dist/ has shooted seeds to render for', () => {
    expect(shooted.map((seed) => seed.metadata.name)).toEqual(landscape.spec.seeds.shooted.map((seed) => seed.name));
  });

  it.each(shooted.map((seed) => [seed.metadata.name, seed] as const))('%s: dry-run, pinned images, references within the chart', async (_name, managedSeed) => {
    const seed = seedFactsOf(managedSeed);
    const inSeed = await renderExtension(extension, seed, garden, { apiVersions });
    await applier.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: inSeed.seed.namespace } }, { fieldManager: 'gardener' });
    expect(inSeed.seed.namespace).toBe(`extension-provider-metal-${seed.name}`);
    expect(await dryRun(inSeed.seed)).toEqual([]);
    expect(checkImages(inSeed.seed.objects, pinned)).toEqual([]);
    // a shooted seed is a fresh shoot cluster: nothing of dist/ is there
    const index = objectIndex(inSeed.seed.objects, new Map());
    expect([...checkReferences(inSeed.seed.objects, index), ...checkBindings(inSeed.seed.objects, index)]).toEqual([]);
  });
});

describe('what provider-metal reads on the soil besides its chart', () => {
  it('garden/seed-api-server carries the runtime cluster’s public API server as https URL under key url (GKE soil)', () => {
    expect(soil.spec.provider.type).toBe('gcp');
    const configMap = runtime.objects.find((o) => o.kind === 'ConfigMap' && o.metadata.namespace === 'garden' && o.metadata.name === 'seed-api-server');
    const url = (configMap?.data as Record<string, string> | undefined)?.['url'];
    expect(url).toBe(landscape.spec.runtime.apiServerURL);
    expect(new URL(url!).protocol).toBe('https:');
  });
});

describe('deliberately wrong values are caught', () => {
  it('admission values without the image: the runtime chart falls back to latest, and the image check says so', async () => {
    const broken = await renderExtension(
      variant((spec) => delete spec.deployment.admission.values),
      soil,
      garden,
      { apiVersions },
    );
    expect(imageProblems(broken)).toEqual([
      'Deployment garden/gardener-extension-admission-metal container gardener-extension-admission-metal: image "ghcr.io/metal-stack/gardener-extension-provider-metal:latest" uses the floating tag latest',
    ]);
  });

  it('a replica count that is no number is rejected by the dry-run', async () => {
    const broken = await renderExtension(
      variant((spec) => (spec.deployment.extension.values.replicaCount = 'two')),
      soil,
      garden,
      { apiVersions },
    );
    const rejected = await dryRun(broken.seed);
    expect(rejected).toHaveLength(1);
    expect(rejected[0]).toMatch(
      /^dry-run apply Deployment extension-provider-metal-soil\/gardener-extension-provider-metal: .*\.spec\.replicas: expected numeric/,
    );
  });

  it('a pod selector the ingress-nginx pods do not carry fails the network-policy check', async () => {
    const broken = await renderExtension(
      variant((spec) => (spec.deployment.extension.values.config.networkPolicies.ingressController.podSelector = { app: 'nginx-ingress' })),
      soil,
      garden,
      { apiVersions },
    );
    // Helm merges the chart's default selector with the wrong key, so neither policy matches an ingress-nginx pod
    expect(selectorProblems(broken.seed)).toEqual([
      'config.yaml networkPolicies.ingressController podSelector: app=nginx-ingress is not a label of the ingress-nginx controller pods',
      'NetworkPolicy allow-to-ingress-controller egress podSelector: app=nginx-ingress is not a label of the ingress-nginx controller pods',
    ]);
  });
});
