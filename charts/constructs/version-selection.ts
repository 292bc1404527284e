/**
 * Picking default versions the way Gardener users expect: the newest version classified
 * `supported` (preview versions are opt-in, deprecated ones are on their way out).
 */

export interface ClassifiedVersion {
  readonly version: string;
  readonly classification: 'preview' | 'supported' | 'deprecated';
}

/** Numeric parts of `v1.2.3` / `1.2.3-rc.1`; a pre-release sorts before its release. */
function parse(version: string): { core: number[]; pre: string | undefined } {
  const [core = '', pre] = version.replace(/^v/, '').split(/-(.*)/s, 2);
  return { core: core.split('.').map((part) => Number.parseInt(part, 10) || 0), pre: pre || undefined };
}

/** Semantic-version order (negative when a < b); the leading `v` is ignored. */
export function compareVersions(a: string, b: string): number {
  const pa = parse(a);
  const pb = parse(b);
  for (let i = 0; i < Math.max(pa.core.length, pb.core.length); i++) {
    const diff = (pa.core[i] ?? 0) - (pb.core[i] ?? 0);
    if (diff !== 0) return diff;
  }
  if (pa.pre === pb.pre) return 0;
  if (pa.pre === undefined) return 1;
  if (pb.pre === undefined) return -1;
  return pa.pre < pb.pre ? -1 : 1;
}

/**
 * The newest `supported` version of the list. `what` names the list in the error, e.g.
 * `spec.cloudProfile.kubernetesVersions`, so a landscape without one says where to add it.
 */
export function newestSupported(versions: readonly ClassifiedVersion[], what: string): string {
  const supported = versions.filter((v) => v.classification === 'supported').map((v) => v.version);
  const newest = supported.sort(compareVersions).at(-1);
  if (newest === undefined) {
    throw new Error(`${what} has no version classified "supported" (has: ${versions.map((v) => `${v.version}=${v.classification}`).join(', ') || 'none'}); mark one supported or pin the version explicitly`);
  }
  return newest;
}
