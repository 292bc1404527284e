/** One thing wrong with a landscape: where, what was found, what would be accepted. */
export interface Problem {
  /** Field path in the landscape, e.g. `spec.seeds.shooted[1].networks.pods`. */
  readonly path: string;
  readonly message: string;
}

export function formatPath(segments: readonly PropertyKey[]): string {
  let out = '';
  for (const segment of segments) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out === '' ? String(segment) : `.${String(segment)}`;
  }
  return out;
}

/** Thrown when a landscape cannot be rendered; carries every problem, not just the first. */
export class LandscapeError extends Error {
  constructor(
    readonly source: string,
    readonly problems: readonly Problem[],
  ) {
    super(`${source}: ${problems.length} problem${problems.length === 1 ? '' : 's'}\n${problems.map((p) => `  ${p.path}: ${p.message}`).join('\n')}`);
    this.name = 'LandscapeError';
  }
}

/** Short, stable rendering of a value for messages. */
export function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === undefined) return 'nothing';
  const json = JSON.stringify(value);
  return json.length > 80 ? `${json.slice(0, 77)}...` : json;
}
