import type { z } from 'zod';
import { formatPath, show, type Problem } from './problems.js';
import { landscapeSchema, type Landscape } from './schema/landscape.js';

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let current: unknown = root;
  for (const segment of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<PropertyKey, unknown>)[segment];
  }
  return current;
}

function describeIssue(issue: z.core.$ZodIssue, input: unknown): Problem {
  const path = formatPath(issue.path);
  const value = valueAt(input, issue.path);
  switch (issue.code) {
    case 'unrecognized_keys':
      return {
        path: path || '(root)',
        message: `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => JSON.stringify(k)).join(', ')}; see the JSON Schema (landscapes/landscape.schema.json) for the accepted fields`,
      };
    case 'invalid_type':
      if (value === undefined) return { path, message: `is required (expected ${issue.expected})` };
      return { path, message: `got ${show(value)}: expected ${issue.expected}` };
    case 'invalid_value':
      return { path, message: `got ${show(value)}: expected one of ${issue.values.map((v) => show(v)).join(', ')}` };
    default:
      return { path, message: `got ${show(value)}: ${issue.message}` };
  }
}

/** Checks the shape of a landscape; every problem is reported with its path and the value found. */
export function parseLandscape(input: unknown): { landscape?: Landscape; problems: Problem[] } {
  const result = landscapeSchema.safeParse(input);
  if (result.success) return { landscape: result.data, problems: [] };
  return { problems: result.error.issues.map((issue) => describeIssue(issue, input)) };
}
