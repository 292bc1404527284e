/**
 * The provenance manifest of the vendored upstream data (`generators/upstream/manifest.yaml`):
 * for each source (one upstream repository at one tag or commit) where it came from and, for each
 * file, its upstream path and sha256. Pure functions over the manifest plus the two file-system
 * checks `verifyUpstream` and the copy step of `importSource`.
 */
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, posix, relative, sep } from 'node:path';
import { parse, stringify } from 'yaml';
import { upstreamRoot } from './upstream.js';

export interface UpstreamFile {
  /** Path inside `generators/upstream/`, with `/` separators. */
  readonly path: string;
  /** Path inside the source repository at `commit`. */
  readonly source: string;
  readonly sha256: string;
}

interface SourceFiles {
  /** Stable name used by `import --source`. */
  readonly id: string;
  readonly licence: string;
  /** Folder (or file) in the repository (or package) the files were taken from. */
  readonly from: string;
  /** Folder (or file) inside `generators/upstream/` they were copied to. */
  readonly into: string;
  /** Only files whose upstream name matches this regular expression (default: all). */
  readonly include?: string;
  /** Prefix added to each vendored file name (several upstream folders vendored into one). */
  readonly prefix?: string;
  readonly files: readonly UpstreamFile[];
}

/** Files from one public Git repository at one tag or commit. */
export interface GitSource extends SourceFiles {
  readonly kind?: undefined;
  /** `owner/name` of the public repository. */
  readonly repository: string;
  /** Release tag, or null where the files were taken from a commit that no tag names. */
  readonly tag: string | null;
  readonly commit: string;
}

/** Files from one Debian binary package (`from` is the path inside it), e.g. a schema a tool ships. */
export interface DebianSource extends SourceFiles {
  readonly kind: 'debian';
  readonly package: string;
  readonly version: string;
  readonly architecture: string;
  /** Archive and suite the package was downloaded from, e.g. `deb.debian.org/debian bookworm/main`. */
  readonly archive: string;
  /** sha256 of the `.deb` file. */
  readonly debSha256: string;
  readonly repository?: undefined;
  readonly tag?: undefined;
  readonly commit?: undefined;
}

export type UpstreamSource = GitSource | DebianSource;

export interface UpstreamManifest {
  readonly sources: readonly UpstreamSource[];
}

export const manifestPath = join(upstreamRoot, 'manifest.yaml');

/** Files in the vendored folder that describe it rather than being vendored data. */
const OWN_FILES = new Set(['manifest.yaml', 'README.md']);

const HEADER = `# Provenance of every file in generators/upstream/ (see its README.md). Written by
# \`npm run upstream -- import\`; checked by \`npm run upstream -- verify\` (CI runs it).
`;

export function sha256(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

export function readManifest(file = manifestPath): UpstreamManifest {
  if (!existsSync(file)) return { sources: [] };
  const doc = parse(readFileSync(file, 'utf8')) as UpstreamManifest | null;
  return { sources: doc?.sources ?? [] };
}

export function writeManifest(manifest: UpstreamManifest, file = manifestPath): void {
  const sources = [...manifest.sources].sort((a, b) => a.id.localeCompare(b.id));
  writeFileSync(file, HEADER + stringify({ sources }, { lineWidth: 0 }));
}

/** Every regular file below `dir`, as `/`-separated paths relative to it, sorted. */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (current: string) => {
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      const full = join(current, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) out.push(relative(dir, full).split(sep).join('/'));
    }
  };
  walk(dir);
  return out.sort();
}

/** Differences between the vendored folder and its manifest; empty when they agree. */
export function verifyUpstream(root = upstreamRoot, manifest = readManifest(join(root, 'manifest.yaml'))): string[] {
  const problems: string[] = [];
  const listed = new Map<string, string>();
  for (const source of manifest.sources) {
    for (const file of source.files) {
      const owner = listed.get(file.path);
      if (owner) problems.push(`${file.path}: listed by both ${owner} and ${source.id}`);
      listed.set(file.path, source.id);
      const full = join(root, ...file.path.split('/'));
      if (!existsSync(full)) {
        problems.push(`${file.path} (${source.id}): listed in the manifest but missing`);
        continue;
      }
      const actual = sha256(full);
      if (actual !== file.sha256) problems.push(`${file.path} (${source.id}): sha256 ${actual}, manifest says ${file.sha256}`);
    }
  }
  for (const path of listFiles(root)) {
    if (!OWN_FILES.has(path) && !listed.has(path)) problems.push(`${path}: not listed in the manifest (vendor it with \`npm run upstream -- import\`)`);
  }
  return problems;
}

export interface ImportRequest {
  readonly id: string;
  /** Folder or file holding the new upstream version (laid out like `from` in the repository). */
  readonly fromDir: string;
  readonly repository?: string;
  readonly tag?: string | null;
  readonly commit?: string;
  readonly licence?: string;
  readonly from?: string;
  readonly into?: string;
  readonly include?: string;
  readonly prefix?: string;
}

function required<T>(value: T | undefined, flag: string, id: string): T {
  if (value === undefined) throw new Error(`source ${JSON.stringify(id)} is new: --${flag} is required`);
  return value;
}

/**
 * Copies a source's files from `fromDir` into the vendored folder, removes the files of its earlier
 * version that are gone, and returns the manifest with the source's entry replaced. Fields not given
 * keep the values of the existing entry.
 */
export function importSource(
  manifest: UpstreamManifest,
  request: ImportRequest,
  root = upstreamRoot,
): { manifest: UpstreamManifest; added: number; removed: number } {
  const found = manifest.sources.find((s) => s.id === request.id);
  if (found?.kind === 'debian') throw new Error(`source ${JSON.stringify(request.id)} comes from a Debian package: use import-deb`);
  const existing = found;
  const base = {
    repository: request.repository ?? existing?.repository,
    tag: request.tag !== undefined ? request.tag : existing?.tag,
    commit: request.commit ?? existing?.commit,
    licence: request.licence ?? existing?.licence,
    from: request.from ?? existing?.from,
    into: request.into ?? existing?.into,
    include: request.include ?? existing?.include,
    prefix: request.prefix ?? existing?.prefix,
  };
  const repository = required(base.repository, 'repository', request.id);
  const commit = required(base.commit, 'commit', request.id);
  const licence = required(base.licence, 'licence', request.id);
  const from = required(base.from, 'from', request.id);
  const into = required(base.into, 'into', request.id);
  if (!existsSync(request.fromDir)) throw new Error(`--dir ${request.fromDir} does not exist`);
  const include = base.include ? new RegExp(base.include) : undefined;
  const single = statSync(request.fromDir).isFile();
  const candidates = single ? [''] : listFiles(request.fromDir).filter((f) => !include || include.test(posix.basename(f)));
  if (candidates.length === 0) throw new Error(`${request.fromDir} holds no file${include ? ` matching ${include}` : ''}`);

  const files: UpstreamFile[] = candidates.map((rel) => {
    const vendored = single ? into : posix.join(into, posix.dirname(rel), (base.prefix ?? '') + posix.basename(rel));
    const target = join(root, ...vendored.split('/'));
    mkdirSync(dirname(target), { recursive: true });
    copyFileSync(single ? request.fromDir : join(request.fromDir, ...rel.split('/')), target);
    return { path: vendored, source: single ? from : posix.join(from, rel), sha256: sha256(target) };
  });
  const kept = new Set(files.map((f) => f.path));
  const stale = (existing?.files ?? []).filter((f) => !kept.has(f.path));
  for (const file of stale) rmSync(join(root, ...file.path.split('/')), { force: true });

  const source: UpstreamSource = {
    id: request.id,
    repository,
    tag: base.tag ?? null,
    commit,
    licence,
    from,
    into,
    ...(base.include ? { include: base.include } : {}),
    ...(base.prefix ? { prefix: base.prefix } : {}),
    files,
  };
  const others = manifest.sources.filter((s) => s.id !== request.id);
  const added = files.filter((f) => !existing?.files.some((e) => e.path === f.path && e.sha256 === f.sha256)).length;
  return { manifest: { sources: [...others, source] }, added, removed: stale.length };
}

export interface DebianImportRequest {
  readonly id: string;
  /** The downloaded `.deb` (`apt-get download <package>`). */
  readonly deb: string;
  /** Where it was downloaded from, e.g. `deb.debian.org/debian bookworm/main` (`apt-cache policy <package>`). */
  readonly archive?: string;
  readonly licence?: string;
  /** File inside the package, e.g. `usr/lib/python3/dist-packages/cloudinit/config/schemas/schema-cloud-config-v1.json`. */
  readonly from?: string;
  /** File inside `generators/upstream/`. */
  readonly into?: string;
}

/**
 * Vendors one file of a Debian binary package: package name, version and architecture come from the
 * `.deb`'s control data (`dpkg-deb -f`), the file from its data archive (`dpkg-deb -x`), and the
 * `.deb`'s sha256 is recorded. Fields not given keep the values of the existing entry.
 */
export function importDebianSource(
  manifest: UpstreamManifest,
  request: DebianImportRequest,
  root = upstreamRoot,
): { manifest: UpstreamManifest; added: number; removed: number } {
  const found = manifest.sources.find((s) => s.id === request.id);
  if (found && found.kind !== 'debian') throw new Error(`source ${JSON.stringify(request.id)} comes from a Git repository: use import`);
  const archive = required(request.archive ?? found?.archive, 'archive', request.id);
  const licence = required(request.licence ?? found?.licence, 'licence', request.id);
  const from = required(request.from ?? found?.from, 'from', request.id);
  const into = required(request.into ?? found?.into, 'into', request.id);
  if (!existsSync(request.deb)) throw new Error(`--deb ${request.deb} does not exist`);
  const field = (name: string) => execFileSync('dpkg-deb', ['-f', request.deb, name], { encoding: 'utf8' }).trim();
  const scratch = mkdtempSync(join(tmpdir(), 'upstream-deb-'));
  try {
    execFileSync('dpkg-deb', ['-x', request.deb, scratch]);
    const extracted = join(scratch, ...from.split('/'));
    if (!existsSync(extracted)) throw new Error(`${request.deb} has no file ${from}`);
    const target = join(root, ...into.split('/'));
    mkdirSync(dirname(target), { recursive: true });
    copyFileSync(extracted, target);
    const file: UpstreamFile = { path: into, source: from, sha256: sha256(target) };
    const stale = (found?.files ?? []).filter((f) => f.path !== into);
    for (const old of stale) rmSync(join(root, ...old.path.split('/')), { force: true });
    const source: DebianSource = {
      id: request.id,
      kind: 'debian',
      package: field('Package'),
      version: field('Version'),
      architecture: field('Architecture'),
      archive,
      debSha256: sha256(request.deb),
      licence,
      from,
      into,
      files: [file],
    };
    const added = found?.files.some((f) => f.path === file.path && f.sha256 === file.sha256) ? 0 : 1;
    return { manifest: { sources: [...manifest.sources.filter((s) => s.id !== request.id), source] }, added, removed: stale.length };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
