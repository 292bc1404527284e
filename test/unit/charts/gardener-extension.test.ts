import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../envtest/kube-rest.js';
import { checkBindings, objectIndex } from '../../charts/checks.js';
import { chartOfRef, gardenletValues, seedFactsOf } from '../../charts/gardener-extension.js';
import { findVendoredChart } from '../../charts/vendored-charts.js';

const binding = (kind: 'RoleBinding' | 'ClusterRoleBinding', roleKind: string, role: string, subject: { name: string; namespace?: string }): KubeObject => ({
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind,
  metadata: { name: 'b', ...(kind === 'RoleBinding' ? { namespace: 'ns' } : {}) },
  roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: roleKind, name: role },
  subjects: [{ kind: 'ServiceAccount', ...subject }],
});

describe('checkBindings (test/charts/checks.ts)', () => {
  const sa: KubeObject = { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'sa', namespace: 'ns' } };
  const role: KubeObject = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'r', namespace: 'ns' } };

  it('passes bindings to existing accounts and roles, and to built-in ClusterRoles', () => {
    const objects = [
      sa,
      role,
      binding('RoleBinding', 'Role', 'r', { name: 'sa' }),
      binding('ClusterRoleBinding', 'ClusterRole', 'cluster-admin', { name: 'sa', namespace: 'ns' }),
    ];
    expect(checkBindings(objects, objectIndex(objects, new Map()))).toEqual([]);
  });

  it('names a missing ServiceAccount subject and a missing Role', () => {
    const objects = [binding('RoleBinding', 'Role', 'missing', { name: 'nobody' })];
    expect(checkBindings(objects, objectIndex(objects, new Map()))).toEqual([
      'RoleBinding ns/b: subject ServiceAccount ns/nobody does not exist',
      'RoleBinding ns/b: roleRef Role ns/missing is not in the output',
    ]);
  });
});

describe('Extension charts as Gardener renders them (test/charts/gardener-extension.ts)', () => {
  it('maps an OCI ref to chart name and tag, and refuses one without a tag', () => {
    expect(chartOfRef('ghcr.io/metal-stack/charts/gardener-extension-admission-metal-runtime:v0.27.11', 'x')).toEqual({
      name: 'gardener-extension-admission-metal-runtime',
      version: 'v0.27.11',
    });
    expect(() => chartOfRef('ghcr.io/metal-stack/charts/gardener-extension-provider-metal', 'Extension provider-metal extension')).toThrow(
      'Extension provider-metal extension: OCI ref "ghcr.io/metal-stack/charts/gardener-extension-provider-metal" is not <repository>/<chart>:<tag>',
    );
  });

  it('finds provider-metal’s admission charts two folders down in its vendored source', () => {
    expect(findVendoredChart('gardener-extension-admission-metal-runtime', 'v0.27.11').dir).toMatch(/gardener-extension-admission-metal\/charts\/runtime$/);
    expect(findVendoredChart('gardener-extension-admission-metal-application', '0.27.11').dir).toMatch(/charts\/application$/);
  });

  it('adds gardenlet’s seed values, taking the seed from a Gardenlet or a ManagedSeed', () => {
    const seedConfig = {
      spec: {
        provider: { type: 'metal', region: 'fra' },
        networks: { nodes: '10.0.0.0/24' },
        taints: [{ key: 'seed.gardener.cloud/protected' }],
        ingress: { domain: 'ingress.example.com' },
      },
    };
    const fromManagedSeed = seedFactsOf({
      apiVersion: 'seedmanagement.gardener.cloud/v1alpha1',
      kind: 'ManagedSeed',
      metadata: { name: 'a' },
      spec: { gardenlet: { config: { seedConfig } } },
    });
    const fromGardenlet = seedFactsOf({
      apiVersion: 'seedmanagement.gardener.cloud/v1alpha1',
      kind: 'Gardenlet',
      metadata: { name: 'a' },
      spec: { config: { seedConfig } },
    });
    expect(fromManagedSeed).toEqual(fromGardenlet);
    const values = gardenletValues(fromGardenlet, { clusterIdentity: 'fra', gardenerVersion: 'v1.138.3' }) as { gardener: unknown };
    expect(values.gardener).toMatchObject({
      version: 'v1.138.3',
      garden: { clusterIdentity: 'fra' },
      seed: { name: 'a', provider: 'metal', region: 'fra', protected: true, ingressDomain: 'ingress.example.com' },
    });
    expect(() => seedFactsOf({ apiVersion: 'v1', kind: 'ManagedSeed', metadata: { name: 'x' }, spec: {} })).toThrow(
      'ManagedSeed x has no spec.gardenlet.config.seedConfig.spec',
    );
  });
});
