/** Helm values: a YAML tree; what `values:` of a HelmRelease or an `Extension` deployment carries. */
export type HelmValues = Record<string, unknown>;

function isTree(value: unknown): value is HelmValues {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Merges `override` over `base` the way Helm merges values files: objects merge key by key, anything
 * else (scalars, lists) in `override` replaces what `base` has. Neither input is modified.
 */
export function mergeValues(base: HelmValues, override: HelmValues): HelmValues {
  const merged: HelmValues = { ...base };
  for (const [key, value] of Object.entries(override)) {
    const current = merged[key];
    merged[key] = isTree(current) && isTree(value) ? mergeValues(current, value) : value;
  }
  return merged;
}
