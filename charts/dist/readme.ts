import type { Synthesis } from '../synth.js';

/** dist/README.md: delivery graph and inventory per layer (owned by the delivery work). */
export function renderDistReadme(synthesis: Synthesis, _files: ReadonlyMap<string, string>): string {
  return `# ${synthesis.input.landscape.metadata.name}\n`;
}
