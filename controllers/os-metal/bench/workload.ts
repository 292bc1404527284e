// What the benchmark creates: OperatingSystemConfigs shaped like the one Gardener's gardenlet
// writes for a worker pool's first boot (purpose provision, the gardener-node-init unit and its
// files, b64 content, metal's network isolation), the Cluster of each shoot namespace, and the
// plain objects of the SSA floor. Pure: names and sizes in, objects out.
import type { KubeObject } from '../../runtime/object.js';

export const OSC_API_VERSION = 'extensions.gardener.cloud/v1alpha1';
export const OSC_PATH = `/apis/${OSC_API_VERSION}`;

export const shootNamespace = (index: number): string => `shoot--bench--cluster-${index}`;
export const oscName = (index: number): string => `worker-pool-${index}-provision`;

const b64 = (text: string): string => Buffer.from(text).toString('base64');

// gardener-node-init.service and its script as Gardener v1.138 renders them (abridged, same shape and size).
const NODE_INIT_UNIT = `[Unit]
Description=Downloads the gardener-node-agent binary from the container registry and bootstraps it.
After=network-online.target
Wants=network-online.target
[Service]
Type=oneshot
Restart=on-failure
RestartSec=5
StartLimitBurst=0
EnvironmentFile=/etc/environment
ExecStart=/var/lib/gardener-node-agent/init.sh
[Install]
WantedBy=multi-user.target
`;

const NODE_INIT_SCRIPT = `#!/bin/bash
set -o errexit
set -o nounset
set -o pipefail

echo "> Prepare temporary directory for image pull and mount"
image_ref="europe-docker.pkg.dev/gardener-project/releases/gardener/node-agent:v1.138.3"
tmp_dir="$(mktemp -d)"
unmount() {
  ctr images unmount "$tmp_dir" && rm -rf "$tmp_dir"
}
trap unmount EXIT

echo "> Pull gardener-node-agent image and mount it to the temporary directory"
ctr images pull --hosts-dir "/etc/containerd/certs.d" "$image_ref"
ctr images mount "$image_ref" "$tmp_dir"

echo "> Copy gardener-node-agent binary to host (/opt/bin) and make it executable"
mkdir -p "/opt/bin"
cp -f "$tmp_dir/ko-app/gardener-node-agent" "/opt/bin" || cp -f "$tmp_dir/gardener-node-agent" "/opt/bin"
chmod +x "/opt/bin/gardener-node-agent"

echo "> Bootstrap gardener-node-agent"
exec "/opt/bin/gardener-node-agent" bootstrap --config-dir="/var/lib/gardener-node-agent"
`;

const NODE_AGENT_CONFIG = (namespace: string): string => `apiVersion: nodeagent.config.gardener.cloud/v1alpha1
kind: NodeAgentConfiguration
apiServer:
  caBundle: ${b64(`-----BEGIN CERTIFICATE-----\n${'MIIDBTCCAe2gAwIBAgIIQ2xvdWRDQTAeFw0yNTAxMDEwMDAwMDBaFw0zNTAxMDEwMDAwMDBa'.repeat(12)}\n-----END CERTIFICATE-----\n`)}
  server: https://api.${namespace}.metal.example.org
bootstrap:
  kubeletDataVolumeSize: 0
clientConnection:
  acceptContentTypes: application/json
  contentType: application/json
  qps: 100
  burst: 100
controllers:
  operatingSystemConfig:
    kubernetesVersion: 1.33.5
    secretName: gardener-node-agent-worker-pool-77ac3
    syncJitterPeriod: 5m0s
  token:
    syncConfigs:
    - path: /var/lib/gardener-node-agent/credentials/token
      secretName: gardener-node-agent
logFormat: json
logLevel: info
server:
  healthProbes:
    port: 2751
  metrics:
    port: 2752
`;

/** A provision OSC of a metal worker pool, with Gardener's `reconcile` annotation (what gardenlet sets on create). */
export function provisionOsc(namespace: string, name: string): KubeObject {
  return {
    apiVersion: OSC_API_VERSION,
    kind: 'OperatingSystemConfig',
    metadata: {
      name,
      namespace,
      annotations: { 'gardener.cloud/operation': 'reconcile' },
      labels: { 'worker.gardener.cloud/pool': 'worker-pool', 'worker.gardener.cloud/image-name': 'ubuntu' },
    },
    spec: {
      type: 'ubuntu',
      purpose: 'provision',
      criConfig: { name: 'containerd', cgroupDriver: 'systemd' },
      providerConfig: {
        apiVersion: 'metal.provider.extensions.gardener.cloud/v1alpha1',
        kind: 'ImageProviderConfig',
        networkIsolation: {
          allowedNetworks: { ingress: ['10.0.0.0/8'], egress: ['10.0.0.0/8', '100.64.0.0/10'] },
          dnsServers: ['10.1.0.53', '10.2.0.53'],
          ntpServers: ['10.1.0.123', '10.2.0.123'],
          registryMirrors: [{ name: 'harbor', endpoint: 'https://r.metal-stack.io', ip: '10.1.1.1', port: 443, mirrorOf: ['docker.io', 'ghcr.io', 'quay.io'] }],
        },
      },
      units: [
        { name: 'gardener-node-init.service', command: 'start', enable: true, content: NODE_INIT_UNIT },
        {
          name: 'containerd.service',
          dropIns: [{ name: '10-require-registry-mirrors.conf', content: '[Unit]\nAfter=network-online.target\nWants=network-online.target\n' }],
        },
      ],
      files: [
        { path: '/var/lib/gardener-node-agent/init.sh', permissions: 0o755, content: { inline: { encoding: 'b64', data: b64(NODE_INIT_SCRIPT) } } },
        {
          path: '/var/lib/gardener-node-agent/config.yaml',
          permissions: 0o600,
          content: { inline: { encoding: 'b64', data: b64(NODE_AGENT_CONFIG(namespace)) } },
        },
        {
          path: '/var/lib/gardener-node-agent/credentials/bootstrap-token',
          permissions: 0o640,
          content: { inline: { encoding: '', data: '<<BOOTSTRAP_TOKEN>>' } },
        },
        { path: '/var/lib/gardener-node-agent/machine-name', permissions: 0o640, content: { inline: { encoding: '', data: '<<MACHINE_NAME>>' } } },
        {
          path: '/etc/containerd/certs.d/docker.io/hosts.toml',
          permissions: 0o644,
          content: { inline: { encoding: '', data: 'server = "https://registry-1.docker.io"\n' } },
        },
      ],
    },
  };
}

/** Gardener's Cluster of a shoot namespace, with the parts an extension reads (shoot state, annotations) and a plausible size. */
export function cluster(namespace: string): KubeObject {
  const machineTypes = Array.from({ length: 12 }, (_, i) => ({ name: `c1-xlarge-x86-${i}`, cpu: '32', gpu: '0', memory: '256Gi', usable: true }));
  return {
    apiVersion: OSC_API_VERSION,
    kind: 'Cluster',
    metadata: { name: namespace },
    spec: {
      cloudProfile: { apiVersion: 'core.gardener.cloud/v1beta1', kind: 'CloudProfile', metadata: { name: 'metal' }, spec: { type: 'metal', machineTypes } },
      seed: { apiVersion: 'core.gardener.cloud/v1beta1', kind: 'Seed', metadata: { name: 'bench-seed' }, spec: { provider: { type: 'metal', region: 'muc' } } },
      shoot: {
        apiVersion: 'core.gardener.cloud/v1beta1',
        kind: 'Shoot',
        metadata: { name: namespace.replace(/^shoot--bench--/, ''), namespace: 'garden-bench' },
        spec: { provider: { type: 'metal', workers: [{ name: 'worker-pool', machine: { type: 'c1-xlarge-x86-0', image: { name: 'ubuntu' } } }] } },
        status: { lastOperation: { type: 'Reconcile', state: 'Processing', progress: 40 } },
      },
    },
  };
}

/** A Secret with `bytes` of userdata, like the `osc-result-*` Secret the controller applies. */
export function userdataSecret(namespace: string, name: string, userdata: string): KubeObject {
  return { apiVersion: 'v1', kind: 'Secret', metadata: { name, namespace }, type: 'Opaque', data: { cloud_config: b64(userdata) } };
}
