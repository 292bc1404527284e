/**
 * Masterdata followed to what consumes it: the entities the metal-control-plane chart's hook applies
 * with `metalctl <kind> apply` must be metal-api create requests (checked against metal-api's vendored
 * Swagger spec, unknown fields refused because metal-api drops them silently), and the tenant, project
 * and external network the Shoots name must be the ones masterdata-api and metal-api are seeded with.
 */
import { readFileSync } from 'node:fs';
import AjvModule from 'ajv';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { upstreamPath } from '../../../generators/upstream.js';
import { LABEL_NETWORK_DEFAULT, LABEL_NETWORK_DEFAULT_EXTERNAL } from '../../../charts/constructs/metal-masterdata.js';
import { ANNOTATION_CLUSTER_TENANT } from '../../../charts/constructs/metal-tenancy.js';
import { synthesize } from '../../../charts/synth.js';
import { loadLandscapeFile } from '../../../charts/landscape/resolve.js';
import { DEFAULT_LANDSCAPE_FILE } from '../dist/landscape-fixture.js';

const Ajv = AjvModule.default;

interface Swagger {
  definitions: Record<string, Record<string, unknown>>;
}

/**
 * Fields the spec marks required that metal-api never reads from a create request: createNetwork
 * derives the apiv2 network and NAT types from the v1 flags (privatesuper, underlay, nat) —
 * metal-stack/metal-api a405f46 cmd/metal-api/internal/service/network-service.go, lines 414-445.
 */
const NOT_READ: Readonly<Record<string, readonly string[]>> = { 'v1.NetworkCreateRequest': ['networktype', 'nattype'] };

/** Swagger 2.0 definitions as one JSON Schema; objects closed so a misspelt field fails. */
function closedDefinitions(swagger: Swagger): Record<string, unknown> {
  const close = (node: unknown, isPropertyMap = false): unknown => {
    if (Array.isArray(node)) return node.map((item) => close(item));
    if (typeof node !== 'object' || node === null) return node;
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node)) {
      // Swagger's `format: byte/integer` on integers are no JSON Schema formats (a property named format is kept).
      if (key === 'format' && !isPropertyMap) continue;
      out[key] = close(value, key === 'properties' && !isPropertyMap);
    }
    if (!isPropertyMap && out.properties && out.additionalProperties === undefined) out.additionalProperties = false;
    return out;
  };
  const definitions = close(swagger.definitions, true) as Record<string, { required?: string[] }>;
  for (const [name, fields] of Object.entries(NOT_READ)) {
    const definition = definitions[name];
    if (!definition?.required?.some((f) => fields.includes(f))) throw new Error(`${name}: ${fields.join(', ')} no longer required; drop them from NOT_READ`);
    definition.required = definition.required.filter((f) => !fields.includes(f));
  }
  return { definitions };
}

const swagger = JSON.parse(readFileSync(upstreamPath('metal-stack', 'metal-api.swagger.json'), 'utf8')) as Swagger;
const ajv = new Ajv({ allErrors: true, strict: false });
ajv.addSchema(closedDefinitions(swagger), 'metal-api');

const resolved = loadLandscapeFile(DEFAULT_LANDSCAPE_FILE);
const manifests = synthesize(resolved).layers.flatMap((layer) => layer.manifests);
type Values = { metal_api: Record<string, string>; masterdata_api: Record<string, string> };
const release = manifests.find((m) => m.kind === 'HelmRelease' && m.metadata.name === 'metal-control-plane') as unknown as { spec: { values: Values } };
const values = release.spec.values;
const shoots = manifests.filter((m) => m.kind === 'Shoot') as unknown as {
  metadata: { name: string; annotations: Record<string, string> };
  spec: { networking: Record<string, unknown>; provider: { infrastructureConfig: { projectID: string; firewall: { networks: string[] } } } };
}[];

function entities(text: string | undefined): Record<string, unknown>[] {
  return parseAllDocuments(text ?? '').map((doc) => doc.toJS() as Record<string, unknown>);
}

describe('metal-api masterdata of the default landscape', () => {
  const kinds = [
    ['partitions', 'v1.PartitionCreateRequest'],
    ['sizes', 'v1.SizeCreateRequest'],
    ['images', 'v1.ImageCreateRequest'],
    ['networks', 'v1.NetworkCreateRequest'],
    ['filesystemlayouts', 'v1.FilesystemLayoutCreateRequest'],
  ] as const;

  it.each(kinds)('%s are valid %s requests', (key, definition) => {
    const validate = ajv.getSchema(`metal-api#/definitions/${definition}`);
    if (!validate) throw new Error(`metal-api spec has no ${definition}`);
    const list = entities(values.metal_api[key]);
    expect(list.length).toBeGreaterThan(0);
    for (const entity of list) {
      const ok = validate(entity);
      expect(ok ? [] : validate.errors?.map((e) => `${String(entity.id)}${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`)).toEqual([]);
    }
  });

  it('the check refuses a misspelt field', () => {
    const validate = ajv.getSchema('metal-api#/definitions/v1.FilesystemLayoutCreateRequest');
    expect(validate?.({ id: 'x', constraints: { images: {} }, disks: [{ device: '/dev/sda', wipeOnReinstall: true }] })).toBe(false);
  });

  it('covers every size and image of the shooted seeds with exactly one filesystem layout', () => {
    const layouts = entities(values.metal_api.filesystemlayouts) as { constraints: { sizes: string[]; images: Record<string, string> } }[];
    const seeds = resolved.landscape.spec.seeds.shooted;
    for (const seed of seeds) {
      for (const [size, os] of [...seed.workers.map((w) => [w.machineType, w.image.os]), [seed.firewall.size, 'firewall-ubuntu']] as const) {
        expect(
          layouts.filter((l) => l.constraints.sizes.includes(size) && l.constraints.images[os] !== undefined),
          `${size} ${os}`,
        ).toHaveLength(1);
      }
    }
  });

  it('labels the internet network default-external and default, and every firewall joins one such network', () => {
    const networks = entities(values.metal_api.networks) as { id: string; labels?: Record<string, string> }[];
    const external = networks.filter((n) => n.labels?.[LABEL_NETWORK_DEFAULT_EXTERNAL] === '');
    expect(external.map((n) => n.id)).toEqual(['internet']);
    expect(external[0]?.labels?.[LABEL_NETWORK_DEFAULT]).toBe('');
    for (const shoot of shoots) {
      expect(
        shoot.spec.provider.infrastructureConfig.firewall.networks.some((id) => external.some((n) => n.id === id)),
        shoot.metadata.name,
      ).toBe(true);
    }
  });
});

describe('tenant and project the Shoots use', () => {
  const tenantDocs = entities(values.masterdata_api.tenants) as { meta: { id: string; kind: string } }[];
  const projectDocs = entities(values.masterdata_api.projects) as { meta: { id: string; kind: string }; tenant_id: string; name: string }[];

  it('exist in masterdata-api under the provider tenant metal-api runs with', () => {
    expect(shoots.length).toBeGreaterThan(0);
    expect(tenantDocs.map((t) => t.meta)).toEqual([expect.objectContaining({ id: values.masterdata_api.provider_tenant, kind: 'Tenant' })]);
    for (const shoot of shoots) {
      expect(shoot.metadata.annotations[ANNOTATION_CLUSTER_TENANT]).toBe(values.masterdata_api.provider_tenant);
      const project = projectDocs.find((p) => p.meta.id === shoot.spec.provider.infrastructureConfig.projectID);
      expect(project, `metal project of ${shoot.metadata.name}`).toMatchObject({ tenant_id: values.masterdata_api.provider_tenant, meta: { kind: 'Project' } });
    }
    expect(projectDocs.map((p) => p.name)).toContain('metal-system');
  });

  it('leave the node network to provider-metal (no preset networking.nodes)', () => {
    for (const shoot of shoots) expect(shoot.spec.networking, shoot.metadata.name).not.toHaveProperty('nodes');
  });
});
