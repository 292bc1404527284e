// What a HelmRelease in dist/ can see in its cluster besides the chart: the objects dist/ applies
// to the same cluster and the platform team's Secrets listed in dist/required-secrets.yaml, which
// get placeholder values derived from their names (no real value is ever needed to render).
import { distLayers, distRoot } from '../integration/dist-tree.js';
import { requiredSecrets } from '../integration/landscape-emulation.js';
import type { KubeObject } from '../envtest/kube-rest.js';
import type { ReferenceResolver } from './values.js';

export type ClusterName = 'runtime' | 'virtual-garden';

export interface DistContext {
  /** Every object dist/ applies to the cluster (layers applied through a kubeconfig go to the virtual garden). */
  readonly objects: readonly KubeObject[];
  /** Secrets of dist/required-secrets.yaml for this cluster: namespace/name → keys. */
  readonly requiredSecrets: ReadonlyMap<string, readonly string[]>;
  readonly resolve: ReferenceResolver;
}

/**
 * The placeholder a required Secret's key holds in these tests: plain text that names its origin
 * and that Helm's `--set` parser keeps as a string (letters, digits, `.`, `-`).
 */
export function placeholderValue(name: string, key: string): string {
  return `placeholder-${name}-${key}`.replace(/[^A-Za-z0-9.-]/g, '-');
}

function decodeData(object: KubeObject): Record<string, string> {
  const out: Record<string, string> = {};
  const data = (object.data ?? {}) as Record<string, string>;
  for (const [k, v] of Object.entries(data)) out[k] = object.kind === 'Secret' ? Buffer.from(v, 'base64').toString('utf8') : v;
  if (object.kind === 'Secret') Object.assign(out, (object.stringData ?? {}) as Record<string, string>);
  return out;
}

export function distContext(cluster: ClusterName = 'runtime', root = distRoot): DistContext {
  const objects = distLayers(root)
    .filter((layer) => (cluster === 'virtual-garden') === layer.remote)
    .flatMap((layer) => layer.objects);
  const required = new Map(
    requiredSecrets(root)
      .filter((s) => s.cluster === cluster)
      .map((s) => [`${s.namespace}/${s.name}`, s.keys] as const),
  );
  const resolve: ReferenceResolver = (kind, namespace, name) => {
    const object = objects.find((o) => o.kind === kind && o.metadata.name === name && o.metadata.namespace === namespace);
    if (object) return decodeData(object);
    const keys = kind === 'Secret' ? required.get(`${namespace}/${name}`) : undefined;
    return keys ? Object.fromEntries(keys.map((key) => [key, placeholderValue(name, key)])) : undefined;
  };
  return { objects, requiredSecrets: required, resolve };
}
