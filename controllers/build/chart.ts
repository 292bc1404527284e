// The controller's Helm chart: its chart/index.ts writes the chart folder, `helm package` makes
// the archive. helm 3.22 stamps every archive entry with the time of packaging
// (pkg/chartutil/save.go: `ModTime: time.Now()`) and `helm push` annotates the OCI manifest with
// the push time, so neither the .tgz nor the pushed manifest has a digest the sources determine:
// chart.digest stays null (README.md, "Charts").
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ControllerArtifacts } from '../artifacts.js';
import { exec } from './exec.js';

/** What a controller's chart/index.ts exports. */
export type WriteChart = (dir: string, artifacts: ControllerArtifacts) => void;

export interface PackagedChart {
  /** The chart folder writeChart wrote. */
  readonly dir: string;
  /** The .tgz helm package wrote. */
  readonly archive: string;
  readonly size: number;
}

async function loadWriteChart(chartModule: string): Promise<WriteChart> {
  const mod: unknown = await import(pathToFileURL(chartModule).href);
  const writeChart = typeof mod === 'object' && mod !== null && 'writeChart' in mod ? mod.writeChart : undefined;
  if (typeof writeChart !== 'function') throw new Error(`${chartModule} must export writeChart(dir: string, artifacts: ControllerArtifacts): void`);
  return writeChart as WriteChart;
}

/**
 * Writes the chart of controller `name` into <outDir>/<name>/ (artifacts carry the image digest
 * just built) and packages it into <outDir>/<name>-<chart.version>.tgz.
 */
export async function packageChart(name: string, chartModule: string, artifacts: ControllerArtifacts, outDir: string, helm: string): Promise<PackagedChart> {
  const dir = join(outDir, name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  (await loadWriteChart(chartModule))(dir, artifacts);
  await exec(helm, ['package', dir, '--destination', outDir]);
  const chartYaml = readFileSync(join(dir, 'Chart.yaml'), 'utf8');
  const chartName = /^name:\s*(\S+)\s*$/m.exec(chartYaml)?.[1];
  const chartVersion = /^version:\s*['"]?([^'"\s]+)['"]?\s*$/m.exec(chartYaml)?.[1];
  if (chartName !== name || chartVersion !== artifacts.chart.version) {
    throw new Error(
      `${chartModule}: the chart it writes is ${chartName ?? '(no name)'} ${chartVersion ?? '(no version)'}, artifacts.json says ${name} ${artifacts.chart.version}; the chart must take name and version from there`,
    );
  }
  const archive = join(outDir, `${name}-${artifacts.chart.version}.tgz`);
  return { dir, archive, size: readFileSync(archive).length };
}
