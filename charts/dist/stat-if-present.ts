import { lstatSync, statSync, type Stats } from 'node:fs';

/**
 * A path's stat, or undefined when nothing is there: ENOENT, and ENOTDIR (a file stands where a
 * folder on the path should be), which Node's `throwIfNoEntry: false` does not cover.
 */
function ifPresent(stat: () => Stats): Stats | undefined {
  try {
    return stat();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw error;
  }
}

/** The entry itself (a symlink is not followed). */
export function lstatIfPresent(path: string): Stats | undefined {
  return ifPresent(() => lstatSync(path));
}

/** What the path leads to (symlinks followed); undefined for a symlink to nothing. */
export function statIfPresent(path: string): Stats | undefined {
  return ifPresent(() => statSync(path));
}
