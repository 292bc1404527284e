import { resolve } from 'node:path';
import { vendoredReleases } from '../../../charts/landscape/release-source.js';
import type { LandscapeInput } from '../../../charts/landscape/schema/landscape.js';
import type { Problem } from '../../../charts/landscape/problems.js';
import { DEFAULT_FILESYSTEM_LAYOUT } from '../../../charts/landscape/schema/metal-control-plane.js';
import { fake } from './fake-secrets.js';

/**
 * Broken landscapes: each case is a small change to landscapes/default.yaml and the exact problems
 * (field path and message) that validation must report for it — no more, no fewer.
 *
 * `set` assigns values at field paths written like problem paths (`spec.seeds.shooted[1].networks.pods`);
 * `undefined` deletes the field. `modify` is for changes a path cannot express (appending entries).
 */
export interface BrokenLandscape {
  readonly name: string;
  readonly set?: Readonly<Record<string, unknown>>;
  readonly modify?: (spec: Spec) => void;
  readonly problems: readonly Problem[];
}

/** The raw (input) spec of the parsed YAML; cases only touch a few fields. */
export type Spec = LandscapeInput['spec'];

const GARDENER_138 = 'Gardener v1.138.3 (gardener-operator of the release vector) supports 1.30, 1.31, 1.32, 1.33, 1.34, 1.35';
const SEED_A = 'spec.seeds.shooted[0]';
const SEED_B = 'spec.seeds.shooted[1]';
const NO_UNDERLAY_FRA_EQU01: Problem = {
  path: 'spec.metalControlPlane.networks',
  message:
    'partition "fra-equ01" has no underlay network: metal-api allocates a firewall only in a partition with an underlay network (its underlay address comes from there); add a network of kind underlay with partition fra-equ01',
};

/** The message of a secret value found in a landscape field (charts/landscape/secrets/landscape-values.ts), spelled out once. */
function leaked(what: string, prefix: string, length: number, options: { url?: boolean; key?: boolean } = {}): string {
  const instead = options.url
    ? 'remove the credentials from the URL and put them into a Secret referenced by name'
    : 'put the value into a Secret and reference it by name';
  return (
    `${options.key ? 'has a field whose name is' : 'holds'} a secret value: ${what}, "${prefix}…", ${length} characters; ` +
    `dist/ is committed to git, so the landscape takes no secret values: ${instead} (a secretRef: only the Secret's name is written; dist/required-secrets.yaml lists the Secrets a landscape uses)`
  );
}

export const corpus: readonly BrokenLandscape[] = [
  // ---- shape (zod schema, parse.ts) ----
  {
    name: 'unknown field names the accepted fields',
    set: { 'spec.runtime.networks.node': '10.0.0.0/20' },
    problems: [{ path: 'spec.runtime.networks', message: 'unknown field "node"; accepted: nodes, pods, services' }],
  },
  {
    name: 'unknown extension names the known extensions',
    set: { 'spec.extensions.networking-flannel': { enabled: true } },
    problems: [
      {
        path: 'spec.extensions',
        message:
          'unknown field "networking-flannel"; accepted: provider-metal, os-metal, networking-calico, networking-cilium, shoot-cert-service, shoot-dns-service, dns-powerdns, backup-s3',
      },
    ],
  },
  {
    name: 'bad enum value names the accepted values',
    set: { 'spec.metalControlPlane.sizes[0].purpose': 'storage' },
    problems: [{ path: 'spec.metalControlPlane.sizes[0].purpose', message: 'got "storage": expected one of "machine", "firewall"' }],
  },
  {
    name: 'bad type names the value and the type',
    set: { [`${SEED_A}.workers[0].minimum`]: 'three' },
    problems: [{ path: `${SEED_A}.workers[0].minimum`, message: 'got "three": expected number' }],
  },
  {
    name: 'malformed CIDR',
    set: { [`${SEED_B}.networks.pods`]: '10.300.0.0/16' },
    problems: [{ path: `${SEED_B}.networks.pods`, message: 'got "10.300.0.0/16": must be an IPv4 CIDR, e.g. 10.0.0.0/16' }],
  },
  {
    name: 'empty list that needs an entry',
    set: { 'spec.cloudProfile.regions': [] },
    problems: [{ path: 'spec.cloudProfile.regions', message: 'got []: needs at least 1 entry' }],
  },
  {
    name: 'missing required field',
    set: { 'spec.runtime.ingress.domain': undefined },
    problems: [{ path: 'spec.runtime.ingress.domain', message: 'is required (expected string)' }],
  },

  // ---- CIDRs ----
  {
    name: 'CIDR with host bits set names the canonical CIDR',
    set: { [`${SEED_B}.networks.pods`]: '10.162.1.0/16' },
    problems: [{ path: `${SEED_B}.networks.pods`, message: '"10.162.1.0/16" has host bits set; use 10.162.0.0/16' }],
  },
  {
    name: 'shooted seed pods overlap runtime pods',
    set: { [`${SEED_B}.networks.pods`]: '10.4.0.0/16' },
    problems: [{ path: `${SEED_B}.networks.pods`, message: '10.4.0.0/16 overlaps spec.runtime.networks.pods (10.4.0.0/14)' }],
  },
  {
    name: 'runtime services overlap runtime pods',
    set: { 'spec.runtime.networks.services': '10.4.0.0/20' },
    problems: [{ path: 'spec.runtime.networks.services', message: '10.4.0.0/20 overlaps spec.runtime.networks.pods (10.4.0.0/14)' }],
  },
  {
    name: 'soil shoot defaults overlap runtime nodes and pods',
    set: { 'spec.seeds.soil.shootDefaults.pods': '10.0.0.0/13' },
    problems: [
      { path: 'spec.seeds.soil.shootDefaults.pods', message: '10.0.0.0/13 overlaps spec.runtime.networks.nodes (10.0.0.0/20)' },
      { path: 'spec.seeds.soil.shootDefaults.pods', message: '10.0.0.0/13 overlaps spec.runtime.networks.pods (10.4.0.0/14)' },
    ],
  },
  {
    name: 'shooted seed services overlap its pods',
    set: { [`${SEED_A}.networks.services`]: '10.160.128.0/17' },
    problems: [{ path: `${SEED_A}.networks.services`, message: '10.160.128.0/17 overlaps spec.seeds.shooted[0].networks.pods (10.160.0.0/16)' }],
  },
  {
    name: 'shooted seed shoot defaults overlap the privateSuper network its nodes come from',
    set: { [`${SEED_A}.shootDefaults.pods`]: '10.128.0.0/11' },
    problems: [{ path: `${SEED_A}.shootDefaults.pods`, message: '10.128.0.0/11 overlaps spec.metalControlPlane.networks[2].prefixes[0] (10.128.0.0/14)' }],
  },
  {
    name: 'shooted seed services overlap soil shoot defaults',
    set: { [`${SEED_A}.networks.services`]: '10.100.0.0/16' },
    problems: [{ path: `${SEED_A}.networks.services`, message: '10.100.0.0/16 overlaps spec.seeds.soil.shootDefaults.pods (10.96.0.0/13)' }],
  },
  {
    name: 'shooted seed pods overlap the privateSuper network (tenant node networks)',
    set: { [`${SEED_B}.networks.pods`]: '10.129.0.0/16' },
    problems: [{ path: `${SEED_B}.networks.pods`, message: '10.129.0.0/16 overlaps spec.metalControlPlane.networks[2].prefixes[0] (10.128.0.0/14)' }],
  },
  {
    name: 'shooted seed with a preset node network',
    set: { [`${SEED_B}.networks.nodes`]: '10.128.4.0/22' },
    problems: [
      {
        path: `${SEED_B}.networks.nodes`,
        message:
          '10.128.4.0/22 must not be set: provider-metal allocates the node network of shooted seed "fra-equ01-b" from the privateSuper network of partition fra-equ01; remove nodes',
      },
    ],
  },
  {
    name: 'worker size no filesystem layout covers',
    set: {
      'spec.metalControlPlane.filesystemLayouts': [
        {
          id: 'small',
          sizes: ['c1-large-x86', 'n1-medium-x86'],
          disks: [{ device: '/dev/sda', partitions: [{ number: 1, size: 0 }] }],
          filesystems: [{ path: '/', device: '/dev/sda1', format: 'ext4' }],
        },
      ],
    },
    problems: [
      {
        path: `${SEED_A}.workers[0]`,
        message:
          'no filesystem layout in spec.metalControlPlane.filesystemLayouts matches size c1-xlarge-x86 with image ubuntu-24.4.20251001; metal-api cannot allocate the machine (layouts: small)',
      },
    ],
  },
  {
    name: 'two filesystem layouts for one size and image',
    set: {
      'spec.metalControlPlane.filesystemLayouts': [
        DEFAULT_FILESYSTEM_LAYOUT,
        {
          id: 'nvme',
          sizes: ['c1-large-x86'],
          images: { ubuntu: '>= 24.0' },
          disks: [{ device: '/dev/nvme0n1', partitions: [{ number: 1, size: 0 }] }],
          filesystems: [{ path: '/', device: '/dev/nvme0n1p1', format: 'ext4' }],
        },
      ],
    },
    problems: [
      {
        path: 'spec.metalControlPlane.filesystemLayouts[1].images.ubuntu',
        message:
          'layout "nvme" and layout "default" (filesystemLayouts[0]) both match size c1-large-x86 with os ubuntu (">= 24.0" and "*"); metal-api needs exactly one layout per size and image',
      },
    ],
  },
  {
    name: 'filesystem on a device the layout does not provide',
    set: {
      'spec.metalControlPlane.filesystemLayouts': [
        {
          ...DEFAULT_FILESYSTEM_LAYOUT,
          filesystems: DEFAULT_FILESYSTEM_LAYOUT.filesystems.map((fs) => (fs.path === '/var/lib' ? { ...fs, device: '/dev/sdb1' } : fs)),
        },
      ],
    },
    problems: [
      {
        path: 'spec.metalControlPlane.filesystemLayouts[0].filesystems[2].device',
        message:
          '"/dev/sdb1" is not provided by a disk partition, RAID array or logical volume of this layout; provided: /dev/sda, /dev/sda1, /dev/sda2, /dev/sda3, tmpfs',
      },
    ],
  },
  {
    name: 'filesystem layout image constraint without a space after the operator',
    set: { 'spec.metalControlPlane.filesystemLayouts': [{ ...DEFAULT_FILESYSTEM_LAYOUT, images: { ubuntu: '>=24.4', debian: '*', 'firewall-ubuntu': '*' } }] },
    problems: [
      {
        path: 'spec.metalControlPlane.filesystemLayouts[0].images.ubuntu',
        message: '">=24.4" is not a version constraint: use "*", a version, or an operator and a version separated by a space (">= 24.4")',
      },
    ],
  },
  {
    name: 'two default external networks',
    set: {
      'spec.metalControlPlane.networks[0].default': true,
      'spec.metalControlPlane.networks[3]': { id: 'internet-2', kind: 'internet', prefixes: ['185.1.3.0/24'], default: true },
    },
    problems: [
      { path: 'spec.metalControlPlane.networks[3].default', message: '"internet-2" and "internet" are both marked default; mark one internet network' },
    ],
  },
  {
    name: 'metal-stack network prefixes overlap',
    set: { 'spec.metalControlPlane.networks[1].prefixes[0]': '10.128.0.0/24' },
    problems: [
      {
        path: 'spec.metalControlPlane.networks[2].prefixes[0]',
        message: '10.128.0.0/14 overlaps spec.metalControlPlane.networks[1].prefixes[0] (10.128.0.0/24)',
      },
    ],
  },

  // ---- partitions ----
  {
    name: 'CloudProfile zone that is no partition',
    set: { 'spec.cloudProfile.regions[0].zones[1]': 'fra-equ02' },
    problems: [{ path: 'spec.cloudProfile.regions[0].zones[1]', message: '"fra-equ02" is not a metal-stack partition; known: fra-equ01' }],
  },
  {
    name: 'partition that is no CloudProfile zone',
    modify: (spec) => spec.metalControlPlane.partitions.push({ id: 'fra-equ02' }),
    problems: [
      {
        path: 'spec.metalControlPlane.partitions[1].id',
        message: 'partition "fra-equ02" is not a zone of any region in spec.cloudProfile.regions; zones: fra-equ01',
      },
    ],
  },
  {
    name: 'shooted seed in an unknown partition',
    set: { [`${SEED_B}.partition`]: 'fra-equ02' },
    problems: [{ path: `${SEED_B}.partition`, message: '"fra-equ02" is not a metal-stack partition; known: fra-equ01' }],
  },
  {
    name: 'network in an unknown partition',
    set: { 'spec.metalControlPlane.networks[1].partition': 'fra-equ09' },
    problems: [
      { path: 'spec.metalControlPlane.networks[1].partition', message: '"fra-equ09" is not a metal-stack partition; known: fra-equ01' },
      NO_UNDERLAY_FRA_EQU01,
    ],
  },
  {
    name: 'underlay network without partition',
    set: { 'spec.metalControlPlane.networks[1].partition': undefined },
    problems: [
      { path: 'spec.metalControlPlane.networks[1].partition', message: 'is required for a network of kind underlay; known partitions: fra-equ01' },
      NO_UNDERLAY_FRA_EQU01,
    ],
  },
  {
    name: 'second privateSuper network in a partition',
    modify: (spec) => spec.metalControlPlane.networks.push({ id: 'tenant-super-2', kind: 'privateSuper', partition: 'fra-equ01', prefixes: ['10.132.0.0/14'] }),
    problems: [
      {
        path: 'spec.metalControlPlane.networks[3].partition',
        message: 'partition "fra-equ01" already has the privateSuper network "tenant-super-fra-equ01"; metal-api allows one per partition',
      },
    ],
  },

  // ---- references ----
  {
    name: 'worker machine type that is no size',
    set: { [`${SEED_A}.workers[0].machineType`]: 'c9-huge' },
    problems: [
      { path: `${SEED_A}.workers[0].machineType`, message: '"c9-huge" is not a metal-stack size with purpose machine; known: c1-large-x86, c1-xlarge-x86' },
    ],
  },
  {
    name: 'worker machine type that is a firewall size',
    set: { [`${SEED_A}.workers[0].machineType`]: 'n1-medium-x86' },
    problems: [
      {
        path: `${SEED_A}.workers[0].machineType`,
        message: '"n1-medium-x86" is not a metal-stack size with purpose machine; known: c1-large-x86, c1-xlarge-x86',
      },
    ],
  },
  {
    name: 'worker image of an unknown OS',
    set: { [`${SEED_A}.workers[0].image.os`]: 'centos' },
    problems: [{ path: `${SEED_A}.workers[0].image.os`, message: '"centos" has no metal-stack image with feature machine; known: debian, ubuntu' }],
  },
  {
    name: 'worker image that is a firewall image',
    set: { [`${SEED_A}.workers[0].image`]: { os: 'firewall-ubuntu', version: '3.0.20251001' } },
    problems: [{ path: `${SEED_A}.workers[0].image.os`, message: '"firewall-ubuntu" has no metal-stack image with feature machine; known: debian, ubuntu' }],
  },
  {
    name: 'worker image version that does not exist',
    set: { [`${SEED_B}.workers[0].image.version`]: '22.4.20240101' },
    problems: [{ path: `${SEED_B}.workers[0].image.version`, message: '"22.4.20240101" is not a version of the ubuntu machine image; known: 24.4.20251001' }],
  },
  {
    name: 'worker minimum above maximum',
    set: { [`${SEED_A}.workers[0].minimum`]: 7 },
    problems: [{ path: `${SEED_A}.workers[0].minimum`, message: '7 is greater than maximum (6)' }],
  },
  {
    name: 'firewall image that does not exist',
    set: { [`${SEED_A}.firewall.image`]: 'firewall-ubuntu-2.0.0' },
    problems: [
      {
        path: `${SEED_A}.firewall.image`,
        message: '"firewall-ubuntu-2.0.0" is not a metal-stack image with feature firewall; known: firewall-ubuntu-3.0.20251001',
      },
    ],
  },
  {
    name: 'firewall image not offered by the CloudProfile',
    set: { [`${SEED_A}.firewall.image`]: 'firewall-ubuntu-3.1.20251101' },
    modify: (spec) =>
      spec.metalControlPlane.images.push({
        os: 'firewall-ubuntu',
        version: '3.1.20251101',
        url: 'https://images.metal.example.com/fw-3.1.tar.lz4',
        features: ['firewall'],
      }),
    problems: [
      {
        path: `${SEED_A}.firewall.image`,
        message: '"firewall-ubuntu-3.1.20251101" is not offered in spec.cloudProfile.firewall.images; offered: firewall-ubuntu-3.0.20251001',
      },
    ],
  },
  {
    name: 'firewall size that is a machine size',
    set: { [`${SEED_B}.firewall.size`]: 'c1-large-x86' },
    problems: [{ path: `${SEED_B}.firewall.size`, message: '"c1-large-x86" is not a metal-stack size with purpose firewall; known: n1-medium-x86' }],
  },
  {
    name: 'CloudProfile offers a machine image as firewall image',
    set: { 'spec.cloudProfile.firewall.images': ['ubuntu-24.4.20251001'] },
    problems: [
      {
        path: 'spec.cloudProfile.firewall.images[0]',
        message: '"ubuntu-24.4.20251001" is not a metal-stack image with feature firewall; known: firewall-ubuntu-3.0.20251001',
      },
      {
        path: `${SEED_A}.firewall.image`,
        message: '"firewall-ubuntu-3.0.20251001" is not offered in spec.cloudProfile.firewall.images; offered: ubuntu-24.4.20251001',
      },
      {
        path: `${SEED_B}.firewall.image`,
        message: '"firewall-ubuntu-3.0.20251001" is not offered in spec.cloudProfile.firewall.images; offered: ubuntu-24.4.20251001',
      },
    ],
  },
  {
    name: 'CloudProfile offers an unknown firewall size',
    set: { 'spec.cloudProfile.firewall.sizes[1]': 'n2-medium-x86' },
    problems: [
      { path: 'spec.cloudProfile.firewall.sizes[1]', message: '"n2-medium-x86" is not a metal-stack size with purpose firewall; known: n1-medium-x86' },
    ],
  },
  {
    name: 'firewall joins an underlay network',
    set: { [`${SEED_A}.firewall.networks`]: ['internet', 'underlay-fra-equ01'] },
    problems: [
      {
        path: `${SEED_A}.firewall.networks[1]`,
        message: 'network "underlay-fra-equ01" has kind underlay; a firewall joins internet or shared networks: internet',
      },
    ],
  },
  {
    name: 'firewall joins an unknown network',
    set: { [`${SEED_A}.firewall.networks`]: ['internet-dc'] },
    problems: [{ path: `${SEED_A}.firewall.networks[0]`, message: '"internet-dc" is not a metal-stack network; internet and shared networks: internet' }],
  },
  {
    name: 'firewall controller version not offered',
    set: { [`${SEED_B}.firewall.controllerVersion`]: 'v2.4.0' },
    problems: [{ path: `${SEED_B}.firewall.controllerVersion`, message: '"v2.4.0" is not in spec.cloudProfile.firewall.controllerVersions; offered: v2.5.0' }],
  },
  {
    name: 'no supported firewall controller version for seeds that rely on the default',
    set: { 'spec.cloudProfile.firewall.controllerVersions[0].classification': 'preview' },
    problems: [
      {
        path: 'spec.cloudProfile.firewall.controllerVersions',
        message:
          'no version is classified supported, but shooted seeds fra-equ01-a, fra-equ01-b use the newest supported firewall controller; classify one as supported or set their firewall.controllerVersion',
      },
    ],
  },

  // ---- Kubernetes versions ----
  {
    name: 'shooted seed Kubernetes version not offered by the CloudProfile',
    set: { [`${SEED_A}.kubernetesVersion`]: '1.34.1' },
    problems: [
      { path: `${SEED_A}.kubernetesVersion`, message: '"1.34.1" is not offered in spec.cloudProfile.kubernetesVersions; offered: 1.31.13, 1.32.9, 1.33.5' },
    ],
  },
  {
    name: 'no supported Kubernetes version for seeds that rely on the default',
    set: { 'spec.cloudProfile.kubernetesVersions[0].classification': 'deprecated', 'spec.cloudProfile.kubernetesVersions[1].classification': 'preview' },
    problems: [
      {
        path: 'spec.cloudProfile.kubernetesVersions',
        message:
          'no version is classified supported, but shooted seeds fra-equ01-a, fra-equ01-b use the newest supported version; classify one as supported or set their kubernetesVersion',
      },
    ],
  },
  {
    name: 'virtual garden on a Kubernetes minor the pinned Gardener does not support',
    set: { 'spec.garden.virtualCluster.kubernetesVersion': '1.29.10' },
    problems: [{ path: 'spec.garden.virtualCluster.kubernetesVersion', message: `"1.29.10" is not supported for the virtual garden; ${GARDENER_138}` }],
  },
  {
    name: 'shooted seed on an offered Kubernetes minor the pinned Gardener does not support',
    set: { [`${SEED_B}.kubernetesVersion`]: '1.29.15' },
    modify: (spec) => spec.cloudProfile.kubernetesVersions.push({ version: '1.29.15', classification: 'deprecated' }),
    problems: [{ path: `${SEED_B}.kubernetesVersion`, message: `"1.29.15" is not supported for seeds; ${GARDENER_138}` }],
  },
  {
    name: 'default seed version is a minor the pinned Gardener does not support',
    set: { 'spec.cloudProfile.kubernetesVersions': [{ version: '1.36.0' }, { version: '1.33.5', classification: 'deprecated' }] },
    problems: [
      {
        path: 'spec.cloudProfile.kubernetesVersions[0].version',
        message: `"1.36.0" is the newest supported version, the default of shooted seeds fra-equ01-a, fra-equ01-b, but it is not supported for seeds; ${GARDENER_138}`,
      },
    ],
  },
  {
    name: 'a newer Gardener from an override drops the virtual garden minor',
    set: { 'spec.versions.overrides': { operator: { tag: 'v1.142.0' } }, 'spec.garden.virtualCluster.kubernetesVersion': '1.31.13' },
    problems: [
      {
        path: 'spec.garden.virtualCluster.kubernetesVersion',
        message:
          '"1.31.13" is not supported for the virtual garden; Gardener v1.142.0 (gardener-operator of the release vector) supports 1.32, 1.33, 1.34, 1.35',
      },
    ],
  },

  // ---- DNS ----
  {
    name: 'soil ingress domain equals the runtime ingress domain',
    set: { 'spec.seeds.soil.ingressDomain': 'fra.metal.example.com' },
    problems: [
      {
        path: 'spec.seeds.soil.ingressDomain',
        message:
          'the soil ingress domain is "fra.metal.example.com", which is already the runtime ingress domain (spec.runtime.ingress.domain); each needs its own name',
      },
    ],
  },
  {
    name: 'virtual garden domain equals the runtime ingress domain',
    set: { 'spec.garden.virtualCluster.domain': 'fra.metal.example.com' },
    problems: [
      {
        path: 'spec.garden.virtualCluster.domain',
        message:
          'the virtual garden domain is "fra.metal.example.com", which is already the runtime ingress domain (spec.runtime.ingress.domain); each needs its own name',
      },
    ],
  },
  {
    name: 'virtual garden API equals the metal-stack API',
    set: { 'spec.garden.virtualCluster.domain': 'metal.example.com' },
    problems: [
      {
        path: 'spec.garden.virtualCluster.domain',
        message:
          'the virtual garden API (api.<domain>) is "api.metal.example.com", which is already the metal-stack API domain (spec.metalControlPlane.apiDomain); each needs its own name',
      },
    ],
  },
  {
    name: 'an API domain ending in an all-digit label (found by fuzz:landscape: synth crashed on the CloudProfile URL)',
    set: { 'spec.metalControlPlane.apiDomain': '12.0.20251001' },
    problems: [
      {
        path: 'spec.metalControlPlane.apiDomain',
        message: 'got "12.0.20251001": must not end in an all-digit label (URL parsers read such a host as an IPv4 address), e.g. garden.example.com',
      },
    ],
  },
  {
    name: 'a project member listed twice (found by fuzz:landscape: synth crashed in GardenerProject)',
    modify: (spec) => {
      const project = spec.projects?.[0];
      if (project?.members?.[0]) project.members.push({ ...project.members[0], roles: ['admin'] });
    },
    problems: [
      {
        path: 'spec.projects[0].members[1]',
        message:
          'lists User jane@acme.example.com again (first at spec.projects[0].members[0]); gardener-apiserver refuses duplicate members: merge their roles into one entry',
      },
    ],
  },
  {
    name: 'metal-stack API below the wildcard of the runtime ingress domain',
    set: { 'spec.metalControlPlane.apiDomain': 'api.fra.metal.example.com' },
    problems: [
      {
        path: 'spec.metalControlPlane.apiDomain',
        message:
          'the metal-stack API domain "api.fra.metal.example.com" is below the runtime ingress domain "fra.metal.example.com" (spec.runtime.ingress.domain), for which gardener-operator (the Garden\'s runtime ingress) creates the wildcard record *.fra.metal.example.com; choose an API domain outside it, e.g. api.metal.example.com',
      },
    ],
  },
  {
    name: 'metal-stack API below the ingress wildcard of a shooted seed',
    set: { 'spec.metalControlPlane.apiDomain': 'api.ingress.fra-equ01-b.garden.shoot.fra.metal.example.com' },
    problems: [
      {
        path: 'spec.metalControlPlane.apiDomain',
        message:
          'the metal-stack API domain "api.ingress.fra-equ01-b.garden.shoot.fra.metal.example.com" is below the runtime ingress domain "fra.metal.example.com" (spec.runtime.ingress.domain), for which gardener-operator (the Garden\'s runtime ingress) creates the wildcard record *.fra.metal.example.com; choose an API domain outside it, e.g. api.metal.example.com',
      },
      {
        path: 'spec.metalControlPlane.apiDomain',
        message:
          'the metal-stack API domain "api.ingress.fra-equ01-b.garden.shoot.fra.metal.example.com" is below the ingress domain of shooted seed "fra-equ01-b" "ingress.fra-equ01-b.garden.shoot.fra.metal.example.com" (spec.seeds.shooted[1].name), for which gardenlet of shooted seed "fra-equ01-b" creates the wildcard record *.ingress.fra-equ01-b.garden.shoot.fra.metal.example.com; choose an API domain outside it, e.g. api.fra-equ01-b.garden.shoot.fra.metal.example.com',
      },
    ],
  },

  // ---- names ----
  {
    name: 'duplicate shooted seed name',
    set: { [`${SEED_B}.name`]: 'fra-equ01-a' },
    problems: [
      { path: `${SEED_B}.name`, message: 'duplicate shooted seed name "fra-equ01-a"; already used at spec.seeds.shooted[0].name' },
      {
        path: `${SEED_B}.name`,
        message:
          'the ingress domain of shooted seed "fra-equ01-a" is "ingress.fra-equ01-a.garden.shoot.fra.metal.example.com", which is already the ingress domain of shooted seed "fra-equ01-a" (spec.seeds.shooted[0].name); each needs its own name',
      },
    ],
  },
  {
    name: 'shooted seed named like the soil',
    set: { [`${SEED_A}.name`]: 'soil' },
    problems: [{ path: `${SEED_A}.name`, message: '"soil" is already the name of the soil seed (spec.seeds.soil.name); seed names must be unique' }],
  },
  {
    name: 'shooted seed name too long for a Shoot in project garden',
    set: { [`${SEED_A}.name`]: 'fra-equ01-seed-a1' },
    problems: [
      {
        path: `${SEED_A}.name`,
        message:
          '"fra-equ01-seed-a1" has 17 characters; the Shoot lives in project garden and Gardener allows at most 15 (project and shoot name together at most 21)',
      },
    ],
  },
  {
    name: 'tenant project named garden',
    set: { 'spec.projects[0].name': 'garden' },
    problems: [{ path: 'spec.projects[0].name', message: '"garden" is reserved for the project that holds the shooted seeds; choose another name' }],
  },
  {
    name: 'project description with characters gardener-apiserver refuses',
    set: { 'spec.projects[0].description': "ACME's (team) project" },
    problems: [
      {
        path: 'spec.projects[0].description',
        message: 'got "ACME\'s (team) project": contains "\'", "(", ")"; Gardener accepts only letters, digits, spaces and . , : - _',
      },
    ],
  },
  {
    name: 'duplicate project',
    modify: (spec) => spec.projects!.push({ name: 'acme', owner: { kind: 'Group', name: 'other-admins' } }),
    problems: [{ path: 'spec.projects[1].name', message: 'duplicate project name "acme"; already used at spec.projects[0].name' }],
  },
  {
    name: 'duplicate partition id',
    modify: (spec) => spec.metalControlPlane.partitions.push({ id: 'fra-equ01' }),
    problems: [
      {
        path: 'spec.metalControlPlane.partitions[1].id',
        message: 'duplicate partition id "fra-equ01"; already used at spec.metalControlPlane.partitions[0].id',
      },
    ],
  },
  {
    name: 'duplicate image (os and version)',
    modify: (spec) =>
      spec.metalControlPlane.images.push({
        os: 'ubuntu',
        version: '24.4.20251001',
        url: 'https://images.metal.example.com/other.tar.lz4',
        features: ['machine'],
      }),
    problems: [
      { path: 'spec.metalControlPlane.images[3]', message: 'duplicate image "ubuntu-24.4.20251001"; already used at spec.metalControlPlane.images[0]' },
    ],
  },
  {
    name: 'duplicate size id',
    set: { 'spec.metalControlPlane.sizes[1].id': 'c1-xlarge-x86', [`${SEED_B}.workers[0].machineType`]: 'c1-xlarge-x86' },
    problems: [
      { path: 'spec.metalControlPlane.sizes[1].id', message: 'duplicate size id "c1-xlarge-x86"; already used at spec.metalControlPlane.sizes[0].id' },
    ],
  },
  {
    name: 'duplicate network id',
    set: { 'spec.metalControlPlane.networks[2].id': 'underlay-fra-equ01' },
    problems: [
      {
        path: 'spec.metalControlPlane.networks[2].id',
        message: 'duplicate network id "underlay-fra-equ01"; already used at spec.metalControlPlane.networks[1].id',
      },
    ],
  },
  {
    name: 'duplicate region and zone',
    modify: (spec) => spec.cloudProfile.regions.push({ name: 'fra', zones: ['fra-equ01'] }),
    problems: [
      { path: 'spec.cloudProfile.regions[1].name', message: 'duplicate region name "fra"; already used at spec.cloudProfile.regions[0].name' },
      { path: 'spec.cloudProfile.regions[1].zones[0]', message: 'duplicate zone "fra-equ01"; already used at spec.cloudProfile.regions[0].zones[0]' },
    ],
  },
  {
    name: 'duplicate Kubernetes version',
    modify: (spec) => spec.cloudProfile.kubernetesVersions.push({ version: '1.33.5', classification: 'deprecated' }),
    problems: [
      {
        path: 'spec.cloudProfile.kubernetesVersions[3].version',
        message: 'duplicate Kubernetes version "1.33.5"; already used at spec.cloudProfile.kubernetesVersions[0].version',
      },
    ],
  },
  {
    name: 'duplicate firewall controller version',
    modify: (spec) => spec.cloudProfile.firewall.controllerVersions.push({ version: 'v2.5.0', url: 'https://example.com/fc' }),
    problems: [
      {
        path: 'spec.cloudProfile.firewall.controllerVersions[1].version',
        message: 'duplicate firewall controller version "v2.5.0"; already used at spec.cloudProfile.firewall.controllerVersions[0].version',
      },
    ],
  },
  {
    name: 'duplicate worker pool name within a seed',
    modify: (spec) => spec.seeds.shooted![0]!.workers.push({ name: 'group-0', machineType: 'c1-large-x86', image: { os: 'debian', version: '12.0.20251001' } }),
    problems: [{ path: `${SEED_A}.workers[1].name`, message: 'duplicate worker pool name "group-0"; already used at spec.seeds.shooted[0].workers[0].name' }],
  },

  // ---- extensions ----
  {
    name: 'no networking extension',
    set: { 'spec.extensions.networking-calico': { enabled: false } },
    problems: [
      {
        path: 'spec.extensions',
        message: 'networking-calico and networking-cilium are both disabled; shoots and shooted seeds need a networking extension: enable one of them',
      },
    ],
  },
  {
    name: 'provider-metal disabled while shooted seeds exist',
    set: { 'spec.extensions.provider-metal': { enabled: false } },
    problems: [
      {
        path: 'spec.extensions.provider-metal.enabled',
        message: 'is false, but the shooted seeds fra-equ01-a, fra-equ01-b run on metal-stack and need provider-metal; enable it or remove the shooted seeds',
      },
    ],
  },
  {
    name: 's3 backup without the backup-s3 extension',
    set: { 'spec.seeds.soil.backup.provider': 's3' },
    problems: [
      {
        path: 'spec.seeds.soil.backup.provider',
        message: '"s3" needs the backup-s3 extension, which is disabled; set spec.extensions.backup-s3.enabled: true or use provider "gcp"',
      },
    ],
  },
  {
    name: 'os-metal implementation that does not exist',
    set: { 'spec.extensions.os-metal': { implementation: 'metal-stack' } },
    problems: [{ path: 'spec.extensions.os-metal.implementation', message: 'got "metal-stack": expected one of "metal-garden", "upstream"' }],
  },
  {
    name: 'implementation on an extension that has only one',
    set: { 'spec.extensions.provider-metal': { implementation: 'upstream' } },
    problems: [{ path: 'spec.extensions.provider-metal', message: 'unknown field "implementation"; accepted: enabled, values' }],
  },
  {
    name: 'os-metal values the chart would refuse',
    set: { 'spec.extensions.os-metal': { values: { replicaCount: 0, config: { osTypes: ['ubuntu', 'Debian'], userdataFormat: { default: 'yaml' } } } } },
    problems: [
      { path: 'spec.extensions.os-metal.values.replicaCount', message: 'got 0: must be at least 1 (os-metal chart values, implementation metal-garden)' },
      {
        path: 'spec.extensions.os-metal.values.config.osTypes[1]',
        message: 'got "Debian": must be a lowercase OS type name like "ubuntu" (letters, digits, "-") (os-metal chart values, implementation metal-garden)',
      },
      {
        path: 'spec.extensions.os-metal.values.config.userdataFormat.default',
        message: 'got "yaml": expected one of "ignition", "cloud-init" (os-metal chart values, implementation metal-garden)',
      },
    ],
  },
  {
    name: 'controller registry with a scheme and a tag',
    set: { 'spec.controllers.registry': 'https://registry.example.com/metal-garden:v1' },
    problems: [
      {
        path: 'spec.controllers.registry',
        message:
          'got "https://registry.example.com/metal-garden:v1": must be an OCI registry with an optional path, without scheme, tag or digest, e.g. registry.example.com:5000/metal-garden',
      },
    ],
  },
  {
    name: 'ACME ClusterIssuer with a plain-http directory',
    set: { 'spec.prerequisites': { certManager: { clusterIssuer: { type: 'acme', server: 'http://acme.example.com/directory' } } } },
    problems: [
      {
        path: 'spec.prerequisites.certManager.clusterIssuer.server',
        message: 'got "http://acme.example.com/directory": must be the https:// URL of an ACME directory',
      },
    ],
  },
  {
    name: 'CA ClusterIssuer without the Secret of its key pair',
    set: { 'spec.prerequisites': { certManager: { clusterIssuer: { type: 'ca' } } } },
    problems: [{ path: 'spec.prerequisites.certManager.clusterIssuer.secretRef', message: 'is required (expected string)' }],
  },
  {
    name: 'ClusterIssuer of an unknown type',
    set: { 'spec.prerequisites': { certManager: { clusterIssuer: { type: 'vault' } } } },
    problems: [{ path: 'spec.prerequisites.certManager.clusterIssuer.type', message: 'got "vault": expected one of "acme", "ca"' }],
  },
  {
    name: 'powerdns without the dns-powerdns extension',
    set: { 'spec.runtime.dns.type': 'powerdns' },
    problems: [
      {
        path: 'spec.runtime.dns.type',
        message: '"powerdns" needs the dns-powerdns extension, which is disabled; set spec.extensions.dns-powerdns.enabled: true',
      },
    ],
  },

  // ---- runtime API server (provider-metal's garden/seed-api-server) ----
  {
    name: 'gcp runtime cluster without its public API server URL',
    set: { 'spec.runtime.apiServerURL': undefined },
    problems: [
      {
        path: 'spec.runtime.apiServerURL',
        message:
          "is required on a gcp runtime cluster with provider-metal: firewalls reach the soil's kube-apiserver through it (ConfigMap garden/seed-api-server); set the GKE endpoint, e.g. https://34.107.12.34 (gcloud container clusters describe <cluster> --format 'value(endpoint)')",
      },
    ],
  },
  {
    name: 'runtime API server URL with a path',
    set: { 'spec.runtime.apiServerURL': 'https://203.0.113.10/api' },
    problems: [
      {
        path: 'spec.runtime.apiServerURL',
        message: 'got "https://203.0.113.10/api": must be https://<host>[:port] without path, query, credentials or trailing slash, e.g. https://34.107.12.34',
      },
    ],
  },
  {
    name: 'runtime API server URL over plain http',
    set: { 'spec.runtime.apiServerURL': 'http://203.0.113.10' },
    problems: [
      {
        path: 'spec.runtime.apiServerURL',
        message: 'got "http://203.0.113.10": must be https://<host>[:port] without path, query, credentials or trailing slash, e.g. https://34.107.12.34',
      },
    ],
  },

  // ---- metal-stack's own rules (issue 8, part 3): metal-api, metal-networker, metal-hammer; no server here checks them ----
  {
    name: 'vrf beyond the range metal-api accepts',
    set: { 'spec.metalControlPlane.networks[0].vrf': 131073 },
    problems: [
      {
        path: 'spec.metalControlPlane.networks[0].vrf',
        message: '131073 is outside the vrf range metal-api accepts (its VRF pool, 1 to 131072); choose a vrf in that range',
      },
    ],
  },
  {
    name: 'accepted: vrf 131072, the top of the range metal-api accepts',
    set: { 'spec.metalControlPlane.networks[0].vrf': 131072 },
    problems: [],
  },
  {
    name: 'vrf held by an earlier network',
    set: {
      'spec.metalControlPlane.networks[3]': { id: 'internet-2', kind: 'internet', prefixes: ['185.1.3.0/24'], destinationPrefixes: ['0.0.0.0/0'], vrf: 104009 },
    },
    problems: [
      {
        path: 'spec.metalControlPlane.networks[3].vrf',
        message:
          '104009 is already the vrf of spec.metalControlPlane.networks[0] ("internet"); metal-api refuses a vrf twice unless the later network sets vrfShared: set vrfShared: true on "internet-2" to share it, or choose another vrf',
      },
    ],
  },
  {
    name: 'accepted: a vrf shared with vrfShared on the later network',
    set: {
      'spec.metalControlPlane.networks[3]': {
        id: 'internet-2',
        kind: 'internet',
        prefixes: ['185.1.3.0/24'],
        destinationPrefixes: ['0.0.0.0/0'],
        vrf: 104009,
        vrfShared: true,
      },
    },
    problems: [],
  },
  {
    name: 'vrfShared without a vrf',
    set: { 'spec.metalControlPlane.networks[1].vrfShared': true },
    problems: [
      {
        path: 'spec.metalControlPlane.networks[1].vrfShared',
        message: 'is set but "underlay-fra-equ01" has no vrf; vrfShared lets a network use the vrf of an earlier one: set vrf, or remove vrfShared',
      },
    ],
  },
  {
    name: 'second underlay network in a partition',
    modify: (spec) => spec.metalControlPlane.networks.push({ id: 'underlay-2', kind: 'underlay', partition: 'fra-equ01', prefixes: ['10.1.1.0/24'] }),
    problems: [
      {
        path: 'spec.metalControlPlane.networks[3].partition',
        message: 'partition "fra-equ01" already has the underlay network "underlay-fra-equ01"; metal-api allows one per partition',
      },
    ],
  },
  {
    name: 'partition without an underlay network',
    modify: (spec) => addPartition(spec, { underlay: false }),
    problems: [
      {
        path: 'spec.metalControlPlane.networks',
        message:
          'partition "fra-equ02" has no underlay network: metal-api allocates a firewall only in a partition with an underlay network (its underlay address comes from there); add a network of kind underlay with partition fra-equ02',
      },
    ],
  },
  {
    name: 'partition without a privateSuper network',
    modify: (spec) => spec.metalControlPlane.networks.splice(2, 1),
    problems: [
      {
        path: 'spec.metalControlPlane.networks',
        message:
          'partition "fra-equ01" has no privateSuper network: metal-api allocates machines and firewalls only in a partition with a privateSuper network (shoot node networks come from there); add a network of kind privateSuper with partition fra-equ01',
      },
    ],
  },
  {
    name: 'NAT on an underlay network',
    set: { 'spec.metalControlPlane.networks[1].nat': true },
    problems: [
      {
        path: 'spec.metalControlPlane.networks[1].nat',
        message:
          'must be false for a network of kind underlay: metal-api refuses NAT on underlay and privateSuper networks (the firewall NATs into internet networks); remove nat',
      },
    ],
  },
  {
    name: 'node network length not longer than the privateSuper prefix',
    set: { 'spec.metalControlPlane.networks[2].prefixes[0]': '10.128.0.0/22' },
    problems: [
      {
        path: 'spec.metalControlPlane.partitions[0].privateNetworkPrefixLength',
        message:
          '22 is not longer than spec.metalControlPlane.networks[2].prefixes[0] (10.128.0.0/22) of privateSuper network "tenant-super-fra-equ01": metal-api cuts each shoot\'s node network from it and needs a length greater than 22',
      },
    ],
  },
  {
    name: 'more shooted seeds in a partition than its privateSuper network has node networks',
    set: { 'spec.metalControlPlane.networks[2].prefixes[0]': '10.128.0.0/22', 'spec.metalControlPlane.partitions[0].privateNetworkPrefixLength': 23 },
    modify: (spec) => addSeed(spec, 'fra-equ01-c', 'fra-equ01', { pods: '10.164.0.0/16', services: '10.165.0.0/16' }),
    problems: [
      {
        path: 'spec.seeds.shooted[2].partition',
        message:
          'partition fra-equ01 has room for 2 node networks of /23 in its privateSuper prefixes (10.128.0.0/22) and "fra-equ01-c" is its shooted seed number 3: metal-api cannot allocate its node network; give the privateSuper network a larger prefix or raise privateNetworkPrefixLength',
      },
    ],
  },
  {
    name: 'accepted: two shooted seeds fill the two node networks of a /22 privateSuper network',
    set: { 'spec.metalControlPlane.networks[2].prefixes[0]': '10.128.0.0/22', 'spec.metalControlPlane.partitions[0].privateNetworkPrefixLength': 23 },
    problems: [],
  },
  {
    name: 'worker pools that do not fit the node network',
    set: { 'spec.metalControlPlane.partitions[0].privateNetworkPrefixLength': 29 },
    problems: [
      {
        path: 'spec.seeds.shooted[0].workers',
        message:
          "up to 8 machines (the pools' maximum plus maxSurge, and the firewall) need an address in the seed's /29 node network, which holds 6 (go-ipam never hands out its first and last address); lower the maxima or set spec.metalControlPlane.partitions[0].privateNetworkPrefixLength to 28 or less",
      },
      {
        path: 'spec.seeds.shooted[1].workers',
        message:
          "up to 11 machines (the pools' maximum plus maxSurge, and the firewall) need an address in the seed's /29 node network, which holds 6 (go-ipam never hands out its first and last address); lower the maxima or set spec.metalControlPlane.partitions[0].privateNetworkPrefixLength to 28 or less",
      },
    ],
  },
  {
    name: 'accepted: /28 node networks hold the pools at maximum plus maxSurge and the firewall',
    set: { 'spec.metalControlPlane.partitions[0].privateNetworkPrefixLength': 28 },
    problems: [],
  },
  {
    name: 'firewall network without a vrf',
    set: { 'spec.metalControlPlane.networks[0].vrf': undefined },
    problems: [
      {
        path: 'spec.metalControlPlane.networks[0].vrf',
        message:
          'is required: the firewalls of shooted seeds "fra-equ01-a", "fra-equ01-b" join "internet", and metal-networker configures a firewall only when every network but the underlay has a vrf (its BGP VRF); set the vrf the switches route internet in',
      },
    ],
  },
  {
    name: 'firewall network without destination prefixes',
    set: { 'spec.metalControlPlane.networks[0].destinationPrefixes': [] },
    problems: [
      {
        path: 'spec.metalControlPlane.networks[0].destinationPrefixes',
        message:
          'is empty, but the firewalls of shooted seeds "fra-equ01-a", "fra-equ01-b" join "internet": metal-networker refuses an external network without destination prefixes (the routes the firewall takes from it); list them, e.g. [0.0.0.0/0] for the internet',
      },
      ...noDefaultRoute(),
    ],
  },
  {
    name: 'firewall networks without the default route',
    set: { 'spec.metalControlPlane.networks[0].destinationPrefixes': ['192.0.2.0/24'] },
    problems: noDefaultRoute(),
  },
  {
    name: 'image URL with a scheme metal-hammer does not fetch',
    set: { 'spec.metalControlPlane.images[0].url': 'ftp://images.metal.example.com/metal-os/ubuntu/24.04/20251001/img.tar.lz4' },
    problems: [
      {
        path: 'spec.metalControlPlane.images[0].url',
        message:
          '"ftp://images.metal.example.com/metal-os/ubuntu/24.04/20251001/img.tar.lz4" uses ftp, but metal-api checks an image and metal-hammer downloads it over HTTP (http or https only); serve it from an https:// URL',
      },
    ],
  },
  {
    name: 'image URL that does not end in lz4',
    set: { 'spec.metalControlPlane.images[1].url': 'https://images.metal.example.com/metal-os/debian/12/20251001/img.tar.gz' },
    problems: [
      {
        path: 'spec.metalControlPlane.images[1].url',
        message:
          '"https://images.metal.example.com/metal-os/debian/12/20251001/img.tar.gz" does not end in lz4: metal-hammer installs only lz4-compressed tarballs and tells them by the URL\'s end; point to the image\'s .tar.lz4, without a query',
      },
    ],
  },
  {
    name: 'accepted: image URL over plain http',
    set: { 'spec.metalControlPlane.images[1].url': 'http://images.metal.example.com/metal-os/debian/12/20251001/img.tar.lz4' },
    problems: [],
  },
  {
    name: 'firewall controller URL the firewall cannot download',
    set: { 'spec.cloudProfile.firewall.controllerVersions[0].url': 's3://firewall-controller/v2.5.0/firewall-controller' },
    problems: [
      {
        path: 'spec.cloudProfile.firewall.controllerVersions[0].url',
        message:
          '"s3://firewall-controller/v2.5.0/firewall-controller" uses s3, but the firewall downloads its firewall-controller (and the .sha256 beside it) over HTTP (http or https only); serve it from an https:// URL',
      },
    ],
  },
  {
    name: 'image version with a pre-release',
    set: { 'spec.metalControlPlane.images[1].version': '12.0.20251001-rc.1' },
    problems: [
      {
        path: 'spec.metalControlPlane.images[1].version',
        message:
          '"12.0.20251001-rc.1" contains "-": metal-api splits the image id debian-12.0.20251001-rc.1 at its last "-" and would read os "debian-12.0.20251001", version "rc.1"; use a version without a pre-release, e.g. 12.0.20251001',
      },
    ],
  },
  {
    name: 'firewall size with the hardware of a machine size',
    set: { 'spec.metalControlPlane.sizes[2]': { id: 'n1-medium-x86', purpose: 'firewall', cores: 16, memory: '131072Mi', storage: '480Gi' } },
    problems: [
      {
        path: 'spec.metalControlPlane.sizes[2]',
        message:
          '"n1-medium-x86" has the hardware of spec.metalControlPlane.sizes[1] ("c1-large-x86"): 16 cores, 131072Mi memory, 480Gi storage, 0 gpus; metal-api refuses overlapping sizes (a machine must match exactly one): change the hardware of one or remove it',
      },
    ],
  },
  {
    name: 'shooted seed pods overlap the privateSuper network of another partition',
    set: { [`${SEED_B}.networks.pods`]: '10.132.0.0/16' },
    modify: (spec) => addPartition(spec, { underlay: true }),
    problems: [
      {
        path: 'spec.seeds.shooted[1].networks.pods',
        message:
          '10.132.0.0/16 overlaps spec.metalControlPlane.networks[3].prefixes[0] (10.132.0.0/14), the privateSuper network of partition fra-equ02 that metal-api allocates shoot node networks from; choose a range outside it',
      },
    ],
  },
  {
    name: 'runtime pods overlap a privateSuper network',
    set: { 'spec.runtime.networks.pods': '10.130.0.0/16' },
    problems: [
      {
        path: 'spec.runtime.networks.pods',
        message:
          '10.130.0.0/16 overlaps spec.metalControlPlane.networks[2].prefixes[0] (10.128.0.0/14), the privateSuper network of partition fra-equ01 that metal-api allocates shoot node networks from; choose a range outside it',
      },
    ],
  },
  {
    name: 'soil shoot defaults overlap a privateSuper network',
    set: { 'spec.seeds.soil.shootDefaults.services': '10.128.0.0/13' },
    problems: [
      {
        path: 'spec.seeds.soil.shootDefaults.services',
        message:
          '10.128.0.0/13 overlaps spec.metalControlPlane.networks[2].prefixes[0] (10.128.0.0/14), the privateSuper network of partition fra-equ01 that metal-api allocates shoot node networks from; choose a range outside it',
      },
    ],
  },
  {
    name: 'shooted seed services overlap the external network its firewall joins',
    set: { [`${SEED_A}.networks.services`]: '185.1.0.0/16' },
    problems: [
      {
        path: 'spec.seeds.shooted[0].networks.services',
        message:
          '185.1.0.0/16 overlaps spec.metalControlPlane.networks[0].prefixes[0] (185.1.2.0/24), external network "internet" that LoadBalancer and egress addresses come from; choose a range outside it',
      },
    ],
  },
  {
    name: 'shooted seed pods overlap a destination its firewall routes',
    set: { [`${SEED_B}.networks.pods`]: '10.201.0.0/16', [`${SEED_B}.firewall.networks`]: ['internet', 'storage'] },
    modify: (spec) =>
      spec.metalControlPlane.networks.push({ id: 'storage', kind: 'shared', prefixes: ['10.200.0.0/24'], destinationPrefixes: ['10.201.0.0/16'], vrf: 3981 }),
    problems: [
      {
        path: 'spec.seeds.shooted[1].networks.pods',
        message:
          '10.201.0.0/16 overlaps spec.metalControlPlane.networks[3].destinationPrefixes[0] (10.201.0.0/16), a destination the firewall routes to through "storage"; choose a range outside it',
      },
    ],
  },
  {
    name: 'privateSuper network over the pod range provider-metal gives tenant shoots',
    set: { 'spec.metalControlPlane.networks[2].prefixes[0]': '10.240.0.0/12' },
    problems: [
      {
        path: 'spec.metalControlPlane.networks[2].prefixes[0]',
        message:
          "10.240.0.0/12 overlaps 10.240.0.0/13, the pods range provider-metal's admission gives every metal Shoot that names none: such shoots would get pods inside their own node network; choose prefixes outside 10.240.0.0/13 and 10.248.0.0/18",
      },
      {
        path: 'spec.metalControlPlane.networks[2].prefixes[0]',
        message:
          "10.240.0.0/12 overlaps 10.248.0.0/18, the services range provider-metal's admission gives every metal Shoot that names none: such shoots would get services inside their own node network; choose prefixes outside 10.240.0.0/13 and 10.248.0.0/18",
      },
    ],
  },
  {
    name: 'shoot defaults overlap the default external network',
    set: { [`${SEED_A}.shootDefaults.services`]: '185.1.2.0/24' },
    problems: [
      {
        path: 'spec.seeds.shooted[0].shootDefaults.services',
        message:
          '185.1.2.0/24 overlaps spec.metalControlPlane.networks[0].prefixes[0] (185.1.2.0/24), external network "internet" that LoadBalancer and egress addresses come from; choose a range outside it',
      },
    ],
  },

  // ---- secret values, one case per field family (issue 10, part 4; charts/landscape/secrets/) ----
  // The values come from fake-secrets.ts (assembled at run time, seeded); messages show only a
  // prefix and a length, never the value.
  {
    name: 'password in the user-info of the Git repository URL',
    set: { 'spec.delivery.repository.url': 'https://flux:hunter2hunter2@git.example.com/platform/landscape-fra.git' },
    problems: [
      {
        path: 'spec.delivery.repository.url',
        message:
          'holds a secret value: password in the user-info of a URL, "flux…", 19 characters; dist/ is committed to git, so the landscape takes no secret values: ' +
          "remove the credentials from the URL and put them into a Secret referenced by name (a secretRef: only the Secret's name is written; dist/required-secrets.yaml lists the Secrets a landscape uses)",
      },
    ],
  },
  {
    name: 'GitHub token in Extension values',
    set: { 'spec.extensions.provider-metal.values': { foo: { token: fake.githubToken } } },
    problems: [
      { path: 'spec.extensions.provider-metal.values.foo.token', message: leaked('GitHub personal access token (gitleaks rule github-pat)', 'ghp_', 40) },
    ],
  },
  {
    name: 'PEM private key in a list in Extension values',
    set: { 'spec.extensions.shoot-cert-service.values': { issuers: [{ name: 'internal', privateKey: fake.privateKey }] } },
    problems: [{ path: 'spec.extensions.shoot-cert-service.values.issuers[0].privateKey', message: leaked('PEM private key', '----', 151) }],
  },
  {
    name: 'base64-encoded private key in Extension values (a caBundle that is no CA bundle)',
    set: { 'spec.extensions.shoot-dns-service.values': { caBundle: Buffer.from(fake.privateKey).toString('base64') } },
    problems: [{ path: 'spec.extensions.shoot-dns-service.values.caBundle', message: leaked('base64-encoded PEM private key', 'LS0t', 204) }],
  },
  {
    name: 'token as a field name in Extension values (the path does not repeat it)',
    set: { 'spec.extensions.networking-calico.values': { [fake.githubToken]: true } },
    problems: [
      {
        path: 'spec.extensions.networking-calico.values',
        message: leaked('GitHub personal access token (gitleaks rule github-pat)', 'ghp_', 40, { key: true }),
      },
    ],
  },
  {
    name: 'GitLab token in the registry URL of a component override',
    set: { 'spec.versions.overrides.metal-api.image': `oci://robot:${fake.gitlabToken}@registry.example.com/metal-stack/metal-api` },
    problems: [
      { path: 'spec.versions.overrides.metal-api.image', message: leaked('GitLab personal access token (gitleaks rule gitlab-pat)', 'glpa', 26) },
      // The schema's reference check reports the same value without showing it.
      {
        path: 'spec.versions.overrides.metal-api.image',
        message:
          'got a value holding a secret (GitLab personal access token (gitleaks rule gitlab-pat), "glpa…", 26 characters): must be a repository without scheme, tag or digest: [registry[:port]/]path with lowercase path components, e.g. ghcr.io/metal-stack/metal-api',
      },
    ],
  },
  {
    name: 'pre-signed S3 backup endpoint in backup-s3 values',
    set: {
      'spec.extensions.backup-s3.values': {
        endpoint: `https://s3.example.com/fra-backup?X-Amz-Credential=${fake.awsAccessKeyId}%2F20261202&X-Amz-Signature=${fake.hexKey}`,
      },
    },
    problems: [
      { path: 'spec.extensions.backup-s3.values.endpoint', message: leaked('AWS access key id (gitleaks rule aws-access-token)', 'AKIA', 20) },
      {
        path: 'spec.extensions.backup-s3.values.endpoint',
        message: leaked('credential in the URL query parameter X-Amz-Signature', '8899', 64, { url: true }),
      },
    ],
  },
  {
    name: 'Slack token in a project description',
    set: { 'spec.projects[0].description': `ACME tenant workloads, alerts via ${fake.slackBotToken}` },
    problems: [{ path: 'spec.projects[0].description', message: leaked('Slack bot token (gitleaks rule slack-bot-token)', 'xoxb', 56) }],
  },
  {
    name: 'AWS key pair in a partition description',
    set: { 'spec.metalControlPlane.partitions[0].description': `Frankfurt, Equinix FR2; BMC bucket ${fake.awsAccessKeyId} / ${fake.awsSecretKey}` },
    problems: [
      { path: 'spec.metalControlPlane.partitions[0].description', message: leaked('AWS access key id (gitleaks rule aws-access-token)', 'AKIA', 20) },
      { path: 'spec.metalControlPlane.partitions[0].description', message: leaked('a long random-looking value (high entropy)', 'AD+s', 40) },
    ],
  },
  {
    name: 'credentials in a machine image URL (CloudProfile image data)',
    set: { 'spec.metalControlPlane.images[0].url': `https://mirror:${fake.apiKey}@images.metal.example.com/metal-os/ubuntu/24.04/20251001/img.tar.lz4` },
    problems: [{ path: 'spec.metalControlPlane.images[0].url', message: leaked('password in the user-info of a URL', 'mirr', 39, { url: true }) }],
  },
  {
    name: 'access token in the query of a firewall controller URL',
    set: {
      'spec.cloudProfile.firewall.controllerVersions[0].url': `https://images.metal.example.com/firewall-controller/v2.5.0/firewall-controller?access_token=${fake.hexKey}`,
    },
    problems: [
      {
        path: 'spec.cloudProfile.firewall.controllerVersions[0].url',
        message: leaked('credential in the URL query parameter access_token', '8899', 64, { url: true }),
      },
    ],
  },
  {
    name: 'random API key in DNS provider values',
    set: { 'spec.extensions.dns-powerdns.values': { powerdns: { apiKey: fake.apiKey } } },
    problems: [{ path: 'spec.extensions.dns-powerdns.values.powerdns.apiKey', message: leaked('a long random-looking value (high entropy)', 'f4qx', 32) }],
  },
  {
    name: 'credentials in the ACME server URL of the ClusterIssuer',
    set: { 'spec.prerequisites.certManager.clusterIssuer': { type: 'acme', server: `https://eab:${fake.apiKey}@acme.example.com/directory` } },
    problems: [
      { path: 'spec.prerequisites.certManager.clusterIssuer.server', message: leaked('password in the user-info of a URL', 'eab:', 36, { url: true }) },
    ],
  },
  {
    name: 'JSON Web Token as a project member name',
    set: { 'spec.projects[0].members[0].name': fake.jwt },
    problems: [{ path: 'spec.projects[0].members[0].name', message: leaked('JSON Web Token (gitleaks rule jwt)', 'eyJh', 139) }],
  },
  {
    name: 'passphrase in the create options of a filesystem layout',
    set: {
      'spec.metalControlPlane.filesystemLayouts': [
        {
          ...DEFAULT_FILESYSTEM_LAYOUT,
          filesystems: DEFAULT_FILESYSTEM_LAYOUT.filesystems.map((fs) =>
            fs.path === '/var/lib' ? { ...fs, createOptions: ['-E', `passphrase=${fake.apiKey}`] } : fs,
          ),
        },
      ],
    },
    problems: [
      {
        path: 'spec.metalControlPlane.filesystemLayouts[0].filesystems[2].createOptions[1]',
        message: leaked('a long random-looking value (high entropy)', 'f4qx', 32),
      },
    ],
  },
  {
    name: 'Google API key in the size description of a CloudProfile machine type',
    set: { 'spec.metalControlPlane.sizes[0].description': `32 cores; inventory API ${fake.googleApiKey}` },
    problems: [{ path: 'spec.metalControlPlane.sizes[0].description', message: leaked('Google API key (gitleaks rule gcp-api-key)', 'AIza', 39) }],
  },
  {
    name: 'age secret key in a field the schema refuses: both are reported',
    set: { 'spec.runtime.dns.apiKey': fake.ageKey },
    problems: [
      { path: 'spec.runtime.dns', message: 'unknown field "apiKey"; accepted: type, secretRef' },
      { path: 'spec.runtime.dns.apiKey', message: leaked('age secret key (gitleaks rule age-secret-key)', 'AGE-', 74) },
    ],
  },
  // ---- synth never crashes (issue 8, part 1): crashes the schema-derived fuzzer found, now rules ----
  {
    name: 'an extension override whose tag is not a version (the Extension chart tag must be pinned)',
    set: { 'spec.versions.overrides': { 'networking-calico': { tag: 'latest' } } },
    problems: [
      {
        path: 'spec.versions.overrides.networking-calico.tag',
        message: 'tag "latest" of component "networking-calico" is not a pinned version like v1.2.3 or 1.2.3-rc.1 (needed by the networking-calico Extension)',
      },
    ],
  },
  {
    name: 'an image override whose tag carries a digest that is not one',
    set: { 'spec.versions.overrides': { 'metal-api': { tag: 'v0.45.0@sha256:nothex' } } },
    problems: [
      {
        path: 'spec.versions.overrides.metal-api.tag',
        message:
          'got "v0.45.0@sha256:nothex": must be an image tag: letters, digits, "_", "." and "-", starting with a letter, digit or "_", at most 128 characters',
      },
    ],
  },
  {
    name: 'an image override that includes the tag',
    set: { 'spec.versions.overrides': { 'metal-api': { image: 'ghcr.io/metal-stack/metal-api:v0.45.0' } } },
    problems: [
      {
        path: 'spec.versions.overrides.metal-api.image',
        message:
          'got "ghcr.io/metal-stack/metal-api:v0.45.0": must be a repository without scheme, tag or digest: [registry[:port]/]path with lowercase path components, e.g. ghcr.io/metal-stack/metal-api',
      },
    ],
  },
  {
    name: 'a chart tag override that is not a version (the Flux HelmRelease pins it)',
    set: { 'spec.versions.overrides': { 'metal-control-plane': { chartTag: 'main' } } },
    problems: [
      {
        path: 'spec.versions.overrides.metal-control-plane.chartTag',
        message:
          'chartTag "main" of component "metal-control-plane" is not a pinned version like v1.2.3 or 1.2.3-rc.1 (needed by the metal-control-plane Helm release)',
      },
    ],
  },
  {
    name: 'an override of a component synth does not read still needs an OCI tag',
    set: { 'spec.versions.overrides': { valkey: { chartTag: 'v0.1.0 ' } } },
    problems: [
      {
        path: 'spec.versions.overrides.valkey.chartTag',
        message: 'got "v0.1.0 ": must be an image tag: letters, digits, "_", "." and "-", starting with a letter, digit or "_", at most 128 characters',
      },
    ],
  },
  {
    name: 'extension values with a key JavaScript reserves (cdk8s could not serialize it)',
    set: { 'spec.extensions.networking-calico': { values: { config: { constructor: null } } } },
    problems: [
      {
        path: 'spec.extensions.networking-calico.values.config.constructor',
        message: 'got null: key "constructor" is refused (JavaScript reserves it; synth cannot carry it); rename or remove it',
      },
    ],
  },
  {
    name: 'extension values nested thousands of levels deep (synth overflowed the stack)',
    set: { 'spec.extensions.shoot-dns-service': { values: nested(5000) } },
    problems: [
      {
        path: `spec.extensions.shoot-dns-service.values${'.k'.repeat(32)}`,
        message: `got ${'{"k":'.repeat(15)}{"k"…: nests deeper than 32 levels; at most 32 levels of maps and lists are accepted`,
      },
    ],
  },
  {
    name: 'a shooted seed firewall without networks (the schema allowed the empty list, the Shoot construct did not)',
    set: { [`${SEED_A}.firewall.networks`]: [] },
    problems: [
      {
        path: `${SEED_A}.firewall.networks`,
        message: 'got []: a firewall needs at least one external network (internet or shared) or the shoot cannot bootstrap; leave it out for ["internet"]',
      },
    ],
  },
  {
    name: 'a metal control plane namespace that synth also creates for Gardener (Namespaces threw "listed twice")',
    set: { 'spec.metalControlPlane.namespace': 'garden' },
    problems: [
      {
        path: 'spec.metalControlPlane.namespace',
        message:
          '"garden" is not available: synth creates it for the runtime prerequisites and Gardener; choose a namespace other than garden, cert-manager, ingress-nginx, flux-system, default, kube-system, kube-public, kube-node-lease (default metal-control-plane)',
      },
    ],
  },
  {
    name: 'a metal control plane namespace that is the GitOps engine namespace',
    set: { 'spec.delivery.namespace': 'metal-control-plane' },
    problems: [
      {
        path: 'spec.metalControlPlane.namespace',
        message:
          '"metal-control-plane" is not available: it is the GitOps engine namespace (spec.delivery.namespace); choose a namespace other than garden, cert-manager, ingress-nginx, metal-control-plane, default, kube-system, kube-public, kube-node-lease (default metal-control-plane)',
      },
    ],
  },
  {
    name: 'a runtime provider "other", which the schema lists but no Gardener provider serves (the soil seed threw)',
    set: { 'spec.runtime.provider.type': 'other' },
    problems: [
      {
        path: 'spec.runtime.provider.type',
        message: '"other" has no Gardener provider extension, so the runtime cluster cannot become the soil seed; use "gcp" or "metalstack-cloud"',
      },
    ],
  },
  // ---- end of the synth-never-crashes block ----
  // ---- server agreement (issue 8, part 2): rules the server-agreement test and the consumers' sources
  // asked for (test/integration/server-agreement.test.ts, test/generators/landscape.ts) ----
  // (The runtime provider `other`, found here too, is the synth-never-crashes block's case.)
  {
    name: 'maintenance window shorter than Gardener accepts',
    set: { 'spec.garden.maintenance': { timeWindow: { begin: '220000+0100', end: '221500+0100' } } },
    problems: [
      {
        path: 'spec.garden.maintenance.timeWindow',
        message:
          "from 220000+0100 to 221500+0100 is 15m; Gardener accepts maintenance windows of 30m to 6h (gardener-apiserver refuses the shooted seeds' Shoots otherwise)",
      },
    ],
  },
  {
    name: 'maintenance window across midnight longer than Gardener accepts',
    set: { 'spec.garden.maintenance': { timeWindow: { begin: '220000+0100', end: '050000+0100' } } },
    problems: [
      {
        path: 'spec.garden.maintenance.timeWindow',
        message:
          "from 220000+0100 to 050000+0100 is 7h; Gardener accepts maintenance windows of 30m to 6h (gardener-apiserver refuses the shooted seeds' Shoots otherwise)",
      },
    ],
  },
  {
    name: 'maintenance time with a zone offset the Garden CRD refuses',
    set: { 'spec.garden.maintenance': { timeWindow: { begin: '220000+0530', end: '230000+0530' } } },
    problems: ['begin', 'end'].map((field) => ({
      path: `spec.garden.maintenance.timeWindow.${field}`,
      message: `"${field === 'begin' ? '22' : '23'}0000+0530" has the time zone offset +0530; the Garden (gardener-operator's CRD) accepts whole hours from -1200 to +1400, e.g. +0100`,
    })),
  },
  {
    name: 'worker pool whose maxSurge and rendered maxUnavailable are both 0',
    set: { [`${SEED_A}.workers[0].maxSurge`]: 0 },
    problems: [
      {
        path: `${SEED_A}.workers[0].maxSurge`,
        message:
          "got 0: must be at least 1: the pool is rendered with maxUnavailable 0, and Gardener refuses a worker pool whose maxSurge and maxUnavailable are both 0 (gardener-apiserver's ValidateWorker)",
      },
    ],
  },
  {
    name: 'worker maximum beyond int32',
    set: { [`${SEED_B}.workers[0].maximum`]: 2147483648 },
    problems: [{ path: `${SEED_B}.workers[0].maximum`, message: "got 2147483648: must be at most 2147483647: Gardener's worker counts are 32-bit integers" }],
  },
  {
    name: 'database storage class that is no Kubernetes object name',
    set: { 'spec.metalControlPlane.databases.storageClass': 'Fast_SSD' },
    problems: [
      {
        path: 'spec.metalControlPlane.databases.storageClass',
        message: 'got "Fast_SSD": must be a DNS subdomain: lowercase letters, digits, "-" and ".", each part starting and ending alphanumeric',
      },
    ],
  },
  {
    name: 'database volume of size zero',
    set: { 'spec.metalControlPlane.databases.storageSize': '0Gi' },
    problems: [
      {
        path: 'spec.metalControlPlane.databases.storageSize',
        message: 'got "0Gi": must be greater than zero: kube-apiserver refuses a volume claim of size 0 (ValidatePersistentVolumeClaimSpec)',
      },
    ],
  },
  {
    name: "runtime ingress domain that makes the shooted seeds' domains longer than 253 characters",
    set: { 'spec.runtime.ingress.domain': `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(47)}.com` },
    problems: [0, 1].map((i) => ({
      path: `spec.seeds.shooted[${i}].name`,
      message: `the ingress domain of shooted seed "fra-equ01-${'ab'[i]}" (ingress.<name>.garden.shoot.<spec.runtime.ingress.domain>) has 276 characters; Gardener accepts DNS names of at most 253: shorten the seed name or spec.runtime.ingress.domain by 23`,
    })),
  },
  {
    name: 'virtual garden domain whose API name is longer than 253 characters',
    set: { 'spec.garden.virtualCluster.domain': `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(56)}.com` },
    problems: [
      {
        path: 'spec.garden.virtualCluster.domain',
        message: 'the virtual garden API (api.<domain>) has 256 characters; Gardener accepts DNS names of at most 253: shorten the domain by 3',
      },
    ],
  },
  {
    name: 'project member ServiceAccount whose name is no object name',
    set: { 'spec.projects[0].members[1]': { kind: 'ServiceAccount', name: 'CI_Bot' } },
    problems: [
      {
        path: 'spec.projects[0].members[1].name',
        message:
          'names the ServiceAccount "CI_Bot", which is not a Kubernetes object name (lowercase letters, digits, "-" and ".", at most 253 characters); write system:serviceaccount:<namespace>:<name> or a plain name in garden-acme',
      },
    ],
  },
  {
    name: 'project member ServiceAccount in a namespace that is no DNS label',
    set: { 'spec.projects[0].members[1]': { kind: 'ServiceAccount', name: 'system:serviceaccount:Tools:ci' } },
    problems: [
      {
        path: 'spec.projects[0].members[1].name',
        message: 'names the namespace "Tools", which is not a DNS label (lowercase letters, digits and "-", at most 63 characters)',
      },
    ],
  },
  {
    name: 'project member User named like a ServiceAccount without namespace and name',
    set: { 'spec.projects[0].members[1]': { kind: 'User', name: 'system:serviceaccount:ci' } },
    problems: [
      {
        path: 'spec.projects[0].members[1].name',
        message:
          '"system:serviceaccount:ci" starts with system:serviceaccount: but names no namespace and name; gardener-apiserver accepts system:serviceaccount:<namespace>:<name>',
      },
    ],
  },
  {
    name: 'project member with a role listed twice',
    set: { 'spec.projects[0].members[0].roles': ['viewer', 'uam', 'viewer'] },
    problems: [{ path: 'spec.projects[0].members[0].roles[2]', message: '"viewer" is listed twice; gardener-apiserver refuses duplicate roles of a member' }],
  },
  {
    name: "runtime service network overlapping the virtual garden's",
    set: { 'spec.runtime.networks.services': '100.70.0.0/20' },
    problems: [
      { path: `${SEED_A}.shootDefaults.services`, message: '100.64.0.0/13 overlaps spec.runtime.networks.services (100.70.0.0/20)' },
      { path: `${SEED_B}.shootDefaults.services`, message: '100.64.0.0/13 overlaps spec.runtime.networks.services (100.70.0.0/20)' },
      {
        path: 'spec.runtime.networks.services',
        message: "100.70.0.0/20 overlaps the virtual garden's service network 100.64.0.0/13, which gardener-operator refuses; choose a range outside it",
      },
    ],
  },
  {
    name: 'backup schedule with four fields',
    set: { 'spec.metalControlPlane.databases.backup.schedule': '*/15 * * *' },
    problems: [
      {
        path: 'spec.metalControlPlane.databases.backup.schedule',
        message:
          'got "*/15 * * *": has 4 fields; expected 5 (minute hour day-of-month month day-of-week); backup-restore-sidecar (robfig/cron/v3) takes five fields or a descriptor, e.g. */15 * * * *, @hourly, @every 1h',
      },
    ],
  },
  {
    name: 'backup schedule with an hour out of range',
    set: { 'spec.metalControlPlane.databases.backup.schedule': '0 25 * * *' },
    problems: [
      {
        path: 'spec.metalControlPlane.databases.backup.schedule',
        message:
          'got "0 25 * * *": hour "25" is outside 0-23; backup-restore-sidecar (robfig/cron/v3) takes five fields or a descriptor, e.g. */15 * * * *, @hourly, @every 1h',
      },
    ],
  },
  {
    name: 'Git URL in scp form behind ssh://',
    set: { 'spec.delivery.repository.url': 'ssh://git@git.example.com:platform/landscape-fra.git' },
    problems: [
      {
        path: 'spec.delivery.repository.url',
        message:
          'got "ssh://git@git.example.com:platform/landscape-fra.git": must be a URL; for an scp-like address (git@host:org/repo.git) write ssh://git@host/org/repo.git',
      },
    ],
  },
  {
    name: 'sops secrets with Argo CD, which cannot decrypt them',
    set: {
      'spec.delivery.engine': 'both',
      'spec.delivery.secrets': { mode: 'sops', ageRecipients: ['age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p'] },
    },
    problems: [
      {
        path: 'spec.delivery.secrets.mode',
        message:
          '"sops" cannot be used with engine both: Argo CD has no built-in SOPS decryption (only Flux kustomize-controller decrypts dist/\'s stubs); use mode external-secrets, or engine flux, or mode manual with a SOPS config management plugin of your own in Argo CD',
      },
    ],
  },
  {
    name: 'delivery path whose ignore rule matches nothing',
    set: { 'spec.delivery.repository.path': './dist' },
    problems: [
      {
        path: 'spec.delivery.repository.path',
        message:
          'got "./dist": must be a plain relative folder path: no ".", ".." or empty segments (the GitRepository ignore rule !/<path>/ would match nothing)',
      },
    ],
  },
  {
    name: 'image override that renders an invalid reference',
    set: { 'spec.versions.overrides': { 'metal-api': { image: 'GHCR.io/Metal-Stack/metal-api:v1' } } },
    problems: [
      {
        path: 'spec.versions.overrides.metal-api.image',
        message:
          'got "GHCR.io/Metal-Stack/metal-api:v1": must be a repository without scheme, tag or digest: [registry[:port]/]path with lowercase path components, e.g. ghcr.io/metal-stack/metal-api',
      },
    ],
  },
  {
    name: 'tag override with a trailing space',
    set: { 'spec.versions.overrides': { 'metal-api': { tag: 'v0.42.0 ' } } },
    problems: [
      {
        path: 'spec.versions.overrides.metal-api.tag',
        message: 'got "v0.42.0 ": must be an image tag: letters, digits, "_", "." and "-", starting with a letter, digit or "_", at most 128 characters',
      },
    ],
  },
  {
    name: 'worker image whose os no OS extension registers',
    modify: (spec) => {
      spec.metalControlPlane.images.push({
        os: 'almalinux',
        version: '9.6.20251001',
        url: 'https://images.metal.example.com/almalinux.tar.lz4',
        features: ['machine'],
      });
      spec.seeds.shooted![0]!.workers[0]!.image = { os: 'almalinux', version: '9.6.20251001' };
    },
    problems: [
      {
        path: `${SEED_A}.workers[0].image.os`,
        message:
          '"almalinux" is not an operating system os-metal registers (debian, ubuntu); gardener-apiserver refuses a Shoot whose worker OS no extension offers: use one of them or add it to spec.extensions.os-metal.values.config.osTypes',
      },
    ],
  },
  {
    name: 'two supported Kubernetes versions of one minor',
    set: { 'spec.cloudProfile.kubernetesVersions[1]': { version: '1.33.4' } },
    problems: [
      {
        path: 'spec.cloudProfile.kubernetesVersions[1].classification',
        message:
          '"1.33.4" is supported, and so is 1.33.5 (spec.cloudProfile.kubernetesVersions[0]); Gardener allows one supported version per minor: classify the others deprecated or preview',
      },
    ],
  },
  {
    name: 'extension values larger than the objects that carry them',
    set: { 'spec.extensions.networking-calico': { values: { blob: 'x'.repeat(600_000) } } },
    problems: [
      {
        path: 'spec.extensions.networking-calico.values',
        message:
          "are 600011 bytes as JSON; at most 524288 fit into the Extension object and the Helm release Secret (1 MiB, Kubernetes' MaxSecretSize): move large data into a ConfigMap or Secret the chart references",
      },
    ],
  },
  // ---- end of server agreement ----
];

/** `{ k: { k: … 'leaf' } }`, `depth` levels deep. */
function nested(depth: number): unknown {
  let value: unknown = 'leaf';
  for (let i = 0; i < depth; i++) value = { k: value };
  return value;
}

/** Both shooted seeds' firewalls join only "internet"; what each reports when it lacks the default route. */
function noDefaultRoute(): Problem[] {
  return [0, 1].map((i) => ({
    path: `spec.seeds.shooted[${i}].firewall.networks`,
    message:
      "none of internet has 0.0.0.0/0 in its destinationPrefixes: metal-networker needs one network with the default route for the firewall's own services (firewall-controller, chrony); join an internet network that routes 0.0.0.0/0",
  }));
}

/** A second partition, fra-equ02, offered in region fra, with its privateSuper network and (if asked) its underlay. */
function addPartition(spec: Spec, { underlay }: { underlay: boolean }): void {
  spec.metalControlPlane.partitions.push({ id: 'fra-equ02' });
  spec.cloudProfile.regions[0]!.zones.push('fra-equ02');
  spec.metalControlPlane.networks.push({ id: 'tenant-super-fra-equ02', kind: 'privateSuper', partition: 'fra-equ02', prefixes: ['10.132.0.0/14'] });
  if (underlay) spec.metalControlPlane.networks.push({ id: 'underlay-fra-equ02', kind: 'underlay', partition: 'fra-equ02', prefixes: ['10.1.2.0/24'] });
}

/** One more shooted seed like the second of the example, with its own name, partition and networks. */
function addSeed(spec: Spec, name: string, partition: string, networks: { pods: string; services: string }): void {
  const template = spec.seeds.shooted![1]!;
  spec.seeds.shooted!.push({ ...structuredClone(template), name, partition, networks });
}

/**
 * Broken landscape files: each case edits the text of landscapes/default.yaml (every `from` occurs
 * exactly once) or replaces it (`text`), and names the exact problems — YAML-level ones among them.
 */
export interface BrokenYaml {
  readonly name: string;
  readonly edits?: readonly (readonly [from: string, to: string])[];
  readonly text?: string;
  readonly problems: readonly Problem[];
}

const MISSING_VECTOR = resolve(import.meta.dirname, '../../../landscapes/missing-release.yaml');

export const yamlCorpus: readonly BrokenYaml[] = [
  {
    name: 'unquoted version YAML read as a number',
    edits: [['    release: v0.22.19\n', '    release: v0.22.19\n    overrides:\n      metal-api:\n        tag: 1.10\n']],
    problems: [{ path: 'spec.versions.overrides.metal-api.tag', message: 'got the number 1.1 (YAML read the unquoted 1.10 as a number): quote it, "1.10"' }],
  },
  {
    name: 'unquoted no where a name is wanted',
    edits: [['  name: fra\n', '  name: no\n']],
    problems: [{ path: 'metadata.name', message: 'got the boolean false (YAML read the unquoted no as a boolean): quote it, "no"' }],
  },
  {
    name: 'unquoted octal-looking tag',
    edits: [['    release: v0.22.19\n', '    release: v0.22.19\n    overrides:\n      metal-api:\n        tag: 0755\n']],
    problems: [
      {
        path: 'spec.versions.overrides.metal-api.tag',
        message: 'got the number 755 (YAML read the unquoted 0755 as a number; YAML 1.1 readers read it as octal 493): quote it, "0755"',
      },
    ],
  },
  {
    name: 'number with a leading zero that YAML 1.1 reads as octal',
    edits: [['minimum: 3, maximum: 9 }', 'minimum: 3, maximum: 010 }']],
    problems: [
      {
        path: 'spec.seeds.shooted[1].workers[0].maximum',
        message: 'the unquoted 010 is 10 in YAML 1.2 (as read here) but octal 8 in YAML 1.1 readers such as Helm; write 10, or 0o10 for octal',
      },
    ],
  },
  {
    name: 'duplicate key names both lines',
    edits: [['    apiServerURL: https://203.0.113.10\n', '    apiServerURL: https://203.0.113.10\n    apiServerURL: https://203.0.113.11\n']],
    problems: [
      { path: 'spec.runtime.apiServerURL', message: 'duplicate key "apiServerURL" at line 21 and line 22; YAML keeps only the last value: remove one' },
    ],
  },
  {
    name: 'several documents in one file',
    edits: [['roles: [viewer] }\n', 'roles: [viewer] }\n---\nkind: Other\n---\nkind: Another\n']],
    problems: [
      {
        path: '(file)',
        message:
          'holds 3 YAML documents (the second starts at line 90); a landscape is one document: remove the --- before line 90 or move the rest to a file of its own',
      },
    ],
  },
  {
    name: 'merge key',
    edits: [['  name: fra\n', '  <<: { name: fra }\n']],
    problems: [
      {
        path: 'metadata',
        message: 'merge key << (line 7) is not allowed in a landscape: YAML 1.2 has no merge keys and readers disagree on them; write the fields out',
      },
      { path: 'metadata.name', message: 'is required (expected string)' },
    ],
  },
  {
    name: 'alias of an anchored value',
    edits: [
      ['secretRef: landscape-git-credentials', 'secretRef: &creds landscape-git-credentials'],
      ['secretRef: clouddns-credentials', 'secretRef: *creds'],
    ],
    problems: [
      {
        path: 'spec.runtime.dns.secretRef',
        message: 'alias *creds repeats the value anchored as &creds at line 12; a landscape writes every value where it applies: copy it here',
      },
    ],
  },
  {
    name: 'document that is a list',
    text: '- apiVersion: metal-garden.metal-stack.io/v1alpha1\n',
    problems: [{ path: '(root)', message: 'got [{"apiVersion":"metal-garden.metal-stack.io/v1alpha1"}]: expected object' }],
  },
  {
    name: 'unknown top-level field',
    edits: [['kind: Landscape\n', 'kind: Landscape\nstatus: {}\n']],
    problems: [{ path: '(root)', message: 'unknown field "status"; accepted: apiVersion, kind, metadata, spec' }],
  },
  {
    name: 'empty file',
    text: '# nothing yet\n',
    problems: [{ path: '(root)', message: 'the file holds no YAML document; expected a Landscape (apiVersion, kind, metadata, spec)' }],
  },
  {
    name: 'long value with control characters is cut',
    edits: [['    release: v0.22.19\n', `    release: "v0.22.19\\0\\a${'x'.repeat(200)}"\n`]],
    problems: [
      {
        path: 'spec.versions.release',
        message: `got "v0.22.19\\u0000\\u0007${'x'.repeat(58)}…: expected a metal-stack release such as "v0.22.19"`,
      },
    ],
  },
  {
    name: 'YAML syntax error stops with line and column',
    edits: [['kind: Landscape\n', 'kind: [Landscape\n']],
    problems: [
      {
        path: '(file)',
        message:
          'YAML syntax error at line 6, column 1: Flow sequence in block collection must be sufficiently indented and end with a ]; nothing else was checked',
      },
    ],
  },
  {
    name: 'unreadable release vector and a schema problem',
    edits: [
      ['    release: v0.22.19\n', '    releaseVector: missing-release.yaml\n'],
      ['  name: fra\n', '  name: Fra\n'],
    ],
    problems: [
      { path: 'metadata.name', message: 'got "Fra": must be a DNS label: lowercase letters, digits and "-", starting and ending alphanumeric' },
      {
        path: 'spec.versions.releaseVector',
        message: `cannot read "missing-release.yaml" (${MISSING_VECTOR}): ENOENT; give a path relative to the landscape file, or use spec.versions.release (vendored: ${vendoredReleases().join(', ')})`,
      },
    ],
  },
];
