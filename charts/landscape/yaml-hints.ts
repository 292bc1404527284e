import { show, type Problem } from './problems.js';
import type { ScalarSource, ScalarSources } from './yaml-walk.js';

// A leading zero and more digits: YAML 1.2 reads decimal, YAML 1.1 readers (go-yaml v2: Helm, Kubernetes) octal.
const LEADING_ZERO = /^[-+]?0[0-9]+$/;

function octalReading(text: string): number | undefined {
  if (!LEADING_ZERO.test(text) || /[89]/.test(text)) return undefined;
  const octal = parseInt(text, 8);
  return octal === parseInt(text, 10) ? undefined : octal;
}

function typeName(value: unknown): string | undefined {
  if (value === null) return 'null';
  if (typeof value === 'number' || typeof value === 'boolean') return `the ${typeof value} ${String(value)}`;
  return undefined;
}

/**
 * For a value the schema wants as text but YAML typed because it was unquoted (`tag: 1.10` is the
 * number 1.1, `name: no` the boolean false): what YAML read, what was written, and the quoted form.
 */
export function unquotedHint(value: unknown, source: ScalarSource | undefined): string | undefined {
  const read = typeName(value);
  // An empty value (`name:`) is null too, but there is nothing to quote.
  if (!source || !read || source.text === '') return undefined;
  const kind = value === null ? 'null' : `a ${typeof value}`;
  const octal = octalReading(source.text);
  const also = octal === undefined ? '' : `; YAML 1.1 readers read it as octal ${octal}`;
  // A plain scalar YAML typed is a short literal; the bound only guards against a pasted 400-digit number.
  const written = source.text.length > 40 ? `${source.text.slice(0, 39)}…` : source.text;
  return `got ${read} (YAML read the unquoted ${written} as ${kind}${also}): quote it, ${show(source.text)}`;
}

/**
 * Numbers written with a leading zero (`010`) that YAML 1.2, as read here, and YAML 1.1 readers such as
 * Helm read differently (10 vs 8), where no other problem already names the field.
 */
export function ambiguousOctals(scalars: ScalarSources, reported: readonly Problem[]): Problem[] {
  const named = new Set(reported.map((p) => p.path));
  return [...scalars]
    .filter(([path]) => !named.has(path))
    .flatMap(([path, source]) => {
      const octal = octalReading(source.text);
      if (octal === undefined) return [];
      const decimal = parseInt(source.text, 10);
      return [
        {
          path,
          message: `the unquoted ${source.text} is ${decimal} in YAML 1.2 (as read here) but octal ${octal} in YAML 1.1 readers such as Helm; write ${decimal}, or 0o${source.text.replace(/^[-+]?0+/, '')} for octal`,
        },
      ];
    });
}
