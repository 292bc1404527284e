// The admission webhook the integration tests run must be the provider-metal release the landscape
// deploys, built on the Gardener release the test gardener-apiserver serves; both are written only in
// the wrapper's go.mod (test/envtest/cmd/admission-metal), so a bump of one side fails here.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { DEFAULT_RELEASE } from '../../../charts/landscape/schema/versions.js';
import { releaseVectorDir } from '../../../generators/upstream.js';
import { binarySpec } from '../../envtest/binaries.js';

interface ReleaseVector {
  'docker-images': { 'metal-stack': { gardener: Record<string, { tag: string }> } };
}

/** The versions a go.mod's replace directives point the given modules to. */
function replaceTargets(goMod: string): Map<string, string> {
  const targets = new Map<string, string>();
  for (const match of goMod.matchAll(/^\s*(\S+)\s*=>\s*(\S+)\s+(v\S+)\s*$/gm)) targets.set(match[1]!, match[3]!);
  return targets;
}

describe('envtest admission-metal versions', () => {
  const admission = binarySpec('admission-metal');

  it("is provider-metal at the default release vector's tag", () => {
    const vector = parse(readFileSync(join(releaseVectorDir, `${DEFAULT_RELEASE}.yaml`), 'utf8')) as ReleaseVector;
    const pinned = vector['docker-images']['metal-stack'].gardener['gardener-extension-provider-metal']?.tag;
    expect(admission.version, `release vector ${DEFAULT_RELEASE}`).toBe(pinned);
  });

  it('builds on the Gardener release of the test gardener-apiserver', () => {
    const targets = replaceTargets(readFileSync(join(admission.moduleDir, 'go.mod'), 'utf8'));
    const gardener = binarySpec('gardener-apiserver').version;
    expect(targets.get('github.com/gardener/gardener')).toBe(gardener);
    expect(targets.get('github.com/gardener/gardener/pkg/apis')).toBe(gardener);
  });
});
