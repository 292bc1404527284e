/**
 * The names synth reserves inside an output folder. The marker is part of the output (so the committed
 * dist/ has it); the others exist only while a run holds the folder, or after one was killed, and the
 * next run removes them.
 */

/** Marks a folder as synth output: synth writes only into a new or empty folder or one holding this file. */
export const MARKER = '.metal-garden-synth';
/** Bumped when the layout of an output folder changes in a way an older synth must not overwrite. */
export const MARKER_FORMAT = 1;
/** Held (created with link(2), which fails when it exists) by the one run that writes the folder. */
export const LOCK = `${MARKER}.lock`;
/** Present from the first change of a run to its last: a folder with it may mix old and new files. */
export const JOURNAL = `${MARKER}.journal`;
/** Prefix of every temporary file (anywhere in the folder); never a name synth outputs. */
export const TEMP_PREFIX = `${MARKER}.tmp-`;

export function markerContent(landscapeName: string): string {
  return [
    '# This folder is written by metal-garden synth (npm run synth); every run replaces its content.',
    '# synth writes only into a new or empty folder or one that holds this file.',
    `format: ${MARKER_FORMAT}`,
    `landscape: ${landscapeName}`,
    '',
  ].join('\n');
}

/** A leftover of a run (lock, journal, temporary file): never output, removed by the next run. */
export function isRunLeftover(name: string): boolean {
  return name === LOCK || name === JOURNAL || name.startsWith(TEMP_PREFIX);
}
