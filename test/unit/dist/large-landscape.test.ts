import { describe, expect, it } from 'vitest';
import { synthesize } from '../../../charts/synth.js';
import { distFiles } from '../../../charts/dist/files.js';
import { largeLandscape, subnet } from '../../bench/synth.bench.js';
import { resolveInput } from './landscape-fixture.js';

// Keeps `npm run bench:synth` honest: its generated landscape must stay valid and render at full scale.
describe('the bench landscape', () => {
  it('carves consecutive, disjoint subnets and refuses to leave the base network', () => {
    expect([0, 1, 2].map((i) => subnet('10.128.0.0/14', 22, i))).toEqual(['10.128.0.0/22', '10.128.4.0/22', '10.128.8.0/22']);
    expect(subnet('10.160.0.0/11', 18, 127)).toBe('10.191.192.0/18');
    expect(() => subnet('10.160.0.0/11', 18, 128)).toThrow(/does not fit/);
  });

  it('resolves without problems and renders every seed and project', () => {
    const synthesis = synthesize(resolveInput(largeLandscape(50, 200)));
    const files = distFiles(synthesis);
    const manifests = synthesis.layers.flatMap((l) => l.manifests);
    const count = (kind: string) => manifests.filter((m) => m.kind === kind).length;
    expect(synthesis.input.landscape.spec.seeds.shooted).toHaveLength(50);
    expect(count('Project')).toBeGreaterThanOrEqual(201); // the garden project and 200 tenants
    expect(files.get('README.md')).toContain('50 shooted seeds, 200 tenant projects');
  }, 60_000);
});
