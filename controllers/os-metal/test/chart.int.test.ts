// os-metal's chart as writeChart produces it, rendered by the real helm (test/envtest: built from its Go
// module) with its defaults and with what gardenlet renders in a seed (dist/'s Extension values merged with
// gardenlet's gardener.* values, test/charts/gardener-extension.ts), server-side dry-run on the test
// kube-apiserver, and compared with the constructs' output for the same values (one source of truth).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { mergeValues, type HelmValues } from '../../../charts/constructs/helm-values.js';
import { loadLandscapeFile } from '../../../charts/landscape/resolve.js';
import { projectRoot } from '../../../generators/upstream.js';
import { servedApiVersions } from '../../../test/charts/cluster-facts.js';
import { distContext } from '../../../test/charts/dist-context.js';
import { gardenletValues, seedFactsOf } from '../../../test/charts/gardener-extension.js';
import { renderInstalledChart, type RenderedChart } from '../../../test/charts/render.js';
import type { VendoredChart } from '../../../test/charts/vendored-charts.js';
import { Applier } from '../../../test/envtest/apply.js';
import { toolBinary } from '../../../test/envtest/build.js';
import { envtest } from '../../../test/envtest/context.js';
import { crdsFromMirror, installCrds } from '../../../test/envtest/crds.js';
import { KubeRest, type KubeObject } from '../../../test/envtest/kube-rest.js';
import { run } from '../../../test/envtest/run.js';
import { controllerArtifactsOf, readArtifacts } from '../../artifacts.js';
import { checkChartValues, objectsFor, OS_METAL_ARTIFACTS_KEY, writeChart, type ManifestObject } from '../chart/index.js';

/** Gardener names the namespace `extension-<ControllerInstallation name>`, the installation `<registration>-<random>`. */
const NAMESPACE = 'extension-os-metal-7h2kd';
const RELEASE = 'os-metal';

const scratch = mkdtempSync(join(tmpdir(), 'os-metal-chart-int-'));
const chartDir = join(scratch, 'os-metal');
writeChart(chartDir, controllerArtifactsOf(readArtifacts(), OS_METAL_ARTIFACTS_KEY));
const chartMeta = parse(readFileSync(join(chartDir, 'Chart.yaml'), 'utf8')) as { name: string; version: string };
const chart: VendoredChart = { name: chartMeta.name, releaseVersion: chartMeta.version, dir: chartDir, source: 'controllers/os-metal/chart (writeChart)' };
const defaults = parse(readFileSync(join(chartDir, 'values.yaml'), 'utf8')) as HelmValues;

/** The values gardenlet renders the chart with into the soil: dist/'s Extension values, then its own (Gardener's win). */
function gardenletRenderValues(): HelmValues {
  const { components } = loadLandscapeFile(join(projectRoot, 'landscapes', 'default.yaml'));
  const runtime = distContext('runtime');
  const virtualGarden = distContext('virtual-garden');
  const extension = runtime.objects.find((o) => o.kind === 'Extension' && o.metadata.name === 'os-metal');
  const gardenObject = runtime.objects.find((o) => o.kind === 'Garden');
  const gardenlet = virtualGarden.objects.find((o) => o.kind === 'Gardenlet' && o.metadata.name === 'soil');
  if (!extension || !gardenObject || !gardenlet) throw new Error('dist/ lacks the os-metal Extension, the Garden or the soil Gardenlet');
  const values = (extension.spec as { deployment: { extension: { values: HelmValues } } }).deployment.extension.values;
  const clusterIdentity = (gardenObject.spec as { virtualCluster: { gardener: { clusterIdentity: string } } }).virtualCluster.gardener.clusterIdentity;
  return mergeValues(values, gardenletValues(seedFactsOf(gardenlet), { clusterIdentity, gardenerVersion: components['gardenlet']!.tag! }));
}

async function helm(args: string[]): Promise<{ code: number | null; output: string }> {
  const home = join(scratch, 'helm-home');
  const env = {
    PATH: process.env.PATH,
    HOME: home,
    HELM_CACHE_HOME: join(home, 'cache'),
    HELM_CONFIG_HOME: join(home, 'config'),
    HELM_DATA_HOME: join(home, 'data'),
  };
  const result = await run(await toolBinary('helm'), args, { env, timeoutMs: 120_000 });
  return { code: result.code, output: `${result.stdout}${result.stderr}` };
}

let applier: Applier;
let apiVersions: string[];

async function renderWith(values: HelmValues): Promise<RenderedChart> {
  return renderInstalledChart(chart, { releaseName: RELEASE, namespace: NAMESPACE, values, apiVersions });
}

/** Server-side dry-run (strict field validation) of every object; every rejection is returned. */
async function dryRun(objects: readonly KubeObject[]): Promise<string[]> {
  const rejected: string[] = [];
  for (const object of objects) {
    await applier.apply(object, { dryRun: true, fieldManager: 'gardener-resource-manager' }).catch((err: Error) => rejected.push(err.message));
  }
  return rejected;
}

/** What the constructs make of the same values: the chart's defaults with `values` over them, as helm coalesces them. */
function constructOutput(values: HelmValues): ManifestObject[] {
  return objectsFor(checkChartValues(mergeValues(defaults, values)), NAMESPACE);
}

const byRef = (objects: readonly { kind: string; metadata: { name: string } }[]) => objects.map((o) => `${o.kind}/${o.metadata.name}`).sort();

beforeAll(async () => {
  const rest = new KubeRest(envtest().kubeconfig);
  applier = new Applier(rest);
  // Seeds run the VPA (gardenlet installs its CRD); the chart renders a VerticalPodAutoscaler.
  await installCrds(applier, crdsFromMirror('gardener', 'runtime-crds', '10-crd-autoscaling.k8s.io_verticalpodautoscalers.yaml'));
  applier.forgetDiscovery();
  apiVersions = await servedApiVersions(rest);
  await applier.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: NAMESPACE } }, { fieldManager: 'gardenlet' });
});

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('os-metal chart rendered by helm', () => {
  it('passes helm lint --strict, with its defaults and with gardenlet’s values', async () => {
    const plain = await helm(['lint', chartDir, '--strict', '--namespace', NAMESPACE]);
    expect(plain.code, plain.output).toBe(0);
    const valuesFile = join(scratch, 'gardenlet-values.yaml');
    writeFileSync(valuesFile, JSON.stringify(gardenletRenderValues()));
    const withGardenlet = await helm(['lint', chartDir, '--strict', '--namespace', NAMESPACE, '--values', valuesFile]);
    expect(withGardenlet.code, withGardenlet.output).toBe(0);
  });

  it.each([
    ['its default values', (): HelmValues => ({})],
    ['the values gardenlet renders it with in the soil', gardenletRenderValues],
    [
      'one replica, no VPA, cloud-init for debian',
      (): HelmValues => ({ replicaCount: 1, vpa: { enabled: false }, config: { userdataFormat: { byOSType: { debian: 'cloud-init' } } } }),
    ],
  ])('renders %s into objects the kube-apiserver accepts, equal to the constructs’ output', async (_, valuesOf) => {
    const values = valuesOf();
    const rendered = await renderWith(values);
    const expected = constructOutput(values);
    expect(byRef(rendered.objects)).toEqual(byRef(expected));
    for (const object of rendered.objects) expect(object.metadata.namespace ?? NAMESPACE).toBe(NAMESPACE);
    // one source of truth: every object helm renders is exactly what the constructs synthesize
    for (const object of expected) {
      const fromHelm = rendered.objects.find((o) => o.kind === object.kind && o.metadata.name === object.metadata.name);
      expect(fromHelm, `${object.kind}/${object.metadata.name}`).toEqual(object);
    }
    expect(await dryRun(rendered.objects)).toEqual([]);
  });

  it('runs the image of dist/’s values by digest with the OS types dist/ registers', async () => {
    const rendered = await renderWith(gardenletRenderValues());
    const deployment = rendered.objects.find((o) => o.kind === 'Deployment') as KubeObject & {
      spec: { template: { spec: { containers: { image: string }[] } } };
    };
    const artifacts = controllerArtifactsOf(readArtifacts(), OS_METAL_ARTIFACTS_KEY);
    expect(deployment.spec.template.spec.containers[0]!.image).toBe(`${artifacts.image.repository}@${artifacts.image.digest}`);
    const configMap = rendered.objects.find((o) => o.kind === 'ConfigMap') as KubeObject & { data: Record<string, string> };
    expect((parse(configMap.data['config.yaml']!) as { osTypes: string[] }).osTypes).toEqual(['ubuntu', 'debian']);
  });

  it('refuses values its schema rejects, naming each (as helm and Gardener’s chart renderer check values.schema.json)', async () => {
    const error = await renderWith({ replicaCount: 0, image: { digest: 'latest' } }).then(
      () => new Error('rendered'),
      (err: Error) => err,
    );
    // helm lists the violations in map order; each must be there
    expect(error.message).toContain("at '/image/digest': 'latest' does not match pattern '^sha256:[a-f0-9]{64}$'");
    expect(error.message).toContain("at '/replicaCount': minimum: got 0, want 1");
  });

  it('is refused by the kube-apiserver when the constructs’ output is broken (the dry-run can fail)', async () => {
    const rendered = await renderWith({});
    const deployment = structuredClone(rendered.objects.find((o) => o.kind === 'Deployment')!) as KubeObject & { spec: Record<string, unknown> };
    deployment.spec['replicas'] = 'two';
    expect(await dryRun([deployment])).toEqual([expect.stringMatching(/replicas/)]);
  });
});
