// Which folders of controllers/ are controllers: those with a main.ts (runtime/ and build/ have
// none; the build's own entry point is cli.ts for that reason). A controller with chart/index.ts
// also gets a Helm chart.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './paths.js';

export interface ControllerSource {
  /** The folder name; the key in artifacts.json, the image and chart name. */
  readonly name: string;
  /** Absolute path of main.ts. */
  readonly entry: string;
  /** Absolute path of chart/index.ts when the controller has a chart. */
  readonly chartModule?: string;
}

export function controllerSource(name: string, dir: string): ControllerSource {
  const chartModule = join(dir, 'chart', 'index.ts');
  return { name, entry: join(dir, 'main.ts'), ...(existsSync(chartModule) ? { chartModule } : {}) };
}

export function discoverControllers(controllersDir = join(repoRoot, 'controllers')): ControllerSource[] {
  return readdirSync(controllersDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(controllersDir, d.name, 'main.ts')))
    .map((d) => controllerSource(d.name, join(controllersDir, d.name)))
    .sort((a, b) => (a.name < b.name ? -1 : 1));
}
