import { describe, expect, it } from 'vitest';
import { composeValues, mergeMaps, parseTargetPath, type ReferenceResolver } from '../../charts/values.js';
import { findVendoredChart, sameVersion } from '../../charts/vendored-charts.js';

const data: Record<string, Record<string, string>> = {
  'Secret/ns/creds': { password: 'placeholder-creds-password', 'values.yaml': 'a:\n  b: from-secret\n  c: keep\n' },
  'ConfigMap/ns/defaults': { 'values.yaml': 'a:\n  b: from-configmap\nlist: [1, 2]\n' },
};
const resolve: ReferenceResolver = (kind, namespace, name) => data[`${kind}/${namespace}/${name}`];

describe('helm-controller value composition (test/charts/values.ts)', () => {
  it('merges references in order and spec.values last, so inline values win', () => {
    const values = composeValues(
      'ns',
      { a: { b: 'inline' } },
      [
        { kind: 'ConfigMap', name: 'defaults' },
        { kind: 'Secret', name: 'creds' },
      ],
      resolve,
    );
    expect(values).toEqual({ a: { b: 'inline', c: 'keep' }, list: [1, 2] });
  });

  it('sets one value at targetPath, creating the maps on the way, with escaped dots kept in a key', () => {
    const values = composeValues('ns', { x: 1 }, [{ kind: 'Secret', name: 'creds', valuesKey: 'password', targetPath: 'db.auth\\.password' }], resolve);
    expect(values).toEqual({ db: { 'auth.password': 'placeholder-creds-password' }, x: 1 });
    expect(parseTargetPath('a.b\\.c.d')).toEqual(['a', 'b.c', 'd']);
  });

  it('names the reference, the missing key and the keys there are', () => {
    expect(() => composeValues('ns', {}, [{ kind: 'Secret', name: 'creds', valuesKey: 'nope', targetPath: 'x' }], resolve)).toThrow(
      'valuesFrom Secret ns/creds: has no key "nope" (keys: password, values.yaml)',
    );
    expect(() => composeValues('ns', {}, [{ kind: 'Secret', name: 'gone' }], resolve)).toThrow(
      'valuesFrom Secret ns/gone: not found in dist/ nor in dist/required-secrets.yaml',
    );
    expect(composeValues('ns', {}, [{ kind: 'Secret', name: 'gone', optional: true }], resolve)).toEqual({});
  });

  it("refuses values that Helm's --set parser would split or type instead of approximating it", () => {
    const typed: ReferenceResolver = () => ({ v: 'a,b', n: '42' });
    expect(() => composeValues('ns', {}, [{ kind: 'Secret', name: 's', valuesKey: 'v', targetPath: 'x' }], typed)).toThrow(/would be split or typed/);
    expect(() => composeValues('ns', {}, [{ kind: 'Secret', name: 's', valuesKey: 'n', targetPath: 'x' }], typed)).toThrow(/would be split or typed/);
  });

  it('replaces non-map values and lists instead of merging them', () => {
    expect(mergeMaps({ a: [1, 2], b: { c: 1 } }, { a: [3], b: 'x' })).toEqual({ a: [3], b: 'x' });
  });
});

describe('vendored chart lookup (test/charts/vendored-charts.ts)', () => {
  it('finds a chart by name and version, with or without the v prefix', () => {
    expect(findVendoredChart('metal-control-plane', 'v0.8.8').releaseVersion).toBe('v0.8.8');
    expect(findVendoredChart('metal-control-plane', '0.8.8').dir).toMatch(/generators\/upstream\/charts\/metal-control-plane-0\.8\.8$/);
    expect(findVendoredChart('cert-manager', 'v1.19.1').source).toBe('chart-cert-manager');
    expect(sameVersion('v1.2.3', '1.2.3')).toBe(true);
  });

  it('fails with the list of vendored charts when the version is not vendored', () => {
    expect(() => findVendoredChart('metal-control-plane', '0.8.9')).toThrow(
      /chart metal-control-plane 0\.8\.9 is not vendored in generators\/upstream\/charts\/ \(vendored: .*metal-control-plane v0\.8\.8/,
    );
  });
});
