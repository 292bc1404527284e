/**
 * Validates rendered objects against the openAPIV3Schema of their upstream CRD (read from
 * vendored upstream data). Objects with `properties` and without `x-kubernetes-preserve-unknown-fields` are
 * closed (additionalProperties: false): the API server would silently prune an unknown field, which is
 * a bug in the chart, so the test treats it as one.
 */
import { readFileSync } from 'node:fs';
import AjvModule, { type ErrorObject } from 'ajv';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';
import { upstreamPath } from '../../../generators/upstream.js';

/** The structural-schema keywords this file reads or rewrites; the rest passes through to Ajv as is. */
interface Schema {
  properties?: Record<string, Schema>;
  items?: Schema;
  additionalProperties?: Schema | boolean;
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  [keyword: string]: unknown;
}

/** The part of a CustomResourceDefinition (apiextensions.k8s.io/v1) this file reads. */
interface Crd {
  spec: { group: string; versions: { name: string; storage?: boolean; schema: { openAPIV3Schema: Schema } }[] };
}

function closeObjects(schema: Schema): Schema {
  const copy: Schema = { ...schema };
  if (copy.properties && !copy['x-kubernetes-preserve-unknown-fields'] && copy.additionalProperties === undefined) {
    copy.additionalProperties = false;
  }
  if (copy.properties) copy.properties = Object.fromEntries(Object.entries(copy.properties).map(([key, value]) => [key, closeObjects(value)]));
  if (copy.items) copy.items = closeObjects(copy.items);
  if (copy.additionalProperties && typeof copy.additionalProperties === 'object') copy.additionalProperties = closeObjects(copy.additionalProperties);
  return copy;
}

export function crdValidator(...crdPath: string[]): { version: string; validate: (object: unknown) => string[] } {
  const file = upstreamPath(...crdPath);
  const crd = parse(readFileSync(file, 'utf8')) as Crd;
  const served = crd.spec.versions.find((version) => version.storage) ?? crd.spec.versions[0];
  if (!served) throw new Error(`${file}: spec.versions is empty; expected a CustomResourceDefinition with at least one version`);
  const schema = closeObjects(served.schema.openAPIV3Schema);
  // metadata is validated by the API server's ObjectMeta, not by the CRD schema.
  schema.properties = { ...schema.properties, metadata: { type: 'object' } };
  // CRD schemas use Kubernetes keywords (x-kubernetes-*) and formats (int-or-string) Ajv does not know.
  const ajv = new AjvModule.default({ strict: false, allErrors: true, logger: false });
  addFormats.default(ajv);
  const compiled = ajv.compile(schema);
  return {
    version: `${crd.spec.group}/${served.name}`,
    validate: (object) =>
      compiled(object) ? [] : (compiled.errors ?? []).map((error: ErrorObject) => `${error.instancePath} ${error.message} ${JSON.stringify(error.params)}`),
  };
}
