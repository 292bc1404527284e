import { afterEach, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { synthesize, type Manifest } from '../../../charts/synth.js';
import { distFiles, folderFiles } from '../../../charts/dist/files.js';
import { NO_SECRET_VALUES } from '../../../charts/dist/secret-guard.js';
import { defaultLandscapeInput, first, resolveInput } from './landscape-fixture.js';

/**
 * dist/ is committed to git: no secret value may reach it. The landscape has no field for a secret
 * value (only `secretRef` names), so a value could only arrive through (a) the synth process'
 * environment, (b) a Secret a construct renders with data, or (c) a user smuggling it into a
 * free-form field. (a) and (b) are asserted absent here; (c) is refused by the landscape check and
 * synth's guard over every string it writes (secret-value-guard.test.ts, the corpus' secret cases).
 */

const secretManifest = (extra: Partial<Manifest> & Record<string, unknown>): Manifest => ({
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: { name: 'smuggled', namespace: 'garden' },
  ...extra,
});

/** Every string in every YAML document of dist/, with the key path that holds it. */
function stringsOf(files: ReadonlyMap<string, string>): Array<{ file: string; path: string[]; value: string }> {
  const out: Array<{ file: string; path: string[]; value: string }> = [];
  const walk = (file: string, value: unknown, path: string[]) => {
    if (typeof value === 'string') out.push({ file, path, value });
    else if (Array.isArray(value)) value.forEach((v, i) => walk(file, v, [...path, String(i)]));
    else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) walk(file, v, [...path, k]);
  };
  for (const [file, content] of files) {
    if (!file.endsWith('.yaml')) continue;
    for (const doc of parseAllDocuments(content)) walk(file, doc.toJS(), []);
  }
  return out;
}

describe('no secret values in dist/', () => {
  const saved = { ...process.env };
  afterEach(() => {
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
    Object.assign(process.env, saved);
  });

  it('refuses a Secret with data or stringData, and accepts one only with a no-secret-values reason', () => {
    expect(() => folderFiles('runtime/x', [secretManifest({ data: { password: 'aHVudGVyMg==' } })])).toThrow(/plaintext data \(password\)/);
    expect(() => folderFiles('runtime/x', [secretManifest({ stringData: { token: 'hunter2' } })])).toThrow(/plaintext stringData \(token\)/);
    const annotated = secretManifest({ metadata: { name: 'kubeconfig', namespace: 'garden', annotations: { [NO_SECRET_VALUES]: 'kubeconfig template; the token is filled in-cluster' } }, stringData: { kubeconfig: 'apiVersion: v1' } });
    expect(() => folderFiles('runtime/x', [annotated])).not.toThrow();
  });

  it('fails the whole synth when any layer renders a Secret with data', () => {
    const synthesis = synthesize(resolveInput(defaultLandscapeInput()));
    const [first, ...rest] = synthesis.layers;
    const poisoned = { ...first!, manifests: [...first!.manifests, secretManifest({ data: { key: 'c2VjcmV0' } })] };
    expect(() => distFiles({ ...synthesis, layers: [poisoned, ...rest] })).toThrow(/would be written with plaintext data/);
  });

  it('every Secret in dist/ carries no data, or says why its data is not secret', () => {
    const files = distFiles(synthesize(resolveInput(defaultLandscapeInput())));
    const secrets = [...files]
      .filter(([file]) => file.endsWith('.yaml'))
      .flatMap(([file, content]) => parseAllDocuments(content).map((d) => ({ file, object: d.toJS() as Manifest })));
    for (const { file, object } of secrets.filter((s) => s.object?.kind === 'Secret')) {
      const annotations = (object.metadata.annotations ?? {}) as Record<string, string>;
      const data = { ...((object.data as object) ?? {}), ...((object.stringData as object) ?? {}) };
      const hasValues = Object.values(data).some((v) => v !== '');
      if (hasValues) expect(annotations[NO_SECRET_VALUES], `${file} has data without ${NO_SECRET_VALUES}`).toMatch(/\S{10,}/);
    }
  });

  it('never copies the synth process environment into dist/', () => {
    const sentinels = {
      KUBECONFIG: 'SENTINEL-ENV-KUBECONFIG-7f3a',
      AWS_SECRET_ACCESS_KEY: 'SENTINEL-ENV-AWS-9c1d',
      GOOGLE_APPLICATION_CREDENTIALS: 'SENTINEL-ENV-GCP-2b8e',
      METAL_API_HMAC: 'SENTINEL-ENV-HMAC-5e6f',
      GIT_PASSWORD: 'SENTINEL-ENV-GIT-4a0c',
    };
    Object.assign(process.env, sentinels);
    const files = distFiles(synthesize(resolveInput(defaultLandscapeInput())));
    for (const [file, content] of files) for (const value of Object.values(sentinels)) expect(content.includes(value), `${value} in ${file}`).toBe(false);
  });

  it('renders secretRef values only as Secret names, and lists each in the required secrets', () => {
    const input = defaultLandscapeInput();
    const refs: string[] = [];
    const rename = (value: unknown): void => {
      if (Array.isArray(value)) value.forEach(rename);
      else if (value && typeof value === 'object') {
        const record = value as Record<string, unknown>;
        for (const [k, v] of Object.entries(record)) {
          if (k === 'secretRef' && typeof v === 'string') {
            const sentinel = `sentinel-ref-${refs.length}`;
            refs.push(sentinel);
            record[k] = sentinel;
          } else rename(v);
        }
      }
    };
    rename(input);
    expect(refs.length).toBeGreaterThan(3);
    const files = distFiles(synthesize(resolveInput(input)));
    const inventory = files.get('required-secrets.yaml') ?? '';
    const readme = files.get('README.md') ?? '';
    for (const ref of refs) {
      const uses = stringsOf(files).filter((s) => s.value.includes(ref));
      for (const use of uses) {
        const key = use.path.at(-1) ?? '';
        // A name reference: the whole string is the name, under a key that names a Secret.
        expect(use.value, `${use.file}:${use.path.join('.')}`).toBe(ref);
        expect(key, `${use.file}:${use.path.join('.')} holds a Secret name under an unexpected key`).toMatch(/name|secret|ref/i);
      }
      expect(inventory.includes(`name: ${ref}`) || readme.includes(`\`${ref}\``), `${ref} is referenced but not listed as a required secret`).toBe(true);
    }
  });

  it('keeps free-form landscape text out of Secrets', () => {
    const input = defaultLandscapeInput();
    first(input.spec.projects, 'project').description = 'SENTINEL-DESCRIPTION-1d2e';
    first(input.spec.metalControlPlane.partitions, 'partition').description = 'SENTINEL-PARTITION-3f4a';
    input.spec.extensions = { ...input.spec.extensions, 'shoot-cert-service': { values: { note: 'SENTINEL-VALUES-5b6c' } } };
    const files = distFiles(synthesize(resolveInput(input)));
    for (const use of stringsOf(files).filter((s) => s.value.includes('SENTINEL-'))) {
      expect(use.path.slice(0, 2), `${use.file}: free-form text inside a Secret`).not.toEqual(expect.arrayContaining(['data']));
      expect(use.path).not.toContain('stringData');
    }
  });
});
