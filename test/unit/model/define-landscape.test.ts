import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { defineLandscape, loadLandscapeFile, resolveLandscape } from '../../../charts/landscape/resolve.js';
import { LandscapeError } from '../../../charts/landscape/problems.js';
import type { LandscapeInput } from '../../../charts/landscape/schema/landscape.js';
import { projectRoot } from '../../../generators/upstream.js';

const file = join(projectRoot, 'landscapes', 'default.yaml');

describe('one schema for YAML files and defineLandscape()', () => {
  it('resolves a TypeScript landscape exactly like the same YAML file', () => {
    const input = defineLandscape(parse(readFileSync(file, 'utf8')) as LandscapeInput);
    expect(resolveLandscape(input, { source: 'inline', baseDir: join(projectRoot, 'landscapes') })).toEqual(loadLandscapeFile(file));
  });

  it('fills the defaults so a mini-lab landscape stays short', () => {
    const { landscape, components } = loadLandscapeFile(file);
    expect(landscape.spec.delivery).toMatchObject({ engine: 'flux', namespace: 'flux-system', interval: '10m', repository: { branch: 'main', path: 'dist' } });
    expect(components['cert-manager']?.version).toMatch(/^v\d+\.\d+\.\d+$/);
    expect(landscape.spec.garden.maintenance.timeWindow).toEqual({ begin: '220000+0100', end: '230000+0100' });
    expect(landscape.spec.seeds.shooted[0]?.firewall.networks).toEqual(['internet']);
  });

  it('reports YAML syntax and duplicate keys as problems of the file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'landscape-'));
    const broken = join(dir, 'duplicate-key.yaml');
    writeFileSync(broken, readFileSync(file, 'utf8').replace('kind: Landscape', 'kind: Landscape\nkind: Landscape'));
    try {
      expect(() => loadLandscapeFile(broken)).toThrow(LandscapeError);
      expect(() => loadLandscapeFile(broken)).toThrow(/ {2}kind: duplicate key "kind" at line 5 and line 6; YAML keeps only the last value: remove one/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
