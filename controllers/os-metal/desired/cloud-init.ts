/**
 * cloud-init cloud-config userdata, the second format (the metal-stack seed documentation names it;
 * upstream os-metal-extension dropped it). Files become `write_files` entries; units are written to
 * `/etc/systemd/system/<name>` and their drop-ins to `<name>.d/<drop-in>`, then `runcmd` reloads
 * systemd and enables and (re)starts every enabled unit, as Gardener's former cloud-init scripts did
 * (`systemctl enable` then `systemctl restart`, so a drop-in for an already running unit applies).
 *
 * Serialized as YAML 1.1, the version cloud-init's PyYAML reads, so a content of `yes` or `1:20` is
 * quoted instead of turning into a boolean or a number.
 */
import { Document } from 'yaml';
import type { MachineConfig, MachineFile } from './machine-config.js';

export const CLOUD_CONFIG_HEADER = '#cloud-config';
const OWNER = 'root:root';
const UNIT_DIR = '/etc/systemd/system';
const UNIT_MODE = 0o644;

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Content that can go into YAML as it is: valid UTF-8 without characters YAML escapes or
 * normalizes (control characters other than tab and LF, CR, NEL, the Unicode line separators, BOM).
 */
function asPlainText(bytes: Uint8Array): string | undefined {
  let text: string;
  try {
    text = strictUtf8.decode(bytes);
  } catch {
    return undefined;
  }
  // eslint-disable-next-line no-control-regex
  return /[\u0000-\u0008\u000b-\u001f\u007f\u0085\u2028\u2029\ufeff]/.test(text) ? undefined : text;
}

/** cloud-init's octal permission string, e.g. 0644, 0755, 04755. */
export function octalPermissions(mode: number): string {
  return `0${mode.toString(8).padStart(3, '0')}`;
}

function writeFile(f: MachineFile) {
  const text = asPlainText(f.bytes);
  return {
    path: f.path,
    permissions: octalPermissions(f.mode),
    owner: OWNER,
    ...(text === undefined ? { encoding: 'b64', content: Buffer.from(f.bytes).toString('base64') } : { content: text }),
  };
}

export function renderCloudConfig(config: MachineConfig): string {
  const encoder = new TextEncoder();
  const unitFiles: MachineFile[] = config.units.flatMap((u) => [
    ...(u.content !== '' ? [{ path: `${UNIT_DIR}/${u.name}`, mode: UNIT_MODE, bytes: encoder.encode(u.content) }] : []),
    ...u.dropIns.map((d) => ({ path: `${UNIT_DIR}/${u.name}.d/${d.name}`, mode: UNIT_MODE, bytes: encoder.encode(d.content) })),
  ]);
  const writeFiles = [...config.files, ...unitFiles].map(writeFile);
  const enabled = config.units.filter((u) => u.enabled);
  const runcmd = [
    ['systemctl', 'daemon-reload'],
    ...enabled.flatMap((u) => [
      ['systemctl', 'enable', u.name],
      ['systemctl', 'restart', u.name],
    ]),
  ];
  // cloud-init's schema wants at least one item where a list is given, so empty lists are left out.
  const doc = new Document(
    { ...(writeFiles.length > 0 ? { write_files: writeFiles } : {}), ...(config.units.length > 0 ? { runcmd } : {}) },
    { version: '1.1' },
  );
  return `${CLOUD_CONFIG_HEADER}\n${doc.toString({ lineWidth: 0, blockQuote: 'literal', directives: false })}`;
}
