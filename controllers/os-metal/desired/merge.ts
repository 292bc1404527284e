import type { OscFile } from './osc.js';

/**
 * The OSC's own files with the extension's merged in, as upstream's `EnsureFiles` does: a file whose
 * path the OSC already has replaces it in place (the first one with that path), others are appended
 * in their order.
 */
export function mergeFiles(base: readonly OscFile[], added: readonly OscFile[]): OscFile[] {
  const result = [...base];
  for (const file of added) {
    const index = base.findIndex((b) => b.path === file.path);
    if (index < 0) result.push(file);
    else result[index] = file;
  }
  return result;
}
