import { LineCounter, parseAllDocuments, type YAMLError } from 'yaml';
import { FILE, ROOT, type Problem } from './problems.js';
import { walkLandscapeDocument, type ScalarSources } from './yaml-walk.js';

/** A landscape file as read from YAML: the data (unless the YAML cannot be read), its problems and the source of its plain scalars. */
export interface YamlReading {
  readonly input?: unknown;
  readonly problems: readonly Problem[];
  readonly scalars: ScalarSources;
}

/** yaml's messages end in ` at line L, column C:` and a code excerpt; the excerpt does not fit a one-line problem. */
function firstSentence(error: YAMLError): string {
  return (error.message.split('\n')[0] ?? error.code).replace(/ at line \d+, column \d+:?$/, '');
}

function located(kind: string, error: YAMLError): string {
  const at = error.linePos?.[0];
  return `${kind}${at ? ` at line ${at.line}, column ${at.col}` : ''}: ${firstSentence(error)}`;
}

/**
 * Reads a landscape's YAML text. A syntax error stops here (nothing else can be checked); everything
 * else YAML lets through but a landscape does not (see yaml-walk.ts) is a problem reported alongside
 * the schema's. A landscape is one document: a second one would be silently ignored, or would have to
 * be merged by rules nobody reads in the file, so it is refused and only the first is checked.
 */
export function readLandscapeYaml(text: string): YamlReading {
  const lines = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter: lines, uniqueKeys: false, prettyErrors: true });
  const errors = docs.flatMap((doc) => doc.errors);
  if (errors.length > 0) {
    return {
      problems: errors.map((error) => ({ path: FILE, message: `${located('YAML syntax error', error)}; nothing else was checked` })),
      scalars: new Map(),
    };
  }
  const [doc, second] = docs;
  if (!doc || doc.contents === null) {
    return {
      problems: [{ path: ROOT, message: 'the file holds no YAML document; expected a Landscape (apiVersion, kind, metadata, spec)' }],
      scalars: new Map(),
    };
  }
  const problems: Problem[] = docs.flatMap((d) => d.warnings).map((warning) => ({ path: FILE, message: located('YAML warning', warning) }));
  if (second) {
    const line = lines.linePos(second.range[0]).line;
    problems.push({
      path: FILE,
      message: `holds ${docs.length} YAML documents (the second starts at line ${line}); a landscape is one document: remove the --- before line ${line} or move the rest to a file of its own`,
    });
  }
  const walked = walkLandscapeDocument(doc, text, lines);
  problems.push(...walked.problems);
  try {
    return { input: doc.toJS({ maxAliasCount: 100 }), problems, scalars: walked.scalars };
  } catch (error) {
    return { problems: [...problems, { path: FILE, message: `cannot read the YAML: ${(error as Error).message}` }], scalars: walked.scalars };
  }
}
