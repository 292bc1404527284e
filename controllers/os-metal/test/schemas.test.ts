/**
 * Every userdata of the test corpus, in both formats, against the vendored schemas; the two formats
 * put the same bytes with the same modes on the machine. The validators are shown to reject broken
 * userdata, so a pass means something.
 */
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { desiredOutput, type UserdataFormat } from '../desired/index.js';
import { goldenCases } from './golden/corpus.js';
import { cloudConfigProblems, ignitionProblems } from './schemas.js';
import { renderCases } from './render-cases.js';

interface MachineView {
  readonly files: Record<string, { mode: number; text: string }>;
  readonly enabledUnits: string[];
}

function fromIgnition(userdata: string): MachineView {
  const config = JSON.parse(userdata) as {
    storage: { files?: { path: string; mode: number; contents: { source: string } }[] };
    systemd: { units?: { name: string; enabled?: boolean; contents?: string; dropins?: { name: string; contents?: string }[] }[] };
  };
  const files: MachineView['files'] = {};
  for (const f of config.storage.files ?? []) {
    files[f.path] = { mode: f.mode, text: Buffer.from(decodeURIComponentBytes(f.contents.source.replace(/^data:,/, ''))).toString('latin1') };
  }
  for (const u of config.systemd.units ?? []) {
    if (u.contents !== undefined) files[`/etc/systemd/system/${u.name}`] = { mode: 0o644, text: Buffer.from(u.contents).toString('latin1') };
    for (const d of u.dropins ?? [])
      files[`/etc/systemd/system/${u.name}.d/${d.name}`] = { mode: 0o644, text: Buffer.from(d.contents ?? '').toString('latin1') };
  }
  return { files, enabledUnits: (config.systemd.units ?? []).filter((u) => u.enabled).map((u) => u.name) };
}

function decodeURIComponentBytes(escaped: string): Uint8Array {
  const bytes: number[] = [];
  for (let i = 0; i < escaped.length; i++) {
    if (escaped[i] === '%') {
      bytes.push(parseInt(escaped.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(escaped.charCodeAt(i));
  }
  return Uint8Array.from(bytes);
}

function fromCloudConfig(userdata: string): MachineView {
  const config = parse(userdata, { version: '1.1' }) as {
    write_files?: { path: string; permissions: string; encoding?: string; content: string }[];
    runcmd?: string[][];
  };
  const files: MachineView['files'] = {};
  for (const f of config.write_files ?? []) {
    const bytes = f.encoding === 'b64' ? Buffer.from(f.content, 'base64') : Buffer.from(f.content, 'utf8');
    files[f.path] = { mode: parseInt(f.permissions, 8), text: bytes.toString('latin1') };
  }
  const enabledUnits = (config.runcmd ?? []).filter((c) => c[0] === 'systemctl' && c[1] === 'enable').map((c) => c[2] ?? '');
  return { files, enabledUnits };
}

const provisionCases = renderCases().filter((c) => c.osc.spec.purpose === 'provision');

describe('userdata of the corpus', () => {
  it('renders enough provision cases in both formats to mean something', () => {
    expect(provisionCases.length).toBeGreaterThanOrEqual(15);
  });

  it.each(provisionCases.map((c) => [c.name, c] as const))('%s: valid Ignition 2.3.0 and cloud-config, same files and units', (_name, c) => {
    const userdata = (format: UserdataFormat) => {
      const result = desiredOutput(c.osc, { format, secrets: c.secrets ?? {} });
      if (!result.ok) throw new Error(JSON.stringify(result.problems));
      return result.output.userdata ?? '';
    };
    const ignition = userdata('ignition');
    const cloudConfig = userdata('cloud-init');
    expect(ignitionProblems(ignition)).toEqual([]);
    expect(cloudConfigProblems(cloudConfig)).toEqual([]);
    expect(fromCloudConfig(cloudConfig)).toEqual(fromIgnition(ignition));
  });
});

describe('the validators reject broken userdata', () => {
  const valid = desiredOutput(goldenCases.find((c) => c.name === 'provision-units')!.osc, { format: 'ignition' });
  const ignition = valid.ok ? (valid.output.userdata ?? '') : '';

  it('Ignition: wrong version, wrong type, missing required field, undeclared key', () => {
    expect(ignitionProblems(ignition)).toEqual([]);
    const config = JSON.parse(ignition) as { ignition: { version: string }; systemd: { units: Record<string, unknown>[] } };
    expect(ignitionProblems(JSON.stringify({ ...config, ignition: { version: '3.0.0' } }))).toEqual(['/ignition/version is "3.0.0", expected "2.3.0"']);
    const unit = config.systemd.units[0]!;
    const withUnit = (u: Record<string, unknown>) => JSON.stringify({ ...config, systemd: { units: [u] } });
    expect(ignitionProblems(withUnit({ ...unit, enabled: 'yes' })).join()).toMatch(/\/systemd\/units\/0\/enabled must be boolean,null/);
    const { name: _name, ...nameless } = unit;
    expect(ignitionProblems(withUnit(nameless)).join()).toMatch(/must have required property 'name'/);
    expect(ignitionProblems(withUnit({ ...unit, enable_now: true }))).toEqual(['/systemd/units/0/enable_now is not declared by the Ignition 2.3.0 schema']);
    expect(
      ignitionProblems(
        JSON.stringify({ ...config, storage: { files: [{ filesystem: 'root', path: '/a', mode: 420, contents: { source: 'data:,', sha: 'x' } }] } }),
      ),
    ).toEqual(['/storage/files/0/contents/sha is not declared by the Ignition 2.3.0 schema']);
  });

  it('cloud-config: missing header, numeric permissions, unknown encoding, unknown write_files key', () => {
    expect(cloudConfigProblems('#cloud-config\nwrite_files:\n  - path: /a\n    permissions: "0644"\n    content: x\n')).toEqual([]);
    expect(cloudConfigProblems('write_files: []\n')).toEqual(['the first line is not "#cloud-config"']);
    expect(cloudConfigProblems('#cloud-config\nwrite_files:\n  - path: /a\n    permissions: 0644\n').join()).toMatch(
      /\/write_files\/0\/permissions must be string/,
    );
    expect(cloudConfigProblems('#cloud-config\nwrite_files:\n  - path: /a\n    encoding: base32\n').join()).toMatch(
      /must be equal to one of the allowed values/,
    );
    expect(cloudConfigProblems('#cloud-config\nwrite_files:\n  - path: /a\n    mode: "0644"\n').join()).toMatch(/must NOT have additional properties.*"mode"/);
    expect(cloudConfigProblems('#cloud-config\nruncmd: []\n').join()).toMatch(/\/runcmd must NOT have fewer than 1 items/);
  });
});
