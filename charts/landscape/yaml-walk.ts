import { isAlias, isMap, isScalar, isSeq, Scalar, type Document, type LineCounter, type Node } from 'yaml';
import { formatPath, show, type Problem } from './problems.js';

/** The text of a plain (unquoted) scalar as written, for messages about how YAML typed it. */
export interface ScalarSource {
  readonly text: string;
  readonly line: number;
}

/** Plain scalars by field path (formatted like problem paths). */
export type ScalarSources = ReadonlyMap<string, ScalarSource>;

// YAML 1.1 booleans, as go-yaml v2 reads them (Kubernetes' sigs.k8s.io/yaml, Helm values): a landscape
// author who writes `enabled: yes` means true, and the same words in extension values reach Helm as booleans.
// YAML 1.2 (this parser's default) reads them as strings; reading them as 1.1 does makes `name: no` a
// boolean, which the schema then refuses with a hint to quote it — the landscape means the same everywhere.
const YAML11_TRUE = /^(?:y|Y|yes|Yes|YES|on|On|ON)$/;
const YAML11_FALSE = /^(?:n|N|no|No|NO|off|Off|OFF)$/;

type Segment = string | number;

interface Walk {
  readonly doc: Document;
  readonly text: string;
  readonly lines: LineCounter;
  readonly problems: Problem[];
  readonly scalars: Map<string, ScalarSource>;
}

const lineAt = (walk: Walk, offset: number | undefined): number => walk.lines.linePos(offset ?? 0).line;

function keyName(key: unknown): string {
  if (isScalar(key)) return String(key.value);
  return JSON.stringify(key);
}

function visitScalar(walk: Walk, node: Scalar, path: readonly Segment[]): void {
  if (node.type !== Scalar.PLAIN || !node.range) return;
  const text = walk.text.slice(node.range[0], node.range[1]);
  if (typeof node.value === 'string' && YAML11_TRUE.test(node.value)) node.value = true;
  else if (typeof node.value === 'string' && YAML11_FALSE.test(node.value)) node.value = false;
  walk.scalars.set(formatPath(path), { text, line: lineAt(walk, node.range[0]) });
}

function visitMap(walk: Walk, node: Node & { items: { key: unknown; value: unknown }[] }, path: readonly Segment[]): void {
  const firstLine = new Map<string, number>();
  // Merge keys are dropped from the map before it is checked, so only what is written out counts.
  node.items = node.items.filter((pair) => {
    const key = pair.key;
    const line = isScalar(key) ? lineAt(walk, key.range?.[0]) : 0;
    if (isScalar(key) && key.type === Scalar.PLAIN && key.value === '<<') {
      walk.problems.push({
        path: formatPath(path),
        message: `merge key << (line ${line}) is not allowed in a landscape: YAML 1.2 has no merge keys and readers disagree on them; write the fields out`,
      });
      return false;
    }
    const name = keyName(key);
    const earlier = firstLine.get(name);
    if (earlier === undefined) firstLine.set(name, line);
    else
      walk.problems.push({
        path: formatPath([...path, name]),
        message: `duplicate key ${show(name)} at line ${earlier} and line ${line}; YAML keeps only the last value: remove one`,
      });
    return true;
  });
  for (const pair of node.items) visit(walk, pair.value, [...path, keyName(pair.key)]);
}

function visit(walk: Walk, node: unknown, path: readonly Segment[]): void {
  if (isAlias(node)) {
    // A landscape is one document a reviewer reads top to bottom, and every problem points at the line
    // that holds the value: an alias would hide the value at another line and share one fault among fields.
    const anchored = node.resolve(walk.doc);
    const where = anchored?.range ? ` at line ${lineAt(walk, anchored.range[0])}` : '';
    walk.problems.push({
      path: formatPath(path),
      message: `alias *${node.source} repeats the value anchored as &${node.source}${where}; a landscape writes every value where it applies: copy it here`,
    });
  } else if (isMap(node)) visitMap(walk, node, path);
  else if (isSeq(node)) node.items.forEach((item, i) => visit(walk, item, [...path, i]));
  else if (isScalar(node)) visitScalar(walk, node, path);
}

/**
 * Checks one parsed document for what YAML allows but a landscape does not (duplicate keys, merge
 * keys, aliases), reads YAML 1.1 booleans as booleans, and records the source of every plain scalar.
 * Rewrites the document in place (it is the caller's own copy): merge keys go, 1.1 booleans become booleans.
 */
export function walkLandscapeDocument(doc: Document, text: string, lines: LineCounter): { problems: Problem[]; scalars: ScalarSources } {
  const walk: Walk = { doc, text, lines, problems: [], scalars: new Map() };
  visit(walk, doc.contents, []);
  return { problems: walk.problems, scalars: walk.scalars };
}
