/**
 * Field names checked against Gardener's own example manifests (vendored in generators/upstream/,
 * `gardener/examples`): every key our objects use must be spelled like a key the examples document,
 * commented-out ones included, next to the parent key it belongs to. Provider configs
 * (`providerConfig`, `infrastructureConfig`, `controlPlaneConfig`) are the provider's schema, not
 * Gardener's, and are skipped.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { upstreamPath } from '../../../generators/upstream.js';
import { ofKind, renderVirtualGarden, type Manifest, type Rendered } from './render.js';

const RAW_EXTENSIONS = new Set(['providerConfig', 'infrastructureConfig', 'controlPlaneConfig']);
// Object keys that are data, not field names (label/annotation keys, the metalControlPlanes map).
const MAPS = new Set(['labels', 'annotations']);

/** `parent.key` pairs of a manifest (array items belong to the array's key). */
function keyPairs(value: unknown, parent = '(root)', out = new Set<string>()): Set<string> {
  if (Array.isArray(value)) {
    for (const item of value) keyPairs(item, parent, out);
  } else if (value !== null && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      out.add(`${parent}.${key}`);
      if (!RAW_EXTENSIONS.has(key) && !MAPS.has(key)) keyPairs(child, key, out);
    }
  }
  return out;
}

/** Key names the example files mention, commented or not. */
function exampleKeys(...files: string[]): Set<string> {
  const keys = new Set<string>();
  for (const file of files) {
    const text = readFileSync(upstreamPath('gardener', 'examples', file), 'utf8');
    for (const match of text.matchAll(/^[\s#]*-?\s*([A-Za-z][\w.-]*):/gm)) keys.add(match[1]!);
  }
  return keys;
}

function unknownKeys(manifests: readonly Manifest[], files: string[]): string[] {
  const known = exampleKeys(...files);
  const unknown = new Set<string>();
  for (const manifest of manifests) {
    for (const pair of keyPairs(manifest)) {
      const [parent, key] = [pair.slice(0, pair.lastIndexOf('.')), pair.slice(pair.lastIndexOf('.') + 1)];
      if (!known.has(key) || (parent !== '(root)' && !known.has(parent))) unknown.add(pair);
    }
  }
  return [...unknown].sort();
}

let r: Rendered;
beforeAll(() => {
  r = renderVirtualGarden();
});

describe('field names match the Gardener examples', () => {
  it('Project', () => {
    expect(unknownKeys(ofKind(r.all, 'Project'), ['05-project-dev.yaml'])).toEqual([]);
  });

  it('CloudProfile', () => {
    expect(unknownKeys(ofKind(r.all, 'CloudProfile'), ['30-cloudprofile.yaml'])).toEqual([]);
  });

  it('CredentialsBinding (top-level fields, no spec)', () => {
    expect(unknownKeys(ofKind(r.all, 'CredentialsBinding'), ['80-credentialsbinding.yaml'])).toEqual([]);
  });

  it('Shoot', () => {
    expect(unknownKeys(ofKind(r.all, 'Shoot'), ['90-shoot.yaml'])).toEqual([]);
  });

  it('Gardenlet with its seedConfig', () => {
    expect(
      unknownKeys(ofKind(r.all, 'Gardenlet'), ['55-gardenlet.yaml', 'operator-30-gardenlet.yaml', '20-componentconfig-gardenlet.yaml', '50-seed.yaml']),
    ).toEqual([]);
  });

  it('ManagedSeed with its seedConfig', () => {
    expect(unknownKeys(ofKind(r.all, 'ManagedSeed'), ['55-managedseed-gardenlet.yaml', '20-componentconfig-gardenlet.yaml', '50-seed.yaml'])).toEqual([]);
  });

  it('the check itself catches a misspelled field', () => {
    const shoot = ofKind(r.all, 'Shoot')[0]!;
    const spec = shoot.spec as Record<string, unknown>;
    const broken = { ...shoot, spec: { ...spec, tolerations: undefined, toleration: spec.tolerations } };
    expect(unknownKeys([broken as Manifest], ['90-shoot.yaml'])).toContain('spec.toleration');
  });
});
