/**
 * Release-vector mutations: overrides of real component names with values that are not versions,
 * images or digests, and release-vector files with a component missing, a field gone or broken, or
 * that cannot be read at all. A mutated vector is written to tmp/fuzz/vectors/<hash>.yaml (the same
 * mutation gives the same file) and the landscape points `spec.versions.releaseVector` at it.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse, stringify } from 'yaml';
import { releaseVectorDir } from '../../generators/upstream.js';
import { parseReleaseVector } from '../../charts/landscape/release-vector.js';
import { DEFAULT_RELEASE } from '../../charts/landscape/schema/versions.js';

export const vectorDir = resolve(import.meta.dirname, '../../tmp/fuzz/vectors');

const defaultVectorText = readFileSync(join(releaseVectorDir, `${DEFAULT_RELEASE}.yaml`), 'utf8');

/** Component names of the default release vector: the keys `spec.versions.overrides` accepts. */
export const COMPONENT_NAMES: readonly string[] = Object.keys(parseReleaseVector(defaultVectorText, DEFAULT_RELEASE).components).sort();

/** Tags, versions and chart tags that are not (pinned) versions, or carry a digest that is not one. */
export const BAD_TAGS: readonly string[] = [
  'latest',
  'main',
  'v1',
  '1.2',
  'v1.2.3.4',
  'V1.2.3',
  'v1.2.3 ',
  '-v1.2.3',
  'v1.2.3-rc.1',
  '1.2.3+build.7',
  'sha256:abc',
  'v1.2.3@sha256:nothex',
  `v1.2.3@sha256:${'a'.repeat(63)}`,
  `@sha256:${'0'.repeat(64)}`,
  'x'.repeat(200),
  'ä',
  '${TAG}',
];

/** Image repositories and chart references a registry would refuse or read differently. */
export const BAD_IMAGES: readonly string[] = [
  'GHCR.io/Metal-Stack/metal-api',
  'ghcr.io/metal-stack/metal-api:v1.0.0',
  'ghcr.io/metal-stack/metal-api@sha256:zz',
  'https://ghcr.io/metal-stack/metal-api',
  'oci://ghcr.io/metal-stack/charts/x',
  'ghcr.io//x',
  ' ghcr.io/x',
  'ghcr.io/x/',
  '-',
];

const OVERRIDE_FIELDS = ['tag', 'image', 'chart', 'version', 'chartTag'] as const;

/** `spec.versions.overrides.<component>.<field> = value`, all chosen by number. */
export function componentOverride(pick: number, variant: number): { component: string; field: string; value: string } {
  const component = COMPONENT_NAMES[pick % COMPONENT_NAMES.length] ?? 'metal-api';
  const field = OVERRIDE_FIELDS[variant % OVERRIDE_FIELDS.length] ?? 'tag';
  const pool = field === 'image' || field === 'chart' ? BAD_IMAGES : BAD_TAGS;
  const value = pool[Math.floor(variant / OVERRIDE_FIELDS.length) % pool.length] ?? '';
  return { component, field, value };
}

type Tree = Record<string, unknown>;
const isTree = (value: unknown): value is Tree => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Component entries of a vector document: [group, (subgroup,) name] paths under docker-images and helm-charts. */
function entries(doc: Tree): Array<{ parent: Tree; name: string; entry: Tree; where: string }> {
  const out: Array<{ parent: Tree; name: string; entry: Tree; where: string }> = [];
  const images = isTree(doc['docker-images']) ? doc['docker-images'] : {};
  for (const [group, subgroups] of Object.entries(images))
    if (isTree(subgroups))
      for (const [subgroup, items] of Object.entries(subgroups))
        if (isTree(items))
          for (const [name, entry] of Object.entries(items))
            if (isTree(entry)) out.push({ parent: items, name, entry, where: `docker-images.${group}.${subgroup}.${name}` });
  const charts = isTree(doc['helm-charts']) ? doc['helm-charts'] : {};
  for (const [group, items] of Object.entries(charts))
    if (isTree(items))
      for (const [name, entry] of Object.entries(items)) if (isTree(entry)) out.push({ parent: items, name, entry, where: `helm-charts.${group}.${name}` });
  return out;
}

/** Release-vector files that cannot be read as one. */
const UNREADABLE: ReadonlyArray<{ what: string; text?: string; path?: string }> = [
  { what: 'missing file', path: 'does-not-exist/release.yaml' },
  { what: 'a directory', path: '.' },
  { what: 'empty file', text: '' },
  { what: 'not YAML', text: 'docker-images: [unclosed\n' },
  { what: 'a list', text: '- docker-images\n' },
  { what: 'no docker-images', text: 'helm-charts: {}\n' },
  { what: 'docker-images not a map', text: 'docker-images: 3\n' },
  { what: 'binary', text: '\u0000\u0001\u00ff' },
];

function writeVector(text: string): string {
  mkdirSync(vectorDir, { recursive: true });
  const file = join(vectorDir, `${createHash('sha256').update(text).digest('hex').slice(0, 16)}.yaml`);
  writeFileSync(file, text);
  return file;
}

const VECTOR_EDITS = ['drop component', 'drop field', 'bad tag', 'bad image', 'unreadable'] as const;

/**
 * A mutated copy of the default release vector, written to a file: returns its path (absolute, so a
 * saved crash input reproduces from anywhere) and what was changed.
 */
export function mutatedVector(pick: number, variant: number): { path: string; change: string } {
  const edit = VECTOR_EDITS[variant % VECTOR_EDITS.length] ?? 'drop component';
  const choice = Math.floor(variant / VECTOR_EDITS.length);
  if (edit === 'unreadable') {
    const bad = UNREADABLE[choice % UNREADABLE.length] ?? { what: 'missing file', path: 'missing.yaml' };
    return { path: bad.path !== undefined ? resolve(vectorDir, bad.path) : writeVector(bad.text ?? ''), change: bad.what };
  }
  const doc = parse(defaultVectorText) as Tree;
  const all = entries(doc);
  const target = all[pick % all.length];
  if (!target) return { path: writeVector(defaultVectorText), change: 'unchanged' };
  const fields = Object.keys(target.entry);
  let change: string;
  switch (edit) {
    case 'drop component':
      delete target.parent[target.name];
      change = `without ${target.where}`;
      break;
    case 'drop field': {
      const field = fields[choice % fields.length] ?? 'tag';
      delete target.entry[field];
      change = `without ${target.where}.${field}`;
      break;
    }
    case 'bad tag': {
      const field = 'tag' in target.entry || !('version' in target.entry) ? 'tag' : 'version';
      target.entry[field] = BAD_TAGS[choice % BAD_TAGS.length];
      change = `${target.where}.${field} = ${JSON.stringify(target.entry[field])}`;
      break;
    }
    case 'bad image': {
      const field = 'oci' in target.entry ? 'oci' : 'name';
      target.entry[field] = BAD_IMAGES[choice % BAD_IMAGES.length];
      change = `${target.where}.${field} = ${JSON.stringify(target.entry[field])}`;
      break;
    }
  }
  return { path: writeVector(stringify(doc, { lineWidth: 0 })), change };
}
