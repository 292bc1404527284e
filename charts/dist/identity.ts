import { parse } from 'yaml';
import type { DistFiles } from './files.js';
import { MARKER } from './out-names.js';
import { FLUX_PRUNE } from './protect.js';

/** An object of dist/ as far as its identity goes: where it is delivered and what it is. */
export interface DistObject {
  /** The dist/ folder it is in: `runtime/garden`, `flux`, ... */
  readonly folder: string;
  readonly apiVersion: string;
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
  readonly annotations: Readonly<Record<string, string>>;
  readonly body: Readonly<Record<string, unknown>>;
}

/**
 * What identifies a landscape's running state beyond its objects' names: values that, once changed,
 * make the engine or Gardener treat the landscape as a different one (a new Garden beside the old,
 * Flux objects in another namespace, backups written where no restore looks).
 */
export interface DistIdentity {
  readonly landscape?: string;
  /** Namespace of the GitRepository in dist/flux/: where the Flux wiring lives. */
  readonly deliveryNamespace?: string;
  /** Garden `spec.virtualCluster.gardener.clusterIdentity` per Garden name. */
  readonly clusterIdentities: ReadonlyMap<string, string>;
  /** Where each backup writes (`bucket`, `bucket/prefix`), by what writes it. */
  readonly backupTargets: ReadonlyMap<string, string>;
}

const MANIFEST_PATH = /^(.+)\/([^/]+)\.yaml$/;

/** Every object in the YAML files of dist/ (kustomization.yaml files excluded), in path order. */
export function distObjects(files: DistFiles): DistObject[] {
  const objects: DistObject[] = [];
  for (const [path, content] of files) {
    const match = MANIFEST_PATH.exec(path);
    if (!match || match[2] === 'kustomization' || !match[1]) continue;
    let body: unknown;
    try {
      body = parse(content);
    } catch {
      continue; // not synth's own YAML (e.g. a file a person put there); not an object dist/ delivers
    }
    if (!isObject(body) || typeof body.kind !== 'string' || typeof body.apiVersion !== 'string' || !isObject(body.metadata)) continue;
    const metadata = body.metadata;
    if (typeof metadata.name !== 'string') continue;
    objects.push({
      folder: match[1],
      apiVersion: body.apiVersion,
      kind: body.kind,
      ...(typeof metadata.namespace === 'string' ? { namespace: metadata.namespace } : {}),
      name: metadata.name,
      annotations: isObject(metadata.annotations) ? stringEntries(metadata.annotations) : {},
      body,
    });
  }
  return objects;
}

/** The identity values of a dist/ tree (see DistIdentity), from its objects if already parsed; absent values are left out. */
export function distIdentity(files: DistFiles, objects: readonly DistObject[] = distObjects(files)): DistIdentity {
  const landscape = /^landscape: (\S+)$/m.exec(files.get(MARKER) ?? '')?.[1];
  const source = objects.find((o) => o.folder === 'flux' && o.kind === 'GitRepository');
  const clusterIdentities = new Map<string, string>();
  const backupTargets = new Map<string, string>();
  for (const object of objects) {
    if (object.kind === 'Garden') {
      const identity = path(object.body, ['spec', 'virtualCluster', 'gardener', 'clusterIdentity']);
      if (typeof identity === 'string') clusterIdentities.set(object.name, identity);
      const bucket = path(object.body, ['spec', 'virtualCluster', 'etcd', 'main', 'backup', 'bucketName']);
      if (typeof bucket === 'string') backupTargets.set(`Garden ${object.name}: virtual garden etcd backup`, bucket);
    }
    if (object.kind === 'ConfigMap' && object.name.endsWith('-backup-restore-sidecar')) {
      const config = path(object.body, ['data', 'config.yaml']);
      if (typeof config !== 'string') continue;
      const sidecar = parse(config) as Record<string, unknown> | null;
      const bucket = sidecar?.['gcp-bucket-name'] ?? sidecar?.['s3-bucket-name'];
      const prefix = sidecar?.['object-prefix'];
      if (typeof bucket === 'string') {
        const database = object.name.slice(0, -'-backup-restore-sidecar'.length);
        backupTargets.set(`${object.namespace ?? ''}/${database}: database backup`, typeof prefix === 'string' ? `${bucket}/${prefix}` : bucket);
      }
    }
  }
  return {
    ...(landscape ? { landscape } : {}),
    ...(source?.namespace ? { deliveryNamespace: source.namespace } : {}),
    clusterIdentities,
    backupTargets,
  };
}

/** Objects dist/ marks so that the engine never prunes them (`kustomize.toolkit.fluxcd.io/prune: disabled`). */
export function pruneProtected(objects: readonly DistObject[]): DistObject[] {
  return objects.filter((o) => o.annotations[FLUX_PRUNE] === 'disabled');
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringEntries(record: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(record).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}

function path(value: unknown, keys: readonly string[]): unknown {
  let current = value;
  for (const key of keys) {
    if (!isObject(current)) return undefined;
    current = current[key];
  }
  return current;
}
