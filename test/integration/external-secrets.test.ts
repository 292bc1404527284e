// spec.delivery.secrets.mode external-secrets against a real kube-apiserver with the vendored
// External Secrets Operator CRDs installed (as the team installs ESO before applying dist/): every
// ExternalSecret dist/ holds passes a server-side dry-run with strict field validation, and applied
// for real it is stored with the fields dist/ wrote (nothing pruned by the structural schema); both
// engines' health checks judge a served ExternalSecret through the states ESO writes.
// The file starts a control plane of its own (etcd and kube-apiserver, test/envtest/standalone.ts):
// it needs no gardener-apiserver.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { synthesize } from '../../charts/synth.js';
import { distFiles } from '../../charts/dist/files.js';
import { startStandaloneKubeApiServer, type StandaloneKubeApiServer } from '../envtest/standalone.js';
import { Applier } from '../envtest/apply.js';
import { crdsFromMirror, installCrds } from '../envtest/crds.js';
import { KubeRest, statusMessage, type KubeObject } from '../envtest/kube-rest.js';
import { argoCdHealthScript } from '../../charts/delivery/argocd/health-checks.js';
import { HEALTH_CHECKS } from '../../charts/delivery/flux/health-checks.js';
import { evaluateFluxHealth, type FluxStatus } from '../unit/delivery/flux-cel.js';
import { runLuaHealth, type ArgoCdHealthStatus, type JsonValue } from '../unit/delivery/lua-health.js';
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
let rest: KubeRest;
let applier: Applier;

/** Both engines' verdicts on an object as the server serves it (Lua under lua5.1, CEL with fluxcd/pkg/runtime/cel). */
async function verdicts(object: KubeObject): Promise<{ argo: ArgoCdHealthStatus; flux: FluxStatus }> {
  const script = argoCdHealthScript(object.apiVersion, object.kind);
  const check = HEALTH_CHECKS.get(`${object.apiVersion}/${object.kind}`);
  if (!script || !check) throw new Error(`${object.apiVersion}/${object.kind} has no health check on both engines`);
  const [flux] = await evaluateFluxHealth([check], [object as unknown as JsonValue]);
  return { argo: runLuaHealth(script, object as unknown as JsonValue).status, flux: flux!.status };
}

const generationOf = (object: KubeObject): number => Number(object.metadata.generation);

/** Writes `status` through the status subresource, as External Secrets Operator would. */
async function writeStatus(object: KubeObject, status: Record<string, unknown>): Promise<KubeObject> {
  const response = await rest.request('PATCH', `${await applier.pathOf(object)}/status`, { status }, 'application/merge-patch+json');
  if (response.status !== 200) throw new Error(`status of ${object.kind} ${object.metadata.name}: ${statusMessage(response)}`);
  return response.body as KubeObject;
}

beforeAll(async () => {
  plane = await startStandaloneKubeApiServer();
  rest = new KubeRest(plane.kubeconfig);
  applier = new Applier(rest);
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

  it('health checks on a served ExternalSecret: in progress while new, healthy once synced, in progress after a spec change, failed on Ready False', async () => {
    const object: KubeObject = { ...externalSecrets[0]!.object, metadata: { ...externalSecrets[0]!.object.metadata, name: 'health-live' } };
    const created = await applier.apply(object);
    expect(created.status).toBeUndefined();
    expect(await verdicts(created)).toEqual({ argo: 'Progressing', flux: 'Unknown' });
    const generation = generationOf(created);
    const time = '2026-12-02T10:00:00Z';
    const ready = (status: 'True' | 'False', reason: string) => ({ type: 'Ready', status, reason, message: reason, lastTransitionTime: time });
    const synced = await writeStatus(created, {
      refreshTime: time,
      syncedResourceVersion: `${generation}-0f1e2d3c`,
      conditions: [ready('True', 'SecretSynced')],
    });
    expect(await verdicts(synced)).toEqual({ argo: 'Healthy', flux: 'Current' });
    const changed = await applier.apply({ ...object, spec: { ...(object.spec as Record<string, unknown>), refreshInterval: '2h' } });
    expect(generationOf(changed)).toBe(generation + 1);
    expect(await verdicts(changed)).toEqual({ argo: 'Progressing', flux: 'InProgress' });
    const failing = await writeStatus(changed, { conditions: [ready('False', 'SecretSyncedError')] });
    expect(await verdicts(failing)).toEqual({ argo: 'Degraded', flux: 'Failed' });
    await applier.delete(object);
  });
});
