// Facts about the real test API server that `helm template` would otherwise guess: the API
// versions it serves (`.Capabilities.APIVersions`), read from discovery like `helm install` does.
import type { KubeRest } from '../envtest/kube-rest.js';

export async function servedApiVersions(rest: KubeRest): Promise<string[]> {
  const core = await rest.request('GET', '/api');
  const groups = await rest.request('GET', '/apis');
  if (core.status !== 200 || groups.status !== 200) throw new Error(`discovery failed: /api ${core.status}, /apis ${groups.status}`);
  const versions = (core.body as { versions: string[] }).versions;
  const grouped = (groups.body as { groups: { versions: { groupVersion: string }[] }[] }).groups.flatMap((g) => g.versions.map((v) => v.groupVersion));
  return [...versions, ...grouped].sort();
}
