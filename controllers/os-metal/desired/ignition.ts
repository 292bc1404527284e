/**
 * Ignition 2.3.0 userdata, byte for byte as upstream writes it (os-metal-extension v0.8.8,
 * pkg/controller/operatingsystemconfig/ignition/ignition.go, through container-linux-config-transpiler
 * v0.9.4 `types.Convert` and Go's `json.Marshal` of flatcar/ignition v0.36.2 config/v2_3/types):
 * keys in the Go structs' field order, empty sections kept as `{}`, every file on filesystem `root`
 * with `overwrite: true`, its mode in decimal and its content as a data URL.
 *
 * Deviation: upstream enables every unit; a unit with `enable: false` gets `enabled: false`.
 */
import { dataUrl } from './data-url.js';
import { goJson } from './go-json.js';
import type { MachineConfig, MachineFile, MachineUnit } from './machine-config.js';

export const IGNITION_VERSION = '2.3.0';

function file(f: MachineFile) {
  return { filesystem: 'root', overwrite: true, path: f.path, contents: { source: dataUrl(f.bytes), verification: {} }, mode: f.mode };
}

function unit(u: MachineUnit) {
  return {
    ...(u.content !== '' ? { contents: u.content } : {}),
    ...(u.dropIns.length > 0 ? { dropins: u.dropIns.map((d) => ({ ...(d.content !== '' ? { contents: d.content } : {}), name: d.name })) } : {}),
    enabled: u.enabled,
    name: u.name,
  };
}

export function renderIgnition(config: MachineConfig): string {
  return goJson({
    ignition: { config: {}, security: { tls: {} }, timeouts: {}, version: IGNITION_VERSION },
    networkd: {},
    passwd: {},
    storage: config.files.length > 0 ? { files: config.files.map(file) } : {},
    systemd: config.units.length > 0 ? { units: config.units.map(unit) } : {},
  });
}
