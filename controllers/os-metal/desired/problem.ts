/**
 * What is wrong with an OperatingSystemConfig, precisely enough to fix it: the field, the value
 * found there and what would be accepted. The actuator writes `formatProblems` into `lastError`.
 */
export interface Problem {
  /** Field path in the OSC, e.g. `spec.files[2].content.secretRef`. */
  readonly path: string;
  /** The offending value, when there is one to show (never secret content). */
  readonly value?: unknown;
  /** What is wrong and what is accepted. */
  readonly message: string;
}

export function problem(path: string, message: string, value?: unknown): Problem {
  return value === undefined ? { path, message } : { path, value, message };
}

function show(value: unknown): string {
  const text = JSON.stringify(value);
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

/** One line per problem: `<path>: <message> (got <value>)`. */
export function formatProblem(p: Problem): string {
  return p.value === undefined ? `${p.path}: ${p.message}` : `${p.path}: ${p.message} (got ${show(p.value)})`;
}

export function formatProblems(problems: readonly Problem[]): string {
  return problems.map(formatProblem).join('; ');
}
