// The health checks of both engines on objects as the real servers serve them: a Project through
// gardener-apiserver and a Garden through kube-apiserver (from dist/, renamed), each taken through
// the states a controller would write (status subresource) and a spec change (the server bumps
// metadata.generation). Argo CD's Lua runs under lua5.1 and Flux's CEL under
// fluxcd/pkg/runtime/cel, as in test/unit/delivery/health.test.ts, whose table this checks against
// reality: a new Project is served with an empty status, a new Garden with none.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { argoCdHealthScript } from '../../charts/delivery/argocd/health-checks.js';
import { HEALTH_CHECKS } from '../../charts/delivery/flux/health-checks.js';
import { Applier, FIELD_MANAGER } from '../envtest/apply.js';
import { envtest } from '../envtest/context.js';
import { crdsFromMirror, installCrds } from '../envtest/crds.js';
import { KubeRest, statusMessage, type KubeObject } from '../envtest/kube-rest.js';
import { evaluateFluxHealth, type FluxStatus } from '../unit/delivery/flux-cel.js';
import { runLuaHealth, type ArgoCdHealthStatus, type JsonValue } from '../unit/delivery/lua-health.js';
import { distRoot, folderObjects } from './dist-tree.js';

const suffix = randomBytes(3).toString('hex');
const rest = new KubeRest(envtest().kubeconfig);
const applier = new Applier(rest);
const time = '2026-12-02T10:00:00Z';

async function verdicts(object: KubeObject): Promise<{ argo: ArgoCdHealthStatus; argoMessage: string; flux: FluxStatus }> {
  const key = `${object.apiVersion}/${object.kind}`;
  const script = argoCdHealthScript(object.apiVersion, object.kind);
  const check = HEALTH_CHECKS.get(key);
  if (!script || !check) throw new Error(`${key} has no health check on both engines`);
  const json = object as unknown as JsonValue;
  const argo = runLuaHealth(script, json);
  const [flux] = await evaluateFluxHealth([check], [json]);
  return { argo: argo.status, argoMessage: argo.message, flux: flux!.status };
}

/** Writes `status` through the status subresource, as the object's controller would. */
async function writeStatus(object: KubeObject, status: Record<string, unknown>): Promise<KubeObject> {
  const response = await rest.request('PATCH', `${await applier.pathOf(object)}/status`, { status }, 'application/merge-patch+json');
  if (response.status !== 200) throw new Error(`status of ${object.kind} ${object.metadata.name}: ${statusMessage(response)}`);
  return response.body as KubeObject;
}

const generationOf = (o: KubeObject) => (o.metadata as { generation?: number }).generation!;
const condition = (type: string, status: string) => ({ type, status, reason: 'Test', message: '', lastTransitionTime: time, lastUpdateTime: time });

describe('health checks on a Project served by gardener-apiserver', () => {
  const project: KubeObject = {
    apiVersion: 'core.gardener.cloud/v1beta1',
    kind: 'Project',
    metadata: { name: `h${suffix}` },
    spec: { namespace: `garden-h${suffix}`, description: 'health checks' },
  };
  afterAll(async () => {
    // gardener-apiserver's DeletionConfirmation admission deletes a Project only with this annotation.
    const path = await applier.pathOf(project);
    await rest.request('PATCH', path, { metadata: { annotations: { 'confirmation.gardener.cloud/deletion': 'true' } } }, 'application/merge-patch+json');
    await applier.delete(project);
  });

  it('Progressing while new, Healthy when Ready, Progressing after a spec change, Degraded when Failed', async () => {
    const created = await applier.apply(project);
    expect(created.status).toEqual({});
    expect(await verdicts(created)).toMatchObject({ argo: 'Progressing', flux: 'InProgress' });

    const ready = await writeStatus(created, { observedGeneration: generationOf(created), phase: 'Ready' });
    expect(await verdicts(ready)).toMatchObject({ argo: 'Healthy', flux: 'Current' });

    const changed = await applier.apply({ ...project, spec: { ...(project.spec as object), description: 'changed' } });
    expect(generationOf(changed)).toBe(generationOf(created) + 1);
    expect(await verdicts(changed)).toEqual({
      argo: 'Progressing',
      argoMessage: `Status is for generation ${generationOf(created)}, the object is at generation ${generationOf(changed)}`,
      flux: 'InProgress',
    });

    const failed = await writeStatus(changed, { observedGeneration: generationOf(changed), phase: 'Failed' });
    expect(await verdicts(failed)).toMatchObject({ argo: 'Degraded', flux: 'Failed' });
  });
});

describe("health checks on dist/'s Garden served by kube-apiserver (CRD)", () => {
  const [distGarden] = folderObjects(join(distRoot, 'runtime', 'garden')).filter((o) => o.kind === 'Garden');
  const garden: KubeObject = { ...distGarden!, metadata: { ...distGarden!.metadata, name: `health-${suffix}` } };
  const conditionTypes = ['RuntimeComponentsHealthy', 'VirtualComponentsHealthy', 'VirtualGardenAPIServerAvailable', 'ObservabilityComponentsHealthy'];
  const operation = (state: string) => ({ type: 'Reconcile', state, description: `Garden ${state}`, progress: 50, lastUpdateTime: time });

  beforeAll(() => installCrds(applier, crdsFromMirror('gardener', 'crds', '10-crd-operator.gardener.cloud_gardens.yaml')));
  afterAll(() => applier.delete(garden));

  it('Progressing (Flux: Unknown) without status, then Processing, Healthy, stale after a spec change, Degraded when Failed', async () => {
    const created = await applier.apply(garden, { fieldManager: `${FIELD_MANAGER}-health` });
    expect(created.status).toBeUndefined();
    expect(await verdicts(created)).toMatchObject({ argo: 'Progressing', flux: 'Unknown' });

    const observed = { observedGeneration: generationOf(created) };
    const processing = await writeStatus(created, { ...observed, lastOperation: operation('Processing') });
    expect(await verdicts(processing)).toMatchObject({ argo: 'Progressing', flux: 'InProgress' });

    const healthy = await writeStatus(created, {
      ...observed,
      lastOperation: operation('Succeeded'),
      conditions: conditionTypes.map((t) => condition(t, 'True')),
    });
    expect(await verdicts(healthy)).toMatchObject({ argo: 'Healthy', flux: 'Current' });

    const spec = garden.spec as { virtualCluster: { maintenance: { timeWindow: { begin: string; end: string } } } };
    const changed = await applier.apply(
      { ...garden, spec: { ...spec, virtualCluster: { ...spec.virtualCluster, maintenance: { timeWindow: { begin: '010000+0000', end: '020000+0000' } } } } },
      { fieldManager: `${FIELD_MANAGER}-health` },
    );
    expect(generationOf(changed)).toBe(generationOf(created) + 1);
    expect(await verdicts(changed)).toMatchObject({ argo: 'Progressing', flux: 'InProgress' });

    const failed = await writeStatus(changed, { observedGeneration: generationOf(changed), lastOperation: operation('Failed') });
    expect(await verdicts(failed)).toMatchObject({ argo: 'Degraded', flux: 'Failed' });
  });
});
