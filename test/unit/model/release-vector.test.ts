import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { upstreamPath } from '../../../generators/upstream.js';
import { applyOverrides, parseReleaseVector } from '../../../charts/landscape/release-vector.js';
import { withComplement } from '../../../charts/landscape/release-complement.js';

const vector = readFileSync(upstreamPath('metal-stack', 'release-vectors', 'v0.22.19.yaml'), 'utf8');

describe('release vector importer', () => {
  const { components, problems } = parseReleaseVector(vector, 'release-vector.yaml');

  it('reads the real metal-stack release vector without problems', () => {
    expect(problems).toEqual([]);
  });

  it('pins images, tags and extension charts by component name', () => {
    expect(components['gardener-extension-provider-metal']).toEqual({
      image: 'ghcr.io/metal-stack/gardener-extension-provider-metal',
      tag: 'v0.27.11',
      charts: {
        application: 'ghcr.io/metal-stack/charts/gardener-extension-admission-metal-application',
        extension: 'ghcr.io/metal-stack/charts/gardener-extension-provider-metal',
        runtime: 'ghcr.io/metal-stack/charts/gardener-extension-admission-metal-runtime',
      },
    });
    expect(components['operator']?.tag).toBe('v1.138.3');
    expect(components['metal-db']).toEqual({ image: 'docker.io/library/rethinkdb', tag: '2.4.4-bookworm-slim' });
  });

  it('merges a component that is both an image and a Helm chart', () => {
    expect(components['valkey']).toEqual({
      image: 'ghcr.io/valkey-io/valkey',
      tag: '9.1-alpine',
      chart: 'ghcr.io/metal-stack/helm-charts/valkey',
      version: '0.1.0',
      chartTag: 'v0.1.0',
    });
    // metal-stack publishes its charts under the tag v<version>; both are kept.
    expect(components['metal-control-plane']).toEqual({ chart: 'ghcr.io/metal-stack/helm-charts/metal-control-plane', version: '0.8.8', chartTag: 'v0.8.8' });
  });

  it('rejects a chart version override that leaves the OCI tag behind', () => {
    const result = applyOverrides(components, { 'metal-control-plane': { version: '0.8.9' } });
    expect(result.problems).toEqual([
      {
        path: 'spec.versions.overrides.metal-control-plane.chartTag',
        message: 'version 0.8.9 is overridden but chartTag stays v0.8.8, the OCI tag Flux pulls; set chartTag too (e.g. v0.8.9)',
      },
    ]);
    const both = applyOverrides(components, { 'metal-control-plane': { version: '0.8.9', chartTag: 'v0.8.9' } });
    expect(both.problems).toEqual([]);
    expect(both.components['metal-control-plane']).toMatchObject({ version: '0.8.9', chartTag: 'v0.8.9' });
  });

  it('applies per-component overrides over the vector and keeps the other fields', () => {
    const result = applyOverrides(components, { 'metal-api': { tag: 'v0.46.0' } });
    expect(result.problems).toEqual([]);
    expect(result.components['metal-api']).toEqual({ image: 'ghcr.io/metal-stack/metal-api', tag: 'v0.46.0' });
    expect(components['metal-api']?.tag).toBe('v0.45.0');
  });

  it('rejects an override of a component the vector does not pin, naming the known ones', () => {
    const result = applyOverrides(components, { 'metal-apii': { tag: 'v1.0.0' } });
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]?.path).toBe('spec.versions.overrides.metal-apii');
    expect(result.problems[0]?.message).toMatch(/^unknown component "metal-apii"; the release vector has: .*metal-api, /);
  });

  it("adds cert-manager and ingress-nginx, which metal-stack's vector does not pin; a vector that pins them wins, an override changes them", () => {
    expect(components['cert-manager']).toBeUndefined();
    const complemented = withComplement(components);
    expect(complemented['cert-manager']).toEqual({ version: 'v1.19.1' });
    expect(complemented['ingress-nginx']).toEqual({ version: '4.13.3' });
    expect(withComplement({ ...components, 'cert-manager': { version: 'v1.20.0' } })['cert-manager']).toEqual({ version: 'v1.20.0' });
    const overridden = applyOverrides(complemented, { 'ingress-nginx': { version: '4.14.0' } });
    expect(overridden.problems).toEqual([]);
    expect(overridden.components['ingress-nginx']).toEqual({ version: '4.14.0' });
  });

  it('reports a file that is not a release vector', () => {
    expect(parseReleaseVector('just: text\n', 'other.yaml').problems).toEqual([
      { path: 'spec.versions.releaseVector', message: 'other.yaml has no docker-images section; expected a metal-stack release vector (release.yaml)' },
    ]);
    expect(parseReleaseVector('a: [\n', 'broken.yaml').problems[0]?.message).toMatch(/^broken.yaml is not valid YAML/);
  });
});
