import { describe, expect, test } from 'vitest';
import { resolveLandscape } from '../../../charts/landscape/resolve.js';
import type { Components } from '../../../charts/landscape/release-vector.js';
import { releaseComponents } from '../../../charts/landscape/validate/release-components.js';
import { defaultDocument, landscapesDir } from './apply-case.js';

// A release vector that lacks a component or field synth reads made synth throw after validation
// passed (issue 8); these cases need an edited vector, so they call the rule with edited components
// instead of a corpus document (override cases are in the corpus).
const { landscape, components } = resolveLandscape(defaultDocument(), { source: 'default.yaml', baseDir: landscapesDir });

function without(name: string, field?: string): Components {
  const copy: Record<string, Record<string, unknown>> = structuredClone(components) as Record<string, Record<string, unknown>>;
  if (field === undefined) delete copy[name];
  else if (field.startsWith('charts.')) delete (copy[name]?.['charts'] as Record<string, unknown>)[field.slice('charts.'.length)];
  else delete copy[name]?.[field];
  return copy;
}

describe('release-vector components synth reads', () => {
  test('the default example needs nothing its vector lacks', () => {
    expect(releaseComponents(landscape, components)).toEqual([]);
  });

  test('a missing component names the release and what needs it', () => {
    expect(releaseComponents(landscape, without('ipam'))).toEqual([
      {
        path: 'spec.versions.release',
        message: 'release vector v0.22.19 has no component "ipam" (its image, tag are needed by the metal control plane); use a release vector that pins it',
      },
    ]);
  });

  test('a missing field that an override can set says so', () => {
    expect(releaseComponents(landscape, without('node-init', 'tag'))).toEqual([
      {
        path: 'spec.versions.release',
        message:
          'component "node-init" of release vector v0.22.19 has no tag (needed by provider-metal\'s image vector (node-init)); set spec.versions.overrides.node-init.tag',
      },
    ]);
  });

  test('a missing chart of the vector names the charts override that sets it', () => {
    expect(releaseComponents(landscape, without('gardenlet', 'charts.ref'))).toEqual([
      {
        path: 'spec.versions.release',
        message:
          'component "gardenlet" of release vector v0.22.19 has no charts.ref (needed by the gardenlets of the soil and the shooted seeds); set spec.versions.overrides.gardenlet.charts.ref',
      },
    ]);
  });

  test('components of what the landscape disables are not needed', () => {
    const disabled = structuredClone(landscape);
    disabled.spec.metalControlPlane.enabled = false;
    expect(releaseComponents(disabled, without('ipam'))).toEqual([]);
  });
});
