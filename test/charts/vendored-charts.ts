// Finds the vendored source of a chart release in generators/upstream/charts/ and turns it into
// the chart as its publisher released it. The vendored trees are git sources, not packaged
// charts: some carry placeholder versions that the upstream release tooling rewrites.
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse, stringify } from 'yaml';
import { projectRoot, upstreamRoot } from '../../generators/upstream.js';
import { readManifest } from '../../generators/upstream-manifest.js';

export interface VendoredChart {
  /** `name:` of its Chart.yaml (or Chart.template.yaml). */
  readonly name: string;
  /** Version of the upstream release it was vendored from (the manifest's tag, e.g. `v1.19.1`, `4.13.3`). */
  readonly releaseVersion: string;
  /** Absolute path of the chart's folder in generators/upstream. */
  readonly dir: string;
  /** Id of its entry in generators/upstream/manifest.yaml (provenance). */
  readonly source: string;
}

/**
 * OCI repositories whose chart is named differently from the repository's last path segment.
 * Gardener publishes its charts under `charts/gardener/<component>` while their Chart.yaml names
 * them `gardener-operator` and `gardenlet` (gardener/gardener charts/gardener/{operator,gardenlet}).
 */
export const OCI_CHART_NAMES: Readonly<Record<string, string>> = {
  'europe-docker.pkg.dev/gardener-project/releases/charts/gardener/operator': 'gardener-operator',
  'europe-docker.pkg.dev/gardener-project/releases/charts/gardener/gardenlet': 'gardenlet',
};

/** The chart an OCI repository serves: by OCI_CHART_NAMES, else the last path segment (Helm's `helm push` convention). */
export function chartNameOfOci(url: string): string {
  const repository = url.replace(/^oci:\/\//, '').replace(/\/+$/, '');
  return OCI_CHART_NAMES[repository] ?? repository.split('/').pop()!;
}

/** `v1.2.3` and `1.2.3` are the same chart version: Helm parses both as semver 1.2.3. */
export function sameVersion(a: string, b: string): boolean {
  return a.replace(/^v/, '') === b.replace(/^v/, '');
}

/** The release version inside a tag: `helm-chart-4.13.3` → `4.13.3`, `v0.8.8` → `v0.8.8`. */
function releaseVersionOf(tag: string): string | undefined {
  return /v?\d+\.\d+\.\d+(?:[-+][0-9A-Za-z.-]+)?$/.exec(tag)?.[0];
}

function chartFile(dir: string): string | undefined {
  for (const file of ['Chart.yaml', 'Chart.template.yaml']) if (existsSync(join(dir, file))) return join(dir, file);
  return undefined;
}

/**
 * The top-most chart folders at or below `dir`: a folder with a Chart.yaml is a chart (its own
 * subcharts belong to it); a folder without one is searched further. provider-metal's repository
 * keeps its admission charts two levels down (`gardener-extension-admission-metal/charts/{runtime,application}`).
 */
function chartDirsUnder(dir: string): string[] {
  if (chartFile(dir)) return [dir];
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((e) => chartDirsUnder(join(dir, e.name)));
}

/** Every chart the manifest vendors under charts/: the folder itself, or each top-most chart folder inside it. */
export function vendoredCharts(): VendoredChart[] {
  const charts: VendoredChart[] = [];
  for (const source of readManifest().sources) {
    if (!source.into.startsWith('charts/')) continue;
    const releaseVersion = releaseVersionOf(source.tag ?? '');
    if (!releaseVersion) throw new Error(`generators/upstream/manifest.yaml: source ${source.id} has tag ${JSON.stringify(source.tag)} without a version`);
    const into = join(upstreamRoot, source.into);
    const dirs = chartDirsUnder(into);
    for (const dir of dirs) {
      const meta = parse(readFileSync(chartFile(dir)!, 'utf8')) as { name?: string };
      if (!meta.name) throw new Error(`${relative(projectRoot, chartFile(dir)!)} has no name`);
      charts.push({ name: meta.name, releaseVersion, dir, source: source.id });
    }
  }
  return charts;
}

/** The vendored chart of exactly this name and version, or an error listing what is vendored. */
export function findVendoredChart(name: string, version: string): VendoredChart {
  const charts = vendoredCharts();
  const found = charts.find((c) => c.name === name && sameVersion(c.releaseVersion, version));
  if (found) return found;
  const vendored = charts
    .map((c) => `${c.name} ${c.releaseVersion}`)
    .sort()
    .join(', ');
  throw new Error(
    `chart ${name} ${version} is not vendored in generators/upstream/charts/ (vendored: ${vendored}); ` +
      `vendor it with \`npm run upstream -- import\` so the tests render the chart the landscape deploys`,
  );
}

/**
 * Copies the chart into `scratchDir` as its release publishes it: a Chart.template.yaml
 * (cert-manager's source) becomes Chart.yaml with version and appVersion set to the release and
 * `{{IS_PRERELEASE}}` resolved, as cert-manager's release tool does; a source Chart.yaml with a
 * placeholder version (Gardener's charts say 0.1.0) gets the release version, as the published
 * OCI artifact carries it. Charts whose source already names the release are copied unchanged.
 */
export function releasedChartDir(chart: VendoredChart, scratchDir: string): string {
  const out = join(scratchDir, chart.name);
  mkdirSync(scratchDir, { recursive: true });
  cpSync(chart.dir, out, { recursive: true });
  const template = join(out, 'Chart.template.yaml');
  if (existsSync(template)) {
    const text = readFileSync(template, 'utf8').replaceAll('{{IS_PRERELEASE}}', /-/.test(chart.releaseVersion) ? 'true' : 'false');
    const meta = parse(text) as Record<string, unknown>;
    writeFileSync(join(out, 'Chart.yaml'), stringify({ ...meta, version: chart.releaseVersion, appVersion: chart.releaseVersion }));
    return out;
  }
  const chartYaml = join(out, 'Chart.yaml');
  const meta = parse(readFileSync(chartYaml, 'utf8')) as Record<string, unknown>;
  if (typeof meta.version !== 'string' || !sameVersion(meta.version, chart.releaseVersion)) {
    writeFileSync(chartYaml, stringify({ ...meta, version: chart.releaseVersion }));
  }
  return out;
}
