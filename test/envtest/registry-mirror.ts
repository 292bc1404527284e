// A registry mirror for the chart sources of a synthesized dist/: the loopback OCI registry of the
// simulated cluster holds every vendored chart, and the Flux sources of dist/ are pointed at it by
// rewriting them — strictly: only the upstream repository URLs the caller lists are mirrored, each
// chart must have been pushed in the version dist/ asks for, and any other chart source URL fails.
// Why a rewrite and not landscape fields: cert-manager's and ingress-nginx's HelmRepositories are
// fixed HTTPS URLs (charts/constructs/cert-manager.ts, ingress-nginx.ts) with no landscape field;
// spec.versions.overrides.operator.chart does not reach gardener-operator's OCIRepository (the layer
// reads the release vector's charts.ref); and no landscape field can say `insecure: true`, which a
// plain-HTTP registry needs. A real landscape with a private mirror would set these sources up in
// its own registry; this rewrite plays that part and nothing else.
import { parse } from 'yaml';
import { toYaml, type DistFiles } from '../../charts/dist/files.js';
import { chartNameOfOci, sameVersion } from '../charts/vendored-charts.js';
import type { OciRegistry } from './oci-registry.js';

interface Source {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string };
  spec: { url?: string; ref?: { tag?: string }; type?: string; insecure?: boolean; [key: string]: unknown };
}

interface HelmRelease {
  kind: 'HelmRelease';
  metadata: { name: string; namespace?: string };
  spec: { chart?: { spec: { chart: string; version?: string; sourceRef: { kind: string; name: string; namespace?: string } } } };
}

/** A tag the mirror must add: the publisher's tag of a chart pushed under its version (metal-stack: v0.8.8 for 0.8.8). */
export interface MirrorTag {
  /** Repository path in the registry, e.g. charts/metal-control-plane. */
  readonly repository: string;
  readonly from: string;
  readonly to: string;
}

export interface MirrorResult {
  readonly files: DistFiles;
  /** Tags to add to the registry (copyTags) before Flux pulls. */
  readonly tags: readonly MirrorTag[];
  /** One line per rewritten source: `<kind> <ns>/<name>: <upstream> → <mirror>`. */
  readonly rewrites: readonly string[];
}

const sourceKinds = new Set(['OCIRepository', 'HelmRepository', 'Bucket']);

/** dist/ with its chart sources pointed at `registry`; throws naming every source it cannot mirror. */
export function mirrorChartSources(files: DistFiles, registry: Pick<OciRegistry, 'chartsUrl' | 'charts'>, upstreams: readonly string[]): MirrorResult {
  const parsed = new Map<string, unknown>();
  for (const [path, content] of files) if (path.endsWith('.yaml')) parsed.set(path, parse(content));
  const releases = [...parsed.values()].filter((o): o is HelmRelease => (o as { kind?: string } | null)?.kind === 'HelmRelease');
  const problems: string[] = [];
  const rewrites: string[] = [];
  const tags: MirrorTag[] = [];
  const out = new Map(files);
  const pushed = (name: string) => registry.charts.filter((c) => c.name === name);

  for (const [path, object] of parsed) {
    const source = object as Source | null;
    if (!source || !sourceKinds.has(source.kind)) continue;
    const id = `${source.kind} ${source.metadata.namespace ?? ''}/${source.metadata.name} (${path})`;
    const url = source.spec.url ?? '';
    if (!upstreams.includes(url)) {
      problems.push(`${id}: url "${url}" is not one the mirror knows (${upstreams.join(', ')})`);
      continue;
    }
    if (source.kind === 'OCIRepository') {
      const name = chartNameOfOci(url);
      const tag = source.spec.ref?.tag ?? '';
      // `helm push` tags a chart with its version; a publisher may tag it differently (v0.8.8 for
      // 0.8.8), and a mirror carries the publisher's tag, so that tag is added to the same manifest.
      const chart = pushed(name).find((c) => c.version === tag) ?? pushed(name).find((c) => sameVersion(c.version, tag));
      if (chart && chart.version !== tag) tags.push({ repository: chart.url.replace(/^oci:\/\/[^/]+\//, ''), from: chart.version, to: tag });
      if (!chart) {
        problems.push(
          `${id}: chart ${name}:${tag} is not in the registry (pushed: ${
            pushed(name)
              .map((c) => c.version)
              .join(', ') || 'no version'
          })`,
        );
        continue;
      }
      out.set(path, toYaml({ ...source, spec: { ...source.spec, url: chart.url, insecure: true } }));
      rewrites.push(`${id}: ${url} → ${chart.url}`);
    } else if (source.kind === 'HelmRepository') {
      // Every HelmRelease of this repository must find its chart in the registry.
      const users = releases.filter(
        (r) =>
          r.spec.chart?.spec.sourceRef.kind === 'HelmRepository' &&
          r.spec.chart.spec.sourceRef.name === source.metadata.name &&
          (r.spec.chart.spec.sourceRef.namespace ?? r.metadata.namespace) === source.metadata.namespace,
      );
      for (const r of users) {
        const { chart, version } = r.spec.chart!.spec;
        if (!pushed(chart).some((c) => version === undefined || sameVersion(c.version.replace(/_/g, '+'), version))) {
          problems.push(`${id}: HelmRelease ${r.metadata.namespace}/${r.metadata.name} wants ${chart} ${version ?? '(any)'}, which is not in the registry`);
        }
      }
      out.set(path, toYaml({ ...source, spec: { ...source.spec, type: 'oci', url: registry.chartsUrl, insecure: true } }));
      rewrites.push(`${id}: ${url} → ${registry.chartsUrl} (type oci)`);
    } else {
      problems.push(`${id}: ${source.kind} sources are not mirrored`);
    }
  }
  if (problems.length > 0) throw new Error(`registry mirror: ${problems.length} source(s) cannot be mirrored:\n  ${problems.join('\n  ')}`);
  return { files: out, tags, rewrites };
}

const manifestTypes = ['application/vnd.oci.image.manifest.v1+json', 'application/vnd.docker.distribution.manifest.v2+json'];

/** Adds each tag to the manifest its `from` tag names (OCI distribution API: GET and PUT of the manifest). */
export async function copyTags(registry: Pick<OciRegistry, 'host'>, tags: readonly MirrorTag[]): Promise<void> {
  for (const { repository, from, to } of tags) {
    const source = await fetch(`http://${registry.host}/v2/${repository}/manifests/${from}`, { headers: { accept: manifestTypes.join(', ') } });
    if (!source.ok) throw new Error(`registry mirror: GET ${repository}:${from}: ${source.status} ${await source.text()}`);
    const contentType = source.headers.get('content-type') ?? manifestTypes[0]!;
    const body = Buffer.from(await source.arrayBuffer());
    const put = await fetch(`http://${registry.host}/v2/${repository}/manifests/${to}`, { method: 'PUT', headers: { 'content-type': contentType }, body });
    if (put.status !== 201) throw new Error(`registry mirror: PUT ${repository}:${to}: ${put.status} ${await put.text()}`);
  }
}
