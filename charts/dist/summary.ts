import type { Synthesis } from '../synth.js';

/** What synth prints: objects per cluster and layer, then warnings a reviewer should see. */
export function summarize(synthesis: Synthesis, warnings: readonly string[]): string {
  const lines = [`landscape ${synthesis.input.landscape.metadata.name}:`];
  let total = 0;
  for (const rendered of synthesis.layers) {
    const kinds = new Map<string, number>();
    for (const manifest of rendered.manifests) kinds.set(manifest.kind, (kinds.get(manifest.kind) ?? 0) + 1);
    const detail = [...kinds.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([kind, n]) => `${n} ${kind}`).join(', ');
    lines.push(`  ${rendered.id.padEnd(36)} ${String(rendered.manifests.length).padStart(4)} objects  ${detail}`);
    total += rendered.manifests.length;
  }
  lines.push(`  ${'total'.padEnd(36)} ${String(total).padStart(4)} objects`);
  lines.push(`  ${synthesis.secrets.length} secrets must be provided (dist/required-secrets.yaml)`);
  for (const warning of warnings) lines.push(`warning: ${warning}`);
  return lines.join('\n');
}

/** Layers that render nothing are almost always a mistake in a construct or the landscape. */
export function warningsOf(synthesis: Synthesis): string[] {
  return synthesis.layers.filter((l) => l.manifests.length === 0).map((l) => `layer ${l.id} renders no objects`);
}
