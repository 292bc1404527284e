// What an integration test uses to reach the control plane of the global setup:
//   const { kubeconfig } = envtest();  const core = kubeClient(CoreV1Api);
import { inject } from 'vitest';
import { KubeConfig, type ApiConstructor, type ApiType } from '@kubernetes/client-node';
import type { ControlPlaneInfo } from './control-plane.js';

export function envtest(): ControlPlaneInfo {
  const info = inject('envtest');
  if (!info) throw new Error('no envtest control plane: run this test in the vitest `integration` project');
  return info;
}

/** A KubeConfig for the admin user of kube-apiserver (Gardener kinds are served through it). */
export function adminKubeConfig(): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromFile(envtest().kubeconfig);
  return kc;
}

/** A typed client-node API client for kube-apiserver, e.g. `kubeClient(CoreV1Api)`. */
export function kubeClient<T extends ApiType>(api: ApiConstructor<T>): T {
  return adminKubeConfig().makeApiClient(api);
}
