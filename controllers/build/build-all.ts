// One build run: the runtime layer once, then each controller's image and chart; returns the
// artifacts with the digests this run produced. No file outside outDir is written here.
import { placeholderDigest, type Artifacts, type ControllerArtifacts } from '../artifacts.js';
import { packageChart, type PackagedChart } from './chart.js';
import type { ControllerSource } from './controllers.js';
import { buildImage, buildRuntimeLayer, type BuiltImage } from './image.js';
import { join } from 'node:path';
import type { RuntimeLock } from './runtime-lock.js';

export interface BuildAllOptions {
  readonly controllers: readonly ControllerSource[];
  readonly artifacts: Artifacts;
  readonly lock: RuntimeLock;
  readonly outDir: string;
  /** Path of the helm binary; asked for only when a controller has a chart. */
  readonly helm: () => Promise<string>;
  readonly log: (line: string) => void;
}

export interface ControllerResult {
  readonly image: BuiltImage;
  readonly chart?: PackagedChart;
  readonly chartSeconds?: number;
}

export interface BuildAllResult {
  readonly artifacts: Artifacts;
  readonly results: readonly ControllerResult[];
  readonly runtimeSeconds: number;
}

export async function buildAll(options: BuildAllOptions): Promise<BuildAllResult> {
  const missing = options.controllers.filter((c) => !options.artifacts[c.name]);
  if (missing.length > 0) {
    throw new Error(
      `controllers/artifacts.json has no entry for ${missing.map((c) => c.name).join(', ')} (found ${missing.map((c) => c.entry).join(', ')}); ` +
        `add { "version", "image": { "repository", "digest": "${placeholderDigest}" }, "chart": { "repository", "version", "digest": null } } and run the build`,
    );
  }
  if (options.controllers.length === 0) return { artifacts: options.artifacts, results: [], runtimeSeconds: 0 };
  const started = performance.now();
  const runtime = await buildRuntimeLayer(options.lock);
  const runtimeSeconds = (performance.now() - started) / 1000;
  options.log(`runtime layer: Node ${runtime.nodeVersion}, ${(runtime.tar.length / 1e6).toFixed(1)} MB uncompressed, ${runtimeSeconds.toFixed(1)} s`);

  const artifacts: Record<string, ControllerArtifacts> = { ...options.artifacts };
  const results: ControllerResult[] = [];
  for (const source of options.controllers) {
    const before = artifacts[source.name]!;
    const image = await buildImage(source, before, runtime, options.outDir);
    for (const warning of image.bundleWarnings) options.log(`${source.name}: esbuild warning: ${warning}`);
    const updated: ControllerArtifacts = { ...before, image: { ...before.image, digest: image.image.manifest.digest } };
    artifacts[source.name] = updated;
    if (!source.chartModule) {
      results.push({ image });
      continue;
    }
    const chartStarted = performance.now();
    const chart = await packageChart(source.name, source.chartModule, updated, join(options.outDir, 'charts'), await options.helm());
    results.push({ image, chart, chartSeconds: (performance.now() - chartStarted) / 1000 });
  }
  return { artifacts, results, runtimeSeconds };
}
