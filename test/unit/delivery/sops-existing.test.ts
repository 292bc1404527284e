import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { assertSopsFilesUnchanged, readExistingSopsFiles } from '../../../charts/delivery/secrets/sops-existing.js';

describe('the SOPS files synth reads from its output folder', () => {
  const work = mkdtempSync(join(tmpdir(), 'metal-garden-sops-existing-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('reads every *.sops.yaml file but .sops.yaml, follows no symlink, and reads none from a missing folder', () => {
    const out = join(work, 'dist');
    mkdirSync(join(out, 'runtime/garden'), { recursive: true });
    writeFileSync(join(out, '.sops.yaml'), 'creation_rules: []\n');
    writeFileSync(join(out, 'runtime/garden/secret.garden.a.sops.yaml'), 'a\n');
    writeFileSync(join(out, 'runtime/garden/secret.garden.a.yaml'), 'not a stub\n');
    writeFileSync(join(work, 'outside.sops.yaml'), 'outside\n');
    symlinkSync(join(work, 'outside.sops.yaml'), join(out, 'runtime/garden/secret.garden.link.sops.yaml'));
    expect([...readExistingSopsFiles(out)]).toEqual([['runtime/garden/secret.garden.a.sops.yaml', 'a\n']]);
    expect(readExistingSopsFiles(join(work, 'missing')).size).toBe(0);
  });

  it('refuses to write when a SOPS file changed after synth read it (a sops -e -i during the run)', () => {
    const out = join(work, 'dist');
    const before = readExistingSopsFiles(out);
    expect(() => assertSopsFilesUnchanged(out, before)).not.toThrow();
    writeFileSync(join(out, 'runtime/garden/secret.garden.a.sops.yaml'), 'encrypted meanwhile\n');
    expect(() => assertSopsFilesUnchanged(out, before)).toThrow(`runtime/garden/secret.garden.a.sops.yaml changed in ${out} while synth ran`);
  });
});
