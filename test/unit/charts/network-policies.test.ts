// The NetworkPolicy evaluation of test/charts/network-policies.ts, against the API's documented
// semantics, so that the integration test's verdicts on dist/ can be trusted.
import { describe, expect, it } from 'vitest';
import { admits, selects } from '../../charts/network-policies.js';
import type { KubeObject } from '../../envtest/kube-rest.js';

const policy = (namespace: string, spec: Record<string, unknown>): KubeObject => ({
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  metadata: { name: 'p', namespace },
  spec,
});
const db = { namespace: 'data', podLabels: { app: 'db' }, port: 5432 };

describe('label selectors', () => {
  it('match labels and every expression operator; an empty selector matches all', () => {
    expect(selects({}, {})).toBe(true);
    expect(selects({ matchLabels: { app: 'a' } }, { app: 'a', x: 'y' })).toBe(true);
    expect(selects({ matchLabels: { app: 'a' } }, { app: 'b' })).toBe(false);
    expect(selects({ matchExpressions: [{ key: 'app', operator: 'In', values: ['a', 'b'] }] }, { app: 'b' })).toBe(true);
    expect(selects({ matchExpressions: [{ key: 'app', operator: 'In', values: ['a'] }] }, {})).toBe(false);
    expect(selects({ matchExpressions: [{ key: 'app', operator: 'NotIn', values: ['a'] }] }, {})).toBe(true);
    expect(selects({ matchExpressions: [{ key: 'app', operator: 'Exists' }] }, { app: '' })).toBe(true);
    expect(selects({ matchExpressions: [{ key: 'app', operator: 'DoesNotExist' }] }, { app: '' })).toBe(false);
    expect(() => selects({ matchExpressions: [{ key: 'app', operator: 'Gt' }] }, {})).toThrow(/"Gt"/);
  });
});

describe('NetworkPolicy admission', () => {
  it('admits everything to pods no Ingress policy selects', () => {
    expect(admits([], db, { namespace: 'x', labels: {} })).toBeUndefined();
    expect(
      admits([policy('data', { podSelector: { matchLabels: { app: 'other' } }, policyTypes: ['Ingress'] })], db, { namespace: 'x', labels: {} }),
    ).toBeUndefined();
    expect(admits([policy('data', { podSelector: {}, policyTypes: ['Egress'] })], db, { namespace: 'x', labels: {} })).toBeUndefined();
  });

  it('denies everything when the selecting policy has no rules', () => {
    expect(admits([policy('data', { podSelector: {}, policyTypes: ['Ingress'] })], db, { namespace: 'data', labels: {} })).toBe(false);
  });

  it('reads a podSelector peer as "this namespace", a namespaceSelector peer by the namespace name label, both as an AND', () => {
    const objects = [
      policy('data', {
        podSelector: { matchLabels: { app: 'db' } },
        policyTypes: ['Ingress'],
        ingress: [
          { ports: [{ protocol: 'TCP', port: 5432 }], from: [{ podSelector: { matchLabels: { app: 'api' } } }] },
          {
            ports: [{ protocol: 'TCP', port: 5432 }],
            from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress' } }, podSelector: { matchLabels: { app: 'lb' } } }],
          },
        ],
      }),
    ];
    expect(admits(objects, db, { namespace: 'data', labels: { app: 'api' } })).toBe(true);
    expect(admits(objects, db, { namespace: 'other', labels: { app: 'api' } })).toBe(false);
    expect(admits(objects, db, { namespace: 'ingress', labels: { app: 'lb' } })).toBe(true);
    expect(admits(objects, db, { namespace: 'ingress', labels: { app: 'api' } })).toBe(false);
    expect(admits(objects, { ...db, port: 2112 }, { namespace: 'data', labels: { app: 'api' } })).toBe(false);
  });

  it('admits any port when a rule lists none, and any peer when it lists none; policies add up', () => {
    const objects = [
      policy('data', { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ from: [{ podSelector: {} }] }] }),
      policy('data', { podSelector: { matchLabels: { app: 'db' } }, policyTypes: ['Ingress'], ingress: [{ ports: [{ port: 2112 }] }] }),
    ];
    expect(admits(objects, db, { namespace: 'data', labels: {} })).toBe(true);
    expect(admits(objects, db, { namespace: 'far', labels: {} })).toBe(false);
    expect(admits(objects, { ...db, port: 2112 }, { namespace: 'far', labels: {} })).toBe(true);
  });
});
