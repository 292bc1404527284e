// dist/argocd on a real kube-apiserver with the vendored Argo CD CRDs installed: every object the
// platform team or the root app applies (AppProject, root and layer Applications, the argocd-cm
// merge material) passes a server-side dry-run with strict field validation, the server's CEL rules
// and defaulting included, for an argocd and a both landscape. The argocd-cm file is then applied
// for real as the README says (server-side, field manager metal-garden) onto an argocd-cm an Argo CD
// installation already owns, which must keep its own keys. Runs on a kube-apiserver of its own
// (test/envtest/standalone.ts): it needs neither gardener-apiserver nor the shared control plane.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Applier } from '../envtest/apply.js';
import { crdsFromMirror, installCrds } from '../envtest/crds.js';
import { KubeRest, type KubeObject } from '../envtest/kube-rest.js';
import { startStandaloneKubeApiServer, type StandaloneKubeApiServer } from '../envtest/standalone.js';
import { ARGOCD_CM_FOLDER, ARGOCD_FOLDER } from '../../charts/delivery/argocd/index.js';
import { ARGOCD_CM_FIELD_MANAGER } from '../../charts/delivery/argocd/argocd-cm.js';
import { distFor, folderObjects, type Engine } from '../unit/delivery/argocd-fixture.js';

let plane: StandaloneKubeApiServer | undefined;
let applier: Applier;

const NAMESPACE = 'argocd';

beforeAll(async () => {
  plane = await startStandaloneKubeApiServer();
  applier = new Applier(new KubeRest(plane.kubeconfig));
  const crds = ['application-crd.yaml', 'appproject-crd.yaml'].flatMap((file) => crdsFromMirror('argo-cd', 'crds', file));
  await installCrds(applier, crds);
  await applier.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: NAMESPACE } });
}, 300_000);

afterAll(async () => {
  await plane?.stop();
});

/** The objects of dist/argocd and its argocd-cm folder. */
function argoCdObjects(engine: Engine): Array<{ file: string; object: KubeObject }> {
  const files = distFor(engine);
  return [...folderObjects(files, ARGOCD_FOLDER), ...folderObjects(files, ARGOCD_CM_FOLDER)].map(({ file, object }) => ({
    file,
    object: object,
  }));
}

describe('dist/argocd on kube-apiserver with the Argo CD CRDs', () => {
  for (const engine of ['argocd', 'both'] as const) {
    it(`${engine}: every object passes a strict server-side dry-run`, async () => {
      const objects = argoCdObjects(engine);
      expect(objects.map((o) => o.object.kind).sort()).toEqual(expect.arrayContaining(['AppProject', 'Application', 'ConfigMap']));
      const rejected: string[] = [];
      for (const { file, object } of objects) {
        await applier
          .apply(object, { dryRun: true })
          .catch((error: unknown) => rejected.push(`${file}: ${error instanceof Error ? error.message : String(error)}`));
      }
      expect(rejected).toEqual([]);
    });
  }

  it('the dry-run can fail: an Application without its project is refused', async () => {
    const application = argoCdObjects('argocd').find((o) => o.object.kind === 'Application')!.object as KubeObject & { spec: Record<string, unknown> };
    const { project: _project, ...spec } = application.spec;
    await expect(applier.apply({ ...application, spec }, { dryRun: true })).rejects.toThrow(/project/);
  });

  it('the argocd-cm merge material adds its keys to an installed argocd-cm and leaves the installation’s keys alone', async () => {
    const installed = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'argocd-cm', namespace: NAMESPACE, labels: { 'app.kubernetes.io/part-of': 'argocd' } },
      data: { url: 'https://argocd.example.com', 'resource.customizations.health.example.com_Widget': 'return { status = "Healthy" }' },
    };
    await applier.apply(installed, { fieldManager: 'argocd-install' });
    const material = argoCdObjects('argocd').find((o) => o.object.kind === 'ConfigMap')!.object as KubeObject & { data: Record<string, string> };
    await applier.apply(material, { fieldManager: ARGOCD_CM_FIELD_MANAGER });
    const live = (await applier.read(material)) as KubeObject & { data: Record<string, string>; metadata: { labels?: Record<string, string> } };
    expect(live.data).toEqual({ ...installed.data, ...material.data });
    expect(live.metadata.labels).toEqual(installed.metadata.labels);
    // The installation re-applying its own argocd-cm (its manager, its keys) keeps the health entries.
    await applier.apply(installed, { fieldManager: 'argocd-install' });
    expect(((await applier.read(material)) as KubeObject & { data: Record<string, string> }).data).toEqual({ ...installed.data, ...material.data });
  });
});
