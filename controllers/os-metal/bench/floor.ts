// The floor a controller cannot beat, measured against the same kube-apiserver, with the same
// HTTP client (controllers/runtime's KubeClient) and the controller's own ServiceAccount (same
// authentication and authorization path): the writes one OSC reconcile needs at least, with no
// computing in between. The request bodies are the framework's own (processingPatch, successPatch,
// oscResultSecret, oscStatus), so the server does exactly the work it does for the controller.
import { applyObject, type KubeClient, type KubeObject, type ResourceRef } from '../../runtime/index.js';
import { oscResultSecret, oscStatus, processingPatch, successPatch, OPERATION_ANNOTATION, type OperatingSystemConfig } from '../../runtime/extension/index.js';
import { timedPool, type Batch } from './stats.js';
import { OSC_PATH, provisionOsc, userdataSecret } from './workload.js';

const SECRETS: ResourceRef = { group: '', version: 'v1', kind: 'Secret', plural: 'secrets', namespaced: true };
const MERGE = 'application/merge-patch+json';
/** A type no controller serves: the floor's OSCs are only written to, never reconciled. */
const FLOOR_TYPE = 'bench-floor';
const FLOOR_LABEL = 'bench.metal-garden.io/floor';
const FIELD_MANAGER = 'os-metal';
const FINALIZER = 'extensions.gardener.cloud/operatingsystemconfigs';

export interface FloorOptions {
  /** Creates and deletes the floor's OSCs. */
  readonly admin: KubeClient;
  /** The controller's ServiceAccount: does the writes that are measured. */
  readonly client: KubeClient;
  readonly namespaces: readonly string[];
  readonly count: number;
  readonly concurrency: number;
  /** Workers of the controller: the chain is measured at this concurrency too. */
  readonly controllerConcurrency: number;
  /** The userdata the controller writes for the benchmark's OSC (same bytes). */
  readonly userdata: string;
  readonly signal: AbortSignal;
  readonly log: (line: string) => void;
}

export interface Floor {
  /** OSC creates (admin), the benchmark's own create rate. */
  readonly create: Batch;
  /** Server-side apply of userdata-sized Secrets. */
  readonly ssa: Batch;
  /** Merge patches of the OSC status subresource (the Processing patch). */
  readonly statusPatch: Batch;
  /** The five writes of one reconcile, per OSC, at the benchmark's concurrency; ops = OSCs. */
  readonly chain: Batch;
  /** The same at the controller's worker count. */
  readonly chainAtWorkers: Batch;
}

const oscPath = (namespace: string, name: string, subresource = ''): string =>
  `${OSC_PATH}/namespaces/${namespace}/operatingsystemconfigs/${name}${subresource ? `/${subresource}` : ''}`;

/**
 * One reconcile's writes with nothing in between: remove the operation annotation, add the
 * finalizer (with resourceVersion, as the framework does), status Processing, apply the userdata
 * Secret, status Succeeded with cloudConfig and observedGeneration.
 */
async function idealReconcile(client: KubeClient, start: OperatingSystemConfig, userdata: string): Promise<void> {
  const { namespace = '', name } = start.metadata;
  let osc = await client.request<OperatingSystemConfig>('PATCH', oscPath(namespace, name), {
    body: { metadata: { annotations: { [OPERATION_ANNOTATION]: null } } },
    contentType: MERGE,
  });
  osc = await client.request<OperatingSystemConfig>('PATCH', oscPath(namespace, name), {
    body: { metadata: { finalizers: [FINALIZER], resourceVersion: osc.metadata.resourceVersion } },
    contentType: MERGE,
  });
  await client.request('PATCH', oscPath(namespace, name, 'status'), {
    body: processingPatch('Create', 'Reconciling the OperatingSystemConfig', Date.now()),
    contentType: MERGE,
  });
  const secret = oscResultSecret(osc, userdata);
  await applyObject(client, secret, { fieldManager: FIELD_MANAGER, resource: SECRETS });
  const status = oscStatus(secret, { userData: userdata, extensionFiles: [], extensionUnits: [] });
  await client.request('PATCH', oscPath(namespace, name, 'status'), {
    body: successPatch(osc, 'Create', 'Successfully reconciled OperatingSystemConfig', Date.now(), status),
    contentType: MERGE,
  });
}

function floorOsc(namespace: string, name: string): KubeObject {
  const osc = provisionOsc(namespace, name);
  return {
    ...osc,
    metadata: { ...osc.metadata, labels: { [FLOOR_LABEL]: 'true' } },
    spec: { ...(osc.spec as Record<string, unknown>), type: FLOOR_TYPE },
  };
}

export async function measureFloor(options: FloorOptions): Promise<Floor> {
  const { admin, client, namespaces, count, concurrency, userdata, signal, log } = options;
  const at = (i: number): { namespace: string; index: number } => ({ namespace: namespaces[i % namespaces.length] ?? 'default', index: i });
  const created: OperatingSystemConfig[] = [];

  log(`floor: creating ${2 * count} OSCs of type ${FLOOR_TYPE} (no controller serves it)`);
  const create = await timedPool(
    2 * count,
    concurrency,
    async (i) => {
      const { namespace } = at(i);
      const object = floorOsc(namespace, `floor-${i}`);
      created[i] = await admin.request<OperatingSystemConfig>('POST', `${OSC_PATH}/namespaces/${namespace}/operatingsystemconfigs`, { body: object });
    },
    signal,
  );

  log(`floor: server-side apply of ${count} Secrets of ${userdata.length} bytes of userdata`);
  const ssa = await timedPool(
    count,
    concurrency,
    (i) => applyObject(client, userdataSecret(at(i).namespace, `floor-ssa-${i}`, userdata), { fieldManager: FIELD_MANAGER, resource: SECRETS }),
    signal,
  );

  log(`floor: ${count} OSC status patches`);
  const statusPatch = await timedPool(
    count,
    concurrency,
    (i) =>
      client.request('PATCH', oscPath(at(i).namespace, `floor-${i}`, 'status'), {
        body: processingPatch('Create', 'Reconciling the OperatingSystemConfig', Date.now()),
        contentType: MERGE,
      }),
    signal,
  );

  const chainOf = (offset: number, workers: number): Promise<Batch> =>
    timedPool(
      count,
      workers,
      async (i) => {
        const osc = created[offset + i];
        if (!osc) throw new Error(`floor OSC floor-${offset + i} was not created`);
        await idealReconcile(client, osc, userdata);
      },
      signal,
    );
  log(`floor: the 5 writes of a reconcile for ${count} OSCs, ${concurrency} at a time`);
  const chain = await chainOf(0, concurrency);
  log(`floor: the same for ${count} other OSCs, ${options.controllerConcurrency} at a time (the controller's workers)`);
  const chainAtWorkers = await chainOf(count, options.controllerConcurrency);

  // Only for the controller's sake (its informer would hold them); a cut-short run starts no controller.
  if (!signal.aborted) await removeFloorOscs(admin, namespaces, created, concurrency, log);
  return { create, ssa, statusPatch, chain, chainAtWorkers };
}

/** So the controller's informer does not hold them: finalizers off, then delete by label. */
async function removeFloorOscs(
  admin: KubeClient,
  namespaces: readonly string[],
  created: readonly OperatingSystemConfig[],
  concurrency: number,
  log: (line: string) => void,
) {
  log('floor: removing the floor OSCs');
  await timedPool(created.length, concurrency, async (i) => {
    const osc = created[i];
    if (!osc) return;
    await admin.request('PATCH', oscPath(osc.metadata.namespace ?? '', osc.metadata.name), { body: { metadata: { finalizers: null } }, contentType: MERGE });
  });
  for (const namespace of namespaces) {
    await admin.request('DELETE', `${OSC_PATH}/namespaces/${namespace}/operatingsystemconfigs`, { query: { labelSelector: `${FLOOR_LABEL}=true` } });
  }
}

/** Floor in OSC/s from the single-op rates: one SSA, two status patches and two metadata patches (taken as costly as a status patch). */
export function floorFromRates(floor: Pick<Floor, 'ssa' | 'statusPatch'>): number {
  return 1 / (1 / floor.ssa.opsPerSecond + 4 / floor.statusPatch.opsPerSecond);
}
