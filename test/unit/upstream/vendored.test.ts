/**
 * The vendored upstream data: every file matches the manifest, an edited or unlisted file is caught,
 * and importing a new version of a source replaces its files and provenance.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  importDebianSource,
  importSource,
  readManifest,
  sha256,
  verifyUpstream,
  writeManifest,
  type UpstreamManifest,
} from '../../../generators/upstream-manifest.js';
import { releaseVectorDir } from '../../../generators/upstream.js';
import { readReleaseVector, vendoredReleases } from '../../../charts/landscape/release-source.js';
import { DEFAULT_RELEASE } from '../../../charts/landscape/schema/versions.js';

const dirs: string[] = [];
function scratch(): string {
  const dir = mkdtempSync(join(tmpdir(), 'metal-garden-upstream-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function write(dir: string, rel: string, text: string): void {
  mkdirSync(join(dir, rel, '..'), { recursive: true });
  writeFileSync(join(dir, rel), text);
}

describe('generators/upstream/', () => {
  it('matches its manifest file for file', () => {
    expect(verifyUpstream()).toEqual([]);
  });

  it('gives every source a repository and commit (or Debian package and .deb checksum), licence and upstream path', () => {
    for (const source of readManifest().sources) {
      if (source.kind === 'debian') {
        expect(source.package, source.id).toMatch(/^[a-z0-9.+-]+$/);
        expect(source.version, source.id).toMatch(/^\S+$/);
        expect(source.debSha256, source.id).toMatch(/^[0-9a-f]{64}$/);
        // cloud-init is dual-licensed; metal-garden uses it under Apache-2.0.
        expect(source.licence, source.id).toMatch(/^(Apache-2\.0|MIT|GPL-3\.0-only OR Apache-2\.0)$/);
      } else {
        expect(source.repository, source.id).toMatch(/^[\w.-]+\/[\w.-]+$/);
        expect(source.commit, source.id).toMatch(/^[0-9a-f]{7,40}$/);
        expect(source.licence, source.id).toMatch(/^(Apache-2\.0|MIT)$/);
      }
      expect(source.files.length, source.id).toBeGreaterThan(0);
      for (const file of source.files) expect(file.sha256).toMatch(/^[0-9a-f]{64}$/);
    }
  });
});

describe('importSource and verifyUpstream', () => {
  const request = {
    id: 'demo-crds',
    repository: 'example/demo',
    tag: 'v1.0.0',
    commit: 'abcdef1',
    licence: 'Apache-2.0',
    from: 'config/crds',
    into: 'demo/crds',
  };

  it('vendors a folder with provenance, then a new version replaces and removes files', () => {
    const root = scratch();
    const v1 = scratch();
    write(v1, 'a.yaml', 'a: 1\n');
    write(v1, 'sub/b.yaml', 'b: 1\n');
    const first = importSource({ sources: [] }, { ...request, fromDir: v1 }, root);
    writeManifest(first.manifest, join(root, 'manifest.yaml'));
    expect(first.added).toBe(2);
    expect(first.manifest.sources[0]?.files.map((f) => [f.path, f.source])).toEqual([
      ['demo/crds/a.yaml', 'config/crds/a.yaml'],
      ['demo/crds/sub/b.yaml', 'config/crds/sub/b.yaml'],
    ]);
    expect(verifyUpstream(root)).toEqual([]);

    const v2 = scratch();
    write(v2, 'a.yaml', 'a: 2\n');
    const second = importSource(readManifest(join(root, 'manifest.yaml')), { id: 'demo-crds', fromDir: v2, tag: 'v1.1.0', commit: '1234567' }, root);
    writeManifest(second.manifest, join(root, 'manifest.yaml'));
    expect(second).toMatchObject({ added: 1, removed: 1 });
    const source = readManifest(join(root, 'manifest.yaml')).sources[0];
    expect(source).toMatchObject({ tag: 'v1.1.0', commit: '1234567', repository: 'example/demo' });
    expect(readFileSync(join(root, 'demo/crds/a.yaml'), 'utf8')).toBe('a: 2\n');
    expect(verifyUpstream(root)).toEqual([]);
  });

  it('names an edited file, a missing file and an unlisted file', () => {
    const root = scratch();
    const v1 = scratch();
    write(v1, 'a.yaml', 'a: 1\n');
    write(v1, 'b.yaml', 'b: 1\n');
    const manifest: UpstreamManifest = importSource({ sources: [] }, { ...request, fromDir: v1 }, root).manifest;
    writeManifest(manifest, join(root, 'manifest.yaml'));
    writeFileSync(join(root, 'demo/crds/a.yaml'), 'a: edited\n');
    rmSync(join(root, 'demo/crds/b.yaml'));
    write(root, 'demo/crds/extra.yaml', 'x: 1\n');
    const problems = verifyUpstream(root);
    expect(problems).toHaveLength(3);
    expect(problems[0]).toMatch(/^demo\/crds\/a\.yaml \(demo-crds\): sha256 [0-9a-f]{64}, manifest says [0-9a-f]{64}$/);
    expect(problems[1]).toBe('demo/crds/b.yaml (demo-crds): listed in the manifest but missing');
    expect(problems[2]).toBe('demo/crds/extra.yaml: not listed in the manifest (vendor it with `npm run upstream -- import`)');
  });

  it('vendors a file of a Debian package with the package provenance and the .deb checksum', () => {
    const tree = scratch();
    write(tree, 'DEBIAN/control', 'Package: demo\nVersion: 1.2-3\nArchitecture: all\nMaintainer: Demo <demo@example.org>\nDescription: demo\n');
    write(tree, 'usr/share/demo/schema.json', '{}\n');
    const deb = join(scratch(), 'demo.deb');
    execFileSync('dpkg-deb', ['--build', '--root-owner-group', tree, deb], { stdio: 'ignore' });
    const root = scratch();
    const result = importDebianSource(
      { sources: [] },
      {
        id: 'demo-schema',
        deb,
        archive: 'deb.example.org/debian stable/main',
        licence: 'Apache-2.0',
        from: 'usr/share/demo/schema.json',
        into: 'demo/schema.json',
      },
      root,
    );
    writeManifest(result.manifest, join(root, 'manifest.yaml'));
    expect(result.manifest.sources[0]).toMatchObject({
      kind: 'debian',
      package: 'demo',
      version: '1.2-3',
      architecture: 'all',
      debSha256: sha256(deb),
      files: [{ path: 'demo/schema.json', source: 'usr/share/demo/schema.json' }],
    });
    expect(readFileSync(join(root, 'demo/schema.json'), 'utf8')).toBe('{}\n');
    expect(verifyUpstream(root)).toEqual([]);
    expect(() => importSource(result.manifest, { id: 'demo-schema', fromDir: tree }, root)).toThrow('comes from a Debian package: use import-deb');
    expect(() => importDebianSource(result.manifest, { id: 'demo-schema', deb, from: 'usr/share/demo/missing.json' }, root)).toThrow(
      'has no file usr/share/demo/missing.json',
    );
  });

  it('refuses a new source without its provenance', () => {
    const v1 = scratch();
    write(v1, 'a.yaml', 'a: 1\n');
    expect(() => importSource({ sources: [] }, { id: 'x', fromDir: v1 }, scratch())).toThrow('source "x" is new: --repository is required');
  });
});

describe('release vectors', () => {
  it('vendors the default release', () => {
    expect(vendoredReleases()).toContain(DEFAULT_RELEASE);
    expect(readReleaseVector({}, '/nowhere')).toMatchObject({ source: DEFAULT_RELEASE });
    expect(readReleaseVector({}, '/nowhere').text).toBe(readFileSync(join(releaseVectorDir, `${DEFAULT_RELEASE}.yaml`), 'utf8'));
  });

  it('rejects an unknown release, an unreadable file and both at once with the field and the choices', () => {
    expect(readReleaseVector({ release: 'v0.1.0' }, '/nowhere').problem).toEqual({
      path: 'spec.versions.release',
      message: `release "v0.1.0" is not vendored; vendored releases: ${vendoredReleases().join(', ')} (vendor another with \`npm run upstream -- import\`, or give its file as spec.versions.releaseVector)`,
    });
    expect(readReleaseVector({ releaseVector: 'missing.yaml' }, '/nowhere').problem?.message).toMatch(
      /^cannot read "missing.yaml" \(\/nowhere\/missing.yaml\): ENOENT; give a path relative to the landscape file, or use spec.versions.release/,
    );
    expect(readReleaseVector({ release: 'v0.22.19', releaseVector: 'r.yaml' }, '/nowhere').problem?.path).toBe('spec.versions');
  });
});
