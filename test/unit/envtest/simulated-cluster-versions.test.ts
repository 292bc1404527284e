// The simulated cluster's binaries must match what the project vendors and runs elsewhere: each Flux
// controller is the release whose CRDs generators/upstream/flux/crds holds (a controller of another
// release could serve a schema the vendored CRDs do not have), and kube-controller-manager and
// kube-scheduler are the Kubernetes release of kube-apiserver. Versions are written only in the
// wrappers' go.mod files and the upstream manifest, so a bump of one side fails here.
import { describe, expect, it } from 'vitest';
import { readManifest } from '../../../generators/upstream-manifest.js';
import { binarySpec } from '../../envtest/binaries.js';

describe('simulated cluster versions', () => {
  const tags = new Map(readManifest().sources.map((s) => [s.id, s.tag]));

  it.each([
    ['source-controller', 'flux-source-controller-crds'],
    ['kustomize-controller', 'flux-kustomize-controller-crds'],
    ['helm-controller', 'flux-helm-controller-crds'],
  ] as const)('%s is the release of the vendored CRDs (%s)', (name, source) => {
    expect(tags.get(source), `generators/upstream/manifest.yaml source ${source}`).toBeDefined();
    expect(binarySpec(name).version).toBe(tags.get(source));
  });

  it.each(['kube-controller-manager', 'kube-scheduler'] as const)('%s is the Kubernetes release of kube-apiserver', (name) => {
    expect(binarySpec(name).version).toBe(binarySpec('kube-apiserver').version);
  });
});
