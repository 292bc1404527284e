import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { synthesize, type Manifest } from '../../../charts/synth.js';
import { distFiles } from '../../../charts/dist/files.js';
import { leaksInText } from '../../../charts/dist/secret-value-guard.js';
import { maskSopsCiphertext } from '../../../charts/delivery/secrets/sops-file.js';
import { SopsFilesRefused } from '../../../charts/delivery/secrets/sops-plan.js';
import { validateLandscape } from '../../../charts/landscape/validate/index.js';
import { defaultLandscapeInput, resolveInput } from '../dist/landscape-fixture.js';

/**
 * Mode sops as a user relies on it: synth writes stubs without values, applies a stub only once it is
 * encrypted, keeps encrypted files byte for byte and refuses to touch one that no longer matches. The
 * encrypted files here are a strict fake of sops' output (same ENC[...] form, `sops:` metadata with an
 * age recipient and an armoured data key, random bytes instead of ciphertext); the real sops and age
 * run in test/integration/sops-delivery.test.ts.
 */

const RECIPIENT = 'age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p';
const OTHER_RECIPIENT = 'age1lggyhqrw2nlhcxprm67z43rta597azn8gknawjehu9d9dl0jq3yqqvfafg';

function sopsLandscape(): ReturnType<typeof synthesize> {
  const input = defaultLandscapeInput();
  input.spec.delivery.secrets = { mode: 'sops', ageRecipients: [RECIPIENT] };
  return synthesize(resolveInput(input));
}

const synthesis = sopsLandscape();
const plain = distFiles(synthesis);
const DB = 'runtime/metal-databases/secret.metal-control-plane.masterdata-db.sops.yaml';
const DOMAIN = 'virtual-garden/garden-project/secret.garden.default-domain.sops.yaml';

const b64 = (bytes: number) => randomBytes(bytes).toString('base64');
const enc = () => `ENC[AES256_GCM,data:${b64(24)},iv:${b64(32)},tag:${b64(16)},type:str]`;

/** A stub as `sops -e -i` leaves it: values replaced by ciphertext, metadata appended. */
function fakeEncrypt(stub: string, options: { recipients?: readonly string[]; plaintextKey?: string; dropKey?: string; addKey?: string } = {}): string {
  const secret = parse(stub) as { stringData: Record<string, string> };
  const stringData = Object.fromEntries(
    Object.keys(secret.stringData)
      .filter((key) => key !== options.dropKey)
      .map((key) => [key, key === options.plaintextKey ? 'hunter2' : enc()]),
  );
  if (options.addKey) stringData[options.addKey] = enc();
  const armor = ['-----BEGIN AGE ENCRYPTED FILE-----', b64(48), b64(48), b64(30), '-----END AGE ENCRYPTED FILE-----'].join('\n');
  const age = (options.recipients ?? [RECIPIENT])
    .map((recipient) => `        - recipient: ${recipient}\n          enc: |\n${armor.replace(/^/gm, '            ')}`)
    .join('\n');
  const head = stub.slice(0, stub.indexOf('stringData:'));
  return (
    `${head}stringData:\n${Object.entries(stringData)
      .map(([k, v]) => `    ${k}: ${v}\n`)
      .join('')}` +
    `sops:\n    age:\n${age}\n    lastmodified: "2026-12-02T18:00:00Z"\n    mac: ${enc()}\n    encrypted_regex: ^(data|stringData)$\n    version: 3.13.2\n`
  );
}

function resourcesOf(files: ReadonlyMap<string, string>, folder: string): string[] {
  return (parse(files.get(`${folder}/kustomization.yaml`) ?? '') as { resources: string[] }).resources;
}

function kustomization(files: ReadonlyMap<string, string>, name: string): Manifest {
  const file = [...files.entries()].find(([path]) => path.startsWith('flux/kustomization.') && path.endsWith(`.${name}.yaml`));
  if (!file) throw new Error(`no Flux Kustomization ${name}`);
  return parse(file[1]) as Manifest;
}

describe('secret delivery mode sops', () => {
  it('writes one stub per Secret a layer reads, in its first layer, with the keys, labels and annotations and empty values', () => {
    const stub = parse(plain.get(DOMAIN) ?? '') as Manifest & { stringData: Record<string, string> };
    expect(stub.metadata).toEqual({
      name: 'default-domain',
      namespace: 'garden',
      labels: { 'gardener.cloud/role': 'default-domain' },
      annotations: { 'dns.gardener.cloud/domain': 'shoot.fra.metal.example.com', 'dns.gardener.cloud/provider': 'google-clouddns' },
    });
    expect(stub.stringData).toEqual({ 'serviceaccount.json': '' });
    // masterdata-db is read by metal-databases first, then metal-control-plane: it belongs to the first.
    expect(plain.has(DB)).toBe(true);
    expect([...plain.keys()].filter((p) => p.endsWith('secret.metal-control-plane.masterdata-db.sops.yaml'))).toEqual([DB]);
    const stubs = [...plain.keys()].filter((p) => p.endsWith('.sops.yaml') && p !== '.sops.yaml');
    const layered = synthesis.secrets.filter((s) => (s.layers?.length ?? 0) > 0);
    expect(stubs).toHaveLength(layered.length);
    // No value anywhere: every stub's values are empty.
    for (const path of stubs)
      expect(Object.values((parse(plain.get(path) ?? '') as { stringData: Record<string, string> }).stringData).every((v) => v === '')).toBe(true);
  });

  it('gives the Git credentials and the age key no stub: they stay manual and the README says so', () => {
    expect([...plain.keys()].some((p) => p.includes('landscape-git-credentials') || p.includes('sops-age'))).toBe(false);
    const readme = plain.get('README.md') ?? '';
    expect(readme).toContain('### Created by hand');
    expect(readme).toMatch(/\| runtime \| flux-system \| `landscape-git-credentials` \|/);
  });

  it('writes .sops.yaml that encrypts only data and stringData of the stubs for exactly the landscape recipients', () => {
    const config = parse(plain.get('.sops.yaml') ?? '') as { creation_rules: Array<{ path_regex: string; encrypted_regex: string; age: string }> };
    expect(config.creation_rules).toHaveLength(1);
    const rule = config.creation_rules[0]!;
    expect(rule.encrypted_regex).toBe('^(data|stringData)$');
    expect(rule.age).toBe(RECIPIENT);
    // sops matches the path relative to the config's folder (run there) or absolute (run elsewhere with --config).
    expect(new RegExp(rule.path_regex).test(DB)).toBe(true);
    expect(new RegExp(rule.path_regex).test(`/repo/dist/${DB}`)).toBe(true);
    expect(new RegExp(rule.path_regex).test('runtime/metal-databases/kustomization.yaml')).toBe(false);
  });

  it('lists a plain stub nowhere Flux reads it, and names it under "To encrypt"', () => {
    expect(resourcesOf(plain, 'runtime/metal-databases')).not.toContain('secret.metal-control-plane.masterdata-db.sops.yaml');
    expect(plain.get('README.md')).toContain(`| \`${DB}\` |`);
    expect(kustomization(plain, 'runtime-metal-databases').spec).not.toHaveProperty('decryption');
  });

  it('keeps an encrypted stub byte for byte, applies it and decrypts exactly the Kustomizations whose folder has one', () => {
    const db = fakeEncrypt(plain.get(DB) ?? '');
    const domain = fakeEncrypt(plain.get(DOMAIN) ?? '');
    const files = distFiles(
      synthesis,
      new Map([
        [DB, db],
        [DOMAIN, domain],
      ]),
    );
    expect(files.get(DB)).toBe(db);
    expect(files.get(DOMAIN)).toBe(domain);
    expect(resourcesOf(files, 'runtime/metal-databases')).toContain('secret.metal-control-plane.masterdata-db.sops.yaml');
    expect(resourcesOf(files, 'virtual-garden/garden-project')).toContain('secret.garden.default-domain.sops.yaml');
    const decrypting = [...files.entries()]
      .filter(([path]) => path.startsWith('flux/kustomization.'))
      .map(([, text]) => parse(text) as Manifest & { spec: { decryption?: unknown } })
      .filter((k) => k.kind === 'Kustomization' && k.apiVersion === 'kustomize.toolkit.fluxcd.io/v1' && k.spec.decryption !== undefined);
    expect(decrypting.map((k) => `${k.metadata.namespace}/${k.metadata.name}`).sort()).toEqual([
      'flux-system/runtime-metal-databases',
      'garden/virtual-garden-garden-project',
    ]);
    for (const k of decrypting) expect(k.spec.decryption).toEqual({ provider: 'sops', secretRef: { name: 'sops-age' } });
    // Deterministic: the same landscape and files give the same bytes.
    expect(
      distFiles(
        synthesis,
        new Map([
          [DB, db],
          [DOMAIN, domain],
        ]),
      ),
    ).toEqual(files);
  });

  it('requires the age key Secret in each namespace whose Kustomizations decrypt (flux-system and garden)', () => {
    const ageKeys = synthesis.secrets.filter((s) => s.name === 'sops-age');
    expect(ageKeys.map((s) => `${s.cluster}/${s.namespace} ${s.keys.join(',')}`)).toEqual(['runtime/flux-system age.agekey', 'runtime/garden age.agekey']);
    expect(plain.get('required-secrets.yaml')).toContain('name: sops-age');
  });

  it('rewrites a plain stub (even one with values typed in) with empty values', () => {
    const typed = (plain.get(DB) ?? '').replace('POSTGRES_PASSWORD: ""', 'POSTGRES_PASSWORD: typed-but-not-encrypted');
    expect(typed).not.toBe(plain.get(DB));
    expect(distFiles(synthesis, new Map([[DB, typed]])).get(DB)).toBe(plain.get(DB));
  });

  it('refuses an encrypted stub whose keys no longer match, naming the file, both key sets and the fix', () => {
    const wrong = fakeEncrypt(plain.get(DB) ?? '', { dropKey: 'POSTGRES_PASSWORD', addKey: 'password' });
    const run = () => distFiles(synthesis, new Map([[DB, wrong]]));
    expect(run).toThrow(SopsFilesRefused);
    expect(run).toThrow(
      `${DB}: it has keys password, the landscape requires keys POSTGRES_PASSWORD. synth never overwrites an encrypted file; fix: cd into the output folder, sops -d -i ${DB} (needs a private key of its recipients), edit it to match, sops -e -i ${DB}; or delete ${DB} to get a fresh stub to fill`,
    );
  });

  it('refuses an encrypted file with a plaintext value, and an encrypted file the landscape no longer needs', () => {
    expect(() => distFiles(synthesis, new Map([[DB, fakeEncrypt(plain.get(DB) ?? '', { plaintextKey: 'POSTGRES_PASSWORD' })]]))).toThrow(
      /stringData\.POSTGRES_PASSWORD is not encrypted \(a plaintext value must never be committed\)/,
    );
    const gone = 'runtime/metal-databases/secret.metal-control-plane.old-db.sops.yaml';
    const old = fakeEncrypt((plain.get(DB) ?? '').replace('name: masterdata-db', 'name: old-db'));
    expect(() => distFiles(synthesis, new Map([[gone, old]]))).toThrow(
      /old-db is no longer required by the landscape; synth never deletes an encrypted file: delete it yourself \(git rm/,
    );
    const moved = 'runtime/metal-control-plane/secret.metal-control-plane.masterdata-db.sops.yaml';
    expect(() => distFiles(synthesis, new Map([[moved, fakeEncrypt(plain.get(DB) ?? '')]]))).toThrow(`git mv ${moved} ${DB}`);
  });

  it('lets the secret value guard pass sops ciphertext only in a file with sops metadata', () => {
    // ENC[...] values and the armoured key look random; in an encrypted stub they are no leak.
    expect(() => distFiles(synthesis, new Map([[DB, fakeEncrypt(plain.get(DB) ?? '')]]))).not.toThrow();
    // Without sops metadata (or with one plaintext value) nothing is masked: the guard sees the random strings.
    const encrypted = fakeEncrypt(plain.get(DB) ?? '');
    const withoutMetadata = encrypted.slice(0, encrypted.indexOf('sops:'));
    const halfPlain = fakeEncrypt(plain.get(DB) ?? '', { plaintextKey: 'POSTGRES_PASSWORD', addKey: 'other' });
    expect(leaksInText(new Map([[DB, maskSopsCiphertext(encrypted)]]))).toEqual([]);
    expect(leaksInText(new Map([[DB, maskSopsCiphertext(withoutMetadata)]])).length).toBeGreaterThan(0);
    expect(leaksInText(new Map([[DB, maskSopsCiphertext(halfPlain)]])).length).toBeGreaterThan(0);
    expect(maskSopsCiphertext(encrypted)).toHaveLength(encrypted.length);
  });

  it('notes an encrypted stub whose recipients differ from the landscape, and keeps it', () => {
    const db = fakeEncrypt(plain.get(DB) ?? '', { recipients: [OTHER_RECIPIENT] });
    const files = distFiles(synthesis, new Map([[DB, db]]));
    expect(files.get(DB)).toBe(db);
    expect(files.get('README.md')).toContain(`- \`${DB}\`: \`${OTHER_RECIPIENT}\``);
  });

  it('rejects sops with Argo CD (engine argocd or both), which cannot decrypt it', () => {
    for (const engine of ['argocd', 'both'] as const) {
      const input = defaultLandscapeInput();
      input.spec.delivery.engine = engine;
      input.spec.delivery.secrets = { mode: 'sops', ageRecipients: [RECIPIENT] };
      expect(() => resolveInput(input)).toThrow(
        `spec.delivery.secrets.mode: "sops" cannot be used with engine ${engine}: Argo CD has no built-in SOPS decryption`,
      );
    }
    expect(validateLandscape(synthesis.input.landscape, synthesis.input.components).filter((p) => p.path.startsWith('spec.delivery'))).toEqual([]);
  });
});
