// The values helm-controller passes to Helm for a HelmRelease, composed the way helm-controller
// v1.6.0 does it (fluxcd/pkg chartutil.ChartValuesFromReferences): the `valuesFrom` references
// in order — a whole values document merged in, or with `targetPath` one value set through Helm's
// `--set` parser — and then `spec.values` merged last, so inline values win.
import { parse } from 'yaml';
import { mergeValues } from '../../charts/constructs/helm-values.js';

export type Values = Record<string, unknown>;

export interface ValuesReference {
  kind: 'Secret' | 'ConfigMap';
  name: string;
  valuesKey?: string;
  targetPath?: string;
  optional?: boolean;
}

/** Looks up the data of a Secret or ConfigMap in the release namespace (decoded text per key), or undefined. */
export type ReferenceResolver = (kind: 'Secret' | 'ConfigMap', namespace: string, name: string) => Readonly<Record<string, string>> | undefined;

function isMap(value: unknown): value is Values {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * helm-controller's transform.MergeMaps (maps merge recursively, anything else in `b` replaces) is
 * the merge the bundle's constructs already use for Helm values.
 */
export const mergeMaps: (a: Values, b: Values) => Values = mergeValues;

/**
 * `targetPath` keys as Helm's strvals parser reads them: dot-separated names, `\.` for a literal
 * dot. List indices (`a[0]`) are strvals syntax too, but no HelmRelease here uses them; they are
 * refused rather than approximated.
 */
export function parseTargetPath(path: string): string[] {
  if (/[[\]]/.test(path))
    throw new Error(`targetPath ${JSON.stringify(path)}: list indices are not supported by test/charts/values.ts; extend it like Helm's strvals`);
  const parts = path.split(/(?<!\\)\./).map((p) => p.replaceAll('\\.', '.'));
  if (parts.some((p) => p === '')) throw new Error(`targetPath ${JSON.stringify(path)} has an empty segment`);
  return parts;
}

/**
 * What strvals.ParseInto makes of a `--set` value. It splits on `,` and types `true`, `false`,
 * `null` and integers; the values here are the placeholders of required-secrets.yaml or data of
 * dist/ objects, so anything strvals would not keep as the same string is refused instead of
 * emulated. Quoted values go through strvals.ParseIntoString with the quotes trimmed.
 */
export function setValue(raw: string, where: string): string {
  const quoted = /^(['"]).*\1$/s.test(raw);
  const value = quoted ? raw.replace(/^['"]+|['"]+$/g, '') : raw;
  if (/[,\\]/.test(value) || (!quoted && /^(true|false|null|[-+]?\d+)$/.test(value))) {
    throw new Error(`${where}: value ${JSON.stringify(raw)} would be split or typed by Helm's --set parser; test/charts/values.ts does not emulate that`);
  }
  return value;
}

function replacePathValue(values: Values, path: string, value: string): Values {
  const [head, ...rest] = parseTargetPath(path);
  const set = (node: Values, key: string, keys: string[]): Values => {
    if (keys.length === 0) return { ...node, [key]: value };
    const child = node[key];
    return { ...node, [key]: set(isMap(child) ? child : {}, keys[0]!, keys.slice(1)) };
  };
  return set(values, head!, rest);
}

/** The values helm-controller would compute for a HelmRelease in `namespace`. */
export function composeValues(namespace: string, inline: Values | undefined, refs: readonly ValuesReference[], resolve: ReferenceResolver): Values {
  let result: Values = {};
  for (const ref of refs) {
    const where = `valuesFrom ${ref.kind} ${namespace}/${ref.name}`;
    const key = ref.valuesKey ?? 'values.yaml';
    const data = resolve(ref.kind, namespace, ref.name);
    if (!data) {
      if (ref.optional) continue;
      throw new Error(`${where}: not found in dist/ nor in dist/required-secrets.yaml`);
    }
    const text = data[key];
    if (text === undefined) {
      if (ref.optional) continue;
      throw new Error(`${where}: has no key ${JSON.stringify(key)} (keys: ${Object.keys(data).sort().join(', ')})`);
    }
    if (ref.targetPath) {
      result = replacePathValue(result, ref.targetPath, setValue(text, `${where} key ${key}`));
      continue;
    }
    const doc: unknown = parse(text);
    if (doc !== null && doc !== undefined && !isMap(doc)) throw new Error(`${where} key ${key}: not a YAML map of values`);
    result = mergeMaps(result, doc ?? {});
  }
  return mergeMaps(result, inline ?? {});
}
