/**
 * npm run bench:synth — synthesizes a generated large landscape (1 runtime cluster, 50 shooted
 * seeds, 200 projects) and prints wall time per phase, peak memory and output size.
 * Target on the development machine: under 10 s and under 1 GiB. Not a test: no assertion fails a
 * build on timing; the exit code is non-zero only when synth itself fails.
 *
 *   npm run bench:synth [-- --seeds 50 --projects 200 --write]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { synthesize } from '../../charts/synth.js';
import { distFiles } from '../../charts/dist/files.js';
import { writeDist } from '../../charts/dist/write.js';
import type { LandscapeInput } from '../../charts/landscape/schema/landscape.js';
import { defaultLandscapeInput, first, resolveInput } from '../unit/dist/landscape-fixture.js';

const TARGET_SECONDS = 10;
const TARGET_BYTES = 1024 ** 3;

/** The i-th /n block inside `base` (a.b.c.d/m), as CIDR text; fails when it would leave `base`. */
export function subnet(base: string, prefix: number, index: number): string {
  const [address, bits] = base.split('/') as [string, string];
  const start = address.split('.').reduce((n, octet) => n * 256 + Number(octet), 0);
  const size = 2 ** (32 - prefix);
  if ((index + 1) * size > 2 ** (32 - Number(bits))) throw new Error(`block ${index} of /${prefix} does not fit in ${base}`);
  const value = start + index * size;
  return `${[24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join('.')}/${prefix}`;
}

/** The default example grown to `seeds` shooted seeds and `projects` tenant projects, with unique names and disjoint networks. */
export function largeLandscape(seeds: number, projects: number): LandscapeInput {
  const input = defaultLandscapeInput();
  const template = first(input.spec.seeds.shooted, 'shooted seed');
  const partition = first(input.spec.metalControlPlane.partitions, 'partition').id;
  input.spec.seeds.shooted = Array.from({ length: seeds }, (_, i) => ({
    ...template,
    name: `${partition}-s${String(i).padStart(3, '0')}`,
    // provider-metal allocates the node networks; pod and service networks come from
    // 10.160.0.0/11, which nothing else in the example uses.
    networks: { pods: subnet('10.160.0.0/11', 18, 2 * i), services: subnet('10.160.0.0/11', 18, 2 * i + 1) },
  }));
  const owner = first(input.spec.projects, 'project').owner;
  input.spec.projects = Array.from({ length: projects }, (_, i) => ({ name: `t${String(i).padStart(3, '0')}`, description: `tenant ${i}`, owner }));
  return input;
}

function time<T>(phases: Array<[string, number]>, name: string, run: () => T): T {
  const started = performance.now();
  const result = run();
  phases.push([name, performance.now() - started]);
  return result;
}

function main(): void {
  const { values } = parseArgs({
    options: { seeds: { type: 'string', default: '50' }, projects: { type: 'string', default: '200' }, write: { type: 'boolean', default: false } },
  });
  const seeds = Number(values.seeds);
  const projects = Number(values.projects);
  const phases: Array<[string, number]> = [];
  const input = time(phases, 'generate landscape', () => largeLandscape(seeds, projects));
  const resolved = time(phases, 'resolve + validate', () => resolveInput(input, `generated landscape (${seeds} seeds, ${projects} projects)`));
  const synthesis = time(phases, 'synthesize layers', () => synthesize(resolved));
  const files = time(phases, 'render files', () => distFiles(synthesis));
  if (values.write) {
    const dir = mkdtempSync(join(tmpdir(), 'metal-garden-bench-'));
    time(phases, 'write dist/', () => writeDist(join(dir, 'dist'), files));
    rmSync(dir, { recursive: true, force: true });
  }
  const totalMs = phases.reduce((sum, [, ms]) => sum + ms, 0);
  const objects = synthesis.layers.reduce((sum, l) => sum + l.manifests.length, 0);
  const bytes = [...files.values()].reduce((sum, content) => sum + Buffer.byteLength(content), 0);
  const maxRssBytes = process.resourceUsage().maxRSS * 1024;
  const heap = process.memoryUsage();
  const mib = (n: number) => `${(n / 1024 ** 2).toFixed(0)} MiB`;

  console.log(`bench:synth — 1 runtime cluster, ${seeds} shooted seeds, ${projects} projects`);
  for (const [name, ms] of phases) console.log(`  ${name.padEnd(22)} ${ms.toFixed(0).padStart(7)} ms`);
  console.log(`  ${'total'.padEnd(22)} ${totalMs.toFixed(0).padStart(7)} ms`);
  console.log(`  output: ${objects} objects in ${synthesis.layers.length} layers, ${files.size} files, ${(bytes / 1024).toFixed(0)} KiB`);
  console.log(`  process wall time incl. module loading: ${(process.uptime() * 1000).toFixed(0)} ms`);
  console.log(`  memory: peak RSS ${mib(maxRssBytes)}, heap used ${mib(heap.heapUsed)} of ${mib(heap.heapTotal)}`);
  const fast = process.uptime() < TARGET_SECONDS;
  const small = maxRssBytes < TARGET_BYTES;
  console.log(
    `  target (< ${TARGET_SECONDS} s, < 1 GiB): ${fast && small ? 'met' : `NOT met (${fast ? '' : 'time'}${!fast && !small ? ', ' : ''}${small ? '' : 'memory'})`}`,
  );
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) main();
