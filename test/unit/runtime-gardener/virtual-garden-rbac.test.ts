/** The derivation of the GitOps identity's virtual-garden RBAC from the objects it applies, on small inputs. */
import { describe, expect, it } from 'vitest';
import { gitOpsRbac } from '../../../charts/clusters/runtime/virtual-garden-rbac.js';
import type { Manifest } from '../../../charts/synth.js';
import { allows, type Rule } from './rbac-check.js';

const never = (): boolean => false;
const rulesIn = (rbac: ReturnType<typeof gitOpsRbac>, namespace: string): Rule[] => [
  ...(rbac.clusterRules as Rule[]),
  ...((rbac.namespaceRules.find(([ns]) => ns === namespace)?.[1] ?? []) as Rule[]),
];

describe('gitOpsRbac', () => {
  it('reads and writes a Secret or ConfigMap that dist/ applies only by its name, and never deletes one', () => {
    const secret: Manifest = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'applied', namespace: 'garden' } };
    const configMap: Manifest = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: 'garden' } };
    const rbac = gitOpsRbac([secret, configMap], never);
    expect(rbac.clusterRules).toEqual([]);
    expect(rbac.namespaceRules).toEqual([
      [
        'garden',
        [
          { apiGroups: [''], resources: ['configmaps'], verbs: ['create', 'get', 'patch'], resourceNames: ['settings'] },
          { apiGroups: [''], resources: ['secrets'], verbs: ['create', 'get', 'patch'], resourceNames: ['applied'] },
        ],
      ],
    ]);
  });

  it('gives a kind no delete as soon as one of its objects is protected (RBAC cannot tell them apart once they left dist/)', () => {
    const shoot = (name: string): Manifest => ({ apiVersion: 'core.gardener.cloud/v1beta1', kind: 'Shoot', metadata: { name, namespace: 'garden' } });
    const rules = rulesIn(
      gitOpsRbac([shoot('kept'), shoot('other')], (m) => m.metadata.name === 'kept'),
      'garden',
    );
    expect(allows(rules, { group: 'core.gardener.cloud', resource: 'shoots', verb: 'delete', name: 'other' })).toBe(false);
    const prunable = rulesIn(gitOpsRbac([shoot('other')], never), 'garden');
    expect(allows(prunable, { group: 'core.gardener.cloud', resource: 'shoots', verb: 'delete', name: 'anything' })).toBe(true);
  });

  it("follows admission's reads: a CredentialsBinding's WorkloadIdentity and quotas, a Shoot's spec.resources", () => {
    const binding = {
      apiVersion: 'security.gardener.cloud/v1alpha1',
      kind: 'CredentialsBinding',
      metadata: { name: 'b', namespace: 'garden-t' },
      credentialsRef: { apiVersion: 'security.gardener.cloud/v1alpha1', kind: 'WorkloadIdentity', name: 'wi', namespace: 'garden' },
      quotas: [{ name: 'q', namespace: 'garden' }],
    } as unknown as Manifest;
    const shoot = {
      apiVersion: 'core.gardener.cloud/v1beta1',
      kind: 'Shoot',
      metadata: { name: 's', namespace: 'garden-t' },
      spec: { resources: [{ name: 'r', resourceRef: { apiVersion: 'v1', kind: 'Secret', name: 'extension-config' } }] },
    } as unknown as Manifest;
    const rbac = gitOpsRbac([binding, shoot], never);
    const garden = rulesIn(rbac, 'garden');
    expect(allows(garden, { group: 'security.gardener.cloud', resource: 'workloadidentities', verb: 'get', name: 'wi' })).toBe(true);
    expect(allows(garden, { group: 'core.gardener.cloud', resource: 'quotas', verb: 'get', name: 'q' })).toBe(true);
    const tenant = rulesIn(rbac, 'garden-t');
    expect(allows(tenant, { group: '', resource: 'secrets', verb: 'get', name: 'extension-config' })).toBe(true);
    expect(allows(tenant, { group: '', resource: 'secrets', verb: 'get', name: 'other' })).toBe(false);
    // no seedName: the scheduler binds it, not the GitOps identity
    expect(allows(tenant, { group: 'core.gardener.cloud', resource: 'shoots/binding', verb: 'update', name: 's' })).toBe(false);
  });

  it('refuses a kind it has no RBAC resource for, naming the object and where to add it', () => {
    const unknown: Manifest = { apiVersion: 'example.io/v1', kind: 'Widget', metadata: { name: 'w', namespace: 'garden' } };
    expect(() => gitOpsRbac([unknown], never)).toThrow(
      /^virtual-garden RBAC: Widget garden\/w is a Widget \(example\.io\/v1\), which has no RBAC resource known; add it to RESOURCES in charts\/clusters\/runtime\/virtual-garden-rbac\.ts \(known: v1\/Namespace, /,
    );
  });

  it('refuses a namespaced object without a namespace', () => {
    const shoot: Manifest = { apiVersion: 'core.gardener.cloud/v1beta1', kind: 'Shoot', metadata: { name: 's' } };
    expect(() => gitOpsRbac([shoot], never)).toThrow('virtual-garden RBAC: Shoot s is namespaced but has no metadata.namespace');
  });

  it('renders the same rules whatever the order of the objects', () => {
    const objects: Manifest[] = ['b', 'a', 'c'].map((name) => ({ apiVersion: 'core.gardener.cloud/v1beta1', kind: 'Project', metadata: { name }, spec: {} }));
    expect(gitOpsRbac(objects, never)).toEqual(gitOpsRbac([...objects].reverse(), never));
  });
});
