// Installs CustomResourceDefinitions from generators/upstream/ into the envtest kube-apiserver
// and waits until each is Established and discovery serves its kind, as a Helm chart's CRDs
// would be in a real cluster before anything uses them.
import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { upstreamPath } from '../../generators/upstream.js';
import { Applier } from './apply.js';
import { KubeRest, type KubeObject } from './kube-rest.js';

/** The CRDs of one vendored file (`upstreamPath(...segments)`), one file may hold several. */
export function crdsFromMirror(...segments: string[]): KubeObject[] {
  const file = upstreamPath(...segments);
  return parseAllDocuments(readFileSync(file, 'utf8'))
    .map((doc) => doc.toJS() as KubeObject | null)
    .filter((doc): doc is KubeObject => doc?.kind === 'CustomResourceDefinition');
}

interface Crd extends KubeObject {
  spec: { group: string; names: { kind: string }; versions: { name: string; served: boolean }[] };
  status?: { conditions?: { type: string; status: string }[] };
}

export async function installCrds(applier: Applier, crds: readonly KubeObject[], timeoutMs = 60_000): Promise<void> {
  for (const crd of crds) await applier.apply(crd);
  const deadline = Date.now() + timeoutMs;
  for (const crd of crds as Crd[]) {
    for (;;) {
      const live = (await applier.read(crd)) as Crd;
      const established = live.status?.conditions?.some((c) => c.type === 'Established' && c.status === 'True');
      if (established) break;
      if (Date.now() > deadline) throw new Error(`CRD ${crd.metadata.name} not Established after ${timeoutMs / 1000}s`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  applier.forgetDiscovery();
  // Established means served, but the aggregated discovery document may lag a moment behind.
  for (const crd of crds as Crd[]) {
    const version = crd.spec.versions.find((v) => v.served)!.name;
    for (;;) {
      try {
        await applier.pathOf({ apiVersion: `${crd.spec.group}/${version}`, kind: crd.spec.names.kind, metadata: { name: 'probe', namespace: 'probe' } });
        break;
      } catch (err) {
        if (Date.now() > deadline) throw err;
        applier.forgetDiscovery();
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  }
}

/** Gardener's OperatingSystemConfig and Cluster CRDs (vendored, Gardener v1.138.3): what an OS extension watches and reads. */
export async function installOscCrds(adminKubeconfig: string): Promise<void> {
  const crds = ['10-crd-extensions.gardener.cloud_operatingsystemconfigs.yaml', '10-crd-extensions.gardener.cloud_clusters.yaml'].flatMap((file) =>
    crdsFromMirror('gardener', 'crds', file),
  );
  await installCrds(new Applier(new KubeRest(adminKubeconfig)), crds);
}
