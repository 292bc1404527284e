/**
 * Writes `landscapes/landscape.schema.json`, the JSON Schema editors use to complete and check
 * landscape YAML files. It is derived from the same zod schema synth validates with, so the two
 * cannot drift; the committed file is checked against a fresh generation in the tests.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import { landscapeSchema } from '../charts/landscape/schema/landscape.js';
import { projectRoot } from './upstream.js';

export const LANDSCAPE_SCHEMA_FILE = join(projectRoot, 'landscapes', 'landscape.schema.json');

/** The JSON Schema of what users write (input side: defaults are optional). */
export function landscapeJsonSchema(): string {
  const schema = z.toJSONSchema(landscapeSchema, { io: 'input', target: 'draft-2020-12' });
  const document = {
    ...schema,
    $id: 'https://metal-stack.io/schemas/metal-garden/landscape-v1alpha1.json',
    title: 'metal-garden Landscape',
    description: 'One landscape of Gardener on metal-stack; see DESIGN.md §3.',
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}

export function generateLandscapeSchema(file: string = LANDSCAPE_SCHEMA_FILE): string[] {
  writeFileSync(file, landscapeJsonSchema());
  return [file];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const file of generateLandscapeSchema()) console.log(`wrote ${file}`);
}
