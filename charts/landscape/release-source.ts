import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve as resolvePath } from 'node:path';
import { releaseVectorDir } from '../../generators/upstream.js';
import type { Problem } from './problems.js';
import { DEFAULT_RELEASE } from './schema/versions.js';

/** Where a landscape's release vector comes from: a vendored release, or a file the landscape names. */
export interface ReleaseVectorText {
  /** Name used in messages: the release (`v0.22.19`) or the file path as written. */
  readonly source: string;
  readonly text?: string;
  readonly problem?: Problem;
}

/** The metal-stack releases whose release vector is vendored, oldest first. */
export function vendoredReleases(dir = releaseVectorDir): string[] {
  return readdirSync(dir)
    .filter((f) => /^v\d+\.\d+\.\d+\.yaml$/.test(f))
    .map((f) => f.slice(0, -'.yaml'.length))
    .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
}

/**
 * Reads the release vector named by `spec.versions.release` (vendored) or `spec.versions.releaseVector`
 * (a file relative to the landscape); names the field and what would be accepted when it cannot.
 */
export function readReleaseVector(versions: { release?: string; releaseVector?: string }, baseDir: string): ReleaseVectorText {
  if (versions.release !== undefined && versions.releaseVector !== undefined) {
    return {
      source: versions.releaseVector,
      problem: {
        path: 'spec.versions',
        message: `both release ${JSON.stringify(versions.release)} and releaseVector ${JSON.stringify(versions.releaseVector)} are set; name the release, or the release-vector file, not both`,
      },
    };
  }
  if (versions.releaseVector !== undefined) {
    const location = resolvePath(baseDir, versions.releaseVector);
    try {
      return { source: versions.releaseVector, text: readFileSync(location, 'utf8') };
    } catch (error) {
      return {
        source: versions.releaseVector,
        problem: {
          path: 'spec.versions.releaseVector',
          message: `cannot read ${JSON.stringify(versions.releaseVector)} (${location}): ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}; give a path relative to the landscape file, or use spec.versions.release (vendored: ${vendoredReleases().join(', ')})`,
        },
      };
    }
  }
  const release = versions.release ?? DEFAULT_RELEASE;
  const known = vendoredReleases();
  if (!known.includes(release)) {
    return {
      source: release,
      problem: {
        path: 'spec.versions.release',
        message: `release ${JSON.stringify(release)} is not vendored; vendored releases: ${known.join(', ')} (vendor another with \`npm run upstream -- import\`, or give its file as spec.versions.releaseVector)`,
      },
    };
  }
  return { source: release, text: readFileSync(join(releaseVectorDir, `${release}.yaml`), 'utf8') };
}
