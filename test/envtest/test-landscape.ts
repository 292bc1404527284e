// The landscape a Flux bootstrap test delivers: landscapes/default.yaml with its Git repository
// URL pointed at the loopback Git server (spec.delivery.repository.url, the landscape's own field),
// synthesized like `npm run synth` does, and committed into a checkout of the test's own whose only
// content is dist/ (the GitRepository of dist/flux ignores everything else).
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseDocument } from 'yaml';
import { distFiles, type DistFiles } from '../../charts/dist/files.js';
import { loadLandscapeText } from '../../charts/landscape/resolve.js';
import { synthesize } from '../../charts/synth.js';
import { projectRoot } from '../../generators/upstream.js';
import { run } from './run.js';

export const defaultLandscapeFile = join(projectRoot, 'landscapes/default.yaml');

/** The landscape text with `spec.delivery.repository.url` set (comments and everything else kept). */
export function landscapeWithRepository(text: string, url: string): string {
  const doc = parseDocument(text);
  if (!doc.hasIn(['spec', 'delivery', 'repository', 'url']))
    throw new Error('landscape: spec.delivery.repository.url is missing; the test sets it, it does not invent the delivery section');
  doc.setIn(['spec', 'delivery', 'repository', 'url'], url);
  return doc.toString();
}

/** dist/ of a landscape text, as `npm run synth` computes it (landscape paths relative to landscapes/). */
export function synthDist(text: string, source = 'test landscape'): DistFiles {
  return distFiles(synthesize(loadLandscapeText(text, { source, baseDir: dirname(defaultLandscapeFile) })));
}

export function defaultLandscapeText(): string {
  return readFileSync(defaultLandscapeFile, 'utf8');
}

async function git(args: string[], cwd: string): Promise<string> {
  const result = await run('git', ['-c', 'user.name=metal-garden test', '-c', 'user.email=test@example.invalid', ...args], { cwd, timeoutMs: 60_000 });
  if (result.code !== 0) throw new Error(`git ${args.join(' ')} (in ${cwd}) failed: ${result.stderr.trim()}`);
  return result.stdout.trim();
}

/** A new repository at `dir` with one empty commit (something for the Git server to serve before dist/ exists); its hash. */
export async function initCheckout(dir: string): Promise<string> {
  mkdirSync(dir, { recursive: true });
  await git(['init', '--quiet', '--initial-branch=main'], dir);
  await git(['commit', '--quiet', '--allow-empty', '-m', 'empty'], dir);
  return git(['rev-parse', 'HEAD'], dir);
}

/** Replaces dist/ of the checkout with `files` and commits; the new commit's hash. */
export async function commitDist(dir: string, files: DistFiles, message: string): Promise<string> {
  rmSync(join(dir, 'dist'), { recursive: true, force: true });
  for (const [path, content] of files) {
    const target = join(dir, 'dist', path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, content);
  }
  await git(['add', '--all', 'dist'], dir);
  await git(['commit', '--quiet', '--allow-empty', '-m', message], dir);
  return git(['rev-parse', 'HEAD'], dir);
}
