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

type Schema = Record<string, any>;

function closeObjects(schema: Schema): Schema {
  const copy: Schema = { ...schema };
  if (copy.properties && !copy['x-kubernetes-preserve-unknown-fields'] && copy.additionalProperties === undefined) {
    copy.additionalProperties = false;
  }
  if (copy.properties) copy.properties = Object.fromEntries(Object.entries(copy.properties as Schema).map(([key, value]) => [key, closeObjects(value)]));
  if (copy.items) copy.items = closeObjects(copy.items);
  if (copy.additionalProperties && typeof copy.additionalProperties === 'object') copy.additionalProperties = closeObjects(copy.additionalProperties);
  return copy;
}

export function crdValidator(...crdPath: string[]): { version: string; validate: (object: unknown) => string[] } {
  const crd = parse(readFileSync(upstreamPath(...crdPath), 'utf8'));
  const served = (crd.spec.versions as Schema[]).find((version) => version.storage) ?? crd.spec.versions[0];
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
