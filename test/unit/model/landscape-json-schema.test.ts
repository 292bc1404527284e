import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { LANDSCAPE_SCHEMA_FILE, landscapeJsonSchema } from '../../../generators/landscape-schema.js';
import { projectRoot } from '../../../generators/upstream.js';

const committed = readFileSync(LANDSCAPE_SCHEMA_FILE, 'utf8');
const example = parse(readFileSync(join(projectRoot, 'landscapes', 'default.yaml'), 'utf8')) as Record<string, unknown>;

function editorValidator() {
  const ajv = new Ajv2020.default({ allErrors: true, strict: false });
  addFormats.default(ajv);
  return ajv.compile(JSON.parse(committed) as object);
}

describe('landscapes/landscape.schema.json', () => {
  it('is what `npm run generate` produces from the zod schema (regenerate when the schema changes)', () => {
    expect(committed).toBe(landscapeJsonSchema());
  });

  it('accepts the default example, so editors show no false errors', () => {
    const validate = editorValidator();
    expect(validate(example), JSON.stringify(validate.errors)).toBe(true);
  });

  it('flags an unknown key and a malformed CIDR the way synth does', () => {
    const validate = editorValidator();
    const spec = example.spec as Record<string, Record<string, unknown>>;
    const broken = {
      ...example,
      spec: { ...spec, runtime: { ...spec.runtime, networks: { nodes: '10.0.0.0/33', pods: '10.4.0.0/14', services: '10.8.0.0/20' }, colour: 'blue' } },
    };
    expect(validate(broken)).toBe(false);
    const messages = (validate.errors ?? []).map((e) => `${e.instancePath} ${e.keyword}`);
    expect(messages).toContain('/spec/runtime additionalProperties');
    expect(messages).toContain('/spec/runtime/networks/nodes pattern');
  });
});
