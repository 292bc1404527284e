// How dist/ deploys the bridge: only where Argo CD delivers, with exactly the RBAC the README
// promises, and container arguments the process accepts.
import { describe, expect, it } from 'vitest';
import { readArtifacts } from '../../artifacts.js';
import { parseFlags } from '../flags.js';
import { defaultInput, render, resolve, type Manifest } from '../../../test/unit/runtime-gardener/render.js';

function accessLayer(delivery: Record<string, unknown>, controllers: Record<string, unknown> = {}): Manifest[] {
  const input = defaultInput() as { spec: { delivery: Record<string, unknown>; controllers?: Record<string, unknown> } };
  input.spec.delivery = { ...input.spec.delivery, ...delivery };
  input.spec.controllers = controllers;
  return render(resolve(input)).layers['virtual-garden-access'] ?? [];
}

const bridgeObjects = (manifests: readonly Manifest[]): Manifest[] =>
  manifests.filter((m) => m.metadata.labels?.['app.kubernetes.io/name'] === 'argocd-cluster-bridge');

interface Deployment {
  spec: {
    replicas: number;
    template: {
      metadata: { labels: Record<string, string> };
      spec: {
        serviceAccountName: string;
        securityContext: Record<string, unknown>;
        containers: { image: string; args: string[]; securityContext: Record<string, unknown>; env: { name: string }[] }[];
      };
    };
  };
}

describe('argocd-cluster-bridge in dist/', () => {
  it('is not deployed when Flux alone delivers (the default)', () => {
    expect(bridgeObjects(accessLayer({}))).toEqual([]);
    expect(bridgeObjects(accessLayer({ engine: 'flux' }))).toEqual([]);
  });

  it.each(['argocd', 'both'])('engine %s: ServiceAccount, two Roles and bindings, one non-root Deployment in garden', (engine) => {
    const objects = bridgeObjects(accessLayer({ engine, argocd: { namespace: 'argo' } }));
    expect(objects.map((o) => `${o.kind} ${o.metadata.namespace}/${o.metadata.name}`).sort()).toEqual([
      'Deployment garden/argocd-cluster-bridge',
      'Role argo/metal-garden:argocd-cluster-bridge',
      'Role garden/metal-garden:argocd-cluster-bridge',
      'RoleBinding argo/metal-garden:argocd-cluster-bridge',
      'RoleBinding garden/metal-garden:argocd-cluster-bridge',
      'ServiceAccount garden/argocd-cluster-bridge',
    ]);
  });

  it('grants the one source Secret (read), the one cluster Secret (create and write, by name) and events; no delete, nothing cluster-wide', () => {
    const objects = bridgeObjects(accessLayer({ engine: 'argocd' }));
    const rules = (namespace: string): unknown => objects.find((o) => o.kind === 'Role' && o.metadata.namespace === namespace)?.rules;
    expect(rules('garden')).toEqual([
      { apiGroups: [''], resources: ['secrets'], resourceNames: ['metal-garden-virtual-garden-access'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: ['events.k8s.io'], resources: ['events'], verbs: ['create', 'patch'] },
    ]);
    expect(rules('argocd')).toEqual([
      { apiGroups: [''], resources: ['secrets'], resourceNames: ['fra-virtual-garden'], verbs: ['get', 'list', 'watch', 'create', 'update', 'patch'] },
    ]);
    for (const binding of objects.filter((o) => o.kind === 'RoleBinding')) {
      expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: 'argocd-cluster-bridge', namespace: 'garden' }]);
    }
    expect(objects.some((o) => o.kind.startsWith('Cluster'))).toBe(false);
  });

  it("runs non-root with the image of artifacts.json in the landscape's registry, and arguments the process accepts", () => {
    const objects = bridgeObjects(accessLayer({ engine: 'argocd', argocd: { namespace: 'argo' } }, { registry: 'registry.example.com:5000/mg' }));
    const deployment = objects.find((o) => o.kind === 'Deployment') as unknown as Deployment;
    const pod = deployment.spec.template.spec;
    const container = pod.containers[0]!;
    expect(deployment.spec.replicas).toBe(1);
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 65532, runAsGroup: 65532, seccompProfile: { type: 'RuntimeDefault' } });
    expect(container.securityContext).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
    expect(deployment.spec.template.metadata.labels['networking.gardener.cloud/to-runtime-apiserver']).toBe('allowed');
    expect(container.image).toBe(`registry.example.com:5000/mg/argocd-cluster-bridge@${readArtifacts()['argocd-cluster-bridge']!.image.digest}`);
    const parsed = parseFlags(container.args, { POD_NAME: 'p', POD_NAMESPACE: 'garden' });
    if (!('options' in parsed)) throw new Error(JSON.stringify(parsed.problems));
    expect(parsed.options.source).toEqual({ namespace: 'garden', name: 'metal-garden-virtual-garden-access', key: 'kubeconfig' });
    expect(parsed.options.target).toEqual({ namespace: 'argo', secretName: 'fra-virtual-garden', clusterName: 'fra-virtual-garden' });
    expect(container.env.map((e) => e.name)).toEqual(['POD_NAME', 'POD_NAMESPACE', 'POD_UID', 'LOG_LEVEL']);
  });
});
