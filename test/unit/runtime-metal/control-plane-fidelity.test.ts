// What metal-stack's own deployment (metal-roles v0.28.1, role control-plane/roles/metal, and the
// metal-control-plane chart 0.8.8) needs from the metal-control-plane layer, value by value.
// The rendered-chart integration test (test/integration/rendered-charts.test.ts) follows the same
// values through the real chart.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { synthesize } from '../../../charts/synth.js';
import { releaseVectorDir } from '../../../generators/upstream.js';
import { join } from 'node:path';
import { defaultLandscapeInput, resolveInput } from '../dist/landscape-fixture.js';

type Any = Record<string, any>;

function render(mutate: (input: Any) => void = () => {}) {
  const input = defaultLandscapeInput();
  mutate(input);
  const resolved = resolveInput(input);
  const synthesis = synthesize(resolved);
  const all = synthesis.layers.flatMap((l) => l.manifests) as Any[];
  const find = (kind: string, name: string): Any => {
    const found = all.find((m) => m.kind === kind && m.metadata.name === name);
    if (!found) throw new Error(`no ${kind} ${name}`);
    return found;
  };
  return { resolved, synthesis, all, find, values: find('HelmRelease', 'metal-control-plane').spec.values as Any };
}

const env = (statefulSet: Any, name: string): string | undefined =>
  statefulSet.spec.template.spec.containers.flatMap((c: Any) => c.env ?? []).find((e: Any) => e.name === name)?.value;

describe("metal-control-plane values against metal-stack's deployment", () => {
  const { resolved, find, values, synthesis } = render();

  it('pulls the chart at the OCI tag of the release vector (helm-charts tag v0.8.8, not version 0.8.8)', () => {
    const vector = parse(readFileSync(join(releaseVectorDir, 'v0.22.19.yaml'), 'utf8')) as Any;
    const entry = vector['helm-charts']['metal-stack']['metal-control-plane'];
    expect(entry).toMatchObject({ tag: 'v0.8.8', version: '0.8.8' });
    expect(find('OCIRepository', 'metal-control-plane').spec.ref.tag).toBe(entry.tag);
  });

  it('gives tenant-apiserver (deployed unconditionally by the chart) its image and masterdata-db as database', () => {
    const tenant = resolved.components['tenant-apiserver'];
    expect(values.images.tenant_apiserver).toMatchObject({ image: tenant?.image, tag: tenant?.tag });
    expect(values.tenant_apiserver).toEqual({ db_address: 'masterdata-db', db_port: 5432, db_name: 'masterdata', db_user: 'postgres' });
    expect(find('Service', values.tenant_apiserver.db_address).spec.ports.map((p: Any) => p.port)).toContain(values.tenant_apiserver.db_port);
    expect(env(find('StatefulSet', 'masterdata-db'), 'POSTGRES_DB')).toBe(values.tenant_apiserver.db_name);
    expect(find('HelmRelease', 'metal-control-plane').spec.valuesFrom).toContainEqual({
      kind: 'Secret',
      name: 'masterdata-db',
      valuesKey: 'POSTGRES_PASSWORD',
      targetPath: 'tenant_apiserver.db_password',
    });
  });

  it('switches metal-apiserver off: it needs valkey, OIDC and tokens this bundle does not deploy', () => {
    expect(values.metal_apiserver).toEqual({ enabled: false });
  });

  it('names the databases ipam and masterdata, as metal-roles creates them, on both sides', () => {
    expect(values.ipam.db_name).toBe('ipam');
    expect(env(find('StatefulSet', 'ipam-db'), 'POSTGRES_DB')).toBe('ipam');
    expect(values.masterdata_api.db_name).toBe('masterdata');
    expect(env(find('StatefulSet', 'masterdata-db'), 'POSTGRES_DB')).toBe('masterdata');
  });

  it('serves metal-api under the base path of the URL the CloudProfile and credentials give to clients', () => {
    const endpoint = find('CloudProfile', resolved.landscape.spec.cloudProfile.name).spec.providerConfig.metalControlPlanes[resolved.landscape.metadata.name]
      .endpoint as string;
    expect(endpoint).toBe(`https://${resolved.landscape.spec.metalControlPlane.apiDomain}/metal`);
    // The chart appends `v1/...` to base_path (ingress path, probe, METAL_API_BASE_PATH); clients append `/v1/...` to the URL.
    expect(values.metal_api.base_path).toBe(`${new URL(endpoint).pathname}/`);
    const credentials = synthesis.secrets.filter((s) => s.keys.includes('metalAPIURL'));
    expect(credentials.length).toBeGreaterThan(0);
    for (const secret of credentials) expect(secret.purpose).toContain(`metalAPIURL ${endpoint}`);
  });

  it("terminates TLS on the metal-api ingress with a certificate from the landscape's ClusterIssuer (default ACME)", () => {
    const issuer = find('ClusterIssuer', 'metal-garden-public');
    expect(values.ingress).toEqual({ tls: { enabled: true }, annotations: { 'cert-manager.io/cluster-issuer': issuer.metadata.name } });
    expect(issuer.spec.acme).toEqual({
      server: 'https://acme-v02.api.letsencrypt.org/directory',
      privateKeySecretRef: { name: 'metal-garden-public-acme-account' },
      solvers: [{ http01: { ingress: { ingressClassName: 'nginx' } } }],
    });
  });

  it('reports the metal-stack release and the metalctl minimum version like metal-roles', () => {
    expect(values.metal_api.release_version).toBe('v0.22.19');
    expect(values.metal_api.minimum_client_version).toBe(resolved.components.metalctl?.tag);
  });
});

describe('ClusterIssuer variants', () => {
  it('signs with the platform CA from a required Secret in the cert-manager namespace', () => {
    const { find, values, synthesis } = render((input) => {
      input.spec.prerequisites = { certManager: { clusterIssuer: { type: 'ca', name: 'platform-ca', secretRef: 'platform-ca-key-pair' } } };
    });
    expect(find('ClusterIssuer', 'platform-ca').spec).toEqual({ ca: { secretName: 'platform-ca-key-pair' } });
    expect(values.ingress.annotations['cert-manager.io/cluster-issuer']).toBe('platform-ca');
    expect(synthesis.secrets).toContainEqual(
      expect.objectContaining({ cluster: 'runtime', namespace: 'cert-manager', name: 'platform-ca-key-pair', keys: ['tls.crt', 'tls.key'] }),
    );
  });

  it('uses a given ACME directory and contact', () => {
    const { find } = render((input) => {
      input.spec.prerequisites = {
        certManager: { clusterIssuer: { type: 'acme', server: 'https://acme-staging-v02.api.letsencrypt.org/directory', email: 'ops@example.com' } },
      };
    });
    expect(find('ClusterIssuer', 'metal-garden-public').spec.acme).toMatchObject({
      server: 'https://acme-staging-v02.api.letsencrypt.org/directory',
      email: 'ops@example.com',
    });
  });
});
