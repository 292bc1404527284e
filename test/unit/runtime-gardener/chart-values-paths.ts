/**
 * What a vendored Helm chart reads from `.Values`, taken from its templates, so unit tests can check that
 * every value the bundle sets is one the chart uses (a misspelt key is silently ignored by Helm).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Every `.Values.a.b.c` chain in the chart's templates (and helpers), as segment lists. */
export function valuesReadByChart(chartDir: string): string[][] {
  const templates = join(chartDir, 'templates');
  const chains = new Set<string>();
  for (const file of readdirSync(templates, { recursive: true, encoding: 'utf8' })) {
    if (!/\.(yaml|yml|tpl|txt)$/.test(file)) continue;
    const text = readFileSync(join(templates, file), 'utf8');
    for (const match of text.matchAll(/\.Values((?:\.[A-Za-z_][A-Za-z0-9_]*)+)/g)) chains.add(match[1]!.slice(1));
  }
  return [...chains].sort().map((chain) => chain.split('.'));
}

/** Leaf paths of a values tree: objects are descended, lists and scalars are leaves. */
export function leafPaths(values: unknown, prefix: string[] = []): string[][] {
  if (typeof values !== 'object' || values === null || Array.isArray(values) || Object.keys(values).length === 0) return [prefix];
  return Object.entries(values).flatMap(([key, child]) => leafPaths(child, [...prefix, key]));
}

/**
 * Leaf paths of `values` that no template reads: a path counts as read when a template reads it or one
 * of its parents as a whole (`toYaml .Values.config.machineImages`, `range .Values.defaulter`).
 */
export function unreadValues(values: unknown, ...charts: string[][][]): string[] {
  const reads = charts.flat();
  return leafPaths(values)
    .filter((path) => !reads.some((read) => read.length <= path.length && read.every((segment, i) => segment === path[i])))
    .map((path) => path.join('.'));
}
