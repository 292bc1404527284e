import { Ajv, type ValidateFunction } from 'ajv';
import { createRequire } from 'node:module';
import type { FormatsPlugin } from 'ajv-formats';
import { readUpstreamCrds } from '../../../../generators/crd-bindings.js';
import { kubernetesOpenApiDocuments, type OpenApiDocument } from './kubernetes-openapi.js';

/**
 * Validates manifests against the real schemas: the upstream CRD `openAPIV3Schema` for CRD kinds and
 * the Kubernetes OpenAPI v3 documents for core kinds, with ajv.
 *
 * Kubernetes-specific parts are handled, not dropped:
 * - `x-kubernetes-int-or-string` is enforced (integer or string);
 * - unknown fields fail (like `kubectl --validate=strict` / kubeconform -strict): every object schema
 *   that lists `properties` is closed unless it says `x-kubernetes-preserve-unknown-fields` or
 *   `x-kubernetes-embedded-resource` (the API server would silently prune such fields of a CRD,
 *   which hides typos);
 * - Kubernetes formats (int32, int64, byte, Go durations, ...) are checked.
 * Not evaluated here: `x-kubernetes-validations` (CEL rules) and list-map uniqueness — the
 * integration tests' server-side dry-run against a real kube-apiserver checks those.
 */

const ANNOTATION_KEYWORDS = [
  'x-kubernetes-group-version-kind',
  'x-kubernetes-list-type',
  'x-kubernetes-list-map-keys',
  'x-kubernetes-map-type',
  'x-kubernetes-patch-merge-key',
  'x-kubernetes-patch-strategy',
  'x-kubernetes-unions',
  'x-kubernetes-validations',
  'x-kubernetes-preserve-unknown-fields',
  'x-kubernetes-embedded-resource',
];

/** Go's time.Duration text, e.g. `10m`, `1h30m`, `500ms`. */
const GO_DURATION = /^-?(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$|^0$/;

function kubernetesAjv(): Ajv {
  const ajv = new Ajv({ allErrors: true, strict: true, strictTypes: false, strictRequired: false, validateFormats: true });
  // ajv-formats is CommonJS with `module.exports = plugin`; require() gives the callable plugin under NodeNext.
  const addFormats = createRequire(import.meta.url)('ajv-formats') as FormatsPlugin;
  addFormats(ajv);
  for (const keyword of ANNOTATION_KEYWORDS) ajv.addKeyword({ keyword });
  // OpenAPI documents keep their schemas under components.schemas; refs point into it.
  ajv.addKeyword({ keyword: 'components' });
  ajv.addKeyword({
    keyword: 'x-kubernetes-int-or-string',
    schemaType: 'boolean',
    validate: (enabled: boolean, data: unknown) => !enabled || typeof data === 'string' || Number.isInteger(data),
    errors: false,
  });
  ajv.addFormat('int32', { type: 'number', validate: (n: number) => Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31 });
  ajv.addFormat('int64', { type: 'number', validate: (n: number) => Number.isInteger(n) });
  ajv.addFormat('float', { type: 'number', validate: () => true });
  ajv.addFormat('double', { type: 'number', validate: () => true });
  ajv.addFormat('byte', /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/);
  ajv.addFormat('int-or-string', true);
  ajv.addFormat('duration', GO_DURATION);
  ajv.addFormat('password', true);
  return ajv;
}

/** Closes object schemas that list their properties (see above); returns a transformed copy. */
export function closeObjects(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(closeObjects);
  if (!schema || typeof schema !== 'object') return schema;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema) as [string, unknown][]) {
    // `properties`, `definitions`-like maps hold schemas as values, not keywords.
    if ((key === 'properties' || key === 'patternProperties') && value && typeof value === 'object') {
      out[key] = Object.fromEntries(Object.entries(value).map(([name, s]) => [name, closeObjects(s)]));
    } else if (key === 'default' || key === 'example' || key === 'enum') {
      out[key] = value;
    } else {
      out[key] = closeObjects(value);
    }
  }
  const open = out['x-kubernetes-preserve-unknown-fields'] === true || out['x-kubernetes-embedded-resource'] === true;
  if (out.properties && out.additionalProperties === undefined && !open) out.additionalProperties = false;
  return out;
}

export type GroupVersionKindKey = string;
export const gvkKey = (apiVersion: string, kind: string): GroupVersionKindKey => `${apiVersion}/${kind}`;

export class SchemaCatalog {
  private readonly validators = new Map<GroupVersionKindKey, { source: string; validate: ValidateFunction }>();
  private readonly ajv = kubernetesAjv();
  private readonly objectMeta: ValidateFunction;

  private constructor(crds: Awaited<ReturnType<typeof readUpstreamCrds>>, documents: readonly OpenApiDocument[]) {
    const coreRefs = new Map<GroupVersionKindKey, string>();
    for (const { id, document } of documents) {
      this.ajv.addSchema(closeObjects(document.components ? { components: document.components } : document) as object, id);
      for (const [name, schema] of Object.entries(document.components.schemas)) {
        for (const gvk of (schema['x-kubernetes-group-version-kind'] ?? []) as Array<{ group: string; version: string; kind: string }>) {
          const apiVersion = gvk.group ? `${gvk.group}/${gvk.version}` : gvk.version;
          if (!coreRefs.has(gvkKey(apiVersion, gvk.kind))) coreRefs.set(gvkKey(apiVersion, gvk.kind), `${id}#/components/schemas/${name}`);
        }
      }
    }
    const core = documents.find((d) => d.id.endsWith('/api__v1_openapi.json'));
    if (!core) throw new Error('the Kubernetes OpenAPI documents lack api__v1_openapi.json');
    this.objectMeta = this.ajv.compile({ $ref: `${core.id}#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta` });
    this.lazyCore = coreRefs;
    for (const { source, crd } of crds) {
      for (const version of crd.spec.versions ?? []) {
        const schema = (version as { schema?: { openAPIV3Schema?: object } }).schema?.openAPIV3Schema;
        if (!schema) continue;
        const key = gvkKey(`${crd.spec.group}/${version.name}`, crd.spec.names.kind);
        this.crdSchemas.set(key, { source, schema });
      }
    }
  }

  private readonly lazyCore: Map<GroupVersionKindKey, string>;
  private readonly crdSchemas = new Map<GroupVersionKindKey, { source: string; schema: object }>();

  static async load(): Promise<SchemaCatalog> {
    return new SchemaCatalog(await readUpstreamCrds(), kubernetesOpenApiDocuments());
  }

  /** Where the schema of a kind comes from, or undefined when there is none. */
  sourceOf(apiVersion: string, kind: string): string | undefined {
    const key = gvkKey(apiVersion, kind);
    return this.crdSchemas.get(key) ? `CRD ${this.crdSchemas.get(key)!.source}` : this.lazyCore.has(key) ? 'Kubernetes OpenAPI v3' : undefined;
  }

  private validatorFor(apiVersion: string, kind: string): ValidateFunction | undefined {
    const key = gvkKey(apiVersion, kind);
    const known = this.validators.get(key);
    if (known) return known.validate;
    const crd = this.crdSchemas.get(key);
    if (crd) {
      const validate = this.ajv.compile(closeObjects(crd.schema) as object);
      this.validators.set(key, { source: crd.source, validate });
      return validate;
    }
    const ref = this.lazyCore.get(key);
    if (ref) {
      const validate = this.ajv.compile({ $ref: ref });
      this.validators.set(key, { source: ref, validate });
      return validate;
    }
    return undefined;
  }

  /** Problems of one object against its kind's schema (empty: valid); throws when the kind has no schema. */
  validate(manifest: { apiVersion: string; kind: string; metadata?: unknown }): string[] {
    const validate = this.validatorFor(manifest.apiVersion, manifest.kind);
    if (!validate) throw new Error(`no schema for ${manifest.apiVersion} ${manifest.kind}`);
    const problems: string[] = [];
    if (!validate(manifest)) problems.push(...(validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}${e.params && 'additionalProperty' in e.params ? ` (${String(e.params.additionalProperty)})` : ''}`));
    problems.push(...this.validateMetadata(manifest.metadata));
    return [...new Set(problems)];
  }

  /** CRD schemas leave `metadata` open; every object's metadata is checked against Kubernetes' ObjectMeta. */
  validateMetadata(metadata: unknown): string[] {
    if (this.objectMeta(metadata)) return [];
    return (this.objectMeta.errors ?? []).map((e) => `/metadata${e.instancePath} ${e.message}${e.params && 'additionalProperty' in e.params ? ` (${String(e.params.additionalProperty)})` : ''}`);
  }
}
