import { PREREQUISITE_NAMESPACES } from '../../clusters/runtime/prerequisites.js';
import type { Problem } from '../problems.js';
import type { Landscape } from '../schema/landscape.js';

/** Namespaces Kubernetes creates itself: a Namespace object for one in dist/ would hand it to Flux, which prunes what it no longer renders. */
const KUBERNETES_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

/**
 * The metal control plane gets a namespace of its own in the runtime cluster: one that synth also
 * creates for Gardener, cert-manager or ingress-nginx made synth throw ("listed twice"); Flux's own
 * namespace and Kubernetes' namespaces would be taken over by the bundle.
 */
export function metalNamespaceApart(landscape: Landscape): Problem[] {
  const { metalControlPlane, delivery } = landscape.spec;
  if (!metalControlPlane.enabled) return [];
  const namespace = metalControlPlane.namespace;
  const taken: ReadonlyArray<readonly [string, string]> = [
    ...PREREQUISITE_NAMESPACES.map((name) => [name, 'synth creates it for the runtime prerequisites and Gardener'] as const),
    [delivery.namespace, 'it is the GitOps engine namespace (spec.delivery.namespace)'],
    ...KUBERNETES_NAMESPACES.map((name) => [name, 'Kubernetes creates it'] as const),
  ];
  const clash = taken.find(([name]) => name === namespace);
  if (!clash) return [];
  const reserved = [...new Set(taken.map(([name]) => name))].join(', ');
  return [
    {
      path: 'spec.metalControlPlane.namespace',
      message: `${JSON.stringify(namespace)} is not available: ${clash[1]}; choose a namespace other than ${reserved} (default metal-control-plane)`,
    },
  ];
}
