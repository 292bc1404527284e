// vitest global setup of the `integration` project: starts the control plane once for
// all integration test files and stops it after them (pass or fail). Tests get the
// connection details with `inject('envtest')` (see context.ts); plain node scripts
// started from the tests get METAL_GARDEN_KUBECONFIG.
import type { TestProject } from 'vitest/node';
import { startControlPlane, type ControlPlaneInfo } from './control-plane.js';

declare module 'vitest' {
  export interface ProvidedContext {
    envtest: ControlPlaneInfo;
  }
}

const log = (line: string): void => {
  process.stderr.write(`envtest: ${line}\n`);
};

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const started = Date.now();
  const plane = await startControlPlane(log);
  const phases = Object.entries(plane.timings)
    .map(([name, s]) => `${name} ${s.toFixed(1)}s`)
    .join(', ');
  log(
    `control plane up in ${((Date.now() - started) / 1000).toFixed(1)}s (${phases}): ` +
      `etcd ${plane.versions.etcd}, kube-apiserver ${plane.versions.kubeApiServer}, ` +
      `gardener-apiserver ${plane.versions.gardenerApiServer}; logs in ${plane.runDir}`,
  );

  const { timings: _timings, stop, ...info } = plane;
  project.provide('envtest', info);
  process.env.METAL_GARDEN_KUBECONFIG = info.kubeconfig;
  process.env.METAL_GARDEN_GARDENER_KUBECONFIG = info.gardenerKubeconfig;

  return async () => {
    const seconds = await stop();
    log(`control plane stopped in ${seconds.toFixed(1)}s`);
  };
}
