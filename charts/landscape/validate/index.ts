import type { Problem } from '../problems.js';
import type { Landscape } from '../schema/landscape.js';
import type { Components } from '../release-vector.js';

/**
 * Semantic checks that the schema cannot express (overlaps, references, duplicates, skew).
 * Each rule is a pure function (landscape) => Problem[]; all rules run, so every problem is reported.
 */
export type Rule = (landscape: Landscape, components: Components) => Problem[];

const rules: Rule[] = [];

export function validateLandscape(landscape: Landscape, components: Components): Problem[] {
  return rules.flatMap((rule) => rule(landscape, components));
}
