// Flux's source-controller, kustomize-controller and helm-controller as processes next to the
// control plane, at the versions of the Flux CRDs generators/upstream/flux/crds vendors (their
// wrapper go.mod files pin the same releases). Flags are those of Flux's own Deployments
// (fluxcd/flux2 manifests), adapted to one machine: every address on loopback and picked at start,
// no leader election (one replica), no events address (no notification-controller).
import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { upstreamPath } from '../../generators/upstream.js';
import { Applier } from './apply.js';
import { crdsFromMirror, installCrds } from './crds.js';
import type { KubeRest } from './kube-rest.js';
import { freePorts, loopback } from './ports.js';
import { startServer, type ServerProcess } from './process.js';
import { httpOk, waitFor } from './wait.js';

export type FluxControllerName = 'source-controller' | 'kustomize-controller' | 'helm-controller';

/** Where Flux runs; the controllers read it from RUNTIME_NAMESPACE (leases, events, the default ServiceAccount's namespace). */
export const fluxNamespace = 'flux-system';

export interface FluxControllerOptions {
  readonly binaries: Readonly<Record<FluxControllerName, string>>;
  readonly runDir: string;
  /**
   * The identity the controllers act as. Flux's install binds cluster-admin to kustomize-controller
   * and helm-controller (ClusterRoleBinding cluster-reconciler); the admin kubeconfig is the same
   * power.
   */
  readonly kubeconfig: string;
  readonly timeoutMs: number;
  /**
   * kustomize-controller's `--requeue-dependency`: how long a Kustomization whose dependencies are not
   * Ready at its revision waits before it looks again. Only a polling interval; a test that walks a
   * landscape through several commits shortens it so that the dependency chain does not cost
   * 30 s per level each time. @default '30s' (Flux's default)
   */
  readonly requeueDependency?: string;
}

export interface FluxControllers {
  readonly processes: readonly ServerProcess[];
  /** http://127.0.0.1:<port>: where source-controller serves artifacts (`--storage-adv-addr`). */
  readonly artifactServer: string;
}

/** Installs the vendored Flux CRDs (every file of generators/upstream/flux/crds) and waits until discovery serves them. */
export async function installFluxCrds(rest: KubeRest): Promise<void> {
  const files = readdirSync(upstreamPath('flux', 'crds')).filter((f) => f.endsWith('.yaml'));
  await installCrds(
    new Applier(rest),
    files.flatMap((file) => crdsFromMirror('flux', 'crds', file)),
  );
}

async function startOne(name: FluxControllerName, options: FluxControllerOptions, extraArgs: readonly string[]): Promise<ServerProcess> {
  const [metricsPort, healthPort] = (await freePorts(2)) as [number, number];
  const server = startServer(
    name,
    options.binaries[name],
    [
      '--watch-all-namespaces=true',
      '--log-level=info',
      '--log-encoding=json',
      '--enable-leader-election=false',
      `--metrics-addr=${loopback}:${metricsPort}`,
      `--health-addr=${loopback}:${healthPort}`,
      ...extraArgs,
    ],
    join(options.runDir, `${name}.log`),
    { ...process.env, KUBECONFIG: options.kubeconfig, RUNTIME_NAMESPACE: fluxNamespace },
  );
  await waitFor(`${name} /readyz`, server, httpOk(`http://${loopback}:${healthPort}/readyz`), options.timeoutMs);
  return server;
}

/**
 * Starts the three controllers (the Flux CRDs must be installed). source-controller first: the
 * others fetch its artifacts from the address it advertises. On a failure the ones already
 * started are stopped again.
 */
export async function startFluxControllers(options: FluxControllerOptions): Promise<FluxControllers> {
  const storage = join(options.runDir, 'source-controller-storage');
  mkdirSync(storage, { recursive: true });
  const [storagePort] = (await freePorts(1)) as [number];
  const artifactServer = `${loopback}:${storagePort}`;
  const processes: ServerProcess[] = [];
  try {
    processes.push(
      await startOne('source-controller', options, [`--storage-path=${storage}`, `--storage-addr=${artifactServer}`, `--storage-adv-addr=${artifactServer}`]),
    );
    processes.push(await startOne('kustomize-controller', options, [`--requeue-dependency=${options.requeueDependency ?? '30s'}`]));
    processes.push(await startOne('helm-controller', options, []));
  } catch (err) {
    for (const p of processes.reverse()) await p.stop();
    throw err;
  }
  return { processes, artifactServer: `http://${artifactServer}` };
}
