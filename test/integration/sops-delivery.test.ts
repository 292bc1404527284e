// Mode sops with the real tools, as the platform team runs them (dist/README.md "Delivering secrets
// with SOPS"): age-keygen makes the key, synth writes stubs and .sops.yaml, `sops -e -i` run in the
// output folder encrypts a filled stub for the recipients .sops.yaml names (SOPS_AGE_RECIPIENTS unset),
// synth runs again and keeps the file byte for byte, now applied (kustomization.yaml) and decrypted
// (the layer's Kustomization), `synth --check` agrees, and `sops -d` with the private key gives the
// values back. sops is built from its Go module (test/envtest/cmd/sops); age comes from Debian.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { toolBinary } from '../envtest/build.js';
import { defaultLandscapeInput } from '../unit/dist/landscape-fixture.js';

const exec = promisify(execFile);
const root = resolve(import.meta.dirname, '../..');
const tsx = resolve(root, 'node_modules/.bin/tsx');
const STUB = 'runtime/metal-databases/secret.metal-control-plane.masterdata-db.sops.yaml';
const PASSWORD = 'correct horse battery staple';

/** The environment without any sops/age setting of the caller, so only .sops.yaml and what a test passes count. */
function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('SOPS_')));
  return { ...env, ...extra };
}

async function synth(landscape: string, out: string, ...flags: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return exec(tsx, ['charts/main.ts', landscape, '--out', out, ...flags], { cwd: root, env: cleanEnv() }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
  );
}

describe('mode sops with sops and age', () => {
  const work = mkdtempSync(join(tmpdir(), 'metal-garden-sops-'));
  const out = join(work, 'dist');
  const keyFile = join(work, 'flux.agekey');
  const landscape = join(work, 'landscape.yaml');
  let sops: string;
  let recipient: string;

  beforeAll(async () => {
    sops = await toolBinary('sops');
    await exec('age-keygen', ['-o', keyFile]);
    recipient = /^# public key: (age1\S+)$/m.exec(readFileSync(keyFile, 'utf8'))?.[1] ?? '';
    expect(recipient).toMatch(/^age1/);
    const input = defaultLandscapeInput();
    input.spec.delivery.secrets = { mode: 'sops', ageRecipients: [recipient] };
    writeFileSync(landscape, stringify(input));
  }, 1_800_000);
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('encrypts a filled stub for the landscape recipients; synth keeps it, applies it and decrypts it', async () => {
    expect((await synth(landscape, out)).code).toBe(0);
    const stub = readFileSync(join(out, STUB), 'utf8');
    expect((parse(readFileSync(join(out, 'runtime/metal-databases/kustomization.yaml'), 'utf8')) as { resources: string[] }).resources).not.toContain(
      'secret.metal-control-plane.masterdata-db.sops.yaml',
    );

    // Fill in and encrypt, in the output folder as the README says, with no SOPS_AGE_RECIPIENTS.
    writeFileSync(join(out, STUB), stub.replace('POSTGRES_PASSWORD: ""', `POSTGRES_PASSWORD: ${PASSWORD}`));
    await exec(sops, ['-e', '-i', STUB], { cwd: out, env: cleanEnv() });
    const encrypted = readFileSync(join(out, STUB), 'utf8');
    expect(encrypted).not.toContain(PASSWORD);
    const metadata = (parse(encrypted) as { sops: { age: Array<{ recipient: string }>; encrypted_regex: string } }).sops;
    expect(metadata.age.map((a) => a.recipient)).toEqual([recipient]);
    expect(metadata.encrypted_regex).toBe('^(data|stringData)$');
    // Only the values: name, namespace and the key names stay readable.
    expect(encrypted).toContain('name: masterdata-db');
    expect(encrypted).toMatch(/POSTGRES_PASSWORD: ENC\[AES256_GCM,/);

    const second = await synth(landscape, out);
    expect(second.stderr).not.toMatch(/refuse/);
    expect(second.code).toBe(0);
    expect(readFileSync(join(out, STUB), 'utf8')).toBe(encrypted);
    expect((parse(readFileSync(join(out, 'runtime/metal-databases/kustomization.yaml'), 'utf8')) as { resources: string[] }).resources).toContain(
      'secret.metal-control-plane.masterdata-db.sops.yaml',
    );
    const flux = parse(readFileSync(join(out, 'flux/kustomization.runtime-metal-databases.yaml'), 'utf8')) as { spec: { decryption?: unknown } };
    expect(flux.spec.decryption).toEqual({ provider: 'sops', secretRef: { name: 'sops-age' } });
    expect((await synth(landscape, out, '--check')).code).toBe(0);

    const decrypted = await exec(sops, ['-d', STUB], { cwd: out, env: cleanEnv({ SOPS_AGE_KEY_FILE: keyFile }) });
    expect((parse(decrypted.stdout) as { stringData: Record<string, string> }).stringData).toEqual({ POSTGRES_PASSWORD: PASSWORD });
  });

  it('refuses to overwrite the encrypted stub once the landscape needs other keys, and writes nothing', async () => {
    const encrypted = readFileSync(join(out, STUB), 'utf8');
    // The file as if encrypted before a key was renamed: the landscape's keys and the file's differ.
    writeFileSync(join(out, STUB), encrypted.replace('POSTGRES_PASSWORD:', 'PASSWORD:'));
    const result = await synth(landscape, out);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${STUB}: it has keys PASSWORD, the landscape requires keys POSTGRES_PASSWORD`);
    expect(result.stderr).toContain('nothing was written');
    expect(readFileSync(join(out, STUB), 'utf8')).toBe(encrypted.replace('POSTGRES_PASSWORD:', 'PASSWORD:'));
    writeFileSync(join(out, STUB), encrypted);
  });
});
