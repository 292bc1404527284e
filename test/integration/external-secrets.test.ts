// spec.delivery.secrets.mode external-secrets against a real kube-apiserver with the vendored
// External Secrets Operator CRDs installed (as the team installs ESO before applying dist/): every
// ExternalSecret dist/ holds passes a server-side dry-run with strict field validation, and applied
// for real it is stored with the fields dist/ wrote (nothing pruned by the structural schema).
// The file starts a control plane of its own (etcd and kube-apiserver, test/envtest/standalone.ts):
// it needs no gardener-apiserver.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { synthesize } from '../../charts/synth.js';
import { distFiles } from '../../charts/dist/files.js';
import { startStandaloneKubeApiServer, type StandaloneKubeApiServer } from '../envtest/standalone.js';
import { Applier } from '../envtest/apply.js';
import { crdsFromMirror, installCrds } from '../envtest/crds.js';
import { KubeRest, type KubeObject } from '../envtest/kube-rest.js';
import { defaultLandscapeInput, resolveInput } from '../unit/dist/landscape-fixture.js';

const ESO_CRDS = ['external-secrets.io_clustersecretstores.yaml', 'external-secrets.io_externalsecrets.yaml', 'external-secrets.io_secretstores.yaml'];

function esoDist(): ReadonlyMap<string, string> {
  const input = defaultLandscapeInput();
  input.spec.delivery.secrets = { mode: 'external-secrets', clusterSecretStore: 'platform-vault' };
  return distFiles(synthesize(resolveInput(input)));
}

const externalSecrets = [...esoDist()]
  .filter(([file]) => /\/externalsecret\.[^/]+\.yaml$/.test(file))
  .map(([file, content]) => ({ file, object: parse(content) as KubeObject }));

let plane: StandaloneKubeApiServer;
let applier: Applier;

beforeAll(async () => {
  plane = await startStandaloneKubeApiServer();
  applier = new Applier(new KubeRest(plane.kubeconfig));
  await installCrds(
    applier,
    ESO_CRDS.flatMap((file) => crdsFromMirror('external-secrets', 'crds', file)),
  );
  for (const namespace of new Set(externalSecrets.map(({ object }) => object.metadata.namespace!))) {
    await applier.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } });
  }
}, 600_000);

afterAll(async () => {
  await plane?.stop();
});

describe('ExternalSecrets of dist/ on kube-apiserver with the vendored ESO CRDs', () => {
  it('dist/ holds ExternalSecrets to check', () => {
    expect(externalSecrets.length).toBeGreaterThan(5);
  });

  it('each passes a server-side dry-run with strict field validation', async () => {
    const failures: string[] = [];
    for (const { file, object } of externalSecrets) {
      await applier.apply(object, { dryRun: true }).catch((error: unknown) => failures.push(`${file}: ${String(error)}`));
    }
    expect(failures).toEqual([]);
  });

  it('each is stored with the spec dist/ wrote', async () => {
    for (const { file, object } of externalSecrets) {
      await applier.apply(object);
      const live = await applier.read(object);
      expect(live.spec, file).toMatchObject(object.spec as Record<string, unknown>);
    }
  });

  it('can fail: the server rejects an unknown field and a creationPolicy the CRD does not know', async () => {
    const [first] = externalSecrets;
    const spec = first!.object.spec as { target: Record<string, unknown> };
    await expect(applier.apply({ ...first!.object, spec: { ...spec, refreshIntervall: '1h' } }, { dryRun: true })).rejects.toThrow(/refreshIntervall/);
    await expect(applier.apply({ ...first!.object, spec: { ...spec, target: { ...spec.target, creationPolicy: 'Adopt' } } }, { dryRun: true })).rejects.toThrow(
      /creationPolicy/,
    );
  });
});
