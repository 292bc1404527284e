// Renders a HelmRelease of dist/ the way helm-controller installs it: the vendored chart of exactly
// its chart name and version, the values helm-controller composes, `helm template` with the
// release name and namespace, then the kustomize post-renderers and helm-controller's origin
// labels. helm and kustomize are the real tools, built from their Go modules (test/envtest).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments, stringify } from 'yaml';
import { binarySpec } from '../envtest/binaries.js';
import { toolBinary } from '../envtest/build.js';
import { objectRef, type KubeObject } from '../envtest/kube-rest.js';
import { run } from '../envtest/run.js';
import type { DistContext } from './dist-context.js';
import { chartNameOfOci, findVendoredChart, releasedChartDir, type VendoredChart } from './vendored-charts.js';
import { composeValues, type Values, type ValuesReference } from './values.js';

interface KustomizePatch {
  patch: string;
  target?: Record<string, string>;
}

interface HelmReleaseSpec {
  releaseName?: string;
  targetNamespace?: string;
  chart?: { spec: { chart: string; version?: string; sourceRef: { kind: string; name: string; namespace?: string }; valuesFiles?: string[] } };
  chartRef?: { kind: string; name: string; namespace?: string };
  values?: Values;
  valuesFrom?: ValuesReference[];
  postRenderers?: { kustomize?: { patches?: KustomizePatch[]; images?: Record<string, string>[] } }[];
}

export interface RenderOptions {
  /** Kubernetes version for `.Capabilities.KubeVersion`; default: the test kube-apiserver's (test/envtest). */
  readonly kubeVersion?: string;
  /** API versions for `.Capabilities.APIVersions` besides Helm's built-in ones, e.g. from the test server's discovery. */
  readonly apiVersions?: readonly string[];
}

export interface RenderedRelease {
  readonly helmRelease: KubeObject;
  readonly releaseName: string;
  readonly namespace: string;
  readonly chart: VendoredChart;
  /** The values as helm-controller would pass them (placeholders for required Secrets). */
  readonly values: Values;
  /** Every rendered object (hooks included, `helm.sh/hook` annotated), after post-rendering. */
  readonly objects: KubeObject[];
}

const HELM_CONTROLLER_GROUP = 'helm.toolkit.fluxcd.io';

function specOf(helmRelease: KubeObject): HelmReleaseSpec {
  if (helmRelease.kind !== 'HelmRelease') throw new Error(`${objectRef(helmRelease)} is not a HelmRelease`);
  return helmRelease.spec ?? {};
}

/** helm-controller's release name: spec.releaseName, else `<targetNamespace>-<name>` or `<name>`. */
export function releaseNameOf(helmRelease: KubeObject): string {
  const spec = specOf(helmRelease);
  const name = spec.releaseName ?? (spec.targetNamespace ? `${spec.targetNamespace}-${helmRelease.metadata.name}` : helmRelease.metadata.name);
  // helm-controller shortens longer names with a hash; no release here needs it.
  if (name.length > 53) throw new Error(`${objectRef(helmRelease)}: release name ${name} is longer than 53 characters; helm-controller would shorten it`);
  return name;
}

/**
 * Chart name and version the release installs. An OCIRepository `chartRef` pulls the tag of its
 * URL's repository (chart name: `chartNameOfOci`); a `chart.spec` names chart and version directly.
 */
export function chartOf(helmRelease: KubeObject, context: DistContext): { name: string; version: string } {
  const spec = specOf(helmRelease);
  const namespace = helmRelease.metadata.namespace;
  if (spec.chartRef) {
    const ref = spec.chartRef;
    if (ref.kind !== 'OCIRepository') throw new Error(`${objectRef(helmRelease)}: chartRef kind ${ref.kind} is not supported (OCIRepository is)`);
    const source = context.objects.find(
      (o) => o.kind === 'OCIRepository' && o.metadata.name === ref.name && o.metadata.namespace === (ref.namespace ?? namespace),
    );
    if (!source) throw new Error(`${objectRef(helmRelease)}: chartRef OCIRepository ${ref.namespace ?? namespace}/${ref.name} is not in dist/`);
    const { url, ref: tagRef } = source.spec as { url: string; ref?: { tag?: string; semver?: string; digest?: string } };
    if (!tagRef?.tag) throw new Error(`${objectRef(source)}: spec.ref must pin a tag (semver ranges and digests cannot be mapped to a vendored chart)`);
    return { name: chartNameOfOci(url), version: tagRef.tag };
  }
  if (spec.chart) {
    const { chart, version, valuesFiles } = spec.chart.spec;
    if (!version || /[\s<>=^~*x|]/.test(version))
      throw new Error(`${objectRef(helmRelease)}: chart.spec.version ${JSON.stringify(version)} must be one exact version`);
    if (valuesFiles?.length) throw new Error(`${objectRef(helmRelease)}: chart.spec.valuesFiles are not supported by test/charts`);
    return { name: chart, version };
  }
  throw new Error(`${objectRef(helmRelease)} has neither chartRef nor chart`);
}

function parseObjects(text: string, what: string): KubeObject[] {
  return parseAllDocuments(text).flatMap((doc) => {
    if (doc.errors.length > 0) throw new Error(`${what}: ${doc.errors.map((e) => e.message).join('; ')}`);
    const object = doc.toJS() as KubeObject | null;
    return object ? [object] : [];
  });
}

async function tool(name: 'helm' | 'kustomize', args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  const binary = await toolBinary(name);
  const result = await run(binary, args, { env, timeoutMs: 120_000 });
  if (result.code !== 0) throw new Error(`${name} ${args.join(' ')} failed (exit ${result.code}):\n${result.stderr.trim() || result.stdout.trim()}`);
  return result.stdout;
}

/** One kustomize post-renderer exactly as helm-controller builds it: resources [helm-output.yaml], patches, images. */
async function kustomize(dir: string, input: string, config: Record<string, unknown>, env: NodeJS.ProcessEnv): Promise<string> {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'helm-output.yaml'), input);
  writeFileSync(
    join(dir, 'kustomization.yaml'),
    stringify({ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources: ['helm-output.yaml'], ...config }),
  );
  return tool('kustomize', ['build', dir], env);
}

/** A chart render without a HelmRelease around it (e.g. an Extension's chart, which gardenlet or gardener-operator installs). */
export interface ChartRenderRequest {
  readonly chart: VendoredChart;
  readonly releaseName: string;
  readonly namespace: string;
  /** The final values (already composed). */
  readonly values: Values;
  /** Kustomize post-renderers, as in a HelmRelease's `spec.postRenderers`. Default: none. */
  readonly postRenderers?: HelmReleaseSpec['postRenderers'];
  /** Labels added to every object's metadata (helm-controller adds its origin labels). Default: none. */
  readonly originLabels?: Readonly<Record<string, string>>;
  /** Names the render in error messages. */
  readonly what: string;
}

/**
 * `helm template` of a vendored chart with the given values, then the post-renderers and origin
 * labels, each through the real kustomize. The building block of renderHelmRelease; suites that
 * render charts installed by something other than helm-controller call it directly.
 */
export async function renderChart(request: ChartRenderRequest, options: RenderOptions = {}): Promise<KubeObject[]> {
  const { chart, releaseName, namespace, values } = request;
  const scratch = mkdtempSync(join(tmpdir(), 'metal-garden-chart-'));
  // No user configuration, repositories or caches leak in; helm and kustomize only see the scratch dir.
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: scratch,
    HELM_CACHE_HOME: join(scratch, 'helm', 'cache'),
    HELM_CONFIG_HOME: join(scratch, 'helm', 'config'),
    HELM_DATA_HOME: join(scratch, 'helm', 'data'),
  };
  try {
    const chartDir = releasedChartDir(chart, join(scratch, 'chart'));
    const valuesFile = join(scratch, 'values.yaml');
    writeFileSync(valuesFile, stringify(values));
    const kubeVersion = options.kubeVersion ?? binarySpec('kube-apiserver').version;
    const args = [
      'template',
      releaseName,
      chartDir,
      '--namespace',
      namespace,
      '--values',
      valuesFile,
      '--kube-version',
      kubeVersion,
      '--include-crds',
      '--skip-tests',
    ];
    for (const apiVersion of options.apiVersions ?? []) args.push('--api-versions', apiVersion);
    let manifests = await tool('helm', args, env);

    // helm-controller v1.6.0 (Helm 4) post-renders hooks too, so the whole output goes through.
    for (const [i, renderer] of (request.postRenderers ?? []).entries()) {
      if (!renderer.kustomize) continue;
      const { patches, images } = renderer.kustomize;
      manifests = await kustomize(join(scratch, `post-render-${i}`), manifests, { ...(patches ? { patches } : {}), ...(images ? { images } : {}) }, env);
    }
    // Like helm-controller's OriginLabels renderer: metadata.labels only, never selectors or templates.
    if (request.originLabels && Object.keys(request.originLabels).length > 0) {
      manifests = await kustomize(join(scratch, 'origin-labels'), manifests, { labels: [{ pairs: request.originLabels }] }, env);
    }
    return parseObjects(manifests, request.what).map((o) =>
      // Helm installs namespaced objects without a namespace into the release namespace.
      o.metadata.namespace || isClusterScoped(o) ? o : { ...o, metadata: { ...o.metadata, namespace } },
    );
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** A chart rendered as an installer other than helm-controller renders it, with what it was rendered from. */
export interface RenderedChart {
  readonly chart: VendoredChart;
  readonly releaseName: string;
  readonly namespace: string;
  readonly values: Values;
  /** Every rendered object; namespaced ones without a namespace get the release namespace. */
  readonly objects: KubeObject[];
}

/**
 * `helm template` of a vendored chart with final values and no post-renderers: what Gardener's chart
 * renderer in gardenlet and gardener-operator installs for an Extension.
 */
export async function renderInstalledChart(
  chart: VendoredChart,
  request: RenderOptions & { readonly releaseName: string; readonly namespace: string; readonly values: Values },
): Promise<RenderedChart> {
  const { releaseName, namespace, values, ...options } = request;
  const objects = await renderChart({ chart, releaseName, namespace, values, what: `rendered chart ${chart.name} ${chart.releaseVersion}` }, options);
  return { chart, releaseName, namespace, values, objects };
}

export async function renderHelmRelease(helmRelease: KubeObject, context: DistContext, options: RenderOptions = {}): Promise<RenderedRelease> {
  const spec = specOf(helmRelease);
  const releaseName = releaseNameOf(helmRelease);
  const namespace = spec.targetNamespace ?? helmRelease.metadata.namespace;
  if (!namespace) throw new Error(`${objectRef(helmRelease)} has no namespace`);
  const wanted = chartOf(helmRelease, context);
  const chart = findVendoredChart(wanted.name, wanted.version);
  // valuesFrom is resolved in the HelmRelease's own namespace, whatever the target namespace.
  const values = composeValues(helmRelease.metadata.namespace!, spec.values, spec.valuesFrom ?? [], context.resolve);
  const objects = await renderChart(
    {
      chart,
      releaseName,
      namespace,
      values,
      postRenderers: spec.postRenderers,
      originLabels: { [`${HELM_CONTROLLER_GROUP}/name`]: helmRelease.metadata.name, [`${HELM_CONTROLLER_GROUP}/namespace`]: helmRelease.metadata.namespace! },
      what: `rendered ${objectRef(helmRelease)}`,
    },
    options,
  );
  return { helmRelease, releaseName, namespace, chart, values, objects };
}

const CLUSTER_SCOPED = new Set([
  'Namespace',
  'CustomResourceDefinition',
  'ClusterRole',
  'ClusterRoleBinding',
  'PriorityClass',
  'StorageClass',
  'ValidatingWebhookConfiguration',
  'MutatingWebhookConfiguration',
  'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding',
  'APIService',
  'IngressClass',
  'PersistentVolume',
  'ClusterIssuer',
  'RuntimeClass',
]);

/** Kinds these charts render without a namespace on purpose. */
export function isClusterScoped(object: KubeObject): boolean {
  return CLUSTER_SCOPED.has(object.kind);
}
