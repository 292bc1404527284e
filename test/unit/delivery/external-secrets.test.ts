import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { projectRoot } from '../../../generators/upstream.js';
import { synthesize } from '../../../charts/synth.js';
import { distFiles } from '../../../charts/dist/files.js';
import { externalSecretFor } from '../../../charts/delivery/secrets/external-secrets.js';
import type { RequiredSecret } from '../../../charts/clusters/secret-inventory.js';
import type { LandscapeInput } from '../../../charts/landscape/schema/landscape.js';
import { SchemaCatalog } from '../dist/schemas/validator.js';
import { crdValidator } from '../runtime-gardener/crd-schema.js';
import { defaultLandscapeInput, resolveInput } from '../dist/landscape-fixture.js';

/**
 * spec.delivery.secrets.mode external-secrets: dist/ holds one ExternalSecret per runtime Secret a
 * layer reads, valid against the vendored ESO CRD, in the folder of the first layer that reads it;
 * the Git credentials and the virtual garden's Secrets stay manual and are said to.
 */

interface ExternalSecretObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace: string };
  spec: {
    secretStoreRef: { kind: string; name: string };
    refreshInterval: string;
    target: {
      name: string;
      creationPolicy: string;
      deletionPolicy: string;
      template?: { metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> } };
    };
    data: Array<{ secretKey: string; remoteRef: { key: string; property: string } }>;
  };
}

interface InventoryEntry {
  cluster: string;
  namespace: string;
  name: string;
  keys: string[];
  readBy?: string[];
  deliveredBy?: string;
}

type SecretsInput = LandscapeInput['spec']['delivery']['secrets'];

function esoInput(secrets: SecretsInput = { mode: 'external-secrets', clusterSecretStore: 'platform-vault' }): LandscapeInput {
  const input = defaultLandscapeInput();
  input.spec.delivery.secrets = secrets;
  return input;
}

const distOf = (input: LandscapeInput) => distFiles(synthesize(resolveInput(input)));

function externalSecrets(files: ReadonlyMap<string, string>): Array<{ file: string; object: ExternalSecretObject }> {
  return [...files]
    .filter(([file]) => /\/externalsecret\.[^/]+\.yaml$/.test(file))
    .map(([file, content]) => ({ file, object: parse(content) as ExternalSecretObject }));
}

const inventory = (files: ReadonlyMap<string, string>) => (parse(files.get('required-secrets.yaml') ?? '') as { secrets: InventoryEntry[] }).secrets;

let catalog: SchemaCatalog;
beforeAll(async () => {
  catalog = await SchemaCatalog.load();
}, 120_000);

const files = distOf(esoInput());
const rendered = externalSecrets(files);
const required = inventory(files);

describe('secrets mode external-secrets', () => {
  it('renders ExternalSecrets valid against the vendored external-secrets.io/v1 CRD', () => {
    expect(rendered.length).toBeGreaterThan(5);
    for (const { file, object } of rendered) {
      expect(catalog.sourceOf(object.apiVersion, object.kind), file).toMatch(/^CRD external-secrets\/crds\/external-secrets\.io_externalsecrets\.yaml$/);
      expect(catalog.validate(object), file).toEqual([]);
    }
  });

  it('delivers exactly the runtime Secrets a layer reads, each in the folder of its first reader, with its keys', () => {
    const deliverable = required.filter((s) => s.cluster === 'runtime' && (s.readBy?.length ?? 0) > 0);
    expect(deliverable.length).toBeGreaterThan(5);
    expect(rendered.map(({ object }) => `${object.metadata.namespace}/${object.metadata.name}`).sort()).toEqual(
      deliverable.map((s) => `${s.namespace}/${s.name}`).sort(),
    );
    for (const secret of deliverable) {
      const found = rendered.find(({ object }) => object.metadata.namespace === secret.namespace && object.metadata.name === secret.name);
      expect(found?.file.startsWith(`${secret.readBy?.[0]}/`), `${secret.namespace}/${secret.name} in ${found?.file}`).toBe(true);
      const object = found!.object;
      expect(object.spec.target.name).toBe(secret.name);
      expect(object.spec.secretStoreRef).toEqual({ kind: 'ClusterSecretStore', name: 'platform-vault' });
      expect(object.spec.refreshInterval).toBe('1h');
      expect(object.spec.data).toEqual(
        secret.keys.map((key) => ({ secretKey: key, remoteRef: { key: `metal-garden/fra/runtime/${secret.namespace}/${secret.name}`, property: key } })),
      );
      expect(secret.deliveredBy).toMatch(/^external-secrets: /);
    }
  });

  it('lists each ExternalSecret in its folder’s kustomization.yaml', () => {
    for (const { file } of rendered) {
      const folder = file.slice(0, file.lastIndexOf('/'));
      const kustomization = parse(files.get(`${folder}/kustomization.yaml`) ?? '') as { resources: string[] };
      expect(kustomization.resources).toContain(file.slice(folder.length + 1));
    }
  });

  it('never deletes the Secret with the ExternalSecret: Orphan (no ownerReference), Retain when the key leaves the store', () => {
    for (const { object } of rendered) expect(object.spec.target).toMatchObject({ creationPolicy: 'Orphan', deletionPolicy: 'Retain' });
  });

  it('leaves the Git credentials and the virtual garden’s Secrets manual, and says why', () => {
    expect([...files.keys()].filter((file) => file.startsWith('virtual-garden/') && file.includes('/externalsecret.'))).toEqual([]);
    const manual = required.filter((s) => s.cluster === 'virtual-garden' || !s.readBy);
    expect(manual.map((s) => s.name)).toContain('landscape-git-credentials');
    expect(manual.some((s) => s.cluster === 'virtual-garden')).toBe(true);
    for (const secret of manual) expect(secret.deliveredBy, `${secret.cluster}/${secret.namespace}/${secret.name}`).toMatch(/^manual: /);
    const readme = files.get('README.md') ?? '';
    expect(readme).toContain('External Secrets Operator and its CRDs must be installed in the runtime cluster');
    for (const secret of manual) expect(readme).toContain(`- \`${secret.cluster}:${secret.namespace}/${secret.name}\``);
  });

  it('follows refreshInterval and remoteKeyPrefix', () => {
    const custom = externalSecrets(
      distOf(esoInput({ mode: 'external-secrets', clusterSecretStore: 'vault', refreshInterval: '15m', remoteKeyPrefix: 'platform/fra-prod' })),
    );
    expect(custom.length).toBe(rendered.length);
    for (const { object } of custom) {
      expect(object.spec.refreshInterval).toBe('15m');
      expect(object.spec.secretStoreRef.name).toBe('vault');
      for (const entry of object.spec.data) expect(entry.remoteRef.key).toBe(`platform/fra-prod/runtime/${object.metadata.namespace}/${object.metadata.name}`);
    }
  });

  it('gives the Secret the labels and annotations its consumer selects it by', () => {
    const secret: RequiredSecret = {
      cluster: 'runtime',
      namespace: 'garden',
      name: 'internal-domain',
      keys: ['serviceaccount.json'],
      purpose: 'test',
      labels: { 'gardener.cloud/role': 'internal-domain' },
      annotations: { 'dns.gardener.cloud/provider': 'google-clouddns', 'dns.gardener.cloud/domain': 'internal.example.com' },
      layers: ['runtime/garden'],
    };
    const object = externalSecretFor(secret, {
      clusterSecretStore: 'vault',
      refreshInterval: '1h',
      remoteKeyPrefix: 'metal-garden/x/',
    }) as unknown as ExternalSecretObject;
    expect(catalog.validate(object)).toEqual([]);
    expect(object.spec.target.template).toEqual({ metadata: { labels: secret.labels, annotations: secret.annotations } });
    expect(object.spec.data).toEqual([
      { secretKey: 'serviceaccount.json', remoteRef: { key: 'metal-garden/x/runtime/garden/internal-domain', property: 'serviceaccount.json' } },
    ]);
  });

  it('is deterministic', () => {
    expect([...distOf(esoInput())]).toEqual([...files]);
  });

  it('changes nothing in manual mode: no ExternalSecret, no deliveredBy', () => {
    const manual = distOf(defaultLandscapeInput());
    expect(externalSecrets(manual)).toEqual([]);
    expect(inventory(manual).every((s) => s.deliveredBy === undefined)).toBe(true);
    expect(manual.get('README.md')).not.toContain('External Secrets Operator');
  });

  it('README’s External Secrets section: the landscape snippet resolves and the ClusterSecretStore example is valid against the vendored CRD', () => {
    const readme = readFileSync(join(projectRoot, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('### External Secrets'), readme.indexOf('## Layout'));
    // A block inside a numbered step is indented like the step's text: the fence's indentation comes off every line.
    const blocks = [...section.matchAll(/^( *)```yaml\n([\s\S]*?)^ *```/gm)].map(
      (m) => parse((m[2] ?? '').replace(new RegExp(`^${m[1] ?? ''}`, 'gm'), '')) as Record<string, unknown>,
    );
    const snippet = blocks.find((b) => 'spec' in b && !('kind' in b)) as { spec: { delivery: { secrets: SecretsInput } } } | undefined;
    const store = blocks.find((b) => b.kind === 'ClusterSecretStore') as { apiVersion: string; kind: string; metadata: unknown } | undefined;
    expect(snippet && store).toBeTruthy();
    const fromReadme = externalSecrets(distOf(esoInput(snippet!.spec.delivery.secrets)));
    expect(fromReadme.map(({ file }) => file)).toEqual(rendered.map(({ file }) => file));
    expect(fromReadme[0]?.object.spec.secretStoreRef.name).toBe('platform-vault');
    // The ClusterSecretStore CRD uses the `example` keyword, which the strict catalog refuses; crdValidator (closed objects, non-strict keywords) reads it.
    const storeSchema = crdValidator('external-secrets', 'crds', 'external-secrets.io_clustersecretstores.yaml');
    expect(storeSchema.version).toBe(store!.apiVersion);
    expect(storeSchema.validate(store)).toEqual([]);
    expect(
      storeSchema.validate({
        ...store!,
        spec: {
          provider: { vault: { server: 'https://v', path: 'secret', version: 'v2', auth: { kubernetes: { role: 'r', serviceAccountRef: { nam: 'x' } } } } },
        },
      }),
    ).not.toEqual([]);
  });
});
