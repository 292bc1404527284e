// Files from pinned Debian packages: `apt-get download` (the machine's apt sources, whose Release
// signatures apt checks), then the .deb's sha256 against runtime.lock.json, then `dpkg-deb -x`.
// Only the paths the caller names are taken; symlinks stay symlinks.
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { exec } from './exec.js';
import { downloadCache } from './paths.js';
import type { DebianPin } from './runtime-lock.js';
import type { TarEntry } from './tar.js';

function debFileName(pin: DebianPin, architecture: string): string {
  // apt-get download writes epochs as %3a; none of the pinned packages has one, so the plain name is kept.
  return `${pin.name}_${pin.version}_${architecture}.deb`;
}

/** The .deb in the cache, downloaded when missing; its sha256 checked either way. */
export async function debianPackage(pin: DebianPin, architecture: string): Promise<string> {
  const dir = join(downloadCache(), 'debs');
  const file = join(dir, debFileName(pin, architecture));
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true });
    const tmp = mkdtempSync(join(dir, 'download-'));
    try {
      await exec('apt-get', ['download', '-q', `${pin.name}:${architecture}=${pin.version}`], { cwd: tmp }).catch((err: Error) => {
        throw new Error(
          `${pin.name}=${pin.version} (runtime.lock.json) could not be downloaded: ${err.message}\n` +
            `Run \`apt-get update\` first; if the mirror no longer has this version (Debian keeps only the newest of a release), ` +
            `pin the current one: \`apt-cache policy ${pin.name}\`, then version and sha256 from \`apt-cache show ${pin.name}=<version>\` (see controllers/build/README.md).`,
        );
      });
      renameSync(join(tmp, debFileName(pin, architecture)), file);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  }
  const actual = createHash('sha256').update(readFileSync(file)).digest('hex');
  if (actual !== pin.sha256) {
    throw new Error(
      `${file}: sha256 ${actual} differs from runtime.lock.json's ${pin.sha256} for ${pin.name}=${pin.version}; delete the file to download it again`,
    );
  }
  return file;
}

/**
 * The named paths (relative, like "lib/x86_64-linux-gnu/libc.so.6") of a package as layer
 * entries. Regular files keep only their executable bit (0755 or 0644), so a umask at
 * extraction cannot leak into the image.
 */
export async function debianFiles(pin: DebianPin, architecture: string, paths: readonly string[]): Promise<TarEntry[]> {
  const deb = await debianPackage(pin, architecture);
  const tmp = mkdtempSync(join(downloadCache(), 'deb-x-'));
  try {
    await exec('dpkg-deb', ['-x', deb, tmp]);
    return paths.map((path): TarEntry => {
      const full = join(tmp, path);
      const stat = lstatSync(full, { throwIfNoEntry: false });
      if (!stat) throw new Error(`${pin.name}=${pin.version} has no ${path}; the runtime layer's file list (runtime-layer.ts) needs updating for this version`);
      if (stat.isSymbolicLink()) return { kind: 'symlink', path, target: readlinkSync(full) };
      if (!stat.isFile()) throw new Error(`${pin.name}: ${path} is neither a file nor a symlink`);
      return { kind: 'file', path, mode: stat.mode & 0o111 ? 0o755 : 0o644, data: readFileSync(full) };
    });
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
