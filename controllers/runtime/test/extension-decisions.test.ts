// The pure parts of the extension lifecycle against Gardener v1.138.3's rules: operation type,
// the action taken, the predicates (which events reconcile, and that the controller's own writes do
// not), status patches, the Cluster facts and the OSC Secret.
import { describe, expect, it } from 'vitest';
import { cachedClusterFacts, clusterFacts } from '../extension/cluster.js';
import { computeOperationType, decideAction } from '../extension/operation.js';
import { oscResultSecret, oscStatus, type OperatingSystemConfig } from '../extension/operatingsystemconfig.js';
import { admits, type ExtensionFilter } from '../extension/predicates.js';
import { CodedError, errorPatch, processingPatch, successPatch } from '../extension/status.js';
import type { ExtensionObject, LastOperation } from '../extension/types.js';

const finalizer = 'extensions.gardener.cloud/operatingsystemconfigs';

function osc(
  patch: {
    annotations?: Record<string, string>;
    deleting?: boolean;
    finalized?: boolean;
    last?: Partial<LastOperation>;
    generation?: number;
    type?: string;
    class?: string;
  } = {},
): ExtensionObject {
  return {
    apiVersion: 'extensions.gardener.cloud/v1alpha1',
    kind: 'OperatingSystemConfig',
    metadata: {
      name: 'osc',
      namespace: 'shoot--a--b',
      uid: 'uid-1',
      generation: patch.generation ?? 1,
      ...(patch.annotations ? { annotations: patch.annotations } : {}),
      ...(patch.deleting ? { deletionTimestamp: '2026-01-01T00:00:00Z' } : {}),
      finalizers: patch.finalized === false ? [] : [finalizer, 'someone.else/keep'],
    },
    spec: { type: patch.type ?? 'ubuntu', ...(patch.class ? { class: patch.class } : {}) },
    ...(patch.last
      ? { status: { lastOperation: { type: 'Reconcile', state: 'Succeeded', progress: 100, description: '', lastUpdateTime: '', ...patch.last } } }
      : {}),
  };
}

const op = (value: string): Record<string, string> => ({ 'gardener.cloud/operation': value });
const noCluster = { shootFailed: false, forceDelete: false };

describe('computeOperationType (v1beta1helper.ComputeOperationType)', () => {
  it.each([
    ['no lastOperation', osc(), 'Create'],
    ['Create not yet succeeded', osc({ last: { type: 'Create', state: 'Error' } }), 'Create'],
    ['Create succeeded', osc({ last: { type: 'Create', state: 'Succeeded' } }), 'Reconcile'],
    ['Reconcile failed stays Reconcile', osc({ last: { type: 'Reconcile', state: 'Error' } }), 'Reconcile'],
    ['Migrate unfinished', osc({ last: { type: 'Migrate', state: 'Error' } }), 'Migrate'],
    ['Restore unfinished', osc({ last: { type: 'Restore', state: 'Processing' } }), 'Restore'],
    ['deletion', osc({ deleting: true, last: {} }), 'Delete'],
    ['migrate annotation beats deletion', osc({ deleting: true, annotations: op('migrate'), last: {} }), 'Migrate'],
    ['deletion beats restore', osc({ deleting: true, annotations: op('restore'), last: {} }), 'Delete'],
    ['restore annotation', osc({ annotations: op('restore'), last: {} }), 'Restore'],
    ['reconcile annotation is no operation type', osc({ annotations: op('reconcile'), last: {} }), 'Reconcile'],
  ])('%s → %s', (_what, object, expected) => {
    expect(computeOperationType(object)).toBe(expected);
  });
});

describe('decideAction (the reconciler switch)', () => {
  it('reconciles, restores, deletes and migrates', () => {
    expect(decideAction(osc(), noCluster, finalizer)).toEqual({ kind: 'reconcile', operation: 'Create' });
    expect(decideAction(osc({ last: {} }), noCluster, finalizer)).toEqual({ kind: 'reconcile', operation: 'Reconcile' });
    expect(decideAction(osc({ annotations: op('restore'), last: {} }), noCluster, finalizer)).toEqual({ kind: 'restore' });
    expect(decideAction(osc({ deleting: true }), noCluster, finalizer)).toEqual({ kind: 'delete', force: false });
    expect(decideAction(osc({ deleting: true }), { shootFailed: false, forceDelete: true }, finalizer)).toEqual({ kind: 'delete', force: true });
    expect(decideAction(osc({ annotations: op('migrate') }), noCluster, finalizer)).toEqual({ kind: 'migrate' });
  });

  it('skips what Gardener skips', () => {
    expect(decideAction(osc({ deleting: true, finalized: false }), noCluster, finalizer).kind).toBe('skip');
    expect(decideAction(osc({ annotations: op('migrate'), finalized: false }), noCluster, finalizer).kind).toBe('skip');
    expect(decideAction(osc({ annotations: op('wait-for-state') }), noCluster, finalizer).kind).toBe('skip');
    expect(decideAction(osc(), { shootFailed: true, forceDelete: false }, finalizer)).toEqual({ kind: 'skip', why: "the shoot's last operation failed" });
    // Migrated away: only migrate or restore act.
    const migrated = osc({ last: { type: 'Migrate', state: 'Succeeded' } });
    expect(decideAction(migrated, noCluster, finalizer).kind).toBe('skip');
    expect(decideAction({ ...migrated, metadata: { ...migrated.metadata, annotations: op('restore') } }, noCluster, finalizer)).toEqual({ kind: 'restore' });
  });
});

describe('admits (Gardener predicates)', () => {
  const annotationMode: ExtensionFilter = { types: ['ubuntu'], classes: ['shoot'], mode: 'operation-annotation' };
  const generationMode: ExtensionFilter = { ...annotationMode, mode: 'generation' };

  it('filters by type and class (no class = shoot)', () => {
    expect(admits({ type: 'add', object: osc() }, annotationMode)).toBe(true);
    expect(admits({ type: 'add', object: osc({ type: 'flatcar' }) }, annotationMode)).toBe(false);
    expect(admits({ type: 'add', object: osc({ class: 'seed' }) }, annotationMode)).toBe(false);
    expect(admits({ type: 'add', object: osc({ class: 'seed' }) }, { ...annotationMode, classes: ['seed'] })).toBe(true);
    expect(admits({ type: 'add', object: osc({ class: 'seed' }) }, { ...annotationMode, classes: undefined })).toBe(true);
  });

  it('operation-annotation mode: adds only when not succeeded, annotated or deleting; updates only when annotated or deleting with unchanged status', () => {
    expect(admits({ type: 'add', object: osc({ last: {} }) }, annotationMode)).toBe(false);
    expect(admits({ type: 'add', object: osc({ last: { state: 'Error' } }) }, annotationMode)).toBe(true);
    expect(admits({ type: 'add', object: osc({ last: {}, annotations: op('reconcile') }) }, annotationMode)).toBe(true);
    const before = osc({ last: {} });
    expect(admits({ type: 'update', old: before, object: osc({ last: {}, generation: 2 }) }, annotationMode)).toBe(false);
    expect(admits({ type: 'update', old: before, object: osc({ last: {}, annotations: op('reconcile') }) }, annotationMode)).toBe(true);
    expect(admits({ type: 'update', old: before, object: osc({ last: {}, deleting: true, generation: 2 }) }, annotationMode)).toBe(true);
    // The controller's own status write during deletion changes the status: not admitted.
    expect(
      admits(
        { type: 'update', old: osc({ last: {}, deleting: true }), object: osc({ last: { type: 'Delete', state: 'Processing' }, deleting: true }) },
        annotationMode,
      ),
    ).toBe(false);
    expect(admits({ type: 'delete', object: before }, annotationMode)).toBe(false);
    // Its own writes while a restore is under way (annotation unchanged) do not queue a second pass.
    const restoring = osc({ last: {}, annotations: op('restore') });
    expect(
      admits({ type: 'update', old: restoring, object: osc({ last: { type: 'Restore', state: 'Processing' }, annotations: op('restore') }) }, annotationMode),
    ).toBe(false);
    expect(admits({ type: 'update', old: restoring, object: osc({ last: {}, annotations: op('restore') }) }, generationMode)).toBe(false);
  });

  it('generation mode: spec changes reconcile, status and metadata writes do not', () => {
    const before = osc({ last: {} });
    expect(admits({ type: 'update', old: before, object: osc({ last: {}, generation: 2 }) }, generationMode)).toBe(true);
    expect(admits({ type: 'update', old: before, object: osc({ last: { state: 'Processing' } }) }, generationMode)).toBe(false);
    expect(admits({ type: 'update', old: osc({ last: {}, annotations: op('reconcile') }), object: before }, generationMode)).toBe(false);
    expect(admits({ type: 'update', old: before, object: osc({ last: {}, annotations: op('migrate') }) }, generationMode)).toBe(true);
    expect(admits({ type: 'resync', object: before }, generationMode)).toBe(false);
  });
});

describe('status patches (extensionscontroller.StatusUpdater)', () => {
  const now = Date.parse('2026-03-04T05:06:07.890Z');

  it('Processing: progress 1, nothing else touched', () => {
    expect(processingPatch('Create', 'Reconciling the OperatingSystemConfig', now)).toEqual({
      status: {
        lastOperation: {
          type: 'Create',
          state: 'Processing',
          progress: 1,
          description: 'Reconciling the OperatingSystemConfig',
          lastUpdateTime: '2026-03-04T05:06:07Z',
        },
      },
    });
  });

  it('Error: progress 50, lastError with codes of the cause chain, observedGeneration', () => {
    const err = new Error('wrapped', { cause: new CodedError('unknown purpose: foo', ['ERR_CONFIGURATION_PROBLEM']) });
    const patch = errorPatch(osc({ generation: 7 }), 'Reconcile', 'Error reconciling OperatingSystemConfig', err, now);
    expect(patch.status).toEqual({
      lastOperation: {
        type: 'Reconcile',
        state: 'Error',
        progress: 50,
        description: 'Error reconciling OperatingSystemConfig: wrapped',
        lastUpdateTime: '2026-03-04T05:06:07Z',
      },
      lastError: {
        codes: ['ERR_CONFIGURATION_PROBLEM'],
        taskID: null,
        description: 'Error reconciling OperatingSystemConfig: wrapped',
        lastUpdateTime: '2026-03-04T05:06:07Z',
      },
      observedGeneration: 7,
    });
    expect(errorPatch(osc(), 'Delete', 'error deleting x', new Error('e'), now).status.lastError).toEqual({
      codes: null,
      taskID: null,
      description: 'Error deleting x: e',
      lastUpdateTime: '2026-03-04T05:06:07Z',
    });
  });

  it('Succeeded: progress 100, lastError removed, observedGeneration, actuator status merged', () => {
    expect(successPatch(osc({ generation: 3 }), 'Reconcile', 'Successfully reconciled OperatingSystemConfig', now, { extensionFiles: null }).status).toEqual({
      extensionFiles: null,
      lastOperation: {
        type: 'Reconcile',
        state: 'Succeeded',
        progress: 100,
        description: 'Successfully reconciled OperatingSystemConfig',
        lastUpdateTime: '2026-03-04T05:06:07Z',
      },
      lastError: null,
      observedGeneration: 3,
    });
  });
});

describe('Cluster facts', () => {
  it('reads a failed shoot and the force-deletion confirmation (strconv.ParseBool)', () => {
    expect(clusterFacts(undefined)).toEqual({ shootFailed: false, forceDelete: false });
    expect(clusterFacts({ spec: { shoot: { status: { lastOperation: { state: 'Failed' } } } } })).toEqual({ shootFailed: true, forceDelete: false });
    const forced = (value: string) =>
      clusterFacts({ spec: { shoot: { metadata: { annotations: { 'confirmation.gardener.cloud/force-deletion': value } } } } }).forceDelete;
    expect(['true', 'True', '1', 't'].map(forced)).toEqual([true, true, true, true]);
    expect(['false', 'yes', ''].map(forced)).toEqual([false, false, false]);
  });

  it('come from the cache by namespace name; a Cluster not (yet) cached is no facts, or an error when required', () => {
    const failed = { spec: { shoot: { status: { lastOperation: { state: 'Failed' } } } } };
    const cache = { get: (namespace: string | undefined, name: string) => (namespace === undefined && name === 'shoot--a--b' ? failed : undefined) };
    expect(cachedClusterFacts(cache, 'shoot--a--b', 'optional')).toEqual({ shootFailed: true, forceDelete: false });
    expect(cachedClusterFacts(cache, 'shoot--a--c', 'optional')).toEqual({ shootFailed: false, forceDelete: false });
    expect(() => cachedClusterFacts(cache, 'shoot--a--c', 'required')).toThrow(
      "Cluster shoot--a--c not found: an extension object in namespace shoot--a--c needs Gardener's Cluster",
    );
  });
});

describe('OSC result secret', () => {
  it('is osc-result-<name>, controlled by the OSC, data key cloud_config; an existing secretRef wins', () => {
    const object: OperatingSystemConfig = osc();
    const secret = oscResultSecret(object, '#cloud-config');
    expect(secret.metadata).toEqual({
      name: 'osc-result-osc',
      namespace: 'shoot--a--b',
      ownerReferences: [
        {
          apiVersion: 'extensions.gardener.cloud/v1alpha1',
          kind: 'OperatingSystemConfig',
          name: 'osc',
          uid: 'uid-1',
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    });
    expect(secret.data).toEqual({ cloud_config: Buffer.from('#cloud-config').toString('base64') });
    const referenced = { ...object, status: { cloudConfig: { secretRef: { name: 'given', namespace: 'shoot--a--b' } } } };
    expect(oscResultSecret(referenced, 'x').metadata.name).toBe('given');
    expect(oscStatus(secret, { extensionUnits: [{ name: 'a.service' }] })).toEqual({
      cloudConfig: { secretRef: { name: 'osc-result-osc', namespace: 'shoot--a--b' } },
      extensionUnits: [{ name: 'a.service' }],
      extensionFiles: null,
      inPlaceUpdates: null,
    });
  });
});
