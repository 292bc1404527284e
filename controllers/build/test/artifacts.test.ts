// controllers/artifacts.json as the build reads and writes it: the committed file parses, the
// written text is stable and already in Prettier's format, bad values are named.
import { readFileSync } from 'node:fs';
import { format, resolveConfig } from 'prettier';
import { describe, expect, it } from 'vitest';
import { artifactsFile, formatArtifacts, parseArtifacts, readArtifacts, type Artifacts } from '../../artifacts.js';
import { readRuntimeLock, runtimeLockFile } from '../runtime-lock.js';

const entry = {
  version: '0.1.0',
  image: { repository: 'ghcr.io/metal-garden/b', digest: `sha256:${'a'.repeat(64)}` },
  chart: { repository: 'ghcr.io/metal-garden/charts/b', version: '0.1.0', digest: null },
};

describe('artifacts.json', () => {
  it('parses the committed file and writes it back unchanged', () => {
    expect(formatArtifacts(readArtifacts())).toBe(readFileSync(artifactsFile, 'utf8'));
  });

  it('writes controllers by name, keys in the contract order, as Prettier would', async () => {
    const shuffled = {
      b: { chart: entry.chart, image: { digest: entry.image.digest, repository: entry.image.repository }, version: entry.version },
      a: entry,
    } as Artifacts;
    const text = formatArtifacts(shuffled);
    expect(Object.keys(JSON.parse(text) as object)).toEqual(['a', 'b']);
    expect(text).toBe(formatArtifacts({ a: entry, b: entry }));
    expect(text.endsWith('}\n')).toBe(true);
    const options = await resolveConfig(artifactsFile);
    expect(await format(text, { ...options, filepath: artifactsFile })).toBe(text);
  });

  it('names the field and the bad value', () => {
    const bad = JSON.stringify({ b: { ...entry, image: { ...entry.image, digest: 'sha256:abc' } } });
    expect(() => parseArtifacts(bad, 'artifacts.json')).toThrow('artifacts.json: b.image.digest: got "sha256:abc": must be sha256:<64 lowercase hex digits>');
    expect(() => parseArtifacts(JSON.stringify({ B: entry }), 'artifacts.json')).toThrow('artifacts.json: "B": must be a controller folder name');
  });
});

describe('runtime.lock.json', () => {
  it('parses and pins Node and the Debian packages by hash', () => {
    const lock = readRuntimeLock();
    expect(lock.node.integrity).toMatch(/^sha512-/);
    expect(lock.debian.packages.map((p) => p.name).sort()).toEqual(['libc6', 'libgcc-s1', 'libstdc++6']);
    expect(runtimeLockFile.pathname.endsWith('controllers/build/runtime.lock.json')).toBe(true);
  });
});
