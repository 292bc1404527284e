/**
 * os-metal's desired state: what an OperatingSystemConfig should produce, as a pure function of the
 * OSC, the data of the Secrets its files reference (fetched by the caller) and the userdata format.
 *
 * - purpose `provision`: userdata (Ignition 2.3.0 JSON or a cloud-init cloud-config) for the OSC's
 *   files and units with the extension files merged in; no extension files or units.
 * - purpose `reconcile`: the extension files for `status.extensionFiles` (and no units, as upstream);
 *   gardener-node-agent writes the OSC's own files. No userdata.
 * - anything else, or bad input: the problems, each naming the field, the value and what is accepted.
 */
import { renderCloudConfig } from './cloud-init.js';
import { duplicateMirrorProblems, extensionFiles } from './extension-files.js';
import { referencedSecrets, type SecretsByName } from './file-content.js';
import { renderIgnition } from './ignition.js';
import { machineConfig } from './machine-config.js';
import { mergeFiles } from './merge.js';
import { PURPOSE_PROVISION, PURPOSE_RECONCILE, type OperatingSystemConfig, type OscFile, type Unit } from './osc.js';
import { problem, type Problem } from './problem.js';
import { decodeProviderConfig } from './provider-config.js';

export type { OperatingSystemConfig, OscFile, Unit, DropIn, FileContent, CriConfig, OperatingSystemConfigSpec } from './osc.js';
export type { SecretsByName } from './file-content.js';
export type { Problem } from './problem.js';
export type { ImageProviderConfig, NetworkIsolation, RegistryMirror } from './provider-config.js';
export { formatProblem, formatProblems } from './problem.js';
export { decodeProviderConfig } from './provider-config.js';

export const USERDATA_FORMATS = ['ignition', 'cloud-init'] as const;
export type UserdataFormat = (typeof USERDATA_FORMATS)[number];

export interface DesiredOptions {
  /** Userdata format for purpose `provision`. */
  readonly format: UserdataFormat;
  /**
   * `data` of the Secrets in the OSC's namespace that `spec.files[].content.secretRef` names, by
   * Secret name (see `secretsToFetch`). A name missing here is reported as a missing Secret.
   * @default {}
   */
  readonly secrets?: SecretsByName;
}

export interface DesiredOutput {
  /** Set for purpose `provision` only: the content of the userdata Secret. */
  readonly userdata?: string;
  /** For `status.extensionFiles` (purpose `reconcile`; empty for `provision`). */
  readonly extensionFiles: readonly OscFile[];
  /** For `status.extensionUnits` (always empty: os-metal adds no units). */
  readonly extensionUnits: readonly Unit[];
}

export type DesiredResult = { readonly ok: true; readonly output: DesiredOutput } | { readonly ok: false; readonly problems: readonly Problem[] };

/** Names of the Secrets (in the OSC's namespace) whose data `desiredOutput` needs for this OSC. */
export function secretsToFetch(osc: OperatingSystemConfig): string[] {
  return osc.spec.purpose === PURPOSE_PROVISION ? referencedSecrets(osc.spec.files ?? []) : [];
}

export function desiredOutput(osc: OperatingSystemConfig, options: DesiredOptions): DesiredResult {
  const { spec } = osc;
  const problems: Problem[] = [];

  const decoded = decodeProviderConfig(spec.providerConfig);
  const isolation = 'config' in decoded ? decoded.config.networkIsolation : undefined;
  if ('problems' in decoded) problems.push(...decoded.problems);
  problems.push(...duplicateMirrorProblems(isolation?.registryMirrors ?? []));
  if (spec.purpose !== PURPOSE_PROVISION && spec.purpose !== PURPOSE_RECONCILE) {
    problems.push(problem('spec.purpose', `unknown purpose: ${spec.purpose} (accepted: ${PURPOSE_PROVISION}, ${PURPOSE_RECONCILE})`));
  }
  if (!(USERDATA_FORMATS as readonly string[]).includes(options.format)) {
    problems.push(problem('userdataFormat', `unknown userdata format; accepted: ${USERDATA_FORMATS.join(', ')}`, options.format));
  }
  if (problems.length > 0) return { ok: false, problems };

  const files = extensionFiles(spec, isolation);
  if (spec.purpose === PURPOSE_RECONCILE) return { ok: true, output: { extensionFiles: files, extensionUnits: [] } };

  const machine = machineConfig(mergeFiles(spec.files ?? [], files), spec.units ?? [], options.secrets ?? {});
  if ('problems' in machine) return { ok: false, problems: machine.problems };
  const userdata = options.format === 'ignition' ? renderIgnition(machine.config) : renderCloudConfig(machine.config);
  return { ok: true, output: { userdata, extensionFiles: [], extensionUnits: [] } };
}
