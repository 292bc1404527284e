/**
 * Validators for the two userdata formats, from the vendored upstream schemas:
 * - Ignition: coreos/ignition's JSON schema of spec 2.3.0 (generators/upstream/ignition/ignition-v2.3.0.schema.json).
 *   The schema leaves objects open; Ignition itself warns on keys it does not know, so every key of
 *   the config must also be declared by the schema (through `$ref` and `allOf`).
 * - cloud-init: the cloud-config schema Debian's cloud-init 22.4.2 package ships
 *   (generators/upstream/cloud-init/schema-cloud-config-v1.json), applied to the YAML read as
 *   YAML 1.1 like cloud-init's PyYAML does, after checking the `#cloud-config` header.
 * Both schemas declare draft-04, which Ajv 8 does not load; neither uses a keyword whose meaning
 * differs between draft-04 and draft-07 (no `exclusiveMinimum`/`exclusiveMaximum`, no `id`), so the
 * declaration is dropped and Ajv validates with draft-07 semantics.
 */
import { readFileSync } from 'node:fs';
import AjvModule, { type ErrorObject } from 'ajv';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';
import { upstreamPath } from '../../../generators/upstream.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type SchemaNode = { [keyword: string]: Json };

function loadSchema(...path: string[]): SchemaNode {
  const { $schema: _draft04, ...schema } = JSON.parse(readFileSync(upstreamPath(...path), 'utf8')) as SchemaNode;
  return schema;
}

function compile(schema: SchemaNode): (value: unknown) => string[] {
  // The schemas carry annotations Ajv does not know (label, deprecated, changed...), hence strict: false.
  const ajv = new AjvModule.default({ strict: false, allErrors: true, logger: false });
  addFormats.default(ajv);
  const validate = ajv.compile(schema);
  return (value) =>
    validate(value) ? [] : (validate.errors ?? []).map((e: ErrorObject) => `${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`);
}

const ignitionSchema = loadSchema('ignition', 'ignition-v2.3.0.schema.json');
const ignitionAjv = compile(ignitionSchema);

function isObject(value: unknown): value is { [key: string]: Json } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function resolveRef(ref: string): SchemaNode {
  let node: Json = ignitionSchema;
  for (const part of ref.replace(/^#\//, '').split('/')) {
    if (!isObject(node)) throw new Error(`unresolvable $ref ${ref}`);
    node = node[part] ?? null;
  }
  if (!isObject(node)) throw new Error(`unresolvable $ref ${ref}`);
  return node;
}

/** The schemas that apply to one value: the node itself, what it `$ref`s and its `allOf` branches. */
function applicable(node: SchemaNode): SchemaNode[] {
  const ref = node.$ref;
  const own = typeof ref === 'string' ? applicable(resolveRef(ref)) : [node];
  const allOf = Array.isArray(node.allOf) ? node.allOf.filter(isObject).flatMap(applicable) : [];
  return [...own, ...allOf];
}

function undeclaredKeys(node: SchemaNode, value: unknown, at: string): string[] {
  const schemas = applicable(node);
  if (Array.isArray(value)) {
    const items = schemas.map((s) => s.items).filter(isObject);
    return value.flatMap((item, i) => items.flatMap((s) => undeclaredKeys(s, item, `${at}/${i}`)));
  }
  if (!isObject(value)) return [];
  const properties = schemas.map((s) => s.properties).filter(isObject);
  return Object.entries(value).flatMap(([key, child]) => {
    const declared = properties.map((p) => p[key]).filter(isObject);
    if (declared.length === 0) return [`${at}/${key} is not declared by the Ignition 2.3.0 schema`];
    return declared.flatMap((s) => undeclaredKeys(s, child, `${at}/${key}`));
  });
}

/** Problems of an Ignition userdata text; empty when it is valid Ignition 2.3.0. */
export function ignitionProblems(userdata: string): string[] {
  const config = JSON.parse(userdata) as unknown;
  const version = isObject(config) && isObject(config.ignition) ? config.ignition.version : undefined;
  return [
    ...(version === '2.3.0' ? [] : [`/ignition/version is ${JSON.stringify(version)}, expected "2.3.0"`]),
    ...ignitionAjv(config),
    ...undeclaredKeys(ignitionSchema, config, ''),
  ];
}

const cloudConfigAjv = compile(loadSchema('cloud-init', 'schema-cloud-config-v1.json'));

/** Problems of a cloud-init userdata text; empty when it is a valid cloud-config. */
export function cloudConfigProblems(userdata: string): string[] {
  if (!userdata.startsWith('#cloud-config\n')) return ['the first line is not "#cloud-config"'];
  const config = parse(userdata, { version: '1.1' }) as unknown;
  if (!isObject(config)) return ['the document is not a mapping'];
  return cloudConfigAjv(config);
}
