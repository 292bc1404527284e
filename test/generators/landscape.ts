// Valid-looking landscapes with real variety, for tests that hold the validation against the
// consumers (issue 8, part 2: test/integration/server-agreement.test.ts). Unlike the fuzzer's
// mutations (test/fuzz/), which break a landscape, these are built whole and consistent: names are
// unique, references resolve, networks are allocated without overlap, versions come from what the
// release vector's Gardener supports. Values lean toward the limits consumers enforce (names and
// domains at their maximum length, int32 boundaries, short and long maintenance windows, zero
// quantities, small and large network prefixes), because that is where validation and servers
// disagree. Some generated landscapes are refused by the validation; that is expected and counted.
import { fc } from '@fast-check/vitest';
import type { LandscapeInput } from '../../charts/landscape/schema/landscape.js';

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';
const ALNUM = `${LETTERS}0123456789`;
const INT32_MAX = 2 ** 31 - 1;

/** A length in [min, max], often exactly min or max. */
const lengthIn = (min: number, max: number): fc.Arbitrary<number> =>
  fc.oneof({ weight: 2, arbitrary: fc.constant(max) }, { weight: 1, arbitrary: fc.constant(min) }, { weight: 4, arbitrary: fc.integer({ min, max }) });

/**
 * Pieces labels are made of: words and short numbers, as people name partitions, pools and domains.
 * Random characters would be realistic for no one, and the secret-value check rightly takes a long
 * random lowercase string for a token.
 */
const WORDS = ['metal', 'fra', 'equ', 'seed', 'pool', 'prod', 'stage', 'node', 'x86', 'gpu', 'large', 'zone', 'rack', 'edge', 'core', 'db', '01', 'west'];

/** An RFC 1123 label of `min`..`max` characters, sometimes with single hyphens inside, sometimes starting with a digit. */
export function label(min: number, max: number): fc.Arbitrary<string> {
  return fc
    .record({
      length: lengthIn(min, max),
      words: fc.array(fc.constantFrom(...WORDS), { minLength: Math.ceil(max / 2) + 1, maxLength: Math.ceil(max / 2) + 1 }),
      first: fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...LETTERS) }, { weight: 1, arbitrary: fc.constantFrom(...'0123456789') }),
      hyphens: fc.array(fc.nat(), { maxLength: 3 }),
    })
    .map(({ length, words, first, hyphens }) => {
      const out = words.join('').slice(0, length).split('');
      out[0] = first;
      // inside only, never two in a row ("--" is a separator Gardener reserves; the validation says so)
      for (const h of hyphens) if (length > 2) out[1 + (h % (length - 2))] = '-';
      return out.join('').replace(/-{2,}/g, '-');
    });
}

/** A DNS name: 1..5 labels of up to 63 characters and a top-level label of letters; sometimes near 253 characters. */
export function domain(): fc.Arbitrary<string> {
  return fc
    .record({
      labels: fc.array(label(1, 63), { minLength: 1, maxLength: 5 }),
      tld: fc.constantFrom('com', 'net', 'io', 'example', 'cloud'),
      budget: fc.oneof(fc.constant(253), fc.integer({ min: 12, max: 253 }), fc.constant(64)),
    })
    .map(({ labels, tld, budget }) => {
      const parts: string[] = [];
      let length = tld.length;
      for (const l of labels) {
        if (length + l.length + 1 > budget) break;
        parts.push(l);
        length += l.length + 1;
      }
      return [...(parts.length > 0 ? parts : ['x']), tld].join('.');
    });
}

// ---- networks: aligned blocks handed out from the private ranges without overlap ----

interface Block {
  readonly base: number;
  readonly prefix: number;
}

const ip = (n: number): string => `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
const cidrOf = (b: Block): string => `${ip(b.base)}/${b.prefix}`;

/** Hands out blocks of the requested prefixes from 10/8, 172.16/12, 100.64/10 and 192.168/16, starting at a random offset. */
class Allocator {
  private readonly ranges: { cursor: number; end: number }[];

  public constructor(start: number) {
    const range = (base: number, prefix: number) => ({ cursor: base, end: base + 2 ** (32 - prefix) });
    // 32.0.0.0/3 last: public space is unusual for cluster networks but valid, and it keeps large prefixes allocatable.
    this.ranges = [range(0x0a000000, 8), range(0xac100000, 12), range(0x64400000, 10), range(0xc0a80000, 16), range(0x20000000, 3)];
    const first = this.ranges[0]!;
    first.cursor += (start % 64) * 2 ** 18;
  }

  public take(prefix: number): string {
    const size = 2 ** (32 - prefix);
    for (const range of this.ranges) {
      const base = Math.ceil(range.cursor / size) * size;
      if (base + size <= range.end) {
        range.cursor = base + size;
        return cidrOf({ base, prefix });
      }
    }
    throw new Error(`generator: no room left for a /${prefix}`);
  }
}

const prefixIn = (typical: number, min: number, max: number): fc.Arbitrary<number> =>
  fc.oneof(
    { weight: 4, arbitrary: fc.constant(typical) },
    { weight: 1, arbitrary: fc.constant(min) },
    { weight: 1, arbitrary: fc.constant(max) },
    { weight: 2, arbitrary: fc.integer({ min, max }) },
  );

// ---- values pushed toward the consumers' limits ----

/**
 * Usually `typical`, now and then `edge`. Edges are rare per value because a landscape draws many
 * values: most landscapes should pass the validation, so that the servers see them.
 */
const rarely = <T>(typical: fc.Arbitrary<T>, edge: fc.Arbitrary<T>, odds = 40): fc.Arbitrary<T> =>
  fc.oneof({ weight: odds, arbitrary: typical }, { weight: 1, arbitrary: edge });

/** Non-negative integers: small ones, and the int32 boundary on both sides. */
const count = (max = 12): fc.Arbitrary<number> => rarely(fc.integer({ min: 0, max }), fc.constantFrom(INT32_MAX, INT32_MAX + 1, 2 ** 40));

const quantity = (): fc.Arbitrary<string> =>
  fc
    .tuple(rarely(fc.integer({ min: 1, max: 4096 }), fc.constantFrom(0, 999999999999), 15), fc.constantFrom('Ki', 'Mi', 'Gi', 'Ti'))
    .map(([n, unit]) => `${n}${unit}`);

const time = (): fc.Arbitrary<{ seconds: number; zone: string }> =>
  fc.record({
    seconds: fc.oneof(fc.integer({ min: 0, max: 86399 }), fc.constantFrom(0, 82800)).map((s) => s - (s % 60)),
    zone: rarely(fc.constantFrom('+0000', '+0100', '+0200', '-0500', '+1400', '-1200'), fc.constantFrom('+0530', '+2400', '+2500', '+0199'), 30),
  });

const hhmmss = (seconds: number, zone: string): string =>
  `${String(Math.floor(seconds / 3600)).padStart(2, '0')}${String(Math.floor(seconds / 60) % 60).padStart(2, '0')}00${zone}`;

/** Maintenance windows around Gardener's bounds (30 minutes to 6 hours) and some arbitrary ones. */
const timeWindow = (): fc.Arbitrary<{ begin: string; end: string }> =>
  fc
    .record({
      begin: time(),
      minutes: rarely(
        fc.oneof(fc.constantFrom(30, 60, 360), fc.integer({ min: 30, max: 360 })),
        fc.oneof(fc.constantFrom(0, 15, 29, 361, 720), fc.integer({ min: 0, max: 1439 })),
        10,
      ),
    })
    .map(({ begin, minutes }) => ({ begin: hhmmss(begin.seconds, begin.zone), end: hhmmss((begin.seconds + minutes * 60) % 86400, begin.zone) }));

/** Kubernetes versions of the minors Gardener v1.138 supports; patch numbers small and large. */
const kubernetesVersion = (): fc.Arbitrary<string> =>
  fc
    .tuple(fc.constantFrom(30, 31, 32, 33, 34, 35), fc.oneof(fc.integer({ min: 0, max: 20 }), fc.constant(99999)))
    .map(([minor, patch]) => `1.${minor}.${patch}`);

const semverOf = (): fc.Arbitrary<string> =>
  fc
    .tuple(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 20 }), fc.oneof(fc.integer({ min: 0, max: 99 }), fc.constant(20251001)))
    .map(([a, b, c]) => `${a}.${b}.${c}`);

/** Free text as Gardener takes it on a Project (letters, digits, spaces, . , : - _), sometimes long. */
const freeText = (): fc.Arbitrary<string> =>
  fc.oneof(
    fc.constant(''),
    fc.array(fc.constantFrom(...`${ALNUM}ABCXYZäöü .,:-_`), { minLength: 1, maxLength: 80 }).map((c) => c.join('')),
    fc.constant('x'.repeat(2000)),
  );

const url = (host: fc.Arbitrary<string>): fc.Arbitrary<string> =>
  fc
    .tuple(fc.constantFrom('https://', 'http://'), host, fc.array(label(1, 40), { maxLength: 6 }))
    .map(([scheme, h, path]) => `${scheme}${h}/${path.join('/')}`);

const subject = (projectNamespaces: string[]): fc.Arbitrary<{ kind: 'User' | 'Group' | 'ServiceAccount'; name: string }> =>
  fc
    .oneof(
      fc.record({ kind: fc.constant('User' as const), name: fc.tuple(label(1, 40), domain()).map(([u, d]) => `${u}@${d}`) }),
      fc.record({ kind: fc.constant('Group' as const), name: label(1, 63) }),
      fc.record({ kind: fc.constant('ServiceAccount' as const), name: label(1, 63) }),
      fc.record({
        kind: fc.constant('ServiceAccount' as const),
        name: fc.tuple(fc.constantFrom('garden', ...projectNamespaces), label(1, 63)).map(([ns, n]) => `system:serviceaccount:${ns}:${n}`),
      }),
    )
    .chain((typical) =>
      rarely(
        fc.constant(typical),
        fc.record({
          kind: fc.constantFrom('User' as const, 'Group' as const),
          name: fc.constantFrom('Jane Doe', 'ops:admins', 'system:serviceaccount:garden'),
        }),
        30,
      ),
    );

const ROLES = ['admin', 'viewer', 'uam', 'serviceaccountmanager'] as const;

// ---- the landscape ----

interface Shape {
  readonly name: string;
  readonly partitions: string[];
  readonly seeds: string[];
  readonly projects: string[];
  readonly workers: string[][];
  readonly machineOses: string[];
  readonly sizes: string[];
  readonly imageVersions: string[];
  readonly allocatorStart: number;
}

/** Names first (unique per kind), then everything that refers to them. */
const shape: fc.Arbitrary<Shape> = fc.record({
  name: label(1, 20),
  partitions: fc.uniqueArray(label(1, 40), { minLength: 1, maxLength: 3 }),
  seeds: fc.uniqueArray(label(1, 15), { maxLength: 3 }).map((names) => names.filter((n) => n !== 'soil')),
  projects: fc.uniqueArray(label(1, 10), { maxLength: 3 }).map((names) => names.filter((n) => n !== 'garden')),
  workers: fc.array(fc.uniqueArray(label(1, 15), { minLength: 1, maxLength: 3 }), { minLength: 3, maxLength: 3 }),
  // os-metal registers ubuntu and debian; another os is a Shoot gardener-apiserver refuses
  machineOses: fc.uniqueArray(rarely(fc.constantFrom('ubuntu', 'debian'), fc.oneof(fc.constant('almalinux'), label(1, 30)), 15), {
    minLength: 1,
    maxLength: 2,
  }),
  sizes: fc.uniqueArray(label(1, 40), { minLength: 2, maxLength: 3 }),
  imageVersions: fc.array(semverOf(), { minLength: 2, maxLength: 2 }),
  allocatorStart: fc.nat(),
});

const backup = (): fc.Arbitrary<Record<string, string>> =>
  fc.record({ provider: fc.constant('gcp'), bucketName: label(3, 63), region: fc.constantFrom('europe-west3', 'us-central1'), secretRef: label(1, 63) });

const worker = (name: string, sizes: string[], oses: string[], versions: string[]) =>
  fc
    .record({
      machineType: fc.constantFrom(...sizes),
      os: fc.nat({ max: oses.length - 1 }),
      minimum: count(),
      extra: count(),
      maxSurge: rarely(fc.integer({ min: 1, max: 5 }), fc.constantFrom(0, INT32_MAX, INT32_MAX + 1)),
    })
    .map(({ machineType, os, minimum, extra, maxSurge }) => ({
      name,
      machineType,
      image: { os: oses[os]!, version: versions[os]! },
      minimum,
      maximum: Math.max(1, minimum + extra),
      maxSurge,
    }));

/** One generated landscape document, as a user would write it (defaults left out where the generator does not vary them). */
export function landscape(): fc.Arbitrary<LandscapeInput> {
  return shape.chain((s) => {
    const alloc = new Allocator(s.allocatorStart);
    const versions = s.machineOses.map((_, i) => s.imageVersions[i]!);
    const [firewallSize, ...machineSizes] = s.sizes as [string, ...string[]];
    const projectNamespaces = s.projects.map((p) => `garden-${p}`);
    return fc
      .record({
        repository: fc.oneof(
          domain().map((d) => `https://${d}/platform/landscape.git`),
          domain().map((d) => `ssh://git@${d}/platform/landscape.git`),
          domain().map((d) => `ssh://git@${d}:2222/platform/landscape.git`),
        ),
        provider: rarely(fc.constantFrom('gcp', 'metalstack-cloud'), fc.constant('other'), 30),
        ingressDomain: domain(),
        apiDomain: domain(),
        gardenDomain: domain(),
        soilIngress: fc.option(domain(), { nil: undefined }),
        prefixes: fc.record({
          nodes: prefixIn(20, 16, 28),
          pods: prefixIn(14, 8, 24),
          services: prefixIn(20, 12, 28),
          shootPods: prefixIn(13, 10, 20),
          shootServices: prefixIn(13, 12, 24),
          privateSuper: prefixIn(14, 12, 20),
        }),
        privateNetworkPrefixLength: fc.oneof(fc.constant(22), fc.integer({ min: 21, max: 29 })),
        vrf: fc.oneof(fc.integer({ min: 1, max: 131072 }), fc.constant(131072)),
        cores: fc.array(fc.oneof(fc.integer({ min: 1, max: 128 }), fc.constant(INT32_MAX + 1)), { minLength: 3, maxLength: 3 }),
        memory: fc.array(quantity(), { minLength: 3, maxLength: 3 }),
        storage: fc.array(quantity(), { minLength: 3, maxLength: 3 }),
        gpus: fc.array(count(8), { minLength: 3, maxLength: 3 }),
        storageClass: rarely(fc.constantFrom('standard', 'premium-rwo', 'csi-lvm', 'ssd.example.com'), fc.constantFrom('Fast_SSD', 'x'.repeat(254)), 15),
        storageSize: quantity(),
        schedule: fc.constantFrom('*/15 * * * *', '0 */2 * * *', '@hourly', '5 4 * * sun'),
        replicas: count(5).map((n) => Math.max(1, n)),
        kubernetes: fc.uniqueArray(kubernetesVersion(), { minLength: 1, maxLength: 4 }),
        classifications: fc.array(fc.constantFrom('supported', 'preview', 'deprecated', 'deprecated'), { minLength: 4, maxLength: 4 }),
        virtualVersion: kubernetesVersion(),
        ha: fc.boolean(),
        maintenance: timeWindow(),
        autoUpdate: fc.record({ kubernetesVersion: fc.boolean(), machineImageVersion: fc.boolean() }),
        networking: fc.constantFrom('calico', 'cilium', 'both'),
        extensionValues: fc.oneof(
          { weight: 5, arbitrary: fc.constant({}) },
          { weight: 1, arbitrary: fc.dictionary(label(1, 20), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 4 }) },
        ),
        gardenBackup: backup(),
        soilBackup: backup(),
        regions: fc.nat({ max: 1 }),
        controllerVersions: fc.uniqueArray(
          fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 0, max: 12 }), fc.integer({ min: 0, max: 20 })).map(([a, b, c]) => `v${a}.${b}.${c}`),
          { minLength: 1, maxLength: 2 },
        ),
        controllerUrl: url(domain()),
        // metal-hammer installs lz4-compressed images only (the validation says so): the path ends in .tar.lz4.
        imageUrl: url(domain()).map((u) => `${u.replace(/\/$/, '')}/img.tar.lz4`),
        seedDetails: fc.array(
          fc.record({ partition: fc.nat(), kubernetes: fc.option(fc.nat(), { nil: undefined }), ha: fc.boolean(), sharedDefaults: fc.boolean() }),
          { minLength: 3, maxLength: 3 },
        ),
        workers: fc.tuple(...s.workers.map((names) => fc.tuple(...names.map((n) => worker(n, machineSizes, s.machineOses, versions))))),
        projects: fc.tuple(
          ...s.projects.map(() =>
            fc.record({
              description: freeText(),
              purpose: freeText(),
              owner: subject(projectNamespaces),
              members: fc.array(
                fc.record({
                  subject: subject(projectNamespaces),
                  roles: rarely(
                    fc.uniqueArray(fc.constantFrom(...ROLES), { minLength: 1, maxLength: 3 }),
                    fc.constant<(typeof ROLES)[number][]>(['viewer', 'viewer']),
                    30,
                  ),
                }),
                { maxLength: 4 },
              ),
            }),
          ),
        ),
        apiServerURL: fc.oneof(
          fc.constant('https://203.0.113.10'),
          domain().map((d) => `https://${d}:6443`),
        ),
        interval: fc.constantFrom('30s', '10m', '1h', '99999h'),
      })
      .map((v): LandscapeInput => {
        const seedPartition = (i: number) => s.partitions[(v.seedDetails[i]?.partition ?? 0) % s.partitions.length]!;
        const runtime = { nodes: alloc.take(v.prefixes.nodes), pods: alloc.take(v.prefixes.pods), services: alloc.take(v.prefixes.services) };
        const soilDefaults = { pods: alloc.take(v.prefixes.shootPods), services: alloc.take(v.prefixes.shootServices) };
        const privateSuper = s.partitions.map(() => alloc.take(v.prefixes.privateSuper));
        const underlay = s.partitions.map(() => alloc.take(24));
        const firstSeedDefaults = { pods: alloc.take(v.prefixes.shootPods), services: alloc.take(v.prefixes.shootServices) };
        const offered = v.kubernetes.map((version, i) => ({ version, classification: v.classifications[i] as 'supported' }));
        const firewallImage = `firewall-ubuntu-3.0.20251001`;
        const zones = s.partitions;
        const regions =
          v.regions === 1 && zones.length > 1
            ? [
                { name: 'region-a', zones: zones.slice(0, 1) },
                { name: 'region-b', zones: zones.slice(1) },
              ]
            : [{ name: 'region-a', zones }];
        return {
          apiVersion: 'metal-garden.metal-stack.io/v1alpha1',
          kind: 'Landscape',
          metadata: { name: s.name },
          spec: {
            delivery: { interval: v.interval, repository: { url: v.repository, secretRef: 'landscape-git-credentials' } },
            versions: { release: 'v0.22.19' },
            runtime: {
              provider: { type: v.provider, region: 'europe-west3' },
              networks: runtime,
              ingress: { domain: v.ingressDomain },
              dns: { type: 'google-clouddns', secretRef: 'clouddns-credentials' },
              apiServerURL: v.apiServerURL,
            },
            prerequisites: { ingressNginx: { replicas: v.replicas } },
            metalControlPlane: {
              apiDomain: v.apiDomain,
              partitions: s.partitions.map((id) => ({ id, privateNetworkPrefixLength: Math.max(v.privateNetworkPrefixLength, v.prefixes.privateSuper + 2) })),
              images: [
                ...s.machineOses.map((os, i) => ({ os, version: versions[i]!, url: v.imageUrl, features: ['machine' as const] })),
                { os: 'firewall-ubuntu', version: '3.0.20251001', url: v.imageUrl, features: ['firewall' as const] },
              ],
              sizes: s.sizes.map((id, i) => ({
                id,
                purpose: id === firewallSize ? ('firewall' as const) : ('machine' as const),
                cores: v.cores[i]!,
                memory: v.memory[i]!,
                storage: v.storage[i]!,
                gpus: v.gpus[i]!,
              })),
              networks: [
                { id: 'internet', kind: 'internet', prefixes: ['185.1.2.0/24'], destinationPrefixes: ['0.0.0.0/0'], vrf: v.vrf, nat: true },
                ...s.partitions.flatMap((p, i) => [
                  { id: `underlay-${i}`, kind: 'underlay' as const, partition: p, prefixes: [underlay[i]!] },
                  { id: `tenant-super-${i}`, kind: 'privateSuper' as const, partition: p, prefixes: [privateSuper[i]!] },
                ]),
              ],
              databases: {
                storageClass: v.storageClass,
                storageSize: v.storageSize,
                backup: { bucketName: v.soilBackup.bucketName!, region: 'europe-west3', secretRef: 'metal-db-backup-credentials', schedule: v.schedule },
              },
            },
            garden: {
              virtualCluster: {
                domain: v.gardenDomain,
                kubernetesVersion: v.virtualVersion,
                highAvailability: v.ha,
                etcd: { backup: v.gardenBackup as never },
              },
              maintenance: { timeWindow: v.maintenance, autoUpdate: v.autoUpdate },
            },
            extensions: {
              'networking-calico': { enabled: v.networking !== 'cilium', values: v.extensionValues },
              'networking-cilium': { enabled: v.networking !== 'calico' },
            },
            cloudProfile: {
              regions,
              kubernetesVersions: offered,
              firewall: {
                images: [firewallImage],
                sizes: [firewallSize],
                controllerVersions: v.controllerVersions.map((version) => ({ version, url: v.controllerUrl })),
              },
            },
            seeds: {
              soil: { ...(v.soilIngress ? { ingressDomain: v.soilIngress } : {}), backup: v.soilBackup as never, shootDefaults: soilDefaults },
              shooted: s.seeds.map((name, i) => {
                const details = v.seedDetails[i]!;
                return {
                  name,
                  partition: seedPartition(i),
                  ...(details.kubernetes === undefined ? {} : { kubernetesVersion: v.kubernetes[details.kubernetes % v.kubernetes.length] }),
                  networks: { pods: alloc.take(v.prefixes.shootPods + 2), services: alloc.take(Math.min(28, v.prefixes.shootServices + 2)) },
                  shootDefaults: details.sharedDefaults
                    ? firstSeedDefaults
                    : { pods: alloc.take(v.prefixes.shootPods), services: alloc.take(v.prefixes.shootServices) },
                  workers: v.workers[i] ?? [],
                  firewall: { image: firewallImage, size: firewallSize },
                  highAvailability: details.ha,
                };
              }),
            },
            projects: s.projects.map((name, i) => {
              const p = v.projects[i]!;
              return {
                name,
                description: p.description,
                purpose: p.purpose,
                owner: p.owner,
                members: p.members.map((m) => ({ ...m.subject, roles: m.roles })),
              };
            }),
          },
        };
      });
  });
}
