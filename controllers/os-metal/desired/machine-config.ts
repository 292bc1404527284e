/**
 * What a machine gets from an OSC, independent of the userdata format: files with their final bytes
 * and mode, units with whether they are enabled. Building it checks what upstream's Ignition
 * transpiler refuses (flatcar/ignition v0.36.2 config/v2_3/types: absolute paths, modes within
 * 0..07777, unit and drop-in name suffixes, unit text that parses) plus what upstream gets wrong
 * (unresolvable file content), so both formats accept exactly the same OSCs.
 */
import { fileContent, type SecretsByName } from './file-content.js';
import type { DropIn, OscFile, Unit } from './osc.js';
import { problem, type Problem } from './problem.js';
import { unitContentError } from './systemd-unit.js';

/** Mode of a file without `permissions`: the transpiler's `DefaultFileMode`. */
export const DEFAULT_FILE_MODE = 0o644;
const MAX_MODE = 0o7777;

export interface MachineFile {
  readonly path: string;
  /** Decimal, e.g. 420 for 0644. */
  readonly mode: number;
  readonly bytes: Uint8Array;
}

export interface MachineUnit {
  readonly name: string;
  /** Empty when the OSC gives only drop-ins (the unit file comes with the image). */
  readonly content: string;
  readonly enabled: boolean;
  readonly dropIns: readonly DropIn[];
}

export interface MachineConfig {
  readonly files: readonly MachineFile[];
  readonly units: readonly MachineUnit[];
}

const UNIT_SUFFIXES = ['.service', '.socket', '.device', '.mount', '.automount', '.swap', '.target', '.path', '.timer', '.snapshot', '.slice', '.scope'];

/** Go's `path.Ext`: from the last dot of the last path element. */
function ext(name: string): string {
  const base = name.slice(name.lastIndexOf('/') + 1);
  const dot = base.lastIndexOf('.');
  return dot < 0 ? '' : base.slice(dot);
}

function fileProblems(file: OscFile, index: number): Problem[] {
  const problems: Problem[] = [];
  if (!file.path.startsWith('/')) problems.push(problem(`spec.files[${index}].path`, 'path must be absolute', file.path));
  const mode = file.permissions;
  if (mode !== undefined && (!Number.isInteger(mode) || mode < 0 || mode > MAX_MODE)) {
    problems.push(problem(`spec.files[${index}].permissions`, `file ${file.path}: mode must be an integer from 0 to 4095 (octal 07777)`, mode));
  }
  return problems;
}

function unitProblems(unit: Unit, index: number): Problem[] {
  const at = `spec.units[${index}]`;
  const problems: Problem[] = [];
  if (!UNIT_SUFFIXES.includes(ext(unit.name))) {
    problems.push(problem(`${at}.name`, `unit name must end in one of ${UNIT_SUFFIXES.join(', ')}`, unit.name));
  }
  const contentError = unitContentError(unit.content ?? '');
  if (contentError) problems.push(problem(`${at}.content`, `unit ${unit.name}: invalid unit content: ${contentError}`));
  (unit.dropIns ?? []).forEach((dropIn, d) => {
    if (ext(dropIn.name) !== '.conf') problems.push(problem(`${at}.dropIns[${d}].name`, `unit ${unit.name}: drop-in name must end in .conf`, dropIn.name));
    const dropInError = unitContentError(dropIn.content);
    if (dropInError) problems.push(problem(`${at}.dropIns[${d}].content`, `unit ${unit.name}, drop-in ${dropIn.name}: invalid unit content: ${dropInError}`));
  });
  return problems;
}

/** Files are the OSC's files after merging (indices of the OSC's own files are unchanged by the merge). */
export function machineConfig(files: readonly OscFile[], units: readonly Unit[], secrets: SecretsByName): { config: MachineConfig } | { problems: Problem[] } {
  const problems: Problem[] = [];
  const machineFiles: MachineFile[] = [];
  files.forEach((file, index) => {
    problems.push(...fileProblems(file, index));
    const content = fileContent(file, index, secrets);
    if ('problem' in content) problems.push(content.problem);
    else machineFiles.push({ path: file.path, mode: file.permissions ?? DEFAULT_FILE_MODE, bytes: content.bytes });
  });
  units.forEach((unit, index) => problems.push(...unitProblems(unit, index)));
  if (problems.length > 0) return { problems };
  return {
    config: {
      files: machineFiles,
      units: units.map((u) => ({ name: u.name, content: u.content ?? '', enabled: u.enable !== false, dropIns: u.dropIns ?? [] })),
    },
  };
}
