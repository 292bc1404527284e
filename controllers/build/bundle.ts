// One controller → one ESM file with every dependency inside, for the image's Node (node20).
import { build } from 'esbuild';
import { relative } from 'node:path';
import { repoRoot } from './paths.js';

/**
 * Some bundled CommonJS dependencies call `require` for Node built-ins (node-fetch, used by
 * @kubernetes/client-node, requires "stream"); an ESM bundle has no `require` unless it makes one.
 */
const requireBanner = "import { createRequire as __bundleCreateRequire } from 'node:module'; const require = __bundleCreateRequire(import.meta.url);";

export interface Bundle {
  readonly code: Buffer;
  /** Input bytes per package (or "(project)" for the repository's own files), largest first: what the bundle is made of. */
  readonly inputs: ReadonlyArray<readonly [string, number]>;
  /** esbuild's warnings (file:line: text); the build prints them. */
  readonly warnings: readonly string[];
}

function packageOf(path: string): string {
  const rest = path.split('node_modules/').at(-1) ?? path;
  if (!path.includes('node_modules/')) return '(project)';
  const [first = rest, second = ''] = rest.split('/');
  return first.startsWith('@') ? `${first}/${second}` : first;
}

/**
 * Deterministic: esbuild's output depends only on its inputs and options. Paths in the bundle's
 * comments are relative to the repository (absWorkingDir), and symlinks are not resolved
 * (preserveSymlinks), so a checkout whose node_modules is a symlink bundles the same bytes as one
 * where it is a folder. Not minified: stack traces in logs stay readable, and the bundle is small
 * next to the Node binary.
 */
export async function bundleController(entry: string): Promise<Bundle> {
  const result = await build({
    absWorkingDir: repoRoot,
    entryPoints: [relative(repoRoot, entry)],
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    preserveSymlinks: true,
    banner: { js: requireBanner },
    legalComments: 'inline',
    charset: 'utf8',
    write: false,
    metafile: true,
    logLevel: 'silent',
    outfile: 'main.mjs',
  });
  const [output] = result.outputFiles;
  if (!output || result.outputFiles.length !== 1) throw new Error(`esbuild wrote ${result.outputFiles.length} files for ${entry}, expected one`);
  const sizes = new Map<string, number>();
  for (const [path, input] of Object.entries(result.metafile.inputs)) sizes.set(packageOf(path), (sizes.get(packageOf(path)) ?? 0) + input.bytes);
  const warnings = result.warnings.map((w) => `${w.location ? `${w.location.file}:${w.location.line}: ` : ''}${w.text}`);
  return { code: Buffer.from(output.contents), inputs: [...sizes].sort((a, b) => b[1] - a[1]), warnings };
}
