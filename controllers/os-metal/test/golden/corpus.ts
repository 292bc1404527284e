/**
 * OperatingSystemConfigs on which metal-garden's os-metal is compared with upstream's
 * (os-metal-extension v0.8.8, run by test/envtest/cmd/os-metal-golden; see README.md here). Each case
 * either must match upstream exactly, or names the deliberate deviation (specs: "Where upstream is
 * wrong — do better") that the test checks instead.
 */
import type { OperatingSystemConfig, OscFile, SecretsByName, Unit } from '../../desired/index.js';

export interface GoldenCase {
  readonly name: string;
  readonly osc: OperatingSystemConfig;
  /** Secret data for secretRef files (upstream ignores them). */
  readonly secrets?: SecretsByName;
  /** For cases upstream rejects: the field metal-garden's problem names. */
  readonly problemAt?: string;
  /** Set where metal-garden deliberately differs from upstream; the golden test checks the difference instead. */
  readonly deviation?: 'dns-ntp-without-mirrors' | 'secret-ref-resolved' | 'enable-false-honoured' | 'duplicate-mirror-rejected' | 'unknown-field-rejected';
}

const API_VERSION = 'metal.provider.extensions.gardener.cloud/v1alpha1';

function osc(purpose: string, spec: Partial<OperatingSystemConfig['spec']> = {}): OperatingSystemConfig {
  return {
    apiVersion: 'extensions.gardener.cloud/v1alpha1',
    kind: 'OperatingSystemConfig',
    metadata: { name: 'worker-a1b2c', namespace: 'shoot--project--cluster' },
    spec: { type: 'ubuntu', purpose, ...spec },
  };
}

function isolation(networkIsolation: Record<string, unknown>): Record<string, unknown> {
  return {
    apiVersion: API_VERSION,
    kind: 'ImageProviderConfig',
    networkIsolation: { allowedNetworks: { egress: ['10.0.0.0/8'], ingress: ['10.0.0.0/8'] }, ...networkIsolation },
  };
}

const plain = (path: string, data: string, permissions?: number): OscFile => ({
  path,
  ...(permissions === undefined ? {} : { permissions }),
  content: { inline: { encoding: '', data } },
});
const b64 = (path: string, bytes: Uint8Array | string, permissions?: number): OscFile => ({
  path,
  ...(permissions === undefined ? {} : { permissions }),
  content: { inline: { encoding: 'b64', data: Buffer.from(bytes).toString('base64') } },
});

const kubelet: Unit = {
  name: 'kubelet.service',
  content:
    '[Unit]\nDescription=kubelet daemon\nAfter=containerd.service\n[Install]\nWantedBy=multi-user.target\n[Service]\nRestart=always\nEnvironmentFile=/etc/environment\nExecStart=/opt/bin/kubelet --config=/var/lib/kubelet/config/kubelet $KUBELET_EXTRA_ARGS\n',
  dropIns: [{ name: '10-extra.conf', content: '[Service]\nEnvironment="A=1&B=<2>"\n' }],
};

const mirrors = [
  { name: 'harbor', endpoint: 'https://r.metal-stack.io', ip: '10.1.1.1', port: 443, mirrorOf: ['docker.io', 'ghcr.io', 'quay.io'] },
  { name: 'local', endpoint: 'http://10.1.1.2:5000', ip: '10.1.1.2', port: 5000, mirrorOf: ['registry.k8s.io'] },
];
const containerdCgroupfs = { name: 'containerd', cgroupDriver: 'cgroupfs' };
const containerdSystemd = { name: 'containerd', cgroupDriver: 'systemd' };
const allBytes = Uint8Array.from({ length: 256 }, (_, i) => i);

export const goldenCases: readonly GoldenCase[] = [
  { name: 'provision-minimal', osc: osc('provision', { files: [plain('/etc/hostname', 'worker')] }) },
  { name: 'provision-empty', osc: osc('provision') },
  {
    name: 'provision-files',
    osc: osc('provision', {
      files: [
        plain('/etc/default-mode', 'no permissions given\n'),
        plain('/etc/plain', 'a b&c<d>e "f" \'g\' % + / ? # [x] = ~ * ! ( ) ; : , @ $ \\ ü € 😀\n\ttab\r\n', 0o600),
        b64('/opt/bin/script.sh', '#!/bin/bash\necho "hello"\n', 0o755),
        b64('/var/lib/binary', allBytes, 0o644),
        plain('/etc/empty', ''),
        { path: '/etc/no-content', content: {} },
        plain('/etc/mode-zero', 'x', 0),
        plain('/etc/setuid', 'x', 0o4755),
        plain('/etc/max-mode', 'x', 0o7777),
        { path: '/etc/b64-with-newlines', permissions: 0o644, content: { inline: { encoding: 'b64', data: 'aGVs\nbG8g\r\nd29y\nbGQ=' } } },
        { path: '/etc/transmit-unencoded', content: { inline: { encoding: '', data: 'kept' }, transmitUnencoded: true } },
      ],
    }),
  },
  {
    name: 'provision-units',
    osc: osc('provision', {
      units: [
        kubelet,
        {
          name: 'containerd.service',
          dropIns: [{ name: '11-exec_config.conf', content: '[Service]\nExecStart=\nExecStart=/usr/bin/containerd --config=/etc/containerd/config.toml\n' }],
        },
        { name: 'empty-dropin.service', content: '[Service]\nExecStart=/bin/true\n', dropIns: [{ name: 'empty.conf', content: '' }] },
        { name: 'no-content.timer' },
        {
          name: 'comments.service',
          content:
            '# comment \\\n  continued\n; other comment\n[Unit]\r\nDescription=crlf\r\n\n[Service]\nExecStart=/bin/sh -c \\\n  "echo continued"\nEmpty=\n',
        },
        { name: 'enabled-explicitly.service', content: '[Service]\nExecStart=/bin/true\n', enable: true, command: 'start', filePaths: ['/etc/plain'] },
      ],
    }),
  },
  {
    name: 'provision-containerd-isolation',
    osc: osc('provision', {
      criConfig: containerdCgroupfs,
      files: [plain('/etc/hostname', 'worker'), plain('/etc/resolv.conf', 'nameserver 8.8.8.8\n', 0o600), plain('/etc/after', 'after')],
      units: [kubelet],
      providerConfig: isolation({ dnsServers: ['10.1.0.53', '10.2.0.53'], ntpServers: ['10.1.0.123', 'ntp.example.org'], registryMirrors: mirrors }),
    }),
  },
  {
    name: 'provision-containerd-systemd-mirrors',
    osc: osc('provision', { criConfig: containerdSystemd, providerConfig: isolation({ registryMirrors: mirrors }) }),
  },
  {
    name: 'provision-mirrors-without-containerd',
    osc: osc('provision', { files: [plain('/etc/a', 'a')], providerConfig: isolation({ dnsServers: ['10.1.0.53'], registryMirrors: mirrors }) }),
  },
  {
    name: 'provision-endpoint-quoting',
    osc: osc('provision', {
      criConfig: containerdCgroupfs,
      providerConfig: isolation({ registryMirrors: [{ endpoint: 'https://we"ird\\end\tpoint/ü\u0001', mirrorOf: ['example.com:5000'] }] }),
    }),
  },
  { name: 'provision-provider-config-null-fields', osc: osc('provision', { providerConfig: isolation({ dnsServers: null, registryMirrors: null }) }) },
  {
    name: 'provision-provider-config-without-type-meta',
    osc: osc('provision', { criConfig: containerdCgroupfs, providerConfig: { networkIsolation: { registryMirrors: mirrors } } }),
  },
  { name: 'reconcile-no-cri', osc: osc('reconcile', { files: [plain('/etc/a', 'a')], units: [kubelet] }) },
  { name: 'reconcile-containerd-cgroupfs', osc: osc('reconcile', { criConfig: containerdCgroupfs }) },
  { name: 'reconcile-containerd-no-cgroup-driver', osc: osc('reconcile', { criConfig: { name: 'containerd' } }) },
  { name: 'reconcile-containerd-systemd', osc: osc('reconcile', { criConfig: containerdSystemd }) },
  {
    name: 'reconcile-isolation',
    osc: osc('reconcile', {
      criConfig: containerdCgroupfs,
      providerConfig: isolation({ dnsServers: ['10.1.0.53'], ntpServers: ['10.1.0.123'], registryMirrors: mirrors }),
    }),
  },
  {
    name: 'reconcile-isolation-systemd',
    osc: osc('reconcile', { criConfig: containerdSystemd, providerConfig: isolation({ dnsServers: ['10.1.0.53'], registryMirrors: mirrors }) }),
  },
  {
    name: 'reconcile-mirrors-without-containerd',
    osc: osc('reconcile', { providerConfig: isolation({ ntpServers: ['10.1.0.123'], registryMirrors: mirrors }) }),
  },

  // Errors upstream reports too.
  { name: 'error-unknown-purpose', problemAt: 'spec.purpose', osc: osc('bootstrap') },
  {
    name: 'error-provider-config-wrong-type',
    problemAt: 'spec.providerConfig.networkIsolation.dnsServers',
    osc: osc('reconcile', { providerConfig: isolation({ dnsServers: '10.1.0.53' }) }),
  },
  { name: 'error-provider-config-not-an-object', problemAt: 'spec.providerConfig', osc: osc('reconcile', { providerConfig: [] }) },
  { name: 'error-relative-path', problemAt: 'spec.files[0].path', osc: osc('provision', { files: [plain('etc/relative', 'x')] }) },
  { name: 'error-mode-too-large', problemAt: 'spec.files[0].permissions', osc: osc('provision', { files: [plain('/etc/x', 'x', 0o10000)] }) },
  { name: 'error-mode-negative', problemAt: 'spec.files[0].permissions', osc: osc('provision', { files: [plain('/etc/x', 'x', -1)] }) },
  {
    name: 'error-invalid-b64',
    problemAt: 'spec.files[0].content.inline.data',
    osc: osc('provision', { files: [{ path: '/etc/x', content: { inline: { encoding: 'b64', data: 'aGVsbG8' } } }] }),
  },
  {
    name: 'error-unknown-encoding',
    problemAt: 'spec.files[0].content.inline.encoding',
    osc: osc('provision', { files: [{ path: '/etc/x', content: { inline: { encoding: 'gzip', data: 'x' } } }] }),
  },
  {
    name: 'error-unit-name',
    problemAt: 'spec.units[0].name',
    osc: osc('provision', { units: [{ name: 'kubelet', content: '[Service]\nExecStart=/bin/true\n' }] }),
  },
  {
    name: 'error-dropin-name',
    problemAt: 'spec.units[0].dropIns[0].name',
    osc: osc('provision', { units: [{ name: 'a.service', dropIns: [{ name: '10-a', content: '[Service]\n' }] }] }),
  },
  {
    name: 'error-unit-section-unterminated',
    problemAt: 'spec.units[0].content',
    osc: osc('provision', { units: [{ name: 'a.service', content: '[Service\nExecStart=/bin/true\n' }] }),
  },
  {
    name: 'error-unit-garbage-after-section',
    problemAt: 'spec.units[0].content',
    osc: osc('provision', { units: [{ name: 'a.service', content: '[Service] x\n' }] }),
  },
  {
    name: 'error-unit-option-without-value',
    problemAt: 'spec.units[0].content',
    osc: osc('provision', { units: [{ name: 'a.service', content: '[Service]\nExecStart\n' }] }),
  },
  {
    name: 'error-unit-option-at-eof',
    problemAt: 'spec.units[0].content',
    osc: osc('provision', { units: [{ name: 'a.service', content: '[Service]\nExecStart' }] }),
  },
  {
    name: 'error-dropin-content',
    problemAt: 'spec.units[0].dropIns[0].content',
    osc: osc('provision', { units: [{ name: 'a.service', dropIns: [{ name: 'a.conf', content: '[Service\n' }] }] }),
  },
  {
    name: 'error-unit-line-too-long',
    problemAt: 'spec.units[0].content',
    osc: osc('provision', { units: [{ name: 'a.service', content: `[Service]\nExecStart=/bin/echo ${'x'.repeat(3000)}\n` }] }),
  },
  {
    name: 'error-unit-long-last-line',
    problemAt: 'spec.units[0].content',
    osc: osc('provision', { units: [{ name: 'a.service', content: `[Service]\nExecStart=/bin/echo ${'x'.repeat(2040)}` }] }),
  },
  {
    // go-systemd checks line length on what its 4096-byte read buffer holds, so a long line that
    // starts late in the buffer passes (systemd would truncate it; upstream renders it anyway).
    name: 'provision-unit-long-line-across-buffer',
    osc: osc('provision', {
      units: [{ name: 'a.service', content: `[Service]\n${'Environment=A=1\n'.repeat(200)}ExecStart=/bin/echo ${'y'.repeat(2100)}\nUser=root\n` }],
    }),
  },
  { name: 'provision-unit-before-section', osc: osc('provision', { units: [{ name: 'a.service', content: 'ExecStart=/bin/true\n[Service]\n' }] }) },

  // Deliberate deviations: the golden records what upstream does, the test checks what metal-garden does.
  {
    name: 'deviation-dns-ntp-without-mirrors',
    deviation: 'dns-ntp-without-mirrors',
    osc: osc('reconcile', { criConfig: containerdSystemd, providerConfig: isolation({ dnsServers: ['10.1.0.53', '10.2.0.53'], ntpServers: ['10.1.0.123'] }) }),
  },
  {
    name: 'deviation-dns-ntp-without-mirrors-provision',
    deviation: 'dns-ntp-without-mirrors',
    osc: osc('provision', { files: [plain('/etc/hostname', 'worker')], providerConfig: isolation({ dnsServers: ['10.1.0.53'], ntpServers: ['10.1.0.123'] }) }),
  },
  {
    name: 'deviation-secret-ref',
    deviation: 'secret-ref-resolved',
    osc: osc('provision', {
      files: [
        plain('/etc/a', 'a'),
        { path: '/var/lib/kubelet/token', permissions: 0o600, content: { secretRef: { name: 'bootstrap-token', dataKey: 'token' } } },
      ],
    }),
    secrets: { 'bootstrap-token': { token: Buffer.from('abcdef.0123456789abcdef').toString('base64') } },
  },
  {
    name: 'deviation-enable-false',
    deviation: 'enable-false-honoured',
    osc: osc('provision', { units: [kubelet, { name: 'debug.service', enable: false, content: '[Service]\nExecStart=/bin/true\n' }] }),
  },
  {
    name: 'deviation-duplicate-mirror',
    deviation: 'duplicate-mirror-rejected',
    osc: osc('reconcile', {
      criConfig: containerdSystemd,
      providerConfig: isolation({
        registryMirrors: [
          { endpoint: 'https://a.example', mirrorOf: ['docker.io'] },
          { endpoint: 'https://b.example', mirrorOf: ['ghcr.io', 'docker.io'] },
        ],
      }),
    }),
  },
  {
    name: 'deviation-unknown-field',
    deviation: 'unknown-field-rejected',
    osc: osc('reconcile', {
      criConfig: containerdSystemd,
      providerConfig: { apiVersion: API_VERSION, kind: 'ImageProviderConfig', networkIsolaton: { registryMirrors: mirrors } },
    }),
  },
];
