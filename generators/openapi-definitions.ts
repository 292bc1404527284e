/**
 * Turns the component schemas of served OpenAPI v3 documents into the flat, named definitions
 * json2jsii resolves `$ref`s against: only what the chosen kinds reach, each under the TypeScript
 * name it will be emitted as.
 *
 * Pure (documents in, definitions out), so it is unit-tested on small inline schemas; the served
 * documents come from generators/gardener-openapi.ts.
 */
import type { JSONSchema4Type, JSONSchema4TypeName } from 'json-schema';
import { TypeGenerator } from 'json2jsii';

/**
 * The JSON Schema subset Kubernetes' OpenAPI v3 uses; assignable to json2jsii's `JSONSchema4` (from
 * @types/json-schema), so definitions go to its TypeGenerator without a cast.
 */
export interface Schema {
  $ref?: string;
  type?: JSONSchema4TypeName;
  format?: string;
  description?: string;
  properties?: Record<string, Schema>;
  additionalProperties?: Schema | boolean;
  items?: Schema;
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
  enum?: JSONSchema4Type[];
  required?: string[];
  'x-kubernetes-group-version-kind'?: GroupVersionKind[];
  [keyword: string]: unknown;
}

export interface GroupVersionKind {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
}

/** One served document, e.g. `/openapi/v3/apis/core.gardener.cloud/v1beta1`. */
export interface OpenApiDocument {
  readonly components?: { readonly schemas?: Readonly<Record<string, Schema>> };
}

/** A kind to generate: its definition key in the document of its group version. */
export interface KindDefinition extends GroupVersionKind {
  readonly key: string;
}

export interface NamedDefinitions {
  /** Definitions by TypeScript name, `$ref`s rewritten to `#/definitions/<name>`; kinds are not among them. */
  readonly definitions: Record<string, Schema>;
  /** The kind schemas (status dropped), by kind, refs rewritten like the definitions. */
  readonly kinds: ReadonlyMap<string, Schema>;
  /** TypeScript name of every definition key that got one, for tests and provenance. */
  readonly names: ReadonlyMap<string, string>;
}

const COMPONENTS_PREFIX = '#/components/schemas/';

/** cdk8s renders object metadata with its own type; every ObjectMeta reference becomes it. */
export const OBJECT_META = 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';
export const API_OBJECT_METADATA = 'ApiObjectMetadata';

/**
 * metav1.Time is `format: date-time`, which json2jsii types as `Date`; cdk8s' ApiObject refuses to
 * render non-plain objects ("can't render non-simple object of type 'Date'"), so timestamps stay
 * RFC 3339 strings, written exactly as the landscape states them.
 */
const DATE_TIME = 'date-time';

/** Names the generated module declares or imports besides the definitions; a definition must not take them. */
const RESERVED_NAMES = ['ApiObject', API_OBJECT_METADATA, 'GroupVersionKind', 'Construct', 'Date', 'Object', 'Record', 'Array', 'Map', 'Set', 'Error'];

/** Property names json2jsii can turn into identifiers; anything else in a served schema is refused, not emitted into code. */
const PROPERTY_NAME = /^[A-Za-z_$][A-Za-z0-9_$./-]*$/;

/** Finds the definition of a kind by its `x-kubernetes-group-version-kind`; a kind must be served exactly once. */
export function findKind(document: OpenApiDocument, gvk: GroupVersionKind): KindDefinition {
  const matches = Object.entries(document.components?.schemas ?? {})
    .filter(([, schema]) =>
      (schema['x-kubernetes-group-version-kind'] ?? []).some((g) => g.group === gvk.group && g.version === gvk.version && g.kind === gvk.kind),
    )
    .map(([key]) => key);
  if (matches.length !== 1) {
    throw new Error(
      `${gvk.group}/${gvk.version} ${gvk.kind}: expected one schema with that group-version-kind, found ${matches.length ? matches.join(', ') : 'none'}`,
    );
  }
  return { ...gvk, key: matches[0]! };
}

function refKey(ref: string): string {
  if (!ref.startsWith(COMPONENTS_PREFIX)) throw new Error(`unsupported $ref ${ref}: only ${COMPONENTS_PREFIX}<name> is resolved`);
  return ref.slice(COMPONENTS_PREFIX.length);
}

/** Every `$ref` key in a schema, depth first in document order. */
function refsOf(schema: unknown, out: string[] = []): string[] {
  if (Array.isArray(schema)) for (const s of schema) refsOf(s, out);
  else if (schema && typeof schema === 'object') {
    for (const [keyword, value] of Object.entries(schema)) {
      if (keyword === '$ref' && typeof value === 'string') out.push(refKey(value));
      else if (keyword !== 'enum' && keyword !== 'default' && keyword !== 'example') refsOf(value, out);
    }
  }
  return out;
}

/** The kind schema as a construct's props see it: apiVersion and kind come from the GVK, status is the server's. */
function kindPropsSchema(schema: Schema): Schema {
  const { apiVersion: _a, kind: _k, status: _s, ...properties } = schema.properties ?? {};
  const required = (schema.required ?? []).filter((name) => !['apiVersion', 'kind', 'status'].includes(name));
  const props: Schema = { ...schema, properties };
  if (required.length > 0) props.required = required;
  else delete props.required;
  return props;
}

/**
 * Copies of the documents in which the listed properties (`<definition key>.<property>`) are no
 * longer required. kube-openapi calls every Go field without `omitempty` required, also where the
 * server accepts its absence; each entry says why in the module list. An entry no document requires
 * fails, so a relaxation outlives neither a Gardener upgrade that fixes the field nor a typo.
 */
export function relaxRequired(documents: readonly OpenApiDocument[], optional: readonly string[]): OpenApiDocument[] {
  const copies = documents.map((d) => ({ components: { schemas: { ...d.components?.schemas } } }));
  for (const entry of optional) {
    const { pkg: key, name: property } = splitKey(entry);
    let relaxed = false;
    for (const copy of copies) {
      const schema = copy.components.schemas[key];
      if (!schema?.required?.includes(property)) continue;
      copy.components.schemas[key] = { ...schema, required: schema.required.filter((r) => r !== property) };
      relaxed = true;
    }
    if (!relaxed) throw new Error(`${entry} is listed as optional, but no served document requires it`);
  }
  return copies;
}

/** Looks a key up in the documents, requiring documents that both define it to agree. */
function lookup(documents: readonly OpenApiDocument[], key: string): Schema {
  let found: Schema | undefined;
  for (const document of documents) {
    const schema = document.components?.schemas?.[key];
    if (!schema) continue;
    if (found && JSON.stringify(found) !== JSON.stringify(schema)) throw new Error(`${key} differs between the served documents`);
    found = schema;
  }
  if (!found) throw new Error(`$ref to ${key}, which no served document defines`);
  return found;
}

/** Definition keys reachable from the kinds (excluding the kinds themselves and ObjectMeta), in discovery order. */
function reachable(documents: readonly OpenApiDocument[], roots: readonly Schema[], kindKeys: ReadonlySet<string>): Map<string, Schema> {
  const found = new Map<string, Schema>();
  const queue = roots.flatMap((root) => refsOf(root));
  while (queue.length > 0) {
    const key = queue.shift()!;
    if (key === OBJECT_META || kindKeys.has(key) || found.has(key)) continue;
    const schema = lookup(documents, key);
    found.set(key, schema);
    queue.push(...refsOf(schema));
  }
  return found;
}

/** `com.github.gardener.gardener.pkg.apis.core.v1beta1.ShootSpec` → package and Go type name. */
function splitKey(key: string): { pkg: string; name: string } {
  const dot = key.lastIndexOf('.');
  return { pkg: key.slice(0, dot), name: key.slice(dot + 1) };
}

/** `CoreV1Beta1` for a Gardener package, `KubeCoreV1` / `KubeMetaV1` for Kubernetes ones. */
function packageQualifier(pkg: string): string {
  const segments = pkg.split('.');
  const version = segments.at(-1) ?? '';
  const group = segments.at(-2) ?? '';
  // `v1beta1` → `V1Beta1`, `apiextensions-apiserver` → `ApiextensionsApiserver`, as cdk8s pascal-cases versions.
  const pascal = (s: string): string =>
    s.replace(/(^|[-_]|\d)([a-z])/g, (_m, before: string, c: string) => `${/\d/.test(before) ? before : ''}${c.toUpperCase()}`);
  return `${pkg.startsWith('io.k8s.') ? 'Kube' : ''}${pascal(group)}${pascal(version)}`;
}

/**
 * TypeScript names: the Go type name (normalized the way json2jsii requires, `DNS` → `Dns`). When
 * several reachable types share one, the type from the package of the module's kinds keeps it (in
 * the order the kinds are listed), then other packages of the API's own project, then Kubernetes';
 * the others are qualified with their package (`KubeCoreV1Toleration`), so names never depend on
 * which type json2jsii happens to meet first.
 */
export function assignNames(keys: readonly string[], kindPackages: readonly string[], reserved: readonly string[]): Map<string, string> {
  const rank = (pkg: string): number => {
    const own = kindPackages.indexOf(pkg);
    if (own >= 0) return own;
    return pkg.startsWith('io.k8s.') ? kindPackages.length + 1 : kindPackages.length;
  };
  const byName = new Map<string, string[]>();
  for (const key of keys) {
    const name = TypeGenerator.normalizeTypeName(splitKey(key).name);
    byName.set(name, [...(byName.get(name) ?? []), key]);
  }
  const names = new Map<string, string>();
  const taken = new Set(reserved);
  for (const [name, candidates] of byName) {
    const ordered = [...candidates].sort((a, b) => rank(splitKey(a).pkg) - rank(splitKey(b).pkg) || (a < b ? -1 : a > b ? 1 : 0));
    ordered.forEach((key, i) => {
      const chosen = i === 0 && !taken.has(name) ? name : TypeGenerator.normalizeTypeName(`${packageQualifier(splitKey(key).pkg)}${name}`);
      if (taken.has(chosen) || [...names.values()].includes(chosen))
        throw new Error(`type name ${chosen} (for ${key}) is taken twice; extend packageQualifier()`);
      names.set(key, chosen);
    });
  }
  return names;
}

/**
 * Rewrites one schema for json2jsii: single-`$ref` `allOf` wrappers (how kube-openapi attaches a
 * description to a reference) become plain `$ref`s, which json2jsii follows (it ignores `allOf`);
 * refs point at `#/definitions/<TypeScript name>`; `date-time` formats are dropped (see DATE_TIME).
 */
export function rewriteSchema(schema: Schema, names: ReadonlyMap<string, string>, where: string): Schema {
  const rewrite = (node: Schema, path: string): Schema => {
    let current: Schema = { ...node };
    const wrapped = current.allOf;
    if (wrapped?.length === 1 && wrapped[0]?.$ref && Object.keys(wrapped[0]).length === 1) {
      const { allOf: _allOf, ...rest } = current;
      current = { ...rest, $ref: wrapped[0].$ref };
    }
    if (current.$ref) {
      const key = refKey(current.$ref);
      const name = key === OBJECT_META ? API_OBJECT_METADATA : names.get(key);
      if (!name) throw new Error(`${path}: $ref to ${key} has no generated name`);
      current.$ref = `#/definitions/${name}`;
    }
    if (current.format === DATE_TIME) delete current.format;
    if (current.properties) {
      current.properties = Object.fromEntries(
        Object.entries(current.properties).map(([name, value]) => {
          if (!PROPERTY_NAME.test(name)) throw new Error(`${path}: property name ${JSON.stringify(name)} cannot become an identifier`);
          return [name, rewrite(value, `${path}.${name}`)];
        }),
      );
    }
    if (current.items) current.items = rewrite(current.items, `${path}[]`);
    if (current.additionalProperties && typeof current.additionalProperties === 'object')
      current.additionalProperties = rewrite(current.additionalProperties, `${path}{}`);
    for (const keyword of ['allOf', 'oneOf', 'anyOf'] as const) {
      const options = current[keyword];
      if (options) current[keyword] = options.map((option, i) => rewrite(option, `${path}.${keyword}[${i}]`));
    }
    return current;
  };
  return rewrite(schema, where);
}

/**
 * The definitions the given kinds reach, named and rewritten. `documents` are the served documents
 * the kinds come from (a `$ref` may be resolved in any of them; shared keys must agree).
 */
export function namedDefinitions(documents: readonly OpenApiDocument[], kinds: readonly KindDefinition[], reserved: readonly string[] = []): NamedDefinitions {
  const kindKeys = new Set(kinds.map((k) => k.key));
  const propsSchemas = kinds.map((k) => kindPropsSchema(lookup(documents, k.key)));
  const found = reachable(documents, propsSchemas, kindKeys);
  const kindPackages = [...new Set(kinds.map((k) => splitKey(k.key).pkg))];
  const names = assignNames([...found.keys()], kindPackages, [...RESERVED_NAMES, ...reserved]);
  const definitions: Record<string, Schema> = {};
  for (const [key, schema] of found) definitions[names.get(key)!] = rewriteSchema(schema, names, key);
  const rewrittenKinds = new Map(kinds.map((k, i) => [k.kind, rewriteSchema(propsSchemas[i]!, names, k.key)]));
  return { definitions, kinds: rewrittenKinds, names };
}
