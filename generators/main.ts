/** `npm run generate`: regenerates every committed generated input, in dependency order. */
import { relative } from 'node:path';
import { generateCrdBindings } from './crd-bindings.js';
import { generateLandscapeSchema } from './landscape-schema.js';
import { projectRoot } from './upstream.js';

const generators: ReadonlyArray<readonly [string, () => Promise<string[]> | string[]]> = [
  ['typed bindings from upstream CRDs', () => generateCrdBindings()],
  ['landscape JSON Schema', () => generateLandscapeSchema()],
];

for (const [what, generate] of generators) {
  const started = performance.now();
  process.stdout.write(`generating ${what} ... `);
  const files = await generate();
  console.log(`${files.length} files in ${Math.round(performance.now() - started)} ms`);
  for (const file of files) console.log(`  ${relative(projectRoot, file)}`);
}
