import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import type { DistFiles } from './files.js';

function listFiles(root: string): string[] {
  if (!existsSync(root)) return [];
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir).sort()) {
      const full = join(dir, entry);
      if (statSync(full).isDirectory()) walk(full);
      else out.push(relative(root, full));
    }
  };
  walk(root);
  return out;
}

/** Paths that differ between `outDir` and `files` (changed, missing or stale). */
export function diffDist(outDir: string, files: DistFiles): string[] {
  const differences: string[] = [];
  const existing = new Set(listFiles(outDir));
  for (const [path, content] of files) {
    if (!existing.has(path)) differences.push(`missing ${path}`);
    else if (readFileSync(join(outDir, path), 'utf8') !== content) differences.push(`changed ${path}`);
    existing.delete(path);
  }
  for (const stale of existing) differences.push(`stale ${stale}`);
  return differences.sort();
}

/**
 * Replaces `outDir` with exactly `files`: written to a sibling folder first and swapped in by rename,
 * so a failure never leaves a half-written dist/ and files of removed objects disappear.
 */
export function writeDist(outDir: string, files: DistFiles): void {
  const staging = `${outDir}.staging-${process.pid}`;
  const previous = `${outDir}.previous-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  try {
    for (const [path, content] of files) {
      const target = join(staging, path);
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, content);
    }
    if (existsSync(outDir)) renameSync(outDir, previous);
    renameSync(staging, outDir);
  } finally {
    rmSync(staging, { recursive: true, force: true });
    rmSync(previous, { recursive: true, force: true });
  }
}
