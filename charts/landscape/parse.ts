import type { z } from 'zod';
import { formatPath, show, type Problem } from './problems.js';
import { landscapeSchema, type Landscape } from './schema/landscape.js';
import { unquotedHint } from './yaml-hints.js';
import type { ScalarSources } from './yaml-walk.js';

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let current: unknown = root;
  for (const segment of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<PropertyKey, unknown>)[segment];
  }
  return current;
}

type AnySchema = z.core.$ZodType;

/** Follows a path through the schema (unwrapping defaults/optionals) to the schema of that field. */
function schemaAt(root: AnySchema, path: readonly PropertyKey[]): AnySchema | undefined {
  let current: AnySchema | undefined = root;
  let remaining = [...path];
  while (current) {
    const def = current._zod.def as unknown as Record<string, unknown> & { type: string };
    if ('innerType' in def && ['default', 'prefault', 'optional', 'nullable', 'readonly', 'catch', 'nonoptional'].includes(def.type)) {
      current = def.innerType as AnySchema;
      continue;
    }
    if (def.type === 'pipe') {
      current = def.in as AnySchema;
      continue;
    }
    const [head, ...rest] = remaining;
    if (head === undefined) return current;
    remaining = rest;
    if (def.type === 'object') current = (def.shape as Record<string, AnySchema>)[String(head)];
    else if (def.type === 'array') current = def.element as AnySchema;
    else if (def.type === 'record') current = def.valueType as AnySchema;
    else return undefined;
  }
  return undefined;
}

/** The field names a strict object or an enum-keyed record at `path` accepts, for "unknown field" messages. */
function acceptedKeys(path: readonly PropertyKey[]): string[] {
  const schema = schemaAt(landscapeSchema, path);
  if (!schema) return [];
  const def = schema._zod.def as unknown as Record<string, unknown> & { type: string };
  if (def.type === 'object') return Object.keys(def.shape as object);
  if (def.type === 'record') {
    const keyDef = (def.keyType as AnySchema)._zod.def as unknown as { type: string; entries?: Record<string, string> };
    if (keyDef.type === 'enum' && keyDef.entries) return Object.values(keyDef.entries);
  }
  return [];
}

function describeIssue(issue: z.core.$ZodIssue, input: unknown, scalars: ScalarSources): Problem {
  const path = formatPath(issue.path);
  const value = valueAt(input, issue.path);
  const hint = unquotedHint(value, scalars.get(path));
  switch (issue.code) {
    case 'unrecognized_keys': {
      const accepted = acceptedKeys(issue.path);
      return {
        path,
        message: `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => JSON.stringify(k)).join(', ')}; ${
          accepted.length > 0 ? `accepted: ${accepted.join(', ')}` : 'see the JSON Schema (landscapes/landscape.schema.json) for the accepted fields'
        }`,
      };
    }
    case 'invalid_type':
      if (value === undefined) return { path, message: `is required (expected ${issue.expected})` };
      if (hint && issue.expected === 'string') return { path, message: hint };
      return { path, message: `got ${show(value)}: expected ${issue.expected}` };
    case 'invalid_value':
      if (hint && issue.values.every((v) => typeof v === 'string'))
        return { path, message: `${hint}; accepted: ${issue.values.map((v) => show(v)).join(', ')}` };
      return { path, message: `got ${show(value)}: expected one of ${issue.values.map((v) => show(v)).join(', ')}` };
    case 'too_small':
    case 'too_big': {
      // Only zod's generic wording is rewritten; custom messages of the schema already say what is accepted.
      if (!/^Too (small|big)/.test(issue.message)) return { path, message: `got ${show(value)}: ${issue.message}` };
      const bound = Number(issue.code === 'too_small' ? issue.minimum : issue.maximum);
      const least = issue.code === 'too_small' ? 'at least' : 'at most';
      if (issue.origin === 'array') return { path, message: `got ${show(value)}: needs ${least} ${bound} entr${bound === 1 ? 'y' : 'ies'}` };
      if (issue.origin === 'string') return { path, message: `got ${show(value)}: must have ${least} ${bound} character${bound === 1 ? '' : 's'}` };
      return { path, message: `got ${show(value)}: must be ${least} ${bound}` };
    }
    default:
      return { path, message: `got ${show(value)}: ${issue.message}` };
  }
}

/**
 * Checks the shape of a landscape; every problem is reported with its path and the value found.
 * `scalars` (from a YAML file) lets a message say what was written where YAML typed an unquoted value.
 */
export function parseLandscape(input: unknown, scalars: ScalarSources = new Map()): { landscape?: Landscape; problems: Problem[] } {
  const result = landscapeSchema.safeParse(input);
  if (result.success) return { landscape: result.data, problems: [] };
  return { problems: result.error.issues.map((issue) => describeIssue(issue, input, scalars)) };
}
