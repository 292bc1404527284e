// Builds the control-plane binaries and the test tools (helm, kustomize) from the wrapper Go
// modules into a cache directory, or reuses a cached binary that reports the expected version. See README.md for the
// Go environment this relies on (toolchain, module proxy, checksum database).
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { binarySpec, binarySpecs, binarySpecsOf, type BinaryName, type BinarySpec, type ServerName, type ToolName } from './binaries.js';
import { run } from './run.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** See goEnv() for why each flag. */
const goFlags = '-mod=readonly -trimpath -buildvcs=false';
/** Strip symbol tables and DWARF: the binaries are only run, never debugged, and link faster. */
const ldflagsBase = ['-s', '-w'];

/** Where binaries are cached; METAL_GARDEN_ENVTEST_CACHE overrides (CI can point it at a kept volume). */
export function cacheRoot(): string {
  return process.env.METAL_GARDEN_ENVTEST_CACHE ?? join(repoRoot, '.cache', 'envtest');
}

export interface BuildResult {
  name: BinaryName;
  version: string;
  path: string;
  /** True when the binary was compiled now, false when the cached one was reused. */
  built: boolean;
  seconds: number;
}

export type Logger = (line: string) => void;
const defaultLog: Logger = (line) => process.stderr.write(`envtest: ${line}\n`);

/**
 * The cache key is the version plus a short hash of the wrapper's inputs and of the build
 * recipe (Go flags, -X variables), so a dependency bump at the same release or a change
 * of the version stamping rebuilds.
 */
function cacheDir(spec: BinarySpec): string {
  const hash = createHash('sha256');
  for (const file of ['go.mod', 'go.sum', 'main.go']) {
    const path = join(spec.moduleDir, file);
    // The tools have no main.go (go.mod's `tool` directive names the upstream command).
    if (file === 'main.go' && !existsSync(path)) continue;
    hash.update(readFileSync(path));
  }
  // The servers build `.`; naming only other packages keeps their keys (and everyone's caches) as they were.
  const recipe: unknown[] = [goFlags, ldflagsBase, spec.versionVars('<commit>', '<date>')];
  if (spec.buildPackage !== '.') recipe.push(spec.buildPackage);
  hash.update(JSON.stringify(recipe));
  return join(cacheRoot(), `${spec.name}-${spec.version}-${hash.digest('hex').slice(0, 8)}`);
}

/**
 * The environment every Go command here runs with. GOTOOLCHAIN=local: never fetch another
 * Go; CGO_ENABLED=0: static binaries without a C toolchain; -mod=readonly: the committed
 * go.sum is the integrity anchor and a build never rewrites go.mod/go.sum.
 */
export function goEnv(): NodeJS.ProcessEnv {
  return {
    ...process.env,
    CGO_ENABLED: '0',
    GOTOOLCHAIN: 'local',
    GOFLAGS: goFlags,
  };
}

export function goBinary(): string {
  if (process.env.GO) return process.env.GO;
  return existsSync('/usr/local/go/bin/go') ? '/usr/local/go/bin/go' : 'go';
}

/** What the binary says it is: its version output, or for `buildinfo` the build info `go version -m` reads. */
function versionOutput(binary: string, spec: BinarySpec): ReturnType<typeof run> {
  if (spec.versionArgs === 'buildinfo') return run(goBinary(), ['version', '-m', binary], { env: goEnv(), timeoutMs: 30_000 });
  return run(binary, spec.versionArgs, { timeoutMs: 30_000 });
}

async function reportsVersion(binary: string, spec: BinarySpec): Promise<boolean> {
  if (!existsSync(binary)) return false;
  const result = await versionOutput(binary, spec);
  return result.code === 0 && result.stdout.includes(spec.expectedVersionText);
}

interface DownloadRecord {
  /** The .info file; only that file carries the Origin (the release's commit). */
  Info?: string;
  /** The extracted module source, checked against the wrapper's go.sum. */
  Dir?: string;
}

/** `go mod download` of the upstream module at the version the wrapper pins. */
async function download(spec: BinarySpec): Promise<DownloadRecord> {
  const result = await run(goBinary(), ['mod', 'download', '-json', spec.versionModule], {
    cwd: spec.moduleDir,
    env: goEnv(),
    timeoutMs: 600_000,
  });
  if (result.code !== 0) throw new Error(`go mod download ${spec.versionModule} failed:\n${tail(result.stderr + result.stdout)}`);
  return JSON.parse(result.stdout) as DownloadRecord;
}

/** The upstream module's source directory in Go's module cache (e.g. for data files a release ships beside its code). */
export async function moduleSource(spec: BinarySpec): Promise<string> {
  const dir = (await download(spec)).Dir;
  if (!dir) throw new Error(`go mod download ${spec.versionModule} named no directory`);
  return dir;
}

/** The commit the module proxy recorded for the release, if it recorded one. */
async function moduleCommit(spec: BinarySpec): Promise<string | undefined> {
  const record = await download(spec);
  if (!record.Info) return undefined;
  const info = JSON.parse(readFileSync(record.Info, 'utf8')) as { Origin?: { Hash?: string } };
  return info.Origin?.Hash;
}

function tail(text: string, lines = 40): string {
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}

function elapsed(start: number): string {
  const s = Math.round((Date.now() - start) / 1000);
  return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}

async function goBuild(spec: BinarySpec, output: string, log: Logger): Promise<void> {
  const commit = await moduleCommit(spec);
  const buildDate = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  const ldflags = [...ldflagsBase, ...Object.entries(spec.versionVars(commit, buildDate)).map(([k, v]) => `-X ${k}=${v}`)].join(' ');
  const start = Date.now();
  const ticker = setInterval(() => log(`still building ${spec.name} ${spec.version} (${elapsed(start)})`), 30_000);
  try {
    const result = await run(goBinary(), ['build', '-ldflags', ldflags, '-o', output, spec.buildPackage], {
      cwd: spec.moduleDir,
      env: goEnv(),
      timeoutMs: 45 * 60_000,
    });
    if (result.code !== 0) {
      throw new Error(`go build of ${spec.name} ${spec.version} failed (exit ${result.code}) in ${spec.moduleDir}:\n` + tail(result.stderr + result.stdout));
    }
  } finally {
    clearInterval(ticker);
  }
}

/** Removes this binary's builds under other keys (older versions or recipes): ~100 MB each. */
function pruneOtherBuilds(spec: BinarySpec, keep: string): void {
  for (const name of readdirSync(cacheRoot())) {
    const dir = join(cacheRoot(), name);
    if (name.startsWith(`${spec.name}-v`) && dir !== keep) rmSync(dir, { recursive: true, force: true });
  }
}

/** Returns the path of an up-to-date binary, building it first if needed. */
export async function ensureBinary(spec: BinarySpec, log: Logger = defaultLog): Promise<BuildResult> {
  const dir = cacheDir(spec);
  const path = join(dir, spec.name);
  const start = Date.now();
  if (await reportsVersion(path, spec)) {
    return { name: spec.name, version: spec.version, path, built: false, seconds: (Date.now() - start) / 1000 };
  }
  mkdirSync(dir, { recursive: true });
  // Build next to the final path and rename, so an interrupted build never leaves a
  // binary that looks cached.
  const partial = `${path}.partial-${process.pid}`;
  log(`building ${spec.name} ${spec.version} from ${spec.moduleDir} into ${dir}`);
  try {
    await goBuild(spec, partial, log);
    renameSync(partial, path);
  } catch (err) {
    // The directory is this build's own (keyed by inputs): leave no empty entry behind.
    rmSync(dir, { recursive: true, force: true });
    throw err;
  } finally {
    rmSync(partial, { force: true });
  }
  if (!(await reportsVersion(path, spec))) {
    const out = await versionOutput(path, spec);
    throw new Error(`${path} built but does not report "${spec.expectedVersionText}": ${out.stdout}${out.stderr}`);
  }
  const seconds = (Date.now() - start) / 1000;
  log(`built ${spec.name} ${spec.version} in ${elapsed(start)}`);
  pruneOtherBuilds(spec, dir);
  return { name: spec.name, version: spec.version, path, built: true, seconds };
}

/**
 * Builds (or reuses) the control-plane servers one after another: each Go build already uses
 * every core.
 */
export async function ensureServers(log: Logger = defaultLog): Promise<Record<ServerName, BuildResult>> {
  const results = {} as Record<ServerName, BuildResult>;
  for (const spec of binarySpecsOf('server')) results[spec.name as ServerName] = await ensureBinary(spec, log);
  return results;
}

/** Builds (or reuses) every binary, servers and tools (`npm run envtest:build`, the bench). */
export async function ensureBinaries(log: Logger = defaultLog): Promise<Record<BinaryName, BuildResult>> {
  const results = {} as Record<BinaryName, BuildResult>;
  for (const spec of binarySpecs()) results[spec.name] = await ensureBinary(spec, log);
  return results;
}

const toolPaths = new Map<ToolName, Promise<string>>();

/**
 * Path of an up-to-date tool binary (helm, kustomize), built on first use in this process.
 * Concurrent callers share one build.
 */
export function toolBinary(name: ToolName, log: Logger = defaultLog): Promise<string> {
  let path = toolPaths.get(name);
  if (!path) {
    path = ensureBinary(binarySpec(name), log).then((r) => r.path);
    // A failed build is not remembered, so the next caller gets the compiler's reason again.
    path.catch(() => toolPaths.delete(name));
    toolPaths.set(name, path);
  }
  return path;
}
