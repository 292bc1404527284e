import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { loadLandscapeFile } from '../../../charts/landscape/resolve.js';
import { synthesize } from '../../../charts/synth.js';
import { prerequisitesLayer } from '../../../charts/clusters/runtime/prerequisites.js';
import { metalDatabasesLayer } from '../../../charts/clusters/runtime/metal-databases.js';
import { metalControlPlaneLayer } from '../../../charts/clusters/runtime/metal-control-plane.js';
import { imageEntity, networkEntity, partitionEntity, sizeEntity } from '../../../charts/constructs/metal-masterdata.js';

const root = join(fileURLToPath(new URL('.', import.meta.url)), '../../..');
const input = loadLandscapeFile(join(root, 'landscapes/default.yaml'));
const spec = input.landscape.spec;
const synthesis = synthesize(input, [prerequisitesLayer, metalDatabasesLayer, metalControlPlaneLayer]);
const all = synthesis.layers.flatMap((layer) => layer.manifests);
type Any = Record<string, any>;

function find(kind: string, name: string): Any {
  const found = all.find((m) => m.kind === kind && m.metadata.name === name);
  if (!found) throw new Error(`no ${kind} ${name}`);
  return found;
}

/** Every Secret name a manifest points at: env/envFrom refs, secret volumes (also projected), HelmRelease valuesFrom. */
function referencedSecrets(value: unknown, namespace: string | undefined, out: Set<string>): void {
  if (Array.isArray(value)) return value.forEach((v) => referencedSecrets(v, namespace, out));
  if (typeof value !== 'object' || value === null) return;
  const object = value as Any;
  if (object.secretKeyRef?.name) out.add(`${namespace}/${object.secretKeyRef.name}`);
  if (object.secretRef?.name) out.add(`${namespace}/${object.secretRef.name}`);
  if (typeof object.secretName === 'string' && !('issuerRef' in object)) out.add(`${namespace}/${object.secretName}`);
  if (object.secret?.name) out.add(`${namespace}/${object.secret.name}`);
  if (object.kind === 'Secret' && typeof object.name === 'string' && 'valuesKey' in object) out.add(`${namespace}/${object.name}`);
  // Flux post-renderer patches are YAML strings; their volumes point at Secrets too.
  if (typeof object.patch === 'string')
    referencedSecrets(
      parseAllDocuments(object.patch).map((d) => d.toJS()),
      namespace,
      out,
    );
  for (const child of Object.values(object)) referencedSecrets(child, namespace, out);
}

describe('runtime prerequisites and metal control plane of the default landscape', () => {
  it('creates the namespaces', () => {
    const namespaces = all.filter((m) => m.kind === 'Namespace').map((m) => m.metadata.name);
    expect(namespaces).toEqual(expect.arrayContaining(['garden', 'cert-manager', 'ingress-nginx', spec.metalControlPlane.namespace]));
  });

  it('pins cert-manager and ingress-nginx to the release vector (its complement), CRDs from the chart', () => {
    const certManager = find('HelmRelease', 'cert-manager');
    expect(certManager.spec.chart.spec.version).toBe(input.components['cert-manager']?.version);
    expect(certManager.spec.values.crds.enabled).toBe(true);
    expect(find('HelmRepository', 'cert-manager').spec.url).toBe('https://charts.jetstack.io');
    const ingress = find('HelmRelease', 'ingress-nginx');
    expect(ingress.spec.chart.spec.version).toBe(input.components['ingress-nginx']?.version);
    expect(find('HelmRepository', 'ingress-nginx').spec.url).toBe('https://kubernetes.github.io/ingress-nginx');
  });

  it('exposes TCP 4150, 5222 and 50051 to existing metal services and allows ssl-passthrough', () => {
    const values = find('HelmRelease', 'ingress-nginx').spec.values;
    expect(values.controller.extraArgs['enable-ssl-passthrough']).toBe('');
    expect(values.controller.replicaCount).toBe(spec.prerequisites.ingressNginx.replicas);
    const ns = spec.metalControlPlane.namespace;
    expect(values.tcp).toEqual({ '4150': `${ns}/nsqd:4150`, '5222': `${ns}/metal-console:10001`, '50051': `${ns}/metal-api:50051` });
    // nsqd is ours; metal-api and metal-console come from the chart (ports.metal_api_grpc, ports.metal_console).
    expect(find('Service', 'nsqd').spec.ports).toContainEqual(expect.objectContaining({ port: 4150 }));
  });

  it('pins the metal-control-plane chart and images from the release vector', () => {
    const chart = input.components['metal-control-plane'];
    const source = find('OCIRepository', 'metal-control-plane');
    expect(source.spec.url).toBe(`oci://${chart?.chart}`);
    // The OCI tag metal-stack publishes the chart under (helm-charts `tag`), not the chart version.
    expect(source.spec.ref.tag).toBe(chart?.chartTag);
    const images = find('HelmRelease', 'metal-control-plane').spec.values.images;
    for (const [key, component] of [
      ['metal_api', 'metal-api'],
      ['masterdata_api', 'masterdata-api'],
      ['tenant_apiserver', 'tenant-apiserver'],
      ['ipam', 'ipam'],
      ['metal_console', 'metal-console'],
      ['metalctl', 'metalctl'],
    ] as const) {
      expect(images[key]).toMatchObject({ image: input.components[component]?.image, tag: input.components[component]?.tag });
    }
    const image = (name: string) => `${input.components[name]?.image}:${input.components[name]?.tag}`;
    const containerImages = (name: string) =>
      [...find('StatefulSet', name).spec.template.spec.containers, ...(find('StatefulSet', name).spec.template.spec.initContainers ?? [])].map(
        (c: Any) => c.image,
      );
    expect(containerImages('metal-db')).toEqual(expect.arrayContaining([image('metal-db'), image('backup-restore-sidecar')]));
    expect(containerImages('ipam-db')).toContain(image('ipam-db'));
    expect(containerImages('masterdata-db')).toContain(image('masterdata-db'));
    expect(containerImages('nsqd')).toEqual([image('nsq')]);
  });

  it('carries the landscape masterdata in the chart values', () => {
    const values = find('HelmRelease', 'metal-control-plane').spec.values;
    const docs = (text: string) => parseAllDocuments(text).map((d) => d.toJS());
    const mcp = spec.metalControlPlane;
    expect(docs(values.metal_api.partitions)).toEqual(mcp.partitions.map((p) => partitionEntity(p)));
    expect(docs(values.metal_api.images)).toEqual(mcp.images.map(imageEntity));
    expect(docs(values.metal_api.sizes)).toEqual(mcp.sizes.map(sizeEntity));
    expect(docs(values.metal_api.networks)).toEqual(mcp.networks.map((n) => networkEntity(n, mcp.partitions)));
    expect(docs(values.metal_api.images).map((i: Any) => i.id)).toContain(spec.cloudProfile.firewall.images[0]);
    expect(values.ingress_public_dns).toBe(mcp.apiDomain);
  });

  it('configures backups from the landscape and stores data on the landscape storage class', () => {
    const backup = spec.metalControlPlane.databases.backup;
    for (const name of ['metal-db', 'ipam-db', 'masterdata-db']) {
      const config = parseAllDocuments(find('ConfigMap', `${name}-backup-restore-sidecar`).data['config.yaml'])[0]?.toJS();
      expect(config).toMatchObject({ 'backup-provider': backup.provider, 'gcp-bucket-name': backup.bucketName, 'backup-cron-schedule': backup.schedule });
      const claim = find('StatefulSet', name).spec.volumeClaimTemplates[0];
      expect(claim.spec.storageClassName).toBe(spec.metalControlPlane.databases.storageClass);
      expect(claim.spec.resources.requests.storage).toBe(spec.metalControlPlane.databases.storageSize);
    }
  });

  it('runs every workload as non-root with resource requests', () => {
    for (const workload of all.filter((m) => m.kind === 'StatefulSet' || m.kind === 'Deployment') as Any[]) {
      const pod = workload.spec.template.spec;
      expect(pod.securityContext.runAsNonRoot, workload.metadata.name).toBe(true);
      for (const container of [...pod.containers, ...(pod.initContainers ?? [])]) {
        expect(container.securityContext.allowPrivilegeEscalation, `${workload.metadata.name}/${container.name}`).toBe(false);
        expect(container.resources.requests, `${workload.metadata.name}/${container.name}`).toBeDefined();
      }
    }
  });

  it('issues the control-plane certificates from a cert-manager CA', () => {
    const ca = find('Certificate', 'metal-ca');
    expect(ca.spec.isCA).toBe(true);
    expect(find('Issuer', 'metal-ca').spec.ca.secretName).toBe(ca.spec.secretName);
    const leaves = all.filter((m) => m.kind === 'Certificate' && m.metadata.name !== 'metal-ca') as Any[];
    expect(leaves.map((c) => c.metadata.name).sort()).toEqual([
      'masterdata-api-client',
      'masterdata-api-server',
      'metal-api-grpc-server',
      'nsq-client',
      'nsqd-server',
    ]);
    expect(leaves.every((c) => c.spec.issuerRef.name === 'metal-ca')).toBe(true);
    expect(find('Certificate', 'metal-api-grpc-server').spec.dnsNames).toContain(spec.metalControlPlane.apiDomain);
  });

  it('renders no Secret and references only Secrets that are in the inventory or made by cert-manager', () => {
    expect(all.filter((m) => m.kind === 'Secret')).toEqual([]);
    const referenced = new Set<string>();
    for (const manifest of all) referencedSecrets(manifest, manifest.metadata.namespace, referenced);
    const issued = all.filter((m) => m.kind === 'Certificate').map((m) => `${m.metadata.namespace}/${(m as Any).spec.secretName}`);
    const inventory = synthesis.secrets.filter((s) => s.cluster === 'runtime').map((s) => `${s.namespace}/${s.name}`);
    const provided = new Set([...issued, ...inventory]);
    const missing = [...referenced].filter((name) => !provided.has(name));
    const ns = spec.metalControlPlane.namespace;
    expect([...referenced]).toEqual(
      expect.arrayContaining(
        ['metal-api-grpc-server-tls', 'masterdata-api-client-tls', 'masterdata-api-server-tls', 'nsq-client-tls', 'metal-db', 'metal-api-hmac'].map(
          (n) => `${ns}/${n}`,
        ),
      ),
    );
    expect(missing).toEqual([]);
    expect(inventory).toEqual(expect.arrayContaining([`${spec.metalControlPlane.namespace}/${spec.metalControlPlane.databases.backup.secretRef}`]));
    const backupSecret = synthesis.secrets.find((s) => s.name === spec.metalControlPlane.databases.backup.secretRef);
    expect(backupSecret?.keys).toEqual(['projectID', 'serviceaccount.json']);
  });

  it('renders no metal objects and no TCP ports when the metal control plane is disabled', () => {
    const disabled = { ...input, landscape: { ...input.landscape, spec: { ...spec, metalControlPlane: { ...spec.metalControlPlane, enabled: false } } } };
    const result = synthesize(disabled, [prerequisitesLayer, metalDatabasesLayer, metalControlPlaneLayer]);
    const [prereq, databases, controlPlane] = result.layers;
    expect(databases?.manifests).toEqual([]);
    expect(controlPlane?.manifests).toEqual([]);
    expect(prereq?.manifests.find((m) => m.kind === 'HelmRelease' && m.metadata.name === 'ingress-nginx')).not.toHaveProperty('spec.values.tcp');
  });
});
