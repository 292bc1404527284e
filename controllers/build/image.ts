// The pipeline for images: one runtime layer per build run (shared by every controller), then per
// controller its bundle as a second layer and an OCI layout under <outDir>/images/<name>/.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ControllerArtifacts } from '../artifacts.js';
import { bundleController } from './bundle.js';
import type { ControllerSource } from './controllers.js';
import { nodeRuntime } from './node-runtime.js';
import { writeOciLayout, type WrittenImage } from './oci.js';
import { repoRoot } from './paths.js';
import type { RuntimeLock } from './runtime-lock.js';
import { nodePath, nonRootUid, runtimeLayerEntries } from './runtime-layer.js';
import { tarArchive, withParentDirs } from './tar.js';

/**
 * Every timestamp in the image: tar mtimes and `created`. A constant, not the last commit's time:
 * artifacts.json records the digest and is itself committed, so a commit-derived time would change
 * the digest with every commit (including the one recording it) and `--check` could never pass.
 */
export const sourceDateEpoch = 0;
export const created = new Date(sourceDateEpoch * 1000).toISOString().replace('.000Z', 'Z');

export const appPath = '/app/main.mjs';

export interface RuntimeLayer {
  readonly tar: Buffer;
  readonly nodeVersion: string;
}

export async function buildRuntimeLayer(lock: RuntimeLock): Promise<RuntimeLayer> {
  const node = await nodeRuntime(lock.node);
  return { tar: tarArchive(withParentDirs(await runtimeLayerEntries(lock, node)), sourceDateEpoch), nodeVersion: node.version };
}

export interface ImageFigures {
  readonly bundleBytes: number;
  readonly runtimeLayerBytes: number;
  /** Uncompressed size of all layers. */
  readonly unpackedBytes: number;
  /** Size of all blobs (gzip layers, config, manifest). */
  readonly compressedBytes: number;
  readonly bundleSeconds: number;
  readonly imageSeconds: number;
}

export interface BuiltImage {
  readonly name: string;
  readonly layoutDir: string;
  /** The layout's ref name (the version), for `oci:<layoutDir>:<ref>`. */
  readonly ref: string;
  readonly bundleFile: string;
  readonly image: WrittenImage;
  readonly bundleWarnings: readonly string[];
  readonly largestInputs: ReadonlyArray<readonly [string, number]>;
  readonly figures: ImageFigures;
}

interface PackageJson {
  license?: string;
  repository?: string | { url?: string };
}

/** Licence and source repository come from the root package.json, so they are written down once. */
function projectAnnotations(): Record<string, string> {
  const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as PackageJson;
  const source = typeof pkg.repository === 'string' ? pkg.repository : pkg.repository?.url;
  return {
    ...(pkg.license ? { 'org.opencontainers.image.licenses': pkg.license } : {}),
    ...(source ? { 'org.opencontainers.image.source': source.replace(/^git\+/, '') } : {}),
  };
}

export async function buildImage(source: ControllerSource, artifacts: ControllerArtifacts, runtime: RuntimeLayer, outDir: string): Promise<BuiltImage> {
  const started = performance.now();
  const bundle = await bundleController(source.entry);
  const bundleDir = join(outDir, 'bundles', source.name);
  mkdirSync(bundleDir, { recursive: true });
  const bundleFile = join(bundleDir, 'main.mjs');
  writeFileSync(bundleFile, bundle.code);
  const bundled = performance.now();

  const appTar = tarArchive(withParentDirs([{ kind: 'file', path: appPath.slice(1), mode: 0o644, data: bundle.code }]), sourceDateEpoch);
  const annotations = {
    'org.opencontainers.image.title': source.name,
    'org.opencontainers.image.version': artifacts.version,
    'org.opencontainers.image.description': `metal-garden controller ${source.name} on Node ${runtime.nodeVersion}`,
    ...projectAnnotations(),
  };
  const layoutDir = join(outDir, 'images', source.name);
  const image = await writeOciLayout(layoutDir, {
    layers: [
      { tar: runtime.tar, createdBy: `controllers/build: Node ${runtime.nodeVersion}, glibc and libstdc++ from Debian, accounts (nonroot ${nonRootUid})` },
      { tar: appTar, createdBy: `controllers/build: esbuild bundle of controllers/${source.name}/main.ts` },
    ],
    config: {
      user: `${nonRootUid}:${nonRootUid}`,
      entrypoint: [nodePath, appPath],
      workingDir: '/app',
      env: ['PATH=/nodejs/bin', 'NODE_ENV=production'],
      labels: annotations,
    },
    annotations,
    refName: artifacts.version,
    created,
  });
  return {
    name: source.name,
    layoutDir,
    ref: artifacts.version,
    bundleFile,
    image,
    bundleWarnings: bundle.warnings,
    largestInputs: bundle.inputs.slice(0, 5),
    figures: {
      bundleBytes: bundle.code.length,
      runtimeLayerBytes: runtime.tar.length,
      unpackedBytes: runtime.tar.length + appTar.length,
      compressedBytes: image.compressedSize,
      bundleSeconds: (bundled - started) / 1000,
      imageSeconds: (performance.now() - bundled) / 1000,
    },
  };
}
